//! A scripted run of the editor window, for end-to-end tests and frame timings: draw a number of
//! frames, save a screenshot of the window, print the times, and close.

use std::path::PathBuf;
use std::time::Instant;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};

use crate::status::StatusLog;

/// What to do before closing.
#[derive(Resource, Debug, Clone)]
pub struct ScriptedRun {
    /// Where to save the window's screenshot.
    pub screenshot: PathBuf,
    /// Frames to draw first.
    pub frames: u32,
    /// When the process started (for the time to first frame).
    pub started: Instant,
    first_frame: Option<Instant>,
    frame: u32,
    shot: bool,
    done: Option<Instant>,
}

impl ScriptedRun {
    /// A run that saves `screenshot` after `frames` frames.
    pub fn new(screenshot: PathBuf, frames: u32, started: Instant) -> Self {
        ScriptedRun {
            screenshot,
            frames,
            started,
            first_frame: None,
            frame: 0,
            shot: false,
            done: None,
        }
    }
}

/// Adds the scripted run (when a `ScriptedRun` resource is present).
pub fn plugin(app: &mut App) {
    app.add_systems(Last, step_script);
}

fn step_script(
    mut commands: Commands,
    script: Option<ResMut<ScriptedRun>>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(mut s) = script else { return };
    let now = Instant::now();
    s.frame += 1;
    if s.first_frame.is_none() {
        s.first_frame = Some(now);
        println!(
            "time to first frame: {:.2} s",
            (now - s.started).as_secs_f64()
        );
    }
    if s.frame == s.frames && !s.shot {
        s.shot = true;
        let first = s.first_frame.unwrap_or(now);
        let mean = (now - first).as_secs_f64() / f64::from(s.frames.saturating_sub(1).max(1));
        println!(
            "mean frame time over {} frames: {:.1} ms ({:.1} fps)",
            s.frames,
            mean * 1e3,
            1.0 / mean.max(1e-9)
        );
        let path = s.screenshot.clone();
        commands.spawn(Screenshot::primary_window()).observe(
            move |shot: On<ScreenshotCaptured>,
                  mut log: ResMut<StatusLog>,
                  mut script: ResMut<ScriptedRun>| {
                match crate::judge_views::save_png(&shot.image, &path) {
                    Ok(p) => println!("wrote {}", p.display()),
                    Err(e) => log.error(e),
                }
                script.done = Some(Instant::now());
            },
        );
    }
    // Close once the screenshot is written, or give up well after it was asked for.
    if s.done.is_some() || (s.shot && s.frame > s.frames + 600) {
        exit.write(AppExit::Success);
    }
}
