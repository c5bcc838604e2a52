//! The R³L pipeline (DESIGN §7, stages 1 to 5), the same for every backend:
//!
//! 1. decompose the objects into units with anchors;
//! 2. relations inside each unit, one request per unit, all at once;
//! 3. relations between units and independent objects;
//! 4. imagine cognitive maps and revise them hierarchically until clean or out of budget
//!    ([`imagine`]);
//! 5. solve from the imagined poses, then evaluate.
//!
//! Every answer is parsed strictly and checked ([`crate::check`]); problems go back in a repair
//! prompt, up to `max_repairs` times per request. The run's trace holds everything, and is
//! returned whether the run succeeds or not.

mod call;
mod config;
mod defer;
mod error;
pub mod imagine;
mod progress;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use futures_util::future::join_all;
use relayout_core::metrics::{Metrics, evaluate};
use relayout_core::rules::RuleSet;
use relayout_core::scene::Scene;
use relayout_core::scene::validate::validate;
use relayout_core::solver::{SolveOptions, solve};

pub use config::PipelineConfig;
pub use error::PipelineError;
pub use progress::{NoProgress, Progress, ProgressEvent};

use crate::answer::{Decomposition, DecompositionAnswer, RelationsAnswer};
use crate::backend::{Backend, StageInput};
use crate::check::{RelationScope, check_decomposition, check_relations};
use crate::stage::StageKind;
use crate::trace::{SolverRecord, Timing, Trace};
use call::{Ctx, ask};
use imagine::Plan;

/// A finished layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    /// The scene with units, relations and poses filled in.
    pub scene: Scene,
    /// Its metrics.
    pub metrics: Metrics,
}

/// A run: its result and its trace (complete on success, partial on failure).
#[derive(Clone, Debug)]
pub struct Run {
    /// The layout, or why there is none.
    pub result: Result<Generated, PipelineError>,
    /// Everything that happened.
    pub trace: Trace,
}

/// Lays out `scene`'s objects. The designer's relations (their own, and those read from the
/// instruction, read anew) are kept as constraints, and so are their units; the planner's
/// relations, units and all poses are produced anew. With `config.fresh` everything is set
/// aside.
pub async fn generate(
    scene: &Scene,
    backend: &dyn Backend,
    config: &PipelineConfig,
    progress: &dyn Progress,
) -> Run {
    let (input, notes) = prepare_input(scene, config.fresh);
    let started = Instant::now();
    let reading = crate::instruction::read(&input);
    let read_ms = started.elapsed().as_secs_f64() * 1e3;
    let mut input = input;
    reading.apply(&mut input);
    let mut trace = Trace::new(backend.info(), config.settings(), input.clone());
    trace.timings.push(Timing {
        step: "read_instruction".into(),
        ms: read_ms,
    });
    trace.notes = notes;
    trace.reading = Some(reading);
    let trace = Mutex::new(trace);
    let ctx = Ctx {
        backend,
        trace: &trace,
        max_repairs: config.max_repairs,
        progress,
        strict: config.strict,
        failures: std::sync::atomic::AtomicUsize::new(0),
    };
    let result = run(&ctx, &input, config).await;
    let mut trace = trace.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Err(e) = &result {
        trace.error = Some(e.to_string());
    }
    Run { result, trace }
}

/// The designer's units as the decomposition (everything else stands alone).
fn designers_units(scene: &Scene) -> Decomposition {
    let units: Vec<crate::answer::UnitPlan> = scene
        .units
        .iter()
        .map(|u| crate::answer::UnitPlan {
            id: u.id.clone(),
            anchor: u.anchor.clone(),
            members: u.members.clone(),
            purpose: "the designer's".into(),
        })
        .collect();
    let independent = scene
        .objects
        .iter()
        .filter(|o| !units.iter().any(|u| u.objects().any(|id| *id == o.id)))
        .map(|o| o.id.clone())
        .collect();
    Decomposition { units, independent }
}

/// The scene the pipeline starts from, and what was kept and set aside, in words.
pub fn prepare_input(scene: &Scene, fresh: bool) -> (Scene, Vec<String>) {
    let mut input = scene.clone();
    let mut notes = Vec::new();
    input.poses.clear();
    let n = input.relations.len();
    if fresh {
        if n > 0 || !input.units.is_empty() {
            notes.push(format!(
                "--fresh: the scene's {n} relation(s) and {} unit(s) are set aside",
                input.units.len()
            ));
        }
        input.relations.clear();
        input.origins.clear();
        input.units.clear();
        return (input, notes);
    }
    let planned = (0..n).filter(|&i| !input.origin(i).is_designers()).count();
    let read = (0..n)
        .filter(|&i| input.origin(i).phrase().is_some())
        .count();
    // Units come from the planner once a scene has been generated: only a hand-made scene's
    // units are the designer's.
    if planned > 0 && !input.units.is_empty() {
        notes.push(format!(
            "the planner's {} unit(s) and {planned} relation(s) are produced anew",
            input.units.len()
        ));
        input.units.clear();
    } else if planned > 0 {
        notes.push(format!(
            "the planner's {planned} relation(s) are produced anew"
        ));
    }
    if read > 0 {
        notes.push(format!(
            "the instruction's {read} relation(s) are read anew from its text"
        ));
    }
    input.retain_relations(|_, o| o.is_designers() && o.phrase().is_none());
    // A designer's relation that names a unit set aside cannot stay.
    let known: Vec<String> = input
        .objects
        .iter()
        .map(|o| o.id.clone())
        .chain(input.units.iter().map(|u| u.id.clone()))
        .collect();
    let mut dropped = Vec::new();
    input.retain_relations(|r, _| {
        let ok = r
            .references()
            .iter()
            .all(|(_, id)| known.iter().any(|k| k == id));
        if !ok {
            dropped.push(relayout_core::relation::describe(r));
        }
        ok
    });
    for d in dropped {
        notes.push(format!(
            "set aside \u{201c}{d}\u{201d}: it names a unit produced anew"
        ));
    }
    let kept = input.relations.len();
    if kept > 0 || !input.units.is_empty() {
        notes.push(format!(
            "kept the designer's {kept} relation(s) and {} unit(s) as constraints",
            input.units.len()
        ));
    }
    (input, notes)
}

struct Step<'a> {
    ctx: &'a Ctx<'a>,
    name: &'static str,
    started: Instant,
}

impl<'a> Step<'a> {
    fn start(ctx: &'a Ctx<'a>, name: &'static str, requests: usize) -> Self {
        ctx.progress.event(&ProgressEvent::StepStarted {
            step: name.to_owned(),
            requests,
        });
        Step {
            ctx,
            name,
            started: Instant::now(),
        }
    }

    fn finish(self) {
        let ms = self.started.elapsed().as_secs_f64() * 1e3;
        self.ctx.with_trace(|t| {
            t.timings.push(Timing {
                step: self.name.to_owned(),
                ms,
            })
        });
        self.ctx.progress.event(&ProgressEvent::StepFinished {
            step: self.name.to_owned(),
            ms,
        });
    }
}

async fn run(
    ctx: &Ctx<'_>,
    input: &Scene,
    config: &PipelineConfig,
) -> Result<Generated, PipelineError> {
    let issues = validate(input);
    if !issues.is_empty() {
        return Err(PipelineError::Input(
            issues.iter().map(|i| i.to_string()).collect(),
        ));
    }

    // 1. Units.
    let step = Step::start(ctx, "decompose", usize::from(input.units.is_empty()));
    let d: Decomposition = if input.units.is_empty() {
        ask(
            ctx,
            StageKind::Decompose,
            None,
            0,
            "decomposition",
            StageInput::Decompose {
                scene: input.clone(),
            },
            |a: &DecompositionAnswer| check_decomposition(input, &a.decomposition()),
        )
        .await?
        .decomposition()
    } else {
        designers_units(input)
    };
    ctx.with_trace(|t| t.decomposition = Some(d.clone()));
    step.finish();

    // 2. Relations inside each unit, concurrently.
    let step = Step::start(ctx, "unit_relations", d.units.len());
    let d_ref = &d;
    let asks = d.units.iter().map(|u| async move {
        let r: Result<RelationsAnswer, _> = ask(
            ctx,
            StageKind::UnitRelations,
            Some(u.id.clone()),
            0,
            "unit_relations",
            StageInput::UnitRelations {
                scene: input.clone(),
                unit: u.clone(),
            },
            |a: &RelationsAnswer| {
                check_relations(input, d_ref, RelationScope::Unit(u), &a.relations, &[])
            },
        )
        .await;
        (u.id.clone(), r)
    });
    let mut unit_relations = BTreeMap::new();
    let mut first_error = None;
    for (id, r) in join_all(asks).await {
        match r {
            Ok(a) => {
                ctx.with_trace(|t| t.unit_relations.insert(id.clone(), a.relations.clone()));
                unit_relations.insert(id, a.relations);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    step.finish();

    // 3. Relations between units.
    let step = Step::start(ctx, "global_relations", 1);
    // The designer's relations are accepted already: an answer contradicting them is repaired.
    let accepted: Vec<_> = unit_relations
        .values()
        .flatten()
        .chain(&input.relations)
        .cloned()
        .collect();
    let global: RelationsAnswer = ask(
        ctx,
        StageKind::GlobalRelations,
        None,
        0,
        "global_relations",
        StageInput::GlobalRelations {
            scene: input.clone(),
            decomposition: d.clone(),
            unit_relations: unit_relations.clone(),
        },
        |a: &RelationsAnswer| {
            check_relations(input, &d, RelationScope::Global, &a.relations, &accepted)
        },
    )
    .await?;
    ctx.with_trace(|t| t.global_relations = Some(global.relations.clone()));
    step.finish();

    // 4. Imagine and revise.
    let mut plan = Plan {
        decomposition: d,
        unit_relations,
        global_relations: global.relations,
        local_maps: BTreeMap::new(),
        global_map: vec![],
    };
    let step = Step::start(ctx, "imagine", plan.decomposition.units.len() + 1);
    imagine::imagine_units(ctx, input, &mut plan).await?;
    imagine::imagine_global(ctx, input, &mut plan).await?;
    step.finish();
    let step = Step::start(ctx, "revise", 0);
    let world = imagine::revise_loop(ctx, input, &mut plan, config.revise_budget).await;
    step.finish();

    // 5. Solve from the imagined poses, then evaluate.
    let mut scene = input.clone();
    scene.units = plan
        .decomposition
        .units
        .iter()
        .map(|u| u.to_scene_unit())
        .collect();
    // The planner's relations yield to the designer's ones the imagined layout does not meet;
    // those it meets hold together with the planner's, so both are kept.
    let unmet: Vec<relayout_core::relation::Relation> = match evaluate(input, &world) {
        Ok(m) => m
            .unsatisfied
            .iter()
            .filter_map(|&i| input.relations.get(i).cloned())
            .collect(),
        Err(_) => input.relations.clone(),
    };
    let (planned, deferred) = defer::defer(plan.all_relations(), &input.relations, &unmet);
    if deferred > 0 {
        ctx.with_trace(|t| {
            t.notes.push(format!(
                "{deferred} of the planner's relation(s) left out: they contradict the designer's"
            ))
        });
    }
    for r in planned {
        if !scene.relations.contains(&r) {
            scene.push_relation(r, relayout_core::relation::Origin::Planner);
        }
    }
    scene.poses = world;
    let step = Step::start(ctx, "solve", 0);
    let opts = SolveOptions {
        seed: config.seed,
        starts: config.starts,
        record_poses_every: config.record_poses_every,
        ..Default::default()
    };
    let started = Instant::now();
    let solution = solve(&scene, &opts).map_err(|e| PipelineError::Solve(e.to_string()))?;
    let ms = started.elapsed().as_secs_f64() * 1e3;
    ctx.with_trace(|t| {
        t.solver = Some(SolverRecord {
            ms,
            starts_run: solution.starts_run,
            best_start: solution.best_start,
            report: solution.report.clone(),
            history: solution.history.clone(),
        })
    });
    scene.poses = solution.poses;
    ctx.progress.event(&ProgressEvent::Layout {
        step: "solve".into(),
        poses: scene.poses.clone(),
    });
    step.finish();

    let step = Step::start(ctx, "evaluate", 0);
    let metrics =
        evaluate(&scene, &scene.poses).map_err(|e| PipelineError::Evaluate(e.to_string()))?;
    let design = relayout_core::rules::check(&scene, &scene.poses, RuleSet::All).ok();
    ctx.with_trace(|t| {
        t.metrics = Some(metrics.clone());
        t.design = design;
        t.output = Some(scene.clone());
    });
    step.finish();
    Ok(Generated { scene, metrics })
}
