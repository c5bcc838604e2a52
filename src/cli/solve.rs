//! `relayout solve SCENE -o OUT`.

use std::path::PathBuf;
use std::time::Instant;

use relayout_core::solver::{SolveOptions, solve};

use super::scene_file::{read_scene, write_json};
use super::{CliError, metrics_table};

/// Arguments of `solve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scene document.
    scene: PathBuf,
    /// Where to write the scene with the solved poses.
    #[arg(short, long)]
    out: PathBuf,
    /// Seed of the random starts.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Most starts to try.
    #[arg(long, default_value_t = 6)]
    starts: usize,
    /// Also write the solver's per-iteration history (loss terms, and poses every 10 iterations) here.
    #[arg(long)]
    history: Option<PathBuf>,
    /// Print the metrics as JSON.
    #[arg(long)]
    json: bool,
}

/// Solves, writes the scene with poses, prints the metrics.
pub fn run(a: Args) -> Result<(), CliError> {
    let mut scene = read_scene(&a.scene)?;
    let opts = SolveOptions {
        seed: a.seed,
        starts: a.starts,
        record_poses_every: a.history.as_ref().map(|_| 10),
        ..Default::default()
    };
    let t = Instant::now();
    let sol = solve(&scene, &opts).map_err(|e| CliError::Input(e.to_string()))?;
    let ms = t.elapsed().as_secs_f64() * 1e3;
    scene.poses = sol.poses.clone();
    write_json(&a.out, &scene)?;
    if let Some(h) = &a.history {
        write_json(h, &sol.history)?;
    }
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&sol.metrics)
                .map_err(|e| CliError::Failure(e.to_string()))?
        );
    } else {
        println!(
            "solved in {ms:.1} ms ({} of {} starts, best {})",
            sol.starts_run, opts.starts, sol.best_start
        );
        print!("{}", metrics_table::render(&sol.metrics));
        for line in &sol.report {
            println!("  {line}");
        }
        println!("wrote {}", a.out.display());
    }
    Ok(())
}
