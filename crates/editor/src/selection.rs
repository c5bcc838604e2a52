//! Selecting, dragging and turning furniture with the mouse and keyboard. Picking hits on a
//! piece's meshes bubble up to its `Furniture` entity; a drag moves it on the floor plane under
//! the pointer, snapped against walls; Q and E turn it in 15° steps.

use bevy::picking::pointer::PointerLocation;
use bevy::prelude::*;
use relayout_core::geometry::{Footprint, Frame, RoomShape, Vec2 as LVec2};
use relayout_core::scene::Pose;

use crate::coords::to_layout;
use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::furniture::Furniture;
use crate::schedule::EditorSystems;

/// The selected object, if any.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct Selection {
    /// Object id.
    pub id: Option<String>,
}

/// Snapping while dragging.
#[derive(Resource, Debug, Clone)]
pub struct SnapSettings {
    /// A back edge closer than this to a wall lands on it, metres (0 turns snapping off).
    pub wall_distance: f64,
    /// Rotation step, degrees.
    pub rotate_step: f64,
}

impl Default for SnapSettings {
    fn default() -> Self {
        SnapSettings {
            wall_distance: 0.12,
            rotate_step: 15.0,
        }
    }
}

/// The drag in progress: the offset from the floor point grabbed to the object's centre.
#[derive(Resource, Default)]
struct DragState {
    id: Option<String>,
    grab_offset: (f64, f64),
}

/// Adds selection, dragging and keyboard turning.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    crate::input_focus::register(app);
    app.init_resource::<Selection>()
        .add_message::<Edit>()
        .init_resource::<SnapSettings>()
        .init_resource::<DragState>()
        .add_observer(select_on_click)
        .add_observer(start_drag)
        .add_observer(drag_on_floor)
        .add_observer(end_drag)
        .add_systems(Update, turn_with_keys.in_set(EditorSystems::Input));
}

/// The piece of furniture a picked entity belongs to: itself or an ancestor (a model's meshes
/// sit a few levels below their `Furniture` entity).
fn furniture_of<'a>(
    e: Entity,
    furniture: &'a Query<&Furniture>,
    parents: &Query<&ChildOf>,
) -> Option<&'a Furniture> {
    let mut at = e;
    for _ in 0..8 {
        if let Ok(f) = furniture.get(at) {
            return Some(f);
        }
        at = parents.get(at).ok()?.parent();
    }
    None
}

fn select_on_click(
    mut click: On<Pointer<Click>>,
    furniture: Query<&Furniture>,
    parents: Query<&ChildOf>,
    focus: Res<crate::input_focus::UiFocus>,
    mut selection: ResMut<Selection>,
) {
    if !focus.pointer_free() {
        return;
    }
    if let Some(f) = furniture_of(click.entity, &furniture, &parents) {
        selection.id = Some(f.id.clone());
        click.propagate(false);
    }
}

fn start_drag(
    mut drag: On<Pointer<DragStart>>,
    furniture: Query<&Furniture>,
    parents: Query<&ChildOf>,
    doc: Option<Res<SceneDoc>>,
    focus: Res<crate::input_focus::UiFocus>,
    mut state: ResMut<DragState>,
    mut selection: ResMut<Selection>,
) {
    if !focus.pointer_free() {
        return;
    }
    let (Some(f), Some(doc)) = (furniture_of(drag.entity, &furniture, &parents), doc) else {
        return;
    };
    drag.propagate(false);
    if drag.button != PointerButton::Primary {
        return;
    }
    let (Some(hit), Some(pose)) = (drag.hit.position, doc.scene.poses.get(&f.id)) else {
        return;
    };
    let (hx, hy, _) = to_layout(hit);
    state.id = Some(f.id.clone());
    state.grab_offset = (pose.x - hx, pose.y - hy);
    selection.id = Some(f.id.clone());
}

#[allow(clippy::too_many_arguments)]
fn drag_on_floor(
    mut drag: On<Pointer<Drag>>,
    furniture: (Query<&Furniture>, Query<&ChildOf>),
    state: Res<DragState>,
    doc: Option<Res<SceneDoc>>,
    snap: Res<SnapSettings>,
    cameras: Query<(&Camera, &GlobalTransform), Without<crate::judge_views::JudgeCamera>>,
    pointers: Query<&PointerLocation>,
    mut edits: MessageWriter<Edit>,
) {
    let (Some(f), Some(doc)) = (furniture_of(drag.entity, &furniture.0, &furniture.1), doc) else {
        return;
    };
    drag.propagate(false);
    if state.id.as_deref() != Some(f.id.as_str()) {
        return;
    }
    let Some(screen) = pointers
        .iter()
        .find_map(|p| p.location().map(|l| l.position))
    else {
        return;
    };
    let Some(floor) = cameras
        .iter()
        .filter(|(c, _)| c.is_active)
        .find_map(|(c, t)| floor_point(c, t, screen))
    else {
        return;
    };
    let Some(old) = doc.scene.poses.get(&f.id) else {
        return;
    };
    let (x, y, _) = to_layout(floor);
    let mut pose = Pose {
        x: x + state.grab_offset.0,
        y: y + state.grab_offset.1,
        ..*old
    };
    if let Some(i) = doc.scene.object_index(&f.id) {
        let size = doc.scene.objects[i].size;
        pose = snap_to_walls(
            &RoomShape::new(&doc.scene.room),
            pose,
            [size[0], size[1]],
            snap.wall_distance,
        );
    }
    edits.write(Edit::SetPose {
        id: f.id.clone(),
        pose,
        merge: true,
    });
}

fn end_drag(_drag: On<Pointer<DragEnd>>, mut state: ResMut<DragState>) {
    state.id = None;
}

/// Where the pointer's ray meets the floor (Bevy y = 0).
pub fn floor_point(camera: &Camera, transform: &GlobalTransform, screen: Vec2) -> Option<Vec3> {
    let ray = camera.viewport_to_world(transform, screen).ok()?;
    let t = ray.intersect_plane(Vec3::ZERO, InfinitePlane3d::new(Vec3::Y))?;
    Some(ray.get_point(t))
}

/// Moves a pose so that a footprint whose back is within `within` metres of a wall (and parallel
/// to it within 5°) touches it. Other poses are returned unchanged.
pub fn snap_to_walls(room: &RoomShape, pose: Pose, size_xy: [f64; 2], within: f64) -> Pose {
    if within <= 0.0 {
        return pose;
    }
    let fp = Footprint::new(
        Frame::new(pose.x, pose.y, pose.rz.to_radians()),
        LVec2::cst(0.0, 0.0),
        size_xy,
    );
    let back = fp.center - fp.v * fp.hy;
    let mut best: Option<(f64, LVec2<f64>)> = None;
    for w in &room.walls {
        let parallel =
            relayout_core::geometry::wrap_angle(fp.yaw - w.inward_yaw()).abs() < 5f64.to_radians();
        let d = w.signed_distance(back);
        let along = (back - w.a).dot(w.t);
        if parallel
            && d.abs() <= within
            && (0.0..=w.len).contains(&along)
            && best.is_none_or(|(b, _)| d.abs() < b.abs())
        {
            best = Some((d, w.n));
        }
    }
    match best {
        Some((d, n)) => Pose {
            x: pose.x - n.x * d,
            y: pose.y - n.y * d,
            ..pose
        },
        None => pose,
    }
}

fn turn_with_keys(
    keys: Res<ButtonInput<KeyCode>>,
    focus: Res<crate::input_focus::UiFocus>,
    selection: Res<Selection>,
    snap: Res<SnapSettings>,
    mut edits: MessageWriter<Edit>,
) {
    if !focus.keys_free() {
        return;
    }
    let Some(id) = &selection.id else { return };
    let step = if keys.just_pressed(KeyCode::KeyQ) {
        snap.rotate_step
    } else if keys.just_pressed(KeyCode::KeyE) {
        -snap.rotate_step
    } else {
        return;
    };
    edits.write(Edit::Rotate {
        id: id.clone(),
        by: step,
    });
}
