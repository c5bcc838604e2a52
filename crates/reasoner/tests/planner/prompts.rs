//! The prompt templates render for every stage, end with the stage's exact data, and name what
//! the stage is about.

use relayout_llm::message::Role;
use relayout_reasoner::backend::{RepairContext, StageInput, StageRequest};
use relayout_reasoner::offline::decompose::decompose;
use relayout_reasoner::prompt::{input_from_data, messages, render_repair, render_stage};
use relayout_reasoner::{StageKey, StageKind};

use crate::support::fixture;

#[test]
fn every_stage_renders_with_its_data() {
    let mut scene = fixture("bedroom.json");
    scene.instruction = "a calm bedroom for reading".into();
    let d = decompose(&scene);
    let unit = d.units[0].clone();
    let inputs = [
        (
            StageKind::Decompose,
            StageInput::Decompose {
                scene: scene.clone(),
            },
            "bed-0: bed",
        ),
        (
            StageKind::UnitRelations,
            StageInput::UnitRelations {
                scene: scene.clone(),
                unit: unit.clone(),
            },
            "relations inside unit \"sleeping_area\"",
        ),
        (
            StageKind::GlobalRelations,
            StageInput::GlobalRelations {
                scene: scene.clone(),
                decomposition: d.clone(),
                unit_relations: Default::default(),
            },
            "- door on wall T (the top wall, north) from 1.4 m, 0.9 m wide",
        ),
        (
            StageKind::ImagineUnit,
            StageInput::ImagineUnit {
                scene: scene.clone(),
                unit: unit.clone(),
                relations: vec![],
            },
            "local cognitive map of unit \"sleeping_area\"",
        ),
    ];
    for (stage, input, want) in inputs {
        let text = render_stage(&input, stage).unwrap();
        assert!(text.contains(want), "{stage}: missing {want:?} in\n{text}");
        if stage != StageKind::ImagineUnit {
            assert!(
                text.contains("a calm bedroom for reading"),
                "{stage}: no instruction"
            );
        }
        let (_, data) = text.split_once("Input (JSON):").expect("data section");
        assert!(
            !data.contains("\"scene\""),
            "{stage}: the scene is in the prose only"
        );
        let back = input_from_data(data, &scene).expect("the data parses back");
        assert_eq!(back, input);
    }
}

#[test]
fn a_repair_conversation_carries_the_answer_and_the_errors() {
    let scene = fixture("office.json");
    let req = StageRequest {
        key: StageKey {
            stage: StageKind::Decompose,
            unit: None,
            iteration: 0,
            attempt: 1,
        },
        input: StageInput::Decompose { scene },
        schema_name: "decomposition",
        schema: serde_json::json!({}),
        parse_schema: serde_json::json!({}),
        repair: Some(RepairContext {
            previous_answer: "{\"units\": 5}".into(),
            errors: vec!["`$.units`: expected array, got integer 5".into()],
        }),
    };
    let m = messages(&req).unwrap();
    let roles: Vec<Role> = m.iter().map(|m| m.role).collect();
    assert_eq!(
        roles,
        [Role::System, Role::User, Role::Assistant, Role::User]
    );
    assert!(m[0].joined_text().contains("rz = 0 faces +Y"));
    assert_eq!(m[2].joined_text(), "{\"units\": 5}");
    assert!(
        m[3].joined_text()
            .contains("- `$.units`: expected array, got integer 5")
    );
    assert!(
        render_repair(&[])
            .unwrap()
            .contains("the answer was not valid JSON")
    );
}
