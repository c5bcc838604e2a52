//! Room edits: sizes, openings and polygon vertices change the room, rename what names its walls
//! and corners, keep openings where they were on the plan, refuse what would make the scene
//! invalid (leaving it unchanged) and report the pieces left outside without moving them.

use proptest::prelude::*;
use relayout_core::geometry::RoomShape;
use relayout_core::relation::Relation;
use relayout_core::scene::{Opening, OpeningKind, Pose, RoomEdit, Scene, parse_scene};

/// A 5 × 4 m room: a door on B at 3.0–3.9 m, a window on T at 1.0–2.2 m (from x = 0), a bed
/// against T, a chair in corner TL against L.
fn room() -> Scene {
    let mut s = parse_scene(
        r#"{"schema":"relayout.scene/1","room":{"width":5,"depth":4,"height":2.6,"openings":[
            {"kind":"door","wall":"B","offset":3.0,"width":0.9},
            {"kind":"window","wall":"T","offset":1.0,"width":1.2,"sill":0.9,"height":1.2}]},
           "objects":[{"id":"bed-0","category":"bed","size":[1.6,2.0,0.5]},
                      {"id":"chair-0","category":"chair","size":[0.5,0.5,0.9]}],
           "relations":[{"type":"against_wall","source":"bed-0","wall":"T"},
                        {"type":"corner","source":"chair-0","corner":"TL","wall":"L"}]}"#,
    )
    .unwrap();
    s.poses.insert(
        "bed-0".into(),
        Pose {
            x: 2.5,
            y: 2.95,
            z: 0.0,
            rz: 180.0,
        },
    );
    s.poses.insert(
        "chair-0".into(),
        Pose {
            x: 0.3,
            y: 3.7,
            z: 0.0,
            rz: -90.0,
        },
    );
    s
}

/// Each opening's centre on the plan.
fn centres(s: &Scene) -> Vec<[f64; 2]> {
    let shape = RoomShape::new(&s.room);
    s.room
        .openings
        .iter()
        .map(|o| {
            let (a, b) = shape.opening_segment(&o.wall, o.offset, o.width).unwrap();
            let c = (a + b) * 0.5;
            [c.x, c.y]
        })
        .collect()
}

fn close(a: &[[f64; 2]], b: &[[f64; 2]]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(p, q)| (p[0] - q[0]).abs() < 2e-3 && (p[1] - q[1]).abs() < 2e-3)
}

fn wall_of(s: &Scene, i: usize) -> String {
    match &s.relations[i] {
        Relation::AgainstWall { wall, .. } | Relation::Corner { wall, .. } => wall.clone(),
        _ => unreachable!(),
    }
}

#[test]
fn shrinking_past_a_window_is_refused_and_the_scene_is_unchanged() {
    let mut s = room();
    let before = s.clone();
    // The door on B ends at 3.9 m: a 3.5 m wide room cannot hold it.
    let err = s
        .edit_room(&RoomEdit::Size {
            width: 3.5,
            depth: 4.0,
            height: 2.6,
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("room.openings[0]"), "{err}");
    assert!(err.contains("wall B"), "{err}");
    assert_eq!(s, before);
}

#[test]
fn shrinking_leaves_pieces_outside_flagged_not_moved() {
    let mut s = room();
    let out = s
        .edit_room(&RoomEdit::Size {
            width: 5.0,
            depth: 3.5,
            height: 2.6,
        })
        .unwrap();
    // The bed reached y = 3.95, the chair 3.95: both now cross the back wall.
    assert_eq!(
        out.outside,
        vec!["bed-0".to_string(), "chair-0".to_string()]
    );
    assert_eq!(s.poses["bed-0"].y, 2.95);
    assert_eq!(s.room.depth, 3.5);
}

#[test]
fn a_window_wider_than_its_wall_is_refused_naming_it() {
    let mut s = room();
    let before = s.clone();
    let err = s
        .edit_room(&RoomEdit::AddOpening(Opening {
            kind: OpeningKind::Window,
            wall: "L".into(),
            offset: 0.0,
            width: 4.5,
            sill: None,
            height: None,
        }))
        .unwrap_err()
        .to_string();
    assert!(err.contains("wider than wall L (4.00 m)"), "{err}");
    assert_eq!(s, before);
    // Above the ceiling, and overlapping the door, are refused too.
    let tall = Opening {
        kind: OpeningKind::Window,
        wall: "R".into(),
        offset: 1.0,
        width: 1.0,
        sill: Some(2.0),
        height: Some(1.0),
    };
    let err = s.edit_room(&RoomEdit::AddOpening(tall)).unwrap_err();
    assert!(err.to_string().contains("above the 2.6 m ceiling"), "{err}");
    let over = Opening {
        kind: OpeningKind::Door,
        wall: "B".into(),
        offset: 3.5,
        width: 0.9,
        sill: None,
        height: None,
    };
    let err = s.edit_room(&RoomEdit::AddOpening(over)).unwrap_err();
    assert!(
        err.to_string().contains("overlaps room.openings[0]"),
        "{err}"
    );
    assert_eq!(s, before);
}

#[test]
fn splitting_a_rectangle_renames_walls_and_corners_and_keeps_openings_in_place() {
    let mut s = room();
    let plan = centres(&s);
    s.edit_room(&RoomEdit::SplitWall { wall: 0, at: 2.0 })
        .unwrap();
    let poly = s.room.polygon.clone().unwrap();
    assert_eq!(
        poly,
        vec![[0.0, 0.0], [2.0, 0.0], [5.0, 0.0], [5.0, 4.0], [0.0, 4.0]]
    );
    // The door was at 3.0 on B: now on the second half, 1.0 from its start.
    assert_eq!(s.room.openings[0].wall, "w1");
    assert!((s.room.openings[0].offset - 1.0).abs() < 1e-9);
    // T was wall 2 (offsets from x = 0); now w3, offsets from its first vertex (5, 4).
    assert_eq!(s.room.openings[1].wall, "w3");
    assert!((s.room.openings[1].offset - 2.8).abs() < 1e-9);
    assert!(close(&centres(&s), &plan));
    assert_eq!(wall_of(&s, 0), "w3");
    match &s.relations[1] {
        Relation::Corner { corner, wall, .. } => {
            assert_eq!((corner.as_str(), wall.as_str()), ("c4", "w4"));
        }
        r => panic!("{r:?}"),
    }
}

#[test]
fn a_split_inside_a_door_and_a_crossing_outline_are_refused() {
    let mut s = room();
    let before = s.clone();
    let err = s
        .edit_room(&RoomEdit::SplitWall { wall: 0, at: 3.3 })
        .unwrap_err();
    assert!(err.to_string().contains("inside the door"), "{err}");
    // Dragging corner BR up past the back wall makes the outline cross itself.
    let err = s
        .edit_room(&RoomEdit::MoveVertex {
            index: 1,
            to: [2.0, 6.0],
        })
        .unwrap_err();
    assert!(err.to_string().contains("cross"), "{err}");
    assert_eq!(s, before);
}

#[test]
fn dragging_a_corner_makes_an_l_and_the_bounds_follow() {
    let mut s = room();
    s.edit_room(&RoomEdit::SplitWall { wall: 1, at: 2.0 })
        .unwrap();
    s.edit_room(&RoomEdit::SplitWall { wall: 2, at: 1.0 })
        .unwrap();
    // (0,0) (5,0) (5,2) (5,3) (5,4) (0,4): pull the last two into an L.
    assert_eq!(s.room.polygon.as_ref().unwrap().len(), 6);
    s.edit_room(&RoomEdit::MoveVertex {
        index: 3,
        to: [4.0, 2.0],
    })
    .unwrap();
    let out = s
        .edit_room(&RoomEdit::MoveVertex {
            index: 4,
            to: [4.0, 4.0],
        })
        .unwrap();
    assert_eq!(
        s.room.polygon.clone().unwrap(),
        vec![
            [0.0, 0.0],
            [5.0, 0.0],
            [5.0, 2.0],
            [4.0, 2.0],
            [4.0, 4.0],
            [0.0, 4.0]
        ]
    );
    assert_eq!((s.room.width, s.room.depth), (5.0, 4.0));
    assert!(out.outside.is_empty(), "{:?}", out.outside);
    // The window stays on the back wall, now w4, where it was.
    assert_eq!(s.room.openings[1].wall, "w4");
    // Moving the far corner out grows the bounds.
    s.edit_room(&RoomEdit::MoveVertex {
        index: 1,
        to: [6.0, 0.0],
    })
    .unwrap();
    assert_eq!(s.room.width, 6.0);
}

#[test]
fn a_free_place_for_a_new_opening_avoids_the_others() {
    let s = room();
    // B is 5 m with a door at 3.0–3.9: a 1 m window's middle (2.0–3.0) is too close to it.
    let off = s.room.free_offset("B", 1.0).unwrap();
    assert!(off + 1.0 <= 2.9 + 1e-9, "{off}");
    assert!((off - 1.9).abs() < 1e-9, "{off}");
    // L (4 m) is empty: the window goes in its middle.
    assert_eq!(s.room.free_offset("L", 1.0), Some(1.5));
    assert_eq!(s.room.free_offset("L", 4.5), None);
    assert_eq!(s.room.free_offset("nowhere", 1.0), None);
}

#[test]
fn removing_a_corner_used_by_a_relation_is_refused() {
    let mut s = room();
    let err = s
        .edit_room(&RoomEdit::RemoveVertex { index: 3 })
        .unwrap_err();
    assert!(err.to_string().contains("relations[1]"), "{err}");
}

proptest! {
    /// Splitting a wall and removing the new vertex gives back the same outline, with every
    /// opening where it was on the plan and every relation on the same wall.
    #[test]
    fn split_then_remove_round_trips(wall in 0usize..4, share in 0.05f64..0.95) {
        let mut s = room();
        let plan = centres(&s);
        let len = [5.0, 4.0, 5.0, 4.0][wall];
        let at = share * len;
        let inside_door = wall == 0 && at > 3.0 && at < 3.9;
        let inside_window = wall == 2 && {
            let from_a = len - at; // T's offsets run from x = 0, its vertices from x = 5
            from_a > 1.0 && from_a < 2.2
        };
        match s.edit_room(&RoomEdit::SplitWall { wall, at }) {
            Err(e) => prop_assert!(inside_door || inside_window, "{e}"),
            Ok(_) => {
                prop_assert!(!inside_door && !inside_window);
                prop_assert!(close(&centres(&s), &plan));
                s.edit_room(&RoomEdit::RemoveVertex { index: wall + 1 }).unwrap();
                prop_assert_eq!(s.room.polygon.as_ref().unwrap().len(), 4);
                prop_assert!(close(&centres(&s), &plan));
                prop_assert_eq!(wall_of(&s, 0), "w2");
                prop_assert_eq!(wall_of(&s, 1), "w3");
            }
        }
    }
}

#[test]
fn a_room_edited_into_an_l_is_solved_inside_its_new_outline() {
    use relayout_core::metrics::evaluate;
    use relayout_core::solver::{SolveOptions, solve};
    let mut s = room();
    s.edit_room(&RoomEdit::SplitWall { wall: 1, at: 2.0 })
        .unwrap();
    s.edit_room(&RoomEdit::SplitWall { wall: 2, at: 1.0 })
        .unwrap();
    s.edit_room(&RoomEdit::MoveVertex {
        index: 3,
        to: [3.5, 2.0],
    })
    .unwrap();
    s.edit_room(&RoomEdit::MoveVertex {
        index: 4,
        to: [3.5, 4.0],
    })
    .unwrap();
    // The bed against the back wall (now w4, 3.5 m long) and the chair in corner TL (now c5).
    let solution = solve(&s, &SolveOptions::default()).unwrap();
    let m = evaluate(&s, &solution.poses).unwrap();
    assert_eq!(m.or_, 0.0, "{m:?}");
    assert_eq!(m.cr, 0.0, "{m:?}");
    // Nothing stands in the cut-away corner (x > 3.5, y > 2).
    let shape = RoomShape::new(&s.room);
    for (id, p) in &solution.poses {
        let o = s.objects.iter().find(|o| &o.id == id).unwrap();
        let fp = p.footprint([o.size[0], o.size[1]]);
        assert!(
            shape.contains_footprint(&fp, 0.011),
            "{id} at {p:?} is outside the L"
        );
    }
    assert!(
        solution.poses["bed-0"].x + 0.8 <= 3.5 + 1e-6,
        "{:?}",
        solution.poses["bed-0"]
    );
}
