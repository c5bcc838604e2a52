//! Importing glTF, OBJ and Sweet Home 3D files built here (no network): units, the front
//! yaw, catalogue merging, and broken inputs that give one clear error per item.

use std::io::Write;
use std::path::Path;

use relayout_assets::builtin::builtin_files;
use relayout_assets::catalog::Catalog;
use relayout_assets::inspect::inspect_glb;
use relayout_assets::{AssetsError, ImportOptions, Unit, import};

/// A built-in model's `.glb` bytes (a real, valid file).
fn builtin_glb(id: &str) -> Vec<u8> {
    builtin_files()
        .into_iter()
        .find(|(n, _)| *n == format!("{id}.glb"))
        .expect("built-in model")
        .1
}

/// The built-in nightstand's catalogue size.
fn nightstand_size() -> [f64; 3] {
    let catalog: Catalog =
        serde_json::from_slice(&builtin_files().last().expect("catalog").1).expect("parses");
    let size = catalog.get("nightstand").expect("nightstand").size;
    assert_eq!(
        size,
        [0.47, 0.44, 0.55],
        "the fixtures below assume this size"
    );
    size
}

/// The JSON and BIN chunks of a GLB.
fn split_glb(glb: &[u8]) -> (serde_json::Value, Vec<u8>) {
    let json_len = u32::from_le_bytes(glb[12..16].try_into().expect("4 bytes")) as usize;
    let json = serde_json::from_slice(&glb[20..20 + json_len]).expect("json chunk");
    let bin_start = 20 + json_len + 8;
    (json, glb[bin_start..].to_vec())
}

/// A `.gltf` + `.bin` pair in `dir` from a built-in model, its root node transformed.
fn write_gltf(dir: &Path, name: &str, root_node: serde_json::Value) -> std::path::PathBuf {
    let (mut json, bin) = split_glb(&builtin_glb("nightstand"));
    json["buffers"][0]["uri"] = format!("{name}%20data.bin").into();
    for (k, v) in root_node.as_object().expect("object") {
        json["nodes"][0][k] = v.clone();
    }
    std::fs::write(dir.join(format!("{name} data.bin")), bin).expect("write bin");
    let path = dir.join(format!("{name}.gltf"));
    std::fs::write(&path, serde_json::to_vec_pretty(&json).expect("json")).expect("write gltf");
    path
}

const CUBE_OBJ: &str = "mtllib cube.mtl\no cube\nv 0 0 0\nv 200 0 0\nv 200 80 0\nv 0 80 0\nv 0 0 100\n\
v 200 0 100\nv 200 80 100\nv 0 80 100\nvt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nusemtl wood\n\
f 1/1 4/4 3/3 2/2\nf 5/1 6/2 7/3 8/4\nf 1/1 2/2 6/3 5/4\nf 2/1 3/2 7/3 6/4\nf 3/1 4/2 8/3 7/4\nf 4/1 1/2 5/3 8/4\n";
const CUBE_MTL: &str = "newmtl wood\nKd 0.6 0.4 0.2\nNs 30\nmap_Kd C:\\Users\\someone\\wood.png\n";
/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

fn assert_entry_matches_glb(dir: &Path, catalog: &Catalog, id: &str) {
    let entry = catalog.get(id).unwrap_or_else(|| panic!("no entry {id}"));
    let bytes = std::fs::read(dir.join(&entry.file)).expect("glb written");
    let summary = inspect_glb(&bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
    assert!(summary.meshes > 0 && summary.triangles > 0, "{id}: no mesh");
    let b = summary.bounds.expect("bounds");
    let extent = b.extent().map(|x| x * entry.scale);
    let quarter = (entry.front_yaw / 90.0).round() as i64 % 2 != 0;
    let (w, d) = if quarter {
        (extent[2], extent[0])
    } else {
        (extent[0], extent[2])
    };
    let got = [w, d, extent[1]];
    for i in 0..3 {
        assert!(
            (got[i] - entry.size[i]).abs() < 1e-3,
            "{id}: glb {got:?} vs catalogue {:?}",
            entry.size
        );
    }
}

#[test]
fn gltf_in_centimetres_is_measured_packed_and_guessed() {
    let src = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    let path = write_gltf(
        src.path(),
        "stand cm",
        serde_json::json!({ "scale": [100.0, 100.0, 100.0] }),
    );
    let report = import(&path, out.path(), &ImportOptions::default()).expect("imports");
    assert_eq!(report.imported.len(), 1);
    let entry = &report.imported[0];
    assert_eq!(entry.id, "stand_cm");
    assert_eq!(entry.scale, 0.01, "guessed centimetres");
    assert_eq!(entry.size, nightstand_size());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("centimetres")),
        "{report}"
    );
    let catalog = Catalog::load(&out.path().join("catalog.json"))
        .expect("loads")
        .expect("exists");
    assert_entry_matches_glb(out.path(), &catalog, "stand_cm");
    // Packed: one self-contained .glb, no external reference left.
    let glb = std::fs::read(out.path().join("stand_cm.glb")).expect("glb");
    let (json, _) = split_glb(&glb);
    assert!(
        json["buffers"][0].get("uri").is_none(),
        "{}",
        json["buffers"]
    );
}

#[test]
fn a_turned_model_needs_its_front_yaw() {
    let src = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    // A quarter turn about +Y points the model's front (+Z) to +X.
    let s = std::f64::consts::FRAC_1_SQRT_2;
    let path = write_gltf(
        src.path(),
        "turned",
        serde_json::json!({ "rotation": [0.0, s, 0.0, s] }),
    );
    let options = ImportOptions {
        front_yaw_deg: Some(90.0),
        unit: Some(Unit::Metres),
        ..ImportOptions::default()
    };
    let report = import(&path, out.path(), &options).expect("imports");
    assert_eq!(
        report.imported[0].size,
        nightstand_size(),
        "width and depth back where they were"
    );
    assert_eq!(report.imported[0].front_yaw, 90.0);
    assert!(report.warnings.is_empty(), "the unit was given: {report}");
}

#[test]
fn glb_is_copied_as_it_is_and_the_catalogue_merges() {
    let src = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    let a = src.path().join("Fancy Chair.glb");
    std::fs::write(&a, builtin_glb("dining_chair")).expect("write");
    let b = src.path().join("lamp.glb");
    std::fs::write(&b, builtin_glb("floor_lamp")).expect("write");
    import(&a, out.path(), &ImportOptions::default()).expect("first");
    let report = import(&b, out.path(), &ImportOptions::default()).expect("second");
    assert!(report.replaced.is_empty());
    let again = import(&a, out.path(), &ImportOptions::default()).expect("again");
    assert_eq!(again.replaced, vec!["fancy_chair".to_string()]);
    let catalog = Catalog::load(&out.path().join("catalog.json"))
        .expect("loads")
        .expect("exists");
    let ids: Vec<&str> = catalog.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["fancy_chair", "lamp"]);
    assert_eq!(
        std::fs::read(out.path().join("fancy_chair.glb")).expect("copied"),
        builtin_glb("dining_chair")
    );
    assert_entry_matches_glb(out.path(), &catalog, "lamp");
}

#[test]
fn obj_with_mtl_and_texture_converts_to_glb() {
    let src = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    std::fs::write(src.path().join("cube.obj"), CUBE_OBJ).expect("write");
    std::fs::write(src.path().join("cube.mtl"), CUBE_MTL).expect("write");
    std::fs::write(src.path().join("wood.png"), PNG).expect("write");
    let report = import(
        &src.path().join("cube.obj"),
        out.path(),
        &ImportOptions::default(),
    )
    .expect("imports");
    let entry = &report.imported[0];
    assert_eq!(
        entry.size,
        [2.0, 1.0, 0.8],
        "200 × 100 × 80 units guessed as centimetres"
    );
    assert_eq!(
        (entry.scale, entry.origin),
        (1.0, [0.0; 3]),
        "converted models are baked in metres"
    );
    let glb = std::fs::read(out.path().join("cube.glb")).expect("glb");
    let summary = inspect_glb(&glb).expect("valid");
    assert_eq!(
        (summary.textures, summary.triangles),
        (1, 12),
        "texture found beside the OBJ by its file name"
    );
    let mm = ImportOptions {
        unit: Some("mm".parse().expect("unit")),
        id: Some("cube mm".into()),
        ..Default::default()
    };
    let report = import(&src.path().join("cube.obj"), out.path(), &mm).expect("imports");
    assert_eq!(report.imported[0].id, "cube_mm");
    assert_eq!(report.imported[0].size, [0.2, 0.1, 0.08]);
}

#[test]
fn broken_single_files_are_errors_that_name_them() {
    let src = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    let broken = src.path().join("broken.gltf");
    std::fs::write(
        &broken,
        r#"{"asset":{"version":"2.0"},"meshes":[{"primitives":[{"attributes":{"POSITION":7}}]}]}"#,
    )
    .expect("write");
    let err = import(&broken, out.path(), &ImportOptions::default()).expect_err("broken glTF");
    assert!(
        matches!(&err, AssetsError::Input { item, .. } if item == "broken.gltf"),
        "{err}"
    );
    let truncated = src.path().join("truncated.glb");
    let glb = builtin_glb("rug");
    std::fs::write(&truncated, &glb[..glb.len() / 2]).expect("write");
    let err = import(&truncated, out.path(), &ImportOptions::default()).expect_err("truncated GLB");
    assert!(err.to_string().starts_with("truncated.glb: "), "{err}");
    let no_mtl = src.path().join("no_mtl.obj");
    std::fs::write(&no_mtl, CUBE_OBJ).expect("write");
    let err = import(&no_mtl, out.path(), &ImportOptions::default()).expect_err("MTL missing");
    assert!(
        err.to_string().contains("no_mtl.obj") && err.to_string().contains("cube.mtl"),
        "{err}"
    );
    let text = src.path().join("notes.txt");
    std::fs::write(&text, "hello").expect("write");
    let err = import(&text, out.path(), &ImportOptions::default()).expect_err("unsupported");
    assert!(matches!(err, AssetsError::Unsupported { .. }), "{err}");
    assert!(
        !out.path().join("catalog.json").exists(),
        "nothing imported, nothing written"
    );
}

#[test]
fn a_broken_catalogue_is_not_overwritten() {
    let src = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    std::fs::write(out.path().join("catalog.json"), "{ not json").expect("write");
    let a = src.path().join("rug.glb");
    std::fs::write(&a, builtin_glb("rug")).expect("write");
    let err = import(&a, out.path(), &ImportOptions::default()).expect_err("broken catalogue");
    assert!(matches!(err, AssetsError::Catalog { .. }), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.path().join("catalog.json")).expect("kept"),
        "{ not json"
    );
}

#[test]
fn a_directory_imports_what_it_can() {
    let src = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    std::fs::write(src.path().join("a_rug.glb"), builtin_glb("rug")).expect("write");
    std::fs::write(
        src.path().join("b_broken.glb"),
        b"glTF\x02\x00\x00\x00garbage",
    )
    .expect("write");
    std::fs::write(src.path().join("c_cube.obj"), CUBE_OBJ).expect("write");
    std::fs::write(src.path().join("cube.mtl"), CUBE_MTL).expect("write");
    std::fs::write(
        src.path().join("d_no_mtl.obj"),
        CUBE_OBJ.replace("cube.mtl", "gone.mtl"),
    )
    .expect("write");
    std::fs::write(src.path().join("readme.txt"), "ignored").expect("write");
    let report = import(src.path(), out.path(), &ImportOptions::default()).expect("imports");
    let ids: Vec<&str> = report.imported.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["a_rug", "c_cube"], "{report}");
    let items: Vec<&str> = report.errors.iter().map(|e| e.item.as_str()).collect();
    assert_eq!(items, ["b_broken.glb", "d_no_mtl.obj"], "{report}");
    assert!(report.errors[1].message.contains("gone.mtl"), "{report}");
}

/// A zip of `entries` (stored or deflated), in order.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (name, bytes)) in entries.iter().enumerate() {
        let method = if i % 2 == 0 {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        writer.start_file(*name, options).expect("start");
        writer.write_all(bytes).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

fn broken_library() -> Vec<u8> {
    let properties = "\
id=test#lib\nname=Test library\nlicense=CC0\n\
id#1=test#goodChair\nname#1=Good chair\ncategory#1=Living room\nmodel#1=/lib/cube/cube.obj\nwidth#1=45\ndepth#1=50\nheight#1=90\ncreator#1=Tester\n\
id#2=test#ghost\nname#2=Missing model\ncategory#2=Bedroom\nmodel#2=/lib/ghost/ghost.obj\nwidth#2=10\ndepth#2=10\nheight#2=10\n\
id#3=test#brokenGltf\nname#3=Broken glTF\ncategory#3=Office\nmodel#3=/lib/broken/broken.gltf\nwidth#3=10\ndepth#3=10\nheight#3=10\n\
id#4=test#noMtl\nname#4=OBJ without MTL\ncategory#4=Office\nmodel#4=/lib/nomtl/nomtl.obj\nwidth#4=10\ndepth#4=10\nheight#4=10\n\
id#5=test#stand\nname#5=Caf\\u00e9 stand\ncategory#5=Bedroom\nmodel#5=/lib/stand/stand.glb\nwidth#5=47\ndepth#5=44\nheight#5=55\n\
id#6=test#badWidth\nname#6=Bad width\nmodel#6=/lib/cube/cube.obj\nwidth#6=wide\ndepth#6=1\nheight#6=1\n\
id#7=test#max\nname#7=3DS model\nmodel#7=/lib/max/max.3ds\nwidth#7=1\ndepth#7=1\nheight#7=1\n";
    let stand = builtin_glb("nightstand");
    let nomtl = CUBE_OBJ.replace("cube.mtl", "nomtl.mtl");
    zip_of(&[
        ("PluginFurnitureCatalog.properties", properties.as_bytes()),
        ("lib/cube/cube.obj", CUBE_OBJ.as_bytes()),
        ("lib/cube/cube.mtl", CUBE_MTL.as_bytes()),
        ("lib/cube/wood.png", PNG),
        (
            "lib/broken/broken.gltf",
            br#"{"asset":{"version":"2.0"},"nodes":[{"mesh":3}]}"#,
        ),
        ("lib/nomtl/nomtl.obj", nomtl.as_bytes()),
        ("lib/max/max.3ds", b"MM\x00\x00"),
        ("lib/stand/stand.glb", &stand),
    ])
}

#[test]
fn a_library_with_broken_items_imports_the_rest() {
    let src = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    let path = src.path().join("Broken.sh3f");
    std::fs::write(&path, broken_library()).expect("write");
    let report = import(&path, out.path(), &ImportOptions::default()).expect("imports");
    let ids: Vec<&str> = report.imported.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["good_chair", "stand"], "{report}");
    let chair = &report.imported[0];
    assert_eq!(
        (chair.size, chair.category.as_str()),
        ([0.45, 0.5, 0.9], "living_room")
    );
    assert_eq!(
        (chair.licence.as_str(), chair.author.as_deref()),
        ("CC0", Some("Tester"))
    );
    assert_eq!(report.imported[1].name, "Caf\u{e9} stand");
    assert_eq!(report.imported[1].size, nightstand_size());
    let expect = [
        ("Broken.sh3f: item 6 \"Bad width\"", "`width` is `wide`"),
        (
            "Broken.sh3f: item 2 \"Missing model\"",
            "`lib/ghost/ghost.obj` is not in the archive",
        ),
        (
            "Broken.sh3f: item 3 \"Broken glTF\"",
            "not a valid glTF 2.0 file",
        ),
        (
            "Broken.sh3f: item 4 \"OBJ without MTL\"",
            "`nomtl.mtl` (mtllib) is missing",
        ),
        ("Broken.sh3f: item 7 \"3DS model\"", "`.3ds` file"),
    ];
    assert_eq!(report.errors.len(), expect.len(), "{report}");
    for (error, (item, needle)) in report.errors.iter().zip(expect) {
        assert_eq!(error.item, item, "{report}");
        assert!(error.message.contains(needle), "{item}: {}", error.message);
    }
    let catalog = Catalog::load(&out.path().join("catalog.json"))
        .expect("loads")
        .expect("exists");
    assert_entry_matches_glb(out.path(), &catalog, "good_chair");
    assert_entry_matches_glb(out.path(), &catalog, "stand");
}

#[test]
fn a_truncated_library_imports_the_entries_before_the_cut() {
    let src = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    let zip = broken_library();
    // Cut inside the last entry (the .glb): no central directory, the first entries intact.
    let name = b"lib/stand/stand.glb";
    let at = zip
        .windows(name.len())
        .position(|w| w == name)
        .expect("entry header");
    let path = src.path().join("Cut.sh3f");
    std::fs::write(&path, &zip[..at + name.len() + 500]).expect("write");
    let report =
        import(&path, out.path(), &ImportOptions::default()).expect("imports what is there");
    let ids: Vec<&str> = report.imported.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["good_chair"], "{report}");
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.item == "Cut.sh3f" && e.message.contains("not a complete zip")),
        "{report}"
    );
    let stand = report
        .errors
        .iter()
        .find(|e| e.item.contains("item 5"))
        .expect("an error for the cut item");
    assert!(stand.message.contains("truncated"), "{}", stand.message);
    // Cut before the catalogue ends: nothing to import, one error naming the file.
    std::fs::write(&path, &zip[..60]).expect("write");
    let err = import(&path, out.path(), &ImportOptions::default()).expect_err("no catalogue");
    assert!(
        err.to_string()
            .starts_with("Cut.sh3f: no `PluginFurnitureCatalog.properties`"),
        "{err}"
    );
}

/// A small deterministic generator (no dependency needed for a few hundred mutations).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn mutated_files_give_errors_not_panics() {
    let src = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    let mut rng = Lcg(7);
    let glb = builtin_glb("office_chair");
    let obj = CUBE_OBJ.as_bytes().to_vec();
    let library = broken_library();
    let alphabet = b"0123456789 -./\nvfo#\x00\xff";
    for round in 0..150 {
        for (name, original) in [("m.glb", &glb), ("m.obj", &obj), ("m.sh3f", &library)] {
            let mut bytes = original.clone();
            for _ in 0..1 + rng.next() % 8 {
                let at = rng.next() % bytes.len();
                match rng.next() % 3 {
                    0 => bytes[at] = alphabet[rng.next() % alphabet.len()],
                    1 => bytes.truncate(at.max(1)),
                    _ => bytes.insert(at, alphabet[rng.next() % alphabet.len()]),
                }
            }
            let path = src.path().join(name);
            std::fs::write(&path, &bytes).expect("write");
            std::fs::write(src.path().join("cube.mtl"), CUBE_MTL).expect("write");
            // Either result is fine; a panic fails the test.
            let _ = import(&path, out.path(), &ImportOptions::default())
                .map_err(|e| (round, e.to_string()));
        }
    }
}
