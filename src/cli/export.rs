//! `relayout export SCENE -o room.glb`: the arranged room as one binary glTF (floor, walls with
//! their openings, a node per object named by its id carrying its model), for Blender, game
//! engines and glTF viewers. Models come from the built-in library and the user's
//! (`$XDG_DATA_HOME/relayout/library`, or `--library`).

use std::path::PathBuf;
use std::time::Instant;

use relayout_assets::library::{ShelfKind, builtin_dir, user_library_dir};
use relayout_assets::{Library, export_room};

use super::CliError;
use super::scene_file::read_scene;

/// Arguments of `export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scene document (with poses: `relayout solve` writes them).
    scene: PathBuf,
    /// The `.glb` to write.
    #[arg(short, long)]
    out: PathBuf,
    /// The user's furniture library (default: $XDG_DATA_HOME/relayout/library).
    #[arg(long)]
    library: Option<PathBuf>,
}

/// Writes the room; prints what went in and what was left out.
pub fn run(a: Args) -> Result<(), CliError> {
    if a.out
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("glb"))
    {
        return Err(CliError::Input(format!(
            "-o {}: the export is a binary glTF; name it .glb",
            a.out.display()
        )));
    }
    let scene = read_scene(&a.scene)?;
    if scene.poses.is_empty() {
        return Err(CliError::Input(format!(
            "{}: no object has a pose yet; solve it first (relayout solve {} -o solved.json)",
            a.scene.display(),
            a.scene.display()
        )));
    }
    let user = a.library.clone().unwrap_or_else(user_library_dir);
    let library = Library::open(&[
        (ShelfKind::Builtin, &builtin_dir()),
        (ShelfKind::User, &user),
    ])
    .map_err(|e| CliError::Input(e.to_string()))?;
    let t = Instant::now();
    let out = export_room(&scene, &library);
    let built_ms = t.elapsed().as_secs_f64() * 1e3;
    relayout_core::file::write_atomic(&a.out, &out.glb)
        .map_err(|e| CliError::Failure(e.to_string()))?;
    for n in &out.notes {
        eprintln!("note: {n}");
    }
    println!("wrote {} ({out}) in {built_ms:.0} ms", a.out.display());
    Ok(())
}
