//! When a piece finds no place of its kind: one piece placed before it, moved, may leave it one
//! (in R3L's first bedroom, 14 pieces in 25 m², the last ones found no wall place and were left
//! overlapping). Bounded: for [`ROOMS_MADE`] pieces a plan, the [`MOVES`] pieces placed last
//! that the designer did not place, each tried once on a copy; the first move after which both
//! have a place of their kind and no piece is cut off the walkways is kept.

use relayout_core::relation::Relation;

use super::{Kind, Planner, Thing};

/// Most pieces moved to make room for one.
const MOVES: usize = 6;
/// Most pieces given room in one plan (an overfull room's many misfits stay cheap).
pub(super) const ROOMS_MADE: usize = 3;

impl Planner<'_> {
    /// Whether the planner turned this thing to a screen (moved alone, it would face away).
    pub(super) fn faces_screen(&self, id: &str) -> bool {
        self.relations
            .iter()
            .any(|r| matches!(r, Relation::Facing { source, target: Some(_), .. } if source == id))
    }

    /// Places a thing in its kind's way (against a wall, or free in the room).
    pub(super) fn place_kind(&mut self, t: &Thing) -> bool {
        match t.kind {
            Kind::Wall | Kind::Corner => self.place_wall(t) || self.place_middle(t),
            Kind::FaceTv | Kind::Middle => self.place_middle(t) || self.place_wall(t),
            Kind::OnWall | Kind::OnTop => false,
        }
    }

    /// Places `t`, which found no place, by moving one piece placed before it, not one of
    /// `fixed` (rows; see the module's note). Whether it was placed.
    pub(super) fn make_room(&mut self, t: &Thing, fixed: &[String]) -> bool {
        if !matches!(t.kind, Kind::Wall | Kind::Corner | Kind::Middle) || self.rooms_left == 0 {
            return false;
        }
        self.rooms_left -= 1;
        let movable: Vec<Thing> = self
            .placed
            .iter()
            .rev()
            .map(|(_, _, x)| x.clone())
            .filter(|x| {
                matches!(x.kind, Kind::Wall | Kind::Corner | Kind::Middle)
                    && !self.wishes.touches(&x.member_ids())
                    && !fixed.contains(&x.id)
                    && !self.faces_screen(&x.id)
            })
            .take(MOVES)
            .collect();
        for other in &movable {
            let mut trial = self.clone();
            drop(trial.lift(other));
            // A move that cuts a piece off is no better than the piece left where it overlaps
            // least (the solver pushes it clear; the walkways may survive that).
            if trial.place_kind(t) && trial.place_kind(other) && trial.cut_off().is_empty() {
                *self = trial;
                return true;
            }
        }
        false
    }
}
