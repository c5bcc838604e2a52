//! Multi-selection, dragging, stacking, the rotation ring, rectangle selection and dimension
//! lines under `MinimalPlugins`: each verb acts on the whole selection and is one undo step.

use std::time::Duration;

use bevy::camera::NormalizedRenderTarget;
use bevy::picking::backend::HitData;
use bevy::picking::events::{Click, Pointer, Press};
use bevy::picking::pointer::{Location, PointerButton, PointerId};
use bevy::prelude::*;
use relayout_core::relation::Relation;
use relayout_core::scene::{Pose, Scene, Support, parse_scene};
use relayout_editor::document::SceneDoc;
use relayout_editor::edit::{Edit, History};
use relayout_editor::furniture_pointer::{Grab, dragged_poses, dropped, moving_set};
use relayout_editor::selection::{Selection, SnapSettings};
use relayout_editor::status::StatusLog;

fn scene() -> Scene {
    parse_scene(
        r#"{"schema": "relayout.scene/1",
        "room": {"width": 5, "depth": 4, "height": 2.7},
        "objects": [
          {"id": "bed-0", "category": "bed", "size": [1.6, 2.0, 0.5]},
          {"id": "nightstand-0", "category": "nightstand", "size": [0.5, 0.4, 0.55]},
          {"id": "lamp-0", "category": "lamp", "size": [0.25, 0.25, 0.4]},
          {"id": "sofa-0", "category": "sofa", "size": [2.0, 0.9, 0.8]},
          {"id": "tv-0", "category": "tv", "size": [1.2, 0.08, 0.7], "support": "wall"}
        ],
        "relations": [
          {"type": "against_wall", "source": "bed-0", "wall": "L"}
        ],
        "poses": {
          "bed-0": {"x": 1.0, "y": 2.0},
          "nightstand-0": {"x": 2.1, "y": 3.0},
          "lamp-0": {"x": 4.0, "y": 3.5},
          "sofa-0": {"x": 3.5, "y": 1.0},
          "tv-0": {"x": 2.5, "y": 3.96, "z": 1.2, "rz": 180}
        }}"#,
    )
    .unwrap()
}

fn at(x: f64, y: f64) -> Pose {
    Pose {
        x,
        y,
        z: 0.0,
        rz: 0.0,
    }
}

fn app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .init_resource::<StatusLog>()
        .add_plugins((
            relayout_editor::edit::plugin,
            relayout_editor::selection::plugin,
            relayout_editor::shortcuts::plugin,
        ));
    app.insert_resource(SceneDoc::new(scene(), None));
    app.update();
    app
}

fn doc(app: &App) -> Scene {
    app.world().resource::<SceneDoc>().scene.clone()
}

fn send(app: &mut App, e: Edit) {
    app.world_mut().write_message(e);
    app.update();
}

fn press(app: &mut App, keys: &[KeyCode]) {
    {
        let mut input = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
        for k in keys {
            input.press(*k);
        }
    }
    app.update();
    let mut input = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    input.release_all();
    input.clear();
}

#[test]
fn shift_press_adds_and_takes_out_and_a_plain_click_selects_one() {
    let mut s = Selection::only("bed-0");
    s.toggle("nightstand-0");
    assert_eq!(s.all(), vec!["bed-0", "nightstand-0"]);
    assert_eq!(s.id.as_deref(), Some("nightstand-0"));
    s.toggle("nightstand-0");
    assert_eq!(s, Selection::only("bed-0"));

    // Through the pointer: pieces are the furniture entities themselves here.
    let mut app = app();
    app.add_plugins(relayout_editor::furniture_pointer::plugin);
    let piece = |app: &mut App, id: &str| {
        app.world_mut()
            .spawn(relayout_editor::furniture::Furniture { id: id.into() })
            .id()
    };
    let (bed, lamp) = (piece(&mut app, "bed-0"), piece(&mut app, "lamp-0"));
    let location = Location {
        target: NormalizedRenderTarget::None {
            width: 800,
            height: 600,
        },
        position: Vec2::new(400.0, 300.0),
    };
    let hit = HitData::new(Entity::PLACEHOLDER, 1.0, None, None);
    let press_on = |app: &mut App, e: Entity| {
        let p = Press {
            button: PointerButton::Primary,
            hit: hit.clone(),
            count: 1,
        };
        app.world_mut()
            .trigger(Pointer::new(PointerId::Mouse, location.clone(), p, e));
    };
    press_on(&mut app, bed);
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .press(KeyCode::ShiftLeft);
    press_on(&mut app, lamp);
    let sel = app.world().resource::<Selection>().clone();
    assert_eq!(sel.all(), vec!["bed-0", "lamp-0"]);
    // A press without Shift on a selected piece keeps the group (for a drag)…
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .release_all();
    press_on(&mut app, bed);
    assert_eq!(app.world().resource::<Selection>().len(), 2);
    // …and the click that follows a press without a drag selects just it.
    let click = Click {
        button: PointerButton::Primary,
        hit: hit.clone(),
        duration: Duration::from_millis(80),
        count: 1,
    };
    app.world_mut()
        .trigger(Pointer::new(PointerId::Mouse, location, click, bed));
    assert_eq!(
        *app.world().resource::<Selection>(),
        Selection::only("bed-0")
    );
}

#[test]
fn a_group_drag_moves_every_piece_by_as_much_and_is_one_undo_step() {
    let s = scene();
    let ids = vec!["bed-0".to_string(), "nightstand-0".to_string()];
    let grab = Grab {
        id: "bed-0".into(),
        offset: (0.0, 0.0),
        start: moving_set(&s, "bed-0", &ids),
    };
    let snap = SnapSettings {
        wall_distance: 0.0,
        ..Default::default()
    };
    let poses = dragged_poses(&s, &grab, (1.5, 1.8), &snap);
    assert_eq!(poses.len(), 2);
    let (bed, ns) = (poses[0].1, poses[1].1);
    assert!((bed.x - 1.5).abs() < 1e-9 && (bed.y - 1.8).abs() < 1e-9);
    assert!(
        (ns.x - 2.6).abs() < 1e-9 && (ns.y - 2.8).abs() < 1e-9,
        "{ns:?}"
    );

    let mut app = app();
    for (k, p) in [(0.1, 0.0), (0.3, 0.1), (0.5, -0.2)] {
        let poses = dragged_poses(&s, &grab, (1.0 + k, 2.0 + p), &snap);
        send(&mut app, Edit::SetPoses { poses, merge: true });
    }
    send(&mut app, Edit::EndGesture);
    assert_eq!(app.world().resource::<History>().undo.len(), 1);
    assert!((doc(&app).poses["nightstand-0"].x - 2.6).abs() < 1e-9);
    // The next drag is a step of its own.
    let poses = dragged_poses(&s, &grab, (1.2, 2.0), &snap);
    send(&mut app, Edit::SetPoses { poses, merge: true });
    assert_eq!(app.world().resource::<History>().undo.len(), 2);
    send(&mut app, Edit::Undo);
    send(&mut app, Edit::Undo);
    assert_eq!(doc(&app), s);
}

#[test]
fn the_grid_snaps_a_dragged_piece_and_walls_still_win() {
    let s = scene();
    let grab = Grab {
        id: "sofa-0".into(),
        offset: (0.0, 0.0),
        start: moving_set(&s, "sofa-0", &[]),
    };
    let snap = SnapSettings {
        grid: 0.25,
        ..Default::default()
    };
    let p = dragged_poses(&s, &grab, (2.61, 1.38), &snap)[0].1;
    assert!(
        (p.x - 2.5).abs() < 1e-9 && (p.y - 1.5).abs() < 1e-9,
        "{p:?}"
    );
    // Near the bottom wall the back lands on it (y = depth / 2), not on the grid.
    let p = dragged_poses(&s, &grab, (2.61, 0.52), &snap)[0].1;
    assert!((p.y - 0.45).abs() < 1e-9, "{p:?}");
    let fine = SnapSettings {
        grid: 0.05,
        ..Default::default()
    };
    let p = dragged_poses(&s, &grab, (2.617, 1.38), &fine)[0].1;
    assert!((p.x - 2.6).abs() < 1e-9, "{p:?}");
}

#[test]
fn a_lamp_dropped_on_the_nightstand_rests_on_it_in_the_drags_undo_step() {
    let s = scene();
    let snap = SnapSettings::default();
    let grab = Grab {
        id: "lamp-0".into(),
        offset: (0.0, 0.0),
        start: moving_set(&s, "lamp-0", &[]),
    };
    // Over the nightstand the lamp rises onto its top while dragging.
    let poses = dragged_poses(&s, &grab, (2.12, 3.02), &snap);
    assert!((poses[0].1.z - 0.55).abs() < 1e-9, "{poses:?}");
    let mut app = app();
    send(&mut app, Edit::SetPoses { poses, merge: true });
    let (next, note) = dropped(&doc(&app), "lamp-0");
    assert_eq!(note, None);
    let next = next.expect("the drop changes the support");
    send(
        &mut app,
        Edit::FinishGesture {
            scene: Box::new(next),
            label: "lamp-0 on nightstand-0".into(),
        },
    );
    let d = doc(&app);
    assert_eq!(d.objects[2].support, Support::Object);
    assert!(d.relations.contains(&Relation::OnTopOf {
        source: "lamp-0".into(),
        target: "nightstand-0".into()
    }));
    assert_eq!(app.world().resource::<History>().undo.len(), 1);
    // Now the lamp rides with the nightstand, and turns with it.
    let grab = Grab {
        id: "nightstand-0".into(),
        offset: (0.0, 0.0),
        start: moving_set(&d, "nightstand-0", &[]),
    };
    let poses = dragged_poses(&d, &grab, (3.0, 2.5), &snap);
    assert_eq!(poses.len(), 2);
    let lamp = poses[1].1;
    assert!(
        (lamp.x - (3.0 + 0.02)).abs() < 1e-9 && (lamp.z - 0.55).abs() < 1e-9,
        "{lamp:?}"
    );
    let turned = relayout_editor::selection::turn_group(&d, &["nightstand-0".to_string()], 90.0);
    assert_eq!(turned.len(), 2);
    assert!((turned[1].1.rz - 90.0).abs() < 1e-9);
    // A sofa dropped over the nightstand is too big for the highest piece under its centre
    // (the lamp on it): a message, and it stays on the floor.
    let mut over = d.clone();
    over.poses.insert("sofa-0".into(), at(2.1, 3.0));
    let (changed, note) = dropped(&over, "sofa-0");
    assert!(changed.is_none());
    assert!(
        note.as_deref()
            .is_some_and(|n| n.contains("lamp-0 is too small to hold sofa-0")),
        "{note:?}"
    );
}

#[test]
fn a_wall_mounted_piece_slides_along_the_walls() {
    let s = scene();
    let grab = Grab {
        id: "tv-0".into(),
        offset: (0.0, 0.0),
        start: moving_set(&s, "tv-0", &[]),
    };
    // Dragged towards the right wall: back on it, facing −x, at its height.
    let p = dragged_poses(&s, &grab, (4.7, 2.0), &SnapSettings::default())[0].1;
    assert!(
        (p.x - (5.0 - 0.04)).abs() < 1e-9 && (p.y - 2.0).abs() < 1e-9,
        "{p:?}"
    );
    assert!(
        (p.rz - 90.0).abs() < 1e-9 && (p.z - 1.2).abs() < 1e-9,
        "{p:?}"
    );
}

#[test]
fn delete_duplicate_and_turn_act_on_the_whole_selection() {
    let mut app = app();
    app.world_mut()
        .resource_mut::<Selection>()
        .set_many(vec!["bed-0".into(), "nightstand-0".into()]);
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyD]);
    let d = doc(&app);
    assert_eq!(d.objects.len(), 7);
    let sel = app.world().resource::<Selection>().clone();
    assert_eq!(sel.len(), 2);
    assert!(
        sel.all()
            .iter()
            .all(|i| i == "bed-1" || i == "nightstand-1"),
        "{sel:?}"
    );
    // The copies keep their arrangement.
    let (b, n) = (d.poses["bed-1"], d.poses["nightstand-1"]);
    assert!(((n.x - b.x) - 1.1).abs() < 1e-9 && ((n.y - b.y) - 1.0).abs() < 1e-9);
    // Q turns both about their middle: the distance between them is kept.
    press(&mut app, &[KeyCode::KeyQ]);
    let d = doc(&app);
    let (b2, n2) = (d.poses["bed-1"], d.poses["nightstand-1"]);
    assert!(((n2.x - b2.x).hypot(n2.y - b2.y) - 1.1f64.hypot(1.0)).abs() < 1e-9);
    assert!((b2.rz - 15.0).abs() < 1e-9 && (n2.rz - 15.0).abs() < 1e-9);
    // Delete removes both in one step; undo brings both back.
    press(&mut app, &[KeyCode::Delete]);
    assert_eq!(doc(&app).objects.len(), 5);
    assert!(app.world().resource::<Selection>().is_empty());
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyZ]);
    assert_eq!(doc(&app).objects.len(), 7);
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyZ]);
    press(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyZ]);
    assert_eq!(doc(&app), scene());
    // An undo that removes selected pieces drops them from the selection.
    app.world_mut().resource_mut::<Selection>().set("bed-1");
    app.update();
    assert!(app.world().resource::<Selection>().is_empty());
}

#[test]
fn the_ring_turns_from_where_it_was_grabbed_in_whole_degrees_or_steps() {
    use relayout_editor::rotate_handle::{ring_for, turned};
    let s = scene();
    let ring = ring_for(&s, &["sofa-0".to_string()]);
    let (x, y, _) = ring.at.unwrap();
    assert!((x - 3.5).abs() < 1e-9 && (y - 1.0).abs() < 1e-9);
    assert!((ring.radius - (0.5 * 2.0f64.hypot(0.9) + 0.15)).abs() < 1e-9);
    let start = vec![("sofa-0".to_string(), s.poses["sofa-0"])];
    let free = turned(&start, (3.5, 1.0), 10.0, 47.4, None);
    assert!((free[0].1.rz - 37.0).abs() < 1e-9, "{free:?}");
    let stepped = turned(&start, (3.5, 1.0), 10.0, 47.4, Some(15.0));
    assert!((stepped[0].1.rz - 30.0).abs() < 1e-9);
    // Across ±180° the turn is the short way round.
    let wrap = turned(&start, (3.5, 1.0), 170.0, -170.0, None);
    assert!((wrap[0].1.rz - 20.0).abs() < 1e-9, "{wrap:?}");
}

#[test]
fn a_rectangle_selects_the_pieces_whose_centres_it_covers() {
    let s = scene();
    // A plan view: 100 px per metre, y down.
    let screen = |p: Vec3| {
        let (x, y, _) = relayout_editor::coords::to_layout(p);
        Some(Vec2::new((x * 100.0) as f32, (400.0 - y * 100.0) as f32))
    };
    let area = Rect::from_corners(Vec2::new(50.0, 50.0), Vec2::new(250.0, 250.0));
    let mut ids = relayout_editor::rect_select::covered(&s, area, screen);
    ids.sort();
    assert_eq!(ids, vec!["bed-0", "nightstand-0"]);
}

#[test]
fn dimension_lines_measure_to_the_walls_and_the_neighbour_at_the_same_height() {
    let mut s = scene();
    s.poses.insert("sofa-0".into(), at(3.5, 2.0));
    let m = relayout_editor::measures::measures_of(&s, "bed-0");
    let by: Vec<(String, f64)> = m.iter().map(|m| (m.to_what.clone(), m.metres)).collect();
    // Bed 1.6 × 2.0 at (1, 2) facing +y: front 1 m to the top wall; right, the nightstand
    // (y 2.8–3.2 reaches into the face's band, y 1–3) at x = 1.85, before the sofa: 0.05 m;
    // back 1 m; left 0.2 m.
    assert_eq!(by[0].0, "wall T");
    assert!((by[0].1 - 1.0).abs() < 1e-9);
    assert_eq!(by[1].0, "nightstand-0");
    assert!((by[1].1 - 0.05).abs() < 1e-9, "{by:?}");
    assert!(
        (by[2].1 - 1.0).abs() < 1e-9 && (by[3].1 - 0.2).abs() < 1e-9,
        "{by:?}"
    );
    // The TV hangs at 1.2–1.9 m: the bed does not measure to it, nor it to the bed.
    assert!(by.iter().all(|(w, _)| w != "tv-0"));
}
