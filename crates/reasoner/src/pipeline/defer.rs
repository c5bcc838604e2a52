//! The planner's relations yield to the designer's: a planner relation that would pull an
//! object somewhere else than the designer's relations put it is left out of the scene.
//!
//! - Room relations (`against_wall`, `corner`, `on_wall`, `position`) of an object the designer
//!   places in the room.
//! - Relative relations (beside, in front, behind, around, distance) of an object the designer
//!   places relative to something, or between two objects the designer relates.
//! - Turning relations (`facing`, `align`) of an object whose turn the designer sets.

use relayout_core::relation::Relation;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sort {
    Room,
    Relative,
    Turn,
    Other,
}

fn sort(r: &Relation) -> Sort {
    match r {
        Relation::AgainstWall { .. }
        | Relation::Corner { .. }
        | Relation::OnWall { .. }
        | Relation::Position { .. } => Sort::Room,
        Relation::LeftOf { .. }
        | Relation::RightOf { .. }
        | Relation::InFrontOf { .. }
        | Relation::Behind { .. }
        | Relation::Around { .. }
        | Relation::Distance { .. } => Sort::Relative,
        Relation::Facing { .. } | Relation::Align { .. } => Sort::Turn,
        _ => Sort::Other,
    }
}

/// Whether a designer's relation sets the turn of `id` (walls and corners do too).
fn turns(r: &Relation, id: &str) -> bool {
    match r {
        Relation::Facing {
            source,
            target,
            mutual,
            ..
        } => source == id || (*mutual && target.as_deref() == Some(id)),
        Relation::Align { source, .. }
        | Relation::AgainstWall { source, .. }
        | Relation::Corner { source, .. }
        | Relation::OnWall { source, .. } => source == id,
        _ => false,
    }
}

fn sources(r: &Relation) -> Vec<&str> {
    match r {
        Relation::Around { sources, .. } => sources.iter().map(String::as_str).collect(),
        _ => r.source().into_iter().collect(),
    }
}

/// The planner's relations that do not contradict the designer's, and how many were left out.
///
/// `unmet` are the designer's relations the imagined layout does not meet: only those make the
/// planner's relative and turning relations yield (the designer's relations a layout meets
/// hold together with the planner's relations it was made with — a unit's inner arrangement
/// stays when the designer asked only that its pieces be near). Room relations yield to every
/// room relation of the designer's (which wall or corner is theirs to say).
pub fn defer(
    planner: Vec<Relation>,
    designer: &[Relation],
    unmet: &[Relation],
) -> (Vec<Relation>, usize) {
    let placed_in_room = |id: &str| {
        designer
            .iter()
            .any(|d| sort(d) == Sort::Room && d.source() == Some(id))
    };
    let designer = unmet;
    let placed_relative = |id: &str| {
        designer
            .iter()
            .any(|d| sort(d) == Sort::Relative && sources(d).contains(&id))
    };
    let related = |a: &str, b: &str| {
        designer.iter().any(|d| {
            let refs: Vec<&str> = d.references().iter().map(|(_, id)| *id).collect();
            refs.contains(&a) && refs.contains(&b)
        })
    };
    let turned = |id: &str| designer.iter().any(|d| turns(d, id));
    let mut out = Vec::new();
    let mut left_out = 0;
    for mut r in planner {
        let keep = match (sort(&r), &mut r) {
            (
                Sort::Relative,
                Relation::Around {
                    sources, target, ..
                },
            ) => {
                let before = sources.len();
                let t = target.clone();
                sources.retain(|s| !placed_relative(s) && !related(s, &t));
                left_out += usize::from(sources.len() < before && !sources.is_empty());
                !sources.is_empty()
            }
            (Sort::Room, r) => !r.source().is_some_and(placed_in_room),
            (Sort::Relative, r) => {
                let refs: Vec<String> = r
                    .references()
                    .iter()
                    .map(|(_, id)| (*id).to_owned())
                    .collect();
                let (s, t) = (refs[0].as_str(), refs.get(1).map_or("", String::as_str));
                !placed_relative(s) && !related(s, t)
            }
            (Sort::Turn, r) => !r.source().is_some_and(turned),
            _ => true,
        };
        if keep {
            out.push(r);
        } else {
            left_out += 1;
        }
    }
    (out, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wall(s: &str, w: &str) -> Relation {
        Relation::AgainstWall {
            source: s.into(),
            wall: w.into(),
        }
    }

    #[test]
    fn the_planners_choices_for_what_the_designer_placed_are_left_out() {
        let designer = vec![
            wall("sofa-0", "B"),
            Relation::Distance {
                source: "table-0".into(),
                target: "sofa-0".into(),
                min: 0.0,
                max: 1.2,
            },
        ];
        let planner = vec![
            wall("sofa-0", "T"),
            wall("bed-0", "L"),
            Relation::Behind {
                source: "sofa-0".into(),
                target: "table-0".into(),
                clearance: 0.35,
                align: Default::default(),
            },
            Relation::Facing {
                source: "sofa-0".into(),
                target: Some("tv-0".into()),
                wall: None,
                mode: Default::default(),
                mutual: false,
            },
            Relation::Around {
                sources: vec!["table-0".into(), "chair-0".into()],
                target: "desk-0".into(),
                distance: 0.1,
                sweep: 360.0,
            },
        ];
        let (kept, n) = defer(planner, &designer, &designer);
        assert_eq!(n, 4);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0], wall("bed-0", "L"));
        assert!(
            matches!(&kept[1], Relation::Around { sources, .. } if sources == &["chair-0".to_string()])
        );
    }

    #[test]
    fn a_designer_relation_the_layout_meets_keeps_the_planners_arrangement() {
        let near = Relation::Distance {
            source: "table-0".into(),
            target: "sofa-0".into(),
            min: 0.0,
            max: 1.2,
        };
        let behind = Relation::Behind {
            source: "sofa-0".into(),
            target: "table-0".into(),
            clearance: 0.35,
            align: Default::default(),
        };
        let designer = vec![wall("sofa-0", "B"), near.clone()];
        // The layout meets both: the sofa stays behind its table, and only the wall it
        // stands at yields to the designer's.
        let (kept, n) = defer(vec![wall("sofa-0", "T"), behind.clone()], &designer, &[]);
        assert_eq!((kept, n), (vec![behind.clone()], 1));
        // The layout misses the designer's distance: the planner's arrangement yields.
        let (kept, n) = defer(vec![behind], &designer, &[near]);
        assert_eq!((kept.len(), n), (0, 1));
    }
}
