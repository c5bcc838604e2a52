//! Writes a [`Model`] as a binary glTF 2.0 file (`.glb`).
//!
//! One root node named after the model holds one child node per part; parts that share a
//! mesh and a material share a glTF mesh, and meshes that share geometry share its
//! accessors. Every material is PBR metallic-roughness. The output is deterministic: the
//! JSON is written from structs (field order fixed), floats that came out of a
//! transcendental function are rounded first (see [`round_to`]), and nothing depends on
//! time or hashing.

use serde::Serialize;

use crate::model::{Model, Transform};

const ARRAY_BUFFER: u32 = 34962;
const ELEMENT_ARRAY_BUFFER: u32 = 34963;
const FLOAT: u32 = 5126;
const UNSIGNED_SHORT: u32 = 5123;
const UNSIGNED_INT: u32 = 5125;
const TRIANGLES: u32 = 4;

#[derive(Serialize)]
struct Root {
    asset: Asset,
    scene: usize,
    scenes: Vec<Scene>,
    nodes: Vec<Node>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    meshes: Vec<GltfMesh>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    materials: Vec<GltfMaterial>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    textures: Vec<Texture>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    images: Vec<GltfImage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    samplers: Vec<Sampler>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    accessors: Vec<Accessor>,
    #[serde(rename = "bufferViews", skip_serializing_if = "Vec::is_empty")]
    buffer_views: Vec<BufferView>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    buffers: Vec<Buffer>,
}

#[derive(Serialize)]
struct Asset {
    version: &'static str,
    generator: &'static str,
}

#[derive(Serialize)]
struct Scene {
    name: String,
    nodes: Vec<usize>,
}

#[derive(Serialize)]
struct Node {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    mesh: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translation: Option<[f64; 3]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rotation: Option<[f64; 4]>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    children: Vec<usize>,
}

#[derive(Serialize)]
struct GltfMesh {
    name: String,
    primitives: Vec<Primitive>,
}

#[derive(Serialize)]
struct Primitive {
    attributes: Attributes,
    indices: usize,
    material: usize,
    mode: u32,
}

#[derive(Serialize)]
struct Attributes {
    #[serde(rename = "POSITION")]
    position: usize,
    #[serde(rename = "NORMAL")]
    normal: usize,
    #[serde(rename = "TEXCOORD_0", skip_serializing_if = "Option::is_none")]
    texcoord: Option<usize>,
}

#[derive(Serialize)]
struct GltfMaterial {
    name: String,
    #[serde(rename = "pbrMetallicRoughness")]
    pbr: Pbr,
    #[serde(rename = "alphaMode", skip_serializing_if = "Option::is_none")]
    alpha_mode: Option<&'static str>,
    #[serde(rename = "doubleSided", skip_serializing_if = "std::ops::Not::not")]
    double_sided: bool,
}

#[derive(Serialize)]
struct Pbr {
    #[serde(rename = "baseColorFactor")]
    base_color_factor: [f32; 4],
    #[serde(rename = "baseColorTexture", skip_serializing_if = "Option::is_none")]
    base_color_texture: Option<TextureRef>,
    #[serde(rename = "metallicFactor")]
    metallic_factor: f32,
    #[serde(rename = "roughnessFactor")]
    roughness_factor: f32,
}

#[derive(Serialize)]
struct TextureRef {
    index: usize,
}

#[derive(Serialize)]
struct Texture {
    sampler: usize,
    source: usize,
}

#[derive(Serialize)]
struct GltfImage {
    #[serde(rename = "bufferView")]
    buffer_view: usize,
    #[serde(rename = "mimeType")]
    mime_type: String,
}

#[derive(Serialize)]
struct Sampler {
    #[serde(rename = "magFilter")]
    mag_filter: u32,
    #[serde(rename = "minFilter")]
    min_filter: u32,
    #[serde(rename = "wrapS")]
    wrap_s: u32,
    #[serde(rename = "wrapT")]
    wrap_t: u32,
}

#[derive(Serialize)]
struct Accessor {
    #[serde(rename = "bufferView")]
    buffer_view: usize,
    #[serde(rename = "componentType")]
    component_type: u32,
    count: usize,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<[f32; 3]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<[f32; 3]>,
}

#[derive(Serialize)]
struct BufferView {
    buffer: usize,
    #[serde(rename = "byteOffset")]
    byte_offset: usize,
    #[serde(rename = "byteLength")]
    byte_length: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<u32>,
}

#[derive(Serialize)]
struct Buffer {
    #[serde(rename = "byteLength")]
    byte_length: usize,
}

/// `x` rounded to a multiple of `step` (a power of ten): values computed with `sin`/`cos`
/// may differ in the last bit between C libraries; rounding makes the files identical.
pub fn round_to(x: f64, step: f64) -> f64 {
    let r = (x / step).round() * step;
    // Keep the shortest decimal form (e.g. 0.3, not 0.30000000000000004) and no −0.
    let r: f64 = format!("{r:.9}").parse().unwrap_or(r);
    if r == 0.0 { 0.0 } else { r }
}

/// The binary buffer being filled, and its views.
#[derive(Default)]
struct BinBuilder {
    bytes: Vec<u8>,
    views: Vec<BufferView>,
}

impl BinBuilder {
    fn view(&mut self, data: &[u8], target: Option<u32>) -> usize {
        while !self.bytes.len().is_multiple_of(4) {
            self.bytes.push(0);
        }
        self.views.push(BufferView {
            buffer: 0,
            byte_offset: self.bytes.len(),
            byte_length: data.len(),
            target,
        });
        self.bytes.extend_from_slice(data);
        self.views.len() - 1
    }
}

fn f32_bytes<const N: usize>(values: &[[f32; N]]) -> Vec<u8> {
    values
        .iter()
        .flatten()
        .flat_map(|v| v.to_le_bytes())
        .collect()
}

/// Accessor indices of one geometry.
struct GeometryAccessors {
    position: usize,
    normal: usize,
    texcoord: Option<usize>,
    indices: usize,
}

/// The model as `.glb` bytes.
pub fn write_glb(model: &Model) -> Vec<u8> {
    let mut bin = BinBuilder::default();
    let mut accessors = Vec::new();

    // Geometry, in order of first use.
    let mut geometry: Vec<Option<GeometryAccessors>> =
        (0..model.meshes.len()).map(|_| None).collect();
    for part in &model.parts {
        if geometry[part.mesh].is_some() {
            continue;
        }
        let mesh = &model.meshes[part.mesh];
        let mut accessor =
            |bin: &mut BinBuilder, data: Vec<u8>, target, component_type, count, kind, bounds| {
                let buffer_view = bin.view(&data, target);
                let (min, max) = match bounds {
                    Some((min, max)) => (Some(min), Some(max)),
                    None => (None, None),
                };
                accessors.push(Accessor {
                    buffer_view,
                    component_type,
                    count,
                    kind,
                    min,
                    max,
                });
                accessors.len() - 1
            };
        let count = mesh.positions.len();
        let (min, max) =
            mesh.positions
                .iter()
                .fold(([f32::MAX; 3], [f32::MIN; 3]), |(lo, hi), p| {
                    (
                        std::array::from_fn(|i| lo[i].min(p[i])),
                        std::array::from_fn(|i| hi[i].max(p[i])),
                    )
                });
        let position = accessor(
            &mut bin,
            f32_bytes(&mesh.positions),
            Some(ARRAY_BUFFER),
            FLOAT,
            count,
            "VEC3",
            Some((min, max)),
        );
        let normal = accessor(
            &mut bin,
            f32_bytes(&mesh.normals),
            Some(ARRAY_BUFFER),
            FLOAT,
            count,
            "VEC3",
            None,
        );
        let texcoord = mesh.uvs.as_ref().map(|uvs| {
            accessor(
                &mut bin,
                f32_bytes(uvs),
                Some(ARRAY_BUFFER),
                FLOAT,
                count,
                "VEC2",
                None,
            )
        });
        let (data, component_type) = if count < u16::MAX as usize {
            (
                mesh.indices
                    .iter()
                    .flat_map(|i| (*i as u16).to_le_bytes())
                    .collect(),
                UNSIGNED_SHORT,
            )
        } else {
            (
                mesh.indices.iter().flat_map(|i| i.to_le_bytes()).collect(),
                UNSIGNED_INT,
            )
        };
        let indices = accessor(
            &mut bin,
            data,
            Some(ELEMENT_ARRAY_BUFFER),
            component_type,
            mesh.indices.len(),
            "SCALAR",
            None,
        );
        geometry[part.mesh] = Some(GeometryAccessors {
            position,
            normal,
            texcoord,
            indices,
        });
    }

    // Materials (every one, in order), their textures after the geometry in the buffer.
    // Materials that share an image share its texture.
    let mut textures = Vec::new();
    let mut images = Vec::new();
    let mut written: Vec<&crate::model::Image> = Vec::new();
    let materials: Vec<GltfMaterial> = model
        .materials
        .iter()
        .map(|m| {
            let base_color_texture = m.texture.as_ref().map(|image| {
                let index = match written.iter().position(|w| *w == image) {
                    Some(i) => i,
                    None => {
                        let buffer_view = bin.view(&image.bytes, None);
                        images.push(GltfImage {
                            buffer_view,
                            mime_type: image.mime_type.clone(),
                        });
                        textures.push(Texture {
                            sampler: 0,
                            source: images.len() - 1,
                        });
                        written.push(image);
                        written.len() - 1
                    }
                };
                TextureRef { index }
            });
            GltfMaterial {
                name: m.name.clone(),
                pbr: Pbr {
                    base_color_factor: m.base_color,
                    base_color_texture,
                    metallic_factor: m.metallic,
                    roughness_factor: m.roughness,
                },
                alpha_mode: (m.base_color[3] < 1.0).then_some("BLEND"),
                double_sided: m.double_sided,
            }
        })
        .collect();
    let samplers = if textures.is_empty() {
        Vec::new()
    } else {
        // Linear, mipmapped, repeating: OBJ texture coordinates often run past 0..1.
        vec![Sampler {
            mag_filter: 9729,
            min_filter: 9987,
            wrap_s: 10497,
            wrap_t: 10497,
        }]
    };

    // glTF meshes: one per (geometry, material) pair, in order of first use.
    let mut meshes: Vec<GltfMesh> = Vec::new();
    let mut mesh_keys: Vec<(usize, usize)> = Vec::new();
    let mut nodes = vec![Node {
        name: model.name.clone(),
        mesh: None,
        translation: None,
        rotation: None,
        children: (1..=model.parts.len()).collect(),
    }];
    for part in &model.parts {
        let key = (part.mesh, part.material);
        let mesh = match mesh_keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                let Some(g) = &geometry[part.mesh] else {
                    unreachable!("geometry of every part is written")
                };
                meshes.push(GltfMesh {
                    name: part.name.clone(),
                    primitives: vec![Primitive {
                        attributes: Attributes {
                            position: g.position,
                            normal: g.normal,
                            texcoord: g.texcoord,
                        },
                        indices: g.indices,
                        material: part.material,
                        mode: TRIANGLES,
                    }],
                });
                mesh_keys.push(key);
                meshes.len() - 1
            }
        };
        let (translation, rotation) = node_trs(&part.transform);
        nodes.push(Node {
            name: part.name.clone(),
            mesh: Some(mesh),
            translation,
            rotation,
            children: Vec::new(),
        });
    }

    let buffers = if bin.bytes.is_empty() {
        Vec::new()
    } else {
        vec![Buffer {
            byte_length: bin.bytes.len(),
        }]
    };
    let root = Root {
        asset: Asset {
            version: "2.0",
            generator: "relayout-assets",
        },
        scene: 0,
        scenes: vec![Scene {
            name: model.name.clone(),
            nodes: vec![0],
        }],
        nodes,
        meshes,
        materials,
        textures,
        images,
        samplers,
        accessors,
        buffer_views: bin.views,
        buffers,
    };
    let json = serde_json::to_vec(&root).unwrap_or_default();
    glb_container(json, bin.bytes)
}

/// A node's translation and rotation, rounded, and left out when they are the identity.
fn node_trs(t: &Transform) -> (Option<[f64; 3]>, Option<[f64; 4]>) {
    let translation = t.translation.map(|x| round_to(x, 1e-6));
    let mut rotation = t.rotation.map(|x| round_to(x, 1e-9));
    if rotation[3] < 0.0 {
        rotation = rotation.map(|x| if x == 0.0 { 0.0 } else { -x });
    }
    (
        (translation != [0.0; 3]).then_some(translation),
        (rotation != [0.0, 0.0, 0.0, 1.0]).then_some(rotation),
    )
}

/// The GLB container: a 12-byte header, the JSON chunk (padded with spaces) and the BIN
/// chunk (padded with zeros) when there is binary data.
pub fn glb_container(mut json: Vec<u8>, mut bin: Vec<u8>) -> Vec<u8> {
    while !json.len().is_multiple_of(4) {
        json.push(b' ');
    }
    while !bin.len().is_multiple_of(4) {
        bin.push(0);
    }
    let total = 12 + 8 + json.len() + if bin.is_empty() { 0 } else { 8 + bin.len() };
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(b"glTF");
    out.extend_from_slice(&2u32.to_le_bytes());
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(b"JSON");
    out.extend_from_slice(&json);
    if !bin.is_empty() {
        out.extend_from_slice(&(bin.len() as u32).to_le_bytes());
        out.extend_from_slice(b"BIN\0");
        out.extend_from_slice(&bin);
    }
    out
}
