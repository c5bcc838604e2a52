//! Stages 2 and 3 (and revisions): relations that name only what they may, repeat nothing,
//! contradict nothing, form no cycles, and pass the scene document's own validation.

use std::collections::{BTreeMap, HashMap};

use relayout_core::relation::{Relation, describe};
use relayout_core::scene::{Scene, validate::validate};

use crate::answer::{Decomposition, UnitPlan};

/// Which relations an answer may hold.
#[derive(Clone, Copy, Debug)]
pub enum RelationScope<'a> {
    /// Inside one unit, in its anchor's frame: only the unit's objects, no room relations, and
    /// every member placed relative to the anchor or another member.
    Unit(&'a UnitPlan),
    /// Between units and independent objects, in the room frame: sources are units or
    /// independent objects, targets any id.
    Global,
}

/// Problems of `relations` for `scope`. `accepted` are the relations already settled elsewhere
/// (the other units', say); they are merged into the scene for the document's validation.
pub fn check_relations(
    scene: &Scene,
    d: &Decomposition,
    scope: RelationScope<'_>,
    relations: &[Relation],
    accepted: &[Relation],
) -> Vec<String> {
    let mut out = Vec::new();
    check_ids(scene, d, scope, relations, &mut out);
    check_duplicates(relations, &mut out);
    check_contradictions(relations, &mut out);
    check_cycles(relations, &mut out);
    if let RelationScope::Unit(u) = scope {
        check_members_placed(u, relations, &mut out);
    }
    if out.is_empty() {
        check_in_scene(scene, d, relations, accepted, &mut out);
    }
    out
}

/// Whether the relation places its source against the room (a wall, a corner, a position).
pub(crate) fn is_room_relation(r: &Relation) -> bool {
    matches!(
        r,
        Relation::AgainstWall { .. }
            | Relation::Corner { .. }
            | Relation::Position { .. }
            | Relation::OnWall { .. }
            | Relation::Facing { wall: Some(_), .. }
    )
}

fn check_ids(
    scene: &Scene,
    d: &Decomposition,
    scope: RelationScope<'_>,
    relations: &[Relation],
    out: &mut Vec<String>,
) {
    let known = |id: &str| scene.object_index(id).is_some() || d.unit(id).is_some();
    for (i, r) in relations.iter().enumerate() {
        let at = format!("relations[{i}]");
        for (field, id) in r.references() {
            if !known(id) {
                out.push(format!(
                    "{at}.{field}: unknown id \"{id}\"; use only the listed object and unit ids"
                ));
                continue;
            }
            match scope {
                RelationScope::Unit(u) => {
                    if !u.objects().any(|o| o == id) {
                        out.push(format!(
                            "{at}.{field}: \"{id}\" is not in unit \"{}\" (its objects: {})",
                            u.id,
                            u.objects().cloned().collect::<Vec<_>>().join(", ")
                        ));
                    }
                }
                RelationScope::Global => {
                    if field.starts_with("source")
                        && let Some(owner) =
                            d.units.iter().find(|u| u.members.iter().any(|m| m == id))
                    {
                        out.push(format!(
                            "{at}.{field}: \"{id}\" is a member of unit \"{}\", placed inside it; \
                             place the unit \"{}\" instead",
                            owner.id, owner.id
                        ));
                    }
                }
            }
        }
        if let RelationScope::Global = scope {
            let refs = r.references();
            if let Some((_, s)) = refs.iter().find(|(f, _)| f == "source")
                && let Some(unit) = d.unit(s)
                && let Some((_, t)) = refs
                    .iter()
                    .find(|(f, t)| f == "target" && unit.objects().any(|o| o == t))
            {
                out.push(format!(
                    "{at}.target: \"{t}\" is part of the source unit \"{s}\"; relate the unit to \
                     something outside it"
                ));
            }
        }
        if matches!(scope, RelationScope::Unit(_)) && is_room_relation(r) {
            out.push(format!(
                "{at}: {} refers to the room; inside a unit use only relations between its \
                 objects (room relations belong to the global stage)",
                r.kind()
            ));
        }
    }
}

fn check_duplicates(relations: &[Relation], out: &mut Vec<String>) {
    for (i, r) in relations.iter().enumerate() {
        if let Some(j) = relations[..i].iter().position(|q| q == r) {
            out.push(format!(
                "relations[{i}] repeats relations[{j}] ({}); give each relation once",
                describe(r)
            ));
        }
    }
}

/// The pair and side of a side relation.
fn side(r: &Relation) -> Option<(&str, &str, &'static str)> {
    match r {
        Relation::LeftOf { source, target, .. }
        | Relation::RightOf { source, target, .. }
        | Relation::InFrontOf { source, target, .. }
        | Relation::Behind { source, target, .. } => Some((source, target, r.kind())),
        _ => None,
    }
}

fn wall_of(r: &Relation) -> Option<(&str, &str)> {
    match r {
        Relation::AgainstWall { source, wall }
        | Relation::OnWall { source, wall, .. }
        | Relation::Corner { source, wall, .. } => Some((source, wall)),
        _ => None,
    }
}

fn check_contradictions(relations: &[Relation], out: &mut Vec<String>) {
    let contradicts = |i: usize, j: usize, out: &mut Vec<String>| {
        out.push(format!(
            "relations[{i}] ({}) contradicts relations[{j}] ({}); keep one",
            describe(&relations[i]),
            describe(&relations[j])
        ));
    };
    for (i, r) in relations.iter().enumerate() {
        for (j, q) in relations[..i].iter().enumerate() {
            if r == q {
                continue;
            }
            let clash = match (r, q) {
                _ if side(r).is_some() && side(q).is_some() => {
                    let (a, b) = (side(r).unwrap_or_default(), side(q).unwrap_or_default());
                    a.0 == b.0 && a.1 == b.1 && a.2 != b.2
                }
                _ if wall_of(r).is_some() && wall_of(q).is_some() => {
                    let (a, b) = (
                        wall_of(r).unwrap_or_default(),
                        wall_of(q).unwrap_or_default(),
                    );
                    a.0 == b.0 && a.1 != b.1
                }
                (
                    Relation::Position {
                        source: s1,
                        x: x1,
                        y: y1,
                    },
                    Relation::Position {
                        source: s2,
                        x: x2,
                        y: y2,
                    },
                ) => {
                    let differ = |a: &Option<f64>, b: &Option<f64>| matches!((a, b), (Some(a), Some(b)) if (a - b).abs() > 0.05);
                    s1 == s2 && (differ(x1, x2) || differ(y1, y2))
                }
                (
                    Relation::Align {
                        source: s1,
                        target: t1,
                        angle: a1,
                    },
                    Relation::Align {
                        source: s2,
                        target: t2,
                        angle: a2,
                    },
                ) => {
                    let d = (a1 - a2).rem_euclid(360.0);
                    s1 == s2 && t1 == t2 && d > 5.0 && d < 355.0
                }
                (
                    Relation::Facing {
                        source: s1,
                        target: t1,
                        wall: w1,
                        ..
                    },
                    Relation::Facing {
                        source: s2,
                        target: t2,
                        wall: w2,
                        ..
                    },
                ) => s1 == s2 && (t1 != t2 || w1 != w2),
                _ => false,
            };
            if clash {
                contradicts(i, j, out);
            }
        }
    }
}

/// Edges "source is placed from target": the relative placements.
fn placement_edges(relations: &[Relation]) -> Vec<(String, String, usize)> {
    let mut edges = Vec::new();
    for (i, r) in relations.iter().enumerate() {
        match r {
            Relation::LeftOf { source, target, .. }
            | Relation::RightOf { source, target, .. }
            | Relation::InFrontOf { source, target, .. }
            | Relation::Behind { source, target, .. }
            | Relation::OnTopOf { source, target } => {
                edges.push((source.clone(), target.clone(), i));
            }
            Relation::Around {
                sources, target, ..
            } => {
                for s in sources {
                    edges.push((s.clone(), target.clone(), i));
                }
            }
            _ => {}
        }
    }
    edges
}

fn check_cycles(relations: &[Relation], out: &mut Vec<String>) {
    let edges = placement_edges(relations);
    let mut next: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for (s, t, i) in &edges {
        next.entry(s.as_str()).or_default().push((t.as_str(), *i));
    }
    // Colours: 1 on the current path, 2 done.
    let mut colour: HashMap<&str, u8> = HashMap::new();
    let mut reported = false;
    for &start in next.keys() {
        if reported || colour.contains_key(start) {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(start, usize::MAX)];
        let mut iters: Vec<usize> = vec![0];
        colour.insert(start, 1);
        while let Some(&(node, _)) = path.last() {
            let k = iters.last().copied().unwrap_or(0);
            let succ = next.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if k >= succ.len() {
                colour.insert(node, 2);
                path.pop();
                iters.pop();
                continue;
            }
            if let Some(last) = iters.last_mut() {
                *last += 1;
            }
            let (t, rel) = succ[k];
            match colour.get(t) {
                Some(1) => {
                    let from = path.iter().position(|(n, _)| *n == t).unwrap_or(0);
                    let mut names: Vec<&str> = path[from..].iter().map(|(n, _)| *n).collect();
                    names.push(t);
                    let mut rels: Vec<usize> = path[from + 1..].iter().map(|(_, r)| *r).collect();
                    rels.push(rel);
                    out.push(format!(
                        "relations form a cycle: {} ({}); place each thing from one already \
                         placed, never back again",
                        names.join(" → "),
                        rels.iter()
                            .map(|r| format!("relations[{r}]"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                    reported = true;
                    break;
                }
                Some(_) => {}
                None => {
                    colour.insert(t, 1);
                    path.push((t, rel));
                    iters.push(0);
                }
            }
        }
    }
}

fn check_members_placed(u: &UnitPlan, relations: &[Relation], out: &mut Vec<String>) {
    let edges = placement_edges(relations);
    for m in &u.members {
        if !edges.iter().any(|(s, _, _)| s == m) {
            out.push(format!(
                "member \"{m}\" of unit \"{}\" is not placed: relate it to \"{}\" or to another \
                 member with left_of, right_of, in_front_of, behind, around or on_top_of",
                u.id, u.anchor
            ));
        }
    }
}

/// Merges the relations into the scene (with the units) and runs the document's validation;
/// reports the issues located in these relations, renumbered to the answer's indices.
fn check_in_scene(
    scene: &Scene,
    d: &Decomposition,
    relations: &[Relation],
    accepted: &[Relation],
    out: &mut Vec<String>,
) {
    let mut merged = scene.clone();
    merged.units = d.units.iter().map(|u| u.to_scene_unit()).collect();
    merged.relations = accepted.iter().chain(relations).cloned().collect();
    merged.poses.clear();
    let offset = accepted.len();
    for issue in validate(&merged) {
        let Some(rest) = issue.path.strip_prefix("relations[") else {
            continue;
        };
        let Some((num, tail)) = rest.split_once(']') else {
            continue;
        };
        let Ok(k) = num.parse::<usize>() else {
            continue;
        };
        if k >= offset {
            out.push(format!(
                "relations[{}]{tail}: {}",
                k - offset,
                issue.message
            ));
        }
    }
}
