//! Getting to things: a bed along a long side, storage fronts free to open, walkways and main
//! routes from the door.

use super::roles::Role;
use super::{BED_SIDE_SHARE, Layout, MAIN_ROUTE_MIN, RuleOutcome, RuleStatus, WALKWAY_MIN};
use crate::geometry::Footprint;
use crate::metrics::ACCESS_STRIP;
use crate::relation::residual::front_strip;
use crate::walk_grid::WalkGrid;

/// The walkers of the walkway rules, searched once per layout.
pub(super) struct Walkers {
    narrow: WalkGrid,
    main: WalkGrid,
}

impl Walkers {
    pub fn new(l: &Layout<'_>) -> Self {
        Walkers {
            narrow: WalkGrid::new(l.scene, l.room, l.placed, &l.fps, WALKWAY_MIN),
            main: WalkGrid::new(l.scene, l.room, l.placed, &l.fps, MAIN_ROUTE_MIN),
        }
    }
}

/// The floor strip along one long side of a bed, from its foot.
fn bed_side(f: &Footprint<f64>, side: f64) -> Footprint<f64> {
    let d = WALKWAY_MIN;
    if f.hy >= f.hx {
        // Length along the bed's Y; its front (+Y) is the foot.
        Footprint {
            center: f.center
                + f.u * (side * (f.hx + 0.5 * d))
                + f.v * (f.hy * (1.0 - BED_SIDE_SHARE)),
            hx: 0.5 * d,
            hy: f.hy * BED_SIDE_SHARE,
            ..*f
        }
    } else {
        Footprint {
            center: f.center + f.v * (side * (f.hy + 0.5 * d)),
            hx: f.hx * BED_SIDE_SHARE,
            hy: 0.5 * d,
            ..*f
        }
    }
}

/// Whether a `w` × `d` box (a piece with the free floor it needs) fits in the room's bounding
/// box either way round.
fn fits(l: &Layout<'_>, w: f64, d: f64) -> bool {
    let [rw, rd] = l.room_extent();
    (w <= rw && d <= rd) || (w <= rd && d <= rw)
}

pub(super) fn bed_access(l: &Layout<'_>, walk: Option<&Walkers>) -> RuleOutcome {
    const RULE: &str = "bed_access";
    let beds = l.with_role(Role::Bed);
    if beds.is_empty() {
        return RuleOutcome::not_applicable(RULE, "no bed");
    }
    let mut failures = Vec::new();
    let mut infeasible = Vec::new();
    for &b in &beds {
        let s = l.scene.objects[b].size;
        let (short, long) = (s[0].min(s[1]), s[0].max(s[1]));
        if !fits(l, short + WALKWAY_MIN, long) {
            infeasible.push(b);
            continue;
        }
        let ok = [-1.0, 1.0].into_iter().any(|side| {
            let strip = bed_side(&l.fps[b], side);
            !l.blocked(&strip, &[b])
                && !l.leaves_room(&strip)
                && walk.is_none_or(|w| w.narrow.touches(&strip))
        });
        if !ok {
            l.fail(&mut failures, vec![l.id(b)], || {
                format!(
                    "neither long side of {} has {WALKWAY_MIN} m of free floor{}",
                    l.id(b),
                    if walk.is_some() {
                        " reached from the door"
                    } else {
                        ""
                    }
                )
            });
        }
    }
    checked_outcome(
        l,
        RULE,
        &beds,
        &infeasible,
        failures,
        |ids| {
            format!(
                "the room is too small to leave {WALKWAY_MIN} m beside {}",
                ids.join(", ")
            )
        },
        |n| format!("{n} bed(s) reachable along a long side"),
    )
}

pub(super) fn fronts_clear(l: &Layout<'_>) -> RuleOutcome {
    const RULE: &str = "fronts_clear";
    let pieces: Vec<usize> = (0..l.fps.len())
        .filter(|&i| {
            matches!(
                l.roles[i],
                Some(Role::Storage | Role::Fridge | Role::Counter | Role::Sink | Role::Hob)
            ) && l.blocks(i)
        })
        .collect();
    if pieces.is_empty() {
        return RuleOutcome::not_applicable(RULE, "no storage or appliance to open");
    }
    let mut failures = Vec::new();
    let mut infeasible = Vec::new();
    for &i in &pieces {
        let o = &l.scene.objects[i];
        let depth = l.clearance[i];
        if !fits(l, o.size[0], o.size[1] + depth) {
            infeasible.push(i);
            continue;
        }
        let strip = front_strip(&l.fps[i], depth);
        let mut blockers = l.blockers(&strip, &[i]);
        // Stools at a bar counter or an island are where they belong.
        if l.roles[i] == Some(Role::Counter) {
            blockers.retain(|&b| l.roles[b] != Some(Role::TableSeat));
        }
        // A corner run's neighbour may take the end of a long front: what counts is a free
        // opening as wide as a person (or the whole front of a narrower piece).
        let need = (2.0 * strip.hx).min(WALKWAY_MIN);
        if !blockers.is_empty() && free_run(l, &strip, &blockers) + 1e-9 < need {
            let mut ids = vec![l.id(i)];
            ids.extend(l.ids(&blockers));
            l.fail(&mut failures, ids, || {
                format!(
                    "{} cannot be opened: {} in the {depth} m in front of it",
                    l.id(i),
                    l.ids(&blockers).join(", ")
                )
            });
        } else if l.leaves_room(&strip) {
            l.fail(&mut failures, vec![l.id(i)], || {
                format!(
                    "{} faces a wall: its {depth} m front is outside the room",
                    l.id(i)
                )
            });
        }
    }
    checked_outcome(
        l,
        RULE,
        &pieces,
        &infeasible,
        failures,
        |_| "the room is too small to open any of them".into(),
        |n| format!("{n} front(s) free to open"),
    )
}

/// A rule's outcome over `pieces`, less those no layout of the room could satisfy: infeasible
/// when that is all of them (`why` names them), else scored over the rest (`held` counts them).
fn checked_outcome(
    l: &Layout<'_>,
    rule: &str,
    pieces: &[usize],
    infeasible: &[usize],
    failures: Vec<(Vec<String>, String)>,
    why: impl FnOnce(&[String]) -> String,
    held: impl FnOnce(usize) -> String,
) -> RuleOutcome {
    if infeasible.len() == pieces.len() {
        let ids = l.ids(infeasible);
        let message = why(&ids);
        return RuleOutcome::infeasible(rule, ids, message);
    }
    let checked: Vec<usize> = pieces
        .iter()
        .copied()
        .filter(|p| !infeasible.contains(p))
        .collect();
    RuleOutcome::from_cases(
        rule,
        checked.len(),
        failures,
        || l.ids(&checked),
        || held(checked.len()),
    )
}

/// The longest stretch of `strip`'s width (along its X) that none of `blockers` covers.
fn free_run(l: &Layout<'_>, strip: &Footprint<f64>, blockers: &[usize]) -> f64 {
    let mut covered: Vec<(f64, f64)> = blockers
        .iter()
        .map(|&b| {
            let xs = l.fps[b].corners().map(|c| (c - strip.center).dot(strip.u));
            let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            (lo.max(-strip.hx), hi.min(strip.hx))
        })
        .filter(|(lo, hi)| hi > lo)
        .collect();
    covered.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut best: f64 = 0.0;
    let mut at = -strip.hx;
    for (lo, hi) in covered {
        best = best.max(lo - at);
        at = at.max(hi);
    }
    best.max(strip.hx - at)
}

/// The floor pieces a walker must reach.
fn floor_pieces(l: &Layout<'_>) -> Vec<usize> {
    (0..l.fps.len()).filter(|&i| l.blocks(i)).collect()
}

/// Whether `grid` reaches the front of piece `i`: a chair at a table also from behind, as one
/// pulls it out; a bed also along either long side, where one gets into it (a single bed in a
/// corner has its foot there too); a table, desk or counter on any side, or through a chair at
/// it; a plant or a lamp (which has no front to use) on any side.
fn reaches(l: &Layout<'_>, grid: &WalkGrid, i: usize) -> bool {
    let f = &l.fps[i];
    if grid.touches(&front_strip(f, ACCESS_STRIP)) {
        return true;
    }
    let turned = |f: &Footprint<f64>, quarter: u8| {
        let (u, v, hx, hy) = match quarter {
            1 => (f.v, -f.u, f.hy, f.hx),
            2 => (-f.u, -f.v, f.hx, f.hy),
            _ => (-f.v, f.u, f.hy, f.hx),
        };
        Footprint { u, v, hx, hy, ..*f }
    };
    match l.roles[i] {
        Some(Role::TableSeat) => grid.touches(&front_strip(&turned(f, 2), ACCESS_STRIP)),
        Some(Role::Bed) => [1, 3]
            .into_iter()
            .any(|q| grid.touches(&front_strip(&turned(f, q), ACCESS_STRIP))),
        Some(Role::Table | Role::Desk | Role::Counter) => {
            (1..=3).any(|q| grid.touches(&front_strip(&turned(f, q), ACCESS_STRIP)))
                || l.with_role(Role::TableSeat).into_iter().any(|c| {
                    crate::geometry::gap(&l.fps[c], f) <= super::SEAT_GAP_MAX
                        && grid.touches(&front_strip(&turned(&l.fps[c], 2), ACCESS_STRIP))
                })
        }
        _ if l.at_window[i] => {
            (1..=3).any(|q| grid.touches(&front_strip(&turned(f, q), ACCESS_STRIP)))
        }
        _ => false,
    }
}

fn reach_rule(
    l: &Layout<'_>,
    rule: &str,
    grid: &WalkGrid,
    pieces: &[usize],
    width: f64,
    what: &str,
) -> RuleOutcome {
    if l.room.door_swings.is_empty() {
        return RuleOutcome::not_applicable(rule, "no door to walk from");
    }
    if pieces.is_empty() {
        return RuleOutcome::not_applicable(rule, format!("no {what}"));
    }
    let cut: Vec<usize> = pieces
        .iter()
        .copied()
        .filter(|&i| !reaches(l, grid, i))
        .collect();
    let mut outcome = RuleOutcome::from_cases(
        rule,
        pieces.len(),
        cut.iter().map(|&i| (vec![l.id(i)], l.id(i))).collect(),
        || l.ids(pieces),
        || format!("a {width} m walker reaches every {what} from the door"),
    );
    if outcome.status == RuleStatus::Failed {
        outcome.message = format!(
            "no {width} m walkway from the door reaches the front of {}",
            l.ids(&cut).join(", ")
        );
    }
    outcome
}

/// The floor pieces whose front a walkway `width` wide from the door does not reach.
pub(super) fn cut_off(l: &Layout<'_>, width: f64) -> Vec<usize> {
    let grid = WalkGrid::new(l.scene, l.room, l.placed, &l.fps, width);
    floor_pieces(l)
        .into_iter()
        .filter(|&i| !reaches(l, &grid, i))
        .collect()
}

pub(super) fn walkways(l: &Layout<'_>, walk: &Walkers) -> RuleOutcome {
    reach_rule(
        l,
        "walkways",
        &walk.narrow,
        &floor_pieces(l),
        WALKWAY_MIN,
        "floor piece",
    )
}

/// The room's main pieces, by role: the largest bed, table, desk and sofa or armchair — with
/// every other of the same size, since a room of many desks or beds alike needs its main route
/// to one of them (walkways reach the others).
fn main_pieces(l: &Layout<'_>) -> Vec<Vec<usize>> {
    let area = |i: usize| l.fps[i].hx * l.fps[i].hy;
    [Role::Bed, Role::Table, Role::Desk, Role::Lounge]
        .into_iter()
        .filter_map(|r| {
            let top = area(l.largest(r)?);
            Some(
                l.with_role(r)
                    .into_iter()
                    .filter(|&i| area(i) >= 0.98 * top)
                    .collect(),
            )
        })
        .collect()
}

/// Whether the main route reaches a main piece: as a walkway does, or a sofa or armchair at
/// either end too (a route leads to the seating; one steps along the coffee table to sit).
fn main_reaches(l: &Layout<'_>, grid: &WalkGrid, i: usize) -> bool {
    if reaches(l, grid, i) {
        return true;
    }
    let f = &l.fps[i];
    l.roles[i] == Some(Role::Lounge)
        && [(-f.v, f.u), (f.v, -f.u)].into_iter().any(|(u, v)| {
            let end = Footprint {
                u,
                v,
                hx: f.hy,
                hy: f.hx,
                ..*f
            };
            grid.touches(&front_strip(&end, ACCESS_STRIP))
        })
}

pub(super) fn main_route(l: &Layout<'_>, walk: &Walkers) -> RuleOutcome {
    const RULE: &str = "main_route";
    if l.room.door_swings.is_empty() {
        return RuleOutcome::not_applicable(RULE, "no door to walk from");
    }
    let main = main_pieces(l);
    if main.is_empty() {
        return RuleOutcome::not_applicable(RULE, "no main piece (bed, table, desk, sofa)");
    }
    let cut: Vec<&Vec<usize>> = main
        .iter()
        .filter(|g| !g.iter().any(|&i| main_reaches(l, &walk.main, i)))
        .collect();
    let name = |g: &[usize]| match g {
        [one] => l.id(*one),
        _ => format!("any of {} alike ({}, …)", g.len(), l.id(g[0])),
    };
    let all: Vec<usize> = main.iter().flatten().copied().collect();
    let mut outcome = RuleOutcome::from_cases(
        RULE,
        main.len(),
        cut.iter().map(|g| (l.ids(g), name(g))).collect(),
        || l.ids(&all),
        || {
            format!(
                "a {MAIN_ROUTE_MIN} m walker reaches every main piece (bed, table, desk, sofa) from \
             the door"
            )
        },
    );
    if outcome.status == RuleStatus::Failed {
        let names: Vec<String> = cut.iter().map(|g| name(g)).collect();
        outcome.message = format!(
            "no {MAIN_ROUTE_MIN} m walkway from the door reaches the front of {}",
            names.join(", ")
        );
    }
    outcome
}
