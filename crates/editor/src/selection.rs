//! What is selected and hovered, the snapping rules a move follows, and turning the selection
//! with Q and E (a multi-selection turns as one about its middle). The pointer's part (picking,
//! dragging, stacking) is `furniture_pointer`.

use bevy::picking::pointer::PointerLocation;
use bevy::prelude::*;
use relayout_core::geometry::{RoomShape, Vec2 as LVec2};
use relayout_core::scene::{Pose, Scene};

use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::schedule::EditorSystems;

/// The selected pieces: `id` is the one the panel shows and the measures start from (the last
/// picked); `others` the rest of a multi-selection (Shift+click, a rectangle).
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct Selection {
    /// The primary selected object.
    pub id: Option<String>,
    /// The rest of a multi-selection, without `id`.
    pub others: Vec<String>,
}

impl Selection {
    /// Just this piece.
    pub fn only(id: impl Into<String>) -> Self {
        Selection {
            id: Some(id.into()),
            others: Vec::new(),
        }
    }

    /// Selects just this piece.
    pub fn set(&mut self, id: impl Into<String>) {
        *self = Selection::only(id);
    }

    /// Selects nothing.
    pub fn clear(&mut self) {
        *self = Selection::default();
    }

    /// Selects these pieces, the first as the primary.
    pub fn set_many(&mut self, ids: Vec<String>) {
        let mut ids = ids.into_iter();
        self.id = ids.next();
        self.others = ids.filter(|i| Some(i) != self.id.as_ref()).collect();
    }

    /// Adds a piece (the new primary) or, when selected already, takes it out (Shift+click).
    pub fn toggle(&mut self, id: &str) {
        if self.contains(id) {
            let rest: Vec<String> = self.all().into_iter().filter(|i| i != id).collect();
            // The piece picked before becomes the primary again.
            let mut rest = rest;
            let primary = rest.pop();
            self.id = primary;
            self.others = rest;
        } else {
            if let Some(old) = self.id.take() {
                self.others.push(old);
            }
            self.id = Some(id.to_string());
        }
    }

    /// Every selected piece, the primary last (the order they were picked in).
    pub fn all(&self) -> Vec<String> {
        self.others.iter().cloned().chain(self.id.clone()).collect()
    }

    /// Whether a piece is selected.
    pub fn contains(&self, id: &str) -> bool {
        self.id.as_deref() == Some(id) || self.others.iter().any(|o| o == id)
    }

    /// How many pieces are selected.
    pub fn len(&self) -> usize {
        self.others.len() + usize::from(self.id.is_some())
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.id.is_none() && self.others.is_empty()
    }

    /// Drops the pieces the scene no longer has (after an undo, a delete, an opened file).
    pub fn keep_existing(&mut self, scene: &relayout_core::scene::Scene) {
        let all = self.all();
        let kept: Vec<String> = all
            .iter()
            .filter(|id| scene.object_index(id).is_some())
            .cloned()
            .collect();
        if kept.len() != all.len() {
            let mut kept = kept;
            let primary = kept.pop();
            self.id = primary;
            self.others = kept;
        }
    }
}

/// What is under the pointer: a piece (drawn with a faint highlight) or an editing handle.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct Hovered {
    /// Object id.
    pub id: Option<String>,
    /// The pointer is over a handle (the rotation ring): a drag there is the handle's.
    pub handle: bool,
    /// A piece or a handle is being dragged: the press belongs to it (no rectangle).
    pub dragging: bool,
}

/// Snapping while dragging.
#[derive(Resource, Debug, Clone)]
pub struct SnapSettings {
    /// A back edge closer than this to a wall lands on it, metres (0 turns snapping off).
    pub wall_distance: f64,
    /// Rotation step, degrees.
    pub rotate_step: f64,
    /// Positions snap to this grid while dragging, metres (0: off; 0.05, 0.1, 0.25 offered).
    pub grid: f64,
}

impl Default for SnapSettings {
    fn default() -> Self {
        SnapSettings {
            wall_distance: 0.12,
            rotate_step: 15.0,
            grid: 0.0,
        }
    }
}

/// Grid steps the panel offers, metres.
pub const GRID_STEPS: [f64; 3] = [0.05, 0.1, 0.25];

/// Adds the selection, the hovered piece and keyboard turning.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    crate::input_focus::register(app);
    app.init_resource::<Selection>()
        .init_resource::<Hovered>()
        .add_message::<Edit>()
        .init_resource::<SnapSettings>()
        .add_systems(
            Update,
            (
                turn_with_keys.in_set(EditorSystems::Input),
                forget_removed.in_set(EditorSystems::AfterEdits),
            ),
        );
}

/// Keeps the selection to pieces the document has.
fn forget_removed(doc: Option<Res<SceneDoc>>, mut selection: ResMut<Selection>) {
    if let Some(doc) = doc
        && (doc.is_changed() || selection.is_changed())
    {
        let mut s = selection.bypass_change_detection().clone();
        s.keep_existing(&doc.scene);
        if s != *selection {
            *selection = s;
        }
    }
}

/// The view cameras a pointer can drag through (not the judge cameras).
pub type ViewCameras<'w, 's> = Query<
    'w,
    's,
    (&'static Camera, &'static GlobalTransform),
    Without<crate::judge_views::JudgeCamera>,
>;

/// Where the pointer's ray meets the floor, through the active view camera.
pub fn pointer_floor(cameras: &ViewCameras, pointers: &Query<&PointerLocation>) -> Option<Vec3> {
    let screen = pointers
        .iter()
        .find_map(|p| p.location().map(|l| l.position))?;
    cameras
        .iter()
        .filter(|(c, _)| c.is_active)
        .find_map(|(c, t)| floor_point(c, t, screen))
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
    let fp = pose.footprint(size_xy);
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
    doc: Option<Res<SceneDoc>>,
    mut edits: MessageWriter<Edit>,
) {
    if !focus.keys_free() || selection.is_empty() {
        return;
    }
    let step = if keys.just_pressed(KeyCode::KeyQ) {
        snap.rotate_step
    } else if keys.just_pressed(KeyCode::KeyE) {
        -snap.rotate_step
    } else {
        return;
    };
    let Some(doc) = doc else { return };
    if let (Some(id), 0) = (&selection.id, selection.others.len())
        && doc.scene.riders(id).is_empty()
    {
        edits.write(Edit::Rotate {
            id: id.clone(),
            by: step,
        });
        return;
    }
    let poses = turn_group(&doc.scene, &selection.all(), step);
    if !poses.is_empty() {
        edits.write(Edit::SetPoses {
            poses,
            merge: false,
        });
    }
}

/// The pieces and whatever rides on any of them, each once, in order.
pub fn group_with_riders(scene: &Scene, ids: &[String]) -> Vec<String> {
    let mut all: Vec<String> = ids.to_vec();
    for id in ids {
        for r in scene.riders(id) {
            if !all.contains(&r) {
                all.push(r);
            }
        }
    }
    all
}

/// Where every piece stands, for the ids that have a pose.
pub fn poses_of(scene: &Scene, ids: &[String]) -> Vec<(String, Pose)> {
    ids.iter()
        .filter_map(|id| scene.poses.get(id).map(|p| (id.clone(), *p)))
        .collect()
}

/// The pieces `ids` and what rides on them, turned by `degrees` about the middle of `ids`,
/// each turned by as much: a bed with its nightstands turns as one, the lamp on one with it.
pub fn turn_group(scene: &Scene, ids: &[String], degrees: f64) -> Vec<(String, Pose)> {
    match middle(&poses_of(scene, ids)) {
        Some(c) => turn_about(&poses_of(scene, &group_with_riders(scene, ids)), c, degrees),
        None => Vec::new(),
    }
}

/// The middle of some poses (their mean position).
pub fn middle(poses: &[(String, Pose)]) -> Option<(f64, f64)> {
    let n = poses.len() as f64;
    (!poses.is_empty()).then(|| {
        (
            poses.iter().map(|(_, p)| p.x).sum::<f64>() / n,
            poses.iter().map(|(_, p)| p.y).sum::<f64>() / n,
        )
    })
}

/// Poses turned by `degrees` about `centre` (room frame), each turned by as much.
pub fn turn_about(
    poses: &[(String, Pose)],
    centre: (f64, f64),
    degrees: f64,
) -> Vec<(String, Pose)> {
    let (cx, cy) = centre;
    let (s, c) = degrees.to_radians().sin_cos();
    poses
        .iter()
        .map(|(id, p)| {
            let (dx, dy) = (p.x - cx, p.y - cy);
            let pose = Pose {
                x: cx + c * dx - s * dy,
                y: cy + s * dx + c * dy,
                rz: crate::edit::wrap_degrees(p.rz + degrees),
                ..*p
            };
            (id.clone(), pose)
        })
        .collect()
}

/// A position snapped to a grid of `step` metres (0: unchanged).
pub fn snap_to_grid(x: f64, step: f64) -> f64 {
    if step > 0.0 {
        (x / step).round() * step
    } else {
        x
    }
}
