//! The benchmark scenes in `bench/scenes/`: every file parses and validates as a
//! `relayout.scene/1` document, the set spans small to large rooms, and `r3l_bedroom_1.json` is
//! exactly what the R³L importer makes of the R³L sample.

use std::path::{Path, PathBuf};

use relayout_core::r3l::import_r3l;
use relayout_core::scene::{OpeningKind, Scene, parse_scene};

fn scenes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/scenes")
}

fn bench_scenes() -> Vec<(String, Scene)> {
    let dir = scenes_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let scene = parse_scene(&text).unwrap_or_else(|e| panic!("{}:\n{e}", p.display()));
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, scene)
        })
        .collect()
}

#[test]
fn every_bench_scene_parses_and_validates() {
    let scenes = bench_scenes();
    assert!(
        scenes.len() >= 8,
        "only {} scenes in bench/scenes",
        scenes.len()
    );
    let counts: Vec<usize> = scenes.iter().map(|(_, s)| s.objects.len()).collect();
    assert!(counts.iter().any(|&n| n <= 5), "no small scene: {counts:?}");
    assert!(
        counts.iter().any(|&n| (40..80).contains(&n)),
        "no scene of 40+ objects: {counts:?}"
    );
    assert!(
        counts.iter().any(|&n| n >= 80),
        "no scene of 80+ objects: {counts:?}"
    );
    for (name, s) in &scenes {
        assert!(!s.relations.is_empty(), "{name}: no relations");
        if name.starts_with("r3l_") {
            assert_eq!(s.poses.len(), s.objects.len(), "{name}: R³L's poses");
        } else {
            assert!(
                s.poses.is_empty(),
                "{name}: a benchmark scene carries no poses"
            );
            assert!(!s.instruction.is_empty(), "{name}: no instruction");
            assert!(
                s.room.openings.iter().any(|o| o.kind == OpeningKind::Door),
                "{name}: no door"
            );
            let floor: f64 = s
                .objects
                .iter()
                .filter(|o| o.support == relayout_core::scene::Support::Floor)
                .map(|o| o.size[0] * o.size[1])
                .sum();
            let share = floor / (s.room.width * s.room.depth);
            assert!(
                share <= 0.36,
                "{name}: furniture covers {:.0}% of the floor",
                share * 100.0
            );
        }
    }
}

/// `bench/scenes/r3l_bedroom_1.json` is the importer's output for the R³L sample. Set
/// `RELAYOUT_UPDATE_BENCH=1` to rewrite it after changing the importer.
#[test]
fn r3l_bench_scene_is_the_importers_output() {
    let scene = import_r3l(include_str!("fixtures/r3l_bedroom_1.json")).unwrap();
    let path = scenes_dir().join("r3l_bedroom_1.json");
    if std::env::var_os("RELAYOUT_UPDATE_BENCH").is_some() {
        let mut text = serde_json::to_string_pretty(&scene).unwrap();
        text.push('\n');
        std::fs::write(&path, text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let parsed = parse_scene(&committed).ok();
    assert!(
        parsed.as_ref() == Some(&scene),
        "{} is stale: run `RELAYOUT_UPDATE_BENCH=1 cargo test -p relayout-core --test bench_scenes`",
        path.display()
    );
    assert_eq!(scene.objects.len(), 14);
    assert_eq!(scene.relations.len(), 24);
}

/// Each hand-made scene has a witness layout in `bench/witness/<name>.poses.json` (written with
/// the scenes): under the crate's own metrics it is collision-free, inside the room and satisfies
/// every relation, so each scene is feasible.
#[test]
fn every_bench_scene_has_a_feasible_witness() {
    let wdir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/witness");
    let mut checked = 0;
    for (name, scene) in bench_scenes() {
        if name.starts_with("r3l_") {
            continue;
        }
        let path = wdir.join(format!("{name}.poses.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let poses: std::collections::BTreeMap<String, relayout_core::scene::Pose> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let m = relayout_core::metrics::evaluate(&scene, &poses)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let unsatisfied: Vec<String> = m
            .unsatisfied
            .iter()
            .map(|&i| format!("relations[{i}] {:?}", scene.relations[i]))
            .collect();
        assert!(
            m.cf && m.colliding_pairs.is_empty(),
            "{name}: witness collides: {:?}",
            m.colliding_pairs
        );
        assert!(
            m.out_of_room.is_empty(),
            "{name}: witness leaves the room: {:?}",
            m.out_of_room
        );
        assert!(
            unsatisfied.is_empty(),
            "{name}: witness breaks\n{}",
            unsatisfied.join("\n")
        );
        eprintln!(
            "{name}: {} objects, {} relations, AC {:?}, inaccessible {:?}",
            m.objects, m.relations, m.ac, m.inaccessible
        );
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} witnesses");
}
