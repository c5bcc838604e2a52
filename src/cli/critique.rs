//! `relayout critique SCENE [--json]`: the design rules on the scene's poses, each in words.

use std::path::PathBuf;

use relayout_core::rules::{RuleSet, check};

use super::{CliError, design_text, scene_file::read_scene};

/// Arguments of `critique`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scene document, with poses for every object.
    scene: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Prints every design rule: held, failed (with the pieces and why), not applicable or
/// infeasible.
pub fn run(a: Args) -> Result<(), CliError> {
    let scene = read_scene(&a.scene)?;
    let report = check(&scene, &scene.poses, RuleSet::All)
        .map_err(|e| CliError::Input(format!("{}: {e}", a.scene.display())))?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Failure(e.to_string()))?
        );
    } else {
        print!("{}", design_text::render(&report));
    }
    Ok(())
}
