//! `relayout eval SCENE [--json]`.

use std::path::PathBuf;

use relayout_core::metrics::evaluate;
use relayout_core::relation::describe;

use super::{CliError, metrics_table, scene_file::read_scene};

/// Arguments of `eval`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scene document, with poses for every object.
    scene: PathBuf,
    /// Print the metrics as JSON.
    #[arg(long)]
    json: bool,
}

/// Prints the metrics of the scene's poses.
pub fn run(a: Args) -> Result<(), CliError> {
    let scene = read_scene(&a.scene)?;
    let m = evaluate(&scene, &scene.poses)
        .map_err(|e| CliError::Input(format!("{}: {e}", a.scene.display())))?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&m).map_err(|e| CliError::Failure(e.to_string()))?
        );
    } else {
        print!("{}", metrics_table::render(&m));
        for &i in &m.unsatisfied {
            println!("  relations[{i}]: {}", describe(&scene.relations[i]));
        }
    }
    Ok(())
}
