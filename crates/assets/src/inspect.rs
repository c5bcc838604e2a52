//! Reads a glTF 2.0 document (`.glb` or `.gltf`) far enough to trust it: the `gltf` crate's
//! validation, every buffer present, every accessor of every mesh primitive inside its
//! buffer, indices inside their vertex range, and the scene's bounds from the position
//! accessors' min/max placed by the node transforms.

use base64::Engine;
use gltf::accessor::DataType;
use gltf::mesh::Mode;

use crate::mesh::Bounds;

/// What a glTF document holds.
#[derive(Clone, Debug, PartialEq)]
pub struct GltfSummary {
    /// Meshes in the document.
    pub meshes: usize,
    /// Primitives over all meshes.
    pub primitives: usize,
    /// Triangles drawn by the scene (instances counted once per node).
    pub triangles: usize,
    /// Materials in the document.
    pub materials: usize,
    /// Textures in the document.
    pub textures: usize,
    /// The scene's bounds in its own units and glTF frame; `None` when it draws nothing.
    pub bounds: Option<Bounds>,
}

/// Resolves a relative URI (already percent-decoded) to its bytes.
pub type Resolver<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// Why a URI's bytes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum UriError {
    /// A `data:` URI without a comma.
    #[error("malformed data URI")]
    MalformedData,
    /// A `data:` URI that is not base64 (only base64 is read).
    #[error("data URI is not base64")]
    NotBase64,
    /// A base64 `data:` URI whose payload does not decode.
    #[error("data URI: {0}")]
    Base64(#[source] base64::DecodeError),
    /// A URI with a scheme (`http://…`, `file://…`): only relative files are read.
    #[error("`{uri}`: only relative files and data URIs are read")]
    Remote {
        /// The URI.
        uri: String,
    },
    /// A relative file that the resolver did not find.
    #[error("`{path}` not found")]
    NotFound {
        /// The path, percent-decoded.
        path: String,
    },
}

/// Why a glTF document cannot be trusted. Messages name the buffer, view, mesh, primitive or
/// accessor at fault, e.g. "mesh 0 primitive 1: index 9 but only 8 vertices".
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    /// The `gltf` crate refused the file.
    #[error("not a valid glTF 2.0 file: {0}")]
    Invalid(#[source] gltf::Error),
    /// A buffer that refers to the GLB's BIN chunk, in a file without one.
    #[error("buffer {buffer}: no BIN chunk")]
    NoBinChunk {
        /// The buffer's index.
        buffer: usize,
    },
    /// A buffer whose URI cannot be read.
    #[error("buffer {buffer}: {source}")]
    BufferUri {
        /// The buffer's index.
        buffer: usize,
        /// Why.
        #[source]
        source: UriError,
    },
    /// A buffer shorter than its `byteLength`.
    #[error("buffer {buffer}: {bytes} bytes, but byteLength says {byte_length}")]
    BufferShort {
        /// The buffer's index.
        buffer: usize,
        /// Bytes present.
        bytes: usize,
        /// Bytes declared.
        byte_length: usize,
    },
    /// A buffer view that runs past the end of its buffer.
    #[error("bufferView {view} runs past the end of buffer {buffer}")]
    ViewOutOfBounds {
        /// The view's index.
        view: usize,
        /// The buffer's index.
        buffer: usize,
    },
    /// An attribute or index accessor of a mesh primitive that runs past its buffer view.
    #[error("mesh {mesh} primitive {primitive}: {attribute}: {source}")]
    Accessor {
        /// The mesh's index.
        mesh: usize,
        /// The primitive's index in the mesh.
        primitive: usize,
        /// The attribute (`Positions`, `Normals`…) or `indices`.
        attribute: String,
        /// What is wrong with the accessor.
        #[source]
        source: AccessorError,
    },
    /// A mesh primitive without positions.
    #[error("mesh {mesh} primitive {primitive}: no POSITION")]
    NoPositions {
        /// The mesh's index.
        mesh: usize,
        /// The primitive's index in the mesh.
        primitive: usize,
    },
    /// An index beyond the primitive's vertices.
    #[error("mesh {mesh} primitive {primitive}: index {index} but only {vertices} vertices")]
    IndexOutOfRange {
        /// The mesh's index.
        mesh: usize,
        /// The primitive's index in the mesh.
        primitive: usize,
        /// The offending index.
        index: u32,
        /// Vertices of the primitive.
        vertices: usize,
    },
    /// A node that is its own ancestor.
    #[error("the node hierarchy has a cycle")]
    NodeCycle,
    /// The `gltf` crate panicked on the file.
    #[error("the glTF parser failed on this file")]
    ParserPanicked,
}

/// An accessor whose bytes do not fit in its buffer view.
#[derive(Debug, thiserror::Error)]
#[error("accessor {accessor} needs {needed} bytes of bufferView {view} which has {view_length}")]
pub struct AccessorError {
    /// The accessor's index.
    pub accessor: usize,
    /// Bytes it needs from the start of the view.
    pub needed: usize,
    /// The view's index.
    pub view: usize,
    /// The view's length in bytes.
    pub view_length: usize,
}

/// The buffers of `document`: the GLB's BIN chunk, data URIs, or files through `resolve`.
pub fn load_buffers(
    document: &gltf::Document,
    blob: Option<&[u8]>,
    resolve: Resolver<'_>,
) -> Result<Vec<Vec<u8>>, InspectError> {
    document
        .buffers()
        .map(|buffer| {
            let index = buffer.index();
            let data = match buffer.source() {
                gltf::buffer::Source::Bin => blob
                    .map(<[u8]>::to_vec)
                    .ok_or(InspectError::NoBinChunk { buffer: index })?,
                gltf::buffer::Source::Uri(uri) => {
                    uri_bytes(uri, resolve).map_err(|source| InspectError::BufferUri {
                        buffer: index,
                        source,
                    })?
                }
            };
            if data.len() < buffer.length() {
                return Err(InspectError::BufferShort {
                    buffer: index,
                    bytes: data.len(),
                    byte_length: buffer.length(),
                });
            }
            Ok(data)
        })
        .collect()
}

/// The bytes a URI names: a base64 data URI, or a relative file through `resolve`.
pub fn uri_bytes(uri: &str, resolve: Resolver<'_>) -> Result<Vec<u8>, UriError> {
    if let Some(rest) = uri.strip_prefix("data:") {
        let (header, data) = rest.split_once(',').ok_or(UriError::MalformedData)?;
        if !header.ends_with(";base64") {
            return Err(UriError::NotBase64);
        }
        return base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(UriError::Base64);
    }
    if uri.contains("://") {
        return Err(UriError::Remote {
            uri: uri.to_string(),
        });
    }
    let path = percent_decode(uri);
    resolve(&path).ok_or(UriError::NotFound { path })
}

/// `%20` and friends decoded (invalid sequences kept as they are).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses and checks a `.glb` or `.gltf`; external files come from `resolve`.
pub fn inspect(bytes: &[u8], resolve: Resolver<'_>) -> Result<GltfSummary, InspectError> {
    // The gltf crate validates before indexing, but a panic in a third-party parser must not
    // take the whole import down: it becomes this item's error.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        inspect_inner(bytes, resolve)
    }))
    .unwrap_or(Err(InspectError::ParserPanicked))
}

/// [`inspect`] for a self-contained `.glb`.
pub fn inspect_glb(bytes: &[u8]) -> Result<GltfSummary, InspectError> {
    inspect(bytes, &|_| None)
}

fn inspect_inner(bytes: &[u8], resolve: Resolver<'_>) -> Result<GltfSummary, InspectError> {
    let gltf = gltf::Gltf::from_slice(bytes).map_err(InspectError::Invalid)?;
    let buffers = load_buffers(&gltf.document, gltf.blob.as_deref(), resolve)?;
    for view in gltf.views() {
        let end = view.offset().checked_add(view.length());
        if end.is_none_or(|end| end > buffers[view.buffer().index()].len()) {
            return Err(InspectError::ViewOutOfBounds {
                view: view.index(),
                buffer: view.buffer().index(),
            });
        }
    }
    let mut primitives = 0;
    for mesh in gltf.meshes() {
        for primitive in mesh.primitives() {
            primitives += 1;
            let (m, p) = (mesh.index(), primitive.index());
            let accessor_error = |attribute: String| {
                move |source| InspectError::Accessor {
                    mesh: m,
                    primitive: p,
                    attribute,
                    source,
                }
            };
            let mut vertices = None;
            for (semantic, accessor) in primitive.attributes() {
                check_accessor(&accessor, &buffers)
                    .map_err(accessor_error(format!("{semantic:?}")))?;
                if semantic == gltf::Semantic::Positions {
                    vertices = Some(accessor.count());
                }
            }
            let vertices = vertices.ok_or(InspectError::NoPositions {
                mesh: m,
                primitive: p,
            })?;
            if let Some(indices) = primitive.indices() {
                check_accessor(&indices, &buffers).map_err(accessor_error("indices".into()))?;
                if let Some(bad) = read_indices(&indices, &buffers)
                    .into_iter()
                    .flatten()
                    .find(|i| *i as usize >= vertices)
                {
                    return Err(InspectError::IndexOutOfRange {
                        mesh: m,
                        primitive: p,
                        index: bad,
                        vertices,
                    });
                }
            }
        }
    }

    // Walk the scene: the default one, else the first, else every node that is no child.
    let roots: Vec<gltf::Node> = match gltf.default_scene().or_else(|| gltf.scenes().next()) {
        Some(scene) => scene.nodes().collect(),
        None => {
            let children: std::collections::HashSet<usize> = gltf
                .nodes()
                .flat_map(|n| n.children().map(|c| c.index()).collect::<Vec<_>>())
                .collect();
            gltf.nodes()
                .filter(|n| !children.contains(&n.index()))
                .collect()
        }
    };
    let node_count = gltf.nodes().count();
    let mut stack: Vec<(gltf::Node, [[f64; 4]; 4], usize)> =
        roots.into_iter().map(|n| (n, IDENTITY, 0)).collect();
    let mut bounds: Option<Bounds> = None;
    let mut triangles = 0;
    while let Some((node, parent, depth)) = stack.pop() {
        if depth > node_count {
            return Err(InspectError::NodeCycle);
        }
        let world = mul(&parent, &to_f64(node.transform().matrix()));
        if let Some(mesh) = node.mesh() {
            for primitive in mesh.primitives() {
                triangles += triangle_count(&primitive);
                let Some(positions) = primitive.get(&gltf::Semantic::Positions) else {
                    continue;
                };
                let (Some(min), Some(max)) = (vec3(positions.min()), vec3(positions.max())) else {
                    continue;
                };
                // The corners of min/max are exact under an axis-aligned transform; under a
                // rotation they overestimate, so the vertices themselves are placed.
                let placed = match (axis_aligned(&world), read_positions(&positions, &buffers)) {
                    (false, Some(points)) => {
                        Bounds::of_points(points.into_iter().map(|p| apply(&world, p)))
                    }
                    _ => Bounds::of_points(Bounds { min, max }.corners().map(|p| apply(&world, p))),
                };
                if let Some(b) = placed {
                    bounds = Some(bounds.map_or(b, |a| a.union(b)));
                }
            }
        }
        for child in node.children() {
            stack.push((child, world, depth + 1));
        }
    }
    Ok(GltfSummary {
        meshes: gltf.meshes().count(),
        primitives,
        triangles,
        materials: gltf.materials().count(),
        textures: gltf.textures().count(),
        bounds,
    })
}

/// The accessor's bytes lie inside its buffer view.
fn check_accessor(accessor: &gltf::Accessor, buffers: &[Vec<u8>]) -> Result<(), AccessorError> {
    let Some(view) = accessor.view() else {
        return Ok(());
    }; // sparse or zero-filled
    let element = accessor.size();
    let stride = view.stride().unwrap_or(element).max(element);
    let needed = match accessor.count() {
        0 => 0,
        n => (n - 1)
            .checked_mul(stride)
            .and_then(|x| x.checked_add(element))
            .unwrap_or(usize::MAX),
    };
    let end = accessor.offset().saturating_add(needed);
    if end > view.length() || view.offset() + view.length() > buffers[view.buffer().index()].len() {
        return Err(AccessorError {
            accessor: accessor.index(),
            needed: end,
            view: view.index(),
            view_length: view.length(),
        });
    }
    Ok(())
}

/// The values of an index accessor (after [`check_accessor`]); `None` for a sparse one.
fn read_indices(accessor: &gltf::Accessor, buffers: &[Vec<u8>]) -> Option<Vec<u32>> {
    let view = accessor.view()?;
    let element = accessor.size();
    let stride = view.stride().unwrap_or(element).max(element);
    let data = &buffers[view.buffer().index()][view.offset() + accessor.offset()..];
    (0..accessor.count())
        .map(|k| {
            let b = data.get(k * stride..k * stride + element)?;
            Some(match accessor.data_type() {
                DataType::U8 => u32::from(b[0]),
                DataType::U16 => u32::from(u16::from_le_bytes([b[0], b[1]])),
                DataType::U32 => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
                _ => return None,
            })
        })
        .collect()
}

/// The positions of a float VEC3 accessor (after [`check_accessor`]); `None` for any other
/// kind (quantized, sparse).
fn read_positions(accessor: &gltf::Accessor, buffers: &[Vec<u8>]) -> Option<Vec<[f64; 3]>> {
    if accessor.data_type() != DataType::F32
        || accessor.dimensions() != gltf::accessor::Dimensions::Vec3
    {
        return None;
    }
    if accessor.sparse().is_some() {
        return None;
    }
    let view = accessor.view()?;
    let stride = view.stride().unwrap_or(12).max(12);
    let data = buffers
        .get(view.buffer().index())?
        .get(view.offset() + accessor.offset()..)?;
    (0..accessor.count())
        .map(|k| {
            let b = data.get(k * stride..k * stride + 12)?;
            let f = |i: usize| f64::from(f32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]));
            Some([f(0), f(4), f(8)])
        })
        .collect()
}

/// Whether the 3×3 part of `m` maps axes onto axes (no rotation other than quarter turns).
fn axis_aligned(m: &[[f64; 4]; 4]) -> bool {
    (0..3).all(|col| (0..3).filter(|row| m[col][*row].abs() > 1e-12).count() <= 1)
}

fn triangle_count(primitive: &gltf::Primitive) -> usize {
    let n = match primitive.indices() {
        Some(indices) => indices.count(),
        None => primitive
            .get(&gltf::Semantic::Positions)
            .map_or(0, |p| p.count()),
    };
    match primitive.mode() {
        Mode::Triangles => n / 3,
        Mode::TriangleStrip | Mode::TriangleFan => n.saturating_sub(2),
        _ => 0,
    }
}

fn vec3(value: Option<gltf::json::Value>) -> Option<[f64; 3]> {
    let array = value?;
    let array = array.as_array()?;
    if array.len() != 3 {
        return None;
    }
    let v: Vec<f64> = array.iter().filter_map(|x| x.as_f64()).collect();
    (v.len() == 3).then(|| [v[0], v[1], v[2]])
}

const IDENTITY: [[f64; 4]; 4] = [
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 1.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
];

fn to_f64(m: [[f32; 4]; 4]) -> [[f64; 4]; 4] {
    m.map(|c| c.map(f64::from))
}

/// Column-major product `a · b`.
fn mul(a: &[[f64; 4]; 4], b: &[[f64; 4]; 4]) -> [[f64; 4]; 4] {
    std::array::from_fn(|col| {
        std::array::from_fn(|row| (0..4).map(|k| a[k][row] * b[col][k]).sum())
    })
}

fn apply(m: &[[f64; 4]; 4], p: [f64; 3]) -> [f64; 3] {
    std::array::from_fn(|row| m[0][row] * p[0] + m[1][row] * p[1] + m[2][row] * p[2] + m[3][row])
}
