//! When a piece finds no place of its kind: one piece placed before it, moved, may leave it one
//! (in R3L's first bedroom, 14 pieces in 25 m², the last ones found no wall place and were left
//! overlapping). Bounded: for [`ROOMS_MADE`] pieces a plan, the [`MOVES`] pieces placed last
//! that the designer did not place, each lifted on a copy while the piece tries [`SPOTS`] of its
//! places; the first after which the lifted one finds a place of its kind again and no piece is
//! cut off the walkways is kept.

use relayout_core::relation::Relation;

use super::{Kind, Planner, Spot, Thing};

/// Most pieces moved to make room for one.
const MOVES: usize = 6;
/// Most places tried for the piece, with one other lifted.
const SPOTS: usize = 8;
/// Metres at least between two places tried.
const SPREAD: f64 = 0.4;
/// Most pieces given room in one plan (an overfull room's many misfits stay cheap).
pub(super) const ROOMS_MADE: usize = 3;

impl Planner<'_> {
    /// Whether the planner turned this thing to a screen, or a seating to it (moved alone,
    /// one would face away from the other).
    pub(super) fn faces_screen(&self, id: &str) -> bool {
        self.relations.iter().any(|r| {
            matches!(r, Relation::Facing { source, target: Some(target), .. }
                if source == id || target == id)
        })
    }

    /// Places a thing again after it was lifted: in its kind's way, or, for one the designer's
    /// relations place, at its best place that keeps them (none: not placed).
    pub(super) fn place_again(&mut self, t: &Thing) -> bool {
        if !self.wishes.touches(&t.member_ids()) {
            return self.place_kind(t);
        }
        match self.spread_spots(t).into_iter().next() {
            Some(spot) => {
                self.take_with_relations(t, spot);
                true
            }
            None => false,
        }
    }

    /// Places a thing in its kind's way (against a wall, or free in the room).
    pub(super) fn place_kind(&mut self, t: &Thing) -> bool {
        match t.kind {
            Kind::Wall | Kind::Corner => self.place_wall(t) || self.place_middle(t),
            Kind::FaceTv | Kind::Middle => self.place_middle(t) || self.place_wall(t),
            Kind::OnWall | Kind::OnTop => false,
        }
    }

    /// A thing's places of its kind, best first, at most [`SPOTS`], [`SPREAD`] apart, where it
    /// keeps the designer's relations on it.
    pub(super) fn spread_spots(&self, t: &Thing) -> Vec<Spot> {
        let keep = self.keeps_wishes(t);
        let mut spots = match t.kind {
            Kind::Middle | Kind::FaceTv => self.middle_spots_where(t, 0.6, &keep),
            _ => self.wall_spots_where(t, &keep),
        };
        if spots.is_empty() {
            spots = match t.kind {
                Kind::Middle | Kind::FaceTv => self.wall_spots_where(t, &keep),
                _ => self.middle_spots_where(t, 0.45, &keep),
            };
        }
        let mut out: Vec<Spot> = Vec::new();
        for s in spots {
            let c = Self::centre(&s);
            if out.iter().all(|o| (Self::centre(o) - c).len() >= SPREAD) {
                out.push(s);
                if out.len() == SPOTS {
                    break;
                }
            }
        }
        out
    }

    /// Takes a spot with the relations that hold the thing there (against its wall, or where
    /// it stands free).
    pub(super) fn take_with_relations(&mut self, t: &Thing, spot: Spot) {
        match spot.wall {
            None => self.middle_relations(t, &spot),
            Some(_) => self.wall_relations(t, &spot),
        }
        self.take(t, spot);
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
            let mut lifted = self.clone();
            drop(lifted.lift(other));
            // The piece's own places with the other gone, a few spread over the room (its best
            // may be the one place the other needs back).
            for spot in lifted.spread_spots(t) {
                let mut trial = lifted.clone();
                trial.take_with_relations(t, spot);
                // A move that cuts a piece off is no better than the piece left where it
                // overlaps least (the solver pushes it clear; the walkways may survive that).
                if trial.place_kind(other) && trial.cut_off().is_empty() {
                    *self = trial;
                    return true;
                }
            }
        }
        false
    }
}
