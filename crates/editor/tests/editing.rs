//! The editor's state logic under `MinimalPlugins`: edits with undo and redo, keyboard turning,
//! wall snapping, Rapier collision flags, autosave, and refusing an invalid scene.

use std::time::Duration;

use bevy::prelude::*;
use relayout_core::geometry::RoomShape;
use relayout_core::scene::{Pose, Scene, parse_scene};
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

/// The editing app with furniture drawn and Rapier flagging collisions (a fixed timestep, as
/// bevy_rapier wants in tests).
fn physics_app() -> App {
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
    app
}

#[test]
fn rapier_flags_overlapping_furniture_and_clears_the_flag_when_moved_apart() {
    use relayout_editor::furniture::Furniture;
    use relayout_editor::physics::Colliding;
    let mut app = physics_app();
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

/// The latency a designer sees: frames from the edit that drags a piece into another to the
/// red flag on both (the README's "drag to red"): the frame of the edit moves the collider,
/// Rapier's next step reports the pair. Counted, not timed.
#[test]
fn a_drag_into_a_piece_turns_both_red_by_the_next_frame() {
    use relayout_editor::furniture::Furniture;
    use relayout_editor::physics::Colliding;
    let mut app = physics_app();
    for _ in 0..4 {
        app.update();
    }
    let flagged = |app: &mut App| {
        let mut q = app
            .world_mut()
            .query_filtered::<&Furniture, With<Colliding>>();
        q.iter(app.world()).count()
    };
    assert_eq!(flagged(&mut app), 0);
    app.world_mut().write_message(Edit::SetPose {
        id: "chair-0".into(),
        pose: Pose {
            x: 1.3,
            y: 2.5,
            z: 0.0,
            rz: 0.0,
        },
        merge: true,
    });
    let mut frames = 0;
    while flagged(&mut app) < 2 && frames < 10 {
        app.update();
        frames += 1;
    }
    println!("frames from the drag's edit to the red flag: {frames}");
    assert_eq!(
        frames, 2,
        "the flag should show by the frame after the edit"
    );
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

/// An app with furniture drawn (assets, transforms) but no renderer or window.
fn furniture_app() -> App {
    let mut app = edit_app();
    app.add_plugins((
        bevy::asset::AssetPlugin::default(),
        bevy::transform::TransformPlugin,
        bevy::input::InputPlugin,
    ))
    .init_asset::<Mesh>()
    .init_asset::<StandardMaterial>()
    .add_plugins((
        relayout_editor::live_metrics::plugin,
        relayout_editor::selection::plugin,
        relayout_editor::furniture_pointer::plugin,
        relayout_editor::furniture::plugin,
    ));
    app.update();
    app
}

fn furniture_entity(app: &mut App, id: &str) -> (Entity, Entity) {
    use relayout_editor::furniture::{Furniture, FurnitureBody};
    let mut q = app.world_mut().query::<(Entity, &Furniture, &Children)>();
    let (e, children) = q
        .iter(app.world())
        .find(|(_, f, _)| f.id == id)
        .map(|(e, _, c)| (e, c.to_vec()))
        .unwrap();
    let body = children
        .into_iter()
        .find(|c| app.world().get::<FurnitureBody>(*c).is_some())
        .unwrap();
    (e, body)
}

#[test]
fn a_click_on_a_piece_selects_it_and_a_drag_start_grabs_it() {
    use bevy::camera::NormalizedRenderTarget;
    use bevy::picking::backend::HitData;
    use bevy::picking::events::{Click, DragStart, Pointer};
    use bevy::picking::pointer::{Location, PointerButton, PointerId};
    let mut app = furniture_app();
    let (_, body) = furniture_entity(&mut app, "chair-0");
    let location = Location {
        target: NormalizedRenderTarget::None {
            width: 800,
            height: 600,
        },
        position: Vec2::new(400.0, 300.0),
    };
    // The hit is on the chair's body mesh; the event bubbles up to its furniture entity.
    let hit = HitData::new(
        Entity::PLACEHOLDER,
        1.0,
        Some(relayout_editor::coords::to_bevy(3.1, 1.05, 0.9)),
        None,
    );
    let click = Click {
        button: PointerButton::Primary,
        hit: hit.clone(),
        duration: Duration::from_millis(80),
        count: 1,
    };
    app.world_mut().trigger(Pointer::new(
        PointerId::Mouse,
        location.clone(),
        click,
        body,
    ));
    assert_eq!(
        app.world()
            .resource::<relayout_editor::selection::Selection>()
            .id
            .as_deref(),
        Some("chair-0")
    );
    // A click on empty floor (no furniture) leaves the selection alone.
    let floor = app.world_mut().spawn_empty().id();
    let click = Click {
        button: PointerButton::Primary,
        hit: hit.clone(),
        duration: Duration::from_millis(80),
        count: 1,
    };
    app.world_mut().trigger(Pointer::new(
        PointerId::Mouse,
        location.clone(),
        click,
        floor,
    ));
    assert_eq!(
        app.world()
            .resource::<relayout_editor::selection::Selection>()
            .id
            .as_deref(),
        Some("chair-0")
    );
    // Grabbing the desk selects it too.
    let (_, desk_body) = furniture_entity(&mut app, "desk-0");
    let start = DragStart {
        button: PointerButton::Primary,
        hit,
    };
    app.world_mut()
        .trigger(Pointer::new(PointerId::Mouse, location, start, desk_body));
    assert_eq!(
        app.world()
            .resource::<relayout_editor::selection::Selection>()
            .id
            .as_deref(),
        Some("desk-0")
    );
}

#[test]
fn a_model_that_cannot_load_leaves_a_box_and_a_message() {
    use relayout_assets::library::{Shelf, ShelfKind};
    use relayout_assets::{Catalog, CatalogEntry, Library};
    use relayout_editor::models::FurnitureLibrary;
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins((
            bevy::asset::AssetPlugin {
                file_path: dir.path().to_string_lossy().into_owned(),
                ..Default::default()
            },
            bevy::transform::TransformPlugin,
        ))
        .init_asset::<Mesh>()
        .init_asset::<StandardMaterial>()
        .init_asset::<WorldAsset>()
        .init_resource::<StatusLog>()
        .add_plugins((
            relayout_editor::furniture::plugin,
            relayout_editor::models::plugin,
        ));
    app.update();
    // A catalog whose desk model file is not there.
    let entry = CatalogEntry {
        id: "desk".into(),
        file: "desk.glb".into(),
        name: "Desk".into(),
        category: "desk".into(),
        description: String::new(),
        size: [1.2, 0.6, 0.75],
        front_yaw: 180.0,
        scale: 1.0,
        origin: [0.0; 3],
        licence: "unknown".into(),
        source: "test".into(),
        author: None,
    };
    let mut catalog = Catalog::default();
    catalog.entries.push(entry);
    app.insert_resource(FurnitureLibrary {
        library: Library {
            shelves: vec![Shelf {
                kind: ShelfKind::Builtin,
                dir: dir.path().join("furniture"),
                catalog,
            }],
        },
        generation: 0,
    });
    app.insert_resource(SceneDoc::new(scene(), None));
    // The model is attached within a few frames (counted), then loads on the IO pool until it
    // has settled, however long that takes (no deadline).
    let mut frames = 0;
    loop {
        app.update();
        frames += 1;
        let mut models = app
            .world_mut()
            .query::<&relayout_editor::models::FurnitureModel>();
        let settled: Vec<bool> = models.iter(app.world()).map(|m| m.settled()).collect();
        let done = if settled.is_empty() {
            frames >= 10
        } else {
            settled.iter().all(|s| *s)
        };
        if done {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let log = app.world().resource::<StatusLog>();
    let line = log
        .lines
        .iter()
        .find(|l| l.error)
        .expect("a message about the model");
    assert!(
        line.text
            .starts_with("desk-0: the model could not be loaded"),
        "{}",
        line.text
    );
    // The desk is still drawn: its box body is visible.
    let (_, body) = furniture_entity(&mut app, "desk-0");
    assert_ne!(
        app.world().get::<Visibility>(body),
        Some(&Visibility::Hidden)
    );
}

#[test]
fn adding_a_library_model_creates_a_fresh_object_where_asked() {
    let path = relayout_editor::models::asset_root().join("furniture/catalog.json");
    let catalog = relayout_assets::Catalog::load(&path).unwrap().unwrap();
    let chair = catalog
        .entries
        .iter()
        .find(|e| e.id == "office_chair")
        .unwrap();
    let asset = "builtin:office_chair";
    let s = relayout_editor::asset_panel::with_new_object(&scene(), chair, asset, 2.0, 1.5);
    let s = relayout_editor::asset_panel::with_new_object(&s, chair, asset, 1.0, 1.0);
    let added: Vec<&str> = s.objects[2..].iter().map(|o| o.id.as_str()).collect();
    assert_eq!(added.len(), 2);
    assert_ne!(added[0], added[1]);
    let o = &s.objects[2];
    assert_eq!(o.asset.as_deref(), Some("builtin:office_chair"));
    assert_eq!(o.size, chair.size);
    assert_eq!((s.poses[&o.id].x, s.poses[&o.id].y), (2.0, 1.5));
    assert!(
        relayout_core::scene::validate::validate(&s).is_empty(),
        "the document stays valid"
    );
}

#[test]
fn a_piece_dragged_out_of_the_room_is_kept_and_flagged() {
    let mut app = edit_app();
    app.add_plugins(relayout_editor::live_metrics::plugin);
    let outside = Pose {
        x: 4.3,
        y: 1.0,
        z: 0.0,
        rz: 0.0,
    };
    send(
        &mut app,
        Edit::SetPose {
            id: "chair-0".into(),
            pose: outside,
            merge: true,
        },
    );
    app.update();
    assert_eq!(
        pose(&app, "chair-0"),
        outside,
        "the pose the user chose is kept"
    );
    let live = app
        .world()
        .resource::<relayout_editor::live_metrics::LiveMetrics>();
    assert_eq!(live.metrics.as_ref().unwrap().out_of_room, vec!["chair-0"]);
}

/// The metrics panel's design rules follow the edits: the chair across the room from its desk
/// fails `chairs_at_tables`; moved to the desk, facing it, the rule holds.
#[test]
fn the_design_rules_follow_an_edit() {
    let mut app = edit_app();
    app.add_plugins(relayout_editor::live_metrics::plugin);
    app.update();
    let failing = |app: &App| -> Vec<(String, Vec<String>)> {
        let live = app
            .world()
            .resource::<relayout_editor::live_metrics::LiveMetrics>();
        live.design
            .as_ref()
            .expect("design rules with every pose")
            .failed()
            .map(|r| (r.rule.clone(), r.objects.clone()))
            .collect()
    };
    assert_eq!(
        failing(&app),
        [("chairs_at_tables".to_owned(), vec!["chair-0".to_owned()])]
    );
    send(
        &mut app,
        Edit::SetPose {
            id: "chair-0".into(),
            pose: Pose {
                x: 1.0,
                y: 2.05,
                z: 0.0,
                rz: 0.0,
            },
            merge: false,
        },
    );
    app.update();
    assert!(failing(&app).is_empty(), "{:?}", failing(&app));
}

#[test]
fn a_drag_checks_the_fast_rules_and_every_rule_once_it_ends() {
    use relayout_core::rules::RuleSet;
    use relayout_editor::live_metrics::LiveMetrics;
    use relayout_editor::selection::Hovered;
    let mut app = edit_app();
    app.add_plugins(relayout_editor::live_metrics::plugin);
    app.update();
    let state = |app: &App| {
        let live = app.world().resource::<LiveMetrics>();
        let walkways = live
            .design
            .as_ref()
            .is_some_and(|d| d.rules.iter().any(|r| r.rule == "walkways"));
        (live.rules, walkways)
    };
    assert_eq!(state(&app), (Some(RuleSet::All), true));
    app.world_mut().insert_resource(Hovered {
        id: Some("chair-0".into()),
        handle: false,
        dragging: true,
    });
    send(
        &mut app,
        Edit::SetPose {
            id: "chair-0".into(),
            pose: Pose {
                x: 1.2,
                y: 2.0,
                z: 0.0,
                rz: 0.0,
            },
            merge: true,
        },
    );
    app.update();
    // Mid-drag: no walkers' search.
    assert_eq!(state(&app), (Some(RuleSet::Fast), false));
    app.world_mut().resource_mut::<Hovered>().dragging = false;
    app.update();
    // Let go: every rule, on the same poses, without another edit.
    assert_eq!(state(&app), (Some(RuleSet::All), true));
}
