//! An R³L run as a sequence of [`Step`]s to step through (the editor's revision timeline): the
//! input, the decomposition, the relations, each imagine-and-revise iteration, the solver's
//! stages and the result.

use std::collections::BTreeMap;

use relayout_core::relation::describe;
use relayout_core::scene::{Pose, Scene};
use relayout_core::solver::Stage;
use relayout_core::timeline::{Step, StepKind};

use crate::trace::Trace;

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
