//! The TV (or its stand) and the seating that watches it: placed together where the main seat
//! views the screen within the design rules' angle and distance (`seating_faces_tv`), or the
//! screen where a seating already placed views it best.

use std::f64::consts::PI;

use relayout_core::geometry::{Frame, Vec2, wrap_angle};
use relayout_core::relation::{FacingMode, Relation};

use super::{Kind, Planner, Role, Spot, Thing, hit, round, world_box};

/// Most pairs of screen and seating spots tried (the first that cuts no piece off the
/// walkways is taken).
const PAIRS: usize = 96;
/// Most seating spots tried across from one screen spot (spread along its wall).
const SEATS_PER_SPOT: usize = 4;

impl Planner<'_> {
    /// The main seat placed (the largest sofa or armchair): its centre and front.
    pub(super) fn main_seat(&self) -> Option<(Vec2<f64>, Vec2<f64>)> {
        let area = |i: usize| self.scene.objects[i].size[0] * self.scene.objects[i].size[1];
        self.placed_objects
            .iter()
            .filter(|(i, _)| matches!(self.roles[**i], Role::Sofa | Role::Armchair))
            .max_by(|a, b| area(*a.0).total_cmp(&area(*b.0)))
            .map(|(_, (f, _))| (Vec2::cst(f.x, f.y), relayout_core::geometry::front(f.yaw)))
    }

    /// How badly a screen `width` wide at `at`, facing `facing`, breaks `seating_faces_tv` for
    /// the main seat (`seat`: its centre and front): degrees past the viewing angle (both ways) over that angle, and metres
    /// outside the viewing distance over the screen's diagonal. 0 when the rule holds.
    pub(super) fn view_cost(
        &self,
        (seat, front): (Vec2<f64>, Vec2<f64>),
        at: Vec2<f64>,
        facing: Vec2<f64>,
        width: f64,
    ) -> f64 {
        use relayout_core::rules::{VIEW_ANGLE_MAX, VIEW_DISTANCE, diagonal_m};
        let d = seat - at;
        let angle = |a: Vec2<f64>, b: Vec2<f64>| {
            (a.dot(b) / (a.len() * b.len()).max(1e-12))
                .clamp(-1.0, 1.0)
                .acos()
                .to_degrees()
        };
        let off = (angle(facing, d) - VIEW_ANGLE_MAX).max(0.0)
            + (angle(front, -d) - VIEW_ANGLE_MAX).max(0.0);
        let diag = diagonal_m(width);
        let len = d.len();
        let far =
            (len - VIEW_DISTANCE[1] * diag).max(0.0) + (VIEW_DISTANCE[0] * diag - len).max(0.0);
        off / VIEW_ANGLE_MAX + far / diag
    }

    /// The wall a TV already hangs on and its place along it.
    pub(super) fn screen_at(&self) -> Option<(usize, f64)> {
        self.placed
            .iter()
            .find(|(_, spot, x)| {
                x.role == Role::Tv && x.kind == Kind::OnWall && spot.wall.is_some()
            })
            .and_then(|(_, spot, _)| {
                let w = spot.wall?;
                let wall = &self.room.walls[w];
                Some((w, (Self::centre(spot) - wall.a).dot(wall.t)))
            })
    }

    /// A TV stand (or a TV) and the seating that faces it, placed together.
    pub(super) fn place_tv_and_seating(&mut self, tv: &Thing, seating: &Thing) -> bool {
        let spots = if tv.kind == Kind::OnWall {
            self.on_wall_spots(tv)
        } else {
            self.wall_spots(tv)
        };
        // The main seat (the largest sofa or armchair) in the seating's own frame, which
        // `seating_faces_tv` judges.
        let area = |i: usize| self.scene.objects[i].size[0] * self.scene.objects[i].size[1];
        let seat = seating
            .members
            .iter()
            .filter(|m| matches!(self.roles[m.0], Role::Sofa | Role::Armchair))
            .max_by(|a, b| area(a.0).total_cmp(&area(b.0)))
            .map(|m| m.1);
        // The screen's width (the TV's own, when this is its stand) sets the viewing distance.
        let width = (0..self.scene.objects.len())
            .find(|&i| self.roles[i] == Role::Tv)
            .map_or(tv.local[2] - tv.local[0], |i| self.scene.objects[i].size[0]);
        // The screen's best spots a quarter metre apart or more (a long wall's many would
        // crowd out the others).
        let mut tried: Vec<Vec2<f64>> = Vec::new();
        let spots: Vec<&Spot> = spots
            .iter()
            .filter(|s| {
                let c = Self::centre(s);
                let new = tried.iter().all(|p| (*p - c).len() >= 0.25);
                if new {
                    tried.push(c);
                }
                new
            })
            .take(120)
            .collect();
        // First where the main seat views the screen as the rule asks — straight across, or
        // moved along the screen's wall (the seating of an L-shaped room in its wing), clear
        // all round or backed to a wall; then, failing that, straight across anyhow. Of the
        // pairs that fit, the first that cuts no piece off the door's walkways, else the one
        // that cuts the fewest (a seating across an L-shaped room's elbow cuts off its wing,
        // or itself: its chairs a hair too close to the stand to pass), a few seatings spread
        // along the wall for each screen spot.
        for strict in [true, false] {
            let mut best: Option<(usize, &Spot, (Spot, f64))> = None;
            let mut pairs = 0;
            'spots: for &spot in &spots {
                let across = self.seating_across(seating, seat, spot, width, strict);
                let n = across.len();
                let picks = (0..SEATS_PER_SPOT.min(n)).map(|k| k * n / SEATS_PER_SPOT.min(n));
                for k in picks {
                    let found = &across[k];
                    let mut trial = self.clone();
                    trial.face_tv(tv, seating, spot.clone(), found.clone());
                    let cut = trial.cut_off().len();
                    if best.as_ref().is_none_or(|b| cut < b.0) {
                        best = Some((cut, spot, found.clone()));
                    }
                    pairs += 1;
                    if cut == 0 || pairs == PAIRS {
                        break 'spots;
                    }
                }
            }
            if let Some((_, spot, found)) = best {
                self.face_tv(tv, seating, spot.clone(), found);
                return true;
            }
        }
        false
    }

    /// Free spots for the seating across from a screen at `spot` (`width` wide), each with the
    /// gap from the screen's front to the seating's front, the nearest at each place along the
    /// screen's wall, straight across first; `strict`: where the main seat (`seat`, in the
    /// seating's frame) views it within the rule's angle and distance, also moved along the
    /// screen's wall and backed to a wall (when none is clear all round); else straight across,
    /// clear all round.
    fn seating_across(
        &self,
        seating: &Thing,
        seat: Option<Frame<f64>>,
        spot: &Spot,
        width: f64,
        strict: bool,
    ) -> Vec<(Spot, f64)> {
        let mut out = Vec::new();
        let w = spot.wall.unwrap_or(0);
        let wall = &self.room.walls[w];
        let n = wall.n;
        let depth = spot.body_depth(n);
        let tv_front = Self::centre(spot) + n * (0.5 * depth);
        let screen = tv_front - n * depth;
        let yaw = wrap_angle(wall.inward_yaw() + PI);
        let mid = Vec2::cst(
            0.5 * (seating.local[0] + seating.local[2]),
            seating.local[3],
        );
        let off = Frame::new(0.0, 0.0, yaw).apply(mid);
        // Strict, the gap may be a walkway's (the rule's distance is the seat's, checked).
        let (rounds, shifts, nearest): (&[f64], usize, f64) = if strict {
            (&[0.6, 0.0], 30, 0.59)
        } else {
            (&[0.6], 0, 1.0)
        };
        for &all_round in rounds {
            let clear_local = self.clear_box(seating, all_round);
            for j in 0..=shifts {
                // 0, +0.1, −0.1, +0.2, … metres along the screen's wall.
                let step = 0.1 * j.div_ceil(2) as f64;
                let shift = if j % 2 == 1 { step } else { -step };
                for k in 0..=((2.6 - nearest) / 0.1).round() as usize {
                    let gap = nearest + 0.1 * k as f64;
                    let target = tv_front + n * gap + wall.t * shift;
                    let f = Frame::new(target.x - off.x, target.y - off.y, yaw);
                    if strict && let Some(m) = seat {
                        let s = f.compose(m);
                        let main = (Vec2::cst(s.x, s.y), relayout_core::geometry::front(s.yaw));
                        // The screen hangs at the wall (the rule measures to the TV).
                        if self.view_cost(main, screen, n, width) > 1e-9 {
                            continue;
                        }
                    }
                    let body = world_box(f, seating.local);
                    let clear = world_box(f, clear_local);
                    // A centimetre into the screen's clear floor is no walkway lost (the
                    // walkers' grid is coarser): a seating backed to the far wall of a wing
                    // just the stand, a walkway and itself deep fits.
                    let inner = [
                        body[0] + 0.01,
                        body[1] + 0.01,
                        body[2] - 0.01,
                        body[3] - 0.01,
                    ];
                    if !self.inside(f, seating.local) || hit(&inner, &spot.clear) {
                        continue;
                    }
                    let parts = Self::world_parts(seating, f);
                    // The TV's own block is not taken yet: checked against it by hand above.
                    if self.free(&parts, &clear) {
                        out.push((Spot::free_standing(f, body, parts, clear, 0.0), gap));
                        break;
                    }
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }

    /// Takes the screen's spot and the seating's across from it, with the relations that keep
    /// them facing at that distance.
    fn face_tv(
        &mut self,
        tv: &Thing,
        seating: &Thing,
        tv_spot: Spot,
        (seat_spot, gap): (Spot, f64),
    ) {
        let w = tv_spot.wall.unwrap_or(0);
        if tv.kind == Kind::OnWall {
            self.on_wall_relations(tv, &tv_spot);
        } else {
            self.wall_relations(tv, &tv_spot);
        }
        self.take(tv, tv_spot);
        self.relations.push(Relation::Facing {
            source: seating.id.clone(),
            target: Some(tv.id.clone()),
            wall: None,
            mode: FacingMode::Ortho,
            mutual: false,
        });
        self.relations.push(Relation::Distance {
            source: seating.id.clone(),
            target: tv.id.clone(),
            min: round((gap - 0.3).max(0.0)),
            max: round(gap + 0.3),
        });
        let r = self.position_along(&seating.id, w, Self::centre(&seat_spot));
        self.relations.push(r);
        self.take(seating, seat_spot);
    }
}
