//! Stages 3 and 4, offline, in the room: where each unit and independent object goes, and the
//! global relations that say so.
//!
//! A greedy packer over axis-aligned boxes. Each thing has a body (its footprint, or a unit's
//! joint box, with its height range) and a clear zone (the floor kept free in front of it and a
//! little at its sides). In order of importance — beds, wardrobes, the TV with the seating that
//! faces it, desks, storage, corners for plants, then free-standing groups (dining sets,
//! islands) in the middle, then things on walls, then things on top — each takes the best-scored
//! candidate pose where its body meets no other body or clear zone, and its clear zone no
//! body: slots along every wall (back against it), corners, a grid over the floor for
//! free-standing groups. Door swings are clear zones; windows are thin bodies at their sill
//! height, so tall furniture and pictures keep off them while desks fit under them. Things that
//! find no free place take the least bad one, and the imagine-and-revise loop reports them.
//!
//! The relations written are the ones the chosen poses satisfy exactly (against_wall or corner
//! plus a position along the wall; position and facing a wall in the middle; facing and
//! distance for the seating; on_wall; on_top_of), so the solver starts from a layout that
//! already holds.

use std::collections::BTreeMap;
use std::f64::consts::PI;

use relayout_core::geometry::{Aabb2, Footprint, Frame, RoomShape, Vec2, wrap_angle};
use relayout_core::relation::residual::blocks_floor;
use relayout_core::relation::{FacingMode, Relation};
use relayout_core::scene::{OpeningKind, Scene};

use super::knowledge::{
    Role, beside_sink, front_clear, front_clear_of, in_kitchen, is_sink, role_of, wall_height,
};
use super::local_layout::round;
use super::wishes::{Placed, Wishes};
use crate::answer::{Decomposition, MapPose};
use crate::backend::UnitExtent;

mod access;
mod kitchen;
mod make_room;
mod polish;
mod rows;
mod screen;

/// Knobs a revision turns.
#[derive(Clone, Debug, Default)]
pub struct PlanOptions {
    /// Extra metres added to every clear zone.
    pub margin_boost: f64,
    /// Units or objects to place before the rest (those in conflict last time).
    pub first: Vec<String>,
}

/// The global map and the relations it satisfies.
#[derive(Clone, Debug, Default)]
pub struct RoomPlan {
    /// Units (their anchors' poses) and independent objects, in the room frame.
    pub poses: Vec<MapPose>,
    /// The global relations.
    pub relations: Vec<Relation>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// Back against a wall.
    Wall,
    /// Back against a wall, at a corner if one is free.
    Corner,
    /// Free in the room, clear all round.
    Middle,
    /// Faces the TV (stand) from across the room.
    FaceTv,
    /// Hung on a wall.
    OnWall,
    /// On top of another object.
    OnTop,
}

#[derive(Clone, Debug)]
struct Thing {
    id: String,
    role: Role,
    kind: Kind,
    /// Body box in its own frame `[x0, y0, x1, y1]` (a unit's joint box).
    local: [f64; 4],
    /// Bottom and top, metres.
    z: [f64; 2],
    /// The objects making up the body, in its own frame (one for an object; a unit's members).
    parts: Vec<Part>,
    front_clear: f64,
    /// Floor kept free at each side, metres.
    side_clear: f64,
    priority: i32,
    /// Its objects: index, frame in the thing's frame, bottom height.
    members: Vec<(usize, Frame<f64>, f64)>,
}

impl Thing {
    fn member_ids(&self) -> Vec<usize> {
        self.members.iter().map(|m| m.0).collect()
    }
}

/// One object's box and height range.
#[derive(Clone, Copy, Debug)]
struct Part {
    b: [f64; 4],
    z: [f64; 2],
    /// Whether it takes floor a person needs (low and solid; a window or a TV on the wall does not).
    floor: bool,
}

impl Part {
    fn new(b: [f64; 4], z: [f64; 2]) -> Self {
        Part {
            b,
            z,
            floor: z[0] < 0.9 && z[1] - z[0] > 0.02,
        }
    }
}

#[derive(Clone, Debug)]
struct Block {
    parts: Vec<Part>,
    clear: Option<[f64; 4]>,
    /// A door swing: anything that blocks a walker (DESIGN's rule) keeps out.
    door: bool,
    /// The thing that takes it (none for the room's own: doors, windows, kept-clear floor).
    owner: Option<String>,
}

impl Block {
    /// Whether parts (world boxes) or a clear zone meet this block: body into body where their
    /// heights overlap, a floor part into the other's clear zone (or, at a door's swing,
    /// whatever blocks a walker).
    fn meets(&self, parts: &[Part], clear: &[f64; 4]) -> bool {
        for q in &self.parts {
            for p in parts {
                let oz = p.z[1].min(q.z[1]) - p.z[0].max(q.z[0]);
                if oz > 0.01 && hit(&p.b, &q.b) {
                    return true;
                }
            }
            if q.floor && hit(clear, &q.b) {
                return true;
            }
        }
        if let Some(oc) = &self.clear {
            for p in parts {
                let blocks = if self.door {
                    blocks_floor(p.z[0], p.z[1] - p.z[0])
                } else {
                    p.floor
                };
                if blocks && hit(&p.b, oc) {
                    return true;
                }
            }
        }
        false
    }
}

#[derive(Clone, Debug)]
struct Spot {
    frame: Frame<f64>,
    wall: Option<usize>,
    /// Along the wall: where the box centre is, and whether it touches the wall's start or end.
    at_end: Option<bool>,
    body: [f64; 4],
    parts: Vec<Part>,
    clear: [f64; 4],
    score: f64,
}

/// Whether two boxes `[min_x, min_y, max_x, max_y]` overlap by more than a micrometre (boxes
/// placed flush against each other do not).
fn hit(a: &[f64; 4], b: &[f64; 4]) -> bool {
    Aabb2::from_array(*a).overlaps_by(&Aabb2::from_array(*b), 1e-6)
}

/// World AABB of a local box under a frame.
fn world_box(f: Frame<f64>, b: [f64; 4]) -> [f64; 4] {
    let fp = Footprint::new(
        f,
        Vec2::cst(0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3])),
        [b[2] - b[0], b[3] - b[1]],
    );
    fp.aabb().to_array()
}

#[derive(Clone)]
struct Planner<'s> {
    scene: &'s Scene,
    wishes: Wishes,
    /// Objects placed so far, in the room frame.
    placed_objects: Placed,
    room: RoomShape,
    blocks: Vec<Block>,
    windows: Vec<(usize, f64, f64)>,
    doors: Vec<(usize, f64, f64)>,
    boost: f64,
    poses: Vec<MapPose>,
    relations: Vec<Relation>,
    placed: Vec<(String, Spot, Thing)>,
    /// Objects that rows of desks will face (their wall is chosen for the rows' daylight).
    focal: Vec<usize>,
    /// Which objects belong to the kitchen's run.
    kitchen: Vec<bool>,
    /// Which objects are sinks, and which belong beside one (dishwashers).
    sinks: Vec<bool>,
    beside_sink: Vec<bool>,
    /// The work triangle's corners ([`relayout_core::rules::triangle_pieces`]).
    triangle: Vec<usize>,
    /// The wall the designer put each object against, where they did.
    wall_wish: Vec<Option<usize>>,
    /// The things holding the work triangle's corners, by their priority.
    triangle_things: Vec<Thing>,
    /// How many more pieces may be given room by moving another (`make_room`).
    rooms_left: usize,
    /// Each object's role.
    roles: Vec<Role>,
    /// The design rules' reading of the scene (for the walkways the access pass keeps).
    rules: relayout_core::rules::SceneRules,
}

/// Floor kept free beside each of several beds' units, metres: a walkway a little over the
/// rules' 0.6 m.
const BED_SIDE_CLEAR: f64 = 0.65;

fn long_wall_bonus(len: f64) -> f64 {
    -0.3 * len
}

impl<'s> Planner<'s> {
    fn new(scene: &'s Scene, boost: f64) -> Self {
        let room = RoomShape::new(&scene.room);
        let mut blocks = Vec::new();
        for swing in &room.door_swings {
            blocks.push(Block {
                parts: vec![],
                clear: Some(swing.aabb().grown(0.05).to_array()),
                door: true,
                owner: None,
            });
        }
        // Floor the designer keeps clear is kept like a door's swing.
        for r in &scene.relations {
            if let Relation::KeepClear { area } = r {
                blocks.push(Block {
                    parts: vec![],
                    clear: Some(*area),
                    door: true,
                    owner: None,
                });
            }
        }
        let mut windows = Vec::new();
        let mut doors = Vec::new();
        for o in &scene.room.openings {
            let (Some(w), Some((a, b))) = (
                room.wall_index(&o.wall),
                room.opening_segment(&o.wall, o.offset, o.width),
            ) else {
                continue;
            };
            let wall = &room.walls[w];
            let (s0, s1) = {
                let p = (a - wall.a).dot(wall.t);
                let q = (b - wall.a).dot(wall.t);
                (p.min(q), p.max(q))
            };
            match o.kind {
                OpeningKind::Window => {
                    windows.push((w, s0, s1));
                    let inner = [a, b, a + wall.n * 0.05, b + wall.n * 0.05];
                    let bx = [
                        inner.iter().map(|p| p.x).fold(f64::MAX, f64::min),
                        inner.iter().map(|p| p.y).fold(f64::MAX, f64::min),
                        inner.iter().map(|p| p.x).fold(f64::MIN, f64::max),
                        inner.iter().map(|p| p.y).fold(f64::MIN, f64::max),
                    ];
                    let sill = o.sill.unwrap_or(0.9);
                    let h = o.height.unwrap_or(1.2);
                    blocks.push(Block {
                        parts: vec![Part {
                            b: bx,
                            z: [sill, sill + h],
                            floor: false,
                        }],
                        clear: None,
                        door: false,
                        owner: None,
                    });
                }
                OpeningKind::Door => doors.push((w, s0, s1)),
            }
        }
        let wall_wish = {
            let mut w = vec![None; scene.objects.len()];
            for r in &scene.relations {
                if let Relation::AgainstWall { source, wall } = r
                    && let Some(i) = scene.object_index(source)
                {
                    w[i] = room.wall_index(wall);
                }
            }
            w
        };
        Planner {
            scene,
            wishes: Wishes::of(scene),
            placed_objects: Placed::new(),
            room,
            blocks,
            windows,
            doors,
            boost,
            poses: vec![],
            relations: vec![],
            placed: vec![],
            focal: vec![],
            kitchen: scene.objects.iter().map(in_kitchen).collect(),
            sinks: scene.objects.iter().map(is_sink).collect(),
            beside_sink: scene.objects.iter().map(beside_sink).collect(),
            triangle: relayout_core::rules::triangle_pieces(scene),
            wall_wish,
            triangle_things: vec![],
            rooms_left: make_room::ROOMS_MADE,
            roles: scene.objects.iter().map(role_of).collect(),
            rules: relayout_core::rules::SceneRules::new(scene),
        }
    }

    /// Whether parts (world boxes) and a clear zone fit with everything placed.
    fn free(&self, parts: &[Part], clear: &[f64; 4]) -> bool {
        self.blocks.iter().all(|b| !b.meets(parts, clear))
    }

    /// How much a body overlaps what is there (for the least bad fallback).
    fn overlap(&self, body: &[f64; 4]) -> f64 {
        self.blocks
            .iter()
            .flat_map(|b| b.parts.iter().map(|p| p.b).chain(b.clear))
            .map(|o| Aabb2::from_array(*body).overlap_area(&Aabb2::from_array(o)))
            .sum()
    }

    fn world_parts(t: &Thing, f: Frame<f64>) -> Vec<Part> {
        t.parts
            .iter()
            .map(|p| Part {
                b: world_box(f, p.b),
                ..*p
            })
            .collect()
    }

    fn inside(&self, f: Frame<f64>, local: [f64; 4]) -> bool {
        let fp = Footprint::new(
            f,
            Vec2::cst(0.5 * (local[0] + local[2]), 0.5 * (local[1] + local[3])),
            [local[2] - local[0], local[3] - local[1]],
        );
        self.room.contains_footprint(&fp, 0.001)
    }

    fn clear_box(&self, t: &Thing, all_round: f64) -> [f64; 4] {
        let side = t.side_clear + all_round + self.boost;
        let l = t.local;
        [
            l[0] - side,
            l[1] - all_round - if all_round > 0.0 { self.boost } else { 0.0 },
            l[2] + side,
            l[3] + t.front_clear + self.boost,
        ]
    }

    fn window_overlap(&self, w: usize, s0: f64, s1: f64) -> bool {
        self.windows
            .iter()
            .any(|&(ww, a, b)| ww == w && s0 < b && a < s1)
    }

    fn door_on(&self, w: usize) -> bool {
        self.doors.iter().any(|&(ww, _, _)| ww == w)
    }

    /// Every free slot along the walls, scored for this thing.
    fn wall_spots(&self, t: &Thing) -> Vec<Spot> {
        self.wall_spots_where(t, &|_| true)
    }

    /// Wall slots at frames `keep` accepts (tested before the costlier free-floor check).
    fn wall_spots_where(&self, t: &Thing, keep: &dyn Fn(Frame<f64>) -> bool) -> Vec<Spot> {
        let mut out = Vec::new();
        let width = t.local[2] - t.local[0];
        let xb = 0.5 * (t.local[0] + t.local[2]);
        let clear_local = self.clear_box(t, 0.0);
        for (wi, w) in self.room.walls.iter().enumerate() {
            let half = 0.5 * width;
            if w.len < width + 1e-6 {
                continue;
            }
            let yaw = w.inward_yaw();
            let u = Vec2::cst(w.n.y, -w.n.x);
            let steps = ((w.len - width) / 0.05).floor() as usize;
            for k in 0..=steps + 1 {
                let s = if k > steps {
                    w.len - half
                } else {
                    half + 0.05 * k as f64
                };
                let back = w.a + w.t * s + w.n * 0.002;
                let p = back - u * xb - w.n * t.local[1];
                let f = Frame::new(p.x, p.y, yaw);
                let body = world_box(f, t.local);
                let clear = world_box(f, clear_local);
                if !keep(f) {
                    continue;
                }
                let parts = Self::world_parts(t, f);
                if !self.inside(f, t.local) || !self.free(&parts, &clear) {
                    continue;
                }
                let to_end = (s - half).min(w.len - half - s);
                let at_end = if s - half < 0.01 {
                    Some(false)
                } else if w.len - half - s < 0.01 {
                    Some(true)
                } else {
                    None
                };
                let score = self.wall_score(t, wi, s, to_end, width, w.len);
                out.push(Spot {
                    frame: f,
                    wall: Some(wi),
                    at_end,
                    body,
                    parts,
                    clear,
                    score,
                });
            }
        }
        out.sort_by(|a, b| a.score.total_cmp(&b.score));
        out
    }

    fn wall_score(&self, t: &Thing, w: usize, s: f64, to_end: f64, width: f64, len: f64) -> f64 {
        let door = f64::from(u8::from(self.door_on(w)));
        let tall = t.z[1] > 0.85;
        let window = f64::from(u8::from(self.window_overlap(
            w,
            s - 0.5 * width,
            s + 0.5 * width,
        )));
        let centre = (s - 0.5 * len).abs();
        let kitchen = self.kitchen_pull(t, w, s, width);
        // A long wall's middle, away from doors and windows: the sofa's, or a TV stand's.
        let screen_wall = 0.5 * centre + 3.0 * door + 2.0 * window + long_wall_bonus(len);
        kitchen
            + match t.role {
                Role::Bed => 0.5 * centre + 4.0 * door + window + long_wall_bonus(len),
                Role::TvStand => match (self.screen_at(), self.main_seat()) {
                    // Under the TV already hung.
                    (Some((tw, ts)), _) if tw == w => (s - ts).abs(),
                    (Some(_), _) => 10.0 + centre,
                    // Where the main seat views it best.
                    (None, Some(seat)) => {
                        let wall = &self.room.walls[w];
                        let at = wall.a + wall.t * s + wall.n * (0.5 * (t.local[3] - t.local[1]));
                        4.0 * self.view_cost(seat, at, wall.n, width) + 0.5 * door
                    }
                    (None, None) => screen_wall,
                },
                Role::Sofa => screen_wall,
                Role::Wardrobe => to_end + 3.0 * window + door,
                Role::Desk => {
                    let near_window = self
                        .windows
                        .iter()
                        .filter(|(ww, _, _)| *ww == w)
                        .map(|(_, a, b)| (s - 0.5 * (a + b)).abs())
                        .fold(f64::MAX, f64::min);
                    // Whoever sits at it faces the wall: a window behind them is the
                    // `desk_daylight` rule broken.
                    let wall = &self.room.walls[w];
                    let centre = wall.a + wall.t * s + wall.n * (0.5 * (t.local[3] - t.local[1]));
                    let behind = self.daylight(-wall.n, centre).map_or(0.0, |a| {
                        (a - relayout_core::rules::DAYLIGHT_ANGLE_MAX).max(0.0)
                    });
                    let lit = if behind > 0.0 {
                        4.0 + behind / 30.0
                    } else {
                        0.0
                    };
                    lit + if near_window < f64::MAX {
                        0.3 * near_window
                    } else {
                        2.0 + 0.3 * to_end
                    }
                }
                Role::Plant | Role::FloorLamp => 2.0 * to_end + window,
                _ => 0.5 * to_end + if tall { 3.0 * window } else { 0.0 } + 0.5 * door,
            }
    }

    /// Free poses on a grid over the floor, clear all round.
    fn middle_spots(&self, t: &Thing, all_round: f64) -> Vec<Spot> {
        self.middle_spots_where(t, all_round, &|_| true)
    }

    /// Middle spots at frames `keep` accepts (tested before the costlier free-floor check).
    fn middle_spots_where(
        &self,
        t: &Thing,
        all_round: f64,
        keep: &dyn Fn(Frame<f64>) -> bool,
    ) -> Vec<Spot> {
        let b = self.room.bounds();
        let (w, d) = (b[2] - b[0], b[3] - b[1]);
        let step = (w * d).sqrt().max(1.0) / 60.0;
        let step = step.max(0.1);
        let centre: Vec2<f64> = Vec2::cst(0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3]));
        let clear_local = self.clear_box(t, all_round);
        let long_x = (t.local[2] - t.local[0]) >= (t.local[3] - t.local[1]);
        let mut out = Vec::new();
        let nx = (w / step).floor() as usize;
        let ny = (d / step).floor() as usize;
        for q in 0..4 {
            let yaw = q as f64 * 0.5 * PI;
            // Long side along the room's long side reads best.
            let along_x = (q % 2 == 0) == long_x;
            let turn = if along_x == (w >= d) { 0.0 } else { 0.4 };
            for iy in 0..=ny {
                for ix in 0..=nx {
                    let p: Vec2<f64> = Vec2::cst(b[0] + ix as f64 * step, b[1] + iy as f64 * step);
                    // The body's centre goes to p.
                    let c: Vec2<f64> = Vec2::cst(
                        0.5 * (t.local[0] + t.local[2]),
                        0.5 * (t.local[1] + t.local[3]),
                    );
                    let f0 = Frame::new(0.0, 0.0, yaw);
                    let off = f0.apply(c);
                    let f = Frame::new(p.x - off.x, p.y - off.y, yaw);
                    let body = world_box(f, t.local);
                    let clear = world_box(f, clear_local);
                    // Free-standing: the floor kept clear round it is inside the room too (not a
                    // piece turned to face the wall it stands at).
                    if !keep(f) || !self.inside(f, clear_local) {
                        continue;
                    }
                    let parts = Self::world_parts(t, f);
                    if !self.free(&parts, &clear) {
                        continue;
                    }
                    let score = (p - centre).len() + turn + 0.01 * q as f64;
                    out.push(Spot::free_standing(f, body, parts, clear, score));
                }
            }
        }
        out.sort_by(|a, b| a.score.total_cmp(&b.score));
        out
    }

    /// The thing's objects at a frame.
    fn trying(t: &Thing, f: Frame<f64>) -> Placed {
        t.members
            .iter()
            .map(|&(i, local, z0)| (i, (f.compose(local), z0)))
            .collect()
    }

    /// How badly a frame for the thing breaks the designer's relations (`terms` from
    /// [`Wishes::relevant`]).
    fn wish_cost(&self, t: &Thing, terms: &[usize], f: Frame<f64>) -> f64 {
        self.wishes
            .cost(self.scene, terms, &Self::trying(t, f), &self.placed_objects)
    }

    /// Whether a frame for `t` keeps every one of the designer's relations on it, as the plan
    /// stands (those whose other objects are placed); always, for a thing they do not place.
    /// The repairs after the greedy pass move a named piece only where this holds: the bed
    /// "along the left wall" slides along it, out of the wardrobe's way.
    pub(super) fn keeps_wishes<'a>(&'a self, t: &'a Thing) -> impl Fn(Frame<f64>) -> bool + 'a {
        let named = self.wishes.touches(&t.member_ids());
        let terms = if named {
            self.wishes.relevant(&t.member_ids(), &self.placed_objects)
        } else {
            vec![]
        };
        move |f| terms.is_empty() || self.wish_cost(t, &terms, f) < 0.5
    }

    /// For a thing the designer's relations name: the free spot (along a wall, in the middle,
    /// or on a wall) that breaks them least, its own kind's spots preferred when they are as
    /// good. The planner's relations are written only when the spot keeps every wish; else
    /// the solver is left to the designer's.
    fn place_wished(&mut self, t: &Thing) -> bool {
        let terms = self.wishes.relevant(&t.member_ids(), &self.placed_objects);
        let native_wall = matches!(t.kind, Kind::Wall | Kind::Corner);
        // Its own kind's spots first; the other kind's only when none of those keeps every
        // wish (the middle's grid is the costly one).
        let kinds: &[u8] = match t.kind {
            Kind::OnWall => &[2],
            _ if native_wall => &[0, 1],
            _ => &[1, 0],
        };
        let mut best: Option<(f64, f64, Spot, u8)> = None;
        // First only the frames that keep every wish (their cost is cheap to tell, the free
        // floor is not); then, when none is free, every free one.
        let keeps = |f: Frame<f64>| self.wish_cost(t, &terms, f) < 0.5;
        let mut tries: Vec<(u8, bool)> = kinds.iter().map(|&k| (k, true)).collect();
        tries.extend(kinds.iter().map(|&k| (k, false)));
        for &(kind, strict) in &tries {
            let any = |_: Frame<f64>| true;
            let keep: &dyn Fn(Frame<f64>) -> bool = if strict && !terms.is_empty() {
                &keeps
            } else {
                &any
            };
            let spots = match kind {
                0 => self.wall_spots_where(t, keep),
                1 => self.middle_spots_where(t, 0.45, keep),
                _ => self.on_wall_spots(t),
            };
            let bias = if kind == kinds[0] { 0.0 } else { 3.0 };
            for s in spots {
                let cost = self.wish_cost(t, &terms, s.frame);
                let key = bias + 0.2 * s.score + 20.0 * cost;
                if best.as_ref().is_none_or(|b| key < b.0) {
                    best = Some((key, cost, s, kind));
                }
            }
            if best.as_ref().is_some_and(|b| b.1 < 0.5) {
                break;
            }
        }
        let Some((_, cost, spot, kind)) = best else {
            return false;
        };
        if cost < 0.5 {
            match kind {
                0 => self.wall_relations(t, &spot),
                2 => self.on_wall_relations(t, &spot),
                _ => self.middle_relations(t, &spot),
            }
        }
        self.take(t, spot);
        true
    }

    /// Where a free-standing thing stands and which way it is turned (a unit left free to
    /// turn can meet its other relations back to front).
    fn middle_relations(&mut self, t: &Thing, spot: &Spot) {
        let c = Self::centre(spot);
        self.relations.push(Relation::Position {
            source: t.id.clone(),
            x: Some(round(c.x)),
            y: Some(round(c.y)),
        });
        if let Some(w) = self.faced_wall(spot.frame) {
            self.relations.push(Relation::Facing {
                source: t.id.clone(),
                target: None,
                wall: Some(w),
                mode: FacingMode::Ortho,
                mutual: false,
            });
        }
    }

    fn take(&mut self, t: &Thing, spot: Spot) {
        for (i, f) in Self::trying(t, spot.frame) {
            self.placed_objects.insert(i, f);
        }
        self.blocks.push(Block {
            parts: spot.parts.clone(),
            clear: Some(spot.clear),
            door: false,
            owner: Some(t.id.clone()),
        });
        self.poses.push(MapPose {
            id: t.id.clone(),
            x: round(spot.frame.x),
            y: round(spot.frame.y),
            rz: round(wrap_angle(spot.frame.yaw).to_degrees()),
        });
        self.placed.push((t.id.clone(), spot, t.clone()));
    }

    /// The body centre in the room frame.
    fn centre(spot: &Spot) -> Vec2<f64> {
        Vec2::cst(
            0.5 * (spot.body[0] + spot.body[2]),
            0.5 * (spot.body[1] + spot.body[3]),
        )
    }

    /// `position` along a wall: the coordinate that varies along it.
    fn position_along(&self, id: &str, wall: usize, c: Vec2<f64>) -> Relation {
        let t = self.room.walls[wall].t;
        let (x, y) = if t.x.abs() > 0.99 {
            (Some(round(c.x)), None)
        } else if t.y.abs() > 0.99 {
            (None, Some(round(c.y)))
        } else {
            (Some(round(c.x)), Some(round(c.y)))
        };
        Relation::Position {
            source: id.to_owned(),
            x,
            y,
        }
    }

    fn wall_relations(&mut self, t: &Thing, spot: &Spot) {
        let Some(w) = spot.wall else { return };
        let wall = self.room.walls[w].name.clone();
        let cornerable = matches!(
            t.role,
            Role::Wardrobe | Role::Plant | Role::FloorLamp | Role::Storage | Role::Appliance
        );
        let n = self.room.vertices.len();
        // The vertex at the end it touches, when that is a corner (an inner corner, where the
        // wall ends into the room, holds nothing).
        let vertex = spot
            .at_end
            .map(|end| if end { (w + 1) % n } else { w })
            .filter(|v| !self.room.reflex.contains(v));
        match (vertex, cornerable) {
            (Some(v), true) => {
                let corner = corner_name(&self.room, v);
                self.relations.push(Relation::Corner {
                    source: t.id.clone(),
                    corner,
                    wall,
                });
            }
            _ => {
                self.relations.push(Relation::AgainstWall {
                    source: t.id.clone(),
                    wall,
                });
                let r = self.position_along(&t.id, w, Self::centre(spot));
                self.relations.push(r);
            }
        }
        if t.role == Role::Wardrobe {
            self.relations.push(Relation::ClearFront {
                source: t.id.clone(),
                depth: 0.6,
            });
        }
    }

    /// The wall a frame's front faces squarely, if any.
    fn faced_wall(&self, f: Frame<f64>) -> Option<String> {
        let front = relayout_core::geometry::front(f.yaw);
        self.room
            .walls
            .iter()
            .find(|w| front.dot(-w.n) > 0.999)
            .map(|w| w.name.clone())
    }

    /// The spot to take of `spots` (best first): the first, unless the designer asked a member
    /// of a unit to turn towards something placed ("stools facing the sink"), which only the
    /// unit's place and turn can give: then the best that keeps those wishes, the first when
    /// none does.
    fn pick(&self, t: &Thing, spots: Vec<Spot>) -> Option<Spot> {
        if let Some(k) = self.open_kitchen(t, &spots) {
            return spots.into_iter().nth(k);
        }
        if t.members.len() < 2 {
            return spots.into_iter().next();
        }
        let terms = self.wishes.relevant(&t.member_ids(), &self.placed_objects);
        if terms.is_empty() {
            return spots.into_iter().next();
        }
        let mut best: Option<(f64, Spot)> = None;
        for s in spots {
            let key = 0.2 * s.score + 20.0 * self.wish_cost(t, &terms, s.frame);
            if best.as_ref().is_none_or(|b| key < b.0) {
                best = Some((key, s));
            }
        }
        best.map(|(_, s)| s)
    }

    /// Against a wall, its front kept clear; when no wall has room for that, with less of its
    /// front kept (a piece against a wall with a shallow front reads better than one left in
    /// the middle of the room, turned anyhow).
    fn place_wall(&mut self, t: &Thing) -> bool {
        for keep in [1.0, 0.6, 0.0] {
            let mut relaxed = t.clone();
            relaxed.front_clear *= keep;
            let spots = self.wall_spots(&relaxed);
            if let Some(spot) = self.pick(t, spots) {
                self.wall_relations(t, &spot);
                self.take(t, spot);
                return true;
            }
        }
        false
    }

    fn place_middle(&mut self, t: &Thing) -> bool {
        for all_round in [0.75, 0.6, 0.45] {
            let spots = self.middle_spots(t, all_round);
            if let Some(spot) = self.pick(t, spots) {
                self.middle_relations(t, &spot);
                self.take(t, spot);
                return true;
            }
        }
        false
    }

    /// The least bad pose: the room's middle, overlapping as little as possible.
    fn place_anyway(&mut self, t: &Thing) {
        let b = self.room.bounds();
        let mut best: Option<(f64, Spot)> = None;
        for q in 0..4 {
            let yaw = q as f64 * 0.5 * PI;
            for iy in 0..=20 {
                for ix in 0..=20 {
                    let p = Vec2::cst(
                        b[0] + (b[2] - b[0]) * ix as f64 / 20.0,
                        b[1] + (b[3] - b[1]) * iy as f64 / 20.0,
                    );
                    let f = Frame::new(p.x, p.y, yaw);
                    if !self.inside(f, t.local) {
                        continue;
                    }
                    let body = world_box(f, t.local);
                    // Overlap first; a front against a wall counts as a square metre of it.
                    let ahead = f.apply(Vec2::cst(0.0, t.local[3] + 0.3));
                    let walled = !self.room.contains_point(ahead);
                    let bad = self.overlap(&body) + f64::from(u8::from(walled));
                    if best.as_ref().is_none_or(|(v, _)| bad < *v) {
                        best = Some((
                            bad,
                            Spot::free_standing(f, body, Self::world_parts(t, f), body, bad),
                        ));
                    }
                }
            }
        }
        let spot = best.map(|(_, s)| s).unwrap_or_else(|| {
            let f = Frame::new(0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3]), 0.0);
            let body = world_box(f, t.local);
            Spot::free_standing(f, body, Self::world_parts(t, f), body, 0.0)
        });
        self.take(t, spot);
    }

    fn on_wall_spots(&self, t: &Thing) -> Vec<Spot> {
        let mut out = Vec::new();
        // A TV goes above its stand, a hood above the hob: the wall of what it goes above and
        // its place along it.
        let hob = |x: &Thing| {
            x.members.iter().any(|m| {
                relayout_core::rules::roles::role(&self.scene.objects[m.0])
                    == Some(relayout_core::rules::roles::Role::Hob)
            })
        };
        let stand = self
            .placed
            .iter()
            .find(|(_, _, x)| match t.role {
                Role::Hood => hob(x),
                _ => x.role == Role::TvStand,
            })
            .and_then(|(_, spot, _)| {
                let w = spot.wall?;
                let wall = &self.room.walls[w];
                Some((w, (Self::centre(spot) - wall.a).dot(wall.t)))
            });
        let seat = self.main_seat();
        let width = t.local[2] - t.local[0];
        for (wi, w) in self.room.walls.iter().enumerate() {
            if w.len < width + 1e-6 {
                continue;
            }
            let yaw = w.inward_yaw();
            let u = Vec2::cst(w.n.y, -w.n.x);
            let steps = ((w.len - width) / 0.05).floor() as usize;
            for k in 0..=steps {
                let s = 0.5 * width + 0.05 * k as f64;
                let back = w.a + w.t * s + w.n * 0.002;
                let p = back - u * (0.5 * (t.local[0] + t.local[2])) - w.n * t.local[1];
                let f = Frame::new(p.x, p.y, yaw);
                let body = world_box(f, t.local);
                let parts = Self::world_parts(t, f);
                // Hung things keep clear of doors and of each other, not of the floor in front.
                let no_clear = [body[0], body[1], body[0], body[1]];
                if !self.inside(f, t.local) || !self.free(&parts, &no_clear) {
                    continue;
                }
                let door = f64::from(u8::from(self.door_on(wi)));
                let centre = (s - 0.5 * w.len).abs();
                let score = match (t.role, stand) {
                    (Role::Tv | Role::Hood, Some((sw, ss))) => {
                        if sw == wi {
                            (s - ss).abs()
                        } else {
                            10.0 + centre
                        }
                    }
                    (Role::Tv, None) => match seat {
                        // Where the main seat views it best.
                        Some(seat) => {
                            4.0 * self.view_cost(seat, w.a + w.t * s, w.n, width) + 0.5 * door
                        }
                        None => 0.5 * centre + 3.0 * door + long_wall_bonus(w.len),
                    },
                    _ => {
                        let focal = if t.members.iter().any(|m| self.focal.contains(&m.0)) {
                            self.focal_wall_cost(wi)
                        } else {
                            0.0
                        };
                        0.3 * centre + 2.0 * door + long_wall_bonus(w.len) * 0.5 + focal
                    }
                };
                out.push(Spot {
                    frame: f,
                    wall: Some(wi),
                    at_end: None,
                    body,
                    parts,
                    clear: no_clear,
                    score,
                });
            }
        }
        out.sort_by(|a, b| a.score.total_cmp(&b.score));
        out
    }

    fn on_wall_relations(&mut self, t: &Thing, spot: &Spot) {
        let Some(w) = spot.wall else { return };
        self.relations.push(Relation::OnWall {
            source: t.id.clone(),
            wall: self.room.walls[w].name.clone(),
            height: round(t.z[0]),
        });
        let r = self.position_along(&t.id, w, Self::centre(spot));
        self.relations.push(r);
    }

    fn place_on_wall(&mut self, t: &Thing) -> bool {
        let Some(spot) = self.on_wall_spots(t).into_iter().next() else {
            return false;
        };
        self.on_wall_relations(t, &spot);
        self.take(t, spot);
        true
    }
}

impl Spot {
    /// A spot off the walls.
    fn free_standing(
        frame: Frame<f64>,
        body: [f64; 4],
        parts: Vec<Part>,
        clear: [f64; 4],
        score: f64,
    ) -> Self {
        Spot {
            frame,
            wall: None,
            at_end: None,
            body,
            parts,
            clear,
            score,
        }
    }

    /// The body's depth along a direction (axis-aligned).
    fn body_depth(&self, n: Vec2<f64>) -> f64 {
        (self.body[2] - self.body[0]) * n.x.abs() + (self.body[3] - self.body[1]) * n.y.abs()
    }
}

/// A unit's members as parts in the anchor's frame: floor things from the floor, things on top
/// from the top of what they stand on.
fn unit_parts(scene: &Scene, u: &crate::answer::UnitPlan, map: &[MapPose]) -> Vec<Part> {
    let frames = crate::cognitive_map::local_frames(u, map);
    let boxes: Vec<(usize, [f64; 4])> = frames
        .iter()
        .filter_map(|(id, f)| {
            let i = scene.object_index(id)?;
            let s = scene.objects[i].size;
            Some((
                i,
                world_box(*f, [-0.5 * s[0], -0.5 * s[1], 0.5 * s[0], 0.5 * s[1]]),
            ))
        })
        .collect();
    boxes
        .iter()
        .map(|&(i, b)| {
            let o = &scene.objects[i];
            let z0 = if o.support == relayout_core::scene::Support::Floor {
                0.0
            } else {
                let c = [0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3])];
                boxes
                    .iter()
                    .filter(|&&(j, q)| {
                        j != i && q[0] <= c[0] && c[0] <= q[2] && q[1] <= c[1] && c[1] <= q[3]
                    })
                    .map(|&(j, _)| scene.objects[j].size[2])
                    .fold(0.0, f64::max)
            };
            Part::new(b, [z0, z0 + o.size[2]])
        })
        .collect()
}

fn corner_name(room: &RoomShape, vertex: usize) -> String {
    if room.rectangle {
        ["BL", "BR", "TR", "TL"][vertex % 4].to_owned()
    } else {
        format!("c{vertex}")
    }
}

/// Most plans made again, with the pieces the last left cut off from the door placed first.
const REPLANS: usize = 2;

/// How good a plan came out: the designer's relations it breaks (the solver would then move
/// what they name, away from the plan), how many things hold a piece no walkway reaches, and,
/// when some do, the design rules held and their mean score (a plan that cuts nothing off is
/// never planned again, nor compared on its rules).
struct Outcome {
    broken: usize,
    /// The things holding a piece a broken relation names, or a piece cut off.
    at_fault: Vec<String>,
    cut_off: usize,
    rules: Option<(usize, f64)>,
}

impl Outcome {
    /// Breaks no more of the designer's relations, and cuts off fewer pieces or holds more
    /// rules.
    fn better_than(&self, o: &Outcome) -> bool {
        let (held, score) = self.rules.unwrap_or((usize::MAX, 1.0));
        let (o_held, o_score) = o.rules.unwrap_or((usize::MAX, 1.0));
        let key = |cut: usize, held: usize| (std::cmp::Reverse(cut), held);
        let (mine, theirs) = (key(self.cut_off, held), key(o.cut_off, o_held));
        self.broken <= o.broken && (mine > theirs || (mine == theirs && score > o_score + 1e-9))
    }
}

/// Plans the room for a decomposition whose units have these joint boxes. When a piece ends
/// cut off from the door, the room is planned again with the things holding such pieces placed
/// first (a greedy pass gives the first things the best places; a bunk bed placed before the
/// desk can leave the desk's chair no way out), [`REPLANS`] times at most; the plan that cuts
/// off fewest, then holds the most rules, is kept.
pub fn plan_room(
    scene: &Scene,
    d: &Decomposition,
    extents: &[UnitExtent],
    local_maps: &BTreeMap<String, Vec<MapPose>>,
    opts: &PlanOptions,
) -> RoomPlan {
    let (mut best, mut outcome) = plan_once(scene, d, extents, local_maps, opts);
    let mut first = opts.first.clone();
    for _ in 0..REPLANS {
        let more: Vec<String> = outcome
            .at_fault
            .iter()
            .filter(|id| !first.contains(id))
            .cloned()
            .collect();
        if outcome.cut_off == 0 || more.is_empty() {
            break;
        }
        first.extend(more);
        let o = PlanOptions {
            first: first.clone(),
            ..opts.clone()
        };
        let (plan, q) = plan_once(scene, d, extents, local_maps, &o);
        if q.better_than(&outcome) {
            best = plan;
            outcome = q;
        }
    }
    best
}

fn plan_once(
    scene: &Scene,
    d: &Decomposition,
    extents: &[UnitExtent],
    local_maps: &BTreeMap<String, Vec<MapPose>>,
    opts: &PlanOptions,
) -> (RoomPlan, Outcome) {
    let role_of_id = |id: &str| {
        scene
            .object_index(id)
            .map_or(Role::Other, |i| role_of(&scene.objects[i]))
    };
    let tv_stand = d
        .independent
        .iter()
        .find(|id| role_of_id(id) == Role::TvStand)
        .cloned();
    let tv = d
        .independent
        .iter()
        .find(|id| role_of_id(id) == Role::Tv)
        .cloned();
    let beds = d
        .units
        .iter()
        .filter(|u| role_of_id(&u.anchor) == Role::Bed)
        .count();
    let mut things: Vec<Thing> = Vec::new();
    for u in &d.units {
        let Some(e) = extents.iter().find(|e| e.id == u.id) else {
            continue;
        };
        let role = role_of_id(&u.anchor);
        let top = u
            .objects()
            .filter_map(|id| scene.object_index(id))
            .map(|i| scene.objects[i].size[2])
            .fold(0.0, f64::max);
        let (kind, priority) = match role {
            Role::Bed => (Kind::Wall, 0),
            Role::Desk => (Kind::Wall, 30),
            Role::CoffeeTable | Role::Sofa if tv_stand.is_some() || tv.is_some() => {
                (Kind::FaceTv, 20)
            }
            Role::Sofa => (Kind::Wall, 25),
            _ => (Kind::Middle, 80),
        };
        let empty = Vec::new();
        let parts = unit_parts(scene, u, local_maps.get(&u.id).unwrap_or(&empty));
        things.push(Thing {
            id: u.id.clone(),
            role: if role == Role::CoffeeTable {
                Role::Sofa
            } else {
                role
            },
            kind,
            local: [
                e.offset[0] - 0.5 * e.size[0],
                e.offset[1] - 0.5 * e.size[1],
                e.offset[0] + 0.5 * e.size[0],
                e.offset[1] + 0.5 * e.size[1],
            ],
            z: [0.0, top],
            parts,
            members: crate::cognitive_map::local_frames(u, local_maps.get(&u.id).unwrap_or(&empty))
                .into_iter()
                .filter_map(|(id, f)| Some((scene.object_index(&id)?, f, 0.0)))
                .collect(),
            front_clear: front_clear(role) + if role == Role::Desk { 0.1 } else { 0.0 },
            // A desk's own front is reached beside its chair: half a metre between desks.
            side_clear: match role {
                Role::Desk => 0.5,
                // Beds side by side (a dormitory) keep a walkway between them, to the
                // nightstands' fronts and along the beds.
                Role::Bed if beds > 1 => BED_SIDE_CLEAR,
                _ => 0.05,
            },
            priority,
        });
    }
    for id in &d.independent {
        let Some(i) = scene.object_index(id) else {
            continue;
        };
        let o = &scene.objects[i];
        let role = role_of(o);
        let (kind, priority) = match role {
            Role::Wardrobe => (Kind::Corner, 10),
            Role::TvStand => (Kind::Wall, 19),
            Role::Tv if tv_stand.is_none() => (Kind::OnWall, 19),
            Role::Tv | Role::WallDecor | Role::Hood => (Kind::OnWall, 90),
            Role::Plant | Role::FloorLamp => (Kind::Corner, 60),
            Role::TableLamp => (Kind::OnTop, 100),
            Role::DiningTable | Role::Island | Role::Rug | Role::CoffeeTable => (Kind::Middle, 80),
            Role::Storage => (Kind::Wall, 40 - (o.size[0] * 5.0) as i32),
            _ => (Kind::Wall, 50),
        };
        let z0 = if kind == Kind::OnWall {
            wall_height(role, o.size[2], scene.room.height)
        } else {
            0.0
        };
        let local = [
            -0.5 * o.size[0],
            -0.5 * o.size[1],
            0.5 * o.size[0],
            0.5 * o.size[1],
        ];
        things.push(Thing {
            id: id.clone(),
            role,
            kind,
            local,
            z: [z0, z0 + o.size[2]],
            parts: vec![Part::new(local, [z0, z0 + o.size[2]])],
            members: vec![(i, Frame::new(0.0, 0.0, 0.0), z0)],
            front_clear: front_clear_of(o, role),
            // A kitchen's pieces stand flush, one worktop along the run.
            side_clear: if in_kitchen(o) { 0.0 } else { 0.05 },
            priority,
        });
    }
    let mut p = Planner::new(scene, opts.margin_boost);
    let mut focal = Vec::new();
    let groups = row_groups(scene, &mut things, &p.wishes, &mut focal);
    p.focal = focal;
    for t in &mut things {
        // The work triangle's corners go before the rest of the kitchen (the counters fill in
        // around them), within reach of each other.
        if matches!(t.kind, Kind::Wall | Kind::Corner)
            && t.members.iter().any(|m| p.triangle.contains(&m.0))
        {
            t.priority = t.priority.min(31);
        } else if matches!(t.kind, Kind::Wall | Kind::Corner)
            && t.members.iter().any(|m| p.beside_sink[m.0])
        {
            t.priority = t.priority.min(32);
        }
        if opts.first.contains(&t.id) {
            t.priority -= 1000;
        }
    }
    things.sort_by_key(|t| t.priority);
    p.triangle_things = things
        .iter()
        .filter(|t| {
            matches!(t.kind, Kind::Wall | Kind::Corner)
                && t.members.iter().any(|m| p.triangle.contains(&m.0))
        })
        .cloned()
        .collect();
    order_for_wishes(&mut things, &p.wishes);
    let seating = things.iter().find(|t| t.kind == Kind::FaceTv).cloned();
    let screen_id = tv_stand.clone().or(tv.clone());
    let mut done: Vec<String> = Vec::new();
    let mut rows_done = vec![false; groups.len()];
    for t in things.clone() {
        if done.contains(&t.id) {
            continue;
        }
        if let Some(k) = (0..groups.len()).find(|&k| !rows_done[k] && groups[k].contains(&t.id)) {
            rows_done[k] = true;
            let g = &groups[k];
            let members: Vec<Thing> = g
                .iter()
                .filter_map(|id| things.iter().find(|x| x.id == *id).cloned())
                .collect();
            let left = p.place_rows(&members);
            for m in &members {
                if !left.iter().any(|l| l.id == m.id) {
                    done.push(m.id.clone());
                }
            }
            if !left.iter().any(|l| l.id == t.id) {
                continue;
            }
        }
        if t.kind != Kind::OnTop && p.wishes.touches(&t.member_ids()) {
            if !p.place_wished(&t) {
                p.place_anyway(&t);
            }
            done.push(t.id.clone());
            continue;
        }
        let is_screen = screen_id.as_deref() == Some(t.id.as_str());
        if let (true, Some(s)) = (is_screen || t.kind == Kind::FaceTv, &seating)
            && let Some(screen) = things.iter().find(|x| Some(&x.id) == screen_id.as_ref())
            && !done.contains(&screen.id)
            && !done.contains(&s.id)
            && !p.wishes.touches(&screen.member_ids())
            && !p.wishes.touches(&s.member_ids())
        {
            let screen = screen.clone();
            if p.place_tv_and_seating(&screen, s) {
                done.push(screen.id.clone());
                done.push(s.id.clone());
                continue;
            }
            // The two do not fit facing each other across the floor: the seating first, where
            // it fits; the screen then goes where the seating views it best.
            if is_screen {
                if !(p.place_middle(s) || p.place_wall(s)) {
                    p.place_anyway(s);
                }
                done.push(s.id.clone());
            }
        }
        let ok = match t.kind {
            Kind::OnWall => p.place_on_wall(&t),
            Kind::OnTop => {
                place_on_top(&mut p, scene, d, &t);
                true
            }
            _ => p.place_kind(&t),
        };
        let in_rows: Vec<String> = groups.iter().flatten().cloned().collect();
        if !ok && !p.make_room(&t, &in_rows) {
            p.place_anyway(&t);
        }
        done.push(t.id.clone());
    }
    // The pieces the designer's relations place move too, only where they keep them
    // ([`Planner::keeps_wishes`]).
    let movable: Vec<Thing> = things
        .iter()
        .filter(|t| {
            matches!(
                t.kind,
                Kind::Wall | Kind::Corner | Kind::Middle | Kind::FaceTv
            )
                // Seating turned to its screen, and the screen, stay (moved alone, one would
                // face away from the other).
                && !p.faces_screen(&t.id)
                && !groups.iter().any(|g| g.contains(&t.id))
        })
        .cloned()
        .collect();
    p.repair_access(&movable);
    p.polish(&movable);
    let cut = p.cut_off();
    let (unkept, broken) = p.wishes.broken(scene, &p.placed_objects);
    let holding = |objects: &[usize]| -> Vec<String> {
        things
            .iter()
            .filter(|t| t.members.iter().any(|m| objects.contains(&m.0)))
            .map(|t| t.id.clone())
            .collect()
    };
    let cut_off = holding(&cut);
    let mut at_fault = holding(&unkept);
    for id in &cut_off {
        if !at_fault.contains(id) {
            at_fault.push(id.clone());
        }
    }
    let rules = (!cut.is_empty()).then(|| {
        let report = p.design_report();
        (report.held_of_applicable().0, report.score.unwrap_or(1.0))
    });
    let outcome = Outcome {
        broken,
        at_fault,
        cut_off: cut_off.len(),
        rules,
    };
    let plan = RoomPlan {
        poses: p.poses,
        relations: p.relations,
    };
    (plan, outcome)
}

/// Repeated things (three or more alike, none named by the designer's relations) that go in
/// rows, each group's ids in order; their priority becomes the rows'.
fn row_groups(
    scene: &Scene,
    things: &mut [Thing],
    wishes: &Wishes,
    focal: &mut Vec<usize>,
) -> Vec<Vec<String>> {
    let mut groups: Vec<(rows::RowKey, Vec<String>)> = Vec::new();
    for t in things.iter() {
        if !rows::rows_role(t.role) || wishes.touches(&t.member_ids()) {
            continue;
        }
        let key = rows::row_key(t);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, ids)) => ids.push(t.id.clone()),
            None => groups.push((key, vec![t.id.clone()])),
        }
    }
    groups.retain(|(_, ids)| ids.len() >= rows::ROW_GROUP_MIN);
    // What the rows' pieces are to face goes up just before them, so they can turn to it.
    let in_rows: Vec<usize> = things
        .iter()
        .filter(|t| groups.iter().any(|(_, ids)| ids.contains(&t.id)))
        .flat_map(|t| t.member_ids())
        .collect();
    let faced: Vec<usize> = scene
        .relations
        .iter()
        .filter_map(|r| match r {
            Relation::Facing {
                source,
                target: Some(target),
                ..
            } if scene
                .object_index(source)
                .is_some_and(|i| in_rows.contains(&i)) =>
            {
                scene.object_index(target)
            }
            _ => None,
        })
        .collect();
    focal.extend(&faced);
    for t in things.iter_mut() {
        if groups.iter().any(|(_, ids)| ids.contains(&t.id)) {
            t.priority = rows::ROW_PRIORITY;
        } else if t.members.iter().any(|m| faced.contains(&m.0)) {
            t.priority = t.priority.min(rows::ROW_PRIORITY - 1);
        }
    }
    groups.into_iter().map(|(_, ids)| ids).collect()
}

/// Things the designer's relations name go first, after the things those relations refer to.
fn order_for_wishes(things: &mut Vec<Thing>, wishes: &Wishes) {
    // A unit whose member is asked to turn towards something comes after it too: its place
    // and turn are chosen to give that ([`Planner::pick`]).
    let wished: Vec<bool> = things
        .iter()
        .map(|t| {
            let m = t.member_ids();
            wishes.touches(&m) || (m.len() > 1 && wishes.turns(&m))
        })
        .collect();
    // Wished things first (in their order), then the rest.
    let mut order: Vec<Thing> = Vec::new();
    let mut rest: Vec<Thing> = Vec::new();
    for (t, w) in things.drain(..).zip(wished) {
        if w { order.push(t) } else { rest.push(t) }
    }
    // Each thing after the things its wishes refer to (a bounded number of passes: cycles stay
    // as they are).
    for _ in 0..order.len() {
        let mut moved = false;
        for k in 0..order.len() {
            let deps = wishes.depends_on(&order[k].member_ids());
            let later = (k + 1..order.len())
                .find(|&j| order[j].members.iter().any(|m| deps.contains(&m.0)));
            if let Some(j) = later {
                let d = order.remove(j);
                order.insert(k, d);
                moved = true;
                break;
            }
        }
        if !moved {
            break;
        }
    }
    // Things the wished ones refer to, but not wished themselves, come before them too.
    let deps: Vec<usize> = order
        .iter()
        .flat_map(|t| wishes.depends_on(&t.member_ids()))
        .collect();
    let (first, rest): (Vec<Thing>, Vec<Thing>) = rest
        .into_iter()
        .partition(|t| t.members.iter().any(|m| deps.contains(&m.0)));
    things.extend(first);
    things.extend(order);
    things.extend(rest);
}

/// On top of the best surface among the things placed (a TV on its stand, a lamp on a dresser).
fn place_on_top(p: &mut Planner, scene: &Scene, d: &Decomposition, t: &Thing) {
    let size = |id: &str| scene.object_index(id).map(|i| scene.objects[i].size);
    let s = size(&t.id).unwrap_or([0.3, 0.3, 0.3]);
    let wished = scene.relations.iter().find_map(|r| match r {
        Relation::OnTopOf { source, target } if *source == t.id => Some(target.clone()),
        _ => None,
    });
    let surface = wished
        .filter(|w| p.placed.iter().any(|(id, _, _)| id == w))
        .or_else(|| {
            p.placed
                .iter()
                .filter(|(id, _, x)| d.independent.contains(id) && x.kind != Kind::OnWall)
                .filter_map(|(id, _, x)| {
                    let rank = super::knowledge::surface_rank(x.role)?;
                    let top = size(id)?;
                    let fits = s[0].min(s[1]) <= top[0].min(top[1])
                        && s[0].max(s[1]) <= top[0].max(top[1]);
                    let low = top[2] + s[2] <= scene.room.height - 0.05;
                    (fits && low).then_some((rank, id.clone()))
                })
                .min()
                .map(|(_, id)| id)
        });
    let Some(surface) = surface else {
        if !p.place_wall(t) {
            p.place_anyway(t);
        }
        return;
    };
    let Some((_, spot, _)) = p.placed.iter().find(|(id, _, _)| *id == surface) else {
        return;
    };
    let f = spot.frame;
    p.relations.push(Relation::OnTopOf {
        source: t.id.clone(),
        target: surface,
    });
    p.poses.push(MapPose {
        id: t.id.clone(),
        x: round(f.x),
        y: round(f.y),
        rz: round(wrap_angle(f.yaw).to_degrees()),
    });
}
