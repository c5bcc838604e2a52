//! The editor window: every plugin together, the document to open, and the autosave.

use std::path::PathBuf;
use std::time::Duration;

use bevy::picking::mesh_picking::MeshPickingPlugin;
use bevy::prelude::*;
use bevy_egui::EguiPlugin;
use relayout_core::scene::{Scene, parse_scene};
use relayout_core::solver::{SolveOptions, solve};

use crate::autosave::{Autosave, AutosaveFound};
use crate::document::SceneDoc;
use crate::status::StatusLog;
use relayout_core::file::read_scene_file;

/// The scene the editor opens when given none: a furnished bedroom.
pub const DEFAULT_SCENE: &str = include_str!("../../../bench/scenes/bedroom.json");

/// How to start the editor.
#[derive(Debug, Clone, Default)]
pub struct EditorOptions {
    /// The scene to open (the default bedroom when `None`).
    pub scene: Option<PathBuf>,
    /// The autosave file (the default place when `None`).
    pub autosave: Option<PathBuf>,
    /// Save a screenshot of the window here after `frames` frames, then close (tests, timings).
    pub screenshot: Option<PathBuf>,
    /// Frames to draw before the scripted screenshot.
    pub frames: u32,
    /// Open the furniture library window at start.
    pub library: bool,
    /// Select this object at start (scripts, screenshots of the highlight).
    pub select: Option<String>,
    /// Start with the room tool on (the plan view with the room's handles).
    pub room_tool: bool,
    /// A run to open (a trace or a refinement trajectory), already read with
    /// [`crate::run_view::load_run`]: its scene replaces `scene`.
    pub run: Option<(PathBuf, crate::run_view::LoadedRun, Scene)>,
}

/// Offers an earlier session's autosave back: restoring it is one undoable edit.
fn offer_autosave(
    mut contexts: bevy_egui::EguiContexts,
    found: Option<Res<AutosaveFound>>,
    mut commands: Commands,
    mut edits: MessageWriter<crate::edit::Edit>,
) -> Result {
    let Some(found) = found else { return Ok(()) };
    let ctx = contexts.ctx_mut()?;
    bevy_egui::egui::Window::new("Unsaved changes found")
        .collapsible(false)
        .default_pos([320.0, 12.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "Changes to this room were not saved ({}); they are in {}.",
                crate::autosave::ago(found.age),
                found.file.display()
            ));
            ui.horizontal(|ui| {
                if ui.button("Restore them").clicked() {
                    edits.write(crate::edit::Edit::Replace {
                        scene: Box::new(found.scene.clone()),
                        label: "restore autosave".into(),
                    });
                    commands.remove_resource::<AutosaveFound>();
                }
                if ui.button("Keep the file as it is").clicked() {
                    commands.remove_resource::<AutosaveFound>();
                }
            });
        });
    Ok(())
}

/// Every interactive plugin of the editor, without the window and renderer (tests add them to
/// `MinimalPlugins`-based apps piecemeal).
pub fn editor_plugins(app: &mut App) {
    app.init_resource::<StatusLog>()
        .add_plugins((
            crate::views::plugin,
            crate::edit::plugin,
            crate::live_metrics::plugin,
            (
                crate::selection::plugin,
                crate::furniture_pointer::plugin,
                crate::rect_select::plugin,
                crate::rotate_handle::plugin,
                crate::measures::plugin,
            ),
            crate::physics::plugin,
            crate::relation_gizmos::plugin,
            (crate::file_io::plugin, crate::autosave::plugin),
            crate::dialogs::plugin,
            crate::solve_task::plugin,
            crate::camera::plugin,
            crate::panels::plugin,
            (
                crate::asset_panel::plugin,
                crate::room_tool::plugin,
                crate::model_import::plugin,
                crate::gltf_export::plugin,
            ),
            (
                crate::run_view::plugin,
                crate::relations_panel::plugin,
                crate::generate_task::plugin,
            ),
            crate::scripted::plugin,
            crate::shortcuts::plugin,
        ))
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            offer_autosave.in_set(crate::schedule::UiSystems::Windows),
        );
}

/// The document to start with, and what to tell the user about it.
pub fn initial_document(opts: &EditorOptions, log: &mut StatusLog) -> Option<SceneDoc> {
    let (scene, path) = match &opts.scene {
        Some(p) => match read_scene_file(p) {
            Ok(s) => (s, Some(p.clone())),
            Err(e) => {
                // A scene that fails validation opens nothing; the errors are shown.
                log.error(e);
                return None;
            }
        },
        None => match parse_scene(DEFAULT_SCENE) {
            Ok(s) => (s, None),
            Err(e) => {
                log.error(format!("the built-in scene is broken: {e}"));
                return None;
            }
        },
    };
    let mut scene = scene;
    if scene.poses.len() < scene.objects.len() {
        match solve(&scene, &SolveOptions::default()) {
            Ok(sol) => {
                scene.poses = sol.poses;
                log.info(format!(
                    "solved on opening ({} report lines)",
                    sol.report.len()
                ));
            }
            Err(e) => log.error(e.to_string()),
        }
    }
    Some(SceneDoc::new(scene, path))
}

/// Opens the editor window and runs until it is closed.
pub fn run_editor(opts: EditorOptions) -> AppExit {
    let started = std::time::Instant::now();
    let mut log = StatusLog::default();
    let mut opts = opts;
    let run = opts.run.take();
    let doc = match &run {
        Some((path, _, scene)) => {
            log.info(format!("opened the run {}", path.display()));
            Some(SceneDoc::new(scene.clone(), None))
        }
        None => initial_document(&opts, &mut log),
    };
    let autosave_dir = opts.autosave.clone().unwrap_or_else(Autosave::default_dir);
    let mut app = App::new();
    crate::models::register_library_source(&mut app);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "relayout".into(),
                    resolution: (1400, 900).into(),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: crate::models::asset_root().to_string_lossy().into_owned(),
                ..default()
            }),
    )
    .add_plugins((EguiPlugin::default(), MeshPickingPlugin))
    // Pick what is visible, drawn or not: every piece's state shell is its pick box (drawn
    // only when it shows a state), so a piece is picked the same whatever draws it.
    .insert_resource(bevy::picking::mesh_picking::MeshPickingSettings {
        ray_cast_visibility: bevy::picking::mesh_picking::ray_cast::RayCastVisibility::Visible,
        ..default()
    })
    .add_plugins(editor_plugins);
    // Only this document's own autosave is offered (an untitled one has none to offer).
    if let Some(found) = doc.as_ref().and_then(|d| {
        let path = d.path.as_ref()?;
        crate::autosave::found_for(&autosave_dir, path, &d.scene)
    }) {
        log.info(format!(
            "unsaved changes to this room from {} are in {}: “Restore them” brings them back",
            crate::autosave::ago(found.age),
            found.file.display()
        ));
        app.insert_resource(found);
    }
    app.insert_resource(log)
        .insert_resource(Autosave::new(autosave_dir, Duration::from_secs(3)));
    if let Some(doc) = doc {
        app.insert_resource(doc);
    }
    if let Some((_, loaded, _)) = run {
        app.insert_resource(loaded);
    }
    if opts.library {
        app.insert_resource(crate::asset_panel::AssetPanel {
            open: true,
            ..default()
        });
    }
    if let Some(id) = opts.select {
        app.insert_resource(crate::selection::Selection::only(id));
    }
    if opts.room_tool {
        app.insert_resource(crate::room_handles::RoomTool {
            enabled: true,
            ..default()
        })
        .insert_resource(crate::camera_state::OrbitState {
            top_down: true,
            ..default()
        });
    }
    if let Some(path) = opts.screenshot {
        app.insert_resource(crate::scripted::ScriptedRun::new(
            path,
            opts.frames.max(2),
            started,
        ));
    }
    app.run()
}
