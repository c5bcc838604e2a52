//! The room and the files it is exchanged in, as the editor handles them: room edits through
//! the undo history (a corner drag is one step; a refused edit changes nothing and says why; a
//! piece left outside is named, not moved), "Export glTF…" writing a `.glb` read back here, and
//! importing a model (from the dialog or a dropped file) into the user's library, with its
//! review, and a broken file named in the messages.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::FileDragAndDrop;
use relayout_assets::library::{Shelf, ShelfKind};
use relayout_assets::{Catalog, Library};
use relayout_core::scene::{Opening, OpeningKind, RoomEdit, Scene, parse_scene};
use relayout_core::solver::{SolveOptions, solve};
use relayout_editor::asset_panel::ImportReview;
use relayout_editor::document::SceneDoc;
use relayout_editor::edit::{Edit, History};
use relayout_editor::messages::{ExportRequest, ImportRequest};
use relayout_editor::model_import::Imports;
use relayout_editor::models::FurnitureLibrary;
use relayout_editor::status::StatusLog;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bench bedroom, solved.
fn bedroom() -> Scene {
    let text = std::fs::read_to_string(repo().join("bench/scenes/bedroom.json")).unwrap();
    let mut s = parse_scene(&text).unwrap();
    s.poses = solve(&s, &SolveOptions::default()).unwrap().poses;
    s
}

fn builtin_shelf() -> Shelf {
    Library::open(&[(ShelfKind::Builtin, &repo().join("assets/furniture"))])
        .unwrap()
        .shelves
        .remove(0)
}

fn app_with(plugin: fn(&mut App)) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .init_resource::<StatusLog>()
        .add_plugins(plugin);
    app.insert_resource(SceneDoc::new(bedroom(), None));
    app
}

fn send(app: &mut App, e: Edit) {
    app.world_mut().write_message(e);
    app.update();
}

fn errors(app: &App) -> Vec<String> {
    app.world()
        .resource::<StatusLog>()
        .lines
        .iter()
        .filter(|l| l.error)
        .map(|l| l.text.clone())
        .collect()
}

fn doc(app: &App) -> &Scene {
    &app.world().resource::<SceneDoc>().scene
}

#[test]
fn a_corner_drag_is_one_undo_step_and_a_refused_edit_changes_nothing() {
    let mut app = app_with(relayout_editor::edit::plugin);
    app.update();
    let before = doc(&app).clone();
    // Three frames of a drag of corner TR (2) inwards, then the release.
    for to in [[3.9, 4.4], [3.7, 4.2], [3.5, 4.0]] {
        send(
            &mut app,
            Edit::Room {
                edit: RoomEdit::MoveVertex { index: 2, to },
                merge: true,
            },
        );
    }
    send(&mut app, Edit::EndGesture);
    assert_eq!(app.world().resource::<History>().undo.len(), 1);
    let poly = doc(&app).room.polygon.clone().unwrap();
    assert_eq!(poly[2], [3.5, 4.0]);
    // The wardrobe stood in that corner: it is named, and stays where it was.
    let out = errors(&app);
    assert!(
        out.iter()
            .any(|e| e.contains("now outside the room") && e.contains("wardrobe-0")),
        "{out:?}"
    );
    assert_eq!(doc(&app).poses, before.poses);
    // A window wider than its wall: refused, the room as it was, the reason in the messages.
    let now = doc(&app).clone();
    send(
        &mut app,
        Edit::Room {
            edit: RoomEdit::AddOpening(Opening {
                kind: OpeningKind::Window,
                wall: "w3".into(),
                offset: 0.0,
                width: 9.0,
                sill: None,
                height: None,
            }),
            merge: false,
        },
    );
    assert_eq!(doc(&app), &now);
    assert_eq!(app.world().resource::<History>().undo.len(), 1);
    assert!(
        errors(&app).last().unwrap().contains("wider than wall w3"),
        "{:?}",
        errors(&app)
    );
    // Undo brings the rectangle back.
    send(&mut app, Edit::Undo);
    assert_eq!(doc(&app).room, before.room);
}

#[test]
fn export_writes_a_glb_with_a_node_per_object_and_names_a_bad_path() {
    let mut app = app_with(relayout_editor::gltf_export::plugin);
    app.insert_resource(FurnitureLibrary {
        library: Library {
            shelves: vec![builtin_shelf()],
        },
        generation: 0,
    });
    app.update();
    let dir = tempfile::tempdir().unwrap();
    // No extension: `.glb` is added.
    app.world_mut().write_message(ExportRequest {
        path: dir.path().join("room"),
    });
    app.update();
    let bytes = std::fs::read(dir.path().join("room.glb")).unwrap();
    let gltf = gltf::Gltf::from_slice(&bytes).unwrap();
    let names: Vec<&str> = gltf
        .default_scene()
        .unwrap()
        .nodes()
        .filter_map(|n| n.name())
        .collect();
    let mut want = vec!["room"];
    want.extend(doc(&app).objects.iter().map(|o| o.id.as_str()));
    assert_eq!(names, want);
    // A model per piece: more meshes than the room's own few.
    assert!(gltf.meshes().count() > 10, "{}", gltf.meshes().count());
    // A path that cannot be written: said, and nothing else changes.
    let blocked = dir.path().join("room.glb").join("inside.glb");
    app.world_mut()
        .write_message(ExportRequest { path: blocked });
    app.update();
    let e = errors(&app);
    assert!(
        e.last().unwrap().starts_with("export not written")
            && e.last().unwrap().contains("inside.glb"),
        "{e:?}"
    );
}

/// Runs frames until every import has finished (counted, however long it takes).
fn settle(app: &mut App) -> usize {
    let mut frames = 0;
    loop {
        app.update();
        frames += 1;
        if frames > 2 && app.world().resource::<Imports>().running() == 0 {
            return frames;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn import_app(library: &Path) -> App {
    let mut app = app_with(relayout_editor::model_import::plugin);
    app.insert_resource(FurnitureLibrary {
        library: Library {
            shelves: vec![builtin_shelf()],
        },
        generation: 0,
    });
    app.world_mut().resource_mut::<Imports>().dir = Some(library.to_path_buf());
    app.update();
    app
}

#[test]
fn an_imported_model_joins_the_users_shelf_and_opens_its_review() {
    let lib = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    // A designer's model: one of the built-in files under another name.
    let shelf = builtin_shelf();
    let e = shelf
        .catalog
        .entries
        .iter()
        .find(|e| e.id == "office_chair")
        .unwrap();
    let model = src.path().join("My Chair.glb");
    std::fs::copy(shelf.dir.join(&e.file), &model).unwrap();
    let mut app = import_app(lib.path());
    // Dropped on the window, as a file manager does.
    app.world_mut().write_message(FileDragAndDrop::DroppedFile {
        window: Entity::PLACEHOLDER,
        path_buf: model.clone(),
    });
    settle(&mut app);
    let library = app.world().resource::<FurnitureLibrary>();
    assert_eq!(library.generation, 1);
    let mine = library
        .library
        .by_asset("library:my_chair")
        .expect("the import is on the user's shelf");
    assert_eq!(mine.shelf.kind, ShelfKind::User);
    // Measured from the file: the built-in chair's own size.
    for k in 0..3 {
        assert!(
            (mine.entry.size[k] - e.size[k]).abs() < 1e-3,
            "{:?} vs {:?}",
            mine.entry.size,
            e.size
        );
    }
    let review = app.world().resource::<ImportReview>();
    assert_eq!(
        review.entry.as_ref().map(|e| e.id.as_str()),
        Some("my_chair")
    );
    // On disk, outside the repository, in the library's catalogue.
    let cat = Catalog::load(&Catalog::path_in(lib.path()))
        .unwrap()
        .unwrap();
    assert_eq!(cat.entries.len(), 1);
    // Said to be centimetres: a hundredth of the size, the file untouched.
    let fixed =
        relayout_assets::library::correct_entry(lib.path(), "my_chair", 0.01, 180.0).unwrap();
    assert!(
        (fixed.size[2] - e.size[2] / 100.0).abs() < 1e-4,
        "{:?}",
        fixed.size
    );
}

#[test]
fn a_broken_or_foreign_file_is_named_and_the_library_is_unchanged() {
    let lib = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let broken = src.path().join("sofa.glb");
    std::fs::write(&broken, b"glTF\x02\0\0\0 this is not a model").unwrap();
    let notes = src.path().join("notes.txt");
    std::fs::write(&notes, "hello").unwrap();
    let mut app = import_app(lib.path());
    app.world_mut().write_message(ImportRequest {
        path: broken.clone(),
    });
    app.world_mut().write_message(FileDragAndDrop::DroppedFile {
        window: Entity::PLACEHOLDER,
        path_buf: notes.clone(),
    });
    settle(&mut app);
    let e = errors(&app);
    assert!(
        e.iter()
            .any(|l| l.starts_with("not imported") && l.contains("sofa.glb")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|l| l.contains("notes.txt") && l.contains("not a model")),
        "{e:?}"
    );
    let library = app.world().resource::<FurnitureLibrary>();
    assert_eq!(library.generation, 0);
    assert!(app.world().resource::<ImportReview>().entry.is_none());
    assert!(
        Catalog::load(&Catalog::path_in(lib.path()))
            .unwrap()
            .is_none_or(|c| c.entries.is_empty())
    );
}
