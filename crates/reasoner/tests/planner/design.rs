//! The offline planner judged by the design rules: repeated groups in rows with aisles, desks
//! turned to their board with the light from the side, kitchens kept together, and walkways to
//! every piece in rooms of any shape and in a dormitory (the planner bench's scenes, which no
//! planner rule names).

use relayout_core::rules::{DesignReport, RuleSet, RuleStatus, check};
use relayout_core::scene::{Scene, parse_scene};

use crate::support::*;

/// A planner bench scene (`bench/planner/`), its instruction (if any) kept.
fn bench_scene(name: &str) -> Scene {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../bench/planner")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    parse_scene(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A benchmark scene (`bench/scenes/`) with its own units, relations and poses set aside: its
/// instruction alone.
fn instruction_scene(name: &str) -> Scene {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../bench/scenes")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut scene = parse_scene(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    scene.units.clear();
    scene.relations.clear();
    scene.origins.clear();
    scene.poses.clear();
    scene
}

/// Lays a scene out offline; returns the layout and its design report.
fn planned(name: &str, scene: &Scene) -> (Scene, DesignReport) {
    let run = run_offline(scene);
    let g = run
        .result
        .unwrap_or_else(|e| panic!("{name}: the pipeline failed: {e}"));
    assert_eq!(g.metrics.cr, 0.0, "{name}: {:?}", g.metrics.colliding_pairs);
    assert_eq!(g.metrics.or_, 0.0, "{name}: {:?}", g.metrics.out_of_room);
    let report = check(&g.scene, &g.scene.poses, RuleSet::All).expect("every piece posed");
    (g.scene, report)
}

fn status(report: &DesignReport, rule: &str) -> RuleStatus {
    report
        .rules
        .iter()
        .find(|r| r.rule == rule)
        .unwrap_or_else(|| panic!("no rule {rule}"))
        .status
}

fn assert_held(name: &str, report: &DesignReport, rule: &str) {
    let r = report.rules.iter().find(|r| r.rule == rule).expect("rule");
    assert_eq!(r.status, RuleStatus::Held, "{name}: {rule}: {}", r.message);
}

/// A hall of `tables` dining tables with four chairs each, and one door.
fn hall(tables: usize, width: f64, depth: f64) -> Scene {
    let mut objects = Vec::new();
    for t in 0..tables {
        objects.push(format!(
            r#"{{"id":"table-{t}","category":"dining_table","size":[1.2,0.8,0.75]}}"#
        ));
        for c in 0..4 {
            objects.push(format!(
                r#"{{"id":"chair-{}","category":"dining_chair","size":[0.45,0.5,0.9]}}"#,
                4 * t + c
            ));
        }
    }
    parse_scene(&format!(
        r#"{{"schema":"relayout.scene/1","room":{{"width":{width},"depth":{depth},"height":3,
            "openings":[{{"kind":"door","wall":"B","offset":0.5,"width":1.2}}]}},
            "objects":[{}]}}"#,
        objects.join(",")
    ))
    .expect("a valid hall")
}

/// The distinct values (to 2 cm) of a coordinate, with how many share each.
fn clusters(values: &[f64]) -> Vec<(f64, usize)> {
    let mut out: Vec<(f64, usize)> = Vec::new();
    for &v in values {
        match out.iter_mut().find(|(c, _)| (c - v).abs() < 0.02) {
            Some((_, n)) => *n += 1,
            None => out.push((v, 1)),
        }
    }
    out
}

#[test]
fn a_hall_of_tables_comes_out_in_rows_and_columns_with_aisles() {
    let scene = hall(12, 12.0, 9.0);
    let (laid, report) = planned("hall_12", &scene);
    let centres: Vec<(f64, f64)> = (0..12)
        .map(|t| {
            let p = laid.poses[&format!("table-{t}")];
            (p.x, p.y)
        })
        .collect();
    let xs = clusters(&centres.iter().map(|c| c.0).collect::<Vec<_>>());
    let ys = clusters(&centres.iter().map(|c| c.1).collect::<Vec<_>>());
    // A lattice: few columns and rows, together just enough for the twelve.
    assert!(
        xs.len() * ys.len() >= 12 && xs.len() * ys.len() < 12 + xs.len().max(ys.len()),
        "not a block of rows: columns {xs:?}, rows {ys:?}"
    );
    // Every table turned the same way.
    let yaw0 = laid.poses["table-0"].rz;
    for t in 1..12 {
        let d = yaw_diff(laid.poses[&format!("table-{t}")].rz, yaw0).abs();
        assert!(d < 2.0 || (d - 180.0).abs() < 2.0, "table-{t} turned {d}°");
    }
    assert_held("hall_12", &report, "walkways");
    assert_held("hall_12", &report, "main_route");
    assert_held("hall_12", &report, "chairs_at_tables");
}

#[test]
fn desks_in_rows_face_the_board_with_the_daylight_from_the_side() {
    let (laid, report) = planned("t_office", &bench_scene("t_office"));
    assert_held("t_office", &report, "chairs_at_tables");
    assert_held("t_office", &report, "desk_daylight");
    assert_held("t_office", &report, "walkways");
    let yaw0 = laid.poses["desk-0"].rz;
    for i in 1..8 {
        let d = yaw_diff(laid.poses[&format!("desk-{i}")].rz, yaw0).abs();
        assert!(
            d < 2.0,
            "desk-{i} turned {d}° from desk-0: not one row's way"
        );
    }
}

#[test]
fn a_studio_keeps_its_kitchen_together_and_every_piece_reachable() {
    let (_, report) = planned("l_studio", &bench_scene("l_studio"));
    assert_held("l_studio", &report, "work_triangle");
    assert_held("l_studio", &report, "walkways");
    assert_held("l_studio", &report, "fronts_clear");
    assert_held("l_studio", &report, "chairs_at_tables");
    // Its seating group across from the TV, with the main route to the bed and the sofa
    // (they failed while the fridge took the inner corner and the sofa faced the TV from 4.6 m).
    assert_held("l_studio", &report, "seating_faces_tv");
    assert_held("l_studio", &report, "main_route");
}

#[test]
fn an_l_shaped_living_room_faces_its_tv_from_the_wing() {
    // A seating group 4.1 m wide and 1.95 m deep, in arms 3 m wide: straight across from a
    // screen it fits nowhere; moved along the screen's wall, where the arms meet (the planner
    // had it facing the TV 5.7 m off, along the long arm, and before that at right angles).
    let (g, report) = planned("l_living_room", &bench_scene("l_living_room"));
    assert_held("l_living_room", &report, "seating_faces_tv");
    assert_held("l_living_room", &report, "main_route");
    let (sofa, tv) = (&g.poses["sofa-0"], &g.poses["tv-0"]);
    let d = (sofa.x - tv.x).hypot(sofa.y - tv.y);
    assert!(d < 4.1, "the sofa is {d:.2} m from the TV");
}

#[test]
fn rooms_of_every_shape_keep_a_walkway_to_every_piece() {
    for name in [
        "bedroom_4x3_6",
        "dormitory",
        "kids_room_bunk",
        "l_living_room",
        "l_studio",
        "t_lounge",
        "t_office",
        "u_dining_hall",
    ] {
        let scene = bench_scene(name);
        let run = run_offline(&scene);
        let g = run.result.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            g.metrics.ac,
            Some(1.0),
            "{name}: cut off {:?}",
            g.metrics.inaccessible
        );
        // The rules' walkway (0.6 m, to each piece's front) too: in the L-shaped living room
        // the seating's armchairs once stood 0.59 m from the TV stand, closing the group; in
        // the kids' room the bunk bed, placed first, left the desk chair 13 cm to pull out
        // into (AC 0.857) until the room was planned again with the desk first; the T-shaped
        // lounge's two sofas and four armchairs sat round one of its two coffee tables, in a
        // unit whose own map overlapped (AC 0.61), until each table gathered a group.
        let report = check(&g.scene, &g.scene.poses, RuleSet::All).expect("posed");
        assert_eq!(status(&report, "walkways"), RuleStatus::Held, "{name}");
    }
}

#[test]
fn every_stool_that_fits_along_an_island_sits_at_it() {
    // Three 0.4 m stools along a 1.6 m island: each its width and 10 cm, 1.5 m in all. (At
    // 0.55 m a stool the planner took two and stood the third against a wall.)
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../bench/scenes/kitchen.json");
    let scene = parse_scene(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let d = relayout_reasoner::offline::decompose::decompose(&scene);
    let island = d
        .units
        .iter()
        .find(|u| u.anchor == "island-0")
        .expect("an island unit");
    let mut members = island.members.clone();
    members.sort();
    assert_eq!(members, ["stool-0", "stool-1", "stool-2"]);
    let (planned, _) = planned("kitchen", &scene);
    let island = &planned.poses["island-0"];
    for s in ["stool-0", "stool-1", "stool-2"] {
        let p = &planned.poses[s];
        let d = (p.x - island.x).hypot(p.y - island.y);
        assert!(d < 1.3, "{s} is {d:.2} m from the island");
        // "three stools facing the sink": across the island from it, not between the two.
        let sink = &planned.poses["sink-0"];
        let (to_sink, island_to_sink) = (
            (p.x - sink.x).hypot(p.y - sink.y),
            (island.x - sink.x).hypot(island.y - sink.y),
        );
        assert!(
            to_sink > island_to_sink + 0.3,
            "{s} is {to_sink:.2} m from the sink, the island {island_to_sink:.2} m"
        );
    }
}

#[test]
fn a_kitchen_on_two_named_walls_keeps_its_work_triangle_hood_and_dishwasher() {
    // "fridge, counters, sink and dishwasher along the top wall, the stove with its hood on
    // the right wall": the stove went to the far end of the right wall (3.7 m from the sink),
    // its hood to the wall's middle, the dishwasher to the far end of the top run. (The
    // scene's own relations, which put the fridge in the far corner, are set aside: the
    // instruction alone.)
    let (planned, report) = planned("kitchen", &instruction_scene("kitchen"));
    assert_held("kitchen", &report, "work_triangle");
    assert_held("kitchen", &report, "fronts_clear");
    let pose = |id: &str| &planned.poses[id];
    let size = |id: &str| planned.objects[planned.object_index(id).unwrap()].size;
    let (stove, hood) = (pose("stove-0"), pose("range-hood-0"));
    let along = (stove.x - hood.x).hypot(stove.y - hood.y);
    assert!(along < 0.15, "the hood is {along:.2} m off the stove");
    let above = hood.z - size("stove-0")[2];
    assert!(
        (0.5..0.9).contains(&above),
        "the hood hangs {above:.2} m above the stove"
    );
    let (sink, dishwasher) = (pose("sink-0"), pose("dishwasher-0"));
    let gap = (sink.x - dishwasher.x).hypot(sink.y - dishwasher.y)
        - 0.5 * (size("sink-0")[0] + size("dishwasher-0")[0]);
    assert!(gap < 0.05, "the dishwasher stands {gap:.2} m from the sink");
}

#[test]
fn a_piece_with_no_place_left_gets_one_by_moving_a_piece_placed_before_it() {
    // R3L's first bedroom: 14 pieces in 25 m². The last pieces found no wall place and were
    // left overlapping, which took two revisions and ended with four pieces cut off (AC 0.71).
    let run = run_offline(&instruction_scene("r3l_bedroom_1"));
    let first = run.trace.iterations.first().expect("an iteration");
    assert!(first.conflicts.is_empty(), "{:?}", first.conflicts);
    let g = run.result.expect("a layout");
    assert_eq!(
        g.metrics.ac,
        Some(1.0),
        "cut off {:?}",
        g.metrics.inaccessible
    );
}

#[test]
fn a_dresser_gets_room_to_open_when_the_bed_can_move() {
    // 4 × 3.6 m: the bed, first, took the middle of the right wall, and the dresser found no
    // wall with 0.7 m before it; its drawers met the foot of the bed, 6 cm short. Making room
    // tries the dresser's own places with the bed lifted: the bottom wall, the bed moved up.
    let (g, report) = planned("bedroom_4x3_6", &bench_scene("bedroom_4x3_6"));
    assert_held("bedroom_4x3_6", &report, "fronts_clear");
    assert_held("bedroom_4x3_6", &report, "bed_access");
    assert_held("bedroom_4x3_6", &report, "walkways");
    assert!(g.poses.contains_key("dresser-0"));
}

#[test]
fn rows_of_desks_sit_where_the_windows_light_them() {
    // Fifteen desks in rows facing the board on the top wall, the windows on the left wall: the
    // lattice's offset is chosen so no front-row desk by the windows has them behind it (three
    // had, at 102–131°).
    let (_, report) = planned("office", &instruction_scene("office"));
    assert_held("office", &report, "desk_daylight");
    assert_held("office", &report, "chairs_at_tables");
    assert_held("office", &report, "walkways");
}

#[test]
fn a_restaurants_bar_stools_sit_at_the_bar_counter() {
    // "a bar with eight stools along the right side in front of the back bar": "bar" named the
    // back bar, and the stools were stood against the right wall, 3–4 m from any counter. Now
    // the bar counter takes the wall and its stools in a row before it, as at an island.
    let (g, report) = planned("restaurant", &instruction_scene("restaurant"));
    assert_held("restaurant", &report, "chairs_at_tables");
    assert_held("restaurant", &report, "walkways");
    let counter = &g.poses["bar-counter-0"];
    assert!(
        counter.x > 17.0,
        "the bar counter is at x = {:.2}",
        counter.x
    );
    // "a host stand by the entrance and plants": the stand, which the words put on the bottom
    // wall, goes first and a plant beside it (the plant, first, had taken a far corner).
    let m = relayout_core::metrics::evaluate(&g, &g.poses).expect("posed");
    assert_eq!(m.rs, Some(1.0), "unsatisfied {:?}", m.unsatisfied);
}

#[test]
fn each_coffee_table_gathers_a_seating_group() {
    let d = relayout_reasoner::offline::decompose::decompose(&bench_scene("t_lounge"));
    let groups: Vec<_> = d
        .units
        .iter()
        .filter(|u| u.anchor.starts_with("coffee-table"))
        .collect();
    assert_eq!(groups.len(), 2, "{:?}", d.units);
    for g in &groups {
        let sofas = g.members.iter().filter(|m| m.starts_with("sofa")).count();
        let armchairs = g
            .members
            .iter()
            .filter(|m| m.starts_with("armchair"))
            .count();
        assert_eq!((sofas, armchairs), (1, 2), "{g:?}");
    }
}
