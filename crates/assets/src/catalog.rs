//! `catalog.json`: one entry per model file in the same directory.
//!
//! # From a model to the object's local frame
//!
//! A model point `p` (glTF frame: +Y up; model units) becomes a point of the object's local
//! frame (DESIGN §2: +Z up, front on +Y, metres, origin at the centre of the footprint on the
//! bottom face) in three steps:
//!
//! 1. `q = scale · (p − origin)`: metres, origin at the bottom centre;
//! 2. `(x, y, z) ↦ (x, −z, y)`: glTF to layout axes (the inverse of DESIGN's layout → Bevy
//!    map), so glTF +Z (a glTF model's front) becomes −Y;
//! 3. a rotation of `front_yaw` degrees counter-clockwise about +Z (seen from above), which
//!    turns the model's front onto +Y: 180 for a model facing glTF +Z, 90 for one facing
//!    glTF +X, −90 for one facing glTF −X, 0 for one facing glTF −Z.
//!
//! `size` is the model's extent after these steps: [width along local X, depth along local Y,
//! height]. In Bevy (whose frame is glTF's), the model's scene goes under the object's
//! entity with the transform `rotation_y(front_yaw) · scale · translation(−origin)`.
//!
//! Every model this crate writes is stored in metres with its origin already at the bottom
//! centre and its front toward glTF +Z (`scale` 1, `origin` 0, `front_yaw` 180) — except
//! imported `.glb` files, which are copied untouched and carry their own `scale`, `origin`
//! and `front_yaw`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::AssetsError;
use crate::glb_writer::round_to;
use crate::mesh::Bounds;

/// The `schema` value of a catalogue.
pub const CATALOG_SCHEMA: &str = "relayout.catalog/1";

/// The catalogue's file name inside a library directory.
pub const CATALOG_FILE: &str = "catalog.json";

/// The `frame` text written into every catalogue: the recipe of the module docs.
pub const FRAME_NOTE: &str = "Models are glTF 2.0 (+Y up). A model point p (glTF frame, model \
units) becomes a point of the object's local frame (+Z up, front on +Y, metres, origin at the \
footprint centre on the bottom face) by: q = scale * (p - origin); (x, y, z) -> (x, -z, y); then \
a rotation of front_yaw degrees counter-clockwise about +Z seen from above (180 turns a glTF \
front +Z onto +Y). size = [width along local X, depth along local Y, height] in metres after \
these steps.";

/// A library's catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Always [`CATALOG_SCHEMA`].
    pub schema: String,
    /// How to place a model: [`FRAME_NOTE`].
    pub frame: String,
    /// The models, in order.
    pub entries: Vec<CatalogEntry>,
}

/// One model of a library.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogEntry {
    /// Unique in the catalogue, `[a-z0-9_]`; a scene names a built-in one `builtin:<id>`.
    pub id: String,
    /// The model file, relative to the catalogue.
    pub file: String,
    /// A human name ("Queen bed").
    pub name: String,
    /// What it is, in the planner's words (`bed`, `nightstand`, `dining_chair`…).
    pub category: String,
    /// A sentence for the LLM and the asset panel.
    pub description: String,
    /// Metres, in the object's local frame: [width (X), depth (Y), height (Z)].
    pub size: [f64; 3],
    /// Degrees, counter-clockwise about the up axis, turning the model's front onto local +Y.
    pub front_yaw: f64,
    /// Model units to metres.
    pub scale: f64,
    /// The model point (glTF frame, model units) that goes to the local origin.
    pub origin: [f64; 3],
    /// The model's licence (an SPDX id where one fits).
    pub licence: String,
    /// Where it came from: `builtin`, or the imported file (and item).
    pub source: String,
    /// Who made it, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            schema: CATALOG_SCHEMA.to_string(),
            frame: FRAME_NOTE.to_string(),
            entries: Vec::new(),
        }
    }
}

impl Catalog {
    /// Reads `path`; `Ok(None)` when there is no such file.
    pub fn load(path: &Path) -> Result<Option<Catalog>, AssetsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(AssetsError::io(path, e)),
        };
        let catalog: Catalog = serde_json::from_str(&text).map_err(|e| AssetsError::Catalog {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if catalog.schema != CATALOG_SCHEMA {
            return Err(AssetsError::Catalog {
                path: path.to_path_buf(),
                message: format!(
                    "schema is `{}`, expected `{CATALOG_SCHEMA}`",
                    catalog.schema
                ),
            });
        }
        Ok(Some(catalog))
    }

    /// Writes the catalogue as pretty JSON with a trailing newline.
    pub fn write(&self, path: &Path) -> Result<(), AssetsError> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| AssetsError::Catalog {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        text.push('\n');
        std::fs::write(path, text).map_err(|e| AssetsError::io(path, e))
    }

    /// The entry with `id`.
    pub fn get(&self, id: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Adds `entry`, replacing an entry with the same id in place; returns the replaced one.
    pub fn upsert(&mut self, entry: CatalogEntry) -> Option<CatalogEntry> {
        match self.entries.iter_mut().find(|e| e.id == entry.id) {
            Some(slot) => Some(std::mem::replace(slot, entry)),
            None => {
                self.entries.push(entry);
                None
            }
        }
    }

    /// The path of the catalogue in `dir`.
    pub fn path_in(dir: &Path) -> PathBuf {
        dir.join(CATALOG_FILE)
    }
}

/// The bottom centre of `bounds`: the `origin` of a catalogue entry.
pub fn bottom_centre(bounds: &Bounds) -> [f64; 3] {
    [
        (bounds.min[0] + bounds.max[0]) / 2.0,
        bounds.min[1],
        (bounds.min[2] + bounds.max[2]) / 2.0,
    ]
}

/// A catalogue entry's `size` (metres, local frame) for a model with glTF-frame `bounds` in
/// model units: scaled, axes swapped, and the footprint's bounds after turning by `front_yaw`
/// degrees. Rounded to 0.1 mm.
pub fn layout_size(bounds: &Bounds, scale: f64, front_yaw_deg: f64) -> [f64; 3] {
    let e = bounds.extent().map(|x| x * scale);
    // Layout footprint before the turn: width e[0] along X, depth e[2] along Y.
    let (s, c) = front_yaw_deg.to_radians().sin_cos();
    // Exact zeros for quarter turns, so that 180° leaves the size as it is.
    let (s, c) = (round_to(s, 1e-12), round_to(c, 1e-12));
    let width = (c * e[0]).abs() + (s * e[2]).abs();
    let depth = (s * e[0]).abs() + (c * e[2]).abs();
    [width, depth, e[1]].map(|x| round_to(x, 1e-4))
}

/// `name` as a catalogue id: lower-case ASCII letters, digits and `_`, camelCase split
/// (`bedsideTable2` → `bedside_table2`); `model` when nothing is left.
pub fn sanitize_id(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            if ch.is_ascii_uppercase() && prev_lower && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
            out.push(ch.to_ascii_lowercase());
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    let trimmed = out.trim_matches('_').to_string();
    if trimmed.is_empty() {
        "model".to_string()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_snake_case() {
        assert_eq!(sanitize_id("bedsideTable2"), "bedside_table2");
        assert_eq!(sanitize_id("L_shaped_sofa"), "l_shaped_sofa");
        assert_eq!(
            sanitize_id("Blend Swap CC-0#armchair"),
            "blend_swap_cc_0_armchair"
        );
        assert_eq!(sanitize_id("Chaise à bascule"), "chaise_bascule");
        assert_eq!(sanitize_id("?!"), "model");
    }

    #[test]
    fn size_turns_with_the_front_yaw() {
        let b = Bounds {
            min: [-50.0, 0.0, -100.0],
            max: [50.0, 80.0, 100.0],
        };
        assert_eq!(layout_size(&b, 0.01, 180.0), [1.0, 2.0, 0.8]);
        assert_eq!(layout_size(&b, 0.01, 90.0), [2.0, 1.0, 0.8]);
        assert_eq!(layout_size(&b, 0.01, -90.0), [2.0, 1.0, 0.8]);
    }

    #[test]
    fn unknown_fields_and_wrong_schema_are_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("catalog.json");
        std::fs::write(
            &path,
            r#"{"schema":"relayout.catalog/1","frame":"","entries":[],"extra":1}"#,
        )
        .expect("write");
        let err = Catalog::load(&path).expect_err("unknown field");
        assert!(err.to_string().contains("extra"), "{err}");
        std::fs::write(&path, r#"{"schema":"other/2","frame":"","entries":[]}"#).expect("write");
        let err = Catalog::load(&path).expect_err("schema");
        assert!(err.to_string().contains("other/2"), "{err}");
        assert!(
            Catalog::load(&dir.path().join("none.json"))
                .expect("missing is fine")
                .is_none()
        );
    }
}
