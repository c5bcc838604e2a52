//! Rapier in the editor: a sensor collider per piece of furniture (its box, shrunk by the 1 cm
//! collision tolerance of DESIGN §5 so that touching is not colliding), live intersection
//! flags, and the colours that show them: red for a collision, orange outside the room, a glow
//! for the selection, a faint one for the piece under the pointer. The colour is painted on the box and, because a loaded glTF model hides
//! the box, also on a translucent shell around the piece ([`StateShell`]), so the state shows on
//! whatever draws the furniture.

use bevy::camera::visibility::RenderLayers;
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::furniture::{Furniture, FurnitureBody, StateShell};
use crate::live_metrics::LiveMetrics;
use crate::selection::{Hovered, Selection};

/// Marks furniture that intersects another piece.
#[derive(Component, Debug)]
pub struct Colliding;

/// Shared materials for states.
#[derive(Resource)]
struct StateMaterials {
    colliding: Handle<StandardMaterial>,
    outside: Handle<StandardMaterial>,
    selected: Handle<StandardMaterial>,
    /// Translucent shells, by state.
    shell_colliding: Handle<StandardMaterial>,
    shell_outside: Handle<StandardMaterial>,
    shell_selected: Handle<StandardMaterial>,
    shell_hovered: Handle<StandardMaterial>,
    /// A unit cube for shells.
    cube: Handle<Mesh>,
}

/// The render layer no camera draws: a shell with no state to show sits there, still there for
/// picking (the editor picks what is visible, drawn or not).
pub const PICK_ONLY_LAYER: usize = 31;

/// How much bigger than the piece its shell is, metres on each side.
pub const SHELL_MARGIN: f32 = 0.02;

/// Collision tolerance, metres (DESIGN §5): boxes are shrunk by half of it on each side.
pub const TOLERANCE: f32 = 0.01;

/// Adds Rapier, colliders and highlighting.
pub fn plugin(app: &mut App) {
    app.init_resource::<Selection>()
        .init_resource::<Hovered>()
        .init_resource::<LiveMetrics>()
        .add_plugins(RapierPhysicsPlugin::<NoUserData>::default())
        // Furniture moves before Rapier reads the transforms: a drag into a piece shows red in
        // the frame of the drag, not one later.
        .configure_sets(
            PostUpdate,
            crate::schedule::DrawSystems::Furniture.before(PhysicsSet::SyncBackend),
        )
        .add_systems(Startup, make_materials)
        .add_systems(Update, (add_colliders, add_shells))
        .add_systems(
            PostUpdate,
            (flag_collisions, paint_states)
                .chain()
                .after(PhysicsSet::Writeback),
        );
}

fn make_materials(
    mut commands: Commands,
    mut mats: ResMut<Assets<StandardMaterial>>,
    meshes: Option<ResMut<Assets<Mesh>>>,
) {
    let shell = |mats: &mut Assets<StandardMaterial>, c: Color| {
        mats.add(StandardMaterial {
            base_color: c,
            emissive: LinearRgba::from(c) * 0.6,
            alpha_mode: AlphaMode::Blend,
            unlit: true,
            double_sided: true,
            cull_mode: None,
            ..default()
        })
    };
    let cube = meshes.map_or_else(Handle::default, |mut m| m.add(Cuboid::new(1.0, 1.0, 1.0)));
    let shell_colliding = shell(&mut mats, Color::srgba(0.95, 0.1, 0.08, 0.55));
    let shell_outside = shell(&mut mats, Color::srgba(1.0, 0.55, 0.05, 0.5));
    let shell_selected = shell(&mut mats, Color::srgba(0.35, 0.75, 1.0, 0.35));
    let shell_hovered = shell(&mut mats, Color::srgba(0.85, 0.92, 1.0, 0.16));
    commands.insert_resource(StateMaterials {
        shell_colliding,
        shell_outside,
        shell_selected,
        shell_hovered,
        cube,
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

/// The state a piece shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceState {
    /// Nothing to show.
    Normal,
    /// Intersects another piece.
    Colliding,
    /// Outside the room.
    Outside,
    /// Selected.
    Selected,
    /// Under the pointer.
    Hovered,
}

/// Furniture that has no shell yet.
type WithoutShell = (With<Furniture>, Without<HasShell>);

/// Shells, apart from bodies.
type ShellFilter = (With<StateShell>, Without<FurnitureBody>);

/// Gives each piece of furniture its state shell, sized to its body.
fn add_shells(
    mut commands: Commands,
    states: Option<Res<StateMaterials>>,
    furniture: Query<(Entity, &Children), WithoutShell>,
    bodies: Query<&FurnitureBody>,
) {
    let Some(states) = states else { return };
    for (e, children) in &furniture {
        let Some(body) = children.iter().find_map(|c| bodies.get(c).ok()) else {
            continue;
        };
        let size = body.half * 2.0 + Vec3::splat(2.0 * SHELL_MARGIN);
        commands.entity(e).insert(HasShell).with_children(|p| {
            p.spawn((
                StateShell,
                Mesh3d(states.cube.clone()),
                MeshMaterial3d(states.shell_selected.clone()),
                Transform::from_translation(Vec3::new(0.0, body.half.y, 0.0)).with_scale(size),
                Visibility::Inherited,
                RenderLayers::layer(PICK_ONLY_LAYER),
                bevy::light::NotShadowCaster,
            ));
        });
    }
}

/// Marks furniture that has its shell.
#[derive(Component)]
struct HasShell;

fn paint_states(
    states: Option<Res<StateMaterials>>,
    (selection, hovered): (Res<Selection>, Res<Hovered>),
    metrics: Res<LiveMetrics>,
    furniture: Query<(&Furniture, Has<Colliding>, &Children)>,
    mut bodies: Query<(&FurnitureBody, &mut MeshMaterial3d<StandardMaterial>), Without<StateShell>>,
    mut shells: Query<(&mut MeshMaterial3d<StandardMaterial>, &mut RenderLayers), ShellFilter>,
) {
    let Some(states) = states else { return };
    let (drawn, pick_only) = (
        RenderLayers::default(),
        RenderLayers::layer(PICK_ONLY_LAYER),
    );
    let outside: &[String] = metrics.metrics.as_ref().map_or(&[], |m| &m.out_of_room);
    for (f, colliding, children) in &furniture {
        let state = if colliding {
            PieceState::Colliding
        } else if outside.contains(&f.id) {
            PieceState::Outside
        } else if selection.contains(&f.id) {
            PieceState::Selected
        } else if hovered.id.as_deref() == Some(f.id.as_str()) {
            PieceState::Hovered
        } else {
            PieceState::Normal
        };
        for child in children.iter() {
            if let Ok((mut mat, mut layers)) = shells.get_mut(child) {
                let (want, v) = match state {
                    PieceState::Colliding => (&states.shell_colliding, drawn.clone()),
                    PieceState::Outside => (&states.shell_outside, drawn.clone()),
                    PieceState::Selected => (&states.shell_selected, drawn.clone()),
                    PieceState::Hovered => (&states.shell_hovered, drawn.clone()),
                    PieceState::Normal => (&states.shell_selected, pick_only.clone()),
                };
                if mat.0 != *want {
                    mat.0 = want.clone();
                }
                if *layers != v {
                    *layers = v;
                }
            }
        }
        for child in children.iter() {
            let Ok((body, mut mat)) = bodies.get_mut(child) else {
                continue;
            };
            let want = if colliding {
                &states.colliding
            } else if outside.contains(&f.id) {
                &states.outside
            } else if selection.contains(&f.id) {
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
