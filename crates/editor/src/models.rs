//! Furniture models: the built-in library (`assets/furniture/catalog.json`) and the user's
//! (imported models), which model an object gets (its `asset`, or the model of its category
//! closest in size: `relayout_assets::Library::model_for`), and
//! the glTF scene under the object, turned and stretched to the object's size. Until a model has
//! loaded, and for good if it fails, the object stays a box; a failure is reported once.

use bevy::asset::LoadState;
use bevy::asset::io::AssetSourceBuilder;
use bevy::prelude::*;
use relayout_assets::Library;
use relayout_assets::library::{Found, ShelfKind, user_library_dir};

use crate::furniture::{BoxPart, Furniture, FurnitureBody, FurniturePart};
use crate::schedule::DrawSystems;
use crate::status::StatusLog;

/// The furniture the editor draws from: the built-in library and the user's (imported models),
/// re-read after each import; `generation` counts the re-reads.
#[derive(Resource, Default, Debug, Clone)]
pub struct FurnitureLibrary {
    /// The shelves.
    pub library: Library,
    /// Bumped when the library is read again.
    pub generation: u64,
}

impl FurnitureLibrary {
    /// Reads the built-in library and the user's; a shelf that cannot be read is left out and
    /// named in the returned message.
    pub fn load() -> (FurnitureLibrary, Vec<String>) {
        let mut errors = Vec::new();
        let mut shelves = Vec::new();
        for (kind, dir) in [
            (ShelfKind::Builtin, relayout_assets::library::builtin_dir()),
            (ShelfKind::User, user_library_dir()),
        ] {
            match Library::open(&[(kind, &dir)]) {
                Ok(l) => shelves.extend(l.shelves),
                Err(e) => errors.push(format!("furniture library {}: {e}", dir.display())),
            }
        }
        if shelves
            .iter()
            .all(|s| s.kind != ShelfKind::Builtin || s.catalog.entries.is_empty())
        {
            errors.push(format!(
                "no built-in furniture models in {}; objects are drawn as boxes",
                relayout_assets::library::builtin_dir().display()
            ));
        }
        (
            FurnitureLibrary {
                library: Library { shelves },
                generation: 0,
            },
            errors,
        )
    }
}

/// The asset path Bevy loads a model from: `furniture/<file>` for built-in models,
/// `library://<file>` for the user's.
pub fn asset_path(found: &Found) -> String {
    match found.shelf.kind {
        ShelfKind::Builtin => format!("furniture/{}", found.entry.file),
        ShelfKind::User => format!("library://{}", found.entry.file),
    }
}

/// Registers the `library://` asset source (the user's library folder); before `AssetPlugin`.
pub fn register_library_source(app: &mut App) {
    let dir = user_library_dir();
    // The reader wants the folder to exist.
    let _ = std::fs::create_dir_all(&dir);
    app.register_asset_source(
        "library",
        AssetSourceBuilder::platform_default(&dir.to_string_lossy(), None),
    );
}

pub use relayout_assets::library::asset_root;

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

fn load_catalog(
    mut commands: Commands,
    have: Option<Res<FurnitureLibrary>>,
    mut log: ResMut<StatusLog>,
) {
    // A test (or a caller) may have put one in already.
    if have.is_some() {
        return;
    }
    let (library, errors) = FurnitureLibrary::load();
    for e in errors {
        log.error(e);
    }
    commands.insert_resource(library);
}

/// Gives new furniture its model, fitted to the object's size.
fn attach_models(
    mut commands: Commands,
    catalog: Option<Res<FurnitureLibrary>>,
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
        let Some(found) = catalog.library.model_for(o) else {
            continue;
        };
        let entry = found.entry;
        let scene: Handle<WorldAsset> =
            asset_server.load(GltfAssetLabel::Scene(0).from_asset(asset_path(&found)));
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
