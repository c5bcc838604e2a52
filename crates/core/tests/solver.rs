//! End-to-end solver behaviour on small scenes.

use relayout_core::scene::parse_scene;
use relayout_core::solver::{SolveOptions, solve};

const BEDROOM: &str = r#"{
  "schema": "relayout.scene/1",
  "room": { "width": 4.0, "depth": 4.5, "height": 2.7,
            "openings": [ { "kind": "door", "wall": "B", "offset": 2.8, "width": 0.9 } ] },
  "objects": [
    { "id": "bed-0", "category": "bed", "size": [1.6, 2.1, 0.55] },
    { "id": "nightstand-0", "category": "nightstand", "size": [0.45, 0.4, 0.55] },
    { "id": "nightstand-1", "category": "nightstand", "size": [0.45, 0.4, 0.55] },
    { "id": "lamp-0", "category": "lamp", "size": [0.25, 0.25, 0.4], "support": "object" },
    { "id": "desk-0", "category": "desk", "size": [1.2, 0.6, 0.75] },
    { "id": "chair-0", "category": "office_chair", "size": [0.55, 0.55, 1.0] },
    { "id": "wardrobe-0", "category": "wardrobe", "size": [1.2, 0.6, 2.0] }
  ],
  "units": [
    { "id": "sleeping", "anchor": "bed-0", "members": ["nightstand-0", "nightstand-1", "lamp-0"] },
    { "id": "work", "anchor": "desk-0", "members": ["chair-0"] }
  ],
  "relations": [
    { "type": "against_wall", "source": "sleeping", "wall": "L" },
    { "type": "left_of", "source": "nightstand-0", "target": "bed-0", "clearance": 0.05, "align": "back" },
    { "type": "right_of", "source": "nightstand-1", "target": "bed-0", "clearance": 0.05, "align": "back" },
    { "type": "align", "source": "nightstand-0", "target": "bed-0", "angle": 0 },
    { "type": "align", "source": "nightstand-1", "target": "bed-0", "angle": 0 },
    { "type": "on_top_of", "source": "lamp-0", "target": "nightstand-0" },
    { "type": "corner", "source": "work", "corner": "TR", "wall": "T" },
    { "type": "in_front_of", "source": "chair-0", "target": "desk-0", "clearance": 0.1, "align": "center" },
    { "type": "facing", "source": "chair-0", "target": "desk-0" },
    { "type": "against_wall", "source": "wardrobe-0", "wall": "R" },
    { "type": "clear_front", "source": "wardrobe-0", "depth": 0.6 }
  ]
}"#;

#[test]
fn bedroom_solves_without_collisions_and_with_every_relation() {
    let scene = parse_scene(BEDROOM).unwrap();
    let sol = solve(&scene, &SolveOptions::default()).unwrap();
    let m = &sol.metrics;
    assert_eq!(m.cr, 0.0, "{:?}", sol.report);
    assert_eq!(m.or_, 0.0, "{:?}", sol.report);
    assert_eq!(m.rs, Some(1.0), "{:?}", sol.report);
    // The bed's back is against the left wall: it faces +X (yaw −90°) and its centre is half
    // its length from the wall.
    let bed = sol.poses["bed-0"];
    assert!((bed.rz + 90.0).abs() < 5.0, "{bed:?}");
    assert!((bed.x - 1.05).abs() < 0.05, "{bed:?}");
    // The lamp stands on the nightstand.
    assert!((sol.poses["lamp-0"].z - 0.55).abs() < 1e-9);
}

#[test]
fn same_seed_same_layout_and_history_is_recorded() {
    let scene = parse_scene(BEDROOM).unwrap();
    let opts = SolveOptions {
        seed: 7,
        record_poses_every: Some(10),
        ..Default::default()
    };
    let a = solve(&scene, &opts).unwrap();
    let b = solve(&scene, &opts).unwrap();
    assert_eq!(a.poses, b.poses);
    assert!(a.history.len() > 10);
    assert!(
        a.history
            .iter()
            .any(|h| h.poses.as_ref().is_some_and(|p| p.len() == 7))
    );
    let first = a.history.first().unwrap().loss.total();
    let last = a
        .history
        .iter()
        .rev()
        .find(|h| h.start == a.best_start)
        .unwrap()
        .loss
        .relation;
    assert!(last < first, "relation loss should fall: {first} → {last}");
}

#[test]
fn a_good_starting_layout_is_kept() {
    // Solve once, then solve again from the result: the first start (the given poses) is
    // already perfect, so it is the answer and no other start runs.
    let mut scene = parse_scene(BEDROOM).unwrap();
    scene.poses = solve(&scene, &SolveOptions::default()).unwrap().poses;
    let again = solve(
        &scene,
        &SolveOptions {
            seed: 99,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((again.best_start, again.starts_run), (0, 1));
    for (id, p) in &scene.poses {
        let q = again.poses[id];
        assert!(
            (p.x - q.x).abs() < 0.02 && (p.y - q.y).abs() < 0.02,
            "{id}: {p:?} → {q:?}"
        );
    }
}

#[test]
fn objects_that_cannot_all_fit_end_with_a_report() {
    // Eight 1.8 × 0.9 m wardrobes, each against a wall, in a 3 × 3 m room: at most a few fit.
    let objects: Vec<String> = (0..8)
        .map(|i| format!(r#"{{"id":"wardrobe-{i}","category":"wardrobe","size":[1.8,0.9,2.0]}}"#))
        .collect();
    let relations: Vec<String> = (0..8)
        .map(|i| {
            format!(
                r#"{{"type":"against_wall","source":"wardrobe-{i}","wall":"{}"}}"#,
                ["L", "R", "B", "T"][i % 4]
            )
        })
        .collect();
    let text = format!(
        r#"{{"schema":"relayout.scene/1","room":{{"width":3,"depth":3,"height":2.7}},"objects":[{}],"relations":[{}]}}"#,
        objects.join(","),
        relations.join(",")
    );
    let scene = parse_scene(&text).unwrap();
    let sol = solve(&scene, &SolveOptions::default()).unwrap();
    // Bounded work, counted rather than timed: every start stops at its iteration budget (the
    // relations stage at most twice, 150 each, physics 200, one legalize record, polish 150).
    const PER_START: usize = 2 * 150 + 200 + 1 + 150;
    for start in 0..sol.starts_run {
        let records = sol.history.iter().filter(|h| h.start == start).count();
        assert!(
            (1..=PER_START).contains(&records),
            "start {start}: {records} iterations"
        );
    }
    assert!(
        sol.history.iter().all(|h| h.start < sol.starts_run),
        "iterations recorded for a start that did not run"
    );
    assert!(sol.metrics.cr > 0.0);
    assert_eq!(sol.starts_run, 6, "every start was tried");
    assert!(
        sol.report
            .iter()
            .any(|l| l.contains(" and ") && l.ends_with("overlap")),
        "{:?}",
        sol.report
    );
}

/// A designer's relation and a planner's that contradict it: the planner's yields.
#[test]
fn the_designers_relation_wins_over_the_planners() {
    let text = BEDROOM.replace(
        r#"{ "type": "against_wall", "source": "wardrobe-0", "wall": "R" },"#,
        r#"{ "type": "against_wall", "source": "wardrobe-0", "wall": "T", "origin": "planner" },
           { "type": "against_wall", "source": "wardrobe-0", "wall": "R" },"#,
    );
    let scene = parse_scene(&text).unwrap();
    let s = solve(&scene, &SolveOptions::default()).unwrap();
    let w = s.poses["wardrobe-0"];
    // Against R: its back (depth 0.6) on x = 4, facing −X.
    assert!((w.x - 3.7).abs() < 0.05, "wardrobe at {w:?}");
    assert!(s.metrics.colliding_pairs.is_empty(), "{:?}", s.report);
}

/// The floor kept clear stays clear, and the relation counts as satisfied.
#[test]
fn a_kept_clear_area_is_left_free() {
    let text = BEDROOM.replace(
        r#"{ "type": "clear_front", "source": "wardrobe-0", "depth": 0.6 }"#,
        r#"{ "type": "clear_front", "source": "wardrobe-0", "depth": 0.6 },
           { "type": "keep_clear", "area": [0.0, 0.0, 4.0, 1.5] }"#,
    );
    let scene = parse_scene(&text).unwrap();
    let s = solve(&scene, &SolveOptions::default()).unwrap();
    for (id, p) in &s.poses {
        let o = &scene.objects[scene.object_index(id).unwrap()];
        let half = 0.5 * o.size[0].max(o.size[1]);
        if o.support == relayout_core::scene::Support::Floor {
            assert!(p.y - half > 1.5 - 0.06, "{id} at {p:?} is in the kept area");
        }
    }
    assert!(s.metrics.unsatisfied.is_empty(), "{:?}", s.report);
}

#[test]
fn a_cancelled_solve_stops_and_a_finished_one_reports_all_done() {
    let scene = parse_scene(BEDROOM).unwrap();
    let control = relayout_core::solver::SolveControl::new();
    assert_eq!(control.progress().fraction, 0.0);
    let done = relayout_core::solver::solve_with(&scene, &SolveOptions::default(), &control);
    assert!(done.is_ok());
    let p = control.progress();
    assert_eq!((p.fraction, p.starts), (1.0, 6));
    let stopped = relayout_core::solver::SolveControl::new();
    stopped.cancel();
    let r = relayout_core::solver::solve_with(&scene, &SolveOptions::default(), &stopped);
    assert!(
        matches!(r, Err(relayout_core::solver::SolveError::Cancelled)),
        "{:?}",
        r.map(|s| s.starts_run)
    );
    assert_eq!(stopped.progress().fraction, 0.0);
}
