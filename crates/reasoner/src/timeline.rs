//! A run as a sequence of steps to step through (the editor's revision timeline): the input,
//! the decomposition, the relations, each imagine-and-revise iteration, the solver's stages and
//! the result; refinement turns are added by `relayout-rewards`. Each step carries the poses to
//! show and the objects to flag.

use std::collections::BTreeMap;

use layout_core::relation::describe;
use layout_core::scene::{Pose, Scene};
use layout_core::solver::Stage;
use serde::{Deserialize, Serialize};

use crate::trace::Trace;

/// What a step is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The scene as given.
    Input,
    /// Stage 1: units and anchors.
    Decomposition,
    /// Stage 2: relations inside the units.
    UnitRelations,
    /// Stage 3: relations between units.
    GlobalRelations,
    /// Stage 4: one imagine-and-revise iteration (its maps).
    Imagine,
    /// Stage 5: the end of one solver stage.
    Solver,
    /// The laid-out scene.
    Result,
    /// One refinement turn (MetaSpatial).
    RefineTurn,
}

/// One step of the timeline.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Step {
    /// What it is.
    pub kind: StepKind,
    /// A short title, e.g. "imagine 2: 3 conflicts".
    pub label: String,
    /// The poses to show in 3D at this step (`None`: the step has none; the view keeps the
    /// previous step's).
    pub poses: Option<BTreeMap<String, Pose>>,
    /// Objects to flag (in a conflict, colliding, out of the room).
    pub flagged: Vec<String>,
    /// The map iteration (index into the trace's `iterations`) for the maps view.
    pub iteration: Option<usize>,
    /// Lines of detail: conflicts, revisions, relations, rewards.
    pub details: Vec<String>,
}

fn step(kind: StepKind, label: impl Into<String>) -> Step {
    Step {
        kind,
        label: label.into(),
        poses: None,
        flagged: vec![],
        iteration: None,
        details: vec![],
    }
}

/// The steps of an R³L run, in order.
pub fn trace_steps(t: &Trace) -> Vec<Step> {
    let mut out = Vec::new();
    let mut input = step(StepKind::Input, "input");
    if !t.input.poses.is_empty() {
        input.poses = Some(t.input.poses.clone());
    }
    input.details.push(format!(
        "{} objects; \"{}\"",
        t.input.objects.len(),
        t.input.instruction
    ));
    out.push(input);
    if let Some(d) = &t.decomposition {
        let mut s = step(
            StepKind::Decomposition,
            format!("decomposition: {} units", d.units.len()),
        );
        for u in &d.units {
            s.details.push(format!(
                "{}: anchor {}, members {}{}",
                u.id,
                u.anchor,
                u.members.join(", "),
                if u.purpose.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", u.purpose)
                }
            ));
        }
        if !d.independent.is_empty() {
            s.details
                .push(format!("independent: {}", d.independent.join(", ")));
        }
        out.push(s);
    }
    if !t.unit_relations.is_empty() {
        let n: usize = t.unit_relations.values().map(Vec::len).sum();
        let mut s = step(
            StepKind::UnitRelations,
            format!("unit relations: {n} in {} units", t.unit_relations.len()),
        );
        for (u, rels) in &t.unit_relations {
            s.details
                .extend(rels.iter().map(|r| format!("{u}: {}", describe(r))));
        }
        out.push(s);
    }
    if let Some(g) = &t.global_relations {
        let mut s = step(
            StepKind::GlobalRelations,
            format!("global relations: {}", g.len()),
        );
        s.details.extend(g.iter().map(describe));
        out.push(s);
    }
    for (k, it) in t.iterations.iter().enumerate() {
        let mut s = step(
            StepKind::Imagine,
            format!(
                "imagine {}: {} conflict{}",
                it.index + 1,
                it.conflicts.len(),
                if it.conflicts.len() == 1 { "" } else { "s" }
            ),
        );
        s.poses = Some(it.world.clone());
        s.iteration = Some(k);
        for c in &it.conflicts {
            s.details.push(format!("conflict: {}", c.message));
            for o in &c.objects {
                if !s.flagged.contains(o) {
                    s.flagged.push(o.clone());
                }
            }
        }
        for r in &it.revised {
            s.details.push(format!("revised: {r}"));
        }
        for e in &it.revision_errors {
            s.details.push(format!("revision failed: {e}"));
        }
        out.push(s);
    }
    if let Some(solver) = &t.solver {
        let scene = t.output.as_ref().unwrap_or(&t.input);
        for stage in [
            Stage::Relations,
            Stage::Physics,
            Stage::Legalize,
            Stage::Polish,
        ] {
            let records: Vec<_> = solver
                .history
                .iter()
                .filter(|r| r.start == solver.best_start && r.stage == stage)
                .collect();
            let Some(last) = records.last() else { continue };
            let mut s = step(
                StepKind::Solver,
                format!("solver: {stage:?} ({} iterations)", records.len()).to_lowercase(),
            );
            s.details.push(format!(
                "loss {:.4} (relations {:.4}, collisions {:.4}, walls {:.4}, doors {:.4})",
                last.loss.total(),
                last.loss.relation,
                last.loss.collision,
                last.loss.boundary,
                last.loss.door
            ));
            s.poses = records
                .iter()
                .rev()
                .find_map(|r| r.poses.as_ref())
                .map(|p| poses_of(scene, p));
            out.push(s);
        }
    }
    if let Some(o) = &t.output {
        let mut s = step(StepKind::Result, "result");
        s.poses = Some(o.poses.clone());
        if let Some(m) = &t.metrics {
            s.details.push(format!(
                "CR {:.3}, OR {:.3}, RS {}, AC {}",
                m.cr,
                m.or_,
                m.rs.map_or("—".into(), |r| format!("{r:.3}")),
                m.ac.map_or("—".into(), |r| format!("{r:.3}"))
            ));
            for [a, b] in &m.colliding_pairs {
                s.flagged.push(a.clone());
                s.flagged.push(b.clone());
            }
            s.flagged.extend(m.out_of_room.iter().cloned());
        }
        out.push(s);
    }
    if let Some(e) = &t.error {
        let mut s = step(StepKind::Result, "stopped");
        s.details.push(e.clone());
        out.push(s);
    }
    out
}

/// `[x, y, rz°]` rows in scene order as poses, with each object's height from the scene's own
/// poses (0 when it has none).
fn poses_of(scene: &Scene, rows: &[[f64; 3]]) -> BTreeMap<String, Pose> {
    scene
        .objects
        .iter()
        .zip(rows)
        .map(|(o, r)| {
            let z = scene.poses.get(&o.id).map_or(0.0, |p| p.z);
            (
                o.id.clone(),
                Pose {
                    x: r[0],
                    y: r[1],
                    z,
                    rz: r[2],
                },
            )
        })
        .collect()
}
