//! Stage 4, imagine and revise: local maps for every unit (concurrently), then the global map;
//! instantiate, find conflicts, and revise hierarchically — a conflict inside a unit revises
//! that unit's relations and local map, a conflict between units (or with the room or a door)
//! revises the global relations and map — until the maps are clean or the budget is spent.
//!
//! A revision that fails (no usable answer after the repairs) does not end the run: the
//! previous relations and map are kept, the failure is recorded in the iteration, and the
//! solver, which starts from the last maps, separates what still overlaps.

use std::collections::BTreeMap;

use futures_util::future::join_all;
use relayout_core::relation::Relation;
use relayout_core::rules::RuleSet;
use relayout_core::scene::{Pose, Scene};

use super::call::{Ctx, ask};
use super::error::PipelineError;
use super::progress::ProgressEvent;
use crate::answer::{Decomposition, GlobalMap, LocalMap, MapPose, Revision};
use crate::backend::{StageInput, UnitExtent};
use crate::check::{RelationScope, check_global_map, check_local_map, check_relations};
use crate::cognitive_map::{find_conflicts, instantiate, unit_extent};
use crate::conflict::Conflict;
use crate::stage::StageKind;
use crate::trace::MapIteration;

/// The relations and maps the loop works on.
pub(crate) struct Plan {
    pub decomposition: Decomposition,
    pub unit_relations: BTreeMap<String, Vec<Relation>>,
    pub global_relations: Vec<Relation>,
    pub local_maps: BTreeMap<String, Vec<MapPose>>,
    pub global_map: Vec<MapPose>,
}

impl Plan {
    /// Every relation, units' first.
    pub fn all_relations(&self) -> Vec<Relation> {
        self.unit_relations
            .values()
            .flatten()
            .chain(&self.global_relations)
            .cloned()
            .collect()
    }

    fn relations_except_unit(&self, unit: &str) -> Vec<Relation> {
        self.unit_relations
            .iter()
            .filter(|(u, _)| u.as_str() != unit)
            .flat_map(|(_, r)| r.iter().cloned())
            .collect()
    }

    fn extents(&self, scene: &Scene) -> Vec<UnitExtent> {
        let empty = Vec::new();
        self.decomposition
            .units
            .iter()
            .map(|u| unit_extent(scene, u, self.local_maps.get(&u.id).unwrap_or(&empty)))
            .collect()
    }
}

/// Stage 4a: one local map per unit, concurrently.
pub(crate) async fn imagine_units(
    ctx: &Ctx<'_>,
    scene: &Scene,
    plan: &mut Plan,
) -> Result<(), PipelineError> {
    let asks = plan.decomposition.units.iter().map(|u| {
        let input = StageInput::ImagineUnit {
            scene: scene.clone(),
            unit: u.clone(),
            relations: plan.unit_relations.get(&u.id).cloned().unwrap_or_default(),
        };
        async move {
            let map: Result<LocalMap, _> = ask(
                ctx,
                StageKind::ImagineUnit,
                Some(u.id.clone()),
                0,
                "local_map",
                input,
                |m: &LocalMap| check_local_map(u, &m.poses),
            )
            .await;
            (u.id.clone(), map)
        }
    });
    let mut first_error = None;
    for (id, map) in join_all(asks).await {
        match map {
            Ok(m) => {
                plan.local_maps.insert(id, m.poses);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// Stage 4b: the global map.
pub(crate) async fn imagine_global(
    ctx: &Ctx<'_>,
    scene: &Scene,
    plan: &mut Plan,
) -> Result<(), PipelineError> {
    let input = StageInput::ImagineGlobal {
        scene: scene.clone(),
        decomposition: plan.decomposition.clone(),
        relations: plan.global_relations.clone(),
        extents: plan.extents(scene),
        local_maps: plan.local_maps.clone(),
    };
    let d = &plan.decomposition;
    let map: GlobalMap = ask(
        ctx,
        StageKind::ImagineGlobal,
        None,
        0,
        "global_map",
        input,
        |m: &GlobalMap| check_global_map(d, &m.poses),
    )
    .await?;
    plan.global_map = map.poses;
    Ok(())
}

/// Instantiates the current maps and finds their conflicts.
fn inspect(scene: &Scene, plan: &Plan) -> (BTreeMap<String, Pose>, Vec<Conflict>) {
    let relations = plan.all_relations();
    let world = instantiate(
        scene,
        &plan.decomposition,
        &plan.local_maps,
        &plan.global_map,
        &relations,
    );
    let conflicts = find_conflicts(
        scene,
        &plan.decomposition,
        &plan.local_maps,
        &world,
        &relations,
    );
    (world, conflicts)
}

/// The imagine-and-revise loop after the first maps; returns the world poses of the last maps.
pub(crate) async fn revise_loop(
    ctx: &Ctx<'_>,
    scene: &Scene,
    plan: &mut Plan,
    budget: usize,
) -> BTreeMap<String, Pose> {
    let mut index = 0;
    loop {
        let (world, conflicts) = inspect(scene, plan);
        ctx.progress.event(&ProgressEvent::Layout {
            step: format!("imagine {}", index + 1),
            poses: world.clone(),
        });
        let mut record = MapIteration {
            index,
            local_maps: plan.local_maps.clone(),
            global_map: plan.global_map.clone(),
            world: world.clone(),
            conflicts: conflicts.clone(),
            revised: vec![],
            revision_errors: vec![],
            unit_relations: if index > 0 {
                plan.unit_relations.clone()
            } else {
                BTreeMap::new()
            },
            global_relations: (index > 0).then(|| plan.global_relations.clone()),
        };
        if conflicts.is_empty() || index >= budget {
            ctx.with_trace(|t| t.iterations.push(record));
            return world;
        }
        index += 1;
        let design = relayout_core::rules::check(scene, &world, RuleSet::Fast)
            .map(|d| d.feedback_lines())
            .unwrap_or_default();
        let (revised, errors) = revise(ctx, scene, plan, &conflicts, &design, index).await;
        record.revised = revised;
        record.revision_errors = errors;
        let stuck = record.revised.is_empty();
        ctx.with_trace(|t| t.iterations.push(record));
        if stuck {
            // Every revision failed: asking again would repeat the same requests.
            let (world, _) = inspect(scene, plan);
            return world;
        }
    }
}

/// One round of revisions: the units with inner conflicts concurrently, then the global level
/// (told, too, which design rules the imagined layout breaks).
async fn revise(
    ctx: &Ctx<'_>,
    scene: &Scene,
    plan: &mut Plan,
    conflicts: &[Conflict],
    design_feedback: &[String],
    iteration: usize,
) -> (Vec<String>, Vec<String>) {
    let mut by_unit: BTreeMap<String, Vec<Conflict>> = BTreeMap::new();
    let mut global = Vec::new();
    for c in conflicts {
        match &c.unit {
            Some(u) => by_unit.entry(u.clone()).or_default().push(c.clone()),
            None => global.push(c.clone()),
        }
    }
    let (mut revised, mut errors) = (Vec::new(), Vec::new());
    let plan_ref = &*plan;
    let asks = by_unit.into_iter().filter_map(|(uid, cs)| {
        let u = plan_ref.decomposition.unit(&uid)?.clone();
        let input = StageInput::ReviseUnit {
            scene: scene.clone(),
            unit: u.clone(),
            relations: plan_ref
                .unit_relations
                .get(&uid)
                .cloned()
                .unwrap_or_default(),
            map: plan_ref.local_maps.get(&uid).cloned().unwrap_or_default(),
            conflicts: cs,
        };
        let others = plan_ref.relations_except_unit(&uid);
        let d = &plan_ref.decomposition;
        Some(async move {
            let r: Result<Revision, _> = ask(
                ctx,
                StageKind::ReviseUnit,
                Some(uid.clone()),
                iteration,
                "unit_revision",
                input,
                |r: &Revision| {
                    let mut p =
                        check_relations(scene, d, RelationScope::Unit(&u), &r.relations, &others);
                    p.extend(check_local_map(&u, &r.poses));
                    p
                },
            )
            .await;
            (uid, r)
        })
    });
    for (uid, r) in join_all(asks).await {
        match r {
            Ok(r) => {
                plan.unit_relations.insert(uid.clone(), r.relations);
                plan.local_maps.insert(uid.clone(), r.poses);
                revised.push(uid);
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !global.is_empty() {
        let input = StageInput::ReviseGlobal {
            scene: scene.clone(),
            decomposition: plan.decomposition.clone(),
            relations: plan.global_relations.clone(),
            map: plan.global_map.clone(),
            extents: plan.extents(scene),
            local_maps: plan.local_maps.clone(),
            conflicts: global,
            design_feedback: design_feedback.to_vec(),
        };
        let units: Vec<Relation> = plan.unit_relations.values().flatten().cloned().collect();
        let d = &plan.decomposition;
        let r: Result<Revision, _> = ask(
            ctx,
            StageKind::ReviseGlobal,
            None,
            iteration,
            "global_revision",
            input,
            |r: &Revision| {
                let mut p = check_relations(scene, d, RelationScope::Global, &r.relations, &units);
                p.extend(check_global_map(d, &r.poses));
                p
            },
        )
        .await;
        match r {
            Ok(r) => {
                plan.global_relations = r.relations;
                plan.global_map = r.poses;
                revised.push("global".to_owned());
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    (revised, errors)
}
