//! `relayout assets import PATH --out DIR`: third-party furniture into a library directory.
//!
//! - `.glb`: checked, measured from its accessors' bounds and node transforms, copied as it
//!   is; the catalogue records its unit (`scale`), `origin` and `front_yaw`.
//! - `.gltf`: the same, packed into one `.glb` with its buffers and images.
//! - `.obj` with its `.mtl`: converted to `.glb` in metres, origin at the bottom centre.
//! - `.sh3f` (Sweet Home 3D furniture library): every item converted, sized as its
//!   catalogue says ([`sh3f`]).
//! - a directory: every file of those kinds in it (not recursive), in name order.
//!
//! The unit of a glTF or OBJ is guessed from its size ([`Unit::guess`]) unless
//! [`ImportOptions::unit`] says; the front is assumed toward +Z (glTF's and Sweet Home
//! 3D's convention, `front_yaw` 180) unless [`ImportOptions::front_yaw_deg`] says.
//!
//! Entries are merged into `DIR/catalog.json`: an entry with the same id is replaced. A
//! single model that cannot be imported is an error; in a library or a directory each item
//! that cannot be imported becomes an [`ItemError`] and the rest still imports.

mod error;
pub mod gltf;
pub mod obj;
pub mod properties;
pub mod sh3f;
mod units;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use error::ImportError;
pub use units::{Unit, UnitError};

use crate::catalog::{Catalog, CatalogEntry, bottom_centre, layout_size, sanitize_id};
use crate::error::AssetsError;
use crate::glb_writer::round_to;
use crate::mesh::Bounds;

/// How to read the models being imported.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOptions {
    /// The unit of a glTF's or OBJ's coordinates; guessed from the size when `None`.
    /// Sweet Home 3D items ignore it (their catalogue gives the size).
    pub unit: Option<Unit>,
    /// Degrees counter-clockwise that turn the model's front onto layout +Y (see
    /// [`crate::catalog`]); 180 (front toward glTF +Z) when `None`.
    pub front_yaw_deg: Option<f64>,
    /// The id of a single model (default: its file name), or a prefix `PREFIX_` for the
    /// items of a library or directory.
    pub id: Option<String>,
    /// The category of every imported model (default: `imported` for single models, the
    /// library's own category for Sweet Home 3D items).
    pub category: Option<String>,
    /// The licence to record (default: the library's, or `unknown`).
    pub licence: Option<String>,
}

/// A model or library item that could not be imported (or imported with a caveat).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemError {
    /// The file, and the item inside a library: `BlendSwap-CC-0.sh3f: item 12 "Chair"`.
    pub item: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.item, self.message)
    }
}

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    /// The entries written (also merged into the catalogue), in order.
    pub imported: Vec<CatalogEntry>,
    /// Items that were not imported.
    pub errors: Vec<ItemError>,
    /// Items imported with a caveat (a guessed unit, a missing texture, an uneven stretch).
    pub warnings: Vec<ItemError>,
    /// Ids of catalogue entries that an imported entry replaced.
    pub replaced: Vec<String>,
    /// The catalogue written.
    pub catalog: PathBuf,
    /// Bytes of `.glb` written.
    pub glb_bytes: u64,
    /// Wall time of the whole import.
    pub elapsed: Duration,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "imported {} model(s) into {} ({:.1} MB of .glb) in {:.2} s; {} error(s), {} warning(s)",
            self.imported.len(),
            self.catalog.display(),
            self.glb_bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            self.errors.len(),
            self.warnings.len()
        )?;
        for e in &self.errors {
            writeln!(f, "error: {e}")?;
        }
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        Ok(())
    }
}

/// A model ready for the library.
struct Candidate {
    id: String,
    name: String,
    category: String,
    description: String,
    licence: String,
    author: Option<String>,
    source: String,
    glb: Vec<u8>,
    /// glTF frame, model units.
    bounds: Bounds,
    scale: f64,
    front_yaw: f64,
}

/// The import in progress: the catalogue being merged and the report.
struct Session<'a> {
    out_dir: &'a Path,
    options: &'a ImportOptions,
    catalog: Catalog,
    report: ImportReport,
    ids: HashSet<String>,
}

impl Session<'_> {
    /// `base`, or `base_2`, `base_3`… when this import already used it.
    fn unique_id(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut k = 2;
        while self.ids.contains(&id) {
            id = format!("{base}_{k}");
            k += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    fn add(&mut self, c: Candidate) -> Result<(), AssetsError> {
        let id = self.unique_id(&c.id);
        let file = format!("{id}.glb");
        let path = self.out_dir.join(&file);
        std::fs::write(&path, &c.glb).map_err(|e| AssetsError::io(&path, e))?;
        self.report.glb_bytes += c.glb.len() as u64;
        let entry = CatalogEntry {
            id,
            file,
            name: c.name,
            category: c.category,
            description: c.description,
            size: layout_size(&c.bounds, c.scale, c.front_yaw),
            front_yaw: c.front_yaw,
            scale: round_to(c.scale, 1e-9),
            origin: bottom_centre(&c.bounds).map(|x| round_to(x, 1e-6)),
            licence: c.licence,
            source: c.source,
            author: c.author,
        };
        if let Some(old) = self.catalog.upsert(entry.clone()) {
            self.report.replaced.push(old.id);
        }
        self.report.imported.push(entry);
        Ok(())
    }
}

/// Imports `path` (a model, a library or a directory of them) into `out_dir`, merging
/// `out_dir/catalog.json`. See the module docs for what each kind of file becomes.
pub fn import(
    path: &Path,
    out_dir: &Path,
    options: &ImportOptions,
) -> Result<ImportReport, AssetsError> {
    let start = Instant::now();
    let catalog_path = Catalog::path_in(out_dir);
    let catalog = Catalog::load(&catalog_path)?.unwrap_or_default();
    let meta = std::fs::metadata(path).map_err(|e| AssetsError::io(path, e))?;
    std::fs::create_dir_all(out_dir).map_err(|e| AssetsError::io(out_dir, e))?;
    let mut session = Session {
        out_dir,
        options,
        catalog,
        report: ImportReport {
            catalog: catalog_path.clone(),
            ..ImportReport::default()
        },
        ids: HashSet::new(),
    };

    if meta.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| AssetsError::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && kind_of(p).is_some())
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(AssetsError::input(
                path.display().to_string(),
                ImportError::EmptyDirectory,
            ));
        }
        for file in files {
            let prefix = options
                .id
                .as_deref()
                .map(|p| format!("{}_", sanitize_id(p)));
            if let Err(e) = import_file(&mut session, &file, prefix.as_deref(), true) {
                match e {
                    AssetsError::Input { item, source } => session.report.errors.push(ItemError {
                        item,
                        message: source.to_string(),
                    }),
                    other => return Err(other),
                }
            }
        }
    } else {
        let prefix = options
            .id
            .as_deref()
            .map(|p| format!("{}_", sanitize_id(p)));
        import_file(&mut session, path, prefix.as_deref(), false)?;
    }

    if !session.report.imported.is_empty() {
        session.catalog.write(&catalog_path)?;
    }
    session.report.elapsed = start.elapsed();
    Ok(session.report)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Gltf,
    Obj,
    Sh3f,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "glb" | "gltf" => Some(Kind::Gltf),
        "obj" => Some(Kind::Obj),
        "sh3f" => Some(Kind::Sh3f),
        _ => None,
    }
}

/// Imports one file. `prefix` applies to library items (and, inside a directory, to single
/// models too); `in_directory` makes a single model's id its file name rather than
/// [`ImportOptions::id`].
fn import_file(
    session: &mut Session,
    path: &Path,
    prefix: Option<&str>,
    in_directory: bool,
) -> Result<(), AssetsError> {
    let kind = kind_of(path).ok_or_else(|| AssetsError::Unsupported {
        path: path.to_path_buf(),
    })?;
    let label = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|e| AssetsError::io(path, e))?;
    match kind {
        Kind::Sh3f => import_sh3f(session, &label, &bytes, prefix.unwrap_or("")),
        Kind::Gltf | Kind::Obj => {
            let options = session.options;
            let stem = path
                .file_stem()
                .map_or("model".into(), |s| s.to_string_lossy().into_owned());
            let id = match (&options.id, in_directory) {
                (Some(id), false) => sanitize_id(id),
                _ => format!("{}{}", prefix.unwrap_or(""), sanitize_id(&stem)),
            };
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            // Only files relative to the model: an absolute path (often the author's
            // machine) falls back to its file name in the OBJ reader.
            let resolve = move |reference: &str| {
                let relative = !reference.starts_with('/') && !reference.contains(':');
                relative
                    .then(|| std::fs::read(dir.join(reference)).ok())
                    .flatten()
            };
            let (glb, bounds, scale) = if kind == Kind::Gltf {
                let g =
                    gltf::read_gltf(&bytes, &resolve).map_err(|e| AssetsError::input(&label, e))?;
                let unit = choose_unit(session, &label, &g.bounds);
                (g.glb, g.bounds, unit.metres())
            } else {
                let (mut model, warnings) =
                    guarded(|| Ok(obj::obj_to_model(&id, &bytes, &resolve)?))
                        .map_err(|e| AssetsError::input(&label, e))?;
                for w in warnings {
                    session.report.warnings.push(ItemError {
                        item: label.clone(),
                        message: w,
                    });
                }
                let raw = model
                    .bounds()
                    .ok_or_else(|| AssetsError::input(&label, ImportError::NoVertices))?;
                let unit = choose_unit(session, &label, &raw);
                let (bounds, _) = obj::bake(&mut model, None, obj::Fit::Uniform(unit.metres()))
                    .map_err(|e| AssetsError::input(&label, e))?;
                (crate::glb_writer::write_glb(&model), bounds, 1.0)
            };
            let name = stem.replace(['_', '-'], " ");
            session.add(Candidate {
                id,
                description: format!("{name}, imported from {label}"),
                name,
                category: options
                    .category
                    .clone()
                    .unwrap_or_else(|| "imported".to_string()),
                licence: options
                    .licence
                    .clone()
                    .unwrap_or_else(|| "unknown".to_string()),
                author: None,
                source: label.clone(),
                glb,
                bounds,
                scale,
                front_yaw: options.front_yaw_deg.unwrap_or(180.0),
            })
        }
    }
}

/// The unit of a glTF or OBJ: the option, else the guess (reported as a warning).
fn choose_unit(session: &mut Session, label: &str, bounds: &Bounds) -> Unit {
    if let Some(unit) = session.options.unit {
        return unit;
    }
    let largest = bounds.extent().into_iter().fold(0.0, f64::max);
    let unit = Unit::guess(largest);
    session.report.warnings.push(ItemError {
        item: label.to_string(),
        message: format!(
            "largest extent {largest:.3} units, taken as {unit} (set the unit to override)"
        ),
    });
    unit
}

fn import_sh3f(
    session: &mut Session,
    label: &str,
    bytes: &[u8],
    prefix: &str,
) -> Result<(), AssetsError> {
    let archive = sh3f::Archive::read(bytes);
    let truncated = archive
        .problems
        .iter()
        .any(|p| p.starts_with("not a complete zip"));
    let props = sh3f::read_catalog(&archive).map_err(|source| {
        AssetsError::input(
            label,
            ImportError::NotALibrary {
                source,
                problem: archive.problems.first().cloned(),
            },
        )
    })?;
    for problem in &archive.problems {
        session.report.errors.push(ItemError {
            item: label.to_string(),
            message: problem.clone(),
        });
    }
    let library = props
        .get("name")
        .cloned()
        .unwrap_or_else(|| label.to_string());
    let library_licence = props.get("license").cloned();
    let (items, bad) = sh3f::catalog_items(&props);
    for (n, name, error) in bad {
        session.report.errors.push(ItemError {
            item: format!("{label}: item {n} \"{name}\""),
            message: error.to_string(),
        });
    }
    if items.is_empty() {
        return Err(AssetsError::input(label, ImportError::NoFurniture));
    }
    let options = session.options;
    for item in items {
        let what = format!("{label}: item {} \"{}\"", item.index, item.name);
        match guarded(|| Ok(sh3f::convert_item(&item, &archive, truncated)?)) {
            Ok(converted) => {
                for w in converted.warnings {
                    session.report.warnings.push(ItemError {
                        item: what.clone(),
                        message: w,
                    });
                }
                let short_id = item.id.rsplit('#').next().unwrap_or(&item.id);
                let mut description = format!("{} ({library})", item.name);
                if let Some(tags) = &item.tags {
                    description.push_str(&format!("; tags: {tags}"));
                }
                session.add(Candidate {
                    id: format!("{prefix}{}", sanitize_id(short_id)),
                    name: item.name.clone(),
                    category: options
                        .category
                        .clone()
                        .unwrap_or_else(|| sanitize_id(&item.category)),
                    description,
                    licence: options
                        .licence
                        .clone()
                        .or(item.licence.clone())
                        .or(library_licence.clone())
                        .unwrap_or_else(|| "unknown".to_string()),
                    author: item.creator.clone(),
                    source: format!("{label}#{}", item.index),
                    glb: converted.glb,
                    bounds: converted.bounds,
                    scale: converted.scale,
                    front_yaw: options.front_yaw_deg.unwrap_or(180.0),
                })?;
            }
            Err(error) => session.report.errors.push(ItemError {
                item: what,
                message: error.to_string(),
            }),
        }
    }
    Ok(())
}

/// Runs a conversion that goes through third-party parsers: a panic in one of them becomes
/// this item's error instead of ending the whole import.
fn guarded<T>(convert: impl FnOnce() -> Result<T, ImportError>) -> Result<T, ImportError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(convert))
        .unwrap_or(Err(ImportError::ReaderPanicked))
}
