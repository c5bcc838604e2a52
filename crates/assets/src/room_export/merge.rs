//! Several binary glTF documents merged into one: their buffers appended into one BIN chunk,
//! their meshes, materials, textures, images, samplers, accessors and buffer views appended with
//! every index shifted, and their node trees copied wherever they are placed (a model used by
//! ten chairs shares its meshes; each chair gets its own nodes, since glTF nodes form a tree).
//!
//! Works on the JSON as it is, so the materials' extensions (clearcoat, transmission…) come
//! through; what cannot be carried into another document (skins, cameras, animations, lights,
//! Draco-compressed meshes, external files) is left out, and said.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::glb_writer::glb_container;

/// One document ready to be placed.
#[derive(Clone, Debug)]
pub struct Added {
    /// Its nodes, mesh indices already shifted, children still in its own numbering.
    nodes: Vec<Value>,
    /// Its scene's root nodes (own numbering).
    pub roots: Vec<usize>,
}

/// The document being built.
#[derive(Default)]
pub struct Merger {
    arrays: Map<String, Value>,
    nodes: Vec<Value>,
    bin: Vec<u8>,
    used: BTreeSet<String>,
    required: BTreeSet<String>,
}

/// Arrays appended as they are, after their indices are shifted.
const ARRAYS: [&str; 7] = [
    "bufferViews",
    "accessors",
    "images",
    "samplers",
    "textures",
    "materials",
    "meshes",
];

/// Extensions that name things left out (lights, instancing) or that cannot be merged.
const DROPPED_EXTENSIONS: [&str; 3] = [
    "KHR_lights_punctual",
    "EXT_mesh_gpu_instancing",
    "KHR_draco_mesh_compression",
];

fn len(arrays: &Map<String, Value>, key: &str) -> u64 {
    arrays
        .get(key)
        .and_then(Value::as_array)
        .map_or(0, |a| a.len() as u64)
}

fn shift(v: &mut Value, key: &str, by: u64) {
    if let Some(i) = v.get(key).and_then(Value::as_u64) {
        v[key] = json!(i + by);
    }
}

/// Shifts every `index` of a texture reference (`…Texture` keys) anywhere under a material.
fn shift_texture_refs(v: &mut Value, by: u64) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                if k.ends_with("Texture") && child.is_object() {
                    shift(child, "index", by);
                }
                shift_texture_refs(child, by);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| shift_texture_refs(c, by)),
        _ => {}
    }
}

impl Merger {
    /// Appends a GLB's data; returns its nodes, to be placed with [`Merger::place`]. Warnings
    /// (what was left out) go to `notes`.
    pub fn add(&mut self, glb: &[u8], notes: &mut Vec<String>) -> Result<Added, String> {
        let parsed = gltf::Glb::from_slice(glb).map_err(|e| format!("not a binary glTF: {e}"))?;
        let mut doc: Value = serde_json::from_slice(&parsed.json)
            .map_err(|e| format!("its JSON cannot be read: {e}"))?;
        let bin = parsed.bin.map(|b| b.into_owned()).unwrap_or_default();
        if let Some(req) = doc.get("extensionsRequired").and_then(Value::as_array)
            && req.iter().any(|e| e == "KHR_draco_mesh_compression")
        {
            return Err("its meshes are Draco-compressed, which cannot be merged".into());
        }
        let off: Vec<(&str, u64)> = ARRAYS.iter().map(|k| (*k, len(&self.arrays, k))).collect();
        let at = |k: &str| off.iter().find(|(n, _)| *n == k).map_or(0, |(_, o)| *o);
        while !self.bin.len().is_multiple_of(8) {
            self.bin.push(0);
        }
        let base = self.bin.len() as u64;
        self.bin.extend_from_slice(&bin);
        let mut take = |key: &str| -> Vec<Value> {
            doc.get_mut(key)
                .and_then(Value::as_array_mut)
                .map(std::mem::take)
                .unwrap_or_default()
        };
        let mut views = take("bufferViews");
        for v in &mut views {
            if v.get("buffer").and_then(Value::as_u64).unwrap_or(0) != 0 {
                return Err("it refers to a second buffer (only one is allowed in a .glb)".into());
            }
            let o = v.get("byteOffset").and_then(Value::as_u64).unwrap_or(0);
            v["byteOffset"] = json!(base + o);
            v["buffer"] = json!(0);
        }
        let mut accessors = take("accessors");
        for a in &mut accessors {
            shift(a, "bufferView", at("bufferViews"));
            if let Some(sparse) = a.get_mut("sparse") {
                for part in ["indices", "values"] {
                    if let Some(p) = sparse.get_mut(part) {
                        shift(p, "bufferView", at("bufferViews"));
                    }
                }
            }
        }
        let mut images = take("images");
        for (i, im) in images.iter_mut().enumerate() {
            shift(im, "bufferView", at("bufferViews"));
            let external = im
                .get("uri")
                .and_then(Value::as_str)
                .is_some_and(|u| !u.starts_with("data:"));
            if external {
                notes.push(format!(
                    "image {i} is an external file; left out (its material shows untextured)"
                ));
                if let Some(m) = im.as_object_mut() {
                    m.remove("uri");
                }
            }
        }
        let samplers = take("samplers");
        let mut textures = take("textures");
        for t in &mut textures {
            shift(t, "source", at("images"));
            shift(t, "sampler", at("samplers"));
            if let Some(Value::Object(ext)) = t.get_mut("extensions") {
                for e in ext.values_mut() {
                    shift(e, "source", at("images"));
                }
            }
        }
        let mut materials = take("materials");
        for m in &mut materials {
            shift_texture_refs(m, at("textures"));
        }
        let mut meshes = take("meshes");
        for m in &mut meshes {
            let Some(prims) = m.get_mut("primitives").and_then(Value::as_array_mut) else {
                continue;
            };
            for p in prims {
                if let Some(Value::Object(attrs)) = p.get_mut("attributes") {
                    for a in attrs.values_mut() {
                        if let Some(i) = a.as_u64() {
                            *a = json!(i + at("accessors"));
                        }
                    }
                }
                shift(p, "indices", at("accessors"));
                shift(p, "material", at("materials"));
                if let Some(targets) = p.get_mut("targets").and_then(Value::as_array_mut) {
                    for t in targets.iter_mut().filter_map(Value::as_object_mut) {
                        for a in t.values_mut() {
                            if let Some(i) = a.as_u64() {
                                *a = json!(i + at("accessors"));
                            }
                        }
                    }
                }
                if let Some(m) = p.as_object_mut() {
                    m.remove("extensions");
                }
            }
        }
        let mut nodes = take("nodes");
        let mut left_out = BTreeSet::new();
        for n in &mut nodes {
            shift(n, "mesh", at("meshes"));
            if let Some(m) = n.as_object_mut() {
                for k in ["skin", "camera", "extensions"] {
                    if m.remove(k).is_some() {
                        left_out.insert(k);
                    }
                }
            }
        }
        if !take("animations").is_empty() {
            left_out.insert("animations");
        }
        if !left_out.is_empty() {
            let list: Vec<&str> = left_out.into_iter().collect();
            notes.push(format!("left out: {}", list.join(", ")));
        }
        for (key, values) in [
            ("bufferViews", views),
            ("accessors", accessors),
            ("images", images),
            ("samplers", samplers),
            ("textures", textures),
            ("materials", materials),
            ("meshes", meshes),
        ] {
            if values.is_empty() {
                continue;
            }
            let slot = self
                .arrays
                .entry(key.to_string())
                .or_insert_with(|| Value::Array(vec![]));
            if let Value::Array(a) = slot {
                a.extend(values);
            }
        }
        for (key, set) in [
            ("extensionsUsed", &mut self.used),
            ("extensionsRequired", &mut self.required),
        ] {
            if let Some(list) = doc.get(key).and_then(Value::as_array) {
                for e in list.iter().filter_map(Value::as_str) {
                    if !DROPPED_EXTENSIONS.contains(&e) {
                        set.insert(e.to_string());
                    }
                }
            }
        }
        let scene = doc.get("scene").and_then(Value::as_u64).unwrap_or(0) as usize;
        let roots: Vec<usize> = match doc
            .get("scenes")
            .and_then(Value::as_array)
            .and_then(|s| s.get(scene))
            .and_then(|s| s.get("nodes"))
            .and_then(Value::as_array)
        {
            Some(r) => r
                .iter()
                .filter_map(Value::as_u64)
                .map(|i| i as usize)
                .collect(),
            // No scene: every node that is nobody's child.
            None => {
                let children: BTreeSet<u64> = nodes
                    .iter()
                    .filter_map(|n| n.get("children").and_then(Value::as_array))
                    .flatten()
                    .filter_map(Value::as_u64)
                    .collect();
                (0..nodes.len())
                    .filter(|i| !children.contains(&(*i as u64)))
                    .collect()
            }
        };
        if let Some(bad) = roots.iter().find(|&&r| r >= nodes.len()) {
            return Err(format!("its scene names node {bad}, which does not exist"));
        }
        Ok(Added { nodes, roots })
    }

    /// Adds a node; returns its index.
    pub fn node(&mut self, node: Value) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Copies node `root` of `added` (and everything under it); returns the copy's index.
    pub fn place(&mut self, added: &Added, root: usize) -> usize {
        self.place_guarded(added, root, 0)
    }

    fn place_guarded(&mut self, added: &Added, at: usize, depth: usize) -> usize {
        let mut node = added.nodes[at].clone();
        let children: Vec<usize> = node
            .get("children")
            .and_then(Value::as_array)
            .map(|c| {
                c.iter()
                    .filter_map(Value::as_u64)
                    .map(|i| i as usize)
                    .collect()
            })
            .unwrap_or_default();
        // A cycle (a broken file) cannot be followed; 64 levels is deeper than any model.
        let copies: Vec<usize> = if depth < 64 {
            children
                .into_iter()
                .filter(|&c| c < added.nodes.len())
                .map(|c| self.place_guarded(added, c, depth + 1))
                .collect()
        } else {
            vec![]
        };
        if let Some(m) = node.as_object_mut() {
            if copies.is_empty() {
                m.remove("children");
            } else {
                m.insert("children".into(), json!(copies));
            }
        }
        self.node(node)
    }

    /// Sets `children` of node `parent`.
    pub fn adopt(&mut self, parent: usize, children: Vec<usize>) {
        if !children.is_empty() {
            self.nodes[parent]["children"] = json!(children);
        }
    }

    /// The finished `.glb`, with one scene of `roots`.
    pub fn finish(mut self, scene_name: &str, roots: Vec<usize>, generator: &str) -> Vec<u8> {
        let mut root = Map::new();
        root.insert(
            "asset".into(),
            json!({"version": "2.0", "generator": generator}),
        );
        root.insert("scene".into(), json!(0));
        root.insert(
            "scenes".into(),
            json!([{"name": scene_name, "nodes": roots}]),
        );
        root.insert(
            "nodes".into(),
            Value::Array(std::mem::take(&mut self.nodes)),
        );
        for (k, v) in std::mem::take(&mut self.arrays) {
            root.insert(k, v);
        }
        if !self.bin.is_empty() {
            root.insert("buffers".into(), json!([{"byteLength": self.bin.len()}]));
        }
        if !self.used.is_empty() {
            root.insert("extensionsUsed".into(), json!(self.used));
        }
        if !self.required.is_empty() {
            root.insert("extensionsRequired".into(), json!(self.required));
        }
        let json = serde_json::to_vec(&Value::Object(root)).expect("JSON values serialise");
        glb_container(json, self.bin)
    }
}
