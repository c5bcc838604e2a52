//! Sweet Home 3D furniture libraries (`.sh3f`): a zip holding
//! `PluginFurnitureCatalog.properties` (indexed keys `id#N`, `name#N`, `category#N`,
//! `model#N`, `width#N`, `depth#N`, `height#N` in centimetres, optional `modelRotation#N`,
//! `creator#N`, `license#N`, `tags#N`) and the models, as OBJ with MTL and textures.
//!
//! Sweet Home 3D shows a model by turning it with `modelRotation` (a row-major 3×3 matrix
//! applied as `R · p`; OBJ axes: +Y up, front toward +Z) and then stretching each axis to
//! the catalogue's width (X), height (Y) and depth (Z). The import bakes both into the
//! vertices, so each `.glb` has exactly the catalogue's size, in metres, front toward glTF
//! +Z (`front_yaw` 180). A model that had to be stretched unevenly by more than 10 % gets a
//! warning.
//!
//! A truncated zip (no central directory) is read entry by entry from the start: the items
//! whose files are there import; the others are reported one by one.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

use super::gltf::GltfError;
use super::obj::{BakeError, Fit, ObjError, bake, obj_to_model};
use super::properties;

/// The catalogue file inside the zip.
pub const CATALOG_ENTRY: &str = "PluginFurnitureCatalog.properties";

/// Entries larger than this are not read (a zip bomb is not a furniture library).
const MAX_ENTRY_BYTES: u64 = 512 << 20;

/// The archive has no [`CATALOG_ENTRY`]: it is not a Sweet Home 3D furniture library.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "no `{}` in the archive: not a Sweet Home 3D furniture library",
    CATALOG_ENTRY
)]
pub struct MissingCatalog;

/// Why one catalogue item cannot be read (the item is reported and the others import).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogItemError {
    /// A required key (`model`, `width`, `depth`, `height`) is absent or empty.
    #[error("no `{key}` entry")]
    MissingKey {
        /// The key, without `#N`.
        key: &'static str,
    },
    /// A size that is not a positive number of centimetres.
    #[error("`{key}` is `{text}`, not a positive number of centimetres")]
    BadSize {
        /// `width`, `depth` or `height`.
        key: &'static str,
        /// The value as written.
        text: String,
    },
    /// A `modelRotation` that is not nine finite numbers.
    #[error("`modelRotation` is `{text}`, not nine numbers")]
    BadRotation {
        /// The value as written.
        text: String,
    },
}

/// Why one item's model cannot be converted (the item is reported and the others import).
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// The model file the catalogue names is not in the zip.
    #[error(
        "its model `{model}` is not in the archive{}",
        if *truncated { " (the archive is truncated)" } else { "" }
    )]
    ModelMissing {
        /// The model's path in the archive.
        model: String,
        /// Whether the archive was cut short (the likely reason).
        truncated: bool,
    },
    /// The OBJ model cannot be read.
    #[error(transparent)]
    Obj(#[from] ObjError),
    /// The model cannot be turned and fitted to the catalogue's size.
    #[error(transparent)]
    Bake(#[from] BakeError),
    /// A glTF model with a `modelRotation` (not supported).
    #[error("a glTF model with a `modelRotation` is not supported")]
    RotatedGltf,
    /// The glTF model cannot be read.
    #[error(transparent)]
    Gltf(#[from] GltfError),
    /// A glTF model with no extent on any axis.
    #[error("the glTF model is a point")]
    GltfPoint,
    /// A model that is neither OBJ nor glTF.
    #[error("its model `{model}` is a `.{extension}` file; only OBJ and glTF are imported")]
    UnsupportedModel {
        /// The model's path in the archive.
        model: String,
        /// Its extension, lower-cased.
        extension: String,
    },
}

/// The files of a zip, by normalised path, and what went wrong while reading them.
pub struct Archive {
    /// Path (no leading `/`) → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Lower-cased path → path, for references whose case does not match.
    lower: HashMap<String, String>,
    /// Problems: a truncated archive, entries that fail their CRC.
    pub problems: Vec<String>,
}

impl Archive {
    /// Reads every entry it can.
    pub fn read(bytes: &[u8]) -> Archive {
        let mut files = BTreeMap::new();
        let mut problems = Vec::new();
        match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(mut archive) => {
                for i in 0..archive.len() {
                    match archive.by_index(i) {
                        Ok(mut file) => {
                            if file.is_dir() {
                                continue;
                            }
                            let name = String::from_utf8_lossy(file.name_raw()).into_owned();
                            let mut data = Vec::new();
                            match (&mut file).take(MAX_ENTRY_BYTES).read_to_end(&mut data) {
                                Ok(_) => {
                                    files.insert(normalise(&name), data);
                                }
                                Err(e) => problems.push(format!("entry `{name}`: {e}")),
                            }
                        }
                        Err(e) => problems.push(format!("entry {i}: {e}")),
                    }
                }
            }
            Err(e) => {
                // No usable central directory: walk the local headers from the start.
                let mut cursor = Cursor::new(bytes);
                let mut count = 0;
                let reason = loop {
                    match zip::read::read_zipfile_from_stream(&mut cursor) {
                        Ok(Some(mut file)) => {
                            let name = String::from_utf8_lossy(file.name_raw()).into_owned();
                            let mut data = Vec::new();
                            match (&mut file).take(MAX_ENTRY_BYTES).read_to_end(&mut data) {
                                Ok(_) if !file.is_dir() => {
                                    files.insert(normalise(&name), data);
                                    count += 1;
                                }
                                Ok(_) => {}
                                Err(read_error) => {
                                    break format!("entry `{name}` is cut short ({read_error})");
                                }
                            }
                        }
                        Ok(None) => {
                            break "the entries end but the directory is damaged".to_string();
                        }
                        Err(stream_error) => {
                            break format!("it stops after {count} entries ({stream_error})");
                        }
                    }
                };
                problems.push(format!(
                    "not a complete zip ({e}); {reason}; the entries before that are used"
                ));
            }
        }
        let lower = files
            .keys()
            .map(|k| (k.to_lowercase(), k.clone()))
            .collect();
        Archive {
            files,
            lower,
            problems,
        }
    }

    /// The bytes at `path` (normalised; case-insensitive as a fallback).
    pub fn get(&self, path: &str) -> Option<&Vec<u8>> {
        let path = normalise(path);
        self.files.get(&path).or_else(|| {
            self.lower
                .get(&path.to_lowercase())
                .and_then(|p| self.files.get(p))
        })
    }
}

/// `a/./b/../c` → `a/c`; backslashes as slashes; no leading slash.
pub fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let replaced = path.replace('\\', "/");
    for part in replaced.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// One piece of furniture in the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct Sh3fItem {
    /// N in `key#N`.
    pub index: u32,
    /// `id#N`, or the name when absent.
    pub id: String,
    /// `name#N`.
    pub name: String,
    /// `category#N`.
    pub category: String,
    /// `model#N`, normalised.
    pub model: String,
    /// `width#N`, `depth#N`, `height#N` in centimetres.
    pub size_cm: [f64; 3],
    /// `modelRotation#N`, row-major.
    pub rotation: Option<[[f64; 3]; 3]>,
    /// `creator#N`.
    pub creator: Option<String>,
    /// `license#N`.
    pub licence: Option<String>,
    /// `tags#N`.
    pub tags: Option<String>,
}

/// The items of a catalogue, in index order, and the ones that cannot be read (index, name,
/// problem).
pub fn catalog_items(
    props: &BTreeMap<String, String>,
) -> (Vec<Sh3fItem>, Vec<(u32, String, CatalogItemError)>) {
    let mut indices: Vec<u32> = props
        .keys()
        .filter_map(|k| {
            let (key, n) = k.rsplit_once('#')?;
            matches!(key, "name" | "model" | "id")
                .then(|| n.parse::<u32>().ok())
                .flatten()
        })
        .collect();
    indices.sort_unstable();
    indices.dedup();
    let mut items = Vec::new();
    let mut bad = Vec::new();
    for n in indices {
        let get = |key: &str| {
            props
                .get(&format!("{key}#{n}"))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let name = get("name").unwrap_or_else(|| format!("item {n}"));
        let result = (|| -> Result<Sh3fItem, CatalogItemError> {
            let model = get("model").ok_or(CatalogItemError::MissingKey { key: "model" })?;
            let number = |key: &'static str| -> Result<f64, CatalogItemError> {
                let text = get(key).ok_or(CatalogItemError::MissingKey { key })?;
                match text.parse::<f64>() {
                    Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
                    _ => Err(CatalogItemError::BadSize { key, text }),
                }
            };
            let size_cm = [number("width")?, number("depth")?, number("height")?];
            let rotation = match get("modelRotation") {
                None => None,
                Some(text) => {
                    let v: Vec<f64> = text
                        .split_whitespace()
                        .filter_map(|x| x.parse().ok())
                        .collect();
                    if v.len() != 9 || v.iter().any(|x| !x.is_finite()) {
                        return Err(CatalogItemError::BadRotation { text });
                    }
                    Some([[v[0], v[1], v[2]], [v[3], v[4], v[5]], [v[6], v[7], v[8]]])
                }
            };
            Ok(Sh3fItem {
                index: n,
                id: get("id").unwrap_or_else(|| name.clone()),
                name: name.clone(),
                category: get("category").unwrap_or_else(|| "Miscellaneous".to_string()),
                model: normalise(&model),
                size_cm,
                rotation,
                creator: get("creator"),
                licence: get("license"),
                tags: get("tags"),
            })
        })();
        match result {
            Ok(item) => items.push(item),
            Err(e) => bad.push((n, name, e)),
        }
    }
    (items, bad)
}

/// A converted item: the `.glb` and what the catalogue needs.
pub struct Converted {
    /// The model.
    pub glb: Vec<u8>,
    /// Its bounds (metres, glTF frame, bottom centre at the origin for OBJ).
    pub bounds: crate::mesh::Bounds,
    /// Metres per model unit.
    pub scale: f64,
    /// Problems that did not stop it.
    pub warnings: Vec<String>,
}

/// Converts one item's model from the archive.
pub fn convert_item(
    item: &Sh3fItem,
    archive: &Archive,
    truncated: bool,
) -> Result<Converted, ConvertError> {
    let Some(bytes) = archive.get(&item.model) else {
        return Err(ConvertError::ModelMissing {
            model: item.model.clone(),
            truncated,
        });
    };
    let dir = match item.model.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => String::new(),
    };
    let resolve = |reference: &str| archive.get(&format!("{dir}{reference}")).cloned();
    let extension = item
        .model
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let target = [
        item.size_cm[0] / 100.0,
        item.size_cm[2] / 100.0,
        item.size_cm[1] / 100.0,
    ];
    match extension.as_str() {
        "obj" => {
            let (mut model, mut warnings) =
                obj_to_model(&crate::catalog::sanitize_id(&item.id), bytes, &resolve)?;
            let (bounds, factors) = bake(&mut model, item.rotation, Fit::Extents(target))?;
            let (lo, hi) = factors
                .iter()
                .fold((f64::MAX, 0.0f64), |(lo, hi), f| (lo.min(*f), hi.max(*f)));
            if hi / lo > 1.1 {
                warnings.push(format!(
                    "stretched unevenly to the catalogue's size: axis scales differ by {:.0} %",
                    (hi / lo - 1.0) * 100.0
                ));
            }
            Ok(Converted {
                glb: crate::glb_writer::write_glb(&model),
                bounds,
                scale: 1.0,
                warnings,
            })
        }
        "glb" | "gltf" => {
            if item.rotation.is_some() {
                return Err(ConvertError::RotatedGltf);
            }
            let g = super::gltf::read_gltf(bytes, &resolve)?;
            let e = g.bounds.extent();
            // Sweet Home 3D stretches per axis; a catalogue scale is uniform: take the mean.
            let factors: Vec<f64> = (0..3)
                .filter(|i| e[*i] > 1e-9)
                .map(|i| target[i] / e[i])
                .collect();
            if factors.is_empty() {
                return Err(ConvertError::GltfPoint);
            }
            let scale = factors.iter().sum::<f64>() / factors.len() as f64;
            Ok(Converted {
                glb: g.glb,
                bounds: g.bounds,
                scale,
                warnings: Vec::new(),
            })
        }
        other => Err(ConvertError::UnsupportedModel {
            model: item.model.clone(),
            extension: other.to_string(),
        }),
    }
}

/// The library's catalogue properties.
pub fn read_catalog(archive: &Archive) -> Result<BTreeMap<String, String>, MissingCatalog> {
    let bytes = archive.get(CATALOG_ENTRY).ok_or(MissingCatalog)?;
    Ok(properties::parse(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise() {
        assert_eq!(normalise("/lib/chair/./chair.obj"), "lib/chair/chair.obj");
        assert_eq!(normalise("lib\\chair\\..\\table.obj"), "lib/table.obj");
    }

    #[test]
    fn items_are_read_with_their_problems() {
        let props = properties::parse(
            b"name#1=Chair\nmodel#1=/a/chair.obj\nwidth#1=40\ndepth#1=50\nheight#1=90\ncategory#1=Kitchen\n\
name#2=Bad\nmodel#2=/a/bad.obj\nwidth#2=wide\ndepth#2=1\nheight#2=1\n\
name#10=Turned\nmodel#10=t.obj\nwidth#10=1\ndepth#10=1\nheight#10=1\nmodelRotation#10=1 0 0 0 0 1 0 -1 0\n",
        );
        let (items, bad) = catalog_items(&props);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].size_cm, [40.0, 50.0, 90.0]);
        assert_eq!(items[0].model, "a/chair.obj");
        assert_eq!(items[1].index, 10);
        assert_eq!(
            items[1].rotation,
            Some([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])
        );
        assert_eq!(bad.len(), 1);
        assert!(bad[0].2.to_string().contains("wide"), "{bad:?}");
    }
}
