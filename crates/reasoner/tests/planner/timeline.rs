//! A run's timeline: every stage in order, with the poses of each map iteration and of the
//! solver's stages.

use relayout_core::timeline::StepKind;
use relayout_reasoner::timeline::trace_steps;

use crate::support::{fixture, run_offline};

#[test]
fn an_offline_run_gives_every_stage_in_order_with_poses() {
    let run = run_offline(&fixture("bedroom.json"));
    let t = &run.trace;
    let steps = trace_steps(t);
    let kinds: Vec<StepKind> = steps.iter().map(|s| s.kind).collect();
    assert_eq!(kinds[0], StepKind::Input);
    assert_eq!(kinds[1], StepKind::Decomposition);
    assert!(kinds.contains(&StepKind::UnitRelations));
    assert!(kinds.contains(&StepKind::GlobalRelations));
    let imagine: Vec<_> = steps
        .iter()
        .filter(|s| s.kind == StepKind::Imagine)
        .collect();
    assert_eq!(imagine.len(), t.iterations.len());
    assert!(!imagine.is_empty());
    // Each iteration's step shows that iteration's instantiated poses.
    assert_eq!(imagine[0].poses.as_ref(), Some(&t.iterations[0].world));
    assert_eq!(imagine[0].iteration, Some(0));
    let solver: Vec<_> = steps
        .iter()
        .filter(|s| s.kind == StepKind::Solver)
        .collect();
    assert!(!solver.is_empty());
    assert!(
        solver.iter().any(|s| s.poses.is_some()),
        "poses are recorded during the solve"
    );
    // With every iteration recorded, the last solver step shows the solution itself: rows are
    // read in scene order, from the best start.
    let config = relayout_reasoner::PipelineConfig {
        record_poses_every: Some(1),
        ..Default::default()
    };
    let every = crate::support::block_on(relayout_reasoner::generate(
        &fixture("bedroom.json"),
        &relayout_reasoner::OfflineBackend,
        &config,
        &relayout_reasoner::pipeline::NoProgress,
    ));
    let all = trace_steps(&every.trace);
    let last_solver = all
        .iter()
        .rev()
        .find(|s| s.kind == StepKind::Solver)
        .unwrap();
    let out = &every.trace.output.as_ref().unwrap().poses;
    for (id, p) in last_solver.poses.as_ref().unwrap() {
        let q = out[id];
        assert!(
            (p.x - q.x).abs() < 1e-9 && (p.y - q.y).abs() < 1e-9,
            "{id}: {p:?} vs {q:?}"
        );
    }
    let last = steps.last().unwrap();
    assert_eq!(last.kind, StepKind::Result);
    assert_eq!(last.poses.as_ref(), Some(&t.output.as_ref().unwrap().poses));
    // Steps are in stage order.
    let order = |k: StepKind| kinds.iter().position(|x| *x == k).unwrap();
    assert!(order(StepKind::Decomposition) < order(StepKind::Imagine));
    assert!(order(StepKind::Imagine) < order(StepKind::Solver));
}

/// Records the layouts a run reports while it goes on.
struct Layouts(std::sync::Mutex<Vec<(String, usize)>>);

impl relayout_reasoner::pipeline::Progress for Layouts {
    fn event(&self, e: &relayout_reasoner::pipeline::ProgressEvent) {
        if let relayout_reasoner::pipeline::ProgressEvent::Layout { step, poses } = e {
            self.0.lock().unwrap().push((step.clone(), poses.len()));
        }
    }
}

#[test]
fn a_run_reports_each_imagined_layout_and_the_solved_one_as_they_arrive() {
    let scene = fixture("bedroom.json");
    let seen = Layouts(Default::default());
    let run = crate::support::block_on(relayout_reasoner::generate(
        &scene,
        &relayout_reasoner::OfflineBackend,
        &relayout_reasoner::PipelineConfig::default(),
        &seen,
    ));
    assert!(run.result.is_ok());
    let seen = seen.0.into_inner().unwrap();
    let n = scene.objects.len();
    assert_eq!(seen.first(), Some(&("imagine 1".to_string(), n)));
    assert_eq!(seen.last(), Some(&("solve".to_string(), n)));
    assert_eq!(seen.len(), run.trace.iterations.len() + 1);
}
