//! Traces: written, read back strictly, refused when of another version; replayed without
//! network to the identical result.

use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::trace::{TraceError, parse_trace, read_trace, write_trace};
use relayout_reasoner::{PipelineConfig, ReplayBackend, TRACE_VERSION, generate};

use crate::support::*;

#[test]
fn an_offline_run_replays_to_the_identical_layout() {
    let scene = fixture("living_room.json");
    let first = run_offline(&scene);
    let g1 = first.result.expect("offline run");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.json");
    write_trace(&path, &first.trace).unwrap();
    let trace = read_trace(&path).unwrap();
    assert!(
        trace == first.trace,
        "a trace reads back exactly as written"
    );
    assert_eq!(trace.version, TRACE_VERSION);
    assert!(trace.iterations[0].conflicts.is_empty());
    assert!(trace.solver.as_ref().is_some_and(|s| !s.history.is_empty()));

    let replay = ReplayBackend::new(&trace, "run.json");
    let second = block_on(generate(
        &scene,
        &replay,
        &PipelineConfig::default(),
        &NoProgress,
    ));
    let g2 = second.result.expect("replayed run");
    assert_eq!(g2.scene, g1.scene);
    assert_eq!(g2.metrics, g1.metrics);
    assert_eq!(second.trace.backend.kind, "replay");
    assert_eq!(
        second.trace.backend.replaying.as_ref().unwrap().kind,
        "offline"
    );
    assert_eq!(second.trace.exchanges.len(), first.trace.exchanges.len());
}

#[test]
fn replaying_a_trace_of_another_scene_fails_clearly() {
    let trace = run_offline(&fixture("bedroom.json")).trace;
    let replay = ReplayBackend::new(&trace, "bedroom-run.json");
    let run = block_on(generate(
        &fixture("dining_room.json"),
        &replay,
        &PipelineConfig::default(),
        &NoProgress,
    ));
    let err = run.result.unwrap_err().to_string();
    // The decomposition replays (a bedroom's), the checks refuse it, and the repair the trace
    // never recorded is the clear error.
    assert!(
        err.contains("has no answer for decompose, repair 1"),
        "{err}"
    );
    assert!(err.contains("bedroom-run.json"), "{err}");
    assert!(run.trace.error.is_some());
    assert!(!run.trace.exchanges[0].problems.is_empty());
}

#[test]
fn another_version_and_unknown_fields_are_refused() {
    let trace = run_offline(&fixture("office.json")).trace;
    let text = serde_json::to_string(&trace).unwrap();
    let other = text.replacen(TRACE_VERSION, "relayout.trace/9", 1);
    let err = parse_trace(&other).unwrap_err();
    assert!(matches!(err, TraceError::Version { .. }));
    assert!(err.to_string().contains("trace version \"relayout.trace/9\" is not supported: this build reads \"relayout.trace/1\""), "{err}");
    let extra = text.replacen("\"started_unix_s\"", "\"colour\":1,\"started_unix_s\"", 1);
    let err = parse_trace(&extra).unwrap_err().to_string();
    assert!(err.contains("unknown field `colour`"), "{err}");
    assert!(
        parse_trace("{")
            .unwrap_err()
            .to_string()
            .contains("invalid JSON")
    );
}
