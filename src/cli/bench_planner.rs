//! `relayout bench --planner`: the offline R³L planner on every benchmark scene's objects (units,
//! relations and poses set aside): the median time of stages 1–4 (decomposition, relations,
//! imagine and revise), then the solve from the imagined poses, the metrics and the design rules;
//! then the planner's own scenes (`bench/planner/`: L-, T- and U-shaped rooms, a dormitory, a
//! small bedroom) and dining halls of 10, 25 and 50 tables with four chairs each (50, 125, 250
//! objects).

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
    /// Design rules that hold, of those that apply.
    rules_held: usize,
    rules_applicable: usize,
    /// Mean score of the design rules that apply.
    design: Option<f64>,
}

/// A dining hall of `tables` tables with four chairs each, about 6 m² a table, one door.
fn hall(tables: usize) -> Result<relayout_core::scene::Scene, CliError> {
    let cols = (tables as f64).sqrt().ceil().max(1.0);
    let rows = (tables as f64 / cols).ceil().max(1.0);
    let (w, d) = (cols * 2.6 + 1.0, rows * 2.4 + 1.0);
    let mut objects = Vec::new();
    for t in 0..tables {
        objects.push(serde_json::json!({
            "id": format!("table-{t}"), "category": "dining_table", "size": [1.2, 0.8, 0.75]
        }));
        for c in 0..4 {
            objects.push(serde_json::json!({
                "id": format!("chair-{}", 4 * t + c), "category": "dining_chair",
                "size": [0.45, 0.5, 0.9]
            }));
        }
    }
    let doc = serde_json::json!({
        "schema": "relayout.scene/1",
        "room": {"width": w, "depth": d, "height": 3.0,
                 "openings": [{"kind": "door", "wall": "B", "offset": 0.5, "width": 1.2}]},
        "objects": objects,
    });
    relayout_core::scene::parse_scene(&doc.to_string())
        .map_err(|e| CliError::Failure(format!("the generated hall of {tables} tables: {e}")))
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
    name: &str,
    mut scene: relayout_core::scene::Scene,
    repeats: usize,
    runtime: &tokio::runtime::Runtime,
) -> Result<Row, CliError> {
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
    let design = run.trace.design.clone().unwrap_or_default();
    let (rules_held, rules_applicable) = design.held_of_applicable();
    let g = run
        .result
        .map_err(|e| CliError::Failure(format!("{name}: {e}")))?;
    let m = &g.metrics;
    Ok(Row {
        scene: name.to_owned(),
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
        rules_held,
        rules_applicable,
        design: design.score,
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
            "{:<20} {:>7} {:>5} {:>9} {:>8} {:>9} {:>9} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
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
            "AC",
            "rules",
            "design"
        );
    }
    // The planner's own scenes (rooms of other shapes, a dormitory, a small bedroom) beside the
    // benchmark's, when the folder has them.
    let mut files = files;
    if let Some(extra) = dir.parent().map(|p| p.join("planner"))
        && extra.is_dir()
        && !dir.ends_with("planner")
    {
        files.extend(scene_files(&extra)?);
    }
    let mut scenes = Vec::new();
    for f in &files {
        let name = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        scenes.push((name, read_scene(f)?));
    }
    for tables in [10, 25, 50] {
        scenes.push((format!("hall_{}", 5 * tables), hall(tables)?));
    }
    let mut rows = Vec::new();
    for (name, scene) in scenes {
        let r = bench_one(&name, scene, repeats, &runtime)?;
        if !json {
            println!(
                "{:<20} {:>7} {:>5} {:>9} {:>8.2} {:>9.1} {:>9} {:>6.3} {:>6.3} {:>6} {:>6} {:>6} {:>6}",
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
                ratio(r.ac),
                format!("{}/{}", r.rules_held, r.rules_applicable),
                ratio(r.design)
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
