//! The MetaSpatial commands end to end: `dataset`, `refine`, `rollout` and `serve` (with the
//! trainer example's Python reward function calling the real server), and their bad input.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn relayout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relayout"))
        .args(args)
        .env_remove("RELAYOUT_API_KEY")
        .env_remove("OPENAI_API_KEY")
        .output()
        .expect("run relayout")
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const DESCRIPTIONS: &str = r#"[
  {"description": "A serene bedroom with a large king-sized bed and a reading corner.", "size": {"x": 4, "y": 5, "z": 2.8}},
  {"description": "A spacious kitchen with gleaming white countertops.", "size": {"x": 5, "y": 6, "z": 3}},
  {"description": "A modern office space with sleek desks and ergonomic chairs.", "size": {"x": 6, "y": 5, "z": 3}}
]"#;

fn dataset(dir: &Path) -> std::path::PathBuf {
    let src = dir.join("descriptions.json");
    std::fs::write(&src, DESCRIPTIONS).unwrap();
    let dst = dir.join("prompts.jsonl");
    let o = relayout(&[
        "dataset",
        src.to_str().unwrap(),
        "-o",
        dst.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", out(&o));
    dst
}

#[test]
fn dataset_then_rollout_writes_groups_with_centred_advantages() {
    let dir = tempfile::tempdir().unwrap();
    let prompts = dataset(dir.path());
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&prompts)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["room_type"], "bedroom");
    let prompt = lines[0]["prompt"].as_str().unwrap();
    assert!(
        prompt.contains("A serene bedroom") && prompt.contains("<answer>"),
        "{prompt}"
    );

    let rollouts = dir.path().join("rollouts.jsonl");
    let o = relayout(&[
        "rollout",
        prompts.to_str().unwrap(),
        "--group",
        "4",
        "--turns",
        "2",
        "-o",
        rollouts.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(
        out(&o).contains("12 rollouts (3 prompts × 4, 2 turn(s) each)"),
        "{}",
        out(&o)
    );
    let recs: Vec<serde_json::Value> = std::fs::read_to_string(&rollouts)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 12);
    for id in ["ms-00000", "ms-00001", "ms-00002"] {
        let g: Vec<&serde_json::Value> = recs.iter().filter(|r| r["prompt_id"] == id).collect();
        assert_eq!(g.len(), 4, "{id}");
        let sum: f64 = g.iter().map(|r| r["advantage"].as_f64().unwrap()).sum();
        assert!(sum.abs() < 1e-9, "{id}: {sum}");
        assert_eq!(g[0]["turns"].as_array().unwrap().len(), 2);
        assert_eq!(g[0]["schema"], "relayout.rollout/1");
    }
}

#[test]
fn refine_prints_turns_and_writes_the_trajectory_and_the_best_scene() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("trajectory.json");
    let best = dir.path().join("best.json");
    let o = relayout(&[
        "refine",
        "bench/scenes/bedroom.json",
        "--turns",
        "3",
        "-o",
        t.to_str().unwrap(),
        "--best",
        best.to_str().unwrap(),
    ]);
    let text = out(&o);
    assert!(o.status.success(), "{text}");
    assert!(
        text.contains("trajectory reward (discounted mean, γ = 0.9)"),
        "{text}"
    );
    assert!(
        text.contains("note: render: off, no judge configured"),
        "{text}"
    );
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&t).unwrap()).unwrap();
    assert_eq!(v["schema"], "relayout.refine/1");
    assert_eq!(v["turns"].as_array().unwrap().len(), 3);
    let scene = std::fs::read_to_string(&best).unwrap();
    relayout_core::scene::parse_scene(&scene).expect("the best turn's scene is valid");
}

#[test]
fn bad_input_exits_2_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\": \"a\", \"scene\": {\"schema\": \"relayout.scene/1\"}}\n",
    )
    .unwrap();
    let o = relayout(&["rollout", bad.to_str().unwrap(), "-o", "/dev/null"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(
        out(&o).contains("bad.jsonl:1: the scene is not valid"),
        "{}",
        out(&o)
    );

    let o = relayout(&["refine", "bench/scenes/bedroom.json", "--turns", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).contains("--turns 0"), "{}", out(&o));

    let o = relayout(&["refine", "bench/scenes/bedroom.json", "--policy", "openai"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).to_lowercase().contains("model"), "{}", out(&o));

    let desc = dir.path().join("d.json");
    std::fs::write(
        &desc,
        r#"[{"description": "a room", "size": {"x": -2, "y": 3}}]"#,
    )
    .unwrap();
    let o = relayout(&["dataset", desc.to_str().unwrap(), "-o", "/dev/null"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).contains("[0].size.x"), "{}", out(&o));
}

#[test]
fn dataset_without_a_file_draws_from_metaspatials_descriptions() {
    let dir = tempfile::tempdir().unwrap();
    let dst = dir.path().join("prompts.jsonl");
    let o = relayout(&["dataset", "--count", "5", "-o", dst.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&dst)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    // Drawn from the 9,744 built-in rooms: ids index into that file.
    for l in &lines {
        let id = l["id"].as_str().unwrap();
        let n: usize = id.trim_start_matches("ms-").parse().unwrap();
        assert!(n < 9744, "{id}");
        assert!(l["prompt"].as_str().unwrap().contains("<answer>"));
    }
}

/// The server as a user starts it, and the trainer example's reward function calling it.
#[test]
fn serve_answers_the_trainer_examples_reward_function() {
    let (mut server, url) = start_server();
    let python = Command::new("python3")
        .args(["examples/trainer/relayout_reward.py", "--selftest"])
        .env("RELAYOUT_REWARD_URL", &url)
        .output();
    let _ = server.kill();
    let _ = server.wait();
    match python {
        Ok(o) => assert!(o.status.success(), "{}", out(&o)),
        Err(e) => panic!("python3 could not run ({e}): scripts/test.sh installs it"),
    }
}

#[test]
fn serve_refuses_time_limits_and_connection_bounds_out_of_range() {
    for (flag, value) in [
        ("--header-timeout-s", "0"),
        ("--body-timeout-s", "7200"),
        ("--max-connections", "0"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_relayout"))
            .args(["serve", "--port", "0", flag, value])
            .output()
            .expect("run relayout");
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag), "{flag}: {err}");
    }
}

/// A `relayout serve` on a free port, and its URL.
fn start_server() -> (std::process::Child, String) {
    let mut serve = Command::new(env!("CARGO_BIN_EXE_relayout"));
    serve.args(["serve", "--port", "0", "--workers", "1"]);
    start_printing_url(serve)
}

/// How many items a server has scored (its `/health`).
fn scored_items(url: &str) -> u64 {
    let (_, v) = http(&format!("{url}/health"), "GET", None);
    v["scored_items"]
        .as_u64()
        .unwrap_or_else(|| panic!("no scored_items in {v}"))
}

#[test]
fn the_trainer_example_spreads_a_batch_over_a_pool_and_fails_over() {
    let (mut a, url_a) = start_server();
    let (mut b, url_b) = start_server();
    // A server that is not there, first in the list: its share goes to the others.
    let pool = format!("http://127.0.0.1:9,{url_a},{url_b}");
    let python = Command::new("python3")
        .args(["examples/trainer/relayout_reward.py", "--selftest"])
        .env("RELAYOUT_REWARD_URL", &pool)
        .output();
    let (na, nb) = (scored_items(&url_a), scored_items(&url_b));
    for s in [&mut a, &mut b] {
        let _ = s.kill();
        let _ = s.wait();
    }
    match python {
        Ok(o) => assert!(o.status.success(), "{}", out(&o)),
        Err(e) => panic!("python3 could not run ({e}): scripts/test.sh installs it"),
    }
    // The self-test scores five answers (one, a batch of three, one): both live servers took
    // some, and every answer was scored once.
    assert!(na > 0 && nb > 0, "not spread: {na} and {nb}");
    assert_eq!(na + nb, 5);
}

/// A child printing its URL on its first line, and that URL.
fn start_printing_url(mut cmd: Command) -> (std::process::Child, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the server");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .trim_end_matches(['/', '.', ';'])
        .to_string();
    (child, url)
}

/// One HTTP request over a plain socket: the status and the JSON body.
fn http(url: &str, method: &str, body: Option<&serde_json::Value>) -> (u16, serde_json::Value) {
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (addr, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(a, p)| (a, format!("/{p}")));
    let mut c = std::net::TcpStream::connect(addr).expect("connect");
    let data = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        c,
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{data}",
        data.len()
    )
    .unwrap();
    let mut text = String::new();
    c.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
    (
        status,
        serde_json::from_str(body).unwrap_or(serde_json::Value::Null),
    )
}

/// The render term as a trainer gets it: `relayout serve --judge` renders each layout that asks
/// on its warm render pool and has the judge (a stand-in server) grade the three views.
#[test]
fn serve_with_a_judge_renders_and_grades_the_layouts_that_ask() {
    let mut judge_cmd = Command::new("python3");
    judge_cmd.args([
        "examples/trainer/mock_judge.py",
        "--port",
        "0",
        "--grade",
        "6",
    ]);
    let (mut judge, judge_url) = start_printing_url(judge_cmd);
    let runtime = tempfile::tempdir().unwrap();
    let mut serve = Command::new(env!("CARGO_BIN_EXE_relayout"));
    serve
        .args([
            "serve",
            "--port",
            "0",
            "--workers",
            "1",
            "--judge",
            "--judge-model",
            "mock",
        ])
        .args([
            "--judge-base-url",
            &judge_url,
            "--render-size",
            "64",
            "--render-workers",
            "1",
        ])
        .env("XDG_RUNTIME_DIR", runtime.path())
        .env_remove("DISPLAY")
        .env_remove("RELAYOUT_JUDGE_API_KEY")
        .env_remove("OPENAI_API_KEY");
    let (mut server, url) = start_printing_url(serve);
    let scene = serde_json::json!({
        "schema": "relayout.scene/1", "instruction": "a desk and a bed",
        "room": {"width": 4, "depth": 4, "height": 2.7,
                 "openings": [{"kind": "door", "wall": "B", "offset": 3.0, "width": 0.9}]},
        "objects": [{"id": "bed-0", "category": "bed", "size": [1.6, 2.0, 0.5]},
                    {"id": "desk-0", "category": "desk", "size": [1.2, 0.6, 0.75]}]
    });
    let clean = r#"[{"id":"bed-0","x":2,"y":3,"z":0,"rz":180},{"id":"desk-0","x":0.7,"y":0.5,"z":0,"rz":0}]"#;
    let moved = clean.replace("\"x\":0.7", "\"x\":1.1");
    let batch = serde_json::json!({"items": [
        {"id": 0, "scene": scene, "answer": clean, "render": true},
        {"id": 1, "scene": scene, "answer": clean, "render": true},
        {"id": 2, "scene": scene, "answer": moved, "render": true},
        {"id": 3, "scene": scene, "answer": clean},
    ]});
    let (status, v) = http(&format!("{url}/v1/rewards"), "POST", Some(&batch));
    let (_, health) = http(&format!("{url}/health"), "GET", None);
    let (_, judged) = http(&judge_url, "GET", None);
    for c in [&mut server, &mut judge] {
        let _ = c.kill();
        let _ = c.wait();
    }
    assert_eq!(status, 200, "{v}");
    let r = v["results"].as_array().unwrap();
    for graded in &r[..3] {
        assert_eq!(
            graded["breakdown"]["render"],
            serde_json::json!(0.6),
            "{graded}"
        );
        assert_eq!(graded["reward"], serde_json::json!(2.6));
    }
    assert_eq!(r[3]["breakdown"]["render"], serde_json::Value::Null);
    assert_eq!(r[3]["reward"], serde_json::json!(2.0));
    // Two distinct layouts: two renders by one warm worker, two judge calls of three images.
    assert_eq!(health["render"]["rendered"], 2, "{health}");
    assert_eq!(health["render"]["judge"], "mock (1 sample per layout)");
    assert_eq!(judged["requests"], 2, "{judged}");
    assert_eq!(judged["images"], 6, "{judged}");
}

/// The Ray recipe: a local Ray head whose tasks score chunks of answers against two
/// `relayout serve` processes, and verl's batch reward function called from inside a Ray task
/// (the script checks the values and that both servers took a share). It runs in a network
/// namespace of its own, so that Ray and the servers can reach loopback only. Ray comes from
/// `scripts/test.sh` (RELAYOUT_RAY_PYTHON).
#[test]
fn a_ray_task_pool_scores_answers_against_two_servers_on_loopback_only() {
    let python = std::env::var("RELAYOUT_RAY_PYTHON").unwrap_or_else(|_| {
        panic!(
            "RELAYOUT_RAY_PYTHON is not set: run the tests with scripts/test.sh, which installs Ray"
        )
    });
    let script = format!(
        "ip link set lo up && exec '{python}' examples/trainer/ray_pool.py --selftest '{}'",
        env!("CARGO_BIN_EXE_relayout")
    );
    let o = Command::new("unshare")
        .args(["--net", "--map-root-user", "sh", "-c", &script])
        .env("RAY_USAGE_STATS_ENABLED", "0")
        .output()
        .unwrap_or_else(|e| panic!("unshare (util-linux) could not run: {e}"));
    assert!(o.status.success(), "{}", out(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let report: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap_or(""))
        .unwrap_or_else(|e| panic!("{e}: {}", out(&o)));
    assert_eq!(report["scored"], 60);
    let shares: Vec<u64> = report["per_server"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(shares.iter().sum::<u64>(), 62, "{shares:?}");
}
