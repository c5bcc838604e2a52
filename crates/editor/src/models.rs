//! Furniture models: the catalog (`assets/furniture/catalog.json`), which model an object gets
//! (its `asset`, `builtin:<id>`, or the built-in model of its category closest in size), and
//! the glTF scene under the object, turned and stretched to the object's size. Until a model has
//! loaded, and for good if it fails, the object stays a box; a failure is reported once.

use std::path::{Path, PathBuf};

use bevy::asset::LoadState;
use bevy::prelude::*;
use relayout_core::scene::Object;
use serde::Deserialize;

use crate::furniture::{BoxPart, Furniture, FurnitureBody, FurniturePart};
use crate::schedule::DrawSystems;
use crate::status::StatusLog;

/// One model of the catalog (the fields the editor needs).
#[derive(Deserialize, Debug, Clone)]
pub struct CatalogEntry {
    /// Id, e.g. `bed_queen`.
    pub id: String,
    /// File beside the catalog.
    pub file: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Category, e.g. `bed`.
    pub category: String,
    /// Width, depth, height in metres (layout axes).
    pub size: [f64; 3],
    /// Yaw (degrees) turning the model's front onto layout +Y.
    pub front_yaw: f64,
    /// Model units to metres.
    pub scale: f64,
    /// Model-space point that becomes the object's origin.
    pub origin: [f64; 3],
}

#[derive(Deserialize)]
struct CatalogFile {
    entries: Vec<CatalogEntry>,
}

/// Why the catalog could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The catalog file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a catalog.
    #[error("{}: {source}", path.display())]
    Parse {
        /// The catalog file.
        path: PathBuf,
        /// Where and what.
        source: serde_json::Error,
    },
}

/// The furniture catalog.
#[derive(Resource, Default, Debug, Clone)]
pub struct Catalog {
    /// Its models.
    pub entries: Vec<CatalogEntry>,
}

impl Catalog {
    /// Reads `catalog.json`.
    pub fn load(path: &Path) -> Result<Catalog, CatalogError> {
        let text = std::fs::read_to_string(path).map_err(|source| CatalogError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let file: CatalogFile =
            serde_json::from_str(&text).map_err(|source| CatalogError::Parse {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Catalog {
            entries: file.entries,
        })
    }

    /// The model for an object: its `asset` when it names one, otherwise the built-in model of
    /// its category nearest in size.
    pub fn model_for(&self, o: &Object) -> Option<&CatalogEntry> {
        if let Some(asset) = &o.asset {
            let id = asset.strip_prefix("builtin:").unwrap_or(asset);
            return self.entries.iter().find(|e| e.id == id);
        }
        let cat = o.category.to_ascii_lowercase().replace(['-', ' '], "_");
        let mismatch =
            |e: &CatalogEntry| (0..3).map(|k| (e.size[k] - o.size[k]).abs()).sum::<f64>();
        self.entries
            .iter()
            .filter(|e| {
                e.category == cat
                    || e.id == cat
                    || cat.ends_with(&format!("_{}", e.category))
                    || e.id.ends_with(&format!("_{cat}"))
            })
            .min_by(|a, b| mismatch(a).total_cmp(&mismatch(b)))
    }
}

/// The folder holding `furniture/`: `$RELAYOUT_ASSETS`, `./assets`, an `assets` folder beside
/// or above the executable, or the source tree's.
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

/// A model being shown for an object.
#[derive(Component)]
pub struct FurnitureModel {
    scene: Handle<WorldAsset>,
    settled: bool,
}

impl FurnitureModel {
    /// Whether it has loaded (and shows) or failed (and the box stays).
    pub fn settled(&self) -> bool {
        self.settled
    }
}

/// Adds models to furniture.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    app.init_resource::<StatusLog>()
        .add_systems(Startup, load_catalog)
        .add_systems(
            PostUpdate,
            (attach_models, settle_models)
                .chain()
                .in_set(DrawSystems::Models),
        );
}

fn load_catalog(mut commands: Commands, mut log: ResMut<StatusLog>) {
    let path = asset_root().join("furniture").join("catalog.json");
    match Catalog::load(&path) {
        Ok(c) => commands.insert_resource(c),
        Err(e) => {
            log.error(format!(
                "no furniture models ({e}); objects are drawn as boxes"
            ));
            commands.insert_resource(Catalog::default());
        }
    }
}

/// Gives new furniture its model, fitted to the object's size.
fn attach_models(
    mut commands: Commands,
    catalog: Option<Res<Catalog>>,
    doc: Option<Res<crate::document::SceneDoc>>,
    asset_server: Res<AssetServer>,
    new: Query<(Entity, &Furniture), Added<Furniture>>,
) {
    let (Some(catalog), Some(doc)) = (catalog, doc) else {
        return;
    };
    for (e, f) in &new {
        let Some(o) = doc.scene.objects.iter().find(|o| o.id == f.id) else {
            continue;
        };
        let Some(entry) = catalog.model_for(o) else {
            continue;
        };
        let scene: Handle<WorldAsset> = asset_server
            .load(GltfAssetLabel::Scene(0).from_asset(format!("furniture/{}", entry.file)));
        // Stretch (in the object's frame, Bevy axes x = width, y = height, z = depth) so the
        // model's catalogued size becomes the object's size; inside, turn the model's front
        // onto the object's front and move its origin to the object's origin.
        let fit = Vec3::new(
            (o.size[0] / entry.size[0].max(1e-6)) as f32,
            (o.size[2] / entry.size[2].max(1e-6)) as f32,
            (o.size[1] / entry.size[1].max(1e-6)) as f32,
        );
        let s = entry.scale as f32;
        let origin = Vec3::new(
            entry.origin[0] as f32,
            entry.origin[1] as f32,
            entry.origin[2] as f32,
        );
        let turn = Quat::from_rotation_y((entry.front_yaw as f32).to_radians());
        let inner = Transform {
            translation: turn * (-origin * s),
            rotation: turn,
            scale: Vec3::splat(s),
        };
        commands
            .entity(e)
            .insert(FurnitureModel {
                scene: scene.clone(),
                settled: false,
            })
            .with_children(|p| {
                p.spawn((
                    FurniturePart,
                    Transform::from_scale(fit),
                    Visibility::Hidden,
                ))
                .with_children(|p| {
                    p.spawn((WorldAssetRoot(scene), inner));
                });
            });
    }
}

/// A piece's children as `settle_models` sees them: visibility, body, box part.
type ModelParts = (&'static mut Visibility, Has<FurnitureBody>, Has<BoxPart>);

/// Once a model has loaded, shows it and hides the box; if it failed, says so once.
fn settle_models(
    asset_server: Res<AssetServer>,
    mut models: Query<(&Furniture, &mut FurnitureModel, &Children)>,
    mut parts: Query<ModelParts, Without<crate::furniture::StateShell>>,
    mut log: ResMut<StatusLog>,
) {
    for (f, mut model, children) in &mut models {
        if model.settled {
            continue;
        }
        match asset_server.get_load_state(&model.scene) {
            Some(LoadState::Loaded) => {
                for c in children.iter() {
                    if let Ok((mut v, is_body, is_box_part)) = parts.get_mut(c) {
                        *v = if is_body || is_box_part {
                            Visibility::Hidden
                        } else {
                            Visibility::Inherited
                        };
                    }
                }
                model.settled = true;
            }
            Some(LoadState::Failed(err)) => {
                log.error(format!(
                    "{}: the model could not be loaded ({err}); drawn as a box",
                    f.id
                ));
                model.settled = true;
            }
            _ => {}
        }
    }
}
