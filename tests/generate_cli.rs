//! `relayout generate` and `relayout trace` end to end: the offline default, traces, replay,
//! and bad input that exits with status 2 and a message naming the problem.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn relayout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relayout"))
        .args(args)
        .env_remove("RELAYOUT_MODEL")
        .env_remove("RELAYOUT_API_KEY")
        .env_remove("OPENAI_API_KEY")
        .output()
        .expect("run relayout")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/reasoner/tests/fixtures")
        .join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn generate_offline_writes_a_laid_out_scene_and_a_trace_that_replays() {
    let dir = tempfile::tempdir().unwrap();
    let (out, run) = (dir.path().join("out.json"), dir.path().join("run.json"));
    let scene = fixture("dining_room.json");
    let o = relayout(&["generate", s(&scene), "-o", s(&out), "--trace", s(&run)]);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("generated with the offline backend"),
        "{stdout}"
    );
    assert!(stdout.contains("CR 0.000"), "{stdout}");
    assert!(stdout.contains("AC 1.000"), "{stdout}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["poses"].as_object().unwrap().len(), 9);
    assert_eq!(written["units"][0]["anchor"], "dining-table-0");

    let o = relayout(&["trace", s(&run)]);
    let (stdout, _) = text(&o);
    assert!(o.status.success());
    assert!(
        stdout.starts_with("relayout.trace/1 — backend offline"),
        "{stdout}"
    );
    assert!(stdout.contains("metrics: CR 0.000, OR 0.000"), "{stdout}");

    let again = dir.path().join("again.json");
    let o = relayout(&[
        "generate",
        s(&scene),
        "--backend",
        "replay",
        "--from",
        s(&run),
        "-o",
        s(&again),
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(&again).unwrap(),
        "the replay writes the identical scene"
    );
}

#[test]
fn bad_input_exits_2_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let scene = fixture("bedroom.json");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "generate".into(),
                "missing.json".into(),
                "-o".into(),
                s(&out).into(),
            ],
            "cannot read missing.json",
        ),
        (
            vec![
                "generate".into(),
                s(&scene).into(),
                "--backend".into(),
                "replay".into(),
                "-o".into(),
                s(&out).into(),
            ],
            "--backend replay needs --from RUN.json",
        ),
        (
            vec![
                "generate".into(),
                s(&scene).into(),
                "--backend".into(),
                "openai".into(),
                "-o".into(),
                s(&out).into(),
            ],
            "no model configured",
        ),
        (
            vec!["trace".into(), s(&scene).into()],
            "not a relayout trace: no \"version\" string",
        ),
    ];
    for (args, want) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = relayout(&args);
        let (_, stderr) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A trace of another scene, and a trace of another version.
    let run = dir.path().join("run.json");
    let o = relayout(&["generate", s(&scene), "-o", s(&out), "--trace", s(&run)]);
    assert!(o.status.success());
    let other = fixture("office.json");
    let o = relayout(&[
        "generate",
        s(&other),
        "--backend",
        "replay",
        "--from",
        s(&run),
        "-o",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("was recorded for another scene (8 objects"),
        "{:?}",
        text(&o)
    );
    let t =
        std::fs::read_to_string(&run)
            .unwrap()
            .replacen("relayout.trace/1", "relayout.trace/2", 1);
    std::fs::write(&run, t).unwrap();
    let o = relayout(&["trace", s(&run)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("trace version \"relayout.trace/2\" is not supported"),
        "{:?}",
        text(&o)
    );
}

/// The designer's relations are kept and the instruction is read (both said on stderr); a
/// second run on the output redoes only the planner's; `--fresh` sets everything aside.
#[test]
fn generate_keeps_the_designers_relations_and_reads_the_instruction() {
    let dir = tempfile::tempdir().unwrap();
    let mut scene: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("bedroom.json")).unwrap()).unwrap();
    scene["units"] = serde_json::json!([]);
    scene["relations"] = serde_json::json!([
        {"type": "against_wall", "source": "wardrobe-0", "wall": "R"}
    ]);
    scene.as_object_mut().unwrap().remove("poses");
    let input = dir.path().join("in.json");
    std::fs::write(&input, scene.to_string()).unwrap();
    let (out, again) = (dir.path().join("out.json"), dir.path().join("again.json"));
    let o = relayout(&[
        "generate",
        s(&input),
        "--instruction",
        "the bed against the left wall; a piano in the corner",
        "-o",
        s(&out),
    ]);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("kept the designer's 1 relation(s)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("instruction: understood \u{201c}the bed against the left wall\u{201d}: bed-0 against wall L"),
        "{stderr}"
    );
    assert!(
        stderr.contains("instruction: not understood \u{201c}a piano in the corner\u{201d}: no object matches \u{201c}piano\u{201d}"),
        "{stderr}"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let rels = doc["relations"].as_array().unwrap();
    assert_eq!(rels[0]["source"], "wardrobe-0");
    assert!(
        rels[0].get("origin").is_none(),
        "the designer's stays the designer's"
    );
    assert!(rels.iter().any(|r| r["origin"] == "instruction"
        && r["phrase"] == "the bed against the left wall"));
    let planned = rels.iter().filter(|r| r["origin"] == "planner").count();
    assert!(planned > 0);

    // Again on the output: the planner's are produced anew, nothing doubles.
    let o = relayout(&["generate", s(&out), "-o", s(&again)]);
    let (_, stderr) = text(&o);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("relation(s) are produced anew"), "{stderr}");
    let doc2: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&again).unwrap()).unwrap();
    let count = |d: &serde_json::Value, o: &str| {
        d["relations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["origin"].as_str().unwrap_or("designer") == o)
            .count()
    };
    assert_eq!(count(&doc2, "designer"), 1);
    assert_eq!(count(&doc2, "instruction"), count(&doc, "instruction"));

    // --fresh: the designer's relation is set aside too.
    let o = relayout(&["generate", s(&out), "--fresh", "-o", s(&again)]);
    let (_, stderr) = text(&o);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("--fresh: the scene's"), "{stderr}");
    let doc3: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&again).unwrap()).unwrap();
    assert_eq!(count(&doc3, "designer"), 0);
}
