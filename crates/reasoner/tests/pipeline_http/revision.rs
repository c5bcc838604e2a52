//! Imagine and revise against the mock model: maps with conflicts go back, a unit's inner
//! conflict to that unit, the rest to the global level, and the next iteration is clean.

use std::time::Duration;

use relayout_llm::CancellationToken;
use relayout_reasoner::StageKind;
use relayout_reasoner::backend::StageInput;
use relayout_reasoner::conflict::ConflictKind;
use serde_json::Value;

use crate::support::*;

#[tokio::test]
async fn conflicts_are_revised_hierarchically() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, _| {
        let input = stage_input(body)?;
        match &input {
            // The bed's local map puts the first nightstand into the bed.
            StageInput::ImagineUnit { unit, .. } if unit.id == "sleeping_area" => {
                let mut answer = relayout_reasoner::offline::answer(&input, 0);
                answer["poses"][0]["x"] = Value::from(-0.6);
                Some(ok(&answer.to_string()))
            }
            // The global map pushes the wardrobe through the wall.
            StageInput::ImagineGlobal { .. } => {
                let mut answer = relayout_reasoner::offline::answer(&input, 0);
                for p in answer["poses"].as_array_mut().unwrap() {
                    if p["id"] == "wardrobe-0" {
                        p["x"] = Value::from(-0.3);
                    }
                }
                Some(ok(&answer.to_string()))
            }
            _ => None,
        }
    })
    .await;
    let run = run_with(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    let g = run.result.as_ref().expect("run succeeds");
    assert_eq!(g.metrics.cr, 0.0);
    let t = &run.trace;
    assert_eq!(t.iterations.len(), 2, "one revision round, then clean");
    let first = &t.iterations[0];
    assert!(
        first
            .conflicts
            .iter()
            .any(|c| c.kind == ConflictKind::Overlap
                && c.unit.as_deref() == Some("sleeping_area")
                && c.objects.contains(&"nightstand-0".to_string())),
        "{:#?}",
        first.conflicts
    );
    assert!(
        first
            .conflicts
            .iter()
            .any(|c| c.kind == ConflictKind::OutOfRoom
                && c.unit.is_none()
                && c.objects == ["wardrobe-0"]),
        "{:#?}",
        first.conflicts
    );
    assert_eq!(first.revised, ["sleeping_area", "global"]);
    assert!(
        t.iterations[1].conflicts.is_empty(),
        "{:#?}",
        t.iterations[1].conflicts
    );
    // Only the unit in conflict was asked to revise, with its conflict in the prompt.
    let revise_units: Vec<_> = t
        .exchanges
        .iter()
        .filter(|e| e.key.stage == StageKind::ReviseUnit)
        .collect();
    assert_eq!(revise_units.len(), 1);
    assert_eq!(revise_units[0].key.unit.as_deref(), Some("sleeping_area"));
    let prompt = revise_units[0].call.messages[1].joined_text();
    assert!(
        prompt.contains("bed-0 and nightstand-0 overlap by 45 cm along x"),
        "{prompt}"
    );
    let global = t
        .exchanges
        .iter()
        .find(|e| e.key.stage == StageKind::ReviseGlobal)
        .unwrap();
    let prompt = global.call.messages[1].joined_text();
    assert!(prompt.contains("- wardrobe-0 reaches"), "{prompt}");
    assert!(prompt.contains("outside the room"), "{prompt}");
    assert_eq!(global.key.iteration, 1);
    // The design rules the imagined layout breaks come with the conflicts.
    let scene = fixture("bedroom.json");
    let broken =
        relayout_core::rules::check(&scene, &first.world, relayout_core::rules::RuleSet::Fast)
            .unwrap()
            .feedback_lines();
    assert!(
        !broken.is_empty(),
        "the wardrobe in the wall blocks its own front"
    );
    assert!(
        prompt.contains("It also breaks these design rules"),
        "{prompt}"
    );
    for line in &broken {
        assert!(
            prompt.contains(&format!("- {line}")),
            "{line} not in\n{prompt}"
        );
    }
}
