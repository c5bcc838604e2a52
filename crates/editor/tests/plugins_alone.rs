//! Each feature plugin builds and runs alone: added by itself to a bare app (no window, no
//! renderer, no other editor plugin), it initialises what it reads, and a few frames with and
//! without a document run without a panic. This is what keeps the features independent of
//! each other (the modules form a DAG; see `module_graph.rs`).

use bevy::prelude::*;
use relayout_core::scene::parse_scene;
use relayout_editor::document::SceneDoc;

const SCENE: &str = r#"{
  "schema": "relayout.scene/1",
  "room": { "width": 4.0, "depth": 3.0, "height": 2.7,
            "openings": [{ "kind": "door", "wall": "B", "offset": 0.5, "width": 0.9 }] },
  "objects": [
    { "id": "desk-0", "category": "desk", "size": [1.2, 0.6, 0.75] },
    { "id": "chair-0", "category": "chair", "size": [0.5, 0.5, 0.9] }
  ],
  "relations": [{ "type": "against_wall", "source": "desk-0", "wall": "T" }],
  "poses": {
    "desk-0": { "x": 1.0, "y": 2.7, "rz": 180 },
    "chair-0": { "x": 1.0, "y": 2.1 }
  }
}"#;

/// A bare app: the engine's non-rendering basics that any Bevy app has.
fn bare_app() -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        bevy::asset::AssetPlugin::default(),
        bevy::transform::TransformPlugin,
        bevy::input::InputPlugin,
        bevy::state::app::StatesPlugin,
    ))
    .init_asset::<Mesh>()
    .init_asset::<Image>()
    .init_asset::<StandardMaterial>()
    .init_asset::<WorldAsset>()
    .insert_resource(Time::<Fixed>::from_hz(60.0));
    app
}

fn runs_alone(name: &str, plugin: fn(&mut App), with_document: bool) {
    let mut app = bare_app();
    if with_document {
        app.insert_resource(SceneDoc::new(parse_scene(SCENE).unwrap(), None));
    }
    app.add_plugins(plugin);
    app.finish();
    app.cleanup();
    for _ in 0..3 {
        app.update();
    }
    // Still here: the plugin's systems found everything they read.
    assert!(
        app.world().entities().len() < 10_000,
        "{name}: an unbounded number of entities"
    );
}

macro_rules! alone {
    ($($name:ident: $plugin:path),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                runs_alone(stringify!($name), $plugin, true);
                runs_alone(stringify!($name), $plugin, false);
            }
        )*
    };
}

alone! {
    edit: relayout_editor::edit::plugin,
    live_metrics: relayout_editor::live_metrics::plugin,
    selection: relayout_editor::selection::plugin,
    furniture_pointer: relayout_editor::furniture_pointer::plugin,
    rect_select: relayout_editor::rect_select::plugin,
    rotate_handle: relayout_editor::rotate_handle::plugin,
    measures: relayout_editor::measures::plugin,
    furniture: relayout_editor::furniture::plugin,
    models: relayout_editor::models::plugin,
    physics: relayout_editor::physics::plugin,
    relation_gizmos: relayout_editor::relation_gizmos::plugin,
    room_view: relayout_editor::room_view::plugin,
    lighting: relayout_editor::lighting::plugin,
    judge_views: relayout_editor::judge_views::plugin,
    camera: relayout_editor::camera::plugin,
    file_io: relayout_editor::file_io::plugin,
    autosave: relayout_editor::autosave::plugin,
    dialogs: relayout_editor::dialogs::plugin,
    solve_task: relayout_editor::solve_task::plugin,
    run_view: relayout_editor::run_view::plugin,
    relations_panel: relayout_editor::relations_panel::plugin,
    generate_task: relayout_editor::generate_task::plugin,
    panels: relayout_editor::panels::plugin,
    asset_panel: relayout_editor::asset_panel::plugin,
    scripted: relayout_editor::scripted::plugin,
    shortcuts: relayout_editor::shortcuts::plugin,
    room_tool: relayout_editor::room_tool::plugin,
    model_import: relayout_editor::model_import::plugin,
    gltf_export: relayout_editor::gltf_export::plugin,
}
