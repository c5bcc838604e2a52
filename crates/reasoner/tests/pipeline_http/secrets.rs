//! API keys never reach a trace; a run against the mock replays without the network.

use std::time::Duration;

use relayout_llm::CancellationToken;
use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::trace::{read_trace, write_trace};
use relayout_reasoner::{PipelineConfig, ReplayBackend};

use crate::support::*;

const KEY: &str = "sk-test-DO-NOT-LEAK-4d2f9a";

#[tokio::test]
async fn the_trace_file_never_contains_the_api_key() {
    let server = mock_server(&fixture("office.json"), Duration::ZERO, |_, _| None).await;
    let run = run_with(
        config(&server).with_api_key(KEY),
        &fixture("office.json"),
        CancellationToken::new(),
    )
    .await;
    run.result.as_ref().expect("run succeeds");
    // The key did go to the server, in the header.
    let requests = server.received_requests().await.unwrap();
    let auth = requests[0]
        .headers
        .get("authorization")
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(auth, format!("Bearer {KEY}"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.json");
    write_trace(&path, &run.trace).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(KEY), "the key leaked into the trace");
    assert!(!text.contains("DO-NOT-LEAK"));
    // The trace does hold the conversation and the usage.
    assert!(text.contains("Input (JSON):"));
    assert_eq!(
        run.trace.usage.total_tokens,
        120 * run.trace.exchanges.len() as u64
    );
}

#[tokio::test]
async fn a_recorded_http_run_replays_without_the_network() {
    let scene = fixture("dining_room.json");
    let server = mock_server(&fixture("dining_room.json"), Duration::ZERO, |_, _| None).await;
    let run = run_with(config(&server), &scene, CancellationToken::new()).await;
    let first = run.result.expect("recorded run");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.json");
    write_trace(&path, &run.trace).unwrap();
    drop(server); // no network from here on

    let trace = read_trace(&path).unwrap();
    let replay = ReplayBackend::new(&trace, path.display().to_string());
    let pc = PipelineConfig {
        starts: 2,
        ..PipelineConfig::default()
    };
    let again = relayout_reasoner::generate(&scene, &replay, &pc, &NoProgress).await;
    let second = again.result.expect("replayed run");
    assert_eq!(second.scene, first.scene);
    assert_eq!(second.metrics, first.metrics);
    assert_eq!(again.trace.http_attempts(), 0);
    assert_eq!(
        again.trace.backend.replaying.as_ref().unwrap().kind,
        "openai"
    );
}
