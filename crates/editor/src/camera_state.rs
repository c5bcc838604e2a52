//! What the editor's camera is, shared by the camera's controls, the room view's cutaway and
//! the panels: its marker, where it looks from, and the render layers it draws.

use bevy::camera::visibility::RenderLayers;
use bevy::prelude::*;

/// Marks the editor's main camera.
#[derive(Component)]
pub struct EditorCamera;

/// Where the camera looks from.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct OrbitState {
    /// The point looked at (Bevy frame).
    pub target: Vec3,
    /// Turn about +Y, radians.
    pub yaw: f32,
    /// Elevation, radians.
    pub pitch: f32,
    /// Distance to the target, metres.
    pub distance: f32,
    /// The plan view instead of the orbit.
    pub top_down: bool,
    /// The room the framing was computed for.
    pub(crate) framed_for: Option<(f64, f64)>,
}

impl Default for OrbitState {
    fn default() -> Self {
        OrbitState {
            target: Vec3::ZERO,
            yaw: -0.6,
            pitch: 0.85,
            distance: 9.0,
            top_down: false,
            framed_for: None,
        }
    }
}

/// The render layer of walls seen by the editor's camera (whose cutaway hides them by
/// visibility); judge camera `k` sees layer `1 + k`, and each wall only on the layers of the
/// judge cameras it does not stand in front of.
pub const EDITOR_WALL_LAYER: usize = 10;

/// The layers the editor's camera draws: everything, and the walls.
pub fn editor_layers() -> RenderLayers {
    RenderLayers::from_layers(&[0, EDITOR_WALL_LAYER])
}
