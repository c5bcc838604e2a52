//! Stage 1, offline: units from category knowledge. A bed gathers up to two nightstands; a desk
//! one chair; a dining table its chairs (by the room its sides give); each coffee table a share
//! of the sofas, armchairs, side tables and floor lamps (those the designer put round it first;
//! a sofa gathers them when there is no coffee table); an island its stools. Lamps go on top of
//! a nightstand, side table or desk, in that surface's unit. Everything else stands alone.

use std::collections::{BTreeMap, HashSet};

use relayout_core::scene::Scene;

use super::knowledge::{Role, role_of, sits_on_top, surface_rank};
use crate::answer::{Decomposition, UnitPlan};

/// Space between stools along an island, metres.
const STOOL_GAP: f64 = 0.1;

/// How many chairs fit around a table of this footprint (0.6 m a seat, one at each short end).
pub fn table_capacity(size: [f64; 3]) -> usize {
    let long = size[0].max(size[1]);
    let short = size[0].min(size[1]);
    let per_side = ((long / 0.6).floor() as usize).max(1);
    let per_end = if short >= 0.5 { 1 } else { 0 };
    2 * per_side + 2 * per_end
}

/// Groups the scene's objects.
pub fn decompose(scene: &Scene) -> Decomposition {
    let roles: Vec<Role> = scene.objects.iter().map(role_of).collect();
    let ids = |r: Role| -> Vec<usize> { (0..roles.len()).filter(|&i| roles[i] == r).collect() };
    let mut taken: HashSet<usize> = HashSet::new();
    let mut groups: Vec<(usize, Vec<usize>, &'static str)> = Vec::new();

    // Beds with nightstands.
    let beds = ids(Role::Bed);
    let mut nightstands = ids(Role::Nightstand).into_iter();
    for &b in &beds {
        let members: Vec<usize> = nightstands.by_ref().take(2).collect();
        groups.push((b, members, "sleeping_area"));
    }
    // Desks with one chair each: office chairs first, then any chair left.
    let mut chairs: Vec<usize> = ids(Role::Chair);
    let mut dining_chairs: Vec<usize> = ids(Role::DiningChair);
    for &d in &ids(Role::Desk) {
        let chair = if !chairs.is_empty() {
            Some(chairs.remove(0))
        } else if ids(Role::DiningTable).is_empty() && !dining_chairs.is_empty() {
            Some(dining_chairs.remove(0))
        } else {
            None
        };
        groups.push((d, chair.into_iter().collect(), "work_area"));
    }
    // Dining tables share the dining chairs (and chairs no desk took) by capacity.
    let tables = ids(Role::DiningTable);
    if !tables.is_empty() {
        let mut pool: Vec<usize> = dining_chairs.drain(..).chain(chairs.drain(..)).collect();
        let mut members: Vec<Vec<usize>> = vec![vec![]; tables.len()];
        let caps: Vec<usize> = tables
            .iter()
            .map(|&t| table_capacity(scene.objects[t].size))
            .collect();
        // Round-robin, one chair per table per round, while some table has room.
        'fill: while !pool.is_empty() {
            let mut placed = false;
            for (k, m) in members.iter_mut().enumerate() {
                if pool.is_empty() {
                    break 'fill;
                }
                if m.len() < caps[k] {
                    m.push(pool.remove(0));
                    placed = true;
                }
            }
            if !placed {
                break;
            }
        }
        for (k, &t) in tables.iter().enumerate() {
            groups.push((t, std::mem::take(&mut members[k]), "dining_set"));
        }
    }
    // Seating: each coffee table (else the first sofa) gathers a group, the sofas, armchairs,
    // two side tables and a floor lamp each dealt round them (a lounge's two groups, each a
    // sofa and two armchairs round its table, are two units, not six seats round one table).
    let coffee = ids(Role::CoffeeTable);
    let sofas = ids(Role::Sofa);
    let anchors: Vec<usize> = if coffee.is_empty() {
        sofas.first().copied().into_iter().collect()
    } else {
        coffee
    };
    if !anchors.is_empty() {
        let n = anchors.len();
        let mut members: Vec<Vec<usize>> = vec![vec![]; n];
        // A seat the designer put round one of the tables goes to that table's group.
        for r in &scene.relations {
            if let relayout_core::relation::Relation::Around {
                sources, target, ..
            } = r
                && let Some(k) = anchors.iter().position(|&a| scene.objects[a].id == *target)
            {
                for id in sources {
                    if let Some(o) = scene.object_index(id)
                        && matches!(roles[o], Role::Sofa | Role::Armchair)
                        && !anchors.contains(&o)
                        && !members.iter().any(|m| m.contains(&o))
                    {
                        members[k].push(o);
                    }
                }
            }
        }
        let seats: Vec<usize> = sofas
            .iter()
            .copied()
            .filter(|s| !anchors.contains(s))
            .chain(ids(Role::Armchair))
            .filter(|o| !members.iter().any(|m| m.contains(o)))
            .collect();
        let mut deal = |list: &mut dyn Iterator<Item = usize>| {
            for (k, o) in list.enumerate() {
                members[k % n].push(o);
            }
        };
        // Sofas first, one to a group, then the armchairs after them.
        deal(&mut seats.into_iter());
        deal(&mut ids(Role::SideTable).into_iter().take(2 * n));
        deal(&mut ids(Role::FloorLamp).into_iter().take(n));
        for (anchor, m) in anchors.into_iter().zip(members) {
            groups.push((anchor, m, "seating_area"));
        }
    }
    // Islands with stools.
    let mut stools = ids(Role::Stool);
    for &island in &ids(Role::Island) {
        // As many stools as fit along the island's long side, each its own width and a gap.
        let long = scene.objects[island].size[0].max(scene.objects[island].size[1]);
        let mut used = 0.0;
        let fit = stools
            .iter()
            .take_while(|&&s| {
                used += scene.objects[s].size[0] + STOOL_GAP;
                used <= long + 1e-9
            })
            .count();
        let n = fit.max(1).min(stools.len());
        groups.push((island, stools.drain(..n).collect(), "island"));
    }
    for (a, m, _) in &groups {
        taken.insert(*a);
        taken.extend(m.iter().copied());
    }
    // Lamps and other things on top: onto the best surface, joining its unit.
    let mut used_surfaces: BTreeMap<usize, usize> = BTreeMap::new();
    for i in 0..roles.len() {
        if taken.contains(&i) || !sits_on_top(roles[i]) {
            continue;
        }
        let Some(surface) = best_surface(scene, &roles, i, &used_surfaces) else {
            continue;
        };
        *used_surfaces.entry(surface).or_default() += 1;
        if let Some(g) = groups
            .iter_mut()
            .find(|(a, m, _)| *a == surface || m.contains(&surface))
        {
            g.1.push(i);
            taken.insert(i);
        }
    }
    // Unit ids: the kind, numbered when there are several, never an object id.
    let object_ids: HashSet<&str> = scene.objects.iter().map(|o| o.id.as_str()).collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, kind) in &groups {
        *counts.entry(kind).or_default() += 1;
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut units = Vec::new();
    for (anchor, members, kind) in groups {
        let k = seen.entry(kind).or_default();
        let mut id = if counts[kind] > 1 {
            format!("{kind}_{k}")
        } else {
            kind.to_owned()
        };
        *k += 1;
        while object_ids.contains(id.as_str()) {
            id.push_str("_unit");
        }
        units.push(UnitPlan {
            id,
            anchor: scene.objects[anchor].id.clone(),
            members: members
                .iter()
                .map(|&m| scene.objects[m].id.clone())
                .collect(),
            purpose: kind.replace('_', " "),
        });
    }
    let independent = (0..roles.len())
        .filter(|i| !taken.contains(i))
        .map(|i| scene.objects[i].id.clone())
        .collect();
    Decomposition { units, independent }
}

/// The surface an object on top goes on: the best-ranked that it fits on, least used first.
pub fn best_surface(
    scene: &Scene,
    roles: &[Role],
    item: usize,
    used: &BTreeMap<usize, usize>,
) -> Option<usize> {
    let s = scene.objects[item].size;
    (0..roles.len())
        .filter(|&j| j != item)
        .filter_map(|j| {
            let rank = surface_rank(roles[j])?;
            let t = scene.objects[j].size;
            let fits = s[0].min(s[1]) <= t[0].min(t[1]) && s[0].max(s[1]) <= t[0].max(t[1]);
            let low = t[2] + s[2] <= scene.room.height - 0.05 && t[2] <= 1.3;
            (fits && low).then_some((used.get(&j).copied().unwrap_or(0), rank, j))
        })
        .min()
        .map(|(_, _, j)| j)
}
