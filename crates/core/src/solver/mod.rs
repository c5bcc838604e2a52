//! The layout solver (DESIGN §6): relations to poses.
//!
//! Each start optimises the mixed pose representation jointly through staged weights —
//! relations first with physics nearly off, so that groups can pass through each other into
//! shape; then collisions, walls and door swings; then a position-based push that clears the
//! overlaps that remain; then a stiff polish. Several starts run from different initial poses
//! (the first from the given poses, e.g. a cognitive map) and the best feasible result is kept.
//! Everything is deterministic for a seed and bounded in iterations: a scene that cannot fit
//! ends with a report, never a hang.

pub mod control;
pub mod lbfgs;
mod legalize;
pub mod problem;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::geometry::Frame;
use crate::metrics::{Metrics, evaluate_placed};
use crate::placement::Placed;
use crate::relation::Tolerance;
use crate::scene::{Pose, Scene, validate::validate};
pub use control::{SolveControl, SolveProgress};
use lbfgs::{LbfgsOptions, minimize};
pub use problem::{Breakdown, Problem, Weights};

/// How to solve.
#[derive(Clone, Debug, PartialEq)]
pub struct SolveOptions {
    /// Seed of the random starts.
    pub seed: u64,
    /// Number of starts (at least 1); solving stops early at a start with no violation.
    pub starts: usize,
    /// Record every object's pose every this many iterations (for timelines), or never.
    pub record_poses_every: Option<usize>,
    /// Tolerances of the relation predicates.
    pub tolerance: Tolerance,
    /// Scales every stage's iteration budget.
    pub effort: f64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            seed: 0,
            starts: 6,
            record_poses_every: None,
            tolerance: Tolerance::default(),
            effort: 1.0,
        }
    }
}

/// A stage of one start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Relations, physics nearly off.
    Relations,
    /// Relations with collisions, walls and door swings.
    Physics,
    /// Position-based pushes clearing remaining overlaps.
    Legalize,
    /// Stiff physics, relations kept.
    Polish,
}

/// One iteration of the optimisation, for plots and timelines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IterationRecord {
    /// Which start.
    pub start: usize,
    /// Which stage.
    pub stage: Stage,
    /// Iteration counter within the start.
    pub iteration: usize,
    /// Weighted loss terms after the iteration.
    pub loss: Breakdown,
    /// `[x, y, rz°]` of every object, in scene order, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poses: Option<Vec<[f64; 3]>>,
}

/// The result of a solve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Solution {
    /// The best layout found.
    pub poses: BTreeMap<String, Pose>,
    /// Its metrics.
    pub metrics: Metrics,
    /// Which start produced it.
    pub best_start: usize,
    /// How many starts ran.
    pub starts_run: usize,
    /// Every iteration of every start.
    pub history: Vec<IterationRecord>,
    /// What could not be satisfied, in words (empty when everything holds).
    pub report: Vec<String>,
}

/// Why solving did not start.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// The scene breaks the document's rules.
    #[error("the scene is invalid:\n{}", .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<crate::scene::validate::Issue>),
    /// [`SolveControl::cancel`] was called; the scene is as it was.
    #[error("the solve was cancelled")]
    Cancelled,
}

const STAGES: [(Stage, Weights, usize); 3] = [
    (
        Stage::Relations,
        Weights {
            relation: 1.0,
            collision: 0.0,
            boundary: 1.0,
            door: 0.0,
            prior: 0.01,
        },
        150,
    ),
    (
        Stage::Physics,
        Weights {
            relation: 1.0,
            collision: 30.0,
            boundary: 30.0,
            door: 10.0,
            prior: 0.01,
        },
        200,
    ),
    (
        Stage::Polish,
        Weights {
            relation: 1.0,
            collision: 300.0,
            boundary: 300.0,
            door: 100.0,
            prior: 0.01,
        },
        150,
    ),
];

/// Solves a scene.
pub fn solve(scene: &Scene, opts: &SolveOptions) -> Result<Solution, SolveError> {
    solve_with(scene, opts, &SolveControl::new())
}

/// Stages a start runs, for progress: relations (twice when bodies turn), physics, legalize,
/// polish.
const STAGES_PER_START: usize = 4;

/// Solves a scene, reporting progress to `control` and stopping when it is cancelled.
pub fn solve_with(
    scene: &Scene,
    opts: &SolveOptions,
    control: &SolveControl,
) -> Result<Solution, SolveError> {
    let issues = validate(scene);
    if !issues.is_empty() {
        return Err(SolveError::Invalid(issues));
    }
    let problem = Problem::new(scene);
    let mut rng = fastrand::Rng::with_seed(opts.seed);
    let mut history = Vec::new();
    let mut best: Option<(Score, Vec<f64>, Metrics, usize)> = None;
    let mut starts_run = 0;
    control.begin(opts.starts.max(1), STAGES_PER_START);
    for start in 0..opts.starts.max(1) {
        starts_run += 1;
        control.at_start(start);
        let mut x = initial_params(&problem, &mut rng, start == 0);
        run_start(&problem, opts, start, &mut x, &mut history, control)?;
        let metrics = metrics_at(&problem, &x, opts.tolerance);
        let score = Score::of(&problem, &x, &metrics);
        if best.as_ref().is_none_or(|b| score.better_than(&b.0)) {
            best = Some((score, x, metrics, start));
        }
        if best.as_ref().is_some_and(|b| b.0.perfect()) {
            break;
        }
    }
    control.finish();
    let (_, x, metrics, best_start) = best.expect("at least one start");
    let report = report(scene, &metrics);
    Ok(Solution {
        poses: problem.poses(&x),
        metrics,
        best_start,
        starts_run,
        history,
        report,
    })
}

fn run_start(
    problem: &Problem,
    opts: &SolveOptions,
    start: usize,
    x: &mut [f64],
    history: &mut Vec<IterationRecord>,
    control: &SolveControl,
) -> Result<(), SolveError> {
    let [(s0, w0, i0), (s1, w1, i1), (s2, w2, i2)] = STAGES;
    let checkpoint = || {
        control.stage_done();
        if control.is_cancelled() {
            Err(SolveError::Cancelled)
        } else {
            Ok(())
        }
    };
    let run = |x: &mut [f64], history: &mut Vec<IterationRecord>, stage, w: &Weights, iters| {
        run_stage(problem, opts, start, x, stage, w, iters, history)
    };
    if control.is_cancelled() {
        return Err(SolveError::Cancelled);
    }
    run(x, history, s0, &w0, i0);
    if flip_yaws(problem, x, &w0) {
        // A turned body changes what the relations want of everything around it.
        run(x, history, s0, &w0, i0);
    }
    checkpoint()?;
    run(x, history, s1, &w1, i1);
    checkpoint()?;
    legalize::push_apart(problem, x);
    let loss = problem.eval(x, &w2, &mut vec![0.0; x.len()]);
    let poses = opts.record_poses_every.map(|_| pose_rows(problem, x));
    let iteration = last_iteration(history, start) + 1;
    history.push(IterationRecord {
        start,
        stage: Stage::Legalize,
        iteration,
        loss,
        poses,
    });
    checkpoint()?;
    run(x, history, s2, &w2, i2);
    checkpoint()
}

fn last_iteration(history: &[IterationRecord], start: usize) -> usize {
    history
        .iter()
        .rev()
        .find(|h| h.start == start)
        .map_or(0, |h| h.iteration)
}

/// One stage of L-BFGS, recording each accepted step.
#[allow(clippy::too_many_arguments)]
fn run_stage(
    problem: &Problem,
    opts: &SolveOptions,
    start: usize,
    x: &mut [f64],
    stage: Stage,
    weights: &Weights,
    iters: usize,
    history: &mut Vec<IterationRecord>,
) {
    let mut counter = last_iteration(history, start);
    let lopts = LbfgsOptions {
        max_iters: ((iters as f64) * opts.effort).ceil() as usize,
        ..Default::default()
    };
    // The objective's last evaluation is at the step the line search accepts.
    let last = std::cell::Cell::new(Breakdown::default());
    minimize(
        x,
        lopts,
        |p, g| {
            let b = problem.eval(p, weights, g);
            last.set(b);
            b.total()
        },
        |_, _, p| {
            counter += 1;
            let poses = opts
                .record_poses_every
                .filter(|e| *e > 0 && counter.is_multiple_of(*e))
                .map(|_| pose_rows(problem, p));
            history.push(IterationRecord {
                start,
                stage,
                iteration: counter,
                loss: last.get(),
                poses,
            });
        },
    );
}

/// Gradient descent cannot turn a body that faces (nearly) away from what a relation wants: the
/// angle penalty is flat there. Each body with such a residual (beyond 100°) tries its yaw a
/// quarter, half and three quarters round and keeps the best. Returns whether anything turned.
fn flip_yaws(problem: &Problem, x: &mut [f64], w: &Weights) -> bool {
    let placed = Placed {
        frames: problem.frames(x),
        z: problem.z.clone(),
        unit_boxes: problem.unit_boxes(x),
    };
    let mut yaws: Vec<usize> = Vec::new();
    let mut res = Vec::new();
    for t in &problem.terms {
        res.clear();
        let a = placed.body(problem.scene, t.source);
        let b = t.target.map(|e| placed.body(problem.scene, e));
        crate::relation::residual::residuals(&t.term, &a, b.as_ref(), &problem.room, &mut res);
        let stuck = res.iter().any(|r| {
            r.kind == crate::relation::residual::Kind::Angle
                && crate::geometry::wrap_angle(r.value).abs() > 100f64.to_radians()
        });
        if !stuck {
            continue;
        }
        for e in std::iter::once(t.source).chain(t.target) {
            let k = match e {
                crate::relation::Entity::Unit(u) => problem.unit_param[u] + 2,
                crate::relation::Entity::Object(i) => match problem.placement[i] {
                    problem::Placement::Free { p } | problem::Placement::Member { p, .. } => p + 2,
                    problem::Placement::Anchor { unit } => problem.unit_param[unit] + 2,
                },
            };
            if !yaws.contains(&k) {
                yaws.push(k);
            }
        }
    }
    if yaws.is_empty() {
        return false;
    }
    let mut g = vec![0.0; x.len()];
    let mut base = problem.eval(x, w, &mut g).total();
    let mut turned = false;
    for k in yaws {
        let start = x[k];
        let mut best = (base, 0.0);
        for q in [1.0, 2.0, 3.0] {
            x[k] = start + q * std::f64::consts::FRAC_PI_2;
            let f = problem.eval(x, w, &mut g).total();
            if f < best.0 - 1e-9 {
                best = (f, q * std::f64::consts::FRAC_PI_2);
            }
        }
        x[k] = start + best.1;
        if best.1 != 0.0 {
            base = best.0;
            turned = true;
        }
    }
    turned
}

fn pose_rows(problem: &Problem, x: &[f64]) -> Vec<[f64; 3]> {
    problem
        .frames(x)
        .iter()
        .map(|f| [f.x, f.y, crate::geometry::wrap_angle(f.yaw).to_degrees()])
        .collect()
}

fn metrics_at(problem: &Problem, x: &[f64], tol: Tolerance) -> Metrics {
    let placed = Placed {
        frames: problem.frames(x),
        z: problem.z.clone(),
        unit_boxes: problem.unit_boxes(x),
    };
    evaluate_placed(problem.scene, &problem.room, &problem.terms, &placed, tol)
}

/// Ranking of starts: fewest physical violations, then fewest unsatisfied relations, then loss.
#[derive(Clone, Copy, Debug)]
struct Score {
    violations: usize,
    /// The designer's relations not held (their own and the instruction's).
    designers_unsatisfied: usize,
    unsatisfied: usize,
    loss: f64,
}

impl Score {
    fn of(problem: &Problem, x: &[f64], m: &Metrics) -> Score {
        let mut g = vec![0.0; x.len()];
        let loss = problem.eval(x, &STAGES[2].1, &mut g).total();
        Score {
            violations: m.colliding_pairs.len() + m.out_of_room.len(),
            designers_unsatisfied: m
                .unsatisfied
                .iter()
                .filter(|&&r| problem.scene.origin(r).is_designers())
                .count(),
            unsatisfied: m.unsatisfied.len(),
            loss,
        }
    }
    fn better_than(&self, o: &Score) -> bool {
        (
            self.violations,
            self.designers_unsatisfied,
            self.unsatisfied,
        )
            .cmp(&(o.violations, o.designers_unsatisfied, o.unsatisfied))
            .then(self.loss.total_cmp(&o.loss))
            .is_lt()
    }
    fn perfect(&self) -> bool {
        self.violations == 0 && self.unsatisfied == 0
    }
}

/// Initial parameters: the given poses where there are some (start 0), random elsewhere.
fn initial_params(problem: &Problem, rng: &mut fastrand::Rng, use_given: bool) -> Vec<f64> {
    let scene = problem.scene;
    let b = problem.room.bounds();
    let random_point = |rng: &mut fastrand::Rng| {
        for _ in 0..100 {
            let p = crate::geometry::Vec2::cst(
                b[0] + rng.f64() * (b[2] - b[0]),
                b[1] + rng.f64() * (b[3] - b[1]),
            );
            if problem.room.contains_point(p) {
                return p;
            }
        }
        crate::geometry::Vec2::cst(0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3]))
    };
    let mut frames: Vec<Frame<f64>> = Vec::with_capacity(scene.objects.len());
    for o in &scene.objects {
        let jitter = (rng.f64() - 0.5) * 6f64.to_radians();
        let f = match scene.poses.get(&o.id).filter(|_| use_given) {
            Some(p) => Frame::new(p.x, p.y, p.rz.to_radians() + jitter * 0.1),
            None => {
                let p = random_point(rng);
                let quarter = rng.usize(0..4) as f64 * std::f64::consts::FRAC_PI_2;
                Frame::new(p.x, p.y, quarter + jitter)
            }
        };
        frames.push(f);
    }
    // Members without a given pose start near their anchor rather than anywhere in the room.
    for objs in &problem.unit_objects {
        let anchor = frames[objs[0]];
        for &i in &objs[1..] {
            if !(use_given && scene.poses.contains_key(&scene.objects[i].id)) {
                let r = 0.5 * (scene.objects[objs[0]].size[0] + scene.objects[objs[0]].size[1]);
                let a = rng.f64() * std::f64::consts::TAU;
                frames[i] = Frame::new(
                    anchor.x + r * a.cos(),
                    anchor.y + r * a.sin(),
                    frames[i].yaw,
                );
            }
        }
    }
    problem.params_from_frames(&frames)
}

fn report(scene: &Scene, m: &Metrics) -> Vec<String> {
    let mut out = Vec::new();
    for [a, b] in &m.colliding_pairs {
        out.push(format!("{a} and {b} overlap"));
    }
    for id in &m.out_of_room {
        out.push(format!("{id} is out of the room"));
    }
    for &r in &m.unsatisfied {
        out.push(format!(
            "relations[{r}] ({}) is not satisfied",
            crate::relation::describe(&scene.relations[r])
        ));
    }
    out
}
