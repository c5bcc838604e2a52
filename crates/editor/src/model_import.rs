//! Importing a designer's own furniture from the editor: "Import model…" (a file dialog) or
//! files dropped on the window. Each `.glb`, `.gltf`, `.obj` or Sweet Home 3D `.sh3f` is
//! converted in the background (`relayout_assets::import`) into the user's library
//! (`$XDG_DATA_HOME/relayout/library`, outside any repository), which the Library window then
//! lists beside the built-in models. What could not be imported is named in the messages, item
//! by item. The first model imported opens a review: its size and front as guessed, with the
//! unit and the front to correct before adding it to the room.

use std::path::{Path, PathBuf};
use std::time::Instant;

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, block_on, futures_lite::future};
use bevy::window::FileDragAndDrop;
use bevy_egui::{EguiContexts, egui};
use relayout_assets::library::{correct_entry, user_library_dir};
use relayout_assets::{ImportOptions, ImportReport};

use crate::asset_panel::ImportReview;
use crate::camera_state::OrbitState;
use crate::coords::to_layout;
use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::messages::{ImportRequest, OpenRequest};
use crate::models::FurnitureLibrary;
use crate::schedule::UiSystems;
use crate::status::StatusLog;

/// File kinds the importer takes.
pub const MODEL_EXTENSIONS: [&str; 4] = ["glb", "gltf", "obj", "sh3f"];

/// One import on the compute pool: the file, when it began, the report (or why not).
type ImportTask = (PathBuf, Instant, Task<Result<ImportReport, String>>);

/// Imports under way.
#[derive(Resource, Default)]
pub struct Imports {
    tasks: Vec<ImportTask>,
    /// The library folder imports go to (the user's, unless a test says otherwise).
    pub dir: Option<PathBuf>,
}

impl Imports {
    /// How many are running.
    pub fn running(&self) -> usize {
        self.tasks.len()
    }

    fn dir(&self) -> PathBuf {
        self.dir.clone().unwrap_or_else(user_library_dir)
    }
}

/// Adds importing.
pub fn plugin(app: &mut App) {
    crate::messages::register(app);
    app.init_resource::<StatusLog>()
        .init_resource::<Imports>()
        .init_resource::<ImportReview>()
        .init_resource::<OrbitState>()
        .add_message::<FileDragAndDrop>()
        .add_message::<Edit>()
        .add_systems(
            Update,
            (dropped_files, start_imports, finish_imports).chain(),
        )
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            draw_review.in_set(UiSystems::Windows),
        );
}

/// What a dropped file is for: a model to import, a scene to open, or neither.
pub fn dropped_kind(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if MODEL_EXTENSIONS.contains(&ext.as_str()) || path.is_dir() {
        Some("model")
    } else if ext == "json" {
        Some("scene")
    } else {
        None
    }
}

fn dropped_files(
    mut drops: MessageReader<FileDragAndDrop>,
    mut imports: MessageWriter<ImportRequest>,
    mut opens: MessageWriter<OpenRequest>,
    mut log: ResMut<StatusLog>,
) {
    for d in drops.read() {
        let FileDragAndDrop::DroppedFile { path_buf, .. } = d else {
            continue;
        };
        match dropped_kind(path_buf) {
            Some("model") => {
                imports.write(ImportRequest {
                    path: path_buf.clone(),
                });
            }
            Some(_) => {
                opens.write(OpenRequest {
                    path: path_buf.clone(),
                });
            }
            None => log.error(format!(
                "{}: not a model this editor imports (.glb, .gltf, .obj or a Sweet Home 3D .sh3f) nor a scene (.json)",
                path_buf.display()
            )),
        }
    }
}

fn start_imports(
    mut requests: MessageReader<ImportRequest>,
    mut imports: ResMut<Imports>,
    mut log: ResMut<StatusLog>,
) {
    for r in requests.read() {
        let path = r.path.clone();
        let dir = imports.dir();
        log.info(format!(
            "importing {} into your library ({})…",
            path.display(),
            dir.display()
        ));
        let p = path.clone();
        let task = AsyncComputeTaskPool::get().spawn(async move {
            relayout_assets::import(&p, &dir, &ImportOptions::default()).map_err(|e| e.to_string())
        });
        imports.tasks.push((path, Instant::now(), task));
    }
}

fn finish_imports(
    mut imports: ResMut<Imports>,
    mut library: Option<ResMut<FurnitureLibrary>>,
    mut review: ResMut<ImportReview>,
    mut thumbs: Option<ResMut<crate::asset_panel::Thumbnails>>,
    mut panel: Option<ResMut<crate::asset_panel::AssetPanel>>,
    mut log: ResMut<StatusLog>,
) {
    let dir = imports.dir();
    let mut k = 0;
    while k < imports.tasks.len() {
        let Some(result) = block_on(future::poll_once(&mut imports.tasks[k].2)) else {
            k += 1;
            continue;
        };
        let (path, started, _) = imports.tasks.remove(k);
        let ms = started.elapsed().as_secs_f64() * 1e3;
        match result {
            Ok(report) => {
                for e in &report.errors {
                    log.error(format!("not imported: {e}"));
                }
                for w in &report.warnings {
                    log.info(format!("imported with a caveat: {w}"));
                }
                if report.imported.is_empty() {
                    log.error(format!("{}: nothing was imported", path.display()));
                    continue;
                }
                let names: Vec<&str> = report.imported.iter().map(|e| e.id.as_str()).collect();
                log.info(format!(
                    "imported {} from {} in {ms:.0} ms: {}",
                    if names.len() == 1 {
                        "one model".to_string()
                    } else {
                        format!("{} models", names.len())
                    },
                    path.display(),
                    names.join(", ")
                ));
                if let Some(thumbs) = thumbs.as_mut() {
                    for e in &report.imported {
                        thumbs.forget(&format!("library:{}", e.id));
                    }
                }
                reload(&mut library, &dir, &mut log);
                if let Some(p) = panel.as_mut() {
                    p.open = true;
                }
                review.open(&report.imported[0]);
            }
            Err(e) => log.error(format!("not imported: {e}")),
        }
    }
}

/// Reads the user's shelf again (after an import or a correction).
fn reload(library: &mut Option<ResMut<FurnitureLibrary>>, dir: &Path, log: &mut StatusLog) {
    let Some(lib) = library.as_mut() else { return };
    match relayout_assets::Library::open(&[(relayout_assets::ShelfKind::User, dir)]) {
        Ok(fresh) => {
            let shelf = fresh.shelves.into_iter().next();
            lib.library
                .shelves
                .retain(|s| s.kind != relayout_assets::ShelfKind::User);
            lib.library.shelves.extend(shelf);
            lib.generation += 1;
        }
        Err(e) => log.error(format!("your library could not be read again: {e}")),
    }
}

/// Units offered in the review, metres per model unit.
const UNITS: [(&str, f64); 6] = [
    ("metres", 1.0),
    ("decimetres", 0.1),
    ("centimetres", 0.01),
    ("millimetres", 0.001),
    ("inches", 0.0254),
    ("feet", 0.3048),
];

/// Fronts offered, as the glTF direction the model's front faces, and the turn that brings it
/// onto the object's front.
const FRONTS: [(&str, f64); 4] = [
    ("+Z (glTF's front)", 180.0),
    ("−Z", 0.0),
    ("+X", 270.0),
    ("−X", 90.0),
];

#[allow(clippy::too_many_arguments)]
fn draw_review(
    mut contexts: EguiContexts,
    mut review: ResMut<ImportReview>,
    imports: Res<Imports>,
    mut library: Option<ResMut<FurnitureLibrary>>,
    mut thumbs: Option<ResMut<crate::asset_panel::Thumbnails>>,
    doc: Option<Res<SceneDoc>>,
    orbit: Res<OrbitState>,
    mut edits: MessageWriter<Edit>,
    mut log: ResMut<StatusLog>,
) -> Result {
    let Some(entry) = review.entry.clone() else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let mut open = true;
    let mut apply = false;
    let mut add = false;
    egui::Window::new("Imported model")
        .open(&mut open)
        .default_pos([330.0, 80.0])
        .collapsible(false)
        .show(ctx, |ui| {
            ui.label(egui::RichText::new(&entry.name).strong());
            ui.label(format!("{} · from {}", entry.category, entry.source));
            ui.label(format!(
                "{:.2} × {:.2} × {:.2} m (width × depth × height)",
                entry.size[0], entry.size[1], entry.size[2]
            ));
            ui.label("If that is not its real size, or it faces the wrong way, correct it:");
            let unit_name = UNITS
                .iter()
                .find(|(_, m)| (m - review.scale).abs() < 1e-9)
                .map_or_else(
                    || format!("{} m per unit", review.scale),
                    |(n, _)| (*n).to_string(),
                );
            ui.horizontal(|ui| {
                ui.label("its unit");
                egui::ComboBox::from_id_salt("import unit")
                    .selected_text(unit_name)
                    .show_ui(ui, |ui| {
                        for (name, m) in UNITS {
                            ui.selectable_value(&mut review.scale, m, name);
                        }
                    });
            });
            let front_name = FRONTS
                .iter()
                .find(|(_, y)| (y - review.front_yaw.rem_euclid(360.0)).abs() < 1e-6)
                .map_or_else(
                    || format!("{:.0}°", review.front_yaw),
                    |(n, _)| (*n).to_string(),
                );
            ui.horizontal(|ui| {
                ui.label("its front faces");
                egui::ComboBox::from_id_salt("import front")
                    .selected_text(front_name)
                    .show_ui(ui, |ui| {
                        for (name, y) in FRONTS {
                            ui.selectable_value(&mut review.front_yaw, y, name);
                        }
                    });
            });
            let changed = (review.scale - entry.scale).abs() > 1e-12
                || (review.front_yaw - entry.front_yaw).abs() > 1e-9;
            ui.horizontal(|ui| {
                apply = ui
                    .add_enabled(changed, egui::Button::new("Apply"))
                    .clicked();
                add = ui
                    .add_enabled(
                        !changed && doc.is_some(),
                        egui::Button::new("Add to the room"),
                    )
                    .clicked();
            });
        });
    if apply {
        match correct_entry(&imports.dir(), &entry.id, review.scale, review.front_yaw) {
            Ok(fixed) => {
                log.info(format!(
                    "{}: now {:.2} × {:.2} × {:.2} m",
                    fixed.id, fixed.size[0], fixed.size[1], fixed.size[2]
                ));
                if let Some(t) = thumbs.as_mut() {
                    t.forget(&format!("library:{}", fixed.id));
                }
                reload(&mut library, &imports.dir(), &mut log);
                review.open(&fixed);
            }
            Err(e) => log.error(e),
        }
    }
    if add && let Some(doc) = doc {
        let (x, y, _) = to_layout(orbit.target);
        let asset = format!("library:{}", entry.id);
        edits.write(Edit::Replace {
            scene: Box::new(crate::asset_panel::with_new_object(
                &doc.scene, &entry, &asset, x, y,
            )),
            label: format!("add {}", entry.id),
        });
        review.entry = None;
    }
    if !open {
        review.entry = None;
    }
    Ok(())
}
