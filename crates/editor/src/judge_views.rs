//! The judge views (MetaSpatial/R³L style): a top-down orthographic view and two perspective
//! views from above two corners, at a fixed resolution, from fixed cameras derived only from the
//! room, so renders of different layouts of one room compare pixel for pixel.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bevy::camera::visibility::RenderLayers;
use bevy::camera::{RenderTarget, ScalingMode};
use bevy::prelude::*;
use bevy::render::render_resource::{TextureFormat, TextureUsages};
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use relayout_core::geometry::RoomShape;
use relayout_core::scene::Room;

use crate::camera_state::EDITOR_WALL_LAYER;
use crate::coords::to_bevy;
use crate::document::SceneDoc;
use crate::room_view::WallPiece;
use crate::schedule::DrawSystems;

/// Default side of a judge view, pixels.
pub const JUDGE_SIZE: u32 = 1024;

/// One fixed camera.
#[derive(Clone, Debug)]
pub struct JudgeView {
    /// File stem: `top`, `front_left`, `back_right`.
    pub name: &'static str,
    /// Camera placement in Bevy's frame.
    pub transform: Transform,
    /// Orthographic for the top view, perspective for the others.
    pub projection: Projection,
}

/// The three judge views of a room.
pub fn judge_views(room: &Room) -> Vec<JudgeView> {
    let b = RoomShape::new(room).bounds();
    let (w, d) = (b[2] - b[0], b[3] - b[1]);
    let (cx, cy) = (0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3]));
    let center = to_bevy(cx, cy, 0.3);
    let span = w.max(d) * 1.08;
    let top = JudgeView {
        name: "top",
        // Looking straight down with layout +Y up the image, so the plan reads as drawn.
        transform: Transform::from_translation(to_bevy(cx, cy, room.height + 10.0))
            .looking_at(to_bevy(cx, cy, 0.0), to_bevy(0.0, 1.0, 0.0)),
        projection: Projection::Orthographic(OrthographicProjection {
            scaling_mode: ScalingMode::Fixed {
                width: span as f32,
                height: span as f32,
            },
            ..OrthographicProjection::default_3d()
        }),
    };
    let reach = w.hypot(d);
    let persp = |name, fx: f64, fy: f64| JudgeView {
        name,
        transform: Transform::from_translation(to_bevy(
            cx + fx * reach * 0.62,
            cy + fy * reach * 0.62,
            room.height + reach * 0.55,
        ))
        .looking_at(center, Vec3::Y),
        projection: Projection::Perspective(PerspectiveProjection {
            fov: 50f32.to_radians(),
            ..default()
        }),
    };
    vec![
        top,
        persp("front_left", -0.6, -0.8),
        persp("back_right", 0.6, 0.8),
    ]
}

/// What a capture run produced: each view's PNG path, or why it failed.
#[derive(Resource, Clone, Default)]
pub struct CaptureOutcome(pub Arc<Mutex<Vec<Result<PathBuf, CaptureError>>>>);

/// Why a view was not captured.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CaptureError {
    /// The output folder could not be made.
    #[error("cannot create {}: {message}", path.display())]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The captured image has a format that cannot be turned into RGB.
    #[error("{}: cannot convert the capture: {message}", path.display())]
    Convert {
        /// The PNG it was for.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The PNG could not be written.
    #[error("cannot write {}: {message}", path.display())]
    Write {
        /// The PNG.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The frame budget ran out before every view arrived.
    #[error("gave up after {frames} frames with {captured} views captured")]
    GaveUp {
        /// Frames drawn.
        frames: u32,
        /// Views captured by then.
        captured: usize,
    },
}

/// A request to render the judge views into a folder once the scene is drawn.
#[derive(Resource, Clone, Debug)]
pub struct JudgeCapture {
    /// Output folder.
    pub dir: PathBuf,
    /// Side, pixels.
    pub size: u32,
    /// Frames to draw before capturing.
    pub warmup_frames: u32,
    /// Give up after this many frames.
    pub max_frames: u32,
    /// End the app when done (headless rendering); in the editor the cameras just go away.
    pub exit_when_done: bool,
    frame: u32,
    /// The frame at which every model had settled.
    ready_at: Option<u32>,
    requested: bool,
    targets: Vec<(String, Handle<Image>)>,
}

impl JudgeCapture {
    /// Renders into `dir` at `size`².
    pub fn new(dir: &Path, size: u32) -> Self {
        JudgeCapture {
            dir: dir.to_path_buf(),
            size,
            warmup_frames: 3,
            max_frames: 600,
            exit_when_done: true,
            frame: 0,
            ready_at: None,
            requested: false,
            targets: vec![],
        }
    }
}

/// Marks the judge cameras.
#[derive(Component)]
pub struct JudgeCamera;

/// Adds the capture of judge views (when a `JudgeCapture` resource is present).
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    app.init_resource::<CaptureOutcome>()
        .add_systems(Update, (spawn_judge_cameras, capture_judge_views).chain())
        .add_systems(
            PostUpdate,
            cut_walls_for_judges.in_set(DrawSystems::JudgeCuts),
        );
}

/// Each judge camera sees the walls from inside only: a wall between it and the room is left out
/// of its layer, so the perspective views show the furniture rather than the backs of walls.
fn cut_walls_for_judges(
    cameras: Query<(&GlobalTransform, &RenderLayers), With<JudgeCamera>>,
    mut walls: Query<(&WallPiece, &mut RenderLayers), Without<JudgeCamera>>,
) {
    let judges: Vec<(Vec3, Vec<usize>)> = cameras
        .iter()
        .map(|(t, l)| (t.translation(), l.iter().filter(|&n| n != 0).collect()))
        .collect();
    if judges.is_empty() {
        return;
    }
    for (w, mut layers) in &mut walls {
        let mut want = vec![EDITOR_WALL_LAYER];
        for (eye, ls) in &judges {
            if (*eye - w.point).dot(w.inward) >= 0.0 {
                want.extend(ls.iter().copied());
            }
        }
        let want = RenderLayers::from_layers(&want);
        if *layers != want {
            *layers = want;
        }
    }
}

fn spawn_judge_cameras(
    mut commands: Commands,
    capture: Option<ResMut<JudgeCapture>>,
    doc: Option<Res<SceneDoc>>,
    mut images: ResMut<Assets<Image>>,
    existing: Query<Entity, With<JudgeCamera>>,
) {
    let (Some(mut capture), Some(doc)) = (capture, doc) else {
        return;
    };
    if !capture.targets.is_empty() || !existing.is_empty() {
        return;
    }
    for (k, view) in judge_views(&doc.scene.room).into_iter().enumerate() {
        let mut image = Image::new_target_texture(
            capture.size,
            capture.size,
            TextureFormat::Rgba8UnormSrgb,
            None,
        );
        image.texture_descriptor.usage |= TextureUsages::COPY_SRC;
        let handle = images.add(image);
        commands.spawn((
            Name::new(format!("judge camera {}", view.name)),
            JudgeCamera,
            Camera3d::default(),
            bevy::camera::visibility::RenderLayers::from_layers(&[0, 1 + k]),
            Camera {
                order: -10 - k as isize,
                ..default()
            },
            RenderTarget::Image(handle.clone().into()),
            view.projection,
            view.transform,
        ));
        capture.targets.push((view.name.to_string(), handle));
    }
}

fn capture_judge_views(
    mut commands: Commands,
    capture: Option<ResMut<JudgeCapture>>,
    outcome: Res<CaptureOutcome>,
    cameras: Query<Entity, With<JudgeCamera>>,
    models: Query<&crate::models::FurnitureModel>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(mut capture) = capture else { return };
    capture.frame += 1;
    // Wait for the furniture models (at most half the frame budget), then a few frames more.
    let settled = models.iter().all(|m| m.settled()) || capture.frame > capture.max_frames / 2;
    if settled && capture.ready_at.is_none() && capture.frame > 1 {
        capture.ready_at = Some(capture.frame);
    }
    let ready = capture
        .ready_at
        .is_some_and(|r| capture.frame > r + capture.warmup_frames);
    if !capture.requested && ready && !capture.targets.is_empty() {
        capture.requested = true;
        if let Err(e) = std::fs::create_dir_all(&capture.dir) {
            lock(&outcome).push(Err(CaptureError::CreateFolder {
                path: capture.dir.clone(),
                message: e.to_string(),
            }));
        }
        for (name, handle) in capture.targets.clone() {
            let path = capture.dir.join(format!("{name}.png"));
            let sink = outcome.clone();
            commands.spawn(Screenshot::image(handle)).observe(
                move |shot: On<ScreenshotCaptured>| {
                    let result = save_png(&shot.image, &path);
                    lock(&sink).push(result);
                },
            );
        }
    }
    let done = lock(&outcome).len();
    let finished = capture.requested && done >= capture.targets.len();
    let timed_out = !finished && capture.frame >= capture.max_frames;
    if timed_out {
        lock(&outcome).push(Err(CaptureError::GaveUp {
            frames: capture.frame,
            captured: done,
        }));
    }
    if finished || timed_out {
        if capture.exit_when_done {
            exit.write(if finished {
                AppExit::Success
            } else {
                AppExit::error()
            });
        } else {
            for e in &cameras {
                commands.entity(e).despawn();
            }
            commands.remove_resource::<JudgeCapture>();
        }
    }
}

fn lock(o: &CaptureOutcome) -> std::sync::MutexGuard<'_, Vec<Result<PathBuf, CaptureError>>> {
    o.0.lock().unwrap_or_else(|p| p.into_inner())
}

/// Saves a captured image as an RGB PNG.
pub fn save_png(image: &Image, path: &Path) -> Result<PathBuf, CaptureError> {
    let dynamic = image
        .clone()
        .try_into_dynamic()
        .map_err(|e| CaptureError::Convert {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    dynamic
        .to_rgb8()
        .save(path)
        .map_err(|e| CaptureError::Write {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    Ok(path.to_path_buf())
}
