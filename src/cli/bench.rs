//! `relayout bench`: solves every benchmark scene from scratch (given poses are set aside) and
//! prints objects, relations, the median solve time of several runs, and the metrics.

use std::path::{Path, PathBuf};
use std::time::Instant;

use relayout_core::metrics::evaluate;
use relayout_core::solver::{SolveOptions, solve};
use serde::Serialize;

use super::CliError;
use super::metrics_table::ratio;
use super::scene_file::read_scene;

/// Arguments of `bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder of scene documents.
    #[arg(long, default_value = "bench/scenes")]
    scenes: PathBuf,
    /// Runs per scene; the median time is reported.
    #[arg(long, default_value_t = 5)]
    repeats: usize,
    /// Print JSON rows instead of a table.
    #[arg(long)]
    json: bool,
    /// Time the offline R³L planner (`generate`'s stages 1–4) on each scene's objects instead.
    #[arg(long)]
    planner: bool,
    /// Time the instruction reader instead, on each scene's instruction and on 100 kB of text.
    #[arg(long)]
    reader: bool,
    /// Time the rewards instead: physics and whole rewards per second at 20 and 60 objects.
    #[arg(long)]
    rewards: bool,
    /// With --rewards: also time rendering the judge views: a child process per layout
    /// against the warm render pool.
    #[arg(long, requires = "rewards")]
    render: bool,
}

/// One scene's results.
#[derive(Serialize, Debug)]
struct Row {
    scene: String,
    objects: usize,
    relations: usize,
    solve_ms_median: f64,
    starts: usize,
    cr: f64,
    or: f64,
    rs: Option<f64>,
    ac: Option<f64>,
    /// Metrics of the poses the scene file carries (R³L's own solution, say), when it has any.
    given: Option<Given>,
}

#[derive(Serialize, Debug)]
struct Given {
    cr: f64,
    or: f64,
    rs: Option<f64>,
    ac: Option<f64>,
}

/// Runs the benchmark.
pub fn run(a: Args) -> Result<(), CliError> {
    if a.rewards {
        return super::bench_rewards::run(&a.scenes, a.repeats.max(1), a.json, a.render);
    }
    if a.reader {
        return super::bench_reader::run(&a.scenes, a.repeats.max(1), a.json);
    }
    if a.planner {
        return super::bench_planner::run(&a.scenes, a.repeats.max(1), a.json);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&a.scenes)
        .map_err(|e| CliError::Input(format!("cannot list {}: {e}", a.scenes.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(CliError::Input(format!(
            "{} holds no .json scenes",
            a.scenes.display()
        )));
    }
    let mut rows = Vec::new();
    if !a.json {
        println!(
            "{:<28} {:>7} {:>9} {:>10} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "scene", "objects", "relations", "solve ms", "starts", "CR", "OR", "RS", "AC"
        );
    }
    for f in &files {
        let row = bench_one(f, a.repeats.max(1))?;
        if !a.json {
            println!(
                "{:<28} {:>7} {:>9} {:>10.1} {:>6} {:>6.3} {:>6.3} {:>6} {:>6}",
                row.scene,
                row.objects,
                row.relations,
                row.solve_ms_median,
                row.starts,
                row.cr,
                row.or,
                ratio(row.rs),
                ratio(row.ac)
            );
            if let Some(g) = &row.given {
                println!(
                    "{:<28} {:>7} {:>9} {:>10} {:>6} {:>6.3} {:>6.3} {:>6} {:>6}",
                    "  (poses in the file)",
                    "",
                    "",
                    "",
                    "",
                    g.cr,
                    g.or,
                    ratio(g.rs),
                    ratio(g.ac)
                );
            }
        }
        rows.push(row);
    }
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).map_err(|e| CliError::Failure(e.to_string()))?
        );
    } else {
        println!(
            "(release build: cargo run --release -- bench; one thread; median of {} runs)",
            a.repeats.max(1)
        );
    }
    Ok(())
}

fn bench_one(path: &Path, repeats: usize) -> Result<Row, CliError> {
    let mut scene = read_scene(path)?;
    let given = if scene.poses.len() == scene.objects.len() {
        let m = evaluate(&scene, &scene.poses).map_err(|e| CliError::Input(e.to_string()))?;
        Some(Given {
            cr: m.cr,
            or: m.or_,
            rs: m.rs,
            ac: m.ac,
        })
    } else {
        None
    };
    scene.poses.clear();
    let opts = SolveOptions::default();
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..repeats {
        let t = Instant::now();
        let sol = solve(&scene, &opts)
            .map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        last = Some(sol);
    }
    times.sort_by(f64::total_cmp);
    let sol = last.expect("at least one run");
    let m = &sol.metrics;
    Ok(Row {
        scene: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        objects: m.objects,
        relations: m.relations,
        solve_ms_median: times[times.len() / 2],
        starts: sol.starts_run,
        cr: m.cr,
        or: m.or_,
        rs: m.rs,
        ac: m.ac,
        given,
    })
}
