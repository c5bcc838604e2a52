//! `relayout import-r3l FIXTURE -o SCENE`.

use std::path::PathBuf;

use relayout_core::r3l::import_r3l;

use super::CliError;
use super::scene_file::{read_text, write_json};

/// Arguments of `import-r3l`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// R³L's compiled constraint JSON.
    fixture: PathBuf,
    /// Where to write the scene document.
    #[arg(short, long)]
    out: PathBuf,
}

/// Converts and writes.
pub fn run(a: Args) -> Result<(), CliError> {
    let text = read_text(&a.fixture)?;
    let scene =
        import_r3l(&text).map_err(|e| CliError::Input(format!("{}: {e}", a.fixture.display())))?;
    write_json(&a.out, &scene)?;
    println!(
        "imported {} objects, {} units, {} relations, {} poses into {}",
        scene.objects.len(),
        scene.units.len(),
        scene.relations.len(),
        scene.poses.len(),
        a.out.display()
    );
    Ok(())
}
