//! Stage 2, offline: the relations inside a unit, by its anchor's role, in the anchor's frame.
//!
//! - bed: nightstands left and right, 5 cm off, backs flush, same orientation;
//! - desk: the chair in front, 10 cm off, facing it;
//! - dining table: chairs along the long sides, then the ends, 10 cm off, facing it;
//! - coffee table: the sofa behind (35 cm), facing it; armchairs left and right (70 cm: a way
//!   in to the sofa between them and the table), facing it; side tables and the floor lamp
//!   beside the sofa, backs flush;
//! - sofa (no coffee table): side tables and lamps beside it, armchairs across, facing it;
//! - island: stools in front, facing it;
//! - anything on top: on its surface.

use relayout_core::relation::{Align, AlignName, FacingMode, Relation};
use relayout_core::scene::Scene;

use super::knowledge::{Role, role_of};
use crate::answer::UnitPlan;

fn side(kind: &str, source: &str, target: &str, clearance: f64, align: Align) -> Relation {
    let (source, target) = (source.to_owned(), target.to_owned());
    match kind {
        "left_of" => Relation::LeftOf {
            source,
            target,
            clearance,
            align,
        },
        "right_of" => Relation::RightOf {
            source,
            target,
            clearance,
            align,
        },
        "in_front_of" => Relation::InFrontOf {
            source,
            target,
            clearance,
            align,
        },
        _ => Relation::Behind {
            source,
            target,
            clearance,
            align,
        },
    }
}

fn facing(source: &str, target: &str) -> Relation {
    Relation::Facing {
        source: source.to_owned(),
        target: Some(target.to_owned()),
        wall: None,
        mode: FacingMode::Ortho,
        mutual: false,
    }
}

fn align_same(source: &str, target: &str) -> Relation {
    Relation::Align {
        source: source.to_owned(),
        target: target.to_owned(),
        angle: 0.0,
    }
}

/// Between a coffee table's end and the armchair beside it, metres: a walkway into the seating
/// (the sofa's front is reached through it).
const ARMCHAIR_GAP: f64 = 0.7;

const BACK: Align = Align::Named(AlignName::Back);
const CENTER: Align = Align::Named(AlignName::Center);

/// Where the `i`-th of `k` seats `seat` wide goes along a side `side` long: centres at
/// (i + ½)/k of the side, as the fraction of [`Align`] (0 and 1: the seat's edge flush with the
/// side's end), so seats spread over the side do not meet.
fn spread(k: usize, i: usize, side: f64, seat: f64) -> Align {
    let room = side - seat;
    if k <= 1 || room <= 1e-9 {
        return CENTER;
    }
    let centre = side * ((i as f64 + 0.5) / k as f64 - 0.5);
    Align::Fraction((0.5 + centre / room).clamp(0.0, 1.0))
}

/// The unit's relations.
pub fn unit_relations(scene: &Scene, unit: &UnitPlan) -> Vec<Relation> {
    let role = |id: &str| {
        scene
            .object_index(id)
            .map_or(Role::Other, |i| role_of(&scene.objects[i]))
    };
    let size = |id: &str| {
        scene
            .object_index(id)
            .map_or([0.5, 0.5, 0.5], |i| scene.objects[i].size)
    };
    let anchor = unit.anchor.as_str();
    let mut out = Vec::new();
    let on_top: Vec<&String> = unit
        .members
        .iter()
        .filter(|m| role(m) == Role::TableLamp)
        .collect();
    let floor: Vec<&String> = unit
        .members
        .iter()
        .filter(|m| role(m) != Role::TableLamp)
        .collect();
    match role(anchor) {
        Role::Bed => {
            for (k, m) in floor.iter().enumerate() {
                let kind = if k % 2 == 0 { "left_of" } else { "right_of" };
                // A third nightstand goes beside the first on the same side.
                let target = if k >= 2 {
                    floor[k - 2].as_str()
                } else {
                    anchor
                };
                out.push(side(kind, m, target, 0.05, BACK));
                out.push(align_same(m, anchor));
            }
        }
        Role::DiningTable => dining(anchor, size(anchor), &floor, &size, &mut out),
        Role::CoffeeTable => seating(anchor, &floor, &role, &mut out),
        Role::Sofa => sofa_group(anchor, &floor, &role, &size, &mut out),
        _ => {
            // Desks, islands and anything else: seats in front, facing it, spread along it.
            let n = floor.len();
            for (k, m) in floor.iter().enumerate() {
                let along = spread(n, k, size(anchor)[0], size(m)[0]);
                out.push(side("in_front_of", m, anchor, 0.1, along));
                out.push(facing(m, anchor));
            }
        }
    }
    // Things on top: onto the surfaces of the unit, nightstands and side tables first.
    let mut surfaces: Vec<&str> = unit
        .objects()
        .map(String::as_str)
        .filter(|id| super::knowledge::surface_rank(role(id)).is_some())
        .collect();
    surfaces.sort_by_key(|id| super::knowledge::surface_rank(role(id)));
    for (k, m) in on_top.iter().enumerate() {
        let target = surfaces
            .get(k % surfaces.len().max(1))
            .copied()
            .unwrap_or(anchor);
        out.push(Relation::OnTopOf {
            source: (*m).clone(),
            target: target.to_owned(),
        });
    }
    out
}

fn dining(
    anchor: &str,
    size: [f64; 3],
    chairs: &[&String],
    size_of: &dyn Fn(&str) -> [f64; 3],
    out: &mut Vec<Relation>,
) {
    // Long sides are the table's front and back when it is wider than deep.
    let wide = size[0] >= size[1];
    let (long, short) = if wide {
        (size[0], size[1])
    } else {
        (size[1], size[0])
    };
    let per_side = ((long / 0.6).floor() as usize).max(1);
    let per_end = usize::from(short >= 0.5);
    let (sides, ends) = if wide {
        (["in_front_of", "behind"], ["left_of", "right_of"])
    } else {
        (["left_of", "right_of"], ["in_front_of", "behind"])
    };
    // Seats in order: alternate the long sides, then the ends, then around if more.
    let mut slots: Vec<(&str, usize)> = Vec::new();
    for i in 0..per_side {
        slots.push((sides[0], i));
        slots.push((sides[1], i));
    }
    for i in 0..per_end {
        slots.push((ends[0], i));
        slots.push((ends[1], i));
    }
    let n = chairs.len().min(slots.len());
    let used = &slots[..n];
    let count = |kind: &str| used.iter().filter(|(k, _)| *k == kind).count();
    for (c, (kind, i)) in chairs.iter().zip(used) {
        // Front and back run along the table's x, left and right along its y.
        let along = if matches!(*kind, "in_front_of" | "behind") {
            size[0]
        } else {
            size[1]
        };
        let at = spread(count(kind), *i, along, size_of(c)[0]);
        out.push(side(kind, c, anchor, 0.1, at));
        out.push(facing(c, anchor));
    }
    if chairs.len() > n {
        out.push(Relation::Around {
            sources: chairs[n..].iter().map(|c| (*c).clone()).collect(),
            target: anchor.to_owned(),
            distance: 0.6,
            sweep: 360.0,
        });
    }
}

fn seating(
    anchor: &str,
    members: &[&String],
    role: &dyn Fn(&str) -> Role,
    out: &mut Vec<Relation>,
) {
    let of =
        |r: Role| -> Vec<&String> { members.iter().copied().filter(|m| role(m) == r).collect() };
    let sofas = of(Role::Sofa);
    let armchairs = of(Role::Armchair);
    let mut beside: Vec<&String> = of(Role::SideTable);
    beside.extend(of(Role::FloorLamp));
    // Whatever else the unit holds sits across the table.
    let others: Vec<&String> = members
        .iter()
        .copied()
        .filter(|m| {
            !matches!(
                role(m),
                Role::Sofa | Role::Armchair | Role::SideTable | Role::FloorLamp | Role::TableLamp
            )
        })
        .collect();
    let main = sofas.first().copied();
    if let Some(s) = main {
        out.push(side("behind", s, anchor, 0.35, CENTER));
        out.push(facing(s, anchor));
    }
    for s in sofas.iter().skip(1).chain(others.iter()) {
        out.push(side("in_front_of", s, anchor, 0.45, CENTER));
        out.push(facing(s, anchor));
    }
    for (k, a) in armchairs.iter().enumerate() {
        let kind = if k % 2 == 0 { "left_of" } else { "right_of" };
        let target = if k >= 2 {
            armchairs[k - 2].as_str()
        } else {
            anchor
        };
        if k >= 2 {
            // Further armchairs stand beside the earlier ones, turned the same way.
            let kind = if k % 2 == 0 { "behind" } else { "in_front_of" };
            out.push(side(kind, a, target, 0.2, CENTER));
            out.push(align_same(a, target));
        } else {
            out.push(side(kind, a, target, ARMCHAIR_GAP, CENTER));
            out.push(facing(a, anchor));
        }
    }
    chain_beside(main.map_or(anchor, |s| s.as_str()), &beside, out);
}

fn sofa_group(
    anchor: &str,
    members: &[&String],
    role: &dyn Fn(&str) -> Role,
    size: &dyn Fn(&str) -> [f64; 3],
    out: &mut Vec<Relation>,
) {
    let beside: Vec<&String> = members
        .iter()
        .copied()
        .filter(|m| matches!(role(m), Role::SideTable | Role::FloorLamp))
        .collect();
    let across: Vec<&String> = members
        .iter()
        .copied()
        .filter(|m| !matches!(role(m), Role::SideTable | Role::FloorLamp | Role::TableLamp))
        .collect();
    let n = across.len();
    for (k, a) in across.iter().enumerate() {
        let along = spread(n, k, size(anchor)[0], size(a)[0]);
        out.push(side("in_front_of", a, anchor, 1.0, along));
        out.push(facing(a, anchor));
    }
    chain_beside(anchor, &beside, out);
}

/// Small things beside `base`, alternating right and left, each beyond the previous one.
fn chain_beside(base: &str, items: &[&String], out: &mut Vec<Relation>) {
    let (mut right, mut left) = (base.to_owned(), base.to_owned());
    for (k, it) in items.iter().enumerate() {
        if k % 2 == 0 {
            out.push(side("right_of", it, &right, 0.05, BACK));
            out.push(align_same(it, &right));
            right = (*it).clone();
        } else {
            out.push(side("left_of", it, &left, 0.05, BACK));
            out.push(align_same(it, &left));
            left = (*it).clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Centre of a seat `seat` wide at an alignment along a side `side` long (0: left edges
    /// flush), measured from the side's middle.
    fn centre(a: Align, side: f64, seat: f64) -> f64 {
        (a.fraction() - 0.5) * (side - seat)
    }

    #[test]
    fn seats_spread_along_a_side_do_not_meet() {
        for (k, side, seat) in [(2, 1.2, 0.45), (3, 1.8, 0.5), (4, 2.4, 0.45), (2, 1.0, 0.5)] {
            let cs: Vec<f64> = (0..k)
                .map(|i| centre(spread(k, i, side, seat), side, seat))
                .collect();
            for w in cs.windows(2) {
                assert!(
                    w[1] - w[0] >= seat - 1e-9,
                    "{k} seats {seat} m wide on {side} m: centres {cs:?} overlap"
                );
            }
            // Evenly over the side: the i-th at (i + ½)/k of it.
            for (i, c) in cs.iter().enumerate() {
                let want = side * ((i as f64 + 0.5) / k as f64 - 0.5);
                assert!(
                    (c - want).abs() < 1e-9 || seat * k as f64 > side,
                    "{c} vs {want}"
                );
            }
        }
        assert_eq!(spread(1, 0, 1.2, 0.45), CENTER);
    }
}
