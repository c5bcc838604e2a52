//! `relayout bench --planner`: the offline R³L planner on every benchmark scene's objects (units,
//! relations and poses set aside): the median time of stages 1–4 (decomposition, relations,
//! imagine and revise), then the solve from the imagined poses and the metrics.

use std::path::{Path, PathBuf};

use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::{OfflineBackend, PipelineConfig};
use serde::Serialize;

use super::CliError;
use super::metrics_table::ratio;
use super::scene_file::read_scene;

#[derive(Serialize, Debug)]
struct Row {
    scene: String,
    objects: usize,
    units: usize,
    relations: usize,
    plan_ms_median: f64,
    solve_ms: f64,
    conflicts: usize,
    cr: f64,
    or: f64,
    rs: Option<f64>,
    ac: Option<f64>,
}

fn scene_files(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| CliError::Input(format!("cannot list {}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

fn bench_one(
    path: &Path,
    repeats: usize,
    runtime: &tokio::runtime::Runtime,
) -> Result<Row, CliError> {
    let mut scene = read_scene(path)?;
    scene.units.clear();
    scene.relations.clear();
    scene.origins.clear();
    scene.poses.clear();
    let config = PipelineConfig::default();
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..repeats {
        let run = runtime.block_on(relayout_reasoner::generate(
            &scene,
            &OfflineBackend,
            &config,
            &NoProgress,
        ));
        let t = &run.trace;
        times.push(t.plan_ms());
        last = Some(run);
    }
    times.sort_by(f64::total_cmp);
    let run = last.expect("at least one run");
    let g = run
        .result
        .map_err(|e| CliError::Failure(format!("{}: {e}", path.display())))?;
    let m = &g.metrics;
    Ok(Row {
        scene: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        objects: m.objects,
        units: g.scene.units.len(),
        relations: m.relations,
        plan_ms_median: times[times.len() / 2],
        solve_ms: run.trace.step_ms("solve"),
        conflicts: run
            .trace
            .iterations
            .first()
            .map_or(0, |i| i.conflicts.len()),
        cr: m.cr,
        or: m.or_,
        rs: m.rs,
        ac: m.ac,
    })
}

/// Runs the planner benchmark.
pub fn run(dir: &Path, repeats: usize, json: bool) -> Result<(), CliError> {
    let files = scene_files(dir)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))?;
    if !json {
        println!(
            "{:<20} {:>7} {:>5} {:>9} {:>8} {:>9} {:>9} {:>6} {:>6} {:>6} {:>6}",
            "scene",
            "objects",
            "units",
            "relations",
            "plan ms",
            "solve ms",
            "conflicts",
            "CR",
            "OR",
            "RS",
            "AC"
        );
    }
    let mut rows = Vec::new();
    for f in &files {
        let r = bench_one(f, repeats, &runtime)?;
        if !json {
            println!(
                "{:<20} {:>7} {:>5} {:>9} {:>8.2} {:>9.1} {:>9} {:>6.3} {:>6.3} {:>6} {:>6}",
                r.scene,
                r.objects,
                r.units,
                r.relations,
                r.plan_ms_median,
                r.solve_ms,
                r.conflicts,
                r.cr,
                r.or,
                ratio(r.rs),
                ratio(r.ac)
            );
        }
        rows.push(r);
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).map_err(|e| CliError::Failure(e.to_string()))?
        );
    } else {
        println!(
            "(offline planner, stages 1–4; median of {repeats} runs; conflicts in the first imagined maps)"
        );
    }
    Ok(())
}
