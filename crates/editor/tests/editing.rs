//! The editor's state logic under `MinimalPlugins`: edits with undo and redo, keyboard turning,
//! wall snapping, Rapier collision flags, autosave, and refusing an invalid scene.

use std::time::Duration;

use bevy::prelude::*;
use layout_core::geometry::RoomShape;
use layout_core::scene::{Pose, Scene, parse_scene};
use relayout_editor::document::SceneDoc;
use relayout_editor::edit::{Edit, History};
use relayout_editor::status::StatusLog;

const SCENE: &str = r#"{
  "schema": "relayout.scene/1",
  "room": { "width": 4.0, "depth": 3.0, "height": 2.7 },
  "objects": [
    { "id": "desk-0", "category": "desk", "size": [1.2, 0.6, 0.75] },
    { "id": "chair-0", "category": "chair", "size": [0.5, 0.5, 0.9] }
  ],
  "poses": {
    "desk-0": { "x": 1.0, "y": 2.7, "rz": 180 },
    "chair-0": { "x": 3.0, "y": 1.0 }
  }
}"#;

fn scene() -> Scene {
    parse_scene(SCENE).unwrap()
}

fn edit_app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .init_resource::<StatusLog>()
        .add_plugins(relayout_editor::edit::plugin);
    app.insert_resource(SceneDoc::new(scene(), None));
    app
}

fn send(app: &mut App, e: Edit) {
    app.world_mut().write_message(e);
    app.update();
}

fn pose(app: &App, id: &str) -> Pose {
    app.world().resource::<SceneDoc>().scene.poses[id]
}

#[test]
fn set_pose_undo_redo() {
    let mut app = edit_app();
    let moved = Pose {
        x: 2.0,
        y: 1.5,
        z: 0.0,
        rz: 90.0,
    };
    send(
        &mut app,
        Edit::SetPose {
            id: "chair-0".into(),
            pose: moved,
            merge: false,
        },
    );
    assert_eq!(pose(&app, "chair-0"), moved);
    assert!(app.world().resource::<SceneDoc>().dirty);
    send(&mut app, Edit::Undo);
    assert_eq!(pose(&app, "chair-0").x, 3.0);
    send(&mut app, Edit::Redo);
    assert_eq!(pose(&app, "chair-0"), moved);
    // A new edit after an undo drops the redo branch.
    send(&mut app, Edit::Undo);
    send(
        &mut app,
        Edit::Rotate {
            id: "desk-0".into(),
            by: 15.0,
        },
    );
    assert!(app.world().resource::<History>().redo.is_empty());
    assert_eq!(pose(&app, "desk-0").rz, -165.0);
}

#[test]
fn a_drag_is_one_undo_step_and_bad_poses_are_ignored() {
    let mut app = edit_app();
    for k in 1..=5 {
        let p = Pose {
            x: 3.0 - 0.1 * k as f64,
            y: 1.0,
            z: 0.0,
            rz: 0.0,
        };
        send(
            &mut app,
            Edit::SetPose {
                id: "chair-0".into(),
                pose: p,
                merge: true,
            },
        );
    }
    assert_eq!(app.world().resource::<History>().undo.len(), 1);
    send(
        &mut app,
        Edit::SetPose {
            id: "chair-0".into(),
            pose: Pose {
                x: f64::NAN,
                y: 0.0,
                z: 0.0,
                rz: 0.0,
            },
            merge: false,
        },
    );
    send(
        &mut app,
        Edit::SetPose {
            id: "ghost".into(),
            pose: Pose {
                x: 1.0,
                y: 1.0,
                z: 0.0,
                rz: 0.0,
            },
            merge: false,
        },
    );
    assert!((pose(&app, "chair-0").x - 2.5).abs() < 1e-12);
    send(&mut app, Edit::Undo);
    assert_eq!(pose(&app, "chair-0").x, 3.0);
}

#[test]
fn q_turns_the_selection_by_the_snap_step() {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyboardInput};
    let mut app = edit_app();
    app.add_plugins(bevy::input::InputPlugin)
        .add_plugins(relayout_editor::selection::plugin);
    app.world_mut()
        .resource_mut::<relayout_editor::selection::Selection>()
        .id = Some("chair-0".into());
    app.update();
    // A real key press, as the window sends it: the input plugin turns it into `just_pressed`.
    let key = |state| KeyboardInput {
        key_code: KeyCode::KeyQ,
        logical_key: Key::Character("q".into()),
        state,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    };
    app.world_mut().write_message(key(ButtonState::Pressed));
    app.update();
    app.world_mut().write_message(key(ButtonState::Released));
    app.update();
    app.update();
    assert_eq!(pose(&app, "chair-0").rz, 15.0);
    assert_eq!(
        app.world().resource::<History>().undo.len(),
        1,
        "one press, one turn"
    );
}

#[test]
fn snapping_puts_a_back_near_a_wall_onto_it() {
    let s = scene();
    let room = RoomShape::new(&s.room);
    // The desk faces −Y (rz 180) with its back 8 cm from the top wall (y = 3): it snaps there.
    let near = Pose {
        x: 1.0,
        y: 3.0 - 0.3 - 0.08,
        z: 0.0,
        rz: 180.0,
    };
    let snapped = relayout_editor::selection::snap_to_walls(&room, near, [1.2, 0.6], 0.12);
    assert!((snapped.y - 2.7).abs() < 1e-9, "{snapped:?}");
    // 20 cm away, or turned, it stays.
    let far = Pose { y: 2.5, ..near };
    assert_eq!(
        relayout_editor::selection::snap_to_walls(&room, far, [1.2, 0.6], 0.12),
        far
    );
    let turned = Pose { rz: 90.0, ..near };
    assert_eq!(
        relayout_editor::selection::snap_to_walls(&room, turned, [1.2, 0.6], 0.12),
        turned
    );
}

#[test]
fn rapier_flags_overlapping_furniture_and_clears_the_flag_when_moved_apart() {
    use relayout_editor::furniture::Furniture;
    use relayout_editor::physics::Colliding;
    let mut app = edit_app();
    app.add_plugins((
        bevy::asset::AssetPlugin::default(),
        bevy::transform::TransformPlugin,
        bevy::input::InputPlugin,
    ))
    .init_asset::<Mesh>()
    .init_asset::<StandardMaterial>()
    .insert_resource(Time::<Fixed>::from_hz(60.0))
    .add_plugins((
        relayout_editor::live_metrics::plugin,
        relayout_editor::selection::plugin,
        relayout_editor::furniture::plugin,
        relayout_editor::physics::plugin,
    ));
    app.finish();
    app.cleanup();
    // Put the chair into the desk.
    send(
        &mut app,
        Edit::SetPose {
            id: "chair-0".into(),
            pose: Pose {
                x: 1.3,
                y: 2.5,
                z: 0.0,
                rz: 0.0,
            },
            merge: false,
        },
    );
    for _ in 0..4 {
        app.update();
    }
    let flagged = |app: &mut App| {
        let mut q = app
            .world_mut()
            .query_filtered::<&Furniture, With<Colliding>>();
        let mut ids: Vec<String> = q.iter(app.world()).map(|f| f.id.clone()).collect();
        ids.sort();
        ids
    };
    assert_eq!(flagged(&mut app), vec!["chair-0", "desk-0"]);
    // Touching within the 1 cm tolerance is not a collision: the chair's back 5 mm into the desk.
    send(
        &mut app,
        Edit::SetPose {
            id: "chair-0".into(),
            pose: Pose {
                x: 1.0,
                y: 2.4 - 0.25 + 0.005,
                z: 0.0,
                rz: 0.0,
            },
            merge: false,
        },
    );
    for _ in 0..4 {
        app.update();
    }
    assert!(flagged(&mut app).is_empty(), "{:?}", flagged(&mut app));
}

#[test]
fn autosave_writes_the_document_after_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("auto.json");
    let mut app = edit_app();
    app.add_plugins(relayout_editor::file_io::plugin)
        .insert_resource(relayout_editor::file_io::Autosave::new(
            path.clone(),
            Duration::ZERO,
        ));
    app.update();
    assert!(!path.exists(), "nothing to autosave before a change");
    send(
        &mut app,
        Edit::Rotate {
            id: "desk-0".into(),
            by: 90.0,
        },
    );
    app.update();
    let saved = relayout_editor::file_io::load_scene_file(&path).unwrap();
    assert_eq!(saved.poses["desk-0"].rz, -90.0);
}

#[test]
fn an_invalid_scene_opens_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(
        &path,
        SCENE.replace(r#""size": [0.5, 0.5, 0.9]"#, r#""size": [0.5, -0.5, 0.9]"#),
    )
    .unwrap();
    let mut log = StatusLog::default();
    let opts = relayout_editor::EditorOptions {
        scene: Some(path),
        ..Default::default()
    };
    assert!(relayout_editor::app::initial_document(&opts, &mut log).is_none());
    assert!(
        log.lines[0].error
            && log.lines[0]
                .text
                .contains("objects[1].size[1]: must be a positive"),
        "{:?}",
        log.lines
    );
    // Without a file, the built-in bedroom opens, solved.
    let mut log = StatusLog::default();
    let doc = relayout_editor::app::initial_document(
        &relayout_editor::EditorOptions::default(),
        &mut log,
    )
    .unwrap();
    assert_eq!(doc.scene.poses.len(), doc.scene.objects.len());
}
