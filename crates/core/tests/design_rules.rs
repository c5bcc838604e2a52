//! The design rules on hand-made layouts, good and bad, in rectangles and in L-, U- and
//! T-shaped rooms with doors and windows on different walls; and properties: no panic on any
//! layout, and the same verdicts when the whole room moves.

use relayout_core::rules::{DesignReport, RULES, RuleSet, RuleStatus, check};
use relayout_core::scene::{Scene, parse_scene};

/// Rooms, as the JSON of `room` without the openings.
const RECT: &str = r#""width": 5, "depth": 4, "height": 2.7"#;
const L_SHAPE: &str =
    r#""width": 6, "depth": 6, "height": 2.7, "polygon": [[0,0],[6,0],[6,3],[3,3],[3,6],[0,6]]"#;
const U_SHAPE: &str = r#""width": 7, "depth": 5, "height": 2.7,
    "polygon": [[0,0],[7,0],[7,5],[5,5],[5,2],[2,2],[2,5],[0,5]]"#;
const T_SHAPE: &str = r#""width": 7, "depth": 6, "height": 2.7,
    "polygon": [[2,0],[5,0],[5,3],[7,3],[7,6],[0,6],[0,3],[2,3]]"#;

type Piece<'a> = (&'a str, &'a str, [f64; 3]);

fn scene(
    room: &str,
    openings: &str,
    objects: &[Piece<'_>],
    poses: &[(&str, f64, f64, f64)],
) -> Scene {
    let objs: Vec<String> = objects
        .iter()
        .map(|(id, cat, s)| {
            let support = if matches!(*cat, "tv" | "painting") {
                "wall"
            } else {
                "floor"
            };
            format!(
                r#"{{"id":"{id}","category":"{cat}","size":[{},{},{}],"support":"{support}"}}"#,
                s[0], s[1], s[2]
            )
        })
        .collect();
    let poses: Vec<String> = poses
        .iter()
        .map(|(id, x, y, rz)| {
            let z = if objects.iter().any(|(o, c, _)| o == id && *c == "tv") {
                1.0
            } else {
                0.0
            };
            format!(r#""{id}":{{"x":{x},"y":{y},"z":{z},"rz":{rz}}}"#)
        })
        .collect();
    parse_scene(&format!(
        r#"{{"schema":"relayout.scene/1","room":{{{room},"openings":[{openings}]}},
           "objects":[{}],"poses":{{{}}}}}"#,
        objs.join(","),
        poses.join(",")
    ))
    .unwrap_or_else(|e| panic!("{e}"))
}

fn report(s: &Scene) -> DesignReport {
    check(s, &s.poses, RuleSet::All).unwrap()
}

fn rule<'a>(r: &'a DesignReport, name: &str) -> &'a relayout_core::rules::RuleOutcome {
    r.rules.iter().find(|o| o.rule == name).unwrap()
}

/// Asserts a rule's status, showing its outcome when it differs.
fn assert_status(r: &DesignReport, name: &str, want: RuleStatus) {
    let o = rule(r, name);
    assert_eq!(o.status, want, "{name}: {o:?}");
}

fn status(s: &Scene, name: &str) -> RuleStatus {
    rule(&report(s), name).status
}

const DOOR_B: &str = r#"{"kind":"door","wall":"B","offset":0.2,"width":0.9}"#;

#[test]
fn the_work_triangle_holds_in_reach_and_fails_across_the_room() {
    let pieces = [
        ("sink-0", "sink", [1.0, 0.6, 0.9]),
        ("stove-0", "stove", [0.75, 0.65, 0.9]),
        ("fridge-0", "fridge", [0.7, 0.7, 1.8]),
    ];
    let good = scene(
        RECT,
        DOOR_B,
        &pieces,
        &[
            ("sink-0", 1.8, 0.3, 0.0),
            ("stove-0", 3.0, 0.325, 0.0),
            ("fridge-0", 4.2, 0.35, 0.0),
        ],
    );
    assert_eq!(status(&good, "work_triangle"), RuleStatus::Held);
    // The fridge across the room, 3.4 m from the sink.
    let bad = scene(
        RECT,
        DOOR_B,
        &pieces,
        &[
            ("sink-0", 1.8, 0.3, 0.0),
            ("stove-0", 3.0, 0.325, 0.0),
            ("fridge-0", 0.4, 3.65, 180.0),
        ],
    );
    let r = report(&bad);
    let o = rule(&r, "work_triangle");
    assert_eq!(o.status, RuleStatus::Failed);
    assert!(o.objects.contains(&"fridge-0".to_owned()), "{o:?}");
    assert!(o.message.contains("fridge-0 is"), "{}", o.message);
    // A counter with a sink and a hob stands for both: a fridge beside it is a whole kitchen.
    let studio = scene(
        L_SHAPE,
        "",
        &[
            ("counter-0", "counter", [1.8, 0.6, 0.9]),
            ("fridge-0", "fridge", [0.6, 0.65, 1.8]),
        ],
        &[("counter-0", 1.2, 0.3, 0.0), ("fridge-0", 2.5, 0.325, 0.0)],
    );
    assert_eq!(status(&studio, "work_triangle"), RuleStatus::Held);
    let far = scene(
        L_SHAPE,
        "",
        &[
            ("counter-0", "counter", [1.8, 0.6, 0.9]),
            ("fridge-0", "fridge", [0.6, 0.65, 1.8]),
        ],
        &[
            ("counter-0", 1.2, 0.3, 0.0),
            ("fridge-0", 1.5, 5.675, 180.0),
        ],
    );
    assert_eq!(status(&far, "work_triangle"), RuleStatus::Failed);
}

#[test]
fn chairs_hold_at_their_table_facing_it_and_fail_turned_away_or_apart() {
    let pieces = [
        ("table-0", "dining_table", [1.6, 0.9, 0.75]),
        ("chair-0", "dining_chair", [0.45, 0.5, 0.9]),
    ];
    let at = |x: f64, y: f64, rz: f64| {
        scene(
            U_SHAPE,
            "",
            &pieces,
            &[("table-0", 3.5, 1.0, 0.0), ("chair-0", x, y, rz)],
        )
    };
    assert_eq!(
        status(&at(3.5, 0.25, 0.0), "chairs_at_tables"),
        RuleStatus::Held
    );
    // Across the table, facing it (turned round).
    assert_eq!(
        status(&at(3.0, 1.75, 180.0), "chairs_at_tables"),
        RuleStatus::Held
    );
    let r = report(&at(3.5, 0.25, 180.0));
    let o = rule(&r, "chairs_at_tables");
    assert_eq!(o.status, RuleStatus::Failed);
    assert!(o.message.contains("turned 180°"), "{}", o.message);
    let r = report(&at(6.5, 4.0, 0.0));
    assert!(
        rule(&r, "chairs_at_tables")
            .message
            .contains("from the nearest table")
    );
    // No table: nothing to sit at.
    let alone = scene(RECT, "", &pieces[1..], &[("chair-0", 1.0, 1.0, 0.0)]);
    assert_eq!(
        status(&alone, "chairs_at_tables"),
        RuleStatus::NotApplicable
    );
}

#[test]
fn the_sofa_faces_the_tv_at_a_distance_for_its_size() {
    let pieces = [
        ("tv-0", "tv", [1.4, 0.06, 0.8]),
        ("sofa-0", "sofa", [2.0, 0.9, 0.85]),
        ("armchair-0", "armchair", [0.8, 0.8, 0.9]),
    ];
    let with_sofa = |x: f64, y: f64, rz: f64| {
        scene(
            RECT,
            DOOR_B,
            &pieces,
            &[
                ("tv-0", 2.5, 3.97, 180.0),
                ("sofa-0", x, y, rz),
                ("armchair-0", 4.4, 2.0, 90.0),
            ],
        )
    };
    let r = report(&with_sofa(2.5, 1.0, 0.0));
    let o = rule(&r, "seating_faces_tv");
    assert_eq!(o.status, RuleStatus::Held, "{o:?}");
    assert_eq!(o.objects, ["sofa-0", "tv-0"]);
    // At right angles to the TV.
    let r = report(&with_sofa(1.0, 2.0, 90.0));
    let o = rule(&r, "seating_faces_tv");
    assert_eq!(o.status, RuleStatus::Failed);
    assert!(o.message.contains("sofa-0 is turned"), "{}", o.message);
    // Facing it but too close for a 63-inch screen (1.6 m at least).
    let r = report(&with_sofa(2.5, 3.0, 0.0));
    assert!(
        rule(&r, "seating_faces_tv")
            .message
            .contains("suits its 63-inch screen")
    );
}

#[test]
fn a_bed_needs_one_free_long_side_and_a_tiny_room_says_it_cannot() {
    let bed = ("bed-0", "bed", [1.6, 2.0, 0.5]);
    let good = scene(RECT, DOOR_B, &[bed], &[("bed-0", 2.5, 3.0, 180.0)]);
    assert_eq!(status(&good, "bed_access"), RuleStatus::Held);
    // Against the right wall on one side, a wardrobe on the other.
    let boxed = scene(
        RECT,
        DOOR_B,
        &[bed, ("wardrobe-0", "wardrobe", [0.5, 1.0, 2.0])],
        &[("bed-0", 4.2, 3.0, 180.0), ("wardrobe-0", 3.1, 2.7, -90.0)],
    );
    let r = report(&boxed);
    let o = rule(&r, "bed_access");
    assert_eq!(o.status, RuleStatus::Failed, "{o:?}");
    assert_eq!(o.objects, ["bed-0"]);
    // 1.9 m wide: no way to leave 0.6 m beside a 1.6 m bed.
    let tiny = scene(
        r#""width": 1.9, "depth": 2.2, "height": 2.5"#,
        "",
        &[bed],
        &[("bed-0", 0.95, 1.1, 0.0)],
    );
    let r = report(&tiny);
    let o = rule(&r, "bed_access");
    assert_eq!(o.status, RuleStatus::Infeasible);
    assert!(o.message.contains("too small"), "{}", o.message);
    assert_eq!(o.score, None);
}

#[test]
fn storage_fronts_must_open_into_the_room() {
    let pieces = [
        ("wardrobe-0", "wardrobe", [1.0, 0.6, 2.0]),
        ("armchair-0", "armchair", [0.8, 0.8, 0.9]),
    ];
    let good = scene(
        T_SHAPE,
        "",
        &pieces,
        &[("wardrobe-0", 3.5, 0.3, 0.0), ("armchair-0", 6.0, 4.5, 0.0)],
    );
    assert_eq!(status(&good, "fronts_clear"), RuleStatus::Held);
    let blocked = scene(
        T_SHAPE,
        "",
        &pieces,
        &[("wardrobe-0", 3.5, 0.3, 0.0), ("armchair-0", 3.5, 1.2, 0.0)],
    );
    let r = report(&blocked);
    let o = rule(&r, "fronts_clear");
    assert_eq!(o.status, RuleStatus::Failed);
    assert_eq!(o.objects, ["wardrobe-0", "armchair-0"]);
    let to_wall = scene(
        T_SHAPE,
        "",
        &pieces,
        &[
            ("wardrobe-0", 3.5, 0.3, 180.0),
            ("armchair-0", 6.0, 4.5, 0.0),
        ],
    );
    assert!(
        rule(&report(&to_wall), "fronts_clear")
            .message
            .contains("faces a wall")
    );
}

#[test]
fn walkways_are_six_tenths_and_main_routes_nine_tenths_wide() {
    // A shelf across the room leaves a gap at the right end: 1.0 m, then 0.75 m.
    let with_gap = |gap: f64| {
        let len = 5.0 - gap;
        scene(
            r#""width": 5, "depth": 4.6, "height": 2.7"#,
            DOOR_B,
            &[
                ("shelf-0", "bookshelf", [len, 0.4, 1.8]),
                ("bed-0", "bed", [1.6, 2.0, 0.5]),
            ],
            &[("shelf-0", len / 2.0, 1.4, 0.0), ("bed-0", 2.0, 3.6, 180.0)],
        )
    };
    let wide = report(&with_gap(1.0));
    assert_eq!(
        rule(&wide, "walkways").status,
        RuleStatus::Held,
        "{:?}",
        rule(&wide, "walkways")
    );
    assert_eq!(rule(&wide, "main_route").status, RuleStatus::Held);
    let narrow = report(&with_gap(0.75));
    assert_eq!(rule(&narrow, "walkways").status, RuleStatus::Held);
    let o = rule(&narrow, "main_route");
    assert_eq!(o.status, RuleStatus::Failed);
    assert_eq!(o.objects, ["bed-0"]);
    assert!(o.message.contains("0.9 m walkway"), "{}", o.message);
    // A gap of 0.55 m lets AC's 0.5 m walker through, not a 0.6 m walkway.
    let tight = report(&with_gap(0.55));
    assert_eq!(rule(&tight, "walkways").status, RuleStatus::Failed);
    let s = with_gap(0.55);
    let m = relayout_core::metrics::evaluate(&s, &s.poses).unwrap();
    assert_eq!(m.ac, Some(1.0));
    // No door: nothing to walk from.
    let closed = scene(
        RECT,
        "",
        &[("bed-0", "bed", [1.6, 2.0, 0.5])],
        &[("bed-0", 2.0, 3.0, 180.0)],
    );
    let r = report(&closed);
    assert_eq!(rule(&r, "walkways").status, RuleStatus::NotApplicable);
    assert_eq!(rule(&r, "walkways").message, "no door to walk from");
}

#[test]
fn door_swings_and_windows_stay_clear_of_tall_pieces() {
    let window_l = r#"{"kind":"window","wall":"L","offset":1.0,"width":1.2,"sill":0.9}"#;
    let openings = format!("{DOOR_B},{window_l}");
    let with = |cat: &str, size: [f64; 3], x: f64, y: f64, rz: f64| {
        scene(
            RECT,
            &openings,
            &[("piece-0", cat, size)],
            &[("piece-0", x, y, rz)],
        )
    };
    assert_eq!(
        status(
            &with("desk", [1.2, 0.6, 0.75], 0.3, 1.6, -90.0),
            "openings_clear"
        ),
        RuleStatus::Held
    );
    let tall = report(&with("wardrobe", [1.0, 0.6, 2.0], 0.3, 1.6, -90.0));
    let o = rule(&tall, "openings_clear");
    assert_eq!(o.status, RuleStatus::Failed);
    assert!(
        o.message.contains("against the window on wall L"),
        "{}",
        o.message
    );
    let in_swing = report(&with("armchair", [0.8, 0.8, 0.9], 0.65, 0.5, 0.0));
    assert!(
        rule(&in_swing, "openings_clear")
            .message
            .contains("swing of the door on wall B")
    );
    // A plant belongs at a window.
    assert_eq!(
        status(
            &with("plant", [0.5, 0.5, 1.4], 0.3, 1.6, 0.0),
            "openings_clear"
        ),
        RuleStatus::Held
    );
}

#[test]
fn a_desk_is_lit_from_the_front_not_from_behind() {
    let window_t = r#"{"kind":"window","wall":"T","offset":2.0,"width":1.2,"sill":0.9}"#;
    let desk = [("desk-0", "desk", [1.2, 0.6, 0.75])];
    let under = scene(RECT, window_t, &desk, &[("desk-0", 2.5, 3.7, 180.0)]);
    assert_eq!(status(&under, "desk_daylight"), RuleStatus::Held);
    let behind = scene(RECT, window_t, &desk, &[("desk-0", 2.5, 0.3, 0.0)]);
    let r = report(&behind);
    let o = rule(&r, "desk_daylight");
    assert_eq!(o.status, RuleStatus::Failed);
    assert!(o.message.contains("from behind"), "{}", o.message);
    let dark = scene(RECT, "", &desk, &[("desk-0", 2.5, 0.3, 0.0)]);
    assert_eq!(status(&dark, "desk_daylight"), RuleStatus::NotApplicable);
}

#[test]
fn pieces_the_rules_do_not_know_leave_them_not_applicable() {
    let s = scene(
        L_SHAPE,
        DOOR_B.replace("\"B\"", "\"w0\"").as_str(),
        &[("gizmo-0", "gizmo", [1.0, 1.0, 1.0])],
        &[("gizmo-0", 1.5, 1.5, 0.0)],
    );
    let r = report(&s);
    for o in &r.rules {
        let expect = if matches!(o.rule.as_str(), "walkways" | "openings_clear") {
            o.status
        } else {
            RuleStatus::NotApplicable
        };
        assert_eq!(o.status, expect, "{o:?}");
    }
    assert_eq!(r.rules.len(), RULES.len());
    assert_eq!(rule(&r, "walkways").status, RuleStatus::Held);
    // The fast set leaves out the walkers' rules.
    let fast = check(&s, &s.poses, RuleSet::Fast).unwrap();
    assert!(
        fast.rules
            .iter()
            .all(|o| o.rule != "walkways" && o.rule != "main_route")
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const CATEGORIES: [&str; 10] = [
        "bed",
        "dining_chair",
        "dining_table",
        "desk",
        "sofa",
        "tv",
        "wardrobe",
        "fridge",
        "counter",
        "stove",
    ];

    /// A room (an L-shape moved by `shift`) with pieces at poses on a 1/16 m lattice, so that
    /// moving everything by whole metres changes no bit of the geometry.
    fn moved(pieces: &[(usize, i32, i32, i32)], shift: (i32, i32)) -> Scene {
        let (dx, dy) = (f64::from(shift.0), f64::from(shift.1));
        let poly: Vec<String> = [
            [0.0, 0.0],
            [6.0, 0.0],
            [6.0, 3.0],
            [3.0, 3.0],
            [3.0, 6.0],
            [0.0, 6.0],
        ]
        .iter()
        .map(|p: &[f64; 2]| format!("[{},{}]", p[0] + dx, p[1] + dy))
        .collect();
        let room = format!(
            r#""width": {}, "depth": {}, "height": 2.7, "polygon": [{}]"#,
            6.0 + dx.max(0.0),
            6.0 + dy.max(0.0),
            poly.join(",")
        );
        let objects: Vec<(String, &str, [f64; 3])> = pieces
            .iter()
            .enumerate()
            .map(|(k, (c, ..))| (format!("p-{k}"), CATEGORIES[*c], [0.8, 0.6, 1.0]))
            .collect();
        let poses: Vec<(String, f64, f64, f64)> = pieces
            .iter()
            .enumerate()
            .map(|(k, (_, x, y, rz))| {
                (
                    format!("p-{k}"),
                    f64::from(*x) / 16.0 + dx,
                    f64::from(*y) / 16.0 + dy,
                    f64::from(*rz * 90),
                )
            })
            .collect();
        let objects: Vec<Piece<'_>> = objects
            .iter()
            .map(|(i, c, s)| (i.as_str(), *c, *s))
            .collect();
        let poses: Vec<(&str, f64, f64, f64)> = poses
            .iter()
            .map(|(i, x, y, r)| (i.as_str(), *x, *y, *r))
            .collect();
        scene(
            &room,
            r#"{"kind":"door","wall":"w0","offset":1.0,"width":0.9}"#,
            &objects,
            &poses,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn rules_never_panic_and_do_not_change_when_the_room_moves(
            pieces in prop::collection::vec((0usize..10, -16i32..112, -16i32..112, 0i32..4), 1..7),
            shift in (0i32..5, 0i32..5),
        ) {
            let here = moved(&pieces, (0, 0));
            let there = moved(&pieces, shift);
            let a = check(&here, &here.poses, RuleSet::All).unwrap();
            let b = check(&there, &there.poses, RuleSet::All).unwrap();
            for (x, y) in a.rules.iter().zip(&b.rules) {
                prop_assert_eq!(x.status, y.status, "{:?} vs {:?}", x, y);
                prop_assert_eq!(x.score, y.score);
                prop_assert_eq!(&x.objects, &y.objects);
            }
            prop_assert!(a.score.is_none_or(|s| (0.0..=1.0).contains(&s)));
        }
    }
}

#[test]
fn a_pose_missing_is_an_error_not_a_panic() {
    let mut s = scene(
        RECT,
        "",
        &[("bed-0", "bed", [1.6, 2.0, 0.5])],
        &[("bed-0", 2.0, 2.0, 0.0)],
    );
    s.poses.clear();
    assert!(check(&s, &s.poses, RuleSet::All).is_err());
}

/// A shelf across a 7 × 6.2 m room with a gap at its right end, a bed beyond it; with `near`,
/// a second bed alike on the door's side.
fn shelf_across(gap: f64, near: bool) -> Scene {
    let len = 7.0 - gap;
    let mut pieces = vec![("shelf-0", "bookshelf", [len, 0.4, 1.8])];
    let mut poses = vec![("shelf-0", len / 2.0, 3.0, 0.0)];
    // The bed by the door comes first: the one cut off is the last of the largest.
    if near {
        pieces.push(("bed-1", "bed", [1.6, 2.0, 0.5]));
        poses.push(("bed-1", 4.0, 0.8, 90.0));
    }
    pieces.push(("bed-0", "bed", [1.6, 2.0, 0.5]));
    poses.push(("bed-0", 2.0, 5.2, 180.0));
    scene(
        r#""width": 7, "depth": 6.2, "height": 2.7"#,
        DOOR_B,
        &pieces,
        &poses,
    )
}

#[test]
fn the_main_route_needs_to_reach_one_of_many_alike() {
    // Alone beyond a 0.75 m gap, the bed is off the main route; with a bed alike by the door,
    // the route reaches one of them (walkways reach the other).
    let alone = report(&shelf_across(0.75, false));
    assert_status(&alone, "main_route", RuleStatus::Failed);
    assert_status(&alone, "walkways", RuleStatus::Held);
    let both = report(&shelf_across(0.75, true));
    assert_status(&both, "main_route", RuleStatus::Held);
    assert_status(&both, "walkways", RuleStatus::Held);
}

#[test]
fn cut_off_names_what_no_walkway_reaches_and_ignores_what_is_not_there_yet() {
    use relayout_core::geometry::RoomShape;
    use relayout_core::placement::Placed;
    use relayout_core::rules::{SceneRules, WALKWAY_MIN};
    let s = shelf_across(0.55, false);
    let room = RoomShape::new(&s.room);
    let placed = Placed::from_poses(&s, &s.poses).unwrap();
    let rules = SceneRules::new(&s);
    let bed = s.object_index("bed-0").unwrap();
    let shelf = s.object_index("shelf-0").unwrap();
    let cut = |present: [bool; 2]| rules.cut_off(&s, &room, &placed, &present, WALKWAY_MIN);
    // The bed beyond the gap, and the shelf, whose front faces it.
    assert_eq!(cut([true, true]), vec![shelf, bed]);
    // Without the shelf the bed is reached; without the bed the shelf still is not.
    let mut present = [true, true];
    present[shelf] = false;
    assert!(cut(present).is_empty());
    present = [true, true];
    present[bed] = false;
    assert_eq!(cut(present), vec![shelf]);
    // A wider gap lets a 0.6 m walkway through.
    let s = shelf_across(0.75, false);
    let placed = Placed::from_poses(&s, &s.poses).unwrap();
    assert!(
        rules
            .cut_off(&s, &room, &placed, &[true, true], WALKWAY_MIN)
            .is_empty()
    );
}

#[test]
fn the_fast_set_words_the_first_failures_and_names_the_rest() {
    // Five chairs at a table, every one turned its back to it.
    let mut pieces = vec![("table-0", "dining_table", [3.0, 0.9, 0.75])];
    let mut poses = vec![("table-0", 2.5, 2.0, 0.0)];
    let ids = ["chair-0", "chair-1", "chair-2", "chair-3", "chair-4"];
    for (k, id) in ids.iter().enumerate() {
        pieces.push((id, "dining_chair", [0.45, 0.5, 0.9]));
        poses.push((id, 1.3 + 0.6 * k as f64, 1.25, 180.0));
    }
    let s = scene(RECT, DOOR_B, &pieces, &poses);
    let fast = check(&s, &s.poses, RuleSet::Fast).unwrap();
    let all = check(&s, &s.poses, RuleSet::All).unwrap();
    let (f, a) = (
        rule(&fast, "chairs_at_tables"),
        rule(&all, "chairs_at_tables"),
    );
    assert_eq!(
        (f.status, a.status),
        (RuleStatus::Failed, RuleStatus::Failed)
    );
    // The same verdict, score and pieces; fewer words.
    assert_eq!(f.score, a.score);
    assert_eq!(f.objects, a.objects);
    assert_eq!(a.message.matches("turned").count(), 5, "{}", a.message);
    assert_eq!(f.message.matches("turned").count(), 3, "{}", f.message);
    assert!(
        f.message.ends_with("and 2 more (chair-3, chair-4)"),
        "{}",
        f.message
    );
}

#[test]
fn a_bed_is_reached_along_a_long_side_when_its_foot_is_at_a_wall() {
    // A single bed along the left wall of a 3 × 2 m room, its foot against the top wall: one
    // gets into it from its free side, which the walkers reach from the door on the right.
    let room = r#""width": 3, "depth": 2, "height": 2.5"#;
    let door_r = r#"{"kind":"door","wall":"R","offset":0.5,"width":0.9}"#;
    let bed = ("bed-0", "bed", [0.9, 2.0, 0.5]);
    let alone = scene(room, door_r, &[bed], &[("bed-0", 0.45, 1.0, 0.0)]);
    assert_status(&report(&alone), "walkways", RuleStatus::Held);
    // A shelf standing the length of its free side closes the bed off.
    let shelf = ("shelf-0", "bookshelf", [2.0, 0.4, 1.8]);
    let shut = scene(
        room,
        door_r,
        &[bed, shelf],
        &[("bed-0", 0.45, 1.0, 0.0), ("shelf-0", 1.1, 1.0, -90.0)],
    );
    let r = report(&shut);
    let o = rule(&r, "walkways");
    assert_eq!(o.status, RuleStatus::Failed, "{o:?}");
    assert_eq!(o.objects, ["bed-0"]);
}
