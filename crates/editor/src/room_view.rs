//! The room in 3D: the floor (grid shader), walls with gaps for doors and windows, glass panes,
//! and each door's swing drawn on the floor. Rebuilt whenever the document's room changes.

use bevy::prelude::*;
use relayout_core::geometry::{RoomShape, WallBox, WallBoxKind, wall_boxes};
use relayout_core::scene::Room;

use crate::camera_state::{EDITOR_WALL_LAYER, EditorCamera, OrbitState};
use crate::coords::{to_bevy, yaw_rotation};
use crate::document::SceneDoc;
use crate::floor_grid::FloorGrid;
use crate::floor_mesh::floor_mesh;
use crate::schedule::DrawSystems;

/// Marks every entity that belongs to the drawn room.
#[derive(Component)]
pub struct RoomPart;

/// A piece of wall: a point on its line and its normal into the room (Bevy frame), so the
/// editor can cut away the walls between its camera and the room.
#[derive(Component, Debug, Clone, Copy)]
pub struct WallPiece {
    /// A point on the wall's inner face, at floor level.
    pub point: Vec3,
    /// Unit normal pointing into the room.
    pub inward: Vec3,
}

/// Adds the room view.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    app.add_systems(
        PostUpdate,
        (rebuild_room, cut_away_walls)
            .chain()
            .in_set(DrawSystems::Room),
    );
}

/// Hides the walls the editor's camera looks through from outside (a cutaway, as floor-plan
/// tools do); the judge cameras and the plan view see every wall.
fn cut_away_walls(
    cameras: Query<&GlobalTransform, With<EditorCamera>>,
    orbit: Option<Res<OrbitState>>,
    mut walls: Query<(&WallPiece, &mut Visibility)>,
) {
    let Ok(cam) = cameras.single() else { return };
    let top_down = orbit.is_some_and(|o| o.top_down);
    let eye = cam.translation();
    for (w, mut v) in &mut walls {
        let outside = (eye - w.point).dot(w.inward) < 0.0;
        let want = if outside && !top_down {
            Visibility::Hidden
        } else {
            Visibility::Inherited
        };
        if *v != want {
            *v = want;
        }
    }
}

fn rebuild_room(
    mut commands: Commands,
    doc: Option<Res<SceneDoc>>,
    mut drawn: Local<Option<Room>>,
    parts: Query<Entity, With<RoomPart>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut std_mats: ResMut<Assets<StandardMaterial>>,
    grid_mats: Option<ResMut<Assets<FloorGrid>>>,
) {
    let Some(doc) = doc else { return };
    if drawn.as_ref() == Some(&doc.scene.room) {
        return;
    }
    for e in &parts {
        commands.entity(e).despawn();
    }
    let room = &doc.scene.room;
    *drawn = Some(room.clone());
    let shape = RoomShape::new(room);
    let outline: Vec<[f64; 2]> = shape.vertices.iter().map(|v| [v.x, v.y]).collect();
    let floor = commands
        .spawn((
            Name::new("floor"),
            RoomPart,
            Mesh3d(meshes.add(floor_mesh(&outline))),
            Transform::default(),
        ))
        .id();
    // The metre grid shader when its material is registered (`floor_grid::plugin`); a plain
    // floor otherwise (the room view alone, without the renderer's materials).
    match grid_mats {
        Some(mut grid) => commands
            .entity(floor)
            .insert(MeshMaterial3d(grid.add(FloorGrid::default()))),
        None => commands
            .entity(floor)
            .insert(MeshMaterial3d(std_mats.add(Color::srgb(0.85, 0.84, 0.82)))),
    };
    let wall_mat = std_mats.add(StandardMaterial {
        base_color: Color::srgb(0.93, 0.92, 0.90),
        perceptual_roughness: 0.9,
        ..default()
    });
    let glass = std_mats.add(StandardMaterial {
        base_color: Color::srgba(0.6, 0.8, 0.95, 0.35),
        alpha_mode: AlphaMode::Blend,
        ..default()
    });
    let swing = std_mats.add(StandardMaterial {
        base_color: Color::srgba(0.95, 0.75, 0.2, 0.45),
        alpha_mode: AlphaMode::Blend,
        unlit: true,
        ..default()
    });
    for piece in wall_boxes(room, &shape) {
        let (mat, name) = match piece.kind {
            WallBoxKind::Wall => (wall_mat.clone(), "wall"),
            WallBoxKind::Glass => (glass.clone(), "window"),
        };
        spawn_box(&mut commands, &mut meshes, mat, &shape, &piece, name);
    }
    for s in &shape.door_swings {
        let c = to_bevy(s.center.x, s.center.y, 0.003);
        commands.spawn((
            Name::new("door swing"),
            RoomPart,
            Mesh3d(meshes.add(Cuboid::new((2.0 * s.hx) as f32, 0.004, (2.0 * s.hy) as f32))),
            MeshMaterial3d(swing.clone()),
            Transform::from_translation(c).with_rotation(yaw_rotation(s.yaw.to_degrees())),
        ));
    }
}

/// One wall box (a solid piece or a pane), standing outside the room.
fn spawn_box(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    mat: Handle<StandardMaterial>,
    shape: &RoomShape,
    piece: &WallBox,
    name: &'static str,
) {
    let wall = &shape.walls[piece.wall];
    let (mid, yaw) = piece.placement(shape);
    let [len, height, thick] = piece.extent();
    let piece = WallPiece {
        point: to_bevy(wall.a.x, wall.a.y, 0.0),
        inward: to_bevy(wall.n.x, wall.n.y, 0.0),
    };
    commands.spawn((
        piece,
        Visibility::Inherited,
        bevy::camera::visibility::RenderLayers::from_layers(&[EDITOR_WALL_LAYER, 1, 2, 3]),
        Name::new(name),
        RoomPart,
        Mesh3d(meshes.add(Cuboid::new(len as f32, height as f32, thick as f32))),
        MeshMaterial3d(mat),
        Transform::from_translation(to_bevy(mid[0], mid[1], mid[2]))
            .with_rotation(yaw_rotation(yaw.to_degrees())),
    ));
}
