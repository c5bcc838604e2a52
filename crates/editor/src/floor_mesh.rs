//! The floor of a room outline as a mesh (triangulated by `relayout_core::geometry::triangulate`).

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

use relayout_core::geometry::triangulate;

use crate::coords::to_bevy;

/// A flat floor mesh at height 0, facing up, with UVs in metres (for the grid shader).
pub fn floor_mesh(pts: &[[f64; 2]]) -> Mesh {
    let positions: Vec<[f32; 3]> = pts
        .iter()
        .map(|p| to_bevy(p[0], p[1], 0.0).to_array())
        .collect();
    let normals = vec![[0.0, 1.0, 0.0]; pts.len()];
    let uvs: Vec<[f32; 2]> = pts.iter().map(|p| [p[0] as f32, p[1] as f32]).collect();
    // Layout counter-clockwise seen from +Z is counter-clockwise seen from Bevy's +Y, which is
    // the front face.
    let indices: Vec<u32> = triangulate(pts)
        .iter()
        .flat_map(|t| t.iter().map(|&i| i as u32))
        .collect();
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
    .with_inserted_indices(Indices::U32(indices))
}
