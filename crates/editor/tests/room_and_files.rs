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

/// A camera over the room looking straight down, as the plan view does, drawing to an
/// 800 × 600 window; its projection is set by hand (no renderer here).
fn plan_camera(app: &mut App, centre: [f64; 2]) {
    use bevy::camera::{CameraProjection, ComputedCameraValues, RenderTargetInfo};
    use relayout_editor::coords::to_bevy;
    let eye = to_bevy(centre[0], centre[1], 9.0);
    let target = to_bevy(centre[0], centre[1], 0.0);
    let transform = Transform::from_translation(eye).looking_at(target, Vec3::NEG_Z);
    let projection = PerspectiveProjection {
        aspect_ratio: 800.0 / 600.0,
        ..Default::default()
    };
    let camera = Camera {
        computed: ComputedCameraValues {
            clip_from_view: projection.get_clip_from_view(),
            target_info: Some(RenderTargetInfo {
                physical_size: UVec2::new(800, 600),
                scale_factor: 1.0,
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    app.world_mut().spawn((
        camera,
        GlobalTransform::from(transform),
        relayout_editor::camera_state::EditorCamera,
    ));
    app.world_mut().spawn((
        Window {
            resolution: (800, 600).into(),
            ..Default::default()
        },
        bevy::window::PrimaryWindow,
    ));
}

/// Where a plan point is on the window, through the test's camera.
fn on_screen(app: &mut App, p: [f64; 2]) -> Vec2 {
    let world = app.world_mut();
    let mut q = world.query::<(&Camera, &GlobalTransform)>();
    let (camera, at) = q.single(world).unwrap();
    camera
        .world_to_viewport(at, relayout_editor::coords::to_bevy(p[0], p[1], 0.0))
        .unwrap()
}

fn pointer_to(app: &mut App, p: Vec2) {
    let world = app.world_mut();
    let mut q = world.query::<&mut Window>();
    q.single_mut(world).unwrap().set_cursor_position(Some(p));
}

fn frame_with(app: &mut App, press: Option<bool>) {
    {
        let mut b = app.world_mut().resource_mut::<ButtonInput<MouseButton>>();
        match press {
            Some(true) => b.press(MouseButton::Left),
            Some(false) => b.release(MouseButton::Left),
            None => {}
        }
    }
    app.update();
    app.world_mut()
        .resource_mut::<ButtonInput<MouseButton>>()
        .clear();
}

#[test]
fn the_pointer_drags_a_corner_splits_a_wall_and_slides_a_window_in_the_plan() {
    use relayout_editor::room_handles::{RoomHandle, RoomTool, handles};
    let mut app = app_with(relayout_editor::edit::plugin);
    app.add_plugins(relayout_editor::room_tool::plugin);
    let room = doc(&app).room.clone();
    plan_camera(&mut app, [room.width / 2.0, room.depth / 2.0]);
    app.update();
    // Off, the pointer takes nothing.
    let corner = [room.width, room.depth];
    let at = on_screen(&mut app, corner);
    pointer_to(&mut app, at);
    frame_with(&mut app, Some(true));
    frame_with(&mut app, Some(false));
    assert_eq!(doc(&app).room, room);
    app.world_mut().resource_mut::<RoomTool>().enabled = true;
    // Hovering corner TR (2) shows it as hovered; a drag 0.4 m in along x and 0.3 m along y
    // moves it there (to the centimetre), one undo step for the whole drag.
    app.update();
    assert_eq!(
        app.world().resource::<RoomTool>().hovered,
        Some(RoomHandle::Corner(2))
    );
    frame_with(&mut app, Some(true));
    for k in [0.25, 0.5, 1.0] {
        let p = on_screen(&mut app, [corner[0] - 0.4 * k, corner[1] - 0.3 * k]);
        pointer_to(&mut app, p);
        frame_with(&mut app, None);
    }
    frame_with(&mut app, Some(false));
    let tool = app.world().resource::<RoomTool>();
    assert!(tool.drag.is_none());
    assert_eq!(tool.selected, Some(RoomHandle::Corner(2)));
    let poly = doc(&app).room.polygon.clone().expect("a polygon now");
    let moved = poly[2];
    assert!(
        (moved[0] - (corner[0] - 0.4)).abs() < 0.011
            && (moved[1] - (corner[1] - 0.3)).abs() < 0.011,
        "{moved:?}"
    );
    assert_eq!(poly.len(), 4);
    assert_eq!(app.world().resource::<History>().undo.len(), 1);
    // The window on w0 (2.3–3.7 m along it), taken by its bar and slid 0.5 m back: 1.8 m.
    let window = doc(&app)
        .room
        .openings
        .iter()
        .position(|o| o.kind == OpeningKind::Window)
        .unwrap();
    assert_eq!(doc(&app).room.openings[window].offset, 2.3);
    let p = on_screen(&mut app, [3.0, 0.0]);
    pointer_to(&mut app, p);
    app.update();
    assert_eq!(
        app.world().resource::<RoomTool>().hovered,
        Some(RoomHandle::Opening(window))
    );
    frame_with(&mut app, Some(true));
    let p = on_screen(&mut app, [2.5, 0.1]);
    pointer_to(&mut app, p);
    frame_with(&mut app, None);
    frame_with(&mut app, Some(false));
    let o = &doc(&app).room.openings[window];
    assert!((o.offset - 1.8).abs() < 0.011 && o.width == 1.4, "{o:?}");
    assert_eq!(app.world().resource::<History>().undo.len(), 2);
    // A click on the left wall's `+` (w3; w0 has the window across its middle) splits it in
    // the middle: five corners, the new one (4) selected.
    let plus = handles(&doc(&app).room)
        .into_iter()
        .find(|(h, _)| *h == RoomHandle::Split(3))
        .unwrap()
        .1;
    let p = on_screen(&mut app, plus);
    pointer_to(&mut app, p);
    app.update();
    frame_with(&mut app, Some(true));
    frame_with(&mut app, Some(false));
    assert_eq!(doc(&app).room.polygon.as_ref().unwrap().len(), 5);
    assert_eq!(
        app.world().resource::<RoomTool>().selected,
        Some(RoomHandle::Corner(4))
    );
    // Delete takes the new corner out again.
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .press(KeyCode::Delete);
    app.update();
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .release_all();
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .clear();
    app.update();
    assert_eq!(doc(&app).room.polygon.as_ref().unwrap().len(), 4);
    // Corner drag, window slide, split, delete: four steps.
    assert_eq!(app.world().resource::<History>().undo.len(), 4);
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
