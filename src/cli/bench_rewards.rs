//! `relayout bench --rewards`: reward throughput on one thread — the physics reward from poses
//! and the whole reward from answer texts, at 20 and 60 objects — and, with `--render`, the
//! render reward's rendering time per layout (the judge's own latency is the server's).

use std::path::Path;
use std::time::Instant;

use relayout_core::solver::{SolveOptions, solve};
use relayout_rewards::refine::Renderer;
use relayout_rewards::throughput::{
    answer_throughput, physics_throughput, physics_throughput_with, synthetic_scene,
    weights_with_design, weights_with_stability,
};
use serde::Serialize;

use super::CliError;
use super::render_pool::child::ChildRenderer;
use super::render_pool::{PoolOptions, RenderPool};
use super::scene_file::read_scene;

#[derive(Serialize, Debug)]
struct Row {
    what: String,
    objects: usize,
    per_second: f64,
    ms_per_layout: f64,
}

/// Layouts each warm measurement renders.
const WARM_LAYOUTS: usize = 12;

/// Rendering the judge views: a child process per layout, against the warm pool with one
/// worker (its first layout, with start-up, apart) and with two rendering at once.
fn render_rows(
    scene: &relayout_core::scene::Scene,
    repeats: usize,
    rows: &mut Vec<Row>,
) -> Result<(), CliError> {
    let fail = |e: relayout_rewards::refine::ViewsError| CliError::Failure(e.to_string());
    let n = scene.objects.len();
    for size in [512, 1024] {
        let child = ChildRenderer::new(size)?;
        let mut times = Vec::new();
        for _ in 0..repeats.min(3) {
            let t = Instant::now();
            child.render(scene).map_err(fail)?;
            times.push(t.elapsed().as_secs_f64());
        }
        let s = median(times);
        rows.push(Row {
            what: format!("render: 3 views {size}², a child process per layout"),
            objects: n,
            per_second: 1.0 / s,
            ms_per_layout: s * 1e3,
        });
        for workers in [1, 2] {
            let pool = RenderPool::new(PoolOptions {
                workers,
                ..PoolOptions::for_this_machine(size)
            })?;
            // Every worker starts (one layout each, at once) outside the timing but the first's.
            let t = Instant::now();
            std::thread::scope(|sc| -> Result<(), CliError> {
                let starts: Vec<_> = (0..workers)
                    .map(|_| sc.spawn(|| pool.render(scene)))
                    .collect();
                for j in starts {
                    j.join()
                        .map_err(|_| CliError::Failure("a render thread panicked".into()))?
                        .map_err(fail)?;
                }
                Ok(())
            })?;
            if workers == 1 {
                let first = t.elapsed().as_secs_f64();
                rows.push(Row {
                    what: format!("render: 3 views {size}², warm pool, first (start-up)"),
                    objects: n,
                    per_second: 1.0 / first,
                    ms_per_layout: first * 1e3,
                });
            }
            let t = Instant::now();
            std::thread::scope(|sc| -> Result<(), CliError> {
                let jobs: Vec<_> = (0..workers)
                    .map(|w| {
                        let pool = &pool;
                        sc.spawn(move || {
                            (w..WARM_LAYOUTS)
                                .step_by(workers)
                                .try_for_each(|_| pool.render(scene).map(|_| ()))
                        })
                    })
                    .collect();
                for j in jobs {
                    j.join()
                        .map_err(|_| CliError::Failure("a render thread panicked".into()))?
                        .map_err(fail)?;
                }
                Ok(())
            })?;
            let s = t.elapsed().as_secs_f64() / WARM_LAYOUTS as f64;
            rows.push(Row {
                what: format!("render: 3 views {size}², warm pool of {workers}"),
                objects: n,
                per_second: 1.0 / s,
                ms_per_layout: s * 1e3,
            });
        }
    }
    Ok(())
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Runs the reward benchmark.
pub fn run(scenes: &Path, repeats: usize, json: bool, render: bool) -> Result<(), CliError> {
    let mut rows = Vec::new();
    for n in [20, 60] {
        let s = synthetic_scene(n);
        let layouts = if n == 20 { 4000 } else { 1000 };
        physics_throughput(&s, layouts / 10);
        let p = median(
            (0..repeats)
                .map(|_| physics_throughput(&s, layouts))
                .collect(),
        );
        rows.push(Row {
            what: "physics reward (poses)".into(),
            objects: n,
            per_second: p,
            ms_per_layout: 1e3 / p,
        });
        let d = median(
            (0..repeats)
                .map(|_| physics_throughput_with(&s, layouts, &weights_with_design()))
                .collect(),
        );
        rows.push(Row {
            what: "physics reward with design rules (fast set)".into(),
            objects: n,
            per_second: d,
            ms_per_layout: 1e3 / d,
        });
        let t = median(
            (0..repeats)
                .map(|_| answer_throughput(&s, layouts))
                .collect(),
        );
        rows.push(Row {
            what: "whole reward (answer text)".into(),
            objects: n,
            per_second: t,
            ms_per_layout: 1e3 / t,
        });
        // The Rapier stability term simulates each layout for a second: far slower.
        let k = layouts / 20;
        let st = median(
            (0..repeats.min(3))
                .map(|_| physics_throughput_with(&s, k, &weights_with_stability()))
                .collect(),
        );
        rows.push(Row {
            what: "physics reward with stability (Rapier, 1 s at 60 Hz)".into(),
            objects: n,
            per_second: st,
            ms_per_layout: 1e3 / st,
        });
    }
    if render {
        let path = scenes.join("bedroom.json");
        let mut scene = read_scene(&path)?;
        scene.poses = solve(&scene, &SolveOptions::default())
            .map_err(|e| CliError::Failure(e.to_string()))?
            .poses;
        render_rows(&scene, repeats, &mut rows)?;
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).map_err(|e| CliError::Failure(e.to_string()))?
        );
        return Ok(());
    }
    println!(
        "{:<58} {:>7} {:>12} {:>10}",
        "reward", "objects", "layouts/s", "ms/layout"
    );
    for r in &rows {
        let rate = if r.per_second < 10.0 {
            format!("{:.2}", r.per_second)
        } else {
            format!("{:.0}", r.per_second)
        };
        println!(
            "{:<58} {:>7} {:>12} {:>10.3}",
            r.what, r.objects, rate, r.ms_per_layout
        );
    }
    println!(
        "(one thread; random layouts of a synthetic room with a door, one relation per five objects; median of {repeats} runs)"
    );
    Ok(())
}
