//! The floor's material: a WGSL grid (`shaders/floor_grid.wgsl`, embedded at build time) with a
//! line every 25 cm and a stronger one every metre, so distances read in every view.

use bevy::prelude::*;
use bevy::render::render_resource::AsBindGroup;
use bevy::shader::ShaderRef;

const SHADER: Handle<Shader> = bevy::asset::uuid_handle!("4f7d6a4e-8f0b-4c1e-9b52-3c9a1f6d2e10");

/// The floor grid material.
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct FloorGrid {
    /// Floor colour.
    #[uniform(0)]
    pub base: LinearRgba,
    /// Line colour; alpha scales the lines.
    #[uniform(0)]
    pub line: LinearRgba,
    /// x: minor spacing (metres), y: minor width (px), z: major width (px).
    #[uniform(0)]
    pub params: Vec4,
}

impl Default for FloorGrid {
    fn default() -> Self {
        FloorGrid {
            base: LinearRgba::from(Color::srgb(0.86, 0.83, 0.78)),
            line: LinearRgba::from(Color::srgba(0.35, 0.33, 0.30, 0.8)),
            params: Vec4::new(0.25, 1.0, 1.6, 0.0),
        }
    }
}

impl Material for FloorGrid {
    fn fragment_shader() -> ShaderRef {
        ShaderRef::Handle(SHADER)
    }
}

/// Registers the material and its embedded shader.
pub fn plugin(app: &mut App) {
    app.add_plugins(MaterialPlugin::<FloorGrid>::default());
    let shader = Shader::from_wgsl(
        include_str!("../../../shaders/floor_grid.wgsl"),
        "shaders/floor_grid.wgsl",
    );
    let _ = app
        .world_mut()
        .resource_mut::<Assets<Shader>>()
        .insert(SHADER.id(), shader);
}
