//! Salvage before repair: a deterministic pass over a parsed answer that fixes what has one
//! obvious fix, and says what it did, before the checks run. What it cannot fix is left for the
//! checks to report and a repair prompt to ask about.
//!
//! - Ids: a case, separator or suffix slip, or a typo of a letter or two, read as the one id it
//!   stands for ([`ids`]); an id that stands for nothing known is dropped where it can be.
//! - Stage 1: `assign` read into units by anchor (an anchor assigned elsewhere still anchors
//!   the objects assigned to it; a unit of one object stands alone); an object both in a unit and independent stays in the unit; one in two units stays
//!   in the first; a member that is its unit's anchor is dropped; a unit whose anchor is unknown
//!   takes its first member as anchor; a unit id that is empty, an object id or a repeat gets a
//!   new name; objects left out stand alone (when they are at most half of them: an answer
//!   that leaves out most is not a slip).
//! - Relations: a member of a unit named as a source between units stands for its unit; a
//!   relation of an object to itself, a repeat, and the second of two relations of the same kind
//!   each way between the same pair (a cycle) are dropped; inside a unit, a relation to the room
//!   is dropped (the room is the global stage's).
//! - Maps: a pose given twice keeps the first; a pose of an unknown id is dropped.

pub mod ids;

use std::collections::BTreeSet;

use relayout_core::relation::{Relation, describe};

use crate::answer::{
    Decomposition, DecompositionAnswer, GlobalMap, INDEPENDENT, LocalMap, MapPose, RelationsAnswer,
    Revision,
};
use crate::backend::StageInput;
use crate::check::is_room_relation;
use ids::Ids;

/// An answer type that can be salvaged for its stage's input.
pub trait Salvage {
    /// Fixes what has one obvious fix; returns each fix in words.
    fn salvage(&mut self, input: &StageInput) -> Vec<String>;
}

fn fix_id(ids: &Ids<'_>, id: &mut String, at: &str, fixes: &mut Vec<String>) {
    if let Some(k) = ids.correct(id) {
        fixes.push(format!("{at}: read \"{id}\" as \"{k}\""));
        *id = k.to_owned();
    }
}

impl Salvage for DecompositionAnswer {
    fn salvage(&mut self, input: &StageInput) -> Vec<String> {
        let scene = input.scene();
        let objects: Vec<&str> = scene.objects.iter().map(|o| o.id.as_str()).collect();
        let ids = Ids::new(objects.iter().copied());
        let mut fixes = Vec::new();
        // Slipped values read as the object they stand for, before the groups are formed.
        let unit_ids: Vec<String> = self.units.iter().map(|u| u.id.clone()).collect();
        for (k, v) in self.assign.iter_mut() {
            let plain = v.trim().eq_ignore_ascii_case(INDEPENDENT)
                || ids.contains(v)
                || unit_ids.contains(v);
            if !plain {
                fix_id(&ids, v, &format!("assign.{k}"), &mut fixes);
            }
        }
        let (mut d, notes) = self.read(&objects);
        fixes.extend(notes);
        fixes.extend(d.salvage(input));
        *self = DecompositionAnswer::from(d);
        fixes
    }
}

impl Salvage for Decomposition {
    fn salvage(&mut self, input: &StageInput) -> Vec<String> {
        let scene = input.scene();
        let ids = Ids::new(scene.objects.iter().map(|o| o.id.as_str()));
        let mut fixes = Vec::new();
        for (i, u) in self.units.iter_mut().enumerate() {
            fix_id(
                &ids,
                &mut u.anchor,
                &format!("units[{i}].anchor"),
                &mut fixes,
            );
            for (k, m) in u.members.iter_mut().enumerate() {
                fix_id(&ids, m, &format!("units[{i}].members[{k}]"), &mut fixes);
            }
        }
        for (k, m) in self.independent.iter_mut().enumerate() {
            fix_id(&ids, m, &format!("independent[{k}]"), &mut fixes);
        }
        // Unknown ids out; a unit without a known anchor takes its first known member.
        let mut placed: BTreeSet<String> = BTreeSet::new();
        let mut kept = Vec::new();
        let mut unit_ids: BTreeSet<String> = BTreeSet::new();
        for (i, mut u) in std::mem::take(&mut self.units).into_iter().enumerate() {
            let before = u.members.len();
            let anchor = u.anchor.clone();
            u.members
                .retain(|m| ids.contains(m) && *m != anchor && !placed.contains(m));
            if u.members.len() < before {
                fixes.push(format!(
                    "units[{i}]: left out {} member(s) that are unknown, the anchor itself, or \
                     already in an earlier unit",
                    before - u.members.len()
                ));
            }
            if !ids.contains(&u.anchor) || placed.contains(&u.anchor) {
                if u.members.is_empty() {
                    fixes.push(format!(
                        "units[{i}]: dropped (its anchor \"{}\" is unknown or already placed, and \
                         it has no other member)",
                        u.anchor
                    ));
                    continue;
                }
                let next = u.members.remove(0);
                fixes.push(format!(
                    "units[{i}].anchor: \"{}\" is unknown or already placed; \"{next}\" anchors \
                     the unit instead",
                    u.anchor
                ));
                u.anchor = next;
            }
            let id = u.id.trim().to_owned();
            let fresh = if id.is_empty() {
                format!("unit_{i}")
            } else if ids.contains(&id) {
                format!("{id}_unit")
            } else {
                id.clone()
            };
            let mut name = fresh.clone();
            let mut n = 1;
            while unit_ids.contains(&name) || ids.contains(&name) {
                n += 1;
                name = format!("{fresh}_{n}");
            }
            if name != u.id {
                fixes.push(format!("units[{i}].id: \"{}\" renamed \"{name}\"", u.id));
                u.id = name.clone();
            }
            unit_ids.insert(name);
            placed.insert(u.anchor.clone());
            placed.extend(u.members.iter().cloned());
            kept.push(u);
        }
        self.units = kept;
        let before: Vec<String> = std::mem::take(&mut self.independent);
        for id in before {
            if !ids.contains(&id) {
                fixes.push(format!("independent: dropped unknown id \"{id}\""));
            } else if let Some(u) = self.unit_of(&id) {
                fixes.push(format!(
                    "independent: \"{id}\" is in unit \"{}\", so it is not also independent",
                    u.id
                ));
            } else if self.independent.contains(&id) {
                fixes.push(format!("independent: \"{id}\" listed twice"));
            } else {
                self.independent.push(id);
            }
        }
        let missing: Vec<String> = scene
            .objects
            .iter()
            .map(|o| o.id.clone())
            .filter(|id| self.unit_of(id).is_none() && !self.independent.contains(id))
            .collect();
        // A few left out is a slip; most left out is not an answer to salvage.
        if !missing.is_empty() && missing.len() * 2 <= scene.objects.len() {
            fixes.push(format!(
                "independent: added {} object(s) the answer left out: {}",
                missing.len(),
                missing.join(", ")
            ));
            self.independent.extend(missing);
        }
        fixes
    }
}

/// The pair and kind of a relation that must not also hold the other way round.
fn directed(r: &Relation) -> Option<(&str, &str, &'static str)> {
    match r {
        Relation::LeftOf { source, target, .. }
        | Relation::RightOf { source, target, .. }
        | Relation::InFrontOf { source, target, .. }
        | Relation::Behind { source, target, .. }
        | Relation::OnTopOf { source, target, .. } => Some((source, target, r.kind())),
        _ => None,
    }
}

/// Salvages relations; `unit_of_member` gives, for a global stage, the unit a member belongs to.
fn salvage_relations(
    relations: &mut Vec<Relation>,
    ids: &Ids<'_>,
    unit_of_member: &dyn Fn(&str) -> Option<String>,
    inside_unit: bool,
) -> Vec<String> {
    let mut fixes = Vec::new();
    for (i, r) in relations.iter_mut().enumerate() {
        for (k, id) in r.references_mut().into_iter().enumerate() {
            fix_id(ids, id, &format!("relations[{i}] id {k}"), &mut fixes);
        }
        if !inside_unit
            && let Some(source) = r.references_mut().into_iter().next()
            && let Some(unit) = unit_of_member(source)
        {
            fixes.push(format!(
                "relations[{i}].source: \"{source}\" is a member of unit \"{unit}\"; the relation \
                 places the unit"
            ));
            *source = unit;
        }
    }
    let mut kept: Vec<Relation> = Vec::new();
    for (i, r) in std::mem::take(relations).into_iter().enumerate() {
        let refs = r.references();
        let self_relation = refs
            .iter()
            .any(|(f, t)| f == "target" && refs.iter().any(|(g, s)| g == "source" && s == t));
        let why = if self_relation {
            Some("relates a thing to itself".to_owned())
        } else if inside_unit && is_room_relation(&r) {
            Some("refers to the room, which is the global stage's".to_owned())
        } else if kept.contains(&r) {
            Some("repeats an earlier one".to_owned())
        } else if let Some((s, t, kind)) = directed(&r)
            && kept.iter().any(|q| directed(q) == Some((t, s, kind)))
        {
            Some(format!(
                "is the reverse of an earlier {kind} between the same pair (a cycle)"
            ))
        } else {
            None
        };
        match why {
            Some(why) => fixes.push(format!(
                "relations[{i}] ({}) dropped: it {why}",
                describe(&r)
            )),
            None => kept.push(r),
        }
    }
    *relations = kept;
    fixes
}

/// The ids relations may name at this stage, and the unit of each member (between units).
fn relation_scope(input: &StageInput) -> (Vec<String>, Vec<(String, String)>, bool) {
    match input {
        StageInput::UnitRelations { unit, .. } | StageInput::ReviseUnit { unit, .. } => {
            (unit.objects().cloned().collect(), vec![], true)
        }
        StageInput::GlobalRelations { decomposition, .. }
        | StageInput::ReviseGlobal { decomposition, .. } => {
            let mut known: Vec<String> =
                input.scene().objects.iter().map(|o| o.id.clone()).collect();
            known.extend(decomposition.units.iter().map(|u| u.id.clone()));
            let members = decomposition
                .units
                .iter()
                .flat_map(|u| u.members.iter().map(|m| (m.clone(), u.id.clone())))
                .collect();
            (known, members, false)
        }
        _ => (
            input.scene().objects.iter().map(|o| o.id.clone()).collect(),
            vec![],
            false,
        ),
    }
}

fn salvage_for_stage(relations: &mut Vec<Relation>, input: &StageInput) -> Vec<String> {
    let (known, members, inside) = relation_scope(input);
    let ids = Ids::new(known.iter().map(String::as_str));
    let unit_of = |id: &str| {
        members
            .iter()
            .find(|(m, _)| m == id)
            .map(|(_, u)| u.clone())
    };
    salvage_relations(relations, &ids, &unit_of, inside)
}

impl Salvage for RelationsAnswer {
    fn salvage(&mut self, input: &StageInput) -> Vec<String> {
        salvage_for_stage(&mut self.relations, input)
    }
}

/// The ids a map at this stage places.
fn map_ids(input: &StageInput) -> Vec<String> {
    match input {
        StageInput::ImagineUnit { unit, .. } | StageInput::ReviseUnit { unit, .. } => {
            unit.objects().cloned().collect()
        }
        StageInput::ImagineGlobal { decomposition, .. }
        | StageInput::ReviseGlobal { decomposition, .. } => decomposition
            .units
            .iter()
            .map(|u| u.id.clone())
            .chain(decomposition.independent.iter().cloned())
            .collect(),
        _ => vec![],
    }
}

fn salvage_poses(poses: &mut Vec<MapPose>, input: &StageInput) -> Vec<String> {
    let known = map_ids(input);
    let ids = Ids::new(known.iter().map(String::as_str));
    let mut fixes = Vec::new();
    let mut kept: Vec<MapPose> = Vec::new();
    for (i, mut p) in std::mem::take(poses).into_iter().enumerate() {
        fix_id(&ids, &mut p.id, &format!("poses[{i}].id"), &mut fixes);
        if !ids.contains(&p.id) {
            fixes.push(format!(
                "poses[{i}]: dropped the pose of unknown id \"{}\"",
                p.id
            ));
        } else if kept.iter().any(|q| q.id == p.id) {
            fixes.push(format!(
                "poses[{i}]: \"{}\" placed twice; the first pose is kept",
                p.id
            ));
        } else {
            kept.push(p);
        }
    }
    *poses = kept;
    fixes
}

impl Salvage for LocalMap {
    fn salvage(&mut self, input: &StageInput) -> Vec<String> {
        salvage_poses(&mut self.poses, input)
    }
}

impl Salvage for GlobalMap {
    fn salvage(&mut self, input: &StageInput) -> Vec<String> {
        salvage_poses(&mut self.poses, input)
    }
}

impl Salvage for Revision {
    fn salvage(&mut self, input: &StageInput) -> Vec<String> {
        let mut fixes = salvage_for_stage(&mut self.relations, input);
        fixes.extend(salvage_poses(&mut self.poses, input));
        fixes
    }
}
