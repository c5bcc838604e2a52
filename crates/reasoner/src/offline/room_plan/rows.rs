//! Repeated groups in rows: three or more tables with their chairs, or desks with theirs, of one
//! size, go on a lattice — every piece the same way round, an aisle between neighbours and
//! along the walls — rather than one by one wherever the floor is free (which clumps them and
//! grows as the square of their number).
//!
//! The lattice's pitch is the group's box plus the aisle ([`AISLE`], narrowed to a little over
//! [`WALKWAY_MIN`] when the room is too tight); its turn and offset are the ones that seat the
//! most of the group, the preferred turn first, then those lighting the most desks. Desks turn
//! so that whoever sits at them faces what the designer named them (or their chairs) to face,
//! else a screen or board on a wall (whose wall the planner picks so the windows light the rows
//! from the left), else along a window wall with the window on the left, else away from the
//! door. Of the lattice's free
//! cells the group takes whole rows, nearest what they face (or the middle of the free cells)
//! first, each row's lit cells first (desks, as `desk_daylight` asks) and from its middle out.

use std::f64::consts::PI;

use relayout_core::geometry::{Frame, Vec2, front};
use relayout_core::relation::Relation;
use relayout_core::rules::{DAYLIGHT_ANGLE_MAX, WALKWAY_MIN};

use super::{Planner, Spot, Thing, world_box};
use crate::offline::knowledge::Role;

/// The aisle between neighbours in a row and between the rows, metres (a walkway with room for
/// a chair pushed back).
pub(super) const AISLE: f64 = 0.75;

/// Fewest pieces alike that make a group of rows.
pub(super) const ROW_GROUP_MIN: usize = 3;

/// The priority rows are placed at: after the pieces that stand against walls, before corners
/// and free-standing single pieces.
pub(super) const ROW_PRIORITY: i32 = 55;

/// How a lattice is judged: pieces seated, the preferred turn, desks lit, aisle in centimetres.
type LatticeKey = (usize, bool, usize, i64);

/// Whether a thing of this role is laid out in rows when repeated.
pub(super) fn rows_role(role: Role) -> bool {
    matches!(role, Role::DiningTable | Role::Desk | Role::Island)
}

/// What makes two things alike for a row: role, box to the centimetre, member count.
pub(super) type RowKey = (Role, [i64; 4], usize);

/// The [`RowKey`] of a thing.
pub(super) fn row_key(t: &Thing) -> RowKey {
    let cm = |v: f64| (v * 100.0).round() as i64;
    (
        t.role,
        [
            cm(t.local[0]),
            cm(t.local[1]),
            cm(t.local[2]),
            cm(t.local[3]),
        ],
        t.members.len(),
    )
}

impl Planner<'_> {
    /// The way a person at these desks should look, if anything says so.
    fn desk_gaze(&self, group: &[Thing]) -> Option<Vec2<f64>> {
        let members: Vec<usize> = group.iter().flat_map(|t| t.member_ids()).collect();
        let named = |i: usize| members.contains(&i);
        // What the designer named them (or their chairs) to face.
        for r in &self.scene.relations {
            let Relation::Facing {
                source,
                target,
                wall,
                ..
            } = r
            else {
                continue;
            };
            if !self.scene.object_index(source).is_some_and(named) {
                continue;
            }
            if let Some(w) = wall.as_ref().and_then(|w| self.room.wall_index(w)) {
                return Some(-self.room.walls[w].n);
            }
            let placed = target
                .as_ref()
                .and_then(|t| self.scene.object_index(t))
                .and_then(|i| self.placed_objects.get(&i));
            if let Some((f, _)) = placed {
                return Some(self.toward_wall_of(Vec2::cst(f.x, f.y)));
            }
        }
        // A screen or a board on a wall.
        let focal = self.placed.iter().find(|(_, _, x)| {
            x.kind == super::Kind::OnWall
                && (x.role == Role::Tv
                    || x.members.iter().any(|&(i, _, _)| {
                        let c = self.scene.objects[i].category.to_lowercase();
                        ["whiteboard", "blackboard", "board", "screen", "projector"]
                            .iter()
                            .any(|w| c.contains(w))
                    }))
        });
        if let Some((_, spot, _)) = focal {
            return Some(self.toward_wall_of(Self::centre(spot)));
        }
        // Along a window wall, the window on the left (light from the left, for writing).
        if let Some(&(w, _, _)) = self.windows.first() {
            let n = self.room.walls[w].n;
            // Left of the gaze g is g turned a quarter anticlockwise, (-g.y, g.x); the window
            // lies towards -n.
            return Some(Vec2::cst(-n.y, n.x));
        }
        // Away from the door.
        self.doors.first().map(|&(w, _, _)| self.room.walls[w].n)
    }

    /// For a board or screen the rows will face, hung on wall `w`: how badly the windows light
    /// the rows facing it (0 from the left, 0.5 from the right, 3 from in front or behind).
    pub(super) fn focal_wall_cost(&self, w: usize) -> f64 {
        let Some(&(ww, _, _)) = self.windows.first() else {
            return 0.0;
        };
        let gaze = -self.room.walls[w].n;
        let light = -self.room.walls[ww].n;
        let left = Vec2::cst(-gaze.y, gaze.x);
        if light.dot(left) > 0.7 {
            0.0
        } else if light.dot(left) < -0.7 {
            0.5
        } else {
            3.0
        }
    }

    /// The direction from the room towards the wall nearest a point.
    fn toward_wall_of(&self, p: Vec2<f64>) -> Vec2<f64> {
        self.room
            .walls
            .iter()
            .min_by(|a, b| {
                a.signed_distance(p)
                    .abs()
                    .total_cmp(&b.signed_distance(p).abs())
            })
            .map_or(Vec2::cst(0.0, 1.0), |w| -w.n)
    }

    /// The lattice's free cells for a thing at a turn, an aisle and an offset (fractions of
    /// the pitch).
    fn lattice(&self, t: &Thing, yaw: f64, aisle: f64, shift: [f64; 2]) -> Vec<Spot> {
        let b = self.room.bounds();
        let probe = world_box(Frame::new(0.0, 0.0, yaw), t.local);
        let (bw, bd) = (probe[2] - probe[0], probe[3] - probe[1]);
        let (px, py) = (bw + aisle, bd + aisle);
        let grown = [
            t.local[0] - aisle,
            t.local[1] - aisle,
            t.local[2] + aisle,
            t.local[3] + aisle,
        ];
        let mut out = Vec::new();
        let nx = ((b[2] - b[0]) / px).floor() as usize + 1;
        let ny = ((b[3] - b[1]) / py).floor() as usize + 1;
        for iy in 0..ny {
            for ix in 0..nx {
                // The body's low corner; the frame follows from the probe's.
                let x0 = b[0] + aisle + (ix as f64 + shift[0]) * px;
                let y0 = b[1] + aisle + (iy as f64 + shift[1]) * py;
                let f = Frame::new(x0 - probe[0], y0 - probe[1], yaw);
                if !self.inside(f, grown) {
                    continue;
                }
                let parts = Self::world_parts(t, f);
                let clear = world_box(f, grown);
                let body = world_box(f, t.local);
                if !self.free(&parts, &body) || self.blocks_hit(&clear) {
                    continue;
                }
                out.push(Spot::free_standing(f, body, parts, clear, 0.0));
            }
        }
        out
    }

    /// Whether a box meets a floor part of anything placed (an aisle kept from other bodies).
    fn blocks_hit(&self, area: &[f64; 4]) -> bool {
        self.blocks
            .iter()
            .flat_map(|b| b.parts.iter())
            .any(|q| q.floor && super::hit(area, &q.b))
    }

    /// Whether a person at a desk at this frame has a window in front or beside them.
    fn lit(&self, f: Frame<f64>, centre: Vec2<f64>) -> bool {
        self.daylight(-front(f.yaw), centre)
            .is_some_and(|a| a <= DAYLIGHT_ANGLE_MAX)
    }

    /// Degrees between a gaze from `centre` and the window nearest it in angle (as
    /// `desk_daylight` measures); none without windows.
    pub(super) fn daylight(&self, gaze: Vec2<f64>, centre: Vec2<f64>) -> Option<f64> {
        self.windows
            .iter()
            .map(|&(w, s0, s1)| {
                let wall = &self.room.walls[w];
                let d = wall.a + wall.t * (0.5 * (s0 + s1)) - centre;
                let cos = gaze.dot(d) / (gaze.len() * d.len()).max(1e-9);
                cos.clamp(-1.0, 1.0).acos().to_degrees()
            })
            .min_by(f64::total_cmp)
    }

    /// Places as many of a group as fit in rows; returns those left for one-by-one placing.
    pub(super) fn place_rows(&mut self, group: &[Thing]) -> Vec<Thing> {
        let Some(first) = group.first() else {
            return vec![];
        };
        let want = group.len();
        let gaze = if first.role == Role::Desk {
            self.desk_gaze(group)
        } else {
            None
        };
        // A desk's sitter looks towards its back: the front points against the gaze.
        let yaws: Vec<f64> = (0..4).map(|q| q as f64 * 0.5 * PI).collect();
        let preferred = |yaw: f64| gaze.is_none_or(|g| front(yaw).dot(-g) > 0.99);
        // Most of the group seated, then the preferred turn, then the most desks lit, then the
        // wider aisle (desks: with the cells each would take).
        let desks = first.role == Role::Desk && !self.windows.is_empty();
        let mut best: Option<(LatticeKey, Vec<Spot>)> = None;
        for aisle in [AISLE, WALKWAY_MIN + 0.1, WALKWAY_MIN + 0.05] {
            for &yaw in &yaws {
                for sx in 0..3 {
                    for sy in 0..3 {
                        let shift = [sx as f64 / 3.0, sy as f64 / 3.0];
                        let cells = self.lattice(first, yaw, aisle, shift);
                        let fits = cells.len().min(want);
                        // Of lattices that seat as many desks, the one whose chosen cells
                        // light the most (`desk_daylight`); those cells are kept.
                        let (lit, cells) = if desks {
                            let chosen = self.choose_cells(first, cells, want, gaze);
                            let lit = chosen
                                .iter()
                                .filter(|c| self.lit(c.frame, Self::centre(c)))
                                .count();
                            (lit, chosen)
                        } else {
                            (0, cells)
                        };
                        let key = (fits, preferred(yaw), lit, (aisle * 100.0).round() as i64);
                        if best.as_ref().is_none_or(|(k, _)| key > *k) {
                            best = Some((key, cells));
                        }
                    }
                }
            }
            if best
                .as_ref()
                .is_some_and(|((n, p, _, _), _)| *n == want && (*p || gaze.is_none()))
            {
                break;
            }
        }
        let Some(((fits, _, _, _), cells)) = best else {
            return group.to_vec();
        };
        if fits < ROW_GROUP_MIN.min(want) {
            return group.to_vec();
        }
        let chosen = if desks {
            cells
        } else {
            self.choose_cells(first, cells, want, gaze)
        };
        let mut left = Vec::new();
        let mut cells = chosen.into_iter();
        for t in group {
            let Some(spot) = cells.next() else {
                left.push(t.clone());
                continue;
            };
            self.middle_relations(t, &spot);
            self.take(t, spot);
        }
        left
    }

    /// The `want` cells the rules like best, in reading order of the rows.
    fn choose_cells(
        &self,
        t: &Thing,
        cells: Vec<Spot>,
        want: usize,
        gaze: Option<Vec2<f64>>,
    ) -> Vec<Spot> {
        let n = cells.len().max(1) as f64;
        let mid = cells
            .iter()
            .fold(Vec2::cst(0.0, 0.0), |s, c| s + Self::centre(c))
            * (1.0 / n);
        // Rows run across the gaze (or along x): whole rows first, nearest what they face (or
        // the middle), each filled with its lit cells (desks) and from its middle out.
        let across = gaze.unwrap_or(Vec2::cst(0.0, 1.0));
        let lateral = Vec2::cst(-across.y, across.x);
        let cm = |v: f64| (v * 100.0).round() as i64;
        let mut keyed: Vec<((i64, u8, i64), Spot)> = cells
            .into_iter()
            .map(|spot| {
                let c = Self::centre(&spot);
                let unlit =
                    t.role == Role::Desk && !self.windows.is_empty() && !self.lit(spot.frame, c);
                let row = match gaze {
                    Some(g) => -cm(c.dot(g)),
                    None => cm((c - mid).dot(across).abs()),
                };
                let side = cm((c - mid).dot(lateral).abs());
                ((row, u8::from(unlit), side), spot)
            })
            .collect();
        keyed.sort_by_key(|k| k.0);
        let mut out: Vec<Spot> = keyed.into_iter().take(want).map(|(_, s)| s).collect();
        out.sort_by(|a, b| {
            let (ca, cb) = (Self::centre(a), Self::centre(b));
            ca.y.total_cmp(&cb.y).then(ca.x.total_cmp(&cb.x))
        });
        out
    }
}
