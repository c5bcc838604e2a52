//! A weak local model, as seen from llama.cpp with a 0.5B model: stage 1 lists every object in a
//! unit and as independent too, with an id typo; stage 2 wraps its JSON in prose; stage 3 is cut
//! off at the token limit every time; the local maps repeat the same wrong answer after each
//! repair; the global map answers in another language. The run still ends with a valid layout,
//! says which stages came from the model, from salvage and from the planner, and asks a
//! bounded number of times.

use std::time::Duration;

use relayout_llm::CancellationToken;
use relayout_reasoner::StageKind;
use relayout_reasoner::trace::{AnswerSource, Outcome};

use crate::support::*;

#[tokio::test]
async fn a_weak_model_still_gets_a_valid_layout_with_each_stage_accounted_for() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, _| {
        let input = stage_input(body)?;
        let offline = relayout_reasoner::offline::answer(&input, 1);
        match schema_name(body).as_str() {
            "decomposition" => {
                // The planner's units, plus every object listed as independent too, and a slip.
                let mut d = offline.clone();
                let all: Vec<String> = input.scene().objects.iter().map(|o| o.id.clone()).collect();
                d["independent"] = serde_json::json!(all);
                let text = d.to_string().replacen("\"desk-chair-0\"", "\"Desk_Chair-0\"", 1);
                Some(ok(&text))
            }
            "unit_relations" => Some(ok(&format!(
                "Sure! Here is the JSON you asked for:\n```json\n{offline}\n```\nLet me know if you need anything else."
            ))),
            "global_relations" => Some(
                wiremock::ResponseTemplate::new(200)
                    .set_body_json(completion(r#"{"relations": [{"type": "against_wall", "sour"#, "length")),
            ),
            "local_map" => Some(ok(r#"{"poses": [{"id": "lamp-77", "x": 0.0, "y": 0.0, "rz": 0.0}]}"#)),
            "global_map" => Some(ok("抱歉，我无法以这种格式回答。房间布置应该舒适。")),
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
    let g = run.result.as_ref().expect("a layout every time");
    assert_eq!(g.metrics.cr, 0.0, "{:?}", g.metrics);
    assert_eq!(g.metrics.or_, 0.0, "{:?}", g.metrics);
    let t = &run.trace;
    // Stage 1 came from the model, salvaged without a repair.
    let first = &t.exchanges[0];
    assert_eq!(first.key.stage, StageKind::Decompose);
    assert!(matches!(first.outcome, Outcome::Answer { .. }) && first.problems.is_empty());
    assert!(
        first
            .salvaged
            .iter()
            .any(|f| f.contains("read \"Desk_Chair-0\" as \"desk-chair-0\"")),
        "{:#?}",
        first.salvaged
    );
    assert!(
        first
            .salvaged
            .iter()
            .any(|f| f.contains("\"bed-0\" is in unit")
                && f.ends_with("so it is not also independent")),
        "{:#?}",
        first.salvaged
    );
    let units = t.decomposition.as_ref().unwrap().units.len();
    assert!(units >= 1);
    // Stage 2 came from the model: the prose around its JSON is no obstacle.
    assert_eq!(t.unit_relations.len(), units);
    // Stage 3, each local map and the global map: the planner's, each with its reason.
    let fell_back: Vec<StageKind> = t.fallbacks.iter().map(|f| f.key.stage).collect();
    assert_eq!(
        fell_back
            .iter()
            .filter(|s| **s == StageKind::GlobalRelations)
            .count(),
        1
    );
    assert_eq!(
        fell_back
            .iter()
            .filter(|s| **s == StageKind::ImagineUnit)
            .count(),
        units
    );
    assert_eq!(
        fell_back
            .iter()
            .filter(|s| **s == StageKind::ImagineGlobal)
            .count(),
        1
    );
    let global = t
        .fallbacks
        .iter()
        .find(|f| f.key.stage == StageKind::GlobalRelations)
        .unwrap();
    assert!(
        global
            .reason
            .contains("the same unusable answer after a repair prompt"),
        "{}",
        global.reason
    );
    assert!(
        global.reason.contains("cut off at the token limit"),
        "{}",
        global.reason
    );
    let s = t.sources();
    assert_eq!(s.fallback, units + 2, "{s:?}");
    assert!(s.salvaged >= 1 && s.model >= units, "{s:?}");
    assert_eq!(
        t.exchanges
            .iter()
            .filter(|e| e.source == AnswerSource::Fallback)
            .count(),
        s.fallback
    );
    // Bounded: a stage repeating its answer is asked twice, not three times; none is asked
    // again after its fallback.
    let asked = bodies(&server).await.len();
    let stages = 1 + units + 1 + units + 1;
    assert!(
        asked <= 1 + units + 2 * (1 + units + 1),
        "{asked} requests for {stages} stages"
    );
    // Every request carried a bound on its answer's length.
    assert!(
        bodies(&server)
            .await
            .iter()
            .all(|b| b["max_tokens"].as_u64().is_some_and(|n| n >= 96))
    );
    // The same run with --strict fails at stage 3, naming it.
    let strict = run_strict(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    let err = strict.result.unwrap_err().to_string();
    assert!(err.starts_with("global_relations"), "{err}");
}

#[tokio::test]
async fn a_run_with_fallbacks_replays_to_the_same_layout_and_the_same_sources() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, _| {
        (schema_name(body) == "global_relations").then(|| ok("no JSON here, sorry, just words"))
    })
    .await;
    let run = run_with(
        config(&server),
        &fixture("bedroom.json"),
        CancellationToken::new(),
    )
    .await;
    let g = run.result.as_ref().expect("a layout");
    assert_eq!(run.trace.sources().fallback, 1);
    let replay = relayout_reasoner::ReplayBackend::new(&run.trace, "run.json");
    let pc = relayout_reasoner::PipelineConfig {
        starts: 2,
        ..Default::default()
    };
    let again = relayout_reasoner::generate(
        &fixture("bedroom.json"),
        &replay,
        &pc,
        &relayout_reasoner::pipeline::NoProgress,
    )
    .await;
    let g2 = again.result.as_ref().expect("the replay lays out the room");
    assert_eq!(g2.scene.poses, g.scene.poses);
    assert_eq!(again.trace.sources(), run.trace.sources());
}

/// What a server enforcing the stage-1 schema writes: every object once in `assign`, to its
/// anchor or "independent"; here with one value slipped ("Bed-0").
#[tokio::test]
async fn an_assign_answer_reads_into_the_same_units_with_its_slip_salvaged() {
    let server = mock_server(&fixture("bedroom.json"), Duration::ZERO, |body, _| {
        let input = stage_input(body)?;
        if schema_name(body) != "decomposition" {
            return None;
        }
        let offline = relayout_reasoner::offline::answer(&input, 1);
        let mut assign = serde_json::Map::new();
        let mut units = Vec::new();
        for u in offline["units"].as_array().unwrap() {
            let anchor = u["anchor"].as_str().unwrap();
            assign.insert(anchor.into(), anchor.into());
            for m in u["members"].as_array().unwrap() {
                assign.insert(m.as_str().unwrap().into(), anchor.into());
            }
            units.push(serde_json::json!({"id": u["id"], "anchor": anchor, "purpose": "x"}));
        }
        for i in offline["independent"].as_array().unwrap() {
            assign.insert(i.as_str().unwrap().into(), "independent".into());
        }
        assign.insert("nightstand-1".into(), "Bed-0".into());
        Some(ok(
            &serde_json::json!({"units": units, "assign": assign}).to_string()
        ))
    })
    .await;
    let scene = fixture("bedroom.json");
    let run = run_with(config(&server), &scene, CancellationToken::new()).await;
    let g = run.result.as_ref().expect("a layout");
    assert_eq!(g.metrics.cr, 0.0);
    let t = &run.trace;
    let first = &t.exchanges[0];
    assert_eq!(first.key.stage, StageKind::Decompose);
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    assert_eq!(
        first.salvaged,
        ["assign.nightstand-1: read \"Bed-0\" as \"bed-0\""]
    );
    let planner = relayout_reasoner::offline::decompose::decompose(&scene);
    let d = t.decomposition.as_ref().unwrap();
    assert_eq!(d.units.len(), planner.units.len());
    for (a, b) in d.units.iter().zip(&planner.units) {
        assert_eq!(
            (&a.id, &a.anchor, &a.members),
            (&b.id, &b.anchor, &b.members)
        );
    }
    assert_eq!(d.independent, planner.independent);
    // The schema sent: every object a required key of `assign`.
    let bodies = bodies(&server).await;
    let sent = &bodies[0]["response_format"]["json_schema"]["schema"];
    let ids: Vec<&str> = scene.objects.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        sent["properties"]["assign"]["required"],
        serde_json::json!(ids)
    );
}
