// The floor: a base colour with a line every `spacing` metres and a stronger one every metre,
// anti-aliased by screen-space derivatives. UVs are layout metres (see floor_mesh.rs).
#import bevy_pbr::forward_io::VertexOutput

struct FloorGrid {
    base: vec4<f32>,
    line: vec4<f32>,
    // x: minor spacing (m), y: minor line width (px), z: major line width (px)
    params: vec4<f32>,
};

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> grid: FloorGrid;

fn line_strength(coord: vec2<f32>, spacing: f32, width_px: f32) -> f32 {
    let scaled = coord / spacing;
    let w = fwidth(scaled);
    let dist = abs(fract(scaled - 0.5) - 0.5) / max(w, vec2<f32>(1e-5));
    return 1.0 - clamp(min(dist.x, dist.y) - (width_px * 0.5 - 0.5), 0.0, 1.0);
}

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
    let minor = line_strength(in.uv, grid.params.x, grid.params.y) * 0.45;
    let major = line_strength(in.uv, 1.0, grid.params.z);
    let a = clamp(max(minor, major) * grid.line.a, 0.0, 1.0);
    return vec4<f32>(mix(grid.base.rgb, grid.line.rgb, a), 1.0);
}
