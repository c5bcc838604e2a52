//! The `offline` backend, relayout's embedded default: a deterministic planner built from
//! category knowledge, with no network. It answers every stage with the same answer types an
//! LLM would, so the pipeline (checks, conflicts, revisions, solve) is the same.
//!
//! - [`knowledge`]: categories to roles and their rules.
//! - [`decompose`]: stage 1.
//! - [`unit_plan`]: stage 2.
//! - [`room_plan`]: stage 3 and the global map (a packer over walls, corners and the floor),
//!   planned once for both (`plan_memo`).
//! - [`local_layout`]: local maps that satisfy the unit's relations exactly.
//!
//! Revisions: a unit with inner conflicts gets 10 cm more clearance per iteration on the side
//! relations of the objects involved; the room gets 10 cm more clear floor around everything per
//! iteration, with the things in conflict placed first.

pub mod decompose;
pub mod knowledge;
pub mod local_layout;
mod plan_memo;
pub mod room_plan;
pub mod unit_plan;
pub mod wishes;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use relayout_core::relation::Relation;
use relayout_core::scene::Scene;
use serde::Serialize;

use crate::answer::{
    Decomposition, GlobalMap, LocalMap, MapPose, RelationsAnswer, Revision, UnitPlan,
};
use crate::backend::{
    Backend, BackendError, BackendInfo, BoxFuture, CallRecord, Reply, StageInput, StageRequest,
    UnitExtent,
};
use crate::cognitive_map::unit_extent;
use crate::conflict::Conflict;
use plan_memo::plan_room_once;
use room_plan::PlanOptions;

/// The offline planner as a backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct OfflineBackend;

/// The offline planner's answer to a stage input, as JSON.
pub fn answer(input: &StageInput, iteration: usize) -> serde_json::Value {
    fn json<T: Serialize>(v: &T) -> serde_json::Value {
        serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
    }
    match input {
        StageInput::Decompose { scene } => json(&decompose::decompose(scene)),
        StageInput::UnitRelations { scene, unit } => json(&RelationsAnswer {
            relations: unit_plan::unit_relations(scene, unit),
        }),
        StageInput::GlobalRelations {
            scene,
            decomposition,
            unit_relations,
        } => {
            let local_maps: BTreeMap<String, Vec<MapPose>> = decomposition
                .units
                .iter()
                .map(|u| {
                    let rels = unit_relations.get(&u.id).cloned().unwrap_or_default();
                    (u.id.clone(), local_layout::local_layout(scene, u, &rels))
                })
                .collect();
            let extents = extents_of(scene, decomposition, &local_maps);
            let plan = plan_room_once(
                scene,
                decomposition,
                &extents,
                &local_maps,
                &PlanOptions::default(),
            );
            json(&RelationsAnswer {
                relations: plan.relations,
            })
        }
        StageInput::ImagineUnit {
            scene,
            unit,
            relations,
        } => json(&LocalMap {
            poses: local_layout::local_layout(scene, unit, relations),
        }),
        StageInput::ImagineGlobal {
            scene,
            decomposition,
            extents,
            local_maps,
            ..
        } => {
            let plan = plan_room_once(
                scene,
                decomposition,
                extents,
                local_maps,
                &PlanOptions::default(),
            );
            json(&GlobalMap { poses: plan.poses })
        }
        StageInput::ReviseUnit {
            scene,
            unit,
            relations,
            conflicts,
            ..
        } => json(&revise_unit(scene, unit, relations, conflicts)),
        StageInput::ReviseGlobal {
            scene,
            decomposition,
            extents,
            local_maps,
            conflicts,
            ..
        } => {
            let first: BTreeSet<String> = conflicts
                .iter()
                .flat_map(|c| &c.objects)
                .map(|id| {
                    decomposition
                        .unit_of(id)
                        .map_or(id.clone(), |u| u.id.clone())
                })
                .collect();
            let opts = PlanOptions {
                margin_boost: 0.1 * iteration as f64,
                first: first.into_iter().collect(),
            };
            let plan = plan_room_once(scene, decomposition, extents, local_maps, &opts);
            json(&Revision {
                relations: plan.relations,
                poses: plan.poses,
            })
        }
    }
}

/// Each unit's joint box from its local map.
pub fn extents_of(
    scene: &Scene,
    d: &Decomposition,
    local_maps: &BTreeMap<String, Vec<MapPose>>,
) -> Vec<UnitExtent> {
    let empty = Vec::new();
    d.units
        .iter()
        .map(|u| unit_extent(scene, u, local_maps.get(&u.id).unwrap_or(&empty)))
        .collect()
}

/// More clearance for the objects in conflict, and their new local map.
fn revise_unit(
    scene: &Scene,
    unit: &UnitPlan,
    relations: &[Relation],
    conflicts: &[Conflict],
) -> Revision {
    let involved: BTreeSet<&str> = conflicts
        .iter()
        .flat_map(|c| c.objects.iter().map(String::as_str))
        .collect();
    let relations: Vec<Relation> = relations
        .iter()
        .cloned()
        .map(|mut r| {
            match &mut r {
                Relation::LeftOf {
                    source, clearance, ..
                }
                | Relation::RightOf {
                    source, clearance, ..
                }
                | Relation::InFrontOf {
                    source, clearance, ..
                }
                | Relation::Behind {
                    source, clearance, ..
                } if involved.contains(source.as_str()) => {
                    *clearance = local_layout::round(*clearance + 0.1);
                }
                Relation::Around {
                    sources, distance, ..
                } if sources.iter().any(|s| involved.contains(s.as_str())) => {
                    *distance = local_layout::round(*distance + 0.1);
                }
                _ => {}
            }
            r
        })
        .collect();
    let poses = local_layout::local_layout(scene, unit, &relations);
    Revision { relations, poses }
}

impl Backend for OfflineBackend {
    fn info(&self) -> BackendInfo {
        BackendInfo {
            kind: "offline".to_owned(),
            model: None,
            endpoint: None,
            replaying: None,
        }
    }

    fn answer<'a>(
        &'a self,
        request: &'a StageRequest,
    ) -> BoxFuture<'a, Result<Reply, BackendError>> {
        let started = Instant::now();
        let json = answer(&request.input, request.key.iteration);
        let text = serde_json::to_string(&json).unwrap_or_default();
        let record = CallRecord {
            latency_ms: started.elapsed().as_secs_f64() * 1e3,
            ..Default::default()
        };
        Box::pin(std::future::ready(Ok(Reply { json, text, record })))
    }
}
