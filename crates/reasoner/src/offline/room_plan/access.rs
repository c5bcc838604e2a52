//! After the greedy pass, the walkways: a piece no 0.6 m walker from the door reaches (the
//! design rules' `walkways`) is moved — with its unit, one thing at a time — to the free place
//! of its own kind that leaves the fewest pieces cut off, so the layout reaches AC = 1 wherever
//! moving the cut-off pieces finds a way; when none of those moves helps, a piece that stands
//! across the way (one whose lifting opens it: a bookshelf at the only gap into a seating
//! group) is moved the same way. Bounded: each thing is tried once, at [`REPAIR_SPOTS`] places
//! at most, and only the [`IN_WAY_TRIES`] placed last are asked whether they stand in the way;
//! a move is kept only when fewer pieces are cut off.

use relayout_core::geometry::Frame;
use relayout_core::placement::Placed;
use relayout_core::relation::Relation;
use relayout_core::rules::WALKWAY_MIN;

use super::{Block, Kind, Planner, Spot, Thing};
use crate::answer::MapPose;

/// Most places tried for one thing.
const REPAIR_SPOTS: usize = 24;
/// Most pieces, placed last, asked whether they stand in the way.
const IN_WAY_TRIES: usize = 8;

/// What a thing took, set aside while other places are tried.
pub(super) struct Lifted {
    blocks: Vec<Block>,
    poses: Vec<MapPose>,
    relations: Vec<Relation>,
    placed: Vec<(String, Spot, Thing)>,
    objects: Vec<(usize, (Frame<f64>, f64))>,
}

impl Planner<'_> {
    /// The pieces placed so far as the rules read a layout, and which are placed (the others
    /// stand above any ceiling: they block nothing and are no floor piece).
    pub(super) fn placed_layout(&self) -> (Placed, Vec<bool>) {
        let n = self.scene.objects.len();
        let mut frames = vec![Frame::new(0.0, 0.0, 0.0); n];
        let mut z = vec![1e3; n];
        let mut present = vec![false; n];
        for (&i, &(f, z0)) in &self.placed_objects {
            frames[i] = f;
            z[i] = z0;
            present[i] = true;
        }
        let placed = Placed {
            frames,
            z,
            unit_boxes: vec![],
        };
        (placed, present)
    }

    /// The floor pieces placed so far that no walkway from the door reaches.
    pub(super) fn cut_off(&self) -> Vec<usize> {
        let (placed, present) = self.placed_layout();
        self.rules
            .cut_off(self.scene, &self.room, &placed, &present, WALKWAY_MIN)
    }

    /// Takes a thing out of the plan: its block, poses, the planner's relations of it.
    pub(super) fn lift(&mut self, t: &Thing) -> Lifted {
        let mine = |id: &Option<String>| id.as_deref() == Some(t.id.as_str());
        let (blocks, kept): (Vec<Block>, Vec<Block>) =
            self.blocks.drain(..).partition(|b| mine(&b.owner));
        self.blocks = kept;
        let (poses, kept): (Vec<MapPose>, Vec<MapPose>) =
            self.poses.drain(..).partition(|p| p.id == t.id);
        self.poses = kept;
        let (relations, kept): (Vec<Relation>, Vec<Relation>) = self
            .relations
            .drain(..)
            .partition(|r| r.source() == Some(t.id.as_str()));
        self.relations = kept;
        let (placed, kept): (Vec<_>, Vec<_>) =
            self.placed.drain(..).partition(|(id, _, _)| *id == t.id);
        self.placed = kept;
        let objects = t
            .members
            .iter()
            .filter_map(|m| self.placed_objects.remove(&m.0).map(|f| (m.0, f)))
            .collect();
        Lifted {
            blocks,
            poses,
            relations,
            placed,
            objects,
        }
    }

    pub(super) fn restore(&mut self, l: Lifted) {
        self.blocks.extend(l.blocks);
        self.poses.extend(l.poses);
        self.relations.extend(l.relations);
        self.placed.extend(l.placed);
        self.placed_objects.extend(l.objects);
    }

    /// The places a thing could move to, best first by its own kind's score, where it keeps
    /// the designer's relations on it.
    fn other_spots(&self, t: &Thing) -> Vec<Spot> {
        let keep = self.keeps_wishes(t);
        let mut spots = match t.kind {
            Kind::Middle | Kind::FaceTv => self.middle_spots_where(t, 0.45, &keep),
            _ => vec![],
        };
        if spots.is_empty() {
            spots = self.wall_spots_where(t, &keep);
        }
        spots.truncate(REPAIR_SPOTS);
        spots
    }

    /// Moves cut-off things where the walkway reaches them, then, when none of those moves
    /// helps, things that close the way to them (see the module's note).
    pub(super) fn repair_access(&mut self, movable: &[Thing]) {
        let mut tried: Vec<&str> = Vec::new();
        let mut tried_in_way: Vec<&str> = Vec::new();
        loop {
            let cut = self.cut_off();
            if cut.is_empty() {
                return;
            }
            if let Some(t) = movable.iter().find(|t| {
                !tried.contains(&t.id.as_str()) && t.members.iter().any(|m| cut.contains(&m.0))
            }) {
                tried.push(&t.id);
                self.move_for_access(t, cut.len());
                continue;
            }
            // A piece the walkers can reach may still stand across the only way to others:
            // the last placed first, the one whose lifting opens the way.
            let last: Vec<&Thing> = self
                .placed
                .iter()
                .rev()
                .filter_map(|(id, _, _)| movable.iter().find(|t| t.id == *id))
                .filter(|t| !tried_in_way.contains(&t.id.as_str()))
                .take(IN_WAY_TRIES)
                .collect();
            let in_way = last.into_iter().find(|t| {
                let lifted = self.lift(t);
                let opens = self.cut_off().len() < cut.len();
                self.restore(lifted);
                opens
            });
            let Some(t) = in_way else {
                return;
            };
            tried_in_way.push(&t.id);
            self.move_for_access(t, cut.len());
        }
    }

    /// Moves a thing to the place of its kind that leaves the fewest pieces cut off, if fewer
    /// than `cut` (those cut off now).
    fn move_for_access(&mut self, t: &Thing, cut: usize) {
        let lifted = self.lift(t);
        let mut best: Option<(usize, Spot)> = None;
        for spot in self.other_spots(t) {
            self.take(t, spot.clone());
            let left = self.cut_off().len();
            drop(self.lift(t));
            if left < cut && best.as_ref().is_none_or(|(b, _)| left < *b) {
                let done = left == 0;
                best = Some((left, spot));
                if done {
                    break;
                }
            }
        }
        match best {
            Some((_, spot)) => {
                drop(lifted);
                self.follow_on_top(t, spot.frame);
                self.take_with_relations(t, spot);
            }
            None => self.restore(lifted),
        }
    }

    /// Things on top of a moved thing's objects go with it (their map poses; their relation
    /// to the surface stays).
    pub(super) fn follow_on_top(&mut self, t: &Thing, f: Frame<f64>) {
        let ids: Vec<String> = t
            .members
            .iter()
            .map(|m| self.scene.objects[m.0].id.clone())
            .collect();
        let riders: Vec<String> = self
            .relations
            .iter()
            .filter_map(|r| match r {
                Relation::OnTopOf { source, target } if ids.contains(target) => {
                    Some(source.clone())
                }
                _ => None,
            })
            .collect();
        for p in self.poses.iter_mut().filter(|p| riders.contains(&p.id)) {
            p.x = super::round(f.x);
            p.y = super::round(f.y);
            p.rz = super::round(relayout_core::geometry::wrap_angle(f.yaw).to_degrees());
        }
    }
}
