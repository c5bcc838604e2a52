//! The furniture a scene can draw from: the built-in library and the user's own (models
//! imported from the editor), each a directory with a `catalog.json`, and which model an object
//! gets: the one its `asset` names (`builtin:<id>`, `library:<id>`, or a bare id found on either
//! shelf), else the model of its category nearest in size.

use std::path::{Path, PathBuf};

use relayout_core::scene::Object;

use crate::catalog::{Catalog, CatalogEntry};
use crate::error::AssetsError;

/// The folder holding `furniture/` (the built-in library): `$RELAYOUT_ASSETS`, `./assets`, an
/// `assets` folder beside or above the executable, or the source tree's.
pub fn asset_root() -> PathBuf {
    let has = |p: &Path| p.join("furniture").join("catalog.json").is_file();
    if let Some(p) = std::env::var_os("RELAYOUT_ASSETS").map(PathBuf::from) {
        return p;
    }
    let cwd = PathBuf::from("assets");
    if has(&cwd) {
        return std::fs::canonicalize(&cwd).unwrap_or(cwd);
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            if has(&dir.join("assets")) {
                return dir.join("assets");
            }
        }
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets"))
}

/// The built-in library: `asset_root()/furniture`.
pub fn builtin_dir() -> PathBuf {
    asset_root().join("furniture")
}

/// The user's own library, outside any repository: `$RELAYOUT_LIBRARY`, else
/// `$XDG_DATA_HOME/relayout/library`, else `~/.local/share/relayout/library`.
pub fn user_library_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("RELAYOUT_LIBRARY").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    data.join("relayout").join("library")
}

/// Which shelf a model is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShelfKind {
    /// The built-in library (`assets/furniture`).
    Builtin,
    /// The user's library (imported models).
    User,
}

impl ShelfKind {
    /// The prefix a scene's `asset` uses for models of this shelf.
    pub fn prefix(self) -> &'static str {
        match self {
            ShelfKind::Builtin => "builtin",
            ShelfKind::User => "library",
        }
    }
}

/// One library directory and its catalogue.
#[derive(Clone, Debug)]
pub struct Shelf {
    /// Built-in or the user's.
    pub kind: ShelfKind,
    /// The directory holding `catalog.json` and the model files.
    pub dir: PathBuf,
    /// Its catalogue (empty when the directory has none yet).
    pub catalog: Catalog,
}

/// A model found for an object.
#[derive(Clone, Copy, Debug)]
pub struct Found<'a> {
    /// The shelf it is on.
    pub shelf: &'a Shelf,
    /// Its entry.
    pub entry: &'a CatalogEntry,
}

impl Found<'_> {
    /// The model file.
    pub fn path(&self) -> PathBuf {
        self.shelf.dir.join(&self.entry.file)
    }

    /// What a scene writes in `asset` to name it.
    pub fn asset(&self) -> String {
        format!("{}:{}", self.shelf.kind.prefix(), self.entry.id)
    }
}

/// The shelves, built-in first.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// Built-in, then the user's.
    pub shelves: Vec<Shelf>,
}

impl Library {
    /// Reads the catalogues of the given directories (a missing catalogue is an empty shelf; an
    /// unreadable one is an error naming it).
    pub fn open(dirs: &[(ShelfKind, &Path)]) -> Result<Library, AssetsError> {
        let mut shelves = Vec::new();
        for (kind, dir) in dirs {
            let catalog = Catalog::load(&Catalog::path_in(dir))?.unwrap_or_default();
            shelves.push(Shelf {
                kind: *kind,
                dir: dir.to_path_buf(),
                catalog,
            });
        }
        Ok(Library { shelves })
    }

    /// Every model, shelf by shelf.
    pub fn entries(&self) -> impl Iterator<Item = Found<'_>> {
        self.shelves.iter().flat_map(|shelf| {
            shelf
                .catalog
                .entries
                .iter()
                .map(move |entry| Found { shelf, entry })
        })
    }

    /// The model an `asset` string names, if any shelf has it.
    pub fn by_asset(&self, asset: &str) -> Option<Found<'_>> {
        let (kind, id) = match asset.split_once(':') {
            Some(("builtin", id)) => (Some(ShelfKind::Builtin), id),
            Some(("library", id)) => (Some(ShelfKind::User), id),
            _ => (None, asset),
        };
        // A bare id: the user's model wins, as a designer's own import is meant to be used.
        self.entries()
            .filter(|f| kind.is_none_or(|k| f.shelf.kind == k) && f.entry.id == id)
            .min_by_key(|f| f.shelf.kind != ShelfKind::User)
    }

    /// The model for an object: the one its `asset` names, otherwise the model of its category
    /// nearest in size (`dining_chair` matches `chair` and the other way round).
    pub fn model_for(&self, o: &Object) -> Option<Found<'_>> {
        if let Some(asset) = &o.asset {
            return self.by_asset(asset);
        }
        let cat = o.category.to_ascii_lowercase().replace(['-', ' '], "_");
        let mismatch =
            |e: &CatalogEntry| (0..3).map(|k| (e.size[k] - o.size[k]).abs()).sum::<f64>();
        self.entries()
            .filter(|f| {
                let e = f.entry;
                e.category == cat
                    || e.id == cat
                    || cat.ends_with(&format!("_{}", e.category))
                    || e.id.ends_with(&format!("_{cat}"))
            })
            .min_by(|a, b| mismatch(a.entry).total_cmp(&mismatch(b.entry)))
    }
}

/// How an object's model is placed (DESIGN §2, [`crate::catalog::FRAME_NOTE`]) in glTF's frame
/// (+Y up): an outer scale stretching the catalogued size to the object's size (x = width,
/// y = height, z = depth of the object), then the model's own scale, the turn of its front onto
/// the object's front, and its origin moved to the object's origin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// Stretch in the object's frame.
    pub stretch: [f64; 3],
    /// The model's unit.
    pub scale: f64,
    /// Rotation about +Y, quaternion `[x, y, z, w]`.
    pub rotation: [f64; 4],
    /// Translation after scale and rotation.
    pub translation: [f64; 3],
}

impl Fit {
    /// The fit of a model entry to an object of `size` (layout: width, depth, height).
    pub fn new(entry: &CatalogEntry, size: [f64; 3]) -> Fit {
        let stretch = [
            size[0] / entry.size[0].max(1e-6),
            size[2] / entry.size[2].max(1e-6),
            size[1] / entry.size[1].max(1e-6),
        ];
        let s = entry.scale;
        let half = entry.front_yaw.to_radians() / 2.0;
        let rotation = [0.0, half.sin(), 0.0, half.cos()];
        let o = entry.origin.map(|v| -v * s);
        // Rotate −origin·s about +Y by front_yaw.
        let (sin, cos) = entry.front_yaw.to_radians().sin_cos();
        let translation = [cos * o[0] + sin * o[2], o[1], -sin * o[0] + cos * o[2]];
        Fit {
            stretch,
            scale: s,
            rotation,
            translation,
        }
    }
}

/// Corrects how one of the user's models is placed: its unit (`scale`, model units to metres)
/// and the turn of its front (`front_yaw`, degrees); its `size` is measured again from the model
/// file. The catalogue in `dir` is rewritten; the model file is not touched.
pub fn correct_entry(
    dir: &Path,
    id: &str,
    scale: f64,
    front_yaw: f64,
) -> Result<CatalogEntry, AssetsError> {
    let path = Catalog::path_in(dir);
    let bad = |message: String| AssetsError::Catalog {
        path: path.clone(),
        message,
    };
    if !(scale.is_finite() && scale > 0.0 && front_yaw.is_finite()) {
        return Err(bad(format!(
            "{id}: the unit must be a positive number of metres and the front a finite angle (got {scale}, {front_yaw}°)"
        )));
    }
    let mut catalog =
        Catalog::load(&path)?.ok_or_else(|| bad("there is no catalogue here".into()))?;
    let entry = catalog
        .entries
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or_else(|| bad(format!("no model \"{id}\"")))?;
    let file = dir.join(&entry.file);
    let bytes = std::fs::read(&file).map_err(|e| AssetsError::io(&file, e))?;
    let summary =
        crate::inspect::inspect_glb(&bytes).map_err(|e| bad(format!("{}: {e}", file.display())))?;
    let bounds = summary
        .bounds
        .ok_or_else(|| bad(format!("{}: the model draws nothing", file.display())))?;
    entry.scale = scale;
    entry.front_yaw = front_yaw.rem_euclid(360.0);
    entry.size = crate::catalog::layout_size(&bounds, scale, entry.front_yaw);
    let corrected = entry.clone();
    catalog.write(&path)?;
    Ok(corrected)
}
