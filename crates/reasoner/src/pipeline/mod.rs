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
mod error;
pub mod imagine;
mod progress;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use futures_util::future::join_all;
use relayout_core::metrics::{Metrics, evaluate};
use relayout_core::scene::Scene;
use relayout_core::scene::validate::validate;
use relayout_core::solver::{SolveOptions, solve};

pub use config::PipelineConfig;
pub use error::PipelineError;
pub use progress::{NoProgress, Progress, ProgressEvent};

use crate::answer::{Decomposition, RelationsAnswer};
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

/// Lays out `scene`'s objects: the input's units, relations and poses are set aside and
/// produced anew.
pub async fn generate(
    scene: &Scene,
    backend: &dyn Backend,
    config: &PipelineConfig,
    progress: &dyn Progress,
) -> Run {
    let mut input = scene.clone();
    input.units.clear();
    input.relations.clear();
    input.poses.clear();
    let trace = Mutex::new(Trace::new(backend.info(), config.settings(), input.clone()));
    let ctx = Ctx {
        backend,
        trace: &trace,
        max_repairs: config.max_repairs,
        progress,
    };
    let result = run(&ctx, &input, config).await;
    let mut trace = trace.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Err(e) = &result {
        trace.error = Some(e.to_string());
    }
    Run { result, trace }
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
    let step = Step::start(ctx, "decompose", 1);
    let d: Decomposition = ask(
        ctx,
        StageKind::Decompose,
        None,
        0,
        "decomposition",
        StageInput::Decompose {
            scene: input.clone(),
        },
        |d: &Decomposition| check_decomposition(input, d),
    )
    .await?;
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
    let accepted: Vec<_> = unit_relations.values().flatten().cloned().collect();
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
    scene.relations = plan.all_relations();
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
    ctx.with_trace(|t| {
        t.metrics = Some(metrics.clone());
        t.output = Some(scene.clone());
    });
    step.finish();
    Ok(Generated { scene, metrics })
}
