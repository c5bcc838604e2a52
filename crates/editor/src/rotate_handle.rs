//! The rotation ring: a flat ring on the floor around the selection; dragging it turns the
//! selection about its middle as the pointer goes round (Shift: in the rotation step, 15°).
//! What rides on a piece turns with it; the whole turn is one undo step.

use bevy::picking::pointer::PointerLocation;
use bevy::prelude::*;
use relayout_core::scene::{Pose, Scene};

use crate::coords::{to_bevy, to_layout};
use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::input_focus::UiFocus;
use crate::schedule::DrawSystems;
use crate::selection::{
    Hovered, Selection, SnapSettings, ViewCameras, group_with_riders, middle, pointer_floor,
    poses_of, turn_about,
};

/// Marks the ring.
#[derive(Component, Debug)]
pub struct RotateHandle;

/// Where the ring is drawn: the middle of the selection (room frame), its height and radius.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct RingPlace {
    /// Centre x, y and floor height of the selection, metres; `None`: no ring.
    pub at: Option<(f64, f64, f64)>,
    /// Radius, metres.
    pub radius: f64,
}

/// A turn in progress: the angle grabbed and the poses at the start.
#[derive(Resource, Default)]
struct Turning {
    start_angle: Option<f64>,
    centre: (f64, f64),
    start: Vec<(String, Pose)>,
}

/// Adds the ring.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    crate::input_focus::register(app);
    app.init_resource::<Selection>()
        .init_resource::<Hovered>()
        .init_resource::<SnapSettings>()
        .init_resource::<RingPlace>()
        .init_resource::<Turning>()
        .init_resource::<ButtonInput<KeyCode>>()
        .add_message::<Edit>()
        .add_systems(
            PostUpdate,
            (place_ring, follow_ring)
                .chain()
                .in_set(DrawSystems::Furniture),
        );
}

/// The ring for a selection: around the middle of its pieces, just outside the farthest corner.
pub fn ring_for(scene: &Scene, ids: &[String]) -> RingPlace {
    let placed = poses_of(scene, ids);
    let Some((cx, cy)) = middle(&placed) else {
        return RingPlace::default();
    };
    let mut r: f64 = 0.0;
    let mut z = f64::MAX;
    for (id, p) in &placed {
        let Some(i) = scene.object_index(id) else {
            continue;
        };
        let s = scene.objects[i].size;
        let reach = (p.x - cx).hypot(p.y - cy) + 0.5 * s[0].hypot(s[1]);
        r = r.max(reach);
        z = z.min(p.z);
    }
    RingPlace {
        at: Some((cx, cy, z)),
        radius: r + 0.15,
    }
}

fn place_ring(
    doc: Option<Res<SceneDoc>>,
    selection: Res<Selection>,
    turning: Res<Turning>,
    mut ring: ResMut<RingPlace>,
) {
    // While turning, the ring stays where the turn began.
    if turning.start_angle.is_some() {
        return;
    }
    let want = match &doc {
        Some(doc) if !selection.is_empty() => ring_for(&doc.scene, &selection.all()),
        _ => RingPlace::default(),
    };
    if *ring != want {
        *ring = want;
    }
}

#[allow(clippy::too_many_arguments)]
fn follow_ring(
    mut commands: Commands,
    ring: Res<RingPlace>,
    meshes: Option<ResMut<Assets<Mesh>>>,
    materials: Option<ResMut<Assets<StandardMaterial>>>,
    mut handles: Query<(Entity, &mut Transform, &mut Visibility), With<RotateHandle>>,
    mut drawn_radius: Local<f64>,
) {
    let (Some(mut meshes), Some(mut materials)) = (meshes, materials) else {
        return;
    };
    let Some((x, y, z)) = ring.at else {
        for (_, _, mut v) in &mut handles {
            if *v != Visibility::Hidden {
                *v = Visibility::Hidden;
            }
        }
        return;
    };
    let at = to_bevy(x, y, z + 0.02);
    if let Ok((e, mut t, mut v)) = handles.single_mut() {
        if (ring.radius - *drawn_radius).abs() > 1e-6 {
            commands
                .entity(e)
                .insert(Mesh3d(meshes.add(ring_mesh(ring.radius))));
            *drawn_radius = ring.radius;
        }
        if t.translation != at {
            t.translation = at;
        }
        if *v != Visibility::Inherited {
            *v = Visibility::Inherited;
        }
        return;
    }
    *drawn_radius = ring.radius;
    commands
        .spawn((
            Name::new("rotation ring"),
            RotateHandle,
            Mesh3d(meshes.add(ring_mesh(ring.radius))),
            MeshMaterial3d(materials.add(StandardMaterial {
                base_color: Color::srgb(1.0, 0.62, 0.0),
                unlit: true,
                ..default()
            })),
            Transform::from_translation(at),
            Visibility::Inherited,
            bevy::light::NotShadowCaster,
        ))
        .observe(over)
        .observe(out)
        .observe(start)
        .observe(turn)
        .observe(end);
}

fn ring_mesh(radius: f64) -> Mesh {
    let r = radius as f32;
    Torus::new(r - 0.035, r + 0.035).mesh().build()
}

fn over(mut e: On<Pointer<Over>>, mut hovered: ResMut<Hovered>) {
    e.propagate(false);
    hovered.handle = true;
}

fn out(mut e: On<Pointer<Out>>, mut hovered: ResMut<Hovered>) {
    e.propagate(false);
    hovered.handle = false;
}

/// The angle of a floor point about a centre, degrees (counter-clockwise from +x).
fn angle(centre: (f64, f64), p: (f64, f64)) -> f64 {
    (p.1 - centre.1).atan2(p.0 - centre.0).to_degrees()
}

fn start(
    mut e: On<Pointer<DragStart>>,
    doc: Option<Res<SceneDoc>>,
    selection: Res<Selection>,
    focus: Res<UiFocus>,
    mut turning: ResMut<Turning>,
    mut hovered: ResMut<Hovered>,
) {
    e.propagate(false);
    hovered.dragging = true;
    let (Some(doc), Some(hit)) = (doc, e.hit.position) else {
        return;
    };
    if !focus.pointer_free() || e.button != PointerButton::Primary {
        return;
    }
    let ids = selection.all();
    let Some(centre) = middle(&poses_of(&doc.scene, &ids)) else {
        return;
    };
    let (x, y, _) = to_layout(hit);
    turning.centre = centre;
    turning.start_angle = Some(angle(centre, (x, y)));
    turning.start = poses_of(&doc.scene, &group_with_riders(&doc.scene, &ids));
}

/// The poses of a turn by the pointer: from where it was grabbed to where it is, in whole
/// degrees, or in steps of `step` when snapping.
pub fn turned(
    start: &[(String, Pose)],
    centre: (f64, f64),
    grabbed: f64,
    now: f64,
    step: Option<f64>,
) -> Vec<(String, Pose)> {
    let by = crate::edit::wrap_degrees(now - grabbed);
    let by = match step {
        Some(s) if s > 0.0 => (by / s).round() * s,
        _ => by.round(),
    };
    turn_about(start, centre, by)
}

#[allow(clippy::too_many_arguments)]
fn turn(
    mut e: On<Pointer<Drag>>,
    turning: Res<Turning>,
    keys: Res<ButtonInput<KeyCode>>,
    snap: Res<SnapSettings>,
    cameras: ViewCameras,
    pointers: Query<&PointerLocation>,
    mut edits: MessageWriter<Edit>,
) {
    e.propagate(false);
    let Some(grabbed) = turning.start_angle else {
        return;
    };
    let Some(floor) = pointer_floor(&cameras, &pointers) else {
        return;
    };
    let (x, y, _) = to_layout(floor);
    let shift = crate::input_focus::shift_held(&keys);
    let poses = turned(
        &turning.start,
        turning.centre,
        grabbed,
        angle(turning.centre, (x, y)),
        shift.then_some(snap.rotate_step),
    );
    if !poses.is_empty() {
        edits.write(Edit::SetPoses { poses, merge: true });
    }
}

fn end(
    mut e: On<Pointer<DragEnd>>,
    mut turning: ResMut<Turning>,
    mut edits: MessageWriter<Edit>,
    mut hovered: ResMut<Hovered>,
) {
    e.propagate(false);
    hovered.dragging = false;
    edits.write(Edit::EndGesture);
    turning.start_angle = None;
    turning.start.clear();
}
