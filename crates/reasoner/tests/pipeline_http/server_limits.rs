//! What a server says of itself is respected: a prompt longer than the context it reports
//! (llama.cpp's `/props`) is named and not sent, the stage taking the planner's answer (with
//! `strict`, the run fails naming the numbers); and no more requests are in flight than the
//! slots it reports, so none waits in its queue past the first-token limit. A 20-object room
//! fits a 4,096-token context: every prompt with the answer it asks room for.

use std::time::Duration;

use relayout_llm::CancellationToken;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::concurrency::six_desks;
use crate::support::*;

async fn props(server: &wiremock::MockServer, n_ctx: u64, slots: u64) {
    Mock::given(method("GET"))
        .and(path("/props"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"default_generation_settings": {"n_ctx": n_ctx}, "total_slots": slots}),
        ))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_prompt_longer_than_the_servers_context_is_named_and_not_sent() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |_, _| None).await;
    props(&server, 1024, 1).await;
    let run = run_with(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    run.result.as_ref().expect("a layout every time");
    assert!(
        bodies(&server).await.is_empty(),
        "nothing sent that cannot fit"
    );
    let first = &run.trace.fallbacks[0];
    assert!(
        first
            .reason
            .contains("the server's context is 1024 tokens (from /props)")
            && first.reason.contains("llama-server -c 8192"),
        "{}",
        first.reason
    );
    let strict = run_strict(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    let err = strict.result.unwrap_err().to_string();
    assert!(
        err.starts_with("decompose: the prompt for decompose is about"),
        "{err}"
    );
}

#[tokio::test]
async fn a_twenty_object_room_fits_a_4k_context_prompt_and_answer() {
    let scene = fixture("studio_20.json");
    assert_eq!(scene.objects.len(), 20);
    let server = mock_server(&scene, Duration::ZERO, |_, _| None).await;
    props(&server, 4096, 2).await;
    let run = run_with(config(&server), &scene, CancellationToken::new()).await;
    let g = run.result.as_ref().expect("a layout");
    assert!(run.trace.fallbacks.is_empty(), "{:?}", run.trace.fallbacks);
    let sources = run.trace.sources();
    assert_eq!((sources.salvaged, sources.fallback), (0, 0));
    assert_eq!(g.metrics.cr, 0.0);
    let bodies = bodies(&server).await;
    assert!(bodies.len() >= 5, "{} requests", bodies.len());
    for b in &bodies {
        let chars: usize = texts(b).iter().map(|t| t.chars().count()).sum();
        let prompt = relayout_llm::server_info::estimate_tokens(chars);
        let answer = b["max_tokens"].as_u64().expect("an answer bound");
        assert!(
            prompt + answer <= 4096,
            "{}: {prompt} + {answer} tokens",
            schema_name(b)
        );
    }
}

#[tokio::test]
async fn requests_wait_for_a_free_slot_rather_than_in_the_servers_queue() {
    // One slot and 150 ms an answer: stage 2's six requests go one after the other.
    let server = mock_server(&six_desks(), Duration::from_millis(150), |_, _| None).await;
    props(&server, 32768, 1).await;
    let run = run_with(config(&server), &six_desks(), CancellationToken::new()).await;
    run.result.as_ref().expect("run succeeds");
    assert!(
        run.trace.step_ms("unit_relations") >= 6.0 * 150.0,
        "{:?}",
        run.trace.timings
    );
    // With six slots they go together, as without a report.
    let server = mock_server(&six_desks(), Duration::from_millis(150), |_, _| None).await;
    props(&server, 32768, 6).await;
    let run = run_with(config(&server), &six_desks(), CancellationToken::new()).await;
    run.result.as_ref().expect("run succeeds");
    assert_eq!(run.trace.sources().fallback, 0);
}
