//! `relayout edit [SCENE]` (and `relayout` alone): the editor window.

use std::path::PathBuf;

use super::CliError;

/// Arguments of `edit`.
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// The scene to open; the built-in bedroom when omitted.
    scene: Option<PathBuf>,
    /// The autosave folder, one file per document (default: $XDG_STATE_HOME/relayout/autosave).
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
    /// Select this object at start.
    #[arg(long)]
    select: Option<String>,
    /// Start with the room tool on (corners, walls' `+`, doors and windows to drag on the plan).
    #[arg(long)]
    room_tool: bool,
    /// Open a run to step through: a trace (`generate --trace`) or a refinement trajectory
    /// (`refine -o`); its scene is shown instead of SCENE.
    #[arg(long)]
    trace: Option<PathBuf>,
}

impl Args {
    /// The editor with no scene argument, opening `trace` when given (`relayout --trace RUN`).
    pub fn with_trace(trace: Option<PathBuf>) -> Self {
        Args {
            trace,
            ..Args::default()
        }
    }
}

/// Runs the editor until its window closes.
pub fn run(a: Args) -> Result<(), CliError> {
    // A bad run file is an input error, found before any window opens.
    let run = match &a.trace {
        Some(path) => {
            let (source, steps, scene) = relayout_editor::run_view::load_run(path)
                .map_err(|e| CliError::Input(e.to_string()))?;
            let loaded =
                relayout_editor::run_view::LoadedRun::new(source, steps, Some(path.clone()));
            Some((path.clone(), loaded, scene))
        }
        None => None,
    };
    relayout_editor::window_check::check_window().map_err(|e| CliError::Failure(e.to_string()))?;
    let exit = relayout_editor::run_editor(relayout_editor::EditorOptions {
        scene: a.scene,
        autosave: a.autosave,
        screenshot: a.screenshot,
        frames: a.frames,
        library: a.library,
        select: a.select,
        room_tool: a.room_tool,
        run,
    });
    if exit.is_success() {
        Ok(())
    } else {
        Err(CliError::Failure("the editor stopped with an error".into()))
    }
}
