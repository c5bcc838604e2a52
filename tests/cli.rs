//! The command line end to end: good runs, and bad input that must exit with status 2 and a
//! message naming the problem, never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn relayout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relayout"))
        .args(args)
        .output()
        .expect("run relayout")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const GOOD: &str = r#"{
  "schema": "relayout.scene/1",
  "room": { "width": 4.0, "depth": 3.5, "height": 2.7,
            "openings": [ { "kind": "door", "wall": "B", "offset": 2.9, "width": 0.9 } ] },
  "objects": [
    { "id": "bed-0", "category": "bed", "size": [1.4, 2.0, 0.5] },
    { "id": "nightstand-0", "category": "nightstand", "size": [0.45, 0.4, 0.55] },
    { "id": "desk-0", "category": "desk", "size": [1.1, 0.55, 0.75] }
  ],
  "units": [ { "id": "sleep", "anchor": "bed-0", "members": ["nightstand-0"] } ],
  "relations": [
    { "type": "against_wall", "source": "sleep", "wall": "L" },
    { "type": "left_of", "source": "nightstand-0", "target": "bed-0", "clearance": 0.05, "align": "back" },
    { "type": "against_wall", "source": "desk-0", "wall": "T" }
  ]
}"#;

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

#[test]
fn solve_writes_poses_and_eval_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let scene = write(dir.path(), "s.json", GOOD);
    let out = dir.path().join("solved.json");
    let o = relayout(&[
        "solve",
        scene.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let (so, se) = text(&o);
    assert!(o.status.success(), "{so}{se}");
    assert!(so.contains("CR 0.000") && so.contains("RS 1.000"), "{so}");
    let o = relayout(&["eval", out.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["cr"], 0.0);
    assert_eq!(v["or"], 0.0);
    assert_eq!(v["rs"], 1.0);
    assert_eq!(v["objects"], 3);
}

#[test]
fn import_r3l_then_eval_scores_r3l_own_poses() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r3l.json");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/core/tests/fixtures/r3l_bedroom_1.json"
    );
    let o = relayout(&["import-r3l", fixture, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{:?}", text(&o));
    let o = relayout(&["eval", out.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // R³L's released pose leaves the sideboard and the wardrobe outside the room.
    assert_eq!(
        v["out_of_room"],
        serde_json::json!(["sideboard-0", "wardrobe-0"])
    );
}

#[test]
fn bench_prints_a_row_per_scene() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tiny.json", GOOD);
    let o = relayout(&[
        "bench",
        "--scenes",
        dir.path().to_str().unwrap(),
        "--repeats",
        "1",
        "--json",
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows[0]["scene"], "tiny");
    assert_eq!(rows[0]["objects"], 3);
    assert_eq!(rows[0]["cr"], 0.0);
}

/// Each bad input: exit status 2, a message containing `expect`, no panic.
fn refused(name: &str, body: &str, command: &str, expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "bad.json", body);
    let out = dir.path().join("out.json");
    let args: Vec<&str> = match command {
        "solve" | "import-r3l" => vec![command, p.to_str().unwrap(), "-o", out.to_str().unwrap()],
        _ => vec![command, p.to_str().unwrap()],
    };
    let o = relayout(&args);
    let (so, se) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{name}: {so}{se}");
    assert!(se.contains(expect), "{name}: expected {expect:?} in:\n{se}");
    assert!(!se.contains("panicked"), "{name}: {se}");
    assert!(!out.exists(), "{name}: nothing is written for bad input");
}

#[test]
fn bad_scenes_exit_2_naming_the_problem() {
    refused("malformed", &GOOD[..200], "solve", "EOF while parsing");
    refused(
        "unknown field",
        &GOOD.replace(r#""height": 2.7"#, r#""height": 2.7, "colour": 1"#),
        "solve",
        "room.colour: unknown field `colour`",
    );
    refused(
        "NaN",
        &GOOD.replace("[1.4, 2.0, 0.5]", "[NaN, 2.0, 0.5]"),
        "solve",
        "objects[0].size",
    );
    refused(
        "negative size",
        &GOOD.replace("[1.4, 2.0, 0.5]", "[-1.4, 2.0, 0.5]"),
        "solve",
        "objects[0].size[0]: must be a positive finite number",
    );
    refused(
        "missing object",
        &GOOD.replace(r#""target": "bed-0""#, r#""target": "lamp-9""#),
        "solve",
        r#"relations[1].target: unknown object "lamp-9""#,
    );
    refused(
        "missing anchor",
        &GOOD.replace(r#""anchor": "bed-0""#, r#""anchor": "bed-7""#),
        "solve",
        r#"units[0].anchor: unknown object "bed-7""#,
    );
    let empty =
        r#"{"schema":"relayout.scene/1","room":{"width":4,"depth":3,"height":2.7},"objects":[]}"#;
    refused(
        "empty room",
        empty,
        "solve",
        "objects: the scene has no objects",
    );
    refused(
        "too large",
        &GOOD.replace("[1.1, 0.55, 0.75]", "[4.5, 0.55, 0.75]"),
        "solve",
        r#"objects[2].size: "desk-0" (4.5 × 0.55 m) is larger than the 4 × 3.5 m room"#,
    );
    refused(
        "no poses",
        GOOD,
        "eval",
        "poses: no pose for bed-0, nightstand-0, desk-0",
    );
    refused(
        "no poses",
        GOOD,
        "critique",
        "poses: no pose for bed-0, nightstand-0, desk-0",
    );
    refused("not r3l", GOOD, "import-r3l", "bad.json");
}

/// A kitchen whose fridge stands across the room from the sink and the stove.
const FAR_FRIDGE: &str = r#"{
  "schema": "relayout.scene/1",
  "room": { "width": 5.0, "depth": 4.0, "height": 2.7,
            "openings": [ { "kind": "door", "wall": "B", "offset": 0.2, "width": 0.9 } ] },
  "objects": [
    { "id": "sink-0", "category": "sink", "size": [1.0, 0.6, 0.9] },
    { "id": "stove-0", "category": "stove", "size": [0.75, 0.65, 0.9] },
    { "id": "fridge-0", "category": "fridge", "size": [0.7, 0.7, 1.8] }
  ],
  "poses": {
    "sink-0": { "x": 1.8, "y": 0.3 },
    "stove-0": { "x": 3.0, "y": 0.325 },
    "fridge-0": { "x": 0.4, "y": 3.65, "rz": 180 }
  }
}"#;

#[test]
fn critique_names_the_broken_rule_and_eval_adds_it_to_the_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "kitchen.json", FAR_FRIDGE);
    let o = relayout(&["critique", p.to_str().unwrap()]);
    let (so, se) = text(&o);
    assert!(o.status.success(), "{so}{se}");
    assert!(so.contains("design rules: 3 of 4 hold"), "{so}");
    assert!(
        so.contains("FAIL work_triangle (0.25): fridge-0 is 3.0 m from sink-0"),
        "{so}"
    );
    assert!(so.contains("n/a  bed_access: no bed"), "{so}");
    let o = relayout(&["critique", p.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let triangle = &v["rules"][0];
    assert_eq!(triangle["rule"], "work_triangle");
    assert_eq!(triangle["status"], "failed");
    assert_eq!(
        triangle["objects"],
        serde_json::json!(["sink-0", "fridge-0", "stove-0"])
    );
    let o = relayout(&["eval", p.to_str().unwrap()]);
    let (so, _) = text(&o);
    assert!(
        so.contains("CR 0.000") && so.contains("  work_triangle: fridge-0"),
        "{so}"
    );
    assert!(
        !so.contains("bed_access"),
        "eval lists only what fails: {so}"
    );
    let o = relayout(&["eval", p.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["cr"], 0.0);
    assert_eq!(v["design"]["rules"][0]["status"], "failed");
}

#[test]
fn missing_file_exits_2() {
    let o = relayout(&["eval", "/nonexistent/scene.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("cannot read /nonexistent/scene.json"));
}

#[test]
fn a_run_file_that_is_not_a_run_exits_2_before_any_window() {
    let o = relayout(&["--trace", "bench/scenes/bedroom.json"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("a \"relayout.scene/1\" document, not a run"),
        "{err}"
    );
    let o = relayout(&["edit", "--trace", "no-such-run.json"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot read no-such-run.json"), "{err}");
}

#[test]
fn room_changes_are_checked_and_written_and_export_writes_a_glb() {
    let dir = tempfile::tempdir().unwrap();
    let scene = write(dir.path(), "s.json", GOOD);
    let solved = dir.path().join("solved.json");
    let o = relayout(&[
        "solve",
        scene.to_str().unwrap(),
        "-o",
        solved.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    let s = solved.to_str().unwrap();
    // Listing names the walls and the door.
    let o = relayout(&["room", s]);
    let (out, _) = text(&o);
    assert!(
        out.contains("wall T") && out.contains("opening 0: door on B at 2.90–3.80 m"),
        "{out}"
    );
    // A window on T, and a split of R making a polygon: written, openings kept in place.
    let changed = dir.path().join("changed.json");
    let o = relayout(&[
        "room",
        s,
        "--add-window",
        "T:1.2:1.0",
        "--split-wall",
        "R:1.5",
        "-o",
        changed.to_str().unwrap(),
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(out.contains("a polygon of 5 corners"), "{out}");
    assert!(
        out.contains("opening 1: window on w3 at 1.80–2.80 m"),
        "{out}"
    );
    // A window wider than its wall: exit 2, naming it; nothing written.
    let never = dir.path().join("never.json");
    let o = relayout(&[
        "room",
        s,
        "--add-window",
        "L:0:5",
        "-o",
        never.to_str().unwrap(),
    ]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--add-window L:0:5") && err.contains("wider than wall L"),
        "{err}"
    );
    assert!(!never.exists());
    let o = relayout(&[
        "room",
        s,
        "--add-door",
        "B:x:0.9",
        "-o",
        never.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).1.contains("OFFSET \"x\" is not a number"),
        "{:?}",
        text(&o)
    );
    // Shrinking leaves the desk outside: written, the desk named, not moved.
    let small = dir.path().join("small.json");
    let o = relayout(&["room", s, "--depth", "3.0", "-o", small.to_str().unwrap()]);
    let (_, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("outside the room (not moved): desk-0"),
        "{err}"
    );
    // Export: a .glb with a node per object; a wrong extension and an unsolved scene exit 2.
    let glb = dir.path().join("room.glb");
    let o = relayout(&["export", s, "-o", glb.to_str().unwrap()]);
    assert!(o.status.success(), "{:?}", text(&o));
    let bytes = std::fs::read(&glb).unwrap();
    assert_eq!(&bytes[..4], b"glTF");
    let o = relayout(&[
        "export",
        s,
        "-o",
        dir.path().join("room.gltf").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = relayout(&[
        "export",
        scene.to_str().unwrap(),
        "-o",
        glb.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("solve it first"), "{:?}", text(&o));
}
