//! The built-in library: committed files equal the generator's output byte for byte, every
//! model parses, has its catalogue size, real dimensions, and its front toward glTF +Z.

use std::collections::BTreeSet;
use std::path::PathBuf;

use relayout_assets::builtin::{builtin_files, builtin_models};
use relayout_assets::catalog::{CATALOG_SCHEMA, Catalog};
use relayout_assets::inspect::inspect_glb;

fn committed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/furniture")
}

const REGENERATE: &str = "regenerate with `relayout assets build-builtin --out assets/furniture` \
(or `cargo run -p relayout-assets --example build_builtin -- assets/furniture`) and commit";

#[test]
fn committed_library_equals_the_generator_output() {
    let dir = committed_dir();
    let generated = builtin_files();
    let expected: BTreeSet<String> = generated.iter().map(|(name, _)| name.clone()).collect();
    let present: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}; {REGENERATE}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".glb") || n == "catalog.json")
        .collect();
    assert_eq!(
        present,
        expected,
        "files in {} differ from the generator's; {REGENERATE}",
        dir.display()
    );
    for (name, bytes) in &generated {
        let committed = std::fs::read(dir.join(name)).expect("read committed file");
        assert!(
            committed == *bytes,
            "assets/furniture/{name} differs from the generator's output; {REGENERATE}"
        );
    }
}

#[test]
fn build_builtin_writes_identical_bytes_twice() {
    let a = tempfile::tempdir().expect("temp dir");
    let b = tempfile::tempdir().expect("temp dir");
    let report = relayout_assets::build_builtin(a.path()).expect("builds");
    relayout_assets::build_builtin(b.path()).expect("builds again");
    assert_eq!(report.models, builtin_models().len());
    for (name, bytes) in builtin_files() {
        let first = std::fs::read(a.path().join(&name)).expect("written");
        let second = std::fs::read(b.path().join(&name)).expect("written");
        assert!(
            first == bytes && second == bytes,
            "{name} is not deterministic"
        );
    }
    assert!(report.largest.1 > 0 && report.total_glb_bytes >= report.largest.1);
}

#[test]
fn the_library_has_what_the_issue_asks_for() {
    let ids: BTreeSet<&str> = builtin_models().iter().map(|m| m.id).collect();
    let required = [
        "bed_single",
        "bed_double",
        "bed_queen",
        "nightstand",
        "wardrobe",
        "dresser",
        "desk",
        "office_chair",
        "dining_table_rect",
        "dining_table_round",
        "dining_chair",
        "sofa_2seat",
        "sofa_3seat",
        "sofa_sectional",
        "armchair",
        "coffee_table",
        "side_table",
        "tv_stand",
        "tv_wall",
        "bookshelf",
        "floor_lamp",
        "potted_plant",
        "rug",
        "kitchen_counter",
        "fridge",
        "stove",
        "bathtub",
        "toilet",
        "washbasin",
        "piano",
        "music_stand",
        "classroom_desk",
        "whiteboard",
    ];
    for id in required {
        assert!(ids.contains(id), "the built-in library lacks `{id}`");
    }
    assert!(ids.len() >= 30, "only {} models", ids.len());
    assert_eq!(ids.len(), builtin_models().len(), "ids are not unique");
}

#[test]
fn every_model_parses_and_has_its_catalogue_size() {
    let files = builtin_files();
    let (_, catalog_json) = files.last().expect("catalog last");
    let catalog: Catalog = serde_json::from_slice(catalog_json).expect("catalog parses");
    assert_eq!(catalog.schema, CATALOG_SCHEMA);
    assert_eq!(catalog.entries.len(), files.len() - 1);
    for entry in &catalog.entries {
        let (_, bytes) = files
            .iter()
            .find(|(n, _)| *n == entry.file)
            .expect("file of entry");
        let summary = inspect_glb(bytes).unwrap_or_else(|e| panic!("{}: {e}", entry.file));
        assert!(
            summary.meshes > 0 && summary.triangles > 0,
            "{}: no mesh",
            entry.file
        );
        assert!(summary.materials > 0, "{}: no material", entry.file);
        let b = summary.bounds.expect("bounds");
        let e = b.extent();
        let near = |a: f64, b: f64| (a - b).abs() < 2e-4;
        // front_yaw 180: width along glTF X, depth along glTF Z, height along glTF Y.
        assert!(
            near(entry.size[0], e[0]) && near(entry.size[1], e[2]) && near(entry.size[2], e[1]),
            "{}: catalogue size {:?}, model extent {e:?}",
            entry.id,
            entry.size
        );
        assert!(
            b.min[1].abs() < 1e-5,
            "{}: bottom at {}",
            entry.id,
            b.min[1]
        );
        assert!(
            (b.min[0] + b.max[0]).abs() < 1e-5 && (b.min[2] + b.max[2]).abs() < 1e-5,
            "{}: not centred",
            entry.id
        );
        assert_eq!(
            (entry.front_yaw, entry.scale, entry.origin),
            (180.0, 1.0, [0.0; 3]),
            "{}",
            entry.id
        );
        for s in entry.size {
            assert!(
                (0.005..=3.0).contains(&s),
                "{}: implausible size {:?}",
                entry.id,
                entry.size
            );
        }
    }
}

#[test]
fn dimensions_are_real() {
    let files = builtin_files();
    let catalog: Catalog =
        serde_json::from_slice(&files.last().expect("catalog").1).expect("catalog");
    let size = |id: &str| catalog.get(id).unwrap_or_else(|| panic!("no {id}")).size;
    let within = |id: &str, axis: usize, lo: f64, hi: f64| {
        let v = size(id)[axis];
        assert!(
            (lo..=hi).contains(&v),
            "{id}: size[{axis}] = {v}, expected {lo}..{hi}"
        );
    };
    within("bed_single", 0, 0.9, 1.05);
    within("bed_double", 0, 1.4, 1.55);
    within("bed_queen", 0, 1.6, 1.75);
    within("bed_queen", 1, 2.1, 2.3);
    within("dining_table_rect", 2, 0.74, 0.76);
    within("dining_table_round", 0, 1.09, 1.11);
    within("desk", 2, 0.74, 0.76);
    within("kitchen_counter", 2, 0.89, 0.91);
    within("fridge", 2, 1.75, 1.85);
    within("stove", 2, 0.85, 0.95);
    within("toilet", 2, 0.7, 0.85);
    within("sofa_3seat", 0, 2.1, 2.3);
    within("sofa_sectional", 1, 1.5, 1.7);
    within("tv_wall", 1, 0.03, 0.1);
    within("rug", 2, 0.005, 0.02);
    within("floor_lamp", 2, 1.5, 1.7);
    within("wardrobe", 2, 1.9, 2.1);
}

#[test]
fn fronts_face_gltf_plus_z() {
    // (model, part that sits at the back, part that sits at the front)
    let cases = [
        ("bed_queen", "headboard", "duvet"),
        ("sofa_2seat", "back", "seat_cushion"),
        ("armchair", "back", "seat_cushion"),
        ("office_chair", "back", "armrest_pad_0"),
        ("dining_chair", "top_rail", "leg_front_left"),
        ("toilet", "cistern", "bowl"),
        ("piano", "case", "key_bed"),
        ("tv_wall", "bracket", "screen"),
        ("wardrobe", "body", "door_0"),
        ("stove", "body", "oven_door"),
        ("nightstand", "body", "drawer_0"),
        ("bookshelf", "back", "shelf_1"),
    ];
    let models = builtin_models();
    for (id, back, front) in cases {
        let m = &models.iter().find(|m| m.id == id).expect("model").model;
        let z = |name: &str| {
            let part = m
                .parts
                .iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("{id}: no part {name}"));
            let bounds = m.meshes[part.mesh].bounds().expect("bounds");
            part.transform
                .apply([0.0, 0.0, (bounds.min[2] + bounds.max[2]) / 2.0])[2]
        };
        assert!(
            z(back) < z(front),
            "{id}: `{back}` (z {}) is not behind `{front}` (z {})",
            z(back),
            z(front)
        );
    }
}
