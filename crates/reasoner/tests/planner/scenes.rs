//! The four reference rooms, laid out offline.

use relayout_core::metrics::Metrics;

use crate::support::*;

fn assert_clean(name: &str, m: &Metrics) {
    assert_eq!(m.cr, 0.0, "{name}: collisions {:?}", m.colliding_pairs);
    assert_eq!(m.or_, 0.0, "{name}: out of room {:?}", m.out_of_room);
    assert_eq!(m.ac, Some(1.0), "{name}: inaccessible {:?}", m.inaccessible);
}

fn generated(name: &str) -> relayout_core::scene::Scene {
    let scene = fixture(name);
    let run = run_offline(&scene);
    let g = match run.result {
        Ok(g) => g,
        Err(e) => panic!(
            "{name}: {e}\n{}",
            relayout_reasoner::trace::summary(&run.trace)
        ),
    };
    assert_clean(name, &g.metrics);
    assert_eq!(
        g.metrics.rs,
        Some(1.0),
        "{name}: unsatisfied {:?}",
        g.metrics.unsatisfied
    );
    assert_door_swings_free(name, &g.scene);
    g.scene
}

fn assert_door_swings_free(name: &str, scene: &relayout_core::scene::Scene) {
    use relayout_core::geometry::{RoomShape, penetration};
    let room = RoomShape::new(&scene.room);
    assert!(!room.door_swings.is_empty(), "{name} has a door");
    for o in &scene.objects {
        if o.support != relayout_core::scene::Support::Floor {
            continue;
        }
        let fp = footprint(scene, &o.id);
        for swing in &room.door_swings {
            let depth = penetration(&fp, swing).depth;
            assert!(
                depth <= 0.01,
                "{name}: {} stands {depth:.3} m in a door swing",
                o.id
            );
        }
    }
}

fn assert_against_wall(scene: &relayout_core::scene::Scene, id: &str) {
    let d = back_to_wall(scene, id);
    assert!(d <= 0.05, "{id}'s back is {d:.3} m from the nearest wall");
}

/// `id` stands beside `of` (left or right in its frame), backs flush, turned the same way.
fn assert_beside(scene: &relayout_core::scene::Scene, id: &str, of: &str) {
    let q = in_frame_of(scene, id, of);
    let (a, b) = (
        &scene.objects[scene.object_index(id).unwrap()],
        &scene.objects[scene.object_index(of).unwrap()],
    );
    let want_x = 0.5 * b.size[0] + 0.5 * a.size[0];
    assert!(
        q.x.abs() >= want_x - 0.02 && q.x.abs() <= want_x + 0.2,
        "{id} is not beside {of}: x = {:.3} in its frame (want ±{want_x:.2}…)",
        q.x
    );
    let back = q.y - 0.5 * a.size[1];
    assert!(
        (back + 0.5 * b.size[1]).abs() <= 0.05,
        "{id}'s back is not flush with {of}'s: {back:.3}"
    );
    assert!(yaw_diff(scene.poses[id].rz, scene.poses[of].rz).abs() <= 5.0);
}

/// `chair` is in front of `desk` and faces it.
fn assert_seated_at(scene: &relayout_core::scene::Scene, chair: &str, desk: &str) {
    let q = in_frame_of(scene, chair, desk);
    let d = &scene.objects[scene.object_index(desk).unwrap()];
    assert!(
        q.y > 0.5 * d.size[1],
        "{chair} is not in front of {desk}: y = {:.3}",
        q.y
    );
    assert!(
        q.x.abs() <= 0.5 * d.size[0],
        "{chair} is off {desk}'s side: x = {:.3}",
        q.x
    );
    assert!(
        faces(scene, chair, desk, 5.0),
        "{chair} does not face {desk}"
    );
}

#[test]
fn bedroom_bed_against_a_wall_with_nightstands_beside_it() {
    let s = generated("bedroom.json");
    assert_against_wall(&s, "bed-0");
    assert_beside(&s, "nightstand-0", "bed-0");
    assert_beside(&s, "nightstand-1", "bed-0");
    let q0 = in_frame_of(&s, "nightstand-0", "bed-0");
    let q1 = in_frame_of(&s, "nightstand-1", "bed-0");
    assert!(q0.x * q1.x < 0.0, "one nightstand on each side of the bed");
    assert_against_wall(&s, "wardrobe-0");
    assert_against_wall(&s, "desk-0");
    assert_seated_at(&s, "desk-chair-0", "desk-0");
    // The lamp stands on a nightstand.
    assert!((s.poses["table-lamp-0"].z - 0.55).abs() < 0.01);
    // The TV hangs on a wall at a sensible height.
    assert!(back_to_wall(&s, "tv-0") <= 0.05 && s.poses["tv-0"].z >= 0.9);
}

#[test]
fn living_room_sofa_faces_the_tv_across_the_coffee_table() {
    let s = generated("living_room.json");
    assert_against_wall(&s, "tv-stand-0");
    assert!(
        faces(&s, "sofa-0", "coffee-table-0", 5.0),
        "sofa faces the coffee table"
    );
    assert!(
        faces(&s, "sofa-0", "tv-stand-0", 10.0),
        "sofa faces the TV stand"
    );
    for a in ["armchair-0", "armchair-1"] {
        assert!(
            faces(&s, a, "coffee-table-0", 5.0),
            "{a} faces the coffee table"
        );
    }
    // The TV hangs above its stand.
    let (tv, stand) = (
        footprint(&s, "tv-0").center,
        footprint(&s, "tv-stand-0").center,
    );
    assert!(
        (tv - stand).len() < 0.3,
        "TV above the stand: {tv:?} vs {stand:?}"
    );
    assert!(s.poses["tv-0"].z >= 0.5);
    for shelf in ["bookshelf-0", "bookshelf-1", "console-table-0"] {
        assert_against_wall(&s, shelf);
    }
}

#[test]
fn dining_room_chairs_around_the_table_facing_it() {
    let s = generated("dining_room.json");
    for k in 0..6 {
        let c = format!("chair-{k}");
        assert!(faces(&s, &c, "dining-table-0", 45.0), "{c} faces the table");
        let gap =
            relayout_core::geometry::gap(&footprint(&s, &c), &footprint(&s, "dining-table-0"));
        assert!(gap <= 0.15, "{c} is {gap:.2} m from the table");
    }
    assert_against_wall(&s, "sideboard-0");
}

#[test]
fn office_desks_against_walls_with_chairs_in_front() {
    let s = generated("office.json");
    for (desk, chair) in [("desk-0", "office-chair-0"), ("desk-1", "office-chair-1")] {
        assert_against_wall(&s, desk);
        assert_seated_at(&s, chair, desk);
    }
    for id in ["bookshelf-0", "filing-cabinet-0", "side-cabinet-0"] {
        assert_against_wall(&s, id);
    }
    // The printer sits on a desk.
    assert!((s.poses["printer-0"].z - 0.75).abs() < 0.01);
    assert!(s.poses["whiteboard-0"].z >= 0.8);
}

#[test]
#[ignore = "prints the offline planner on every benchmark scene"]
fn print_bench() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/scenes");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let scene = relayout_core::scene::parse_scene(&text).unwrap();
        let t = std::time::Instant::now();
        let run = run_offline(&scene);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        match &run.result {
            Ok(g) => eprintln!(
                "{:?}: {} objects, CR {:.3} OR {:.3} RS {:?} AC {:?} inacc {:?} coll {:?} out {:?}; conflicts {:?}; plan {:.1} ms total {ms:.0} ms",
                f.file_name().unwrap(),
                scene.objects.len(),
                g.metrics.cr,
                g.metrics.or_,
                g.metrics.rs,
                g.metrics.ac,
                g.metrics.inaccessible,
                g.metrics.colliding_pairs,
                g.metrics.out_of_room,
                run.trace
                    .iterations
                    .iter()
                    .map(|i| i.conflicts.len())
                    .collect::<Vec<_>>(),
                run.trace
                    .timings
                    .iter()
                    .filter(|t| t.step != "solve" && t.step != "evaluate")
                    .map(|t| t.ms)
                    .sum::<f64>()
            ),
            Err(e) => eprintln!("{:?}: error {e}", f.file_name().unwrap()),
        }
    }
}
