//! The furniture library panel: the built-in models and the user's own (imported from the editor)
//! with thumbnails and a search box; "Add"
//! puts one into the document as a new object, where the camera looks. Thumbnails are rendered
//! one model at a time on a stage far below the room (beyond every other camera's far plane),
//! each into a small image, and kept.

use std::collections::HashMap;

use bevy::asset::LoadState;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::{TextureFormat, TextureUsages};
use bevy_egui::{EguiContexts, EguiTextureHandle, egui};
use relayout_core::scene::{Object, Pose, Support};

use crate::camera_state::OrbitState;
use crate::coords::to_layout;
use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::models::{FurnitureLibrary, asset_path};
use crate::schedule::UiSystems;
use relayout_assets::CatalogEntry;
use relayout_assets::library::ShelfKind;

/// Side of a thumbnail, pixels.
pub const THUMB_SIZE: u32 = 96;
/// Where thumbnails are staged, metres below the floor (Bevy −Y).
const STAGE_DEPTH: f32 = 3000.0;

/// Whether the library panel is open, and its search text.
#[derive(Resource, Default, Debug)]
pub struct AssetPanel {
    /// Shown.
    pub open: bool,
    /// Filter on id, name and category.
    pub search: String,
}

/// Thumbnails by asset (`builtin:<id>`, `library:<id>`), rendered one at a time.
#[derive(Resource, Default)]
pub struct Thumbnails {
    images: HashMap<String, Handle<Image>>,
    /// (asset, Bevy asset path, entry) still to render, last first.
    queue: Vec<(String, String, CatalogEntry)>,
    queued_for: Option<u64>,
    job: Option<ThumbJob>,
}

impl Thumbnails {
    /// Forgets a model's thumbnail (its front or size was corrected): it is rendered again.
    pub fn forget(&mut self, asset: &str) {
        self.images.remove(asset);
        self.queued_for = None;
    }
}

struct ThumbJob {
    id: String,
    image: Handle<Image>,
    scene: Handle<WorldAsset>,
    entities: [Entity; 2],
    frames_after_load: u32,
    frames: u32,
}

/// The review of an imported model: shown while `entry` is set.
#[derive(Resource, Default, Debug, Clone)]
pub struct ImportReview {
    /// The model as catalogued now.
    pub entry: Option<CatalogEntry>,
    /// The unit chosen (metres per model unit).
    pub scale: f64,
    /// The front chosen (degrees).
    pub front_yaw: f64,
}

impl ImportReview {
    /// Opens the review of a model.
    pub fn open(&mut self, e: &CatalogEntry) {
        self.entry = Some(e.clone());
        self.scale = e.scale;
        self.front_yaw = e.front_yaw;
    }
}

/// Adds the library panel.
pub fn plugin(app: &mut App) {
    crate::messages::register(app);
    app.init_resource::<AssetPanel>()
        .init_resource::<Thumbnails>()
        .init_resource::<ImportReview>()
        .add_message::<Edit>()
        .add_systems(Update, render_thumbnails)
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            draw_library.in_set(UiSystems::Windows),
        );
}

fn render_thumbnails(
    mut commands: Commands,
    catalog: Option<Res<FurnitureLibrary>>,
    panel: Res<AssetPanel>,
    mut thumbs: ResMut<Thumbnails>,
    mut images: ResMut<Assets<Image>>,
    asset_server: Res<AssetServer>,
) {
    let Some(catalog) = catalog else { return };
    if !panel.open {
        return;
    }
    if thumbs.queued_for != Some(catalog.generation) {
        let have: Vec<String> = thumbs.images.keys().cloned().collect();
        let busy = thumbs.job.as_ref().map(|j| j.id.clone());
        thumbs.queue = catalog
            .library
            .entries()
            .filter(|f| !have.contains(&f.asset()) && busy.as_ref() != Some(&f.asset()))
            .map(|f| (f.asset(), asset_path(&f), f.entry.clone()))
            .collect();
        // The user's models first, as the panel lists them; popped from the end.
        thumbs
            .queue
            .sort_by_key(|(asset, _, _)| !asset.starts_with("library:"));
        thumbs.queue.reverse();
        thumbs.queued_for = Some(catalog.generation);
    }
    let first = thumbs.images.is_empty();
    if let Some(job) = thumbs.job.as_mut() {
        job.frames += 1;
        let state = asset_server.get_load_state(&job.scene);
        if matches!(state, Some(LoadState::Loaded)) {
            job.frames_after_load += 1;
        }
        // A few frames after the model shows (or after a failure, or too long), keep the image.
        let failed = matches!(state, Some(LoadState::Failed(_)));
        // Pipelines for a new material compile in the background: the first models need longer.
        let settle = if first { 12 } else { 4 };
        if job.frames_after_load >= settle || failed || job.frames > 240 {
            let job = thumbs.job.take().expect("a job");
            for e in job.entities {
                commands.entity(e).despawn();
            }
            if !failed {
                thumbs.images.insert(job.id, job.image);
            }
        }
        return;
    }
    let Some((asset, path, entry)) = thumbs.queue.pop() else {
        return;
    };
    let mut image =
        Image::new_target_texture(THUMB_SIZE, THUMB_SIZE, TextureFormat::Rgba8UnormSrgb, None);
    image.texture_descriptor.usage |= TextureUsages::COPY_SRC;
    let image = images.add(image);
    let stage = Vec3::new(0.0, -STAGE_DEPTH, 0.0);
    let size = Vec3::new(
        entry.size[0] as f32,
        entry.size[2] as f32,
        entry.size[1] as f32,
    );
    let reach = size.length().max(0.3);
    let centre = stage + Vec3::Y * size.y * 0.5;
    let scene: Handle<WorldAsset> = asset_server.load(GltfAssetLabel::Scene(0).from_asset(path));
    let turn = Quat::from_rotation_y((entry.front_yaw as f32).to_radians());
    let model = commands
        .spawn((
            WorldAssetRoot(scene.clone()),
            Transform::from_translation(stage)
                .with_rotation(turn)
                .with_scale(Vec3::splat(entry.scale as f32)),
        ))
        .id();
    // Looking at the model's front (layout +Y is Bevy −Z) from above one side.
    let eye = centre + Vec3::new(0.6, 0.55, -1.0).normalize() * reach * 1.6;
    let camera = commands
        .spawn((
            Camera3d::default(),
            Camera {
                order: -30,
                clear_color: ClearColorConfig::Custom(Color::srgb(0.93, 0.93, 0.95)),
                ..default()
            },
            RenderTarget::Image(image.clone().into()),
            Transform::from_translation(eye).looking_at(centre, Vec3::Y),
        ))
        .id();
    thumbs.job = Some(ThumbJob {
        id: asset,
        image,
        scene,
        entities: [model, camera],
        frames_after_load: 0,
        frames: 0,
    });
}

#[allow(clippy::too_many_arguments)]
fn draw_library(
    mut contexts: EguiContexts,
    mut panel: ResMut<AssetPanel>,
    catalog: Option<Res<FurnitureLibrary>>,
    thumbs: Res<Thumbnails>,
    doc: Option<Res<SceneDoc>>,
    orbit: Res<OrbitState>,
    mut edits: MessageWriter<Edit>,
    mut review: ResMut<ImportReview>,
    mut dialogs: MessageWriter<crate::messages::DialogRequest>,
) -> Result {
    if !panel.open {
        return Ok(());
    }
    let (Some(catalog), Some(doc)) = (catalog, doc) else {
        return Ok(());
    };
    let ids: HashMap<String, egui::TextureId> = thumbs
        .images
        .iter()
        .map(|(id, h)| {
            (
                id.clone(),
                contexts.add_image(EguiTextureHandle::Strong(h.clone())),
            )
        })
        .collect();
    let ctx = contexts.ctx_mut()?;
    let mut open = panel.open;
    egui::Window::new("Furniture library")
        .open(&mut open)
        .default_pos([320.0, 12.0])
        .default_width(330.0)
        .default_height(520.0)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label("Search");
                ui.text_edit_singleline(&mut panel.search);
                if ui
                    .button("Import…")
                    .on_hover_text(
                        ".glb, .gltf, .obj or .sh3f into your library; or drop files on the window",
                    )
                    .clicked()
                {
                    dialogs.write(crate::messages::DialogRequest(
                        crate::messages::DialogPurpose::ImportModel,
                    ));
                }
            });
            let needle = panel.search.to_lowercase();
            egui::ScrollArea::vertical().show(ui, |ui| {
                // The user's own models first: they are what an import is for.
                let mut found: Vec<_> = catalog
                    .library
                    .entries()
                    .filter(|f| {
                        let e = f.entry;
                        needle.is_empty()
                            || e.id.contains(&needle)
                            || e.category.contains(&needle)
                            || e.name.to_lowercase().contains(&needle)
                    })
                    .collect();
                found.sort_by_key(|f| f.shelf.kind != ShelfKind::User);
                for f in found {
                    let e = f.entry;
                    let asset = f.asset();
                    ui.horizontal(|ui| {
                        match ids.get(&asset) {
                            Some(t) => {
                                ui.image(egui::load::SizedTexture::new(*t, [64.0, 64.0]));
                            }
                            None => {
                                ui.add_sized([64.0, 64.0], egui::Label::new("…"));
                            }
                        }
                        ui.vertical(|ui| {
                            ui.label(
                                egui::RichText::new(if e.name.is_empty() {
                                    &e.id
                                } else {
                                    &e.name
                                })
                                .strong(),
                            );
                            ui.label(format!(
                                "{}{} · {:.2} × {:.2} × {:.2} m",
                                if f.shelf.kind == ShelfKind::User {
                                    "yours · "
                                } else {
                                    ""
                                },
                                e.category,
                                e.size[0],
                                e.size[1],
                                e.size[2]
                            ));
                            ui.horizontal(|ui| {
                                if ui.button("Add to the room").clicked() {
                                    let (x, y, _) = to_layout(orbit.target);
                                    edits.write(Edit::Replace {
                                        scene: Box::new(with_new_object(
                                            &doc.scene, e, &asset, x, y,
                                        )),
                                        label: format!("add {}", e.id),
                                    });
                                }
                                if f.shelf.kind == ShelfKind::User
                                    && ui
                                        .button("Size and front…")
                                        .on_hover_text(
                                            "correct the unit or the front of your model",
                                        )
                                        .clicked()
                                {
                                    review.open(e);
                                }
                            });
                        });
                    });
                    ui.separator();
                }
            });
        });
    panel.open = open;
    Ok(())
}

/// The scene with one more object of a catalog model, at `(x, y)` facing +Y, with a fresh id.
pub fn with_new_object(
    scene: &relayout_core::scene::Scene,
    e: &CatalogEntry,
    asset: &str,
    x: f64,
    y: f64,
) -> relayout_core::scene::Scene {
    let mut next = scene.clone();
    let base = e.category.replace('_', "-");
    let id = (0..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| scene.object_index(id).is_none() && scene.unit_index(id).is_none())
        .expect("a free id");
    let on_wall = e.id.contains("wall") || e.category == "whiteboard";
    next.objects.push(Object {
        id: id.clone(),
        category: e.category.clone(),
        description: e.name.clone(),
        size: e.size,
        asset: Some(asset.to_string()),
        support: if on_wall {
            Support::Wall
        } else {
            Support::Floor
        },
    });
    next.poses.insert(
        id,
        Pose {
            x,
            y,
            z: if on_wall { 1.2 } else { 0.0 },
            rz: 0.0,
        },
    );
    next
}
