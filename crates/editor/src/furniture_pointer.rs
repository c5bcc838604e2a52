//! The pointer on the furniture: hover, click to select (Shift+click adds or takes out), drag to
//! move the whole selection on the floor (what rides on a piece moves with it), snapped to the
//! grid and against walls; a piece dropped onto another rests on it, one dragged off comes down
//! to the floor, a wall-mounted one slides along the walls at its height. Picking hits on a
//! piece's meshes bubble up to its `Furniture` entity. Nothing here acts while the pointer is
//! over a window.

use bevy::picking::pointer::PointerLocation;
use bevy::prelude::*;
use relayout_core::geometry::RoomShape;
use relayout_core::scene::{Pose, Rest, Scene, Support, along_wall};

use crate::coords::to_layout;
use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::furniture::Furniture;
use crate::input_focus::{UiFocus, shift_held};
use crate::room_handles::RoomTool;
use crate::selection::{
    Hovered, Selection, SnapSettings, ViewCameras, group_with_riders, pointer_floor, poses_of,
    snap_to_grid, snap_to_walls,
};
use crate::status::StatusLog;

/// A drag in progress: the piece grabbed, the offset from the floor point grabbed to its
/// centre, and where every piece that moves stood when it began.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grab {
    /// The piece under the pointer.
    pub id: String,
    /// Its centre minus the floor point grabbed, metres.
    pub offset: (f64, f64),
    /// Every moving piece (the grabbed one first) and its pose at the start.
    pub start: Vec<(String, Pose)>,
}

#[derive(Resource, Default)]
struct DragState {
    grab: Option<Grab>,
    /// The poses the drag last asked for (its last edit may still be on its way).
    last: Vec<(String, Pose)>,
    /// The pointer moved since it was pressed (a click after a drag selects nothing new).
    moved: bool,
}

/// Adds hovering, picking and dragging.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    crate::input_focus::register(app);
    app.init_resource::<Selection>()
        .init_resource::<Hovered>()
        .init_resource::<SnapSettings>()
        .init_resource::<StatusLog>()
        .init_resource::<DragState>()
        .init_resource::<ButtonInput<KeyCode>>()
        .add_message::<Edit>()
        .add_observer(hover)
        .add_observer(unhover)
        .add_observer(press)
        .add_observer(select_on_click)
        .add_observer(start_drag)
        .add_observer(drag_on_floor)
        .add_observer(end_drag);
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

fn hover(
    mut over: On<Pointer<Over>>,
    furniture: Query<&Furniture>,
    parents: Query<&ChildOf>,
    focus: Res<UiFocus>,
    mut hovered: ResMut<Hovered>,
    tool: Option<Res<RoomTool>>,
) {
    let Some(f) = furniture_of(over.entity, &furniture, &parents) else {
        return;
    };
    over.propagate(false);
    let free = focus.pointer_free() && !tool.is_some_and(|t| t.enabled);
    let want = free.then(|| f.id.clone());
    if hovered.id != want {
        hovered.id = want;
    }
}

fn unhover(
    mut out: On<Pointer<Out>>,
    furniture: Query<&Furniture>,
    parents: Query<&ChildOf>,
    mut hovered: ResMut<Hovered>,
) {
    let Some(f) = furniture_of(out.entity, &furniture, &parents) else {
        return;
    };
    out.propagate(false);
    if hovered.id.as_deref() == Some(f.id.as_str()) {
        hovered.id = None;
    }
}

fn press(
    mut press: On<Pointer<Press>>,
    furniture: Query<&Furniture>,
    parents: Query<&ChildOf>,
    (focus, keys): (Res<UiFocus>, Res<ButtonInput<KeyCode>>),
    mut state: ResMut<DragState>,
    (mut selection, mut hovered): (ResMut<Selection>, ResMut<Hovered>),
    tool: Option<Res<RoomTool>>,
) {
    if !focus.pointer_free()
        || press.button != PointerButton::Primary
        || tool.is_some_and(|t| t.enabled)
    {
        return;
    }
    // A new press: a drag whose end never came (the window lost the pointer) is over.
    if state.grab.is_none() {
        hovered.dragging = false;
    }
    let Some(f) = furniture_of(press.entity, &furniture, &parents) else {
        return;
    };
    press.propagate(false);
    state.moved = false;
    if shift_held(&keys) {
        selection.toggle(&f.id);
    } else if !selection.contains(&f.id) {
        selection.set(f.id.clone());
    }
}

fn select_on_click(
    mut click: On<Pointer<Click>>,
    furniture: Query<&Furniture>,
    parents: Query<&ChildOf>,
    (focus, keys): (Res<UiFocus>, Res<ButtonInput<KeyCode>>),
    state: Res<DragState>,
    mut selection: ResMut<Selection>,
    tool: Option<Res<RoomTool>>,
) {
    if !focus.pointer_free()
        || click.button != PointerButton::Primary
        || tool.is_some_and(|t| t.enabled)
    {
        return;
    }
    let Some(f) = furniture_of(click.entity, &furniture, &parents) else {
        return;
    };
    click.propagate(false);
    // Shift+click was handled on the press; a click that ends a drag keeps the group.
    if !shift_held(&keys) && !state.moved {
        selection.set(f.id.clone());
    }
}

#[allow(clippy::too_many_arguments)]
fn start_drag(
    mut drag: On<Pointer<DragStart>>,
    furniture: Query<&Furniture>,
    parents: Query<&ChildOf>,
    doc: Option<Res<SceneDoc>>,
    focus: Res<UiFocus>,
    mut state: ResMut<DragState>,
    (mut selection, mut hovered): (ResMut<Selection>, ResMut<Hovered>),
    view: (ViewCameras, Query<&PointerLocation>),
    tool: Option<Res<RoomTool>>,
) {
    if !focus.pointer_free() || tool.is_some_and(|t| t.enabled) {
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
    if !selection.contains(&f.id) {
        selection.set(f.id.clone());
    }
    // The offset from the floor under the pointer (what the drag follows), not from the hit
    // point on the piece, which stands higher: the piece does not jump when grabbed.
    let (hx, hy, _) = to_layout(pointer_floor(&view.0, &view.1).unwrap_or(hit));
    state.grab = Some(Grab {
        id: f.id.clone(),
        offset: (pose.x - hx, pose.y - hy),
        start: moving_set(&doc.scene, &f.id, &selection.all()),
    });
    state.last.clear();
    state.moved = true;
    hovered.dragging = true;
}

/// The pieces a drag of `grabbed` moves, with their poses: it first, then the rest of the
/// selection, then whatever rides on any of them.
pub fn moving_set(scene: &Scene, grabbed: &str, selection: &[String]) -> Vec<(String, Pose)> {
    let mut ids: Vec<String> = vec![grabbed.to_string()];
    ids.extend(selection.iter().filter(|id| *id != grabbed).cloned());
    poses_of(scene, &group_with_riders(scene, &ids))
}

/// Where a drag puts every moving piece when the pointer is over `floor` (room frame): the
/// grabbed piece follows it (snapped to the grid, then against a wall near its back; up onto
/// the piece under it that holds it, down to the floor off one; along the walls when it hangs
/// on one), the others move by as much, and what rides on it rises and falls with it.
pub fn dragged_poses(
    scene: &Scene,
    grab: &Grab,
    floor: (f64, f64),
    snap: &SnapSettings,
) -> Vec<(String, Pose)> {
    let Some((_, start)) = grab.start.first() else {
        return Vec::new();
    };
    let Some(i) = scene.object_index(&grab.id) else {
        return Vec::new();
    };
    let object = &scene.objects[i];
    let room = RoomShape::new(&scene.room);
    let wanted = Pose {
        x: floor.0 + grab.offset.0,
        y: floor.1 + grab.offset.1,
        ..*start
    };
    let pose = if object.support == Support::Wall {
        along_wall(&room, object, &wanted)
    } else {
        let gridded = Pose {
            x: snap_to_grid(wanted.x, snap.grid),
            y: snap_to_grid(wanted.y, snap.grid),
            ..wanted
        };
        let mut p = snap_to_walls(
            &room,
            gridded,
            [object.size[0], object.size[1]],
            snap.wall_distance,
        );
        match scene.rest_at(&grab.id, &p) {
            Rest::On { top, center, .. } => (p.x, p.y, p.z) = (center.0, center.1, top),
            _ if object.support == Support::Object => p.z = 0.0,
            _ => p.z = start.z,
        }
        p
    };
    let (dx, dy, dz) = (pose.x - start.x, pose.y - start.y, pose.z - start.z);
    let riders = scene.riders(&grab.id);
    let mut out = vec![(grab.id.clone(), pose)];
    for (id, p) in grab.start.iter().skip(1) {
        let lift = if riders.contains(id) { dz } else { 0.0 };
        out.push((
            id.clone(),
            Pose {
                x: p.x + dx,
                y: p.y + dy,
                z: p.z + lift,
                ..*p
            },
        ));
    }
    out
}

/// The end of a drag of `id`: it rests on what it was dropped on, or on the floor. Returns the
/// scene when that changes anything (support, `on_top_of`, z), and a message when the piece
/// under it is too small to hold it.
pub fn dropped(scene: &Scene, id: &str) -> (Option<Scene>, Option<String>) {
    let Some(pose) = scene.poses.get(id) else {
        return (None, None);
    };
    let rest = scene.rest_at(id, pose);
    let note = match &rest {
        Rest::TooSmall { target, sizes } => Some(format!(
            "{target} is too small to hold {id} ({:.2} × {:.2} m on a {:.2} × {:.2} m top): \
             left on the floor",
            sizes.0[0], sizes.0[1], sizes.1[0], sizes.1[1]
        )),
        _ => None,
    };
    let mut next = scene.clone();
    next.rest_on(id, &rest);
    ((next != *scene).then_some(next), note)
}

#[allow(clippy::too_many_arguments)]
fn drag_on_floor(
    mut drag: On<Pointer<Drag>>,
    furniture: (Query<&Furniture>, Query<&ChildOf>),
    mut state: ResMut<DragState>,
    doc: Option<Res<SceneDoc>>,
    snap: Res<SnapSettings>,
    cameras: ViewCameras,
    pointers: Query<&PointerLocation>,
    mut edits: MessageWriter<Edit>,
) {
    let (Some(f), Some(doc)) = (furniture_of(drag.entity, &furniture.0, &furniture.1), doc) else {
        return;
    };
    drag.propagate(false);
    let Some(grab) = state.grab.as_ref().filter(|g| g.id == f.id) else {
        return;
    };
    let Some(floor) = pointer_floor(&cameras, &pointers) else {
        return;
    };
    let (x, y, _) = to_layout(floor);
    let poses = dragged_poses(&doc.scene, grab, (x, y), &snap);
    if poses.is_empty() {
        return;
    }
    state.last = poses.clone();
    edits.write(Edit::SetPoses { poses, merge: true });
}

fn end_drag(
    _drag: On<Pointer<DragEnd>>,
    mut state: ResMut<DragState>,
    doc: Option<Res<SceneDoc>>,
    (mut log, mut hovered): (ResMut<StatusLog>, ResMut<Hovered>),
    mut edits: MessageWriter<Edit>,
) {
    hovered.dragging = false;
    let Some(grab) = state.grab.take() else {
        return;
    };
    let last = std::mem::take(&mut state.last);
    let Some(doc) = doc else {
        edits.write(Edit::EndGesture);
        return;
    };
    // The drag's last poses may not have reached the document yet.
    let mut scene = doc.scene.clone();
    for (id, p) in last {
        scene.poses.insert(id, p);
    }
    let (next, note) = dropped(&scene, &grab.id);
    if let Some(note) = note {
        log.info(note);
    }
    if let Some(next) = next {
        let label = match next.rest_at(&grab.id, &next.poses[&grab.id]) {
            Rest::On { target, .. } => format!("{} on {target}", grab.id),
            _ => format!("{} onto the floor", grab.id),
        };
        // The drop joins the drag's undo step and closes it.
        edits.write(Edit::FinishGesture {
            scene: Box::new(next),
            label,
        });
    } else {
        edits.write(Edit::EndGesture);
    }
}
