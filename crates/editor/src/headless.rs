//! Rendering with no display at all: no window, a schedule runner, cameras rendering to images
//! (`relayout render`). Also works under Xvfb, which it ignores.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::app::ScheduleRunnerPlugin;
use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;
use relayout_core::scene::Scene;

use crate::document::SceneDoc;
use crate::judge_views::{CaptureError, CaptureOutcome, JudgeCapture};

/// Why a headless render failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Some views could not be captured or written.
    #[error("rendering failed:\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Capture(Vec<CaptureError>),
    /// The renderer stopped before capturing any view.
    #[error("the renderer stopped before capturing any view")]
    NothingCaptured,
}

/// Renders the scene's judge views as PNG files `top.png`, `front_left.png`, `back_right.png`
/// into `dir`, `size` pixels square. Returns their paths.
pub fn render_judge_views(
    scene: Scene,
    dir: &Path,
    size: u32,
) -> Result<Vec<PathBuf>, RenderError> {
    let outcome = CaptureOutcome::default();
    let mut app = App::new();
    crate::models::register_library_source(&mut app);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: None,
                exit_condition: ExitCondition::DontExit,
                ..default()
            })
            // Compile every pipeline before the first frame, so that frame is complete.
            .set(RenderPlugin {
                synchronous_pipeline_compilation: true,
                ..default()
            })
            .set(AssetPlugin {
                file_path: crate::models::asset_root().to_string_lossy().into_owned(),
                ..default()
            })
            .disable::<WinitPlugin>(),
    )
    .add_plugins(ScheduleRunnerPlugin::run_loop(Duration::ZERO))
    .add_plugins(crate::views::plugin)
    .insert_resource(outcome.clone())
    .insert_resource(SceneDoc::new(scene, None))
    .insert_resource(JudgeCapture::new(dir, size));
    let _exit = app.run();
    let results = outcome.0.lock().map(|v| v.clone()).unwrap_or_default();
    let errors: Vec<CaptureError> = results
        .iter()
        .filter_map(|r| r.as_ref().err().cloned())
        .collect();
    if !errors.is_empty() {
        return Err(RenderError::Capture(errors));
    }
    if results.is_empty() {
        return Err(RenderError::NothingCaptured);
    }
    Ok(results.into_iter().filter_map(Result::ok).collect())
}
