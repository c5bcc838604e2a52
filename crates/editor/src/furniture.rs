//! Furniture in 3D: one entity per object of the document, placed by its pose, drawn as a box of
//! its size with a darker slab on its front (or its glTF model once the asset resolves), and kept
//! in step with the document.

use std::collections::HashMap;

use bevy::prelude::*;
use relayout_core::scene::{Object, Pose};

use crate::coords::{local_to_bevy, pose_transform};
use crate::document::{PosePreview, SceneDoc};
use crate::palette::category_color;
use crate::schedule::DrawSystems;

/// Part of the box drawing (the front slab) that goes away with the box once a model shows.
#[derive(Component)]
pub struct BoxPart;

/// An object of the scene in the 3D view.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct Furniture {
    /// The object's id in the document.
    pub id: String,
}

/// The object's body mesh (a child of its `Furniture` entity), whose material shows state.
#[derive(Component)]
pub struct FurnitureBody {
    /// The normal material.
    pub normal: Handle<StandardMaterial>,
    /// Half extents in Bevy's axes (x width, y height, z depth), metres.
    pub half: Vec3,
}

/// A translucent box just around a piece of furniture (a child of its `Furniture` entity),
/// shown in the state's colour when the piece collides, stands outside the room or is
/// selected (`physics` paints it; a loaded model leaves it alone).
#[derive(Component, Debug)]
pub struct StateShell;

/// A child of a piece of furniture other than its body: the front slab, or the model holder.
#[derive(Component)]
pub struct FurniturePart;

/// Which entity draws which object, and what each was drawn from.
#[derive(Resource, Default)]
pub struct FurnitureIndex {
    /// Entity by object id.
    pub by_id: HashMap<String, Entity>,
    drawn: HashMap<String, Object>,
    revision: u64,
    preview: u64,
}

/// Adds the furniture view.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    app.init_resource::<FurnitureIndex>()
        .init_resource::<PosePreview>()
        .add_systems(PostUpdate, sync_furniture.in_set(DrawSystems::Furniture));
}

/// Spawns, updates and despawns furniture to match the document; a run's step being shown
/// ([`PosePreview`]) places the pieces at that step's poses instead.
#[allow(clippy::too_many_arguments)]
pub fn sync_furniture(
    mut commands: Commands,
    doc: Option<Res<SceneDoc>>,
    preview: Option<Res<PosePreview>>,
    mut index: ResMut<FurnitureIndex>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut mats: ResMut<Assets<StandardMaterial>>,
    mut transforms: Query<(&mut Transform, &mut Visibility), With<Furniture>>,
) {
    let Some(doc) = doc else { return };
    let generation = preview.as_ref().map_or(0, |p| p.generation);
    if index.revision == doc.revision && index.preview == generation {
        return;
    }
    index.revision = doc.revision;
    index.preview = generation;
    let shown = preview.as_ref().and_then(|p| p.poses.as_ref());
    let scene = &doc.scene;
    let live: Vec<&str> = scene.objects.iter().map(|o| o.id.as_str()).collect();
    let gone: Vec<String> = index
        .by_id
        .keys()
        .filter(|id| !live.contains(&id.as_str()))
        .cloned()
        .collect();
    for id in gone {
        if let Some(e) = index.by_id.remove(&id) {
            commands.entity(e).despawn();
        }
        index.drawn.remove(&id);
    }
    for o in &scene.objects {
        let pose = shown
            .and_then(|p| p.get(&o.id))
            .or_else(|| scene.poses.get(&o.id));
        let redraw = index.drawn.get(&o.id) != Some(o);
        if redraw {
            if let Some(e) = index.by_id.remove(&o.id) {
                commands.entity(e).despawn();
            }
            let e = spawn_furniture(&mut commands, &mut meshes, &mut mats, o, pose);
            index.by_id.insert(o.id.clone(), e);
            index.drawn.insert(o.id.clone(), o.clone());
        } else if let Some(&e) = index.by_id.get(&o.id)
            && let Ok((mut t, mut v)) = transforms.get_mut(e)
        {
            place(&mut t, &mut v, pose);
        }
    }
}

fn place(t: &mut Transform, v: &mut Visibility, pose: Option<&Pose>) {
    match pose {
        Some(p) => {
            *t = pose_transform(p);
            *v = Visibility::Inherited;
        }
        None => *v = Visibility::Hidden,
    }
}

/// The entity of one object: a box body and a front slab, as children of the object's frame.
pub fn spawn_furniture(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    mats: &mut Assets<StandardMaterial>,
    o: &Object,
    pose: Option<&Pose>,
) -> Entity {
    let [sx, sy, sz] = o.size;
    let color = category_color(&o.category);
    let normal = mats.add(StandardMaterial {
        base_color: color,
        perceptual_roughness: 0.7,
        ..default()
    });
    let front_mat = mats.add(StandardMaterial {
        base_color: color.darker(0.25),
        perceptual_roughness: 0.7,
        ..default()
    });
    let mut t = Transform::default();
    let mut v = Visibility::Inherited;
    place(&mut t, &mut v, pose);
    let slab = (sz * 0.25).clamp(0.01, 0.3);
    commands
        .spawn((
            Name::new(o.id.clone()),
            Furniture { id: o.id.clone() },
            t,
            v,
        ))
        .with_children(|p| {
            p.spawn((
                FurnitureBody {
                    normal: normal.clone(),
                    half: Vec3::new(sx as f32, sz as f32, sy as f32) * 0.5,
                },
                Mesh3d(meshes.add(Cuboid::new(sx as f32, sz as f32, sy as f32))),
                MeshMaterial3d(normal),
                Transform::from_translation(local_to_bevy([0.0, 0.0, 0.5 * sz])),
            ));
            // The front: a slab proud of the front face, in the upper part of the body.
            p.spawn((
                FurniturePart,
                BoxPart,
                Mesh3d(meshes.add(Cuboid::new((sx * 0.8) as f32, slab as f32, 0.02))),
                MeshMaterial3d(front_mat),
                Transform::from_translation(local_to_bevy([
                    0.0,
                    0.5 * sy + 0.01,
                    sz - 0.5 * slab - 0.02 * sz,
                ])),
            ));
        })
        .id()
}
