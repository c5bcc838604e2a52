//! `relayout render SCENE --out DIR`: the judge views as PNG, with no display.

use std::path::PathBuf;
use std::time::Instant;

use super::CliError;
use super::scene_file::read_scene;

/// Arguments of `render`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scene document, with poses (objects without one are not drawn).
    scene: PathBuf,
    /// Folder for `top.png`, `front_left.png` and `back_right.png`.
    #[arg(long)]
    out: PathBuf,
    /// Side of each view, pixels.
    #[arg(long, default_value_t = relayout_editor::judge_views::JUDGE_SIZE)]
    size: u32,
}

/// Renders and prints the files written.
pub fn run(a: Args) -> Result<(), CliError> {
    let scene = read_scene(&a.scene)?;
    if !(16..=8192).contains(&a.size) {
        return Err(CliError::Input(format!(
            "--size {} is outside 16..8192 pixels",
            a.size
        )));
    }
    let t = Instant::now();
    let files = relayout_editor::render_judge_views(scene, &a.out, a.size)
        .map_err(|e| CliError::Failure(e.to_string()))?;
    let s = t.elapsed().as_secs_f64();
    for f in &files {
        println!("wrote {}", f.display());
    }
    println!(
        "rendered {} views in {s:.2} s ({:.2} s per view, including start-up)",
        files.len(),
        s / files.len().max(1) as f64
    );
    Ok(())
}
