//! Every way an answer goes wrong ends in a salvage fix, a repair prompt naming the exact
//! errors, a retry, or the planner's answer for that stage (with `strict`, a clear error);
//! partial results stay in the trace; nothing panics.

use std::time::{Duration, Instant};

use relayout_llm::CancellationToken;
use relayout_reasoner::trace::Outcome;
use relayout_reasoner::{PipelineError, StageKind};
use serde_json::Value;
use wiremock::ResponseTemplate;

use crate::support::*;

fn first_of(stage: &'static str, body: &Value, n_for_stage: bool) -> bool {
    schema_name(body) == stage && n_for_stage
}

/// Whether this request is the first attempt (no repair prompt yet).
fn is_first_attempt(body: &Value) -> bool {
    body["messages"].as_array().map_or(0, Vec::len) == 2
}

fn last_message(body: &Value) -> String {
    texts(body).last().cloned().unwrap_or_default()
}

async fn repaired_run(
    stage: &'static str,
    bad: &'static str,
    finish: &'static str,
) -> (relayout_reasoner::Run, Vec<Value>) {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, move |body, _| {
        first_of(stage, body, is_first_attempt(body))
            .then(|| ResponseTemplate::new(200).set_body_json(completion(bad, finish)))
    })
    .await;
    let run = run_with(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    (run, bodies(&server).await)
}

fn repair_prompt(bodies: &[Value], stage: &str) -> String {
    let repair = bodies
        .iter()
        .find(|b| schema_name(b) == stage && !is_first_attempt(b))
        .expect("a repair request was sent");
    last_message(repair)
}

#[tokio::test]
async fn invalid_json_gets_a_repair_prompt_with_the_parser_error() {
    let (run, bodies) = repaired_run(
        "decomposition",
        r#"{"units" 1, "independent": "x"}"#,
        "stop",
    )
    .await;
    let g = run.result.expect("repaired run succeeds");
    assert_eq!(g.metrics.cr, 0.0);
    let prompt = repair_prompt(&bodies, "decomposition");
    assert!(
        prompt.starts_with("Your previous answer could not be used."),
        "{prompt}"
    );
    assert!(
        prompt.contains("expected `:` at line 1 column 10"),
        "{prompt}"
    );
    // The repair conversation carries the broken answer back to the model.
    let repair_body = bodies.iter().find(|b| !is_first_attempt(b)).unwrap();
    assert_eq!(texts(repair_body)[2], r#"{"units" 1, "independent": "x"}"#);
    let ex = &run.trace.exchanges[0];
    assert!(matches!(ex.outcome, Outcome::Unusable { .. }));
    assert_eq!(run.trace.exchanges[1].key.attempt, 1);
}

#[tokio::test]
async fn json_off_the_schema_gets_each_violation_with_its_path() {
    let (run, bodies) = repaired_run(
        "decomposition",
        r#"{"units": 5, "assign": [], "extra": true}"#,
        "stop",
    )
    .await;
    run.result.expect("repaired run succeeds");
    let prompt = repair_prompt(&bodies, "decomposition");
    assert!(
        prompt.contains("`$.units`: expected array, got integer 5"),
        "{prompt}"
    );
    assert!(
        prompt.contains("`$.assign`: expected object, got array"),
        "{prompt}"
    );
    assert!(prompt.contains("unknown property `extra`"), "{prompt}");
}

#[tokio::test]
async fn slipped_and_missing_ids_are_salvaged_and_what_remains_is_named() {
    // A case and separator slip, an invented id, the bed both anchor and independent, three
    // objects left out: each has one obvious fix, made without a repair prompt.
    let bad = r#"{"units": [{"id": "sleep", "anchor": "bed-0", "members": ["Nightstand_0", "lamp-9"]}], "independent": ["wardrobe-0", "bed-0", "desk-0", "tv-0"]}"#;
    let (run, bodies) = repaired_run("decomposition", bad, "stop").await;
    run.result.expect("salvaged run succeeds");
    assert!(
        !bodies
            .iter()
            .any(|b| schema_name(b) == "decomposition" && !is_first_attempt(b)),
        "no repair prompt was needed"
    );
    let fixes = &run.trace.exchanges[0].salvaged;
    for want in [
        "units[0].members[0]: read \"Nightstand_0\" as \"nightstand-0\"",
        "units[0]: left out 1 member(s)",
        "independent: \"bed-0\" is in unit \"sleep\", so it is not also independent",
        "independent: added 3 object(s) the answer left out: nightstand-1, table-lamp-0, desk-chair-0",
    ] {
        assert!(
            fixes.iter().any(|f| f.starts_with(want)),
            "{want:?} not in {fixes:#?}"
        );
    }
    let d = run.trace.decomposition.as_ref().unwrap();
    assert_eq!(d.units[0].members, ["nightstand-0"]);
    assert!(run.trace.sources().salvaged >= 1);
    assert_eq!(run.trace.sources().fallback, 0);

    // A unit named like its anchor, whose anchor is also listed as its member: renamed, and
    // the member dropped.
    let bad = r#"{"units": [{"id": "bed-0", "anchor": "bed-0", "members": ["bed-0"]}], "independent": ["nightstand-0", "nightstand-1", "table-lamp-0", "wardrobe-0", "desk-0"]}"#;
    let (run, bodies) = repaired_run("decomposition", bad, "stop").await;
    run.result.expect("salvaged run succeeds");
    let fixes = &run.trace.exchanges[0].salvaged;
    assert!(
        fixes
            .iter()
            .any(|f| f.contains("\"bed-0\" renamed \"bed-0_unit\"")),
        "{fixes:#?}"
    );
    assert!(
        !bodies
            .iter()
            .any(|b| schema_name(b) == "decomposition" && !is_first_attempt(b))
    );
}

#[tokio::test]
async fn duplicate_contradictory_and_cyclic_relations_are_named() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, _| {
        let input = stage_input(body)?;
        let relayout_reasoner::backend::StageInput::UnitRelations { unit, .. } = input else {
            return None;
        };
        if unit.id != "sleeping_area" || !is_first_attempt(body) {
            return None;
        }
        let bad = r#"{"relations": [
            {"type": "left_of", "source": "nightstand-0", "target": "bed-0", "clearance": 0.05, "align": "back"},
            {"type": "left_of", "source": "nightstand-0", "target": "bed-0", "clearance": 0.05, "align": "back"},
            {"type": "right_of", "source": "nightstand-0", "target": "bed-0"},
            {"type": "left_of", "source": "nightstand-1", "target": "table-lamp-0"},
            {"type": "on_top_of", "source": "table-lamp-0", "target": "nightstand-1"}
        ]}"#;
        Some(ok(bad))
    })
    .await;
    let run = run_with(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    let run_ok = run.result.as_ref().map(|_| ());
    run_ok.expect("repaired run succeeds");
    let prompt = repair_prompt(&bodies(&server).await, "unit_relations");
    for want in [
        "relations[1] (nightstand-0 right of bed-0, 0 cm apart, centred) contradicts relations[0]",
        "relations form a cycle: nightstand-1 → table-lamp-0 → nightstand-1 (relations[2], relations[3])",
    ] {
        assert!(prompt.contains(want), "missing {want:?} in {prompt}");
    }
    // The repeat had one obvious fix: dropped by the salvage, and said so in the trace.
    let ex = run
        .trace
        .exchanges
        .iter()
        .find(|e| {
            e.key.stage == StageKind::UnitRelations
                && e.key.attempt == 0
                && e.key.unit.as_deref() == Some("sleeping_area")
        })
        .unwrap();
    assert!(
        ex.salvaged.iter().any(
            |f| f.starts_with("relations[1] (nightstand-0 left of bed-0")
                && f.ends_with("dropped: it repeats an earlier one")
        ),
        "{:#?}",
        ex.salvaged
    );
}

#[tokio::test]
async fn a_truncated_answer_is_repaired() {
    let (run, bodies) = repaired_run(
        "global_relations",
        r#"{"relations": [{"type": "again"#,
        "length",
    )
    .await;
    run.result.expect("repaired run succeeds");
    let prompt = repair_prompt(&bodies, "global_relations");
    assert!(prompt.contains("cut off at the token limit"), "{prompt}");
}

#[tokio::test]
async fn a_refusal_is_a_clear_error_with_the_partial_results_kept() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, _| {
        (schema_name(body) == "global_relations")
            .then(|| ok("I'm sorry, but I can't help with arranging this room."))
    })
    .await;
    let run = run_strict(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    let err = run.result.unwrap_err();
    let PipelineError::Backend { key, message } = &err else {
        panic!("expected a backend error, got {err}");
    };
    assert_eq!(key.stage, StageKind::GlobalRelations);
    assert!(message.contains("the model refused"), "{message}");
    // Stages 1 and 2 are in the trace, with the refusal.
    assert!(run.trace.decomposition.is_some());
    assert_eq!(run.trace.unit_relations.len(), 2);
    assert!(run.trace.error.as_deref().unwrap().contains("refused"));
    let last = run.trace.exchanges.last().unwrap();
    assert!(matches!(&last.outcome, Outcome::Failed { text: Some(t), .. } if t.contains("sorry")));
}

#[tokio::test]
async fn rate_limits_are_waited_out_with_retry_after() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, n| {
        (n == 0 && schema_name(body) == "decomposition").then(|| {
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(serde_json::json!({"error": {"message": "slow down"}}))
        })
    })
    .await;
    let started = Instant::now();
    let run = run_with(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    run.result.expect("the run goes on after the wait");
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(run.trace.exchanges[0].call.http_attempts, 2);
}

#[tokio::test]
async fn persistent_server_errors_end_clearly() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, _| {
        (schema_name(body) == "local_map").then(|| {
            ResponseTemplate::new(500)
                .set_body_json(serde_json::json!({"error": {"message": "upstream exploded"}}))
        })
    })
    .await;
    let run = run_strict(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    let err = run.result.unwrap_err().to_string();
    assert!(err.starts_with("imagine_unit (unit \""), "{err}");
    assert!(err.contains("HTTP 500"), "{err}");
    assert!(
        err.contains("after 3 attempt(s): upstream exploded"),
        "{err}"
    );
    assert!(run.trace.global_relations.is_some(), "stages 1–3 kept");
}

#[tokio::test]
async fn a_slow_server_times_out_clearly() {
    let server = mock_server(&fixture("bedroom.json"), Duration::from_secs(3), |_, _| {
        None
    })
    .await;
    let mut c = config(&server);
    c.timeout = Duration::from_millis(300);
    c.max_retries = 1;
    let run = run_strict(c, &fixture("bedroom.json"), CancellationToken::new()).await;
    let err = run.result.unwrap_err().to_string();
    assert!(err.starts_with("decompose: no answer from"), "{err}");
    assert!(err.contains("within 0.3 s, 2 attempt(s)"), "{err}");
}

#[tokio::test]
async fn a_server_that_never_answers_is_cancelled_promptly() {
    let server = mock_server(
        &fixture("bedroom.json"),
        Duration::from_secs(600),
        |_, _| None,
    )
    .await;
    let cancel = CancellationToken::new();
    let mut c = config(&server);
    // No retries: a call that ignored the token would end with "no answer", not "cancelled".
    c.timeout = Duration::from_secs(30);
    c.max_retries = 0;
    let scene = fixture("bedroom.json");
    let mut run = std::pin::pin!(run_with(c, &scene, cancel.clone()));
    // Cancelled once the first request is at the server (which holds its answer).
    tokio::select! {
        run = &mut run => panic!(
            "the run ended before the server got a request: {:?}",
            run.result.err().map(|e| e.to_string())
        ),
        () = async {
            while bodies(&server).await.is_empty() {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        } => cancel.cancel(),
    }
    let run = run.await;
    let err = run.result.unwrap_err().to_string();
    assert!(err.contains("cancelled after 1 attempt(s)"), "{err}");
    assert_eq!(
        bodies(&server).await.len(),
        1,
        "nothing sent after cancellation"
    );
}

#[tokio::test]
async fn answers_that_stay_wrong_fail_after_the_allowed_repairs() {
    // A different wrong answer each time: every repair allowed is tried.
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, n| {
        (schema_name(body) == "decomposition")
            .then(|| ok(&format!(r#"{{"units": [], "independent": ["ghost-{n}"]}}"#)))
    })
    .await;
    let run = run_strict(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    let err = run.result.unwrap_err();
    let PipelineError::Unrepaired {
        repairs, errors, ..
    } = &err
    else {
        panic!("expected Unrepaired, got {err}");
    };
    assert_eq!(*repairs, 2);
    // The invented id was dropped by the salvage; that most objects are missing is not a
    // slip, and is what the repairs asked about.
    assert!(
        errors[0].contains("objects missing from the answer"),
        "{errors:?}"
    );
    assert!(
        run.trace.exchanges[0]
            .salvaged
            .iter()
            .any(|f| f.contains("dropped unknown id \"ghost-0\"")),
        "{:?}",
        run.trace.exchanges[0].salvaged
    );
    assert_eq!(run.trace.exchanges.len(), 3);
    assert!(err.to_string().contains("after 2 repair(s)"));
}

#[tokio::test]
async fn answers_that_stay_wrong_fall_back_to_the_planner_and_the_run_goes_on() {
    // An answer wrong in a way salvage cannot fix (no object of the scene at all), a different
    // one after each repair: after two repairs the planner answers stage 1.
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, n| {
        (schema_name(body) == "decomposition")
            .then(|| ok(&format!(r#"{{"units": [], "independent": ["ghost-{n}"]}}"#)))
    })
    .await;
    let run = run_with(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    let g = run.result.as_ref().expect("a layout every time");
    assert_eq!(g.metrics.cr, 0.0);
    assert_eq!(run.trace.fallbacks.len(), 1);
    let f = &run.trace.fallbacks[0];
    assert_eq!(f.key.stage, StageKind::Decompose);
    assert!(
        f.reason.contains("still unusable after 2 repair(s)"),
        "{}",
        f.reason
    );
    let s = run.trace.sources();
    assert_eq!(s.fallback, 1);
    assert!(s.model >= 4, "{s:?}");
    assert!(
        run.trace
            .exchanges
            .iter()
            .any(|e| e.source == relayout_reasoner::trace::AnswerSource::Fallback)
    );
}

#[tokio::test]
async fn a_server_that_is_down_costs_two_stages_then_the_planner_answers_the_rest() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |_, _| {
        Some(
            ResponseTemplate::new(503)
                .set_body_json(serde_json::json!({"error": {"message": "loading model"}})),
        )
    })
    .await;
    let mut c = config(&server);
    c.max_retries = 0;
    let run = run_with(c, &fixture("bedroom.json"), CancellationToken::new()).await;
    run.result.as_ref().expect("a layout every time");
    let asked = bodies(&server).await.len();
    // Stage 1, then one of stage 2's concurrent requests fails before the skip starts.
    assert!(
        (2..=3).contains(&asked),
        "{asked} requests to a server that is down"
    );
    assert!(run.trace.fallbacks.iter().all(|f| !f.reason.is_empty()));
    assert_eq!(run.trace.sources().model, 0);
    assert!(
        run.trace.fallbacks[0].reason.contains("HTTP 503"),
        "{:?}",
        run.trace.fallbacks[0]
    );
}

#[tokio::test]
async fn the_same_wrong_answer_after_a_repair_ends_the_repairs_at_once() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, _| {
        (schema_name(body) == "decomposition")
            .then(|| ok(r#"{"units": [], "independent": ["ghost-1"]}"#))
    })
    .await;
    let run = run_with(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    run.result.as_ref().expect("a layout every time");
    let asked = bodies(&server)
        .await
        .iter()
        .filter(|b| schema_name(b) == "decomposition")
        .count();
    assert_eq!(asked, 2, "the first answer and one repair, not two");
    let f = &run.trace.fallbacks[0];
    assert!(
        f.reason
            .starts_with("the model gave the same unusable answer after a repair prompt"),
        "{}",
        f.reason
    );
    let strict = run_strict(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    let err = strict.result.unwrap_err().to_string();
    assert!(err.contains("after 1 repair(s)"), "{err}");
}
