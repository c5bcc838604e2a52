//! The reader on small cases; the table of instructions solved end to end is in
//! `tests/instructions`.

use relayout_core::relation::Relation;
use relayout_core::scene::parse_scene;

use super::*;

fn bedroom() -> Scene {
    parse_scene(
        r#"{"schema": "relayout.scene/1",
        "room": {"width": 4.0, "depth": 5.0, "height": 2.7, "openings": [
            {"kind": "door", "wall": "B", "offset": 0.3, "width": 0.9},
            {"kind": "window", "wall": "T", "offset": 1.5, "width": 1.2, "sill": 0.9}]},
        "objects": [
          {"id": "bed-0", "category": "bed", "size": [1.6, 2.1, 0.55]},
          {"id": "nightstand-0", "category": "nightstand", "size": [0.45, 0.4, 0.55]},
          {"id": "nightstand-1", "category": "nightstand", "size": [0.45, 0.4, 0.55]},
          {"id": "desk-0", "category": "desk", "size": [1.2, 0.6, 0.75]},
          {"id": "wardrobe-0", "category": "wardrobe", "size": [1.2, 0.6, 2.0]},
          {"id": "plant-0", "category": "plant", "size": [0.4, 0.4, 1.2]}
        ]}"#,
    )
    .unwrap()
}

/// The wall `id` is put against in `r`.
fn wall_of<'r>(r: &'r [Relation], id: &str) -> &'r str {
    r.iter()
        .find_map(|r| match r {
            Relation::AgainstWall { source, wall } if source == id => Some(wall.as_str()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no wall for {id}: {r:?}"))
}

fn rels(text: &str) -> (Vec<Relation>, Vec<String>) {
    let r = read_text(&bedroom(), text);
    (
        r.relations().map(|(r, _)| r.clone()).collect(),
        r.not_understood.iter().map(|n| n.why.clone()).collect(),
    )
}

#[test]
fn walls_corners_and_openings() {
    let (r, bad) = rels(
        "Put the bed against the left wall, the desk under the window and the wardrobe in the top-right corner.",
    );
    assert!(bad.is_empty(), "{bad:?}");
    assert!(r.contains(&Relation::AgainstWall {
        source: "bed-0".into(),
        wall: "L".into()
    }));
    assert!(r.contains(&Relation::AgainstWall {
        source: "desk-0".into(),
        wall: "T".into()
    }));
    assert!(r.contains(&Relation::Position {
        source: "desk-0".into(),
        x: Some(2.1),
        y: None
    }));
    assert!(r.iter().any(|r| matches!(r, Relation::Corner { source, corner, .. } if source == "wardrobe-0" && corner == "TR")));
}

#[test]
fn things_that_overfill_a_wall_go_on_round_the_corner() {
    // 1.2 + 1.2 + 1.6 m and two gaps on a 4 m wall: the bed, last, turns the corner.
    let (r, said) = rels("the desk, the wardrobe and the bed along the top wall");
    // The designer is told what was changed.
    assert!(
        said.iter()
            .any(|p| p.contains("4.0 m long: bed-0 go on along")),
        "{said:?}"
    );
    let wall = |id: &str| wall_of(&r, id);
    assert_eq!((wall("desk-0"), wall("wardrobe-0")), ("T", "T"));
    assert!(matches!(wall("bed-0"), "L" | "R"), "{}", wall("bed-0"));
}

#[test]
fn a_run_that_overfills_turns_towards_the_wall_another_clause_names() {
    // The bench kitchen: 5.6 m of pieces "along the top wall" (4.5 m), "the stove with its
    // hood on the right wall". The run turns towards the right wall, where the stove is, not
    // the longer left one; of its pieces, the repeated counters go on, the fridge, sink and
    // dishwasher (named once) stay where they were put.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/scenes/kitchen.json"
    );
    let mut scene = parse_scene(&std::fs::read_to_string(path).unwrap()).unwrap();
    // Its own relations (which the reader does not overrule) set aside: the words alone.
    scene.relations.clear();
    scene.units.clear();
    let r: Vec<Relation> = read_text(&scene, &scene.instruction)
        .relations()
        .map(|(r, _)| r.clone())
        .collect();
    let wall = |id: &str| wall_of(&r, id);
    for id in ["fridge-0", "sink-0", "dishwasher-0"] {
        assert_eq!(wall(id), "T", "{id}");
    }
    assert_eq!(wall("stove-0"), "R");
    let counters: Vec<&str> = ["counter-0", "counter-1", "counter-2"]
        .into_iter()
        .map(wall)
        .collect();
    assert!(counters.contains(&"R"), "{counters:?}");
    assert!(!counters.contains(&"L"), "{counters:?}");
}

#[test]
fn several_things_beside_a_door_stand_in_a_row_not_on_one_spot() {
    let (r, bad) = rels("the nightstands by the door");
    assert!(bad.is_empty(), "{bad:?}");
    let x = |id: &str| {
        r.iter()
            .find_map(|r| match r {
                Relation::Position { source, x, .. } if source == id => *x,
                _ => None,
            })
            .unwrap_or_else(|| panic!("no position for {id}: {r:?}"))
    };
    let (a, b) = (x("nightstand-0"), x("nightstand-1"));
    // Both beside the door (0.3–1.2 m along the bottom wall), side by side: 0.45 m wide, 0.1 m
    // apart.
    assert!((a - b).abs() >= 0.45 + 0.1 - 1e-9, "{a} and {b} overlap");
    for v in [a, b] {
        assert!(!(0.3..=1.2).contains(&v), "{v} is in the doorway");
    }
}

#[test]
fn typos_british_spelling_and_case_do_not_matter() {
    let (a, _) = rels("the BED agianst the wall opposite the door; the plant in the centre");
    let (b, _) = rels("the bed against the wall opposite the door. the plant in the center");
    assert_eq!(a, b);
    assert!(a.contains(&Relation::AgainstWall {
        source: "bed-0".into(),
        wall: "T".into()
    }));
}

#[test]
fn either_side_takes_both_nightstands() {
    let (r, bad) = rels("a nightstand on either side of the bed");
    assert!(bad.is_empty(), "{bad:?}");
    assert!(r.iter().any(|r| matches!(r, Relation::LeftOf { source, target, .. } if source == "nightstand-0" && target == "bed-0")), "{r:?}");
    assert!(
        r.iter()
            .any(|r| matches!(r, Relation::RightOf { source, .. } if source == "nightstand-1")),
        "{r:?}"
    );
}

#[test]
fn what_cannot_be_done_is_said() {
    let (r, bad) = rels("put the piano in the corner. Keep 10 km from the door. xyzzy plugh");
    assert!(r.is_empty(), "{r:?}");
    assert!(bad.iter().any(|b| b.contains("piano")), "{bad:?}");
    assert_eq!(bad.len(), 3, "{bad:?}");
    let (_, bad) = rels("the desk at least 10 km from the bed");
    assert!(
        bad.iter()
            .any(|b| b.contains("10 km is more than the room allows")),
        "{bad:?}"
    );
    let (_, bad) = rels("the bed against the left wall and the bed against the right wall");
    assert!(
        bad.iter().any(|b| b.contains("kept the earlier")),
        "{bad:?}"
    );
}

#[test]
fn the_designers_relations_are_not_overruled() {
    let mut s = bedroom();
    s.relations.push(Relation::AgainstWall {
        source: "bed-0".into(),
        wall: "R".into(),
    });
    let r = read_text(&s, "the bed against the left wall");
    assert!(r.understood.is_empty());
    assert!(
        r.not_understood[0]
            .why
            .contains("the designer's relations[0]"),
        "{r:?}"
    );
}

#[test]
fn apply_marks_the_phrase_and_replaces_an_earlier_reading() {
    let mut s = bedroom();
    s.instruction = "the bed against the left wall".into();
    read(&s).apply(&mut s);
    read(&s).apply(&mut s);
    assert_eq!(s.relations.len(), 1);
    assert_eq!(s.origin(0).phrase(), Some("the bed against the left wall"));
}

#[test]
fn bad_input_gets_a_note_and_never_panics() {
    let s = bedroom();
    assert_eq!(read_text(&s, ""), Reading::default());
    assert_eq!(read_text(&s, "   \n "), Reading::default());
    // Very long text: read up to the limit, the rest said.
    let long = "the bed against the left wall. ".repeat(4000);
    let r = read_text(&s, &long);
    assert!(
        r.not_understood
            .iter()
            .any(|n| n.why.contains("only the first")),
        "{:?}",
        r.not_understood.last()
    );
    // Non-English and nonsense: said, nothing read.
    for text in [
        "Das Bett an die linke Wand stellen",
        "床を窓の下に",
        "asdf qwer zxcv",
        "!!! ??? ...",
    ] {
        let r = read_text(&s, text);
        assert!(r.understood.is_empty(), "{text}: {r:?}");
        assert!(
            !r.not_understood.is_empty() || text.chars().all(|c| !c.is_alphanumeric()),
            "{text}: {r:?}"
        );
    }
    // Ids that do not exist and lengths out of range.
    let (r, bad) = rels(
        "lamp-9 against the left wall; the desk 10 km from the door; the desk at least -3 m from the bed",
    );
    assert!(r.is_empty(), "{r:?}");
    assert!(bad.iter().any(|b| b.contains("lamp")), "{bad:?}");
    assert!(bad.iter().any(|b| b.contains("10 km")), "{bad:?}");
}

#[test]
fn a_room_without_a_window_says_so() {
    let mut s = bedroom();
    s.room
        .openings
        .retain(|o| o.kind == relayout_core::scene::OpeningKind::Door);
    let r = read_text(&s, "the desk under the window");
    assert!(r.understood.is_empty());
    assert_eq!(r.not_understood[0].why, "the room has no window");
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    const WORDS: &[&str] = &[
        "the",
        "bed",
        "desk",
        "against",
        "left",
        "wall",
        "window",
        "door",
        "corner",
        "next",
        "to",
        "between",
        "and",
        "facing",
        "keep",
        "clear",
        "middle",
        "two",
        "nightstands",
        "at",
        "least",
        "1",
        "m",
        "from",
        ",",
        ".",
        "in",
        "front",
        "of",
        "top-right",
        "not",
        "walkway",
        "of",
        "80",
        "cm",
        "on",
        "either",
        "side",
        "it",
        "the",
        "green",
        "one",
        "with",
        "bed-0",
        "plant",
        "wardrobe",
        "opposite",
        "north",
        "long",
        "piano",
        "10",
        "km",
        ";",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// No text panics, and the scene with what was read stays valid.
        #[test]
        fn any_text_reads_to_a_valid_scene(words in proptest::collection::vec(0..WORDS.len(), 0..40), raw in "\\PC{0,60}") {
            let text = words.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ") + " " + &raw;
            let mut s = bedroom();
            s.instruction = text;
            let r = read(&s);
            r.apply(&mut s);
            prop_assert!(relayout_core::scene::validate::validate(&s).is_empty());
            for u in &r.understood {
                prop_assert!(!u.phrase.is_empty());
                prop_assert!(!u.words.is_empty());
            }
        }
    }
}

#[test]
fn a_chair_named_with_its_desk_is_not_put_against_the_wall_too() {
    let mut scene = bedroom();
    scene.objects.push(relayout_core::scene::Object {
        id: "chair-0".into(),
        category: "chair".into(),
        ..scene.objects[3].clone()
    });
    let r = read_text(&scene, "a desk and chair under the window");
    let rels: Vec<&Relation> = r.relations().map(|(r, _)| r).collect();
    assert!(
        rels.iter().any(|r| matches!(r, Relation::AgainstWall { source, wall } if source == "desk-0" && wall == "T")),
        "{rels:?}"
    );
    assert!(
        !rels.iter().any(|r| r.source() == Some("chair-0")),
        "the chair sits at the desk: {rels:?}"
    );
}

/// A study for two: two desks, two office chairs, two bookshelves, a sideboard, an ottoman, an
/// armchair, a back bar listed before its bar counter and stools; door on B, window on L.
fn study() -> Scene {
    parse_scene(
        r#"{"schema": "relayout.scene/1",
        "room": {"width": 4.2, "depth": 3.8, "height": 2.6, "openings": [
            {"kind": "door", "wall": "B", "offset": 2.8, "width": 0.9},
            {"kind": "window", "wall": "L", "offset": 0.3, "width": 1.2, "sill": 0.5}]},
        "objects": [
          {"id": "desk-0", "category": "desk", "size": [1.4, 0.7, 0.75]},
          {"id": "desk-1", "category": "desk", "size": [1.4, 0.7, 0.75]},
          {"id": "office-chair-0", "category": "office_chair", "size": [0.6, 0.6, 1.1]},
          {"id": "office-chair-1", "category": "office_chair", "size": [0.6, 0.6, 1.1]},
          {"id": "bookshelf-0", "category": "bookshelf", "size": [0.9, 0.35, 1.9]},
          {"id": "bookshelf-1", "category": "bookshelf", "size": [0.9, 0.35, 1.9]},
          {"id": "sideboard-0", "category": "sideboard", "size": [1.4, 0.45, 0.85]},
          {"id": "ottoman-0", "category": "ottoman", "size": [0.55, 0.45, 0.4]},
          {"id": "armchair-0", "category": "armchair", "size": [0.85, 0.85, 1.0]},
          {"id": "back-bar-0", "category": "back_bar", "size": [1.5, 0.5, 2.0]},
          {"id": "bar-counter-0", "category": "bar_counter", "size": [1.6, 0.6, 1.1]},
          {"id": "bar-stool-0", "category": "bar_stool", "size": [0.4, 0.4, 0.75]},
          {"id": "bar-stool-1", "category": "bar_stool", "size": [0.4, 0.4, 0.75]}
        ]}"#,
    )
    .unwrap()
}

#[test]
fn each_with_a_chair_gives_every_desk_one_and_the_next_placement_its_own_clause() {
    // "each with an office chair, two tall bookcases on the left wall" was one clause: a chair
    // against the left wall, and the bookcases, which the reader did not know, nowhere.
    let r = read_text(
        &study(),
        "two desks side by side on the top wall, each with an office chair, two tall bookcases on the left wall",
    );
    let rels: Vec<Relation> = r.relations().map(|(r, _)| r.clone()).collect();
    assert_eq!(wall_of(&rels, "bookshelf-0"), "L");
    assert_eq!(wall_of(&rels, "bookshelf-1"), "L");
    let with = |chair: &str| {
        rels.iter()
            .find_map(|r| match r {
                Relation::Distance { source, target, .. } if source == chair => {
                    Some(target.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{chair} goes with no desk: {rels:?}"))
    };
    assert_eq!(with("office-chair-0"), "desk-0");
    assert_eq!(with("office-chair-1"), "desk-1");
    assert!(
        !rels.iter().any(|r| matches!(r, Relation::AgainstWall { source, .. } if source.starts_with("office-chair"))),
        "{rels:?}"
    );
}

#[test]
fn other_names_of_a_kind_name_it_and_not_its_whole_role() {
    let r = read_text(
        &study(),
        "a credenza against the right wall, a footstool in front of the armchair and a bookcase on the top wall",
    );
    let rels: Vec<Relation> = r.relations().map(|(r, _)| r.clone()).collect();
    assert_eq!(wall_of(&rels, "sideboard-0"), "R", "{rels:?}");
    assert!(
        rels.iter().any(|r| matches!(r, Relation::InFrontOf { source, target, .. } if source == "ottoman-0" && target == "armchair-0")),
        "{rels:?}"
    );
    assert_eq!(wall_of(&rels, "bookshelf-0"), "T", "{rels:?}");
}

#[test]
fn a_bar_is_the_bar_counter_and_its_stools_sit_at_it() {
    // The back bar comes first in the scene and its category ends in "bar": "a bar" took it,
    // and the stools were stood against the wall themselves, 3–4 m from any counter.
    let r = read_text(&study(), "a bar with two stools along the right wall");
    let rels: Vec<Relation> = r.relations().map(|(r, _)| r.clone()).collect();
    assert_eq!(wall_of(&rels, "bar-counter-0"), "R", "{rels:?}");
    assert!(
        !rels.iter().any(|r| matches!(r, Relation::AgainstWall { source, .. } if source == "back-bar-0" || source.starts_with("bar-stool"))),
        "{rels:?}"
    );
}

#[test]
fn beside_a_window_with_no_wall_left_on_either_side_stays_on_the_wall() {
    // The window starts 0.3 m along a 3.8 m wall and is 1.2 m wide: an 0.85 m armchair fits on
    // neither side with its gap, and was centred 0.07 m along the wall, half out of the room.
    let mut scene = study();
    scene.room.openings[1].width = 2.9;
    let r = read_text(&scene, "an armchair by the window on the left wall");
    let rels: Vec<Relation> = r.relations().map(|(r, _)| r.clone()).collect();
    assert_eq!(wall_of(&rels, "armchair-0"), "L", "{rels:?}");
    let y = rels
        .iter()
        .find_map(|r| match r {
            Relation::Position { source, y, .. } if source == "armchair-0" => *y,
            _ => None,
        })
        .unwrap_or_else(|| panic!("no position along the wall: {rels:?}"));
    assert!((0.425..=3.8 - 0.425).contains(&y), "centred at y = {y}");
}

#[test]
fn a_bed_along_a_wall_lies_with_its_long_side_to_it() {
    // Its back to the wall (the head) stood a single bed 2 m out into a 3.4 m room.
    let (r, bad) = rels("the bed along the left wall and the wardrobe along the top wall");
    assert!(bad.is_empty(), "{bad:?}");
    assert!(
        r.contains(&Relation::Position {
            source: "bed-0".into(),
            x: Some(0.802),
            y: None
        }),
        "{r:?}"
    );
    assert!(
        !r.iter()
            .any(|r| matches!(r, Relation::AgainstWall { source, .. } if source == "bed-0")),
        "{r:?}"
    );
    assert_eq!(wall_of(&r, "wardrobe-0"), "T");
    // Against the wall is still its head.
    let (r, _) = rels("the bed against the left wall");
    assert_eq!(wall_of(&r, "bed-0"), "L");
}

#[test]
fn a_piece_in_a_corner_stands_in_line_with_what_is_against_its_wall_and_clear_of_windows() {
    let corner_wall = |r: &[Relation], id: &str| {
        r.iter()
            .find_map(|r| match r {
                Relation::Corner { source, wall, .. } if source == id => Some(wall.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no corner for {id}: {r:?}"))
    };
    // The corner farthest from the door is the top right; alone, the plant's back goes to the
    // longer right wall, facing the desk's end: with the desk on the top wall it stands in line.
    let (r, _) = rels("the desk against the top wall and a plant in the corner");
    assert_eq!(corner_wall(&r, "plant-0"), "T", "{r:?}");
    let (r, _) = rels("a plant in the corner");
    assert_eq!(corner_wall(&r, "plant-0"), "R", "{r:?}");
    // A wardrobe, taller than the sill, does not take its back to a window's wall.
    let mut scene = bedroom();
    scene.room.openings[1].offset = 2.0;
    scene.room.openings[1].width = 1.5;
    let reading = read_text(
        &scene,
        "the desk against the top wall and the wardrobe in the top-right corner",
    );
    let r: Vec<Relation> = reading.relations().map(|(r, _)| r.clone()).collect();
    assert_eq!(corner_wall(&r, "wardrobe-0"), "R", "{r:?}");
}

#[test]
fn desks_with_chairs_take_as_many_chairs_as_desks() {
    // The classroom's "single desks with chairs … facing the whiteboard" turned the teacher's
    // chair to the board too, 90° from the teacher's desk.
    let mut scene = study();
    for k in 0..2 {
        scene.objects.push(relayout_core::scene::Object {
            id: format!("chair-{k}"),
            category: "chair".into(),
            ..scene.objects[2].clone()
        });
    }
    scene.objects.push(relayout_core::scene::Object {
        id: "whiteboard-0".into(),
        category: "whiteboard".into(),
        size: [1.8, 0.05, 1.2],
        support: relayout_core::scene::Support::Wall,
        ..scene.objects[2].clone()
    });
    let r = read_text(&scene, "desks with chairs facing the whiteboard");
    let rels: Vec<&Relation> = r.relations().map(|(r, _)| r).collect();
    let turned = |id: &str| {
        rels.iter()
            .any(|r| matches!(r, Relation::Facing { source, .. } if source == id))
    };
    let chairs = ["office-chair-0", "office-chair-1", "chair-0", "chair-1"]
        .iter()
        .filter(|c| turned(c))
        .count();
    assert_eq!(chairs, 2, "{rels:?}");
}
