//! `.glb` and `.gltf` files: checked and measured with [`crate::inspect`]; a self-contained
//! `.glb` is kept byte for byte, anything with external buffers or images (every `.gltf`
//! that is not all data URIs) is packed into one `.glb`.

use base64::Engine;
use serde_json::Value;

use crate::glb_writer::glb_container;
use crate::inspect::{InspectError, Resolver, UriError, inspect, uri_bytes};
use crate::mesh::Bounds;

/// Why a `.glb` or `.gltf` cannot be imported. Messages name the buffer, view or image at
/// fault, e.g. "image 2: `wood.tga` is neither PNG nor JPEG".
#[derive(Debug, thiserror::Error)]
pub enum GltfError {
    /// The document fails [`crate::inspect`]'s checks.
    #[error(transparent)]
    Inspect(#[from] InspectError),
    /// The scene places no mesh.
    #[error("the scene draws no mesh")]
    NoMesh,
    /// The scene's meshes have no triangles (points or lines only).
    #[error("the scene draws no triangles")]
    NoTriangles,
    /// The packed `.glb` does not read back (a bug in packing).
    #[error("packing into .glb failed: {0}")]
    Repacked(#[source] InspectError),
    /// The packed `.glb` reads back without meshes (a bug in packing).
    #[error("packing into .glb lost the meshes")]
    RepackedWithoutMeshes,
    /// A file that starts like a GLB but is not one.
    #[error("not a valid GLB: {0}")]
    Glb(#[source] gltf::Error),
    /// The document's JSON does not parse.
    #[error("not valid JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// A buffer whose URI cannot be read.
    #[error("buffer {buffer}: {source}")]
    BufferUri {
        /// The buffer's index.
        buffer: usize,
        /// Why.
        #[source]
        source: UriError,
    },
    /// A buffer without a URI in a file without a BIN chunk.
    #[error("buffer {buffer}: no URI and no BIN chunk")]
    BufferWithoutData {
        /// The buffer's index.
        buffer: usize,
    },
    /// A buffer shorter than its `byteLength`.
    #[error("buffer {buffer}: shorter than its byteLength")]
    BufferShort {
        /// The buffer's index.
        buffer: usize,
    },
    /// A buffer view naming a buffer that does not exist.
    #[error("bufferView {view}: no buffer {buffer}")]
    ViewWithoutBuffer {
        /// The view's index.
        view: usize,
        /// The buffer it names.
        buffer: usize,
    },
    /// An image whose URI cannot be read.
    #[error("image {image}: {source}")]
    ImageUri {
        /// The image's index.
        image: usize,
        /// Why.
        #[source]
        source: UriError,
    },
    /// An image that is neither PNG nor JPEG (glTF allows only those).
    #[error("image {image}: `{uri}` is neither PNG nor JPEG")]
    ImageFormat {
        /// The image's index.
        image: usize,
        /// Its URI.
        uri: String,
    },
    /// The packed document's JSON could not be written.
    #[error("writing the packed glTF JSON: {0}")]
    WriteJson(#[source] serde_json::Error),
}

/// A glTF ready to be written: the `.glb` bytes and the scene's bounds (model units).
pub struct GltfModel {
    /// The `.glb` to write.
    pub glb: Vec<u8>,
    /// The scene's bounds, glTF frame, model units.
    pub bounds: Bounds,
}

/// Checks, measures and (when needed) packs a `.glb` or `.gltf`.
pub fn read_gltf(bytes: &[u8], resolve: Resolver<'_>) -> Result<GltfModel, GltfError> {
    let summary = inspect(bytes, resolve)?;
    let bounds = summary.bounds.ok_or(GltfError::NoMesh)?;
    if summary.triangles == 0 {
        return Err(GltfError::NoTriangles);
    }
    let self_contained = bytes.starts_with(b"glTF") && !has_uri(bytes);
    let glb = if self_contained {
        bytes.to_vec()
    } else {
        pack(bytes, resolve)?
    };
    if !self_contained {
        // The packed file must read back as the same scene.
        let packed = inspect(&glb, &|_| None).map_err(GltfError::Repacked)?;
        if packed.bounds.is_none() {
            return Err(GltfError::RepackedWithoutMeshes);
        }
    }
    Ok(GltfModel { glb, bounds })
}

/// Whether any buffer or image of the GLB names a URI.
fn has_uri(bytes: &[u8]) -> bool {
    let Ok(glb) = gltf::binary::Glb::from_slice(bytes) else {
        return true;
    };
    let Ok(root) = serde_json::from_slice::<Value>(&glb.json) else {
        return true;
    };
    ["buffers", "images"].iter().any(|key| {
        root.get(key)
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().any(|i| i.get("uri").is_some()))
    })
}

/// One `.glb` holding every buffer and image the document refers to.
fn pack(bytes: &[u8], resolve: Resolver<'_>) -> Result<Vec<u8>, GltfError> {
    let (json, blob): (Vec<u8>, Option<Vec<u8>>) = if bytes.starts_with(b"glTF") {
        let glb = gltf::binary::Glb::from_slice(bytes).map_err(GltfError::Glb)?;
        (glb.json.to_vec(), glb.bin.map(|b| b.to_vec()))
    } else {
        (bytes.to_vec(), None)
    };
    let mut root: Value = serde_json::from_slice(&json).map_err(GltfError::Json)?;
    let mut bin: Vec<u8> = Vec::new();
    let align = |bin: &mut Vec<u8>| {
        while !bin.len().is_multiple_of(4) {
            bin.push(0);
        }
    };

    let mut offsets = Vec::new();
    for (i, buffer) in root
        .get("buffers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let data = match buffer.get("uri").and_then(Value::as_str) {
            Some(uri) => uri_bytes(uri, resolve)
                .map_err(|source| GltfError::BufferUri { buffer: i, source })?,
            None => blob
                .clone()
                .ok_or(GltfError::BufferWithoutData { buffer: i })?,
        };
        let length = buffer
            .get("byteLength")
            .and_then(Value::as_u64)
            .unwrap_or(data.len() as u64) as usize;
        let data = data
            .get(..length)
            .ok_or(GltfError::BufferShort { buffer: i })?;
        align(&mut bin);
        offsets.push(bin.len());
        bin.extend_from_slice(data);
    }
    if let Some(views) = root.get_mut("bufferViews").and_then(Value::as_array_mut) {
        for (i, view) in views.iter_mut().enumerate() {
            let buffer = view.get("buffer").and_then(Value::as_u64).unwrap_or(0) as usize;
            let base = *offsets
                .get(buffer)
                .ok_or(GltfError::ViewWithoutBuffer { view: i, buffer })?;
            let offset = view.get("byteOffset").and_then(Value::as_u64).unwrap_or(0) as usize;
            view["buffer"] = Value::from(0);
            view["byteOffset"] = Value::from(base + offset);
        }
    }
    let mut new_views = Vec::new();
    let first_new_view = root
        .get("bufferViews")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if let Some(images) = root.get_mut("images").and_then(Value::as_array_mut) {
        for (i, image) in images.iter_mut().enumerate() {
            let Some(uri) = image.get("uri").and_then(Value::as_str).map(str::to_string) else {
                continue;
            };
            let data = uri_bytes(&uri, resolve)
                .map_err(|source| GltfError::ImageUri { image: i, source })?;
            let mime = if data.starts_with(b"\x89PNG") {
                "image/png"
            } else if data.starts_with(&[0xff, 0xd8]) {
                "image/jpeg"
            } else {
                return Err(GltfError::ImageFormat { image: i, uri });
            };
            align(&mut bin);
            new_views.push(serde_json::json!({ "buffer": 0, "byteOffset": bin.len(), "byteLength": data.len() }));
            bin.extend_from_slice(&data);
            if let Some(object) = image.as_object_mut() {
                object.remove("uri");
                object.insert(
                    "bufferView".into(),
                    Value::from(first_new_view + new_views.len() - 1),
                );
                object.insert("mimeType".into(), Value::from(mime));
            }
        }
    }
    if !new_views.is_empty() {
        match root.get_mut("bufferViews").and_then(Value::as_array_mut) {
            Some(views) => views.extend(new_views),
            None => root["bufferViews"] = Value::Array(new_views),
        }
    }
    if let Some(object) = root.as_object_mut() {
        if bin.is_empty() {
            object.remove("buffers");
        } else {
            object.insert(
                "buffers".into(),
                serde_json::json!([{ "byteLength": bin.len() }]),
            );
        }
    }
    let json = serde_json::to_vec(&root).map_err(GltfError::WriteJson)?;
    Ok(glb_container(json, bin))
}

/// A data URI for `bytes` (used by tests to build `.gltf` files).
pub fn data_uri(bytes: &[u8]) -> String {
    format!(
        "data:application/octet-stream;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}
