//! Stage 2 asks for every unit at once: with a model that takes a second per call, six units
//! take about a second, not six.

use std::time::Duration;

use layout_core::scene::{Object, Opening, OpeningKind, Room, SCENE_SCHEMA, Scene, Support};
use reasoner::{CancellationToken, StageKind, Trace};

use crate::support::*;

/// An office with six desks and six chairs: six units.
pub fn six_desks() -> Scene {
    let mut objects = Vec::new();
    for k in 0..6 {
        objects.push(Object {
            id: format!("desk-{k}"),
            category: "desk".into(),
            description: String::new(),
            size: [1.2, 0.6, 0.75],
            asset: None,
            support: Support::Floor,
        });
        objects.push(Object {
            id: format!("chair-{k}"),
            category: "office_chair".into(),
            description: String::new(),
            size: [0.55, 0.55, 1.0],
            asset: None,
            support: Support::Floor,
        });
    }
    Scene {
        schema: SCENE_SCHEMA.into(),
        instruction: "an office for six".into(),
        room: Room {
            width: 8.0,
            depth: 6.0,
            height: 2.8,
            polygon: None,
            openings: vec![Opening {
                kind: OpeningKind::Door,
                wall: "B".into(),
                offset: 3.5,
                width: 0.9,
                sill: None,
                height: None,
            }],
        },
        objects,
        units: vec![],
        relations: vec![],
        poses: Default::default(),
    }
}

fn stage_ms(trace: &Trace, step: &str) -> f64 {
    trace.step_ms(step)
}

fn requests(trace: &Trace, stage: StageKind) -> usize {
    trace
        .exchanges
        .iter()
        .filter(|e| e.key.stage == stage)
        .count()
}

#[tokio::test]
async fn six_units_at_one_second_each_take_about_one_second() {
    let server = mock_server(Duration::from_secs(1), |_, _| None).await;
    let run = run_with(config(&server), &six_desks(), CancellationToken::new()).await;
    let g = run.result.as_ref().expect("run succeeds");
    assert_eq!(g.metrics.cr, 0.0);
    let t = &run.trace;
    assert_eq!(requests(t, StageKind::UnitRelations), 6);
    let unit_ms = stage_ms(t, "unit_relations");
    assert!(
        unit_ms < 3000.0,
        "the unit stage took {unit_ms:.0} ms for 6 units at 1 s each"
    );
    assert!(unit_ms >= 1000.0);
    // Decompose, 6 unit relations, global relations, 6 local maps, the global map: 15 calls
    // in 4 sequential rounds.
    assert_eq!(t.http_attempts(), 15);
    let imagine_ms = stage_ms(t, "imagine");
    assert!(imagine_ms < 4000.0, "imagine took {imagine_ms:.0} ms");
}

/// The README's numbers: every step's wall time and the round trips against a mock that adds
/// 2 s to every call. Run with `cargo test -p reasoner --test pipeline_http -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "a measurement (about 10 s), not a check"]
async fn measure_two_second_mock() {
    let server = mock_server(Duration::from_secs(2), |_, _| None).await;
    let started = std::time::Instant::now();
    let run = run_with(config(&server), &six_desks(), CancellationToken::new()).await;
    let total = started.elapsed().as_secs_f64();
    run.result.as_ref().expect("run succeeds");
    let t = &run.trace;
    println!("six-unit office, mock model adding 2 s to every call:");
    for step in [
        "decompose",
        "unit_relations",
        "global_relations",
        "imagine",
        "revise",
        "solve",
        "evaluate",
    ] {
        println!("  {step:<17} {:>8.0} ms", stage_ms(t, step));
    }
    println!("  round trips {}, total {total:.2} s", t.http_attempts());
}
