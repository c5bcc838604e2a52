//! The reward server under load on loopback: batches of answers for a 20-object scene, several
//! in flight at once, over real HTTP; prints items per second and batch latency.
//!
//! `cargo run --release -p relayout-rewards --example server_load`

use std::time::Instant;

use relayout_rewards::server::{ServerConfig, router};
use relayout_rewards::throughput::{answer_texts, synthetic_scene};
use serde_json::json;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (app, _) = router(ServerConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1/rewards", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let http = reqwest::Client::new();
    let scene = synthetic_scene(20);
    for (batch, batches, in_flight) in [(64, 200, 4), (256, 60, 4), (1024, 16, 2)] {
        let items: Vec<serde_json::Value> = answer_texts(&scene, batch)
            .into_iter()
            .enumerate()
            .map(|(i, text)| json!({"id": i, "scene": scene, "answer": text}))
            .collect();
        let body = json!({"items": items}).to_string();
        let started = Instant::now();
        let mut latencies = Vec::new();
        let mut done = 0;
        while done < batches {
            let n = in_flight.min(batches - done);
            let calls = (0..n).map(|_| {
                let (http, url, body) = (http.clone(), url.clone(), body.clone());
                async move {
                    let t = Instant::now();
                    let r = http
                        .post(url)
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await
                        .unwrap();
                    assert!(r.status().is_success());
                    let _ = r.bytes().await.unwrap();
                    t.elapsed().as_secs_f64()
                }
            });
            latencies.extend(futures_util::future::join_all(calls).await);
            done += n;
        }
        let s = started.elapsed().as_secs_f64();
        latencies.sort_by(f64::total_cmp);
        println!(
            "batch {batch:>5}, {in_flight} in flight: {:>8.0} items/s, batch latency median {:.1} ms, p95 {:.1} ms ({} body bytes)",
            (batch * batches) as f64 / s,
            latencies[latencies.len() / 2] * 1e3,
            latencies[latencies.len() * 95 / 100] * 1e3,
            body.len()
        );
    }
}
