//! The semantic checks: each problem one precise line, naming the place and the id.

use std::collections::BTreeMap;

use relayout_core::relation::{Align, AlignName, Relation};
use relayout_reasoner::answer::{Decomposition, MapPose, UnitPlan};
use relayout_reasoner::check::{
    RelationScope, check_decomposition, check_global_map, check_local_map, check_relations,
};
use relayout_reasoner::cognitive_map::{find_conflicts, instantiate};
use relayout_reasoner::conflict::ConflictKind;

use crate::support::fixture;

fn unit(id: &str, anchor: &str, members: &[&str]) -> UnitPlan {
    UnitPlan {
        id: id.into(),
        anchor: anchor.into(),
        members: members.iter().map(|m| m.to_string()).collect(),
        purpose: String::new(),
    }
}

fn bedroom_units() -> Decomposition {
    Decomposition {
        units: vec![
            unit(
                "sleep",
                "bed-0",
                &["nightstand-0", "nightstand-1", "table-lamp-0"],
            ),
            unit("work", "desk-0", &["desk-chair-0"]),
        ],
        independent: vec!["wardrobe-0".into(), "tv-0".into()],
    }
}

fn left(s: &str, t: &str) -> Relation {
    Relation::LeftOf {
        source: s.into(),
        target: t.into(),
        clearance: 0.05,
        align: Align::Named(AlignName::Back),
    }
}

fn right(s: &str, t: &str) -> Relation {
    Relation::RightOf {
        source: s.into(),
        target: t.into(),
        clearance: 0.05,
        align: Align::Named(AlignName::Back),
    }
}

fn on_top(s: &str, t: &str) -> Relation {
    Relation::OnTopOf {
        source: s.into(),
        target: t.into(),
    }
}

#[test]
fn a_good_decomposition_has_no_problem() {
    let scene = fixture("bedroom.json");
    assert_eq!(
        check_decomposition(&scene, &bedroom_units()),
        Vec::<String>::new()
    );
}

#[test]
fn decomposition_problems_are_named_exactly() {
    let scene = fixture("bedroom.json");
    let mut d = bedroom_units();
    d.units[0].members.push("lamp-9".into()); // hallucinated
    d.units[1].members.push("nightstand-1".into()); // in two units
    d.units[1].members.push("desk-0".into()); // the anchor again
    d.units.push(unit("wardrobe-0", "wardrobe-0", &[])); // an object id as unit id
    d.independent.retain(|i| i != "tv-0"); // missing
    let got = check_decomposition(&scene, &d);
    let want = [
        "units[0].members[3]: unknown object \"lamp-9\"; use only the listed object ids",
        "units[1].members[1]: \"nightstand-1\" is already placed at units[0].members[1]; each object belongs to exactly one unit or is independent",
        "units[1].members[2]: \"desk-0\" is the unit's anchor; list only the other objects",
        "units[2].id: \"wardrobe-0\" is an object id; give the unit a new name",
        "independent[0]: \"wardrobe-0\" is already placed at units[2].anchor; each object belongs to exactly one unit or is independent",
        "objects missing from the answer: \"tv-0\"; each must be an anchor, a member or independent",
    ];
    assert_eq!(got, want);
}

#[test]
fn unit_relations_problems_are_named_exactly() {
    let scene = fixture("bedroom.json");
    let d = bedroom_units();
    let u = &d.units[0];
    let rels = vec![
        left("nightstand-0", "bed-0"),
        right("nightstand-0", "bed-0"), // contradicts [0]
        left("nightstand-0", "bed-0"),  // repeats [0]
        left("nightstand-1", "lamp-9"), // hallucinated
        left("table-lamp-0", "desk-0"), // not in the unit
        Relation::AgainstWall {
            source: "bed-0".into(),
            wall: "L".into(),
        }, // room relation
    ];
    let got = check_relations(&scene, &d, RelationScope::Unit(u), &rels, &[]);
    for want in [
        "relations[1] (nightstand-0 right of bed-0, 5 cm apart, backs aligned) contradicts relations[0] (nightstand-0 left of bed-0, 5 cm apart, backs aligned); keep one",
        "relations[2] repeats relations[0] (nightstand-0 left of bed-0, 5 cm apart, backs aligned); give each relation once",
        "relations[3].target: unknown id \"lamp-9\"; use only the listed object and unit ids",
        "relations[4].target: \"desk-0\" is not in unit \"sleep\" (its objects: bed-0, nightstand-0, nightstand-1, table-lamp-0)",
        "relations[5]: against_wall refers to the room; inside a unit use only relations between its objects (room relations belong to the global stage)",
    ] {
        assert!(
            got.contains(&want.to_string()),
            "missing {want:?} in {got:#?}"
        );
    }
}

#[test]
fn cycles_and_unplaced_members_are_found() {
    let scene = fixture("bedroom.json");
    let d = bedroom_units();
    let rels = vec![
        left("nightstand-0", "nightstand-1"),
        left("nightstand-1", "table-lamp-0"),
        on_top("table-lamp-0", "nightstand-0"),
    ];
    let got = check_relations(&scene, &d, RelationScope::Unit(&d.units[0]), &rels, &[]);
    assert!(
        got.iter().any(|e| e.starts_with(
            "relations form a cycle: nightstand-0 → nightstand-1 → table-lamp-0 → nightstand-0 (relations[0], relations[1], relations[2])"
        )),
        "{got:#?}"
    );
    let got = check_relations(
        &scene,
        &d,
        RelationScope::Unit(&d.units[0]),
        &[left("nightstand-0", "bed-0")],
        &[],
    );
    assert!(got.contains(&"member \"nightstand-1\" of unit \"sleep\" is not placed: relate it to \"bed-0\" or to another member with left_of, right_of, in_front_of, behind, around or on_top_of".to_string()), "{got:#?}");
}

#[test]
fn document_rules_are_reported_at_the_answers_index() {
    let scene = fixture("bedroom.json");
    let d = bedroom_units();
    let bad = Relation::LeftOf {
        source: "nightstand-1".into(),
        target: "bed-0".into(),
        clearance: -0.2,
        align: Align::Named(AlignName::Left),
    };
    let rels = vec![
        left("nightstand-0", "bed-0"),
        bad,
        on_top("table-lamp-0", "nightstand-0"),
    ];
    let got = check_relations(&scene, &d, RelationScope::Unit(&d.units[0]), &rels, &[]);
    assert!(
        got.contains(&"relations[1].clearance: must be a finite number ≥ 0, got -0.2".to_string()),
        "{got:#?}"
    );
    assert!(
        got.iter()
            .any(|e| e.starts_with("relations[1].align: \"left\" does not apply here")),
        "{got:#?}"
    );
}

#[test]
fn global_relations_place_units_not_their_members() {
    let scene = fixture("bedroom.json");
    let d = bedroom_units();
    let rels = vec![
        Relation::AgainstWall {
            source: "nightstand-0".into(),
            wall: "L".into(),
        },
        Relation::AgainstWall {
            source: "sleep".into(),
            wall: "Q".into(),
        },
        Relation::AgainstWall {
            source: "work".into(),
            wall: "L".into(),
        },
        Relation::AgainstWall {
            source: "work".into(),
            wall: "R".into(),
        },
    ];
    let got = check_relations(&scene, &d, RelationScope::Global, &rels, &[]);
    assert!(got.contains(&"relations[0].source: \"nightstand-0\" is a member of unit \"sleep\", placed inside it; place the unit \"sleep\" instead".to_string()), "{got:#?}");
    assert!(
        got.iter()
            .any(|e| e.starts_with("relations[3] (work against wall R) contradicts relations[2]")),
        "{got:#?}"
    );
    let got = check_relations(&scene, &d, RelationScope::Global, &rels[1..2], &[]);
    assert_eq!(
        got,
        vec!["relations[0].wall: unknown wall \"Q\" (walls are L, R, B, T)".to_string()]
    );
}

#[test]
fn maps_must_list_each_expected_id_once() {
    let d = bedroom_units();
    let p = |id: &str, x: f64| MapPose {
        id: id.into(),
        x,
        y: 0.0,
        rz: 0.0,
    };
    let got = check_local_map(&d.units[1], &[p("desk-0", 0.5), p("lamp-9", 0.0)]);
    assert!(
        got.iter()
            .any(|e| e.starts_with("poses[1].id: \"lamp-9\" is not a member of this unit")),
        "{got:#?}"
    );
    assert!(
        got.iter()
            .any(|e| e.starts_with("poses[0]: the anchor \"desk-0\" is the map's origin")),
        "{got:#?}"
    );
    assert!(
        got.contains(&"poses missing for \"desk-chair-0\"".to_string()),
        "{got:#?}"
    );
    let got = check_global_map(&d, &[p("sleep", 1.0), p("sleep", f64::NAN)]);
    assert!(
        got.iter()
            .any(|e| e == "poses[1].id: \"sleep\" is listed twice"),
        "{got:#?}"
    );
    assert!(
        got.iter()
            .any(|e| e.starts_with("poses[1].x: must be a finite")),
        "{got:#?}"
    );
}

#[test]
fn conflicts_go_to_the_unit_or_to_the_room() {
    let scene = fixture("bedroom.json");
    let d = Decomposition {
        units: vec![unit("sleep", "bed-0", &["nightstand-0"])],
        independent: [
            "nightstand-1",
            "table-lamp-0",
            "wardrobe-0",
            "desk-0",
            "desk-chair-0",
            "tv-0",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    };
    let p = |id: &str, x: f64, y: f64, rz: f64| MapPose {
        id: id.into(),
        x,
        y,
        rz,
    };
    // The nightstand overlaps the bed inside the unit; the wardrobe pokes out of the room and
    // overlaps the desk; the chair stands in the door swing (door on T at 1.4–2.3).
    let local = BTreeMap::from([(
        "sleep".to_string(),
        vec![p("nightstand-0", -0.7, -0.85, 0.0)],
    )]);
    let global = vec![
        p("sleep", 2.0, 2.0, 0.0),
        p("nightstand-1", 3.5, 0.5, 0.0),
        p("table-lamp-0", 3.5, 0.5, 0.0),
        p("wardrobe-0", 0.4, 0.4, 0.0),
        p("desk-0", 0.9, 0.5, 0.0),
        p("desk-chair-0", 1.8, 4.1, 0.0),
        p("tv-0", 3.9, 2.0, 90.0),
    ];
    let rels = vec![on_top("table-lamp-0", "nightstand-1")];
    let world = instantiate(&scene, &d, &local, &global, &rels);
    assert!((world["nightstand-0"].x - 1.3).abs() < 1e-9);
    let conflicts = find_conflicts(&scene, &d, &local, &world, &rels);
    let kinds: Vec<(ConflictKind, Option<&str>, Vec<&str>)> = conflicts
        .iter()
        .map(|c| {
            (
                c.kind,
                c.unit.as_deref(),
                c.objects.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&(
            ConflictKind::Overlap,
            Some("sleep"),
            vec!["bed-0", "nightstand-0"]
        )),
        "{conflicts:#?}"
    );
    assert!(
        kinds.contains(&(ConflictKind::OutOfRoom, None, vec!["wardrobe-0"])),
        "{conflicts:#?}"
    );
    assert!(
        kinds.contains(&(ConflictKind::Overlap, None, vec!["wardrobe-0", "desk-0"])),
        "{conflicts:#?}"
    );
    assert!(
        kinds.contains(&(ConflictKind::DoorSwing, None, vec!["desk-chair-0"])),
        "{conflicts:#?}"
    );
    // The lamp on the nightstand is no conflict.
    assert!(
        !conflicts
            .iter()
            .any(|c| c.objects.contains(&"table-lamp-0".to_string())),
        "{conflicts:#?}"
    );
    let msg = &conflicts
        .iter()
        .find(|c| c.kind == ConflictKind::DoorSwing)
        .unwrap()
        .message;
    assert!(msg.contains("the door on wall T at 1.40 m"), "{msg}");
}
