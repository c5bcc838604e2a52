//! `relayout eval SCENE [--json]`.

use std::path::PathBuf;

use relayout_core::metrics::evaluate;
use relayout_core::relation::describe;
use relayout_core::rules::{RuleSet, check};

use super::{CliError, design_text, metrics_table, scene_file::read_scene};

/// Arguments of `eval`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scene document, with poses for every object.
    scene: PathBuf,
    /// Print the metrics as JSON.
    #[arg(long)]
    json: bool,
}

/// Prints the metrics of the scene's poses, then the design rules that fail (`critique` lists
/// them all). As JSON, the metrics' fields with the rules under `design`.
pub fn run(a: Args) -> Result<(), CliError> {
    let scene = read_scene(&a.scene)?;
    let input = |e: relayout_core::metrics::MetricsError| {
        CliError::Input(format!("{}: {e}", a.scene.display()))
    };
    let m = evaluate(&scene, &scene.poses).map_err(input)?;
    let design = check(&scene, &scene.poses, RuleSet::All).map_err(input)?;
    if a.json {
        let failure = |e: serde_json::Error| CliError::Failure(e.to_string());
        let mut v = serde_json::to_value(&m).map_err(failure)?;
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "design".into(),
                serde_json::to_value(&design).map_err(failure)?,
            );
        }
        println!("{}", serde_json::to_string_pretty(&v).map_err(failure)?);
    } else {
        print!("{}", metrics_table::render(&m));
        for &i in &m.unsatisfied {
            println!("  relations[{i}]: {}", describe(&scene.relations[i]));
        }
        print!("{}", design_text::failures(&design));
    }
    Ok(())
}
