//! The room's own geometry as a model: the floor (its outline triangulated), the walls cut
//! around their openings ([`relayout_core::geometry::wall_boxes`], the same pieces the editor
//! draws) and the windows' glass; and the box drawn for objects without a model.

use relayout_core::geometry::{RoomShape, WallBoxKind, triangulate, wall_boxes};
use relayout_core::scene::Scene;

use crate::glb_writer::write_glb;
use crate::mesh::Mesh;
use crate::model::{Material, Model, Transform};
use crate::primitives::cuboid;

/// A layout point in glTF's frame.
fn gltf_point(x: f64, y: f64, z: f64) -> [f64; 3] {
    [x, z, -y]
}

/// The room as a `.glb`: root node `room`, parts `floor`, `wall <name> <k>`, `glass <name> <k>`.
pub fn room_glb(scene: &Scene) -> Vec<u8> {
    let shape = RoomShape::new(&scene.room);
    let mut model = Model::new("room");
    let floor_mat = model.material(Material::new("floor", [0.62, 0.55, 0.45], 0.0, 0.8));
    let wall_mat = model.material(Material::new("wall", [0.83, 0.82, 0.79], 0.0, 0.9));
    let mut glass = Material::new("glass", [0.6, 0.8, 0.95], 0.0, 0.05);
    glass.base_color[3] = 0.35;
    glass.double_sided = true;
    let glass_mat = model.material(glass);

    let outline: Vec<[f64; 2]> = shape.vertices.iter().map(|v| [v.x, v.y]).collect();
    let mut floor = Mesh::default();
    for p in &outline {
        floor.vertex(gltf_point(p[0], p[1], 0.0), [0.0, 1.0, 0.0]);
    }
    for t in triangulate(&outline) {
        floor.triangle(t[0] as u32, t[1] as u32, t[2] as u32);
    }
    model.part("floor", floor, floor_mat, Transform::default());

    for (k, piece) in wall_boxes(&scene.room, &shape).iter().enumerate() {
        let (mid, yaw) = piece.placement(&shape);
        let [len, height, thick] = piece.extent();
        let (name, mat) = match piece.kind {
            WallBoxKind::Wall => ("wall", wall_mat),
            WallBoxKind::Glass => ("glass", glass_mat),
        };
        let at = gltf_point(mid[0], mid[1], mid[2]);
        model.part(
            &format!("{name} {} {k}", shape.walls[piece.wall].name),
            cuboid([len, height, thick]),
            mat,
            Transform::at(at[0], at[1], at[2]).yaw(yaw.to_degrees()),
        );
    }
    write_glb(&model)
}

/// A 1 m box standing on the origin (glTF frame), for objects without a model.
pub fn unit_box_glb() -> Vec<u8> {
    let mut model = Model::new("box");
    let mat = model.material(Material::new("placeholder", [0.55, 0.57, 0.6], 0.0, 0.7));
    model.part(
        "box",
        cuboid([1.0, 1.0, 1.0]),
        mat,
        Transform::at(0.0, 0.5, 0.0),
    );
    write_glb(&model)
}
