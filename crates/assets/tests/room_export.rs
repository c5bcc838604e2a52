//! The arranged room as one `.glb`, read back with the gltf crate: a node per object named by
//! its id at (x, z, −y) turned about +Y, its model's meshes under it filling the object's box,
//! the floor and walls of the room, and boxes (with a note) where a model is missing or broken.

use std::path::{Path, PathBuf};

use relayout_assets::library::ShelfKind;
use relayout_assets::{Library, export_room};
use relayout_core::scene::{Scene, parse_scene};
use relayout_core::solver::{SolveOptions, solve};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn builtin() -> Library {
    Library::open(&[(ShelfKind::Builtin, &repo().join("assets/furniture"))]).unwrap()
}

/// The bench bedroom, solved.
fn bedroom() -> Scene {
    let text = std::fs::read_to_string(repo().join("bench/scenes/bedroom.json")).unwrap();
    let mut s = parse_scene(&text).unwrap();
    let sol = solve(&s, &SolveOptions::default()).unwrap();
    s.poses = sol.poses;
    s
}

/// The built-in library and a user's shelf in `dir` holding `catalog`.
fn with_user_shelf(dir: &Path, catalog: relayout_assets::Catalog) -> Library {
    catalog
        .write(&relayout_assets::Catalog::path_in(dir))
        .unwrap();
    Library::open(&[
        (ShelfKind::Builtin, &repo().join("assets/furniture")),
        (ShelfKind::User, dir),
    ])
    .unwrap()
}

type M4 = [[f64; 4]; 4];

fn mul(a: &M4, b: &M4) -> M4 {
    // Column-major, as gltf gives them: (a·b)[c][r] = Σ a[k][r]·b[c][k].
    let mut m = [[0.0; 4]; 4];
    for c in 0..4 {
        for r in 0..4 {
            m[c][r] = (0..4).map(|k| a[k][r] * b[c][k]).sum();
        }
    }
    m
}

fn apply(m: &M4, p: [f64; 3]) -> [f64; 3] {
    std::array::from_fn(|r| m[0][r] * p[0] + m[1][r] * p[1] + m[2][r] * p[2] + m[3][r])
}

fn matrix(n: &gltf::Node) -> M4 {
    n.transform().matrix().map(|c| c.map(f64::from))
}

/// World-space bounds (glTF frame) of every mesh under `node`.
fn bounds(node: &gltf::Node, parent: &M4, acc: &mut Option<([f64; 3], [f64; 3])>) {
    let world = mul(parent, &matrix(node));
    if let Some(mesh) = node.mesh() {
        for p in mesh.primitives() {
            let bb = p.bounding_box();
            for k in 0..8 {
                let c = [
                    if k & 1 == 0 { bb.min[0] } else { bb.max[0] },
                    if k & 2 == 0 { bb.min[1] } else { bb.max[1] },
                    if k & 4 == 0 { bb.min[2] } else { bb.max[2] },
                ]
                .map(f64::from);
                let w = apply(&world, c);
                let (lo, hi) = acc.get_or_insert((w, w));
                for i in 0..3 {
                    lo[i] = lo[i].min(w[i]);
                    hi[i] = hi[i].max(w[i]);
                }
            }
        }
    }
    for c in node.children() {
        bounds(&c, &world, acc);
    }
}

const IDENTITY: M4 = [
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 1.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
];

#[test]
fn every_object_is_a_named_node_at_its_pose_filling_its_box() {
    let scene = bedroom();
    let out = export_room(&scene, &builtin());
    assert!(out.boxes.is_empty(), "{:?}", out.boxes);
    assert_eq!(out.objects, scene.objects.len());
    let doc = gltf::Gltf::from_slice(&out.glb).unwrap();
    let root_scene = doc.default_scene().unwrap();
    let roots: Vec<gltf::Node> = root_scene.nodes().collect();
    assert_eq!(roots.len(), 1 + scene.objects.len());
    assert_eq!(roots[0].name(), Some("room"));
    // Meshes: one per distinct model part plus the room's and the box, shared by instances.
    assert!(doc.meshes().count() >= out.models);
    for o in &scene.objects {
        let p = &scene.poses[&o.id];
        let node = roots
            .iter()
            .find(|n| n.name() == Some(o.id.as_str()))
            .unwrap_or_else(|| panic!("no node {}", o.id));
        let (t, r, s) = node.transform().decomposed();
        let t = t.map(f64::from);
        assert!(
            (t[0] - p.x).abs() < 1e-6 && (t[1] - p.z).abs() < 1e-6 && (t[2] + p.y).abs() < 1e-6,
            "{}: {t:?} for {p:?}",
            o.id
        );
        // A turn about +Y only, by rz; no scale at the object's node.
        let half = p.rz.to_radians() / 2.0;
        let want = [0.0, half.sin(), 0.0, half.cos()];
        let same = (0..4).all(|i| (f64::from(r[i]) - want[i]).abs() < 1e-6)
            || (0..4).all(|i| (f64::from(r[i]) + want[i]).abs() < 1e-6);
        assert!(same, "{}: rotation {r:?}, want {want:?}", o.id);
        assert_eq!(s, [1.0; 3]);
        // Its model's meshes fill the object's box: footprint on the floor plan, height up.
        let mut bb = None;
        bounds(node, &IDENTITY, &mut bb);
        let (lo, hi) = bb.unwrap();
        let f = p.footprint([o.size[0], o.size[1]]).aabb();
        let [x0, y0, x1, y1] = f.to_array();
        let tol = 0.02;
        assert!(
            (lo[0] - x0).abs() < tol && (hi[0] - x1).abs() < tol,
            "{}: x {lo:?} {hi:?} vs {f:?}",
            o.id
        );
        // glTF z is −y.
        assert!(
            (-hi[2] - y0).abs() < tol && (-lo[2] - y1).abs() < tol,
            "{}: y {lo:?} {hi:?} vs {f:?}",
            o.id
        );
        assert!(
            (lo[1] - p.z).abs() < tol && (hi[1] - p.z - o.size[2]).abs() < tol,
            "{}: height",
            o.id
        );
    }
    // The floor covers the room; the walls reach the ceiling; the door and window cut them.
    let room = &roots[0];
    let floor = room.children().find(|c| c.name() == Some("floor")).unwrap();
    let mut fb = None;
    bounds(&floor, &IDENTITY, &mut fb);
    let (lo, hi) = fb.unwrap();
    assert!((hi[0] - lo[0] - scene.room.width).abs() < 1e-6);
    assert!((hi[2] - lo[2] - scene.room.depth).abs() < 1e-6);
    let mut rb = None;
    bounds(room, &IDENTITY, &mut rb);
    assert!((rb.unwrap().1[1] - scene.room.height).abs() < 1e-6);
    let walls = room
        .children()
        .filter(|c| c.name().is_some_and(|n| n.starts_with("wall ")))
        .count();
    let glass = room
        .children()
        .filter(|c| c.name().is_some_and(|n| n.starts_with("glass ")))
        .count();
    // 4 walls, + 1 piece for the door (beside it: 2, above: 1 → 3 pieces on T), + 3 for the
    // window (beside 2, below 1, above 1 → 4 on B).
    assert_eq!((walls, glass), (2 + 3 + 4, 1));
}

#[test]
fn a_broken_or_missing_model_becomes_a_box_and_is_named() {
    let mut scene = bedroom();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.glb"), b"glTF\x02\0\0\0garbage").unwrap();
    let mut catalog = relayout_assets::Catalog::default();
    catalog.entries.push(relayout_assets::CatalogEntry {
        id: "broken".into(),
        file: "broken.glb".into(),
        name: "Broken".into(),
        category: "thing".into(),
        description: String::new(),
        size: [1.0, 1.0, 1.0],
        front_yaw: 180.0,
        scale: 1.0,
        origin: [0.0; 3],
        licence: "unknown".into(),
        source: "test".into(),
        author: None,
    });
    let lib = with_user_shelf(dir.path(), catalog);
    let first = scene.objects[0].id.clone();
    scene.objects[0].asset = Some("library:broken".into());
    scene.objects[1].asset = Some("builtin:no_such_model".into());
    let second = scene.objects[1].id.clone();
    let unposed = scene.objects[2].id.clone();
    scene.poses.remove(&unposed);
    let out = export_room(&scene, &lib);
    assert_eq!(out.boxes, vec![first.clone(), second]);
    assert!(
        out.notes
            .iter()
            .any(|n| n.contains(&first) && n.contains("broken.glb") && n.contains("box")),
        "{:?}",
        out.notes
    );
    assert!(
        out.notes.iter().any(|n| n.starts_with(&unposed)),
        "{:?}",
        out.notes
    );
    let doc = gltf::Gltf::from_slice(&out.glb).unwrap();
    let names: Vec<&str> = doc.nodes().filter_map(|n| n.name()).collect();
    assert!(!names.contains(&unposed.as_str()));
    // The box fills the object: a 1 m cube scaled to its size.
    let node = doc
        .nodes()
        .find(|n| n.name() == Some(first.as_str()))
        .unwrap();
    let mut bb = None;
    bounds(&node, &IDENTITY, &mut bb);
    let (lo, hi) = bb.unwrap();
    let o = &scene.objects[0];
    assert!((hi[1] - lo[1] - o.size[2]).abs() < 1e-6);
}

#[test]
fn a_bare_asset_id_prefers_the_users_model() {
    let dir = tempfile::tempdir().unwrap();
    let builtin = builtin();
    let any = builtin.shelves[0].catalog.entries[0].clone();
    let mut catalog = relayout_assets::Catalog::default();
    catalog.entries.push(relayout_assets::CatalogEntry {
        file: "mine.glb".into(),
        ..any.clone()
    });
    let lib = with_user_shelf(dir.path(), catalog);
    let f = lib.by_asset(&any.id).unwrap();
    assert_eq!(
        (f.shelf.kind, f.entry.file.as_str()),
        (ShelfKind::User, "mine.glb")
    );
    let f = lib.by_asset(&format!("builtin:{}", any.id)).unwrap();
    assert_eq!(f.shelf.kind, ShelfKind::Builtin);
    assert_eq!(f.asset(), format!("builtin:{}", any.id));
}
