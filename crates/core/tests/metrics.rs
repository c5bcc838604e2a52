//! The metrics of DESIGN §5 on layouts whose values are known by hand.

use std::collections::BTreeMap;

use relayout_core::metrics::evaluate;
use relayout_core::scene::{Pose, Scene, parse_scene};

fn scene(objects: &[(&str, [f64; 3])], relations: &str, door: bool) -> Scene {
    let objs: Vec<String> = objects
        .iter()
        .map(|(id, s)| {
            format!(
                r#"{{"id":"{id}","category":"x","size":[{},{},{}]}}"#,
                s[0], s[1], s[2]
            )
        })
        .collect();
    let openings = if door {
        r#","openings":[{"kind":"door","wall":"B","offset":0.2,"width":0.9}]"#
    } else {
        ""
    };
    parse_scene(&format!(
        r#"{{"schema":"relayout.scene/1","room":{{"width":5,"depth":4,"height":2.5{openings}}},
           "objects":[{}],"relations":[{relations}]}}"#,
        objs.join(",")
    ))
    .unwrap()
}

fn poses(list: &[(&str, f64, f64, f64)]) -> BTreeMap<String, Pose> {
    list.iter()
        .map(|(id, x, y, rz)| {
            (
                id.to_string(),
                Pose {
                    x: *x,
                    y: *y,
                    z: 0.0,
                    rz: *rz,
                },
            )
        })
        .collect()
}

#[test]
fn collision_rate_counts_objects_and_pairs() {
    // a and b overlap by 5 cm; c touches b within the 1 cm tolerance; d is apart.
    let s = scene(
        &[
            ("a", [1.0, 1.0, 1.0]),
            ("b", [1.0, 1.0, 1.0]),
            ("c", [1.0, 1.0, 1.0]),
            ("d", [1.0, 1.0, 1.0]),
        ],
        "",
        false,
    );
    let m = evaluate(
        &s,
        &poses(&[
            ("a", 1.0, 1.0, 0.0),
            ("b", 1.95, 1.0, 0.0),
            ("c", 2.955, 1.0, 0.0),
            ("d", 4.0, 3.0, 0.0),
        ]),
    )
    .unwrap();
    assert_eq!(m.cr, 0.5);
    assert!((m.pcr - 1.0 / 6.0).abs() < 1e-12);
    assert!(!m.cf);
    assert_eq!(m.colliding_pairs, vec![["a".to_string(), "b".to_string()]]);
}

#[test]
fn stacked_and_vertically_apart_objects_do_not_collide() {
    let mut s = scene(
        &[
            ("table", [1.0, 1.0, 0.7]),
            ("lamp", [0.3, 0.3, 0.4]),
            ("shelf", [1.0, 0.3, 0.3]),
        ],
        r#"{"type":"on_top_of","source":"lamp","target":"table"}"#,
        false,
    );
    s.objects[2].support = relayout_core::scene::Support::Wall;
    let mut p = poses(&[
        ("table", 2.0, 2.0, 0.0),
        ("lamp", 2.0, 2.0, 0.0),
        ("shelf", 2.0, 2.0, 0.0),
    ]);
    p.get_mut("shelf").unwrap().z = 1.5;
    let m = evaluate(&s, &p).unwrap();
    assert!(m.cf, "{:?}", m.colliding_pairs);
    assert_eq!(m.rs, Some(1.0), "the lamp's height is set by on_top_of");
}

#[test]
fn out_of_bounds_uses_corners_and_the_ceiling() {
    // a: a rotated corner 2 cm out; b: 15 cm out (OOB@0.1); c: hung so that its top passes the
    // ceiling.
    let mut s = scene(
        &[
            ("a", [1.0, 1.0, 1.0]),
            ("b", [1.0, 1.0, 1.0]),
            ("c", [1.0, 1.0, 2.5]),
            ("d", [1.0, 1.0, 1.0]),
        ],
        "",
        false,
    );
    s.objects[2].support = relayout_core::scene::Support::Wall;
    let half_diag = 0.5 * 2f64.sqrt();
    let mut p = poses(&[
        ("a", half_diag - 0.02, 2.0, 45.0),
        ("b", 4.65, 1.0, 0.0),
        ("c", 2.5, 3.0, 0.0),
        ("d", 2.5, 1.0, 0.0),
    ]);
    p.get_mut("c").unwrap().z = 0.1;
    let m = evaluate(&s, &p).unwrap();
    assert_eq!(m.out_of_room, vec!["a", "b", "c"]);
    assert_eq!(m.or_, 0.75);
    assert!(m.oob_0_1);
}

#[test]
fn relation_satisfaction_uses_five_centimetres() {
    let rels = r#"{"type":"left_of","source":"n","target":"bed","clearance":0.1,"align":"back"},
                  {"type":"against_wall","source":"bed","wall":"L"}"#;
    let s = scene(
        &[("bed", [1.6, 2.0, 0.5]), ("n", [0.4, 0.4, 0.5])],
        rels,
        false,
    );
    // Bed against L facing +X: its left is +Y. The nightstand 4 cm further than asked: holds.
    let ok = poses(&[
        ("bed", 1.0, 2.0, -90.0),
        ("n", 0.2, 2.8 + 0.1 + 0.2 + 0.04, -90.0),
    ]);
    assert_eq!(evaluate(&s, &ok).unwrap().rs, Some(1.0));
    // 7 cm off: fails; and the bed 3 cm off the wall fails against_wall's 2 cm.
    let bad = poses(&[
        ("bed", 1.03, 2.0, -90.0),
        ("n", 0.2, 2.8 + 0.1 + 0.2 + 0.07, -90.0),
    ]);
    let m = evaluate(&s, &bad).unwrap();
    assert_eq!(m.unsatisfied, vec![0, 1]);
    assert_eq!(m.rs, Some(0.0));
}

#[test]
fn accessibility_walks_from_the_door() {
    // A 5 × 4 room, door at the bottom-left. A wall of cabinets across the room at y = 2
    // (full width) cuts the top half off: the sofa up there faces a free strip nobody reaches.
    let s = scene(
        &[
            ("c0", [2.5, 0.6, 1.0]),
            ("c1", [2.5, 0.6, 1.0]),
            ("sofa", [2.0, 0.9, 0.8]),
            ("desk", [1.2, 0.6, 0.75]),
        ],
        "",
        true,
    );
    let p = poses(&[
        ("c0", 1.25, 2.0, 0.0),
        ("c1", 3.75, 2.0, 0.0),
        ("sofa", 2.5, 3.55, 180.0),
        ("desk", 4.0, 0.3, 0.0),
    ]);
    let m = evaluate(&s, &p).unwrap();
    // c0, c1 face the top half too (rz 0 faces +Y): unreachable; the desk faces the open bottom.
    assert_eq!(m.inaccessible, vec!["c0", "c1", "sofa"]);
    assert_eq!(m.ac, Some(0.25));
    // Open a 0.6 m gap in the cabinet wall: a 0.5 m walker passes and reaches everything.
    let p = poses(&[
        ("c0", 0.95, 2.0, 0.0),
        ("c1", 4.05, 2.0, 0.0),
        ("sofa", 2.5, 3.55, 180.0),
        ("desk", 4.0, 0.3, 0.0),
    ]);
    assert_eq!(evaluate(&s, &p).unwrap().ac, Some(1.0));
}

#[test]
fn a_chair_tucked_at_its_table_is_reached_from_behind() {
    let rel = r#"{"type":"in_front_of","source":"chair","target":"table","clearance":0.05}"#;
    let s = scene(
        &[("table", [1.2, 0.8, 0.75]), ("chair", [0.45, 0.5, 0.9])],
        rel,
        true,
    );
    // Table faces −Y (rz 180), the chair below it faces +Y towards it, 5 cm away.
    let p = poses(&[
        ("table", 2.5, 2.5, 180.0),
        ("chair", 2.5, 2.5 - 0.4 - 0.05 - 0.25, 0.0),
    ]);
    let m = evaluate(&s, &p).unwrap();
    assert_eq!(m.ac, Some(1.0), "{:?}", m.inaccessible);
    // Without the relation, its front strip is under the table and nobody can use it.
    let s2 = scene(
        &[("table", [1.2, 0.8, 0.75]), ("chair", [0.45, 0.5, 0.9])],
        "",
        true,
    );
    assert_eq!(evaluate(&s2, &p).unwrap().inaccessible, vec!["chair"]);
}
