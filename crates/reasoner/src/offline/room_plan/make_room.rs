//! When a piece finds no place of its kind: one piece placed before it, moved, may leave it one
//! (a bed centred on its wall leaves 45 cm for a dresser that needs 1.2 m in front of the other
//! wall). Bounded: the [`MOVES`] pieces placed last that the designer did not place, each tried
//! once; the first move after which both have a place of their kind and no piece is cut off the
//! walkways is kept.

use relayout_core::relation::Relation;

use super::{Kind, Planner, Thing};

/// Most pieces moved to make room for one.
const MOVES: usize = 6;

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
        if !matches!(t.kind, Kind::Wall | Kind::Corner | Kind::Middle) {
            return false;
        }
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
        // Each move tried on a copy; of those that place both, the one that leaves the fewest
        // pieces cut off the walkways (the first when as good).
        let mut best: Option<(usize, Planner<'_>)> = None;
        for other in &movable {
            let mut trial = self.clone();
            drop(trial.lift(other));
            if !(trial.place_kind(t) && trial.place_kind(other)) {
                continue;
            }
            let cut = trial.cut_off().len();
            if best.as_ref().is_none_or(|b| cut < b.0) {
                let done = cut == 0;
                best = Some((cut, trial));
                if done {
                    break;
                }
            }
        }
        // A move that cuts a piece off is no better than the piece left where it overlaps least
        // (the solver pushes it clear; the walkways may survive that).
        match best {
            Some((0, trial)) => {
                *self = trial;
                true
            }
            _ => false,
        }
    }
}
