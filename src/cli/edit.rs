//! `relayout edit [SCENE]` (and `relayout` alone): the editor window.

use std::path::PathBuf;

use super::CliError;

/// Arguments of `edit`.
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// The scene to open; the built-in bedroom when omitted.
    scene: Option<PathBuf>,
    /// Where to autosave (default: $XDG_STATE_HOME/relayout/autosave.scene.json).
    #[arg(long)]
    autosave: Option<PathBuf>,
    /// Draw `--frames` frames, save a screenshot of the window here, print timings, and close.
    #[arg(long)]
    screenshot: Option<PathBuf>,
    /// Frames to draw before `--screenshot`.
    #[arg(long, default_value_t = 30)]
    frames: u32,
    /// Open the furniture library window at start.
    #[arg(long)]
    library: bool,
}

/// Runs the editor until its window closes.
pub fn run(a: Args) -> Result<(), CliError> {
    relayout_editor::app::check_display().map_err(CliError::Failure)?;
    let exit = relayout_editor::run_editor(relayout_editor::EditorOptions {
        scene: a.scene,
        autosave: a.autosave,
        screenshot: a.screenshot,
        frames: a.frames,
        library: a.library,
    });
    if exit.is_success() {
        Ok(())
    } else {
        Err(CliError::Failure("the editor stopped with an error".into()))
    }
}
