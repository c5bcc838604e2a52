//! The autosave, one file per document: written after a change, removed on save, offered back
//! only when the same document is opened again (never replacing a different room), and what a
//! crash between an edit and the next autosave tick leaves behind.

use std::path::Path;
use std::time::Duration;

use bevy::prelude::*;
use relayout_core::file::{read_scene_file, write_scene_file};
use relayout_core::scene::{Scene, parse_scene};
use relayout_editor::autosave::{Autosave, AutosaveFound, file_for_path, found_for};
use relayout_editor::document::SceneDoc;
use relayout_editor::edit::Edit;
use relayout_editor::messages::{OpenRequest, SaveRequest};
use relayout_editor::status::StatusLog;

fn room(width: f64) -> Scene {
    parse_scene(&format!(
        r#"{{"schema": "relayout.scene/1",
        "room": {{"width": {width}, "depth": 4, "height": 2.7}},
        "objects": [{{"id": "desk-0", "category": "desk", "size": [1.2, 0.6, 0.75]}}],
        "poses": {{"desk-0": {{"x": 1, "y": 1, "rz": 0}}}}}}"#
    ))
    .unwrap()
}

fn app(doc: SceneDoc, dir: &Path, every: Duration) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .init_resource::<StatusLog>()
        .add_plugins((
            relayout_editor::edit::plugin,
            relayout_editor::file_io::plugin,
            relayout_editor::autosave::plugin,
        ))
        .insert_resource(Autosave::new(dir.to_path_buf(), every))
        .insert_resource(doc);
    app.update();
    app
}

fn turn(app: &mut App) {
    app.world_mut().write_message(Edit::Rotate {
        id: "desk-0".into(),
        by: 90.0,
    });
    app.update();
    app.update();
}

#[test]
fn each_document_has_its_own_autosave_and_only_its_own_is_offered() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("autosave");
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    write_scene_file(&a, &room(5.0)).unwrap();
    write_scene_file(&b, &room(7.0)).unwrap();
    let mut app = app(
        SceneDoc::new(read_scene_file(&a).unwrap(), Some(a.clone())),
        &saves,
        Duration::ZERO,
    );
    turn(&mut app);
    let file_a = file_for_path(&saves, &a);
    assert_eq!(read_scene_file(&file_a).unwrap().poses["desk-0"].rz, 90.0);
    // Opening the other room offers nothing: its autosave is not this one's.
    app.world_mut()
        .write_message(OpenRequest { path: b.clone() });
    app.update();
    app.update();
    assert!(app.world().get_resource::<AutosaveFound>().is_none());
    assert_eq!(app.world().resource::<SceneDoc>().scene.room.width, 7.0);
    assert_eq!(found_for(&saves, &b, &room(7.0)).map(|f| f.file), None);
    // Opening the first again offers its own changes, naming the file.
    app.world_mut()
        .write_message(OpenRequest { path: a.clone() });
    app.update();
    app.update();
    let found = app.world().resource::<AutosaveFound>().clone();
    assert_eq!(found.file, file_a);
    assert_eq!(found.scene.poses["desk-0"].rz, 90.0);
    assert_eq!(found.scene.room.width, 5.0);
    // …and opening the other one withdraws that offer.
    app.world_mut().write_message(OpenRequest { path: b });
    app.update();
    app.update();
    assert!(app.world().get_resource::<AutosaveFound>().is_none());
}

#[test]
fn a_save_removes_the_autosave_and_an_untitled_document_has_one_per_session() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("autosave");
    let mut app = app(SceneDoc::new(room(5.0), None), &saves, Duration::ZERO);
    turn(&mut app);
    let untitled = app.world().resource::<Autosave>().file_for(None);
    assert!(untitled.exists(), "{untitled:?}");
    let other = Autosave::new(saves.clone(), Duration::ZERO).file_for(None);
    assert_ne!(
        untitled, other,
        "another session's untitled autosave is its own"
    );
    let target = dir.path().join("saved.json");
    app.world_mut().write_message(SaveRequest {
        to: Some(target.clone()),
    });
    app.update();
    assert!(target.exists());
    assert!(!untitled.exists(), "saving removes the untitled autosave");
    // A change after the save autosaves under the saved file's name; the next save removes it.
    turn(&mut app);
    let named = file_for_path(&saves, &target);
    assert!(named.exists());
    app.world_mut().write_message(SaveRequest { to: None });
    app.update();
    assert!(!named.exists());
    assert!(found_for(&saves, &target, &read_scene_file(&target).unwrap()).is_none());
}

#[test]
fn a_crash_between_an_edit_and_the_next_tick_leaves_the_last_autosave_whole() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("autosave");
    let a = dir.path().join("a.json");
    write_scene_file(&a, &room(5.0)).unwrap();
    let mut app = app(
        SceneDoc::new(read_scene_file(&a).unwrap(), Some(a.clone())),
        &saves,
        Duration::from_secs(3600),
    );
    // The first tick comes after an hour: nothing is written for the first edit yet.
    turn(&mut app);
    assert!(!file_for_path(&saves, &a).exists());
    app.world_mut().resource_mut::<Autosave>().every = Duration::ZERO;
    turn(&mut app);
    app.world_mut().resource_mut::<Autosave>().every = Duration::from_secs(3600);
    // A third turn, then the process dies before the next tick.
    turn(&mut app);
    drop(app);
    let found = found_for(&saves, &a, &read_scene_file(&a).unwrap()).expect("an autosave");
    assert_eq!(
        found.scene.poses["desk-0"].rz, 180.0,
        "the state at the last tick"
    );
    assert!(found.age < Duration::from_secs(3600));
}
