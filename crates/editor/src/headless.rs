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
use crate::judge_views::{CaptureError, CaptureOutcome, JudgeCamera, JudgeCapture};

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
    let mut app = headless_app(&outcome);
    app.add_plugins(ScheduleRunnerPlugin::run_loop(Duration::ZERO))
        .insert_resource(SceneDoc::new(scene, None))
        .insert_resource(JudgeCapture::new(dir, size));
    let _exit = app.run();
    collect(&outcome)
}

/// Frames a warm renderer draws before capturing a scene (a cold one draws three).
const WARM_WARMUP_FRAMES: u32 = 0;

/// A headless renderer kept running: it renders scene after scene in one Bevy app, so only the
/// first pays for starting the renderer and compiling its pipelines, and models already loaded
/// stay loaded. `relayout render-worker` serves it over a pipe.
pub struct WarmRenderer {
    app: App,
    outcome: CaptureOutcome,
    revision: u64,
    rendered: u64,
}

impl Default for WarmRenderer {
    fn default() -> Self {
        Self::new()
    }
}

impl WarmRenderer {
    /// Starts the renderer (no frame is drawn until the first scene).
    pub fn new() -> Self {
        let outcome = CaptureOutcome::default();
        let mut app = headless_app(&outcome);
        app.finish();
        app.cleanup();
        WarmRenderer {
            app,
            outcome,
            revision: 0,
            rendered: 0,
        }
    }

    /// Scenes rendered so far.
    pub fn rendered(&self) -> u64 {
        self.rendered
    }

    /// Renders the scene's judge views into `dir`, as [`render_judge_views`] does.
    pub fn render(
        &mut self,
        scene: Scene,
        dir: &Path,
        size: u32,
    ) -> Result<Vec<PathBuf>, RenderError> {
        lock(&self.outcome).clear();
        // The furniture is redrawn when the document's revision changes: each scene gets a new
        // one, above every revision drawn before.
        self.revision += 2;
        let mut doc = SceneDoc::new(scene, None);
        doc.revision = self.revision;
        let mut capture = JudgeCapture::new(dir, size);
        capture.exit_when_done = false;
        if self.rendered > 0 {
            // The frames waited before capturing let a cold renderer's first frames complete
            // (shadow maps, uploads); a warm one draws a new scene completely at once.
            capture.warmup_frames = WARM_WARMUP_FRAMES;
        }
        let frames = capture.max_frames + 8;
        self.app.insert_resource(doc).insert_resource(capture);
        // The capture gives up by itself after its frame budget; the few frames more let the
        // cameras it leaves behind be removed.
        for _ in 0..frames {
            self.app.update();
            if !self.app.world().contains_resource::<JudgeCapture>() {
                break;
            }
        }
        if self.app.world().contains_resource::<JudgeCapture>() {
            let world = self.app.world_mut();
            world.remove_resource::<JudgeCapture>();
            let cameras: Vec<Entity> = world
                .query_filtered::<Entity, With<JudgeCamera>>()
                .iter(world)
                .collect();
            for e in cameras {
                world.despawn(e);
            }
        }
        self.rendered += 1;
        collect(&self.outcome)
    }
}

/// The app that draws a scene document with no window.
fn headless_app(outcome: &CaptureOutcome) -> App {
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
    .add_plugins(crate::views::plugin)
    .insert_resource(outcome.clone());
    app
}

fn lock(o: &CaptureOutcome) -> std::sync::MutexGuard<'_, Vec<Result<PathBuf, CaptureError>>> {
    o.0.lock().unwrap_or_else(|p| p.into_inner())
}

/// The files a capture wrote, or every error it met.
fn collect(outcome: &CaptureOutcome) -> Result<Vec<PathBuf>, RenderError> {
    let results = lock(outcome).clone();
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
