//! The editing verbs on the keyboard under `MinimalPlugins`: delete (its relations in the same
//! undo step), duplicate, copy and paste with fresh ids beside the original, Escape, undo and
//! redo; and the focus rule: with a text field focused, no key changes the scene.

use bevy::prelude::*;
use relayout_core::scene::parse_scene;
use relayout_editor::document::SceneDoc;
use relayout_editor::edit::History;
use relayout_editor::input_focus::UiFocus;
use relayout_editor::selection::Selection;
use relayout_editor::status::StatusLog;

fn scene() -> relayout_core::scene::Scene {
    parse_scene(
        r#"{"schema": "relayout.scene/1",
        "room": {"width": 5, "depth": 4, "height": 2.7},
        "objects": [
          {"id": "sofa-0", "category": "sofa", "size": [2, 0.9, 0.8]},
          {"id": "coffee_table-0", "category": "coffee_table", "size": [1, 0.6, 0.45]}
        ],
        "relations": [
          {"type": "in_front_of", "source": "coffee_table-0", "target": "sofa-0", "clearance": 0.4},
          {"type": "against_wall", "source": "sofa-0", "wall": "B"}
        ],
        "poses": {"sofa-0": {"x": 2.5, "y": 0.45, "rz": 0}, "coffee_table-0": {"x": 2.5, "y": 1.6, "rz": 0}}}"#,
    )
    .unwrap()
}

fn app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .init_resource::<StatusLog>()
        .add_plugins((
            relayout_editor::edit::plugin,
            relayout_editor::shortcuts::plugin,
        ));
    app.insert_resource(SceneDoc::new(scene(), None));
    app.update();
    app
}

/// Presses keys (held ones first), runs a frame, releases them.
fn press(app: &mut App, keys: &[KeyCode]) {
    {
        let mut input = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
        for k in keys {
            input.press(*k);
        }
    }
    app.update();
    {
        // No input plugin here: a key is "just pressed" until cleared.
        let mut input = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
        input.release_all();
        input.clear();
    }
    app.update();
}

fn select(app: &mut App, id: &str) {
    app.world_mut().resource_mut::<Selection>().id = Some(id.into());
}

fn doc(app: &App) -> relayout_core::scene::Scene {
    app.world().resource::<SceneDoc>().scene.clone()
}

#[test]
fn delete_takes_its_relations_in_one_undo_step() {
    let mut app = app();
    select(&mut app, "sofa-0");
    press(&mut app, &[KeyCode::Delete]);
    let s = doc(&app);
    assert!(s.object_index("sofa-0").is_none());
    assert!(s.relations.is_empty(), "{:?}", s.relations);
    assert_eq!(app.world().resource::<Selection>().id, None);
    assert_eq!(app.world().resource::<History>().undo.len(), 1);
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyZ]);
    assert_eq!(doc(&app), scene());
    press(
        &mut app,
        &[KeyCode::ControlLeft, KeyCode::ShiftLeft, KeyCode::KeyZ],
    );
    assert!(doc(&app).object_index("sofa-0").is_none());
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyZ]);
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyY]);
    assert!(doc(&app).object_index("sofa-0").is_none());
}

#[test]
fn duplicate_copy_and_paste_make_fresh_ids_beside_the_original() {
    let mut app = app();
    select(&mut app, "coffee_table-0");
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyD]);
    let s = doc(&app);
    assert_eq!(
        app.world().resource::<Selection>().id.as_deref(),
        Some("coffee_table-1")
    );
    let p = s.poses["coffee_table-1"];
    assert!(
        (p.x - 3.6).abs() < 1e-9 && (p.y - 1.6).abs() < 1e-9,
        "{p:?}"
    );
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyC]);
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyV]);
    let s = doc(&app);
    assert_eq!(s.objects.len(), 4);
    assert!(s.object_index("coffee_table-2").is_some());
    assert!(relayout_core::scene::validate::validate(&s).is_empty());
    assert_eq!(app.world().resource::<History>().undo.len(), 2);
    press(&mut app, &[KeyCode::Escape]);
    assert_eq!(app.world().resource::<Selection>().id, None);
}

#[test]
fn keys_with_nothing_selected_or_nothing_copied_say_so() {
    let mut app = app();
    press(&mut app, &[KeyCode::Delete]);
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyV]);
    assert_eq!(doc(&app), scene());
    let log = format!("{:?}", app.world().resource::<StatusLog>());
    assert!(log.contains("nothing selected"), "{log}");
    assert!(log.contains("nothing to paste"), "{log}");
}

/// Typing into a focused text field ("queen bed", then Backspace) changes no pose and adds no
/// undo step.
#[test]
fn typing_into_a_text_field_changes_nothing() {
    let mut app = app();
    app.add_plugins(relayout_editor::selection::plugin);
    app.update();
    select(&mut app, "sofa-0");
    app.world_mut().resource_mut::<UiFocus>().keyboard = true;
    for k in [
        KeyCode::KeyQ,
        KeyCode::KeyU,
        KeyCode::KeyE,
        KeyCode::KeyE,
        KeyCode::KeyN,
        KeyCode::Space,
        KeyCode::KeyB,
        KeyCode::KeyE,
        KeyCode::KeyD,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Escape,
    ] {
        press(&mut app, &[k]);
    }
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyD]);
    assert_eq!(doc(&app), scene());
    assert!(app.world().resource::<History>().undo.is_empty());
    assert_eq!(
        app.world().resource::<Selection>().id.as_deref(),
        Some("sofa-0")
    );
    // Focus back on the view: Q turns the sofa.
    app.world_mut().resource_mut::<UiFocus>().keyboard = false;
    press(&mut app, &[KeyCode::KeyQ]);
    assert_eq!(doc(&app).poses["sofa-0"].rz, 15.0);
}

/// F frames the selection: the camera looks at the piece from close by.
#[test]
fn f_frames_the_selection() {
    use relayout_editor::camera_state::OrbitState;
    let mut app = app();
    select(&mut app, "coffee_table-0");
    press(&mut app, &[KeyCode::KeyF]);
    let o = app.world().resource::<OrbitState>();
    // Layout (2.5, 1.6) at half its height is Bevy (2.5, 0.225, -1.6).
    assert!(
        (o.target - Vec3::new(2.5, 0.225, -1.6)).length() < 1e-4,
        "{:?}",
        o.target
    );
    assert!(o.distance < 4.0, "{}", o.distance);
    assert_eq!(doc(&app), scene(), "framing changes no pose");
}
