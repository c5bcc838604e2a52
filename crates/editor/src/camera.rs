//! The editor's camera: orbit around the room (right drag turns, middle drag pans, wheel zooms)
//! and a top-down orthographic plan view (T toggles). The pointer over a panel leaves it alone.

use bevy::camera::ScalingMode;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll};
use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;
use relayout_core::geometry::RoomShape;

use crate::camera_state::editor_layers;
use crate::camera_state::{EditorCamera, OrbitState};
use crate::coords::to_bevy;
use crate::document::SceneDoc;

/// Adds the camera.
pub fn plugin(app: &mut App) {
    app.init_resource::<OrbitState>()
        .add_systems(Startup, spawn_camera)
        .add_systems(Update, (frame_room, steer, place_camera).chain());
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((
        Name::new("editor camera"),
        EditorCamera,
        Camera3d::default(),
        editor_layers(),
        Transform::default(),
    ));
}

/// Frames the whole room when a (new) room is opened.
fn frame_room(doc: Option<Res<SceneDoc>>, mut orbit: ResMut<OrbitState>) {
    let Some(doc) = doc else { return };
    let r = &doc.scene.room;
    if orbit.framed_for == Some((r.width, r.depth)) {
        return;
    }
    let b = RoomShape::new(r).bounds();
    orbit.target = to_bevy(0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3]), 0.0);
    orbit.distance = ((b[2] - b[0]).hypot(b[3] - b[1]) * 1.7).max(4.0) as f32;
    orbit.framed_for = Some((r.width, r.depth));
}

fn steer(
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    buttons: Res<ButtonInput<MouseButton>>,
    keys: Res<ButtonInput<KeyCode>>,
    egui: Option<Res<EguiWantsInput>>,
    mut orbit: ResMut<OrbitState>,
) {
    if keys.just_pressed(KeyCode::KeyT) && !egui.as_ref().is_some_and(|e| e.wants_keyboard_input())
    {
        orbit.top_down = !orbit.top_down;
    }
    if egui
        .as_ref()
        .is_some_and(|e| e.wants_pointer_input() || e.is_pointer_over_area())
    {
        return;
    }
    let d = motion.delta;
    if buttons.pressed(MouseButton::Right) && !orbit.top_down {
        orbit.yaw -= d.x * 0.005;
        orbit.pitch = (orbit.pitch + d.y * 0.005).clamp(0.05, 1.55);
    }
    if buttons.pressed(MouseButton::Middle) {
        let scale = orbit.distance * 0.0015;
        let right = Vec3::new(orbit.yaw.cos(), 0.0, -orbit.yaw.sin());
        let forward = Vec3::new(-orbit.yaw.sin(), 0.0, -orbit.yaw.cos());
        orbit.target += (-right * d.x + forward * d.y) * scale;
    }
    if scroll.delta.y != 0.0 {
        orbit.distance = (orbit.distance * (1.0 - scroll.delta.y * 0.1)).clamp(1.0, 80.0);
    }
}

fn place_camera(
    orbit: Res<OrbitState>,
    mut cams: Query<(&mut Transform, &mut Projection), With<EditorCamera>>,
) {
    if !orbit.is_changed() {
        return;
    }
    for (mut t, mut p) in &mut cams {
        if orbit.top_down {
            *t = Transform::from_translation(orbit.target + Vec3::Y * 30.0)
                .looking_at(orbit.target, Vec3::NEG_Z);
            *p = Projection::Orthographic(OrthographicProjection {
                scaling_mode: ScalingMode::FixedVertical {
                    viewport_height: orbit.distance * 0.9,
                },
                ..OrthographicProjection::default_3d()
            });
        } else {
            let dir = Vec3::new(
                orbit.pitch.cos() * orbit.yaw.sin(),
                orbit.pitch.sin(),
                orbit.pitch.cos() * orbit.yaw.cos(),
            );
            *t = Transform::from_translation(orbit.target + dir * orbit.distance)
                .looking_at(orbit.target, Vec3::Y);
            *p = Projection::Perspective(PerspectiveProjection::default());
        }
    }
}
