//! The reward server on a real loopback socket: realistic batches, broken answers and
//! requests, the size limits, backpressure, and that it keeps serving after all of them.

mod common;
mod loopback;

use loopback::{Running, start};
use relayout_rewards::server::{ServerConfig, router};
use serde_json::{Value, json};

/// Posts headers announcing `len` bytes and only the first 64 KiB of them; returns the status
/// and the JSON body.
async fn raw_post(base: &str, len: usize) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let addr = base.trim_start_matches("http://");
    let mut c = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /v1/rewards HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n"
    );
    c.write_all(head.as_bytes()).await.unwrap();
    let _ = c.write_all(&vec![b' '; 64 << 10]).await;
    // Read the answer only: the server does not wait for the rest of the body.
    let mut out = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&out).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if body.len() >= len {
                break;
            }
        }
        match c.read(&mut chunk).await {
            Ok(n) if n > 0 => out.extend_from_slice(&chunk[..n]),
            _ => break,
        }
    }
    let text = String::from_utf8_lossy(&out).to_string();
    let status = text[9..12].parse().unwrap();
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn scene_json() -> Value {
    serde_json::to_value(common::bedroom()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_realistic_and_broken_answers_gets_a_breakdown_each() {
    let s = start(ServerConfig::default()).await;
    let scene = scene_json();
    let answers = [
        format!("<think>bed on the top wall</think><answer>{}</answer>", common::CLEAN),
        common::COLLIDING.to_string(),
        String::new(),
        "I would put the bed by the window.".to_string(),
        r#"[{"id":"sofa-9","x":1,"y":1,"z":0,"rz":0}]"#.to_string(),
        r#"[{"id":"bed-0","x":1e300,"y":1,"z":0,"rz":0},{"id":"desk-0","x":1,"y":1,"z":0,"rz":0},{"id":"wardrobe-0","x":1,"y":1,"z":0,"rz":0}]"#.to_string(),
    ];
    let items: Vec<Value> = answers
        .iter()
        .enumerate()
        .map(|(i, a)| json!({"id": i, "scene": scene, "answer": a}))
        .collect();
    let (status, v, _) = s.post(json!({"items": items}).to_string()).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["schema"], "relayout.rewards/1");
    let r = v["results"].as_array().unwrap();
    assert_eq!(r.len(), 6);
    let fmt: Vec<f64> = r
        .iter()
        .map(|x| x["breakdown"]["format"].as_f64().unwrap())
        .collect();
    // Prose without JSON is an invalid answer (0.1), not no answer (0).
    assert_eq!(fmt, vec![1.0, 1.0, 0.0, 0.1, 0.5, 0.1]);
    assert_eq!(r[0]["reward"], json!(2.0));
    assert_eq!(r[3]["id"], json!(3));
    assert!(r[1]["reward"].as_f64().unwrap() < 2.0);
    let v1 = r[1]["breakdown"]["violations"].to_string();
    assert!(
        v1.contains("desk-0 collides with bed-0") || v1.contains("bed-0 collides with desk-0"),
        "{v1}"
    );
    assert_eq!(r[4]["breakdown"]["unknown"], json!(["sofa-9"]));
    assert!(s.health().await["scored_items"].as_u64().unwrap() >= 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_4xx_with_the_reason_and_the_server_keeps_serving() {
    let s = start(ServerConfig {
        max_body_bytes: 1 << 20,
        max_items: 3,
        ..ServerConfig::default()
    })
    .await;
    let (st, v, _) = s.post("{\"items\": [").await;
    assert_eq!(st, 400);
    assert!(v["error"].as_str().unwrap().contains("EOF"), "{v}");
    let (st, v, _) = s.post(json!({"answers": []}).to_string()).await;
    assert_eq!(st, 400);
    assert!(v["error"].as_str().unwrap().contains("answers"), "{v}");
    let (st, v, _) = s
        .post(json!({"items": [{"scene": scene_json(), "answer": 5}]}).to_string())
        .await;
    assert_eq!(st, 400);
    assert!(
        v["error"].as_str().unwrap().contains("items[0].answer"),
        "{v}"
    );
    // Over the body limit: a 10 MB body is refused from its Content-Length, before it is read
    // (a raw socket, so that the test reads the answer instead of failing on the closed pipe).
    let (st, v) = raw_post(&s.base, 10 << 20).await;
    assert_eq!(st, 413, "{v}");
    assert!(v["error"].as_str().unwrap().contains("limit"), "{v}");
    // A body streamed without a length is cut at the limit.
    let stream =
        futures_util::stream::iter((0..40).map(|_| Ok::<_, std::io::Error>(vec![b' '; 256 << 10])));
    let r = s
        .http
        .post(format!("{}/v1/rewards", s.base))
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await;
    if let Ok(r) = r {
        // The server may answer before the client has finished sending, or close on it.
        assert_eq!(r.status().as_u16(), 413);
    }
    // Too many items.
    let item = json!({"scene": scene_json(), "answer": ""});
    let (st, v, _) = s
        .post(json!({"items": [item, item, item, item]}).to_string())
        .await;
    assert_eq!(st, 413);
    assert!(v["error"].as_str().unwrap().contains("at most 3"), "{v}");
    // An invalid scene fails its item only.
    let mut bad = scene_json();
    bad["objects"][0]["size"] = json!([-1, 2, 0.5]);
    let (st, v, _) = s
        .post(
            json!({"items": [{"id": "a", "scene": bad, "answer": "[]"},
                             {"id": "b", "scene": scene_json(), "answer": common::CLEAN}]})
            .to_string(),
        )
        .await;
    assert_eq!(st, 200);
    let e = v["results"][0]["error"].as_str().unwrap();
    assert!(e.starts_with("scene: ") && e.contains("objects[0]"), "{e}");
    assert_eq!(v["results"][1]["reward"], json!(2.0));
    // Unknown endpoint.
    let r = s
        .http
        .get(format!("{}/v2/nothing", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert_eq!(s.health().await["status"], "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_answers_503_with_retry_after_then_recovers() {
    let s = start(ServerConfig {
        queue: 2,
        workers: 1,
        ..ServerConfig::default()
    })
    .await;
    let held: Vec<_> = (0..2).map(|_| s.state.try_admit().unwrap()).collect();
    let body = json!({"items": [{"scene": scene_json(), "answer": common::CLEAN}]}).to_string();
    let (st, v, retry) = s.post(body.clone()).await;
    assert_eq!(st, 503, "{v}");
    assert_eq!(retry.as_deref(), Some("1"));
    let h = s.health().await;
    assert_eq!(h["queue"]["in_use"], json!(2));
    assert_eq!(h["rejected_batches"], json!(1));
    drop(held);
    let (st, v, _) = s.post(body).await;
    assert_eq!(st, 200, "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_batches_are_all_scored() {
    let s = start(ServerConfig {
        queue: 64,
        workers: 2,
        ..ServerConfig::default()
    })
    .await;
    let body = json!({"items": (0..50).map(|i| json!({"id": i, "scene": scene_json(), "answer": common::CLEAN})).collect::<Vec<_>>()}).to_string();
    let calls = (0..16).map(|_| s.post(body.clone()));
    let answers = futures_util::future::join_all(calls).await;
    for (st, v, _) in answers {
        assert_eq!(st, 200);
        assert_eq!(v["results"].as_array().unwrap().len(), 50);
    }
    let h = s.health().await;
    assert_eq!(h["scored_items"], json!(800));
    assert_eq!(
        h["queue"]["in_use"],
        json!(0),
        "every admission was released"
    );
}

/// The served physics reward weighs the Rapier stability term when asked (the feature is on
/// by default, so `relayout serve` has it), and its violations are data: kind, ids, words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stability_weight_is_simulated_and_violations_are_structured() {
    let s = start(ServerConfig::default()).await;
    let scene = scene_json();
    let mut weights = serde_json::to_value(relayout_rewards::Weights::default()).unwrap();
    weights["physics_terms"]["stability"] = json!(1.0);
    let body = json!({
        "items": [{"id": "a", "scene": scene, "answer": common::COLLIDING}],
        "weights": weights,
    });
    let (status, v, _) = s.post(body.to_string()).await;
    assert_eq!(status, 200, "{v}");
    let b = &v["results"][0]["breakdown"];
    let stable = b["physics_terms"]["stability"].as_f64();
    assert!(
        stable.is_some_and(|x| (0.0..=1.0).contains(&x)),
        "simulated: {b}"
    );
    let collision = b["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "collision")
        .unwrap_or_else(|| panic!("a collision: {b}"));
    let ids: Vec<&str> = collision["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"bed-0") && ids.contains(&"desk-0"),
        "{collision}"
    );
    assert!(collision["depth_m"].as_f64().unwrap() > 0.0, "{collision}");
    assert!(
        collision["words"]
            .as_str()
            .unwrap()
            .contains("collides with")
    );
    // Without the weight nothing is simulated.
    let body = json!({"items": [{"id": "a", "scene": scene, "answer": common::COLLIDING}]});
    let (_, v, _) = s.post(body.to_string()).await;
    assert!(v["results"][0]["breakdown"]["physics_terms"]["stability"].is_null());
}

/// The server with its own accept loop (`serve`: the connection bound and the time limits).
async fn start_serving(config: ServerConfig) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (_, state) = router(config.clone());
    tokio::spawn(relayout_rewards::server::serve(
        listener,
        config,
        std::future::pending(),
    ));
    Running {
        base: format!("http://{addr}"),
        state,
        // A fresh connection for each request: the server closes idle ones at its header
        // limit (a second here), which a pooled connection could meet mid-request.
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap(),
    }
}

/// A connection that sent `bytes` and stalls.
async fn stalled(base: &str, bytes: &[u8]) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut c = tokio::net::TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    c.write_all(bytes).await.unwrap();
    c
}

/// What the server says on a stalled connection before it closes it.
async fn until_closed(mut c: tokio::net::TcpStream) -> String {
    use tokio::io::AsyncReadExt;
    let mut out = Vec::new();
    // Guards against a hang only: the server's own limits close the connection long before.
    let read = tokio::time::timeout(std::time::Duration::from_secs(30), c.read_to_end(&mut out));
    match read.await {
        Ok(_) => String::from_utf8_lossy(&out).into_owned(),
        Err(_) => panic!("the server left a stalled connection open"),
    }
}

const HALF_HEADERS: &[u8] = b"POST /v1/rewards HTTP/1.1\r\nhost: relayout\r\ncontent-";

fn half_body() -> Vec<u8> {
    let mut b = b"POST /v1/rewards HTTP/1.1\r\nhost: relayout\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n".to_vec();
    b.extend_from_slice(&[b' '; 500]);
    b
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_clients_cannot_take_the_queue_from_a_well_behaved_one() {
    let s = start_serving(ServerConfig {
        queue: 2,
        workers: 1,
        header_timeout: std::time::Duration::from_secs(1),
        body_timeout: std::time::Duration::from_secs(1),
        max_connections: 64,
        ..ServerConfig::default()
    })
    .await;
    // Eight stalled clients for a queue of two: four stopped in their headers, four half way
    // through a body.
    let mut in_headers = Vec::new();
    let mut in_bodies = Vec::new();
    for _ in 0..4 {
        in_headers.push(stalled(&s.base, HALF_HEADERS).await);
        in_bodies.push(stalled(&s.base, &half_body()).await);
    }
    // A well-behaved client is admitted and scored meanwhile.
    let body = json!({"items": [{"scene": scene_json(), "answer": common::CLEAN}]}).to_string();
    let (st, v, _) = s.post(body.clone()).await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(
        v["results"][0]["reward"].as_f64().map(|r| r > 0.0),
        Some(true)
    );
    // The stalled ones are cut off by the limits: a half body gets 408, half headers a closed
    // connection.
    for c in in_bodies {
        let said = until_closed(c).await;
        assert!(said.starts_with("HTTP/1.1 408"), "{said}");
        assert!(said.contains("did not arrive within 1 s"), "{said}");
    }
    for c in in_headers {
        let said = until_closed(c).await;
        assert!(!said.starts_with("HTTP/1.1 2"), "{said}");
    }
    let h = s.health().await;
    assert_eq!(h["rejected_batches"], json!(0), "no one was turned away");
    assert_eq!(h["queue"]["in_use"], json!(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_connections_are_bounded_and_a_stalled_one_frees_its_place() {
    let s = start_serving(ServerConfig {
        header_timeout: std::time::Duration::from_secs(1),
        max_connections: 2,
        ..ServerConfig::default()
    })
    .await;
    let first = stalled(&s.base, HALF_HEADERS).await;
    let second = stalled(&s.base, HALF_HEADERS).await;
    // Both places taken: this request waits until the header limit closes a stalled one.
    let body = json!({"items": [{"scene": scene_json(), "answer": common::CLEAN}]}).to_string();
    let (st, v, _) = s.post(body).await;
    assert_eq!(st, 200, "{v}");
    // It was served once a stalled connection had been closed, not beside both.
    let closed = [first, second]
        .iter()
        .filter(|c| {
            let mut buf = [0u8; 64];
            // Ok(0): closed by the server; WouldBlock: still open.
            c.try_read(&mut buf).is_ok()
        })
        .count();
    assert!(
        closed >= 1,
        "served while both stalled connections were open"
    );
}
