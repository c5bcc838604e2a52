//! Rapier in the editor: a sensor collider per piece of furniture (its box, shrunk by the 1 cm
//! collision tolerance of DESIGN §5 so that touching is not colliding), live intersection
//! flags, and the colours that show them: red for a collision, orange outside the room, a glow
//! for the selection.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::furniture::{Furniture, FurnitureBody};
use crate::live_metrics::LiveMetrics;
use crate::selection::Selection;

/// Marks furniture that intersects another piece.
#[derive(Component, Debug)]
pub struct Colliding;

/// Shared materials for states.
#[derive(Resource)]
struct StateMaterials {
    colliding: Handle<StandardMaterial>,
    outside: Handle<StandardMaterial>,
    selected: Handle<StandardMaterial>,
}

/// Collision tolerance, metres (DESIGN §5): boxes are shrunk by half of it on each side.
pub const TOLERANCE: f32 = 0.01;

/// Adds Rapier, colliders and highlighting.
pub fn plugin(app: &mut App) {
    app.init_resource::<Selection>()
        .init_resource::<LiveMetrics>()
        .add_plugins(RapierPhysicsPlugin::<NoUserData>::default())
        .add_systems(Startup, make_materials)
        .add_systems(Update, add_colliders)
        .add_systems(
            PostUpdate,
            (flag_collisions, paint_states)
                .chain()
                .after(PhysicsSet::Writeback),
        );
}

fn make_materials(mut commands: Commands, mut mats: ResMut<Assets<StandardMaterial>>) {
    commands.insert_resource(StateMaterials {
        colliding: mats.add(StandardMaterial {
            base_color: Color::srgb(0.9, 0.15, 0.12),
            emissive: LinearRgba::rgb(0.4, 0.0, 0.0),
            ..default()
        }),
        outside: mats.add(StandardMaterial {
            base_color: Color::srgb(0.95, 0.55, 0.1),
            ..default()
        }),
        selected: mats.add(StandardMaterial {
            base_color: Color::srgb(0.98, 0.92, 0.55),
            emissive: LinearRgba::rgb(0.25, 0.22, 0.05),
            ..default()
        }),
    });
}

/// Gives each new furniture body a sensor collider of its box.
pub fn add_colliders(
    mut commands: Commands,
    bodies: Query<(Entity, &FurnitureBody), Without<Collider>>,
) {
    for (e, body) in &bodies {
        let h = (body.half - Vec3::splat(TOLERANCE * 0.5)).max(Vec3::splat(0.001));
        commands.entity(e).insert((
            Collider::cuboid(h.x, h.y, h.z),
            Sensor,
            ActiveCollisionTypes::all(),
        ));
    }
}

/// Sets or clears `Colliding` on each piece from Rapier's intersection pairs.
pub fn flag_collisions(
    mut commands: Commands,
    context: ReadRapierContext,
    bodies: Query<(Entity, &ChildOf), With<FurnitureBody>>,
    flagged: Query<(), With<Colliding>>,
) {
    let Ok(ctx) = context.single() else { return };
    for (e, parent) in &bodies {
        let hit = ctx
            .intersection_pairs_with(e)
            .any(|(_, _, touching)| touching);
        let owner = parent.parent();
        match (hit, flagged.contains(owner)) {
            (true, false) => {
                commands.entity(owner).insert(Colliding);
            }
            (false, true) => {
                commands.entity(owner).remove::<Colliding>();
            }
            _ => {}
        }
    }
}

fn paint_states(
    states: Option<Res<StateMaterials>>,
    selection: Res<Selection>,
    metrics: Res<LiveMetrics>,
    furniture: Query<(&Furniture, Has<Colliding>, &Children)>,
    mut bodies: Query<(&FurnitureBody, &mut MeshMaterial3d<StandardMaterial>)>,
) {
    let Some(states) = states else { return };
    let outside: &[String] = metrics.metrics.as_ref().map_or(&[], |m| &m.out_of_room);
    for (f, colliding, children) in &furniture {
        for child in children.iter() {
            let Ok((body, mut mat)) = bodies.get_mut(child) else {
                continue;
            };
            let want = if colliding {
                &states.colliding
            } else if outside.contains(&f.id) {
                &states.outside
            } else if selection.id.as_deref() == Some(f.id.as_str()) {
                &states.selected
            } else {
                &body.normal
            };
            if mat.0 != *want {
                mat.0 = want.clone();
            }
        }
    }
}
