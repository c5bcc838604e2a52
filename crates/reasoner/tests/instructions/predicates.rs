//! Geometric checks of what an instruction asked for, on the solved poses. Written from the
//! words' plain meaning, independently of the relations' own predicates.

use relayout_core::geometry::{Footprint, Frame, RoomShape, Vec2, front, wrap_angle};
use relayout_core::scene::{Scene, Support};

/// One check.
#[derive(Clone, Debug)]
pub enum Pred {
    /// Back against a wall (within 6 cm), facing into the room (within 10°).
    Wall(&'static str, &'static str),
    /// Touching both walls of a corner (within 10 cm).
    Corner(&'static str, &'static str),
    /// Against the window's wall, its centre within the window's span.
    UnderWindow(&'static str, usize),
    /// Against the opening's wall, within 1.5 m of it, not in the door's swing.
    ByOpening(&'static str, usize),
    /// The front turned towards the other (within 30° of its centre or squarely at a side).
    Facing(&'static str, &'static str),
    /// The front turned towards a wall (within 10°).
    FacingWall(&'static str, &'static str),
    /// Footprints within this gap, metres.
    Near(&'static str, &'static str, f64),
    /// Footprints at least this far apart.
    Far(&'static str, &'static str, f64),
    /// Centre within 15 % of the room's size of its middle.
    Middle(&'static str),
    /// No floor object overlaps the area by more than 2 cm.
    Clear([f64; 4]),
    /// The centre lies between the two (projected inside the segment, within 0.8 m of it).
    Between(&'static str, &'static str, &'static str),
    /// On the target's own left (`true`) or right side.
    Side(&'static str, &'static str, bool),
    /// The centre within this distance of the opening's centre.
    NearOpening(&'static str, usize, f64),
    /// The centre farther than this from the opening's centre.
    FarFromOpening(&'static str, usize, f64),
    /// The two on opposite sides of the opening along its wall, each clear of its span.
    EitherSideOf(&'static str, &'static str, usize),
}

fn fp(scene: &Scene, id: &str) -> Footprint<f64> {
    let o = &scene.objects[scene.object_index(id).unwrap_or_else(|| panic!("no {id}"))];
    let p = scene.poses[id];
    Footprint::new(
        Frame::new(p.x, p.y, p.rz.to_radians()),
        Vec2::cst(0.0, 0.0),
        [o.size[0], o.size[1]],
    )
}

fn yaw(scene: &Scene, id: &str) -> f64 {
    scene.poses[id].rz.to_radians()
}

fn centre(scene: &Scene, id: &str) -> Vec2<f64> {
    let p = scene.poses[id];
    Vec2::cst(p.x, p.y)
}

/// Gap between two footprints (0 when they touch or overlap), from their corners.
fn gap(a: &Footprint<f64>, b: &Footprint<f64>) -> f64 {
    let sep = |p: &Footprint<f64>, q: &Footprint<f64>| {
        let mut best = 0.0f64;
        for axis in [p.u, p.v, q.u, q.v] {
            let proj = |f: &Footprint<f64>| {
                let c = f.corners().map(|c| c.dot(axis));
                (
                    c.iter().copied().fold(f64::MAX, f64::min),
                    c.iter().copied().fold(f64::MIN, f64::max),
                )
            };
            let (a0, a1) = proj(p);
            let (b0, b1) = proj(q);
            best = best.max(b0 - a1).max(a0 - b1);
        }
        best
    };
    sep(a, b).max(0.0)
}

fn wall_distance(room: &RoomShape, wall: usize, p: Vec2<f64>) -> f64 {
    let w = &room.walls[wall];
    (p - w.a).dot(w.n)
}

fn back_on_wall(scene: &Scene, room: &RoomShape, id: &str, wall: usize) -> bool {
    let f = fp(scene, id);
    let back = f.center - f.v.scale(f.hy);
    let w = &room.walls[wall];
    let along = (f.center - w.a).dot(w.t);
    wall_distance(room, wall, back).abs() <= 0.06
        && front(yaw(scene, id)).dot(w.n) > 10f64.to_radians().cos()
        && along > -0.05
        && along < w.len + 0.05
}

fn overlap_area(f: &Footprint<f64>, area: [f64; 4]) -> f64 {
    // Depth of penetration along x and y of the footprint's box into the area.
    let c = f.corners();
    let (x0, x1) = (
        c.iter().map(|p| p.x).fold(f64::MAX, f64::min),
        c.iter().map(|p| p.x).fold(f64::MIN, f64::max),
    );
    let (y0, y1) = (
        c.iter().map(|p| p.y).fold(f64::MAX, f64::min),
        c.iter().map(|p| p.y).fold(f64::MIN, f64::max),
    );
    let dx = x1.min(area[2]) - x0.max(area[0]);
    let dy = y1.min(area[3]) - y0.max(area[1]);
    dx.min(dy)
}

impl Pred {
    /// Whether it holds in the solved scene.
    pub fn holds(&self, s: &Scene) -> bool {
        let room = RoomShape::new(&s.room);
        let wall = |name: &str| {
            room.wall_index(name)
                .unwrap_or_else(|| panic!("wall {name}"))
        };
        match *self {
            Pred::Wall(id, w) => back_on_wall(s, &room, id, wall(w)),
            Pred::Corner(id, c) => {
                let v = room.corner_index(c).expect("corner");
                let f = fp(s, id);
                room.corner_walls(v).iter().all(|&w| {
                    f.corners()
                        .iter()
                        .map(|p| wall_distance(&room, w, *p))
                        .fold(f64::MAX, f64::min)
                        <= 0.1
                })
            }
            Pred::UnderWindow(id, o) => {
                let op = &s.room.openings[o];
                let w = wall(&op.wall);
                let (a, b) = room.opening_segment(&op.wall, op.offset, op.width).unwrap();
                let t = room.walls[w].t;
                let (sa, sb) = ((a - room.walls[w].a).dot(t), (b - room.walls[w].a).dot(t));
                let c = (centre(s, id) - room.walls[w].a).dot(t);
                back_on_wall(s, &room, id, w) && c >= sa.min(sb) - 0.05 && c <= sa.max(sb) + 0.05
            }
            Pred::ByOpening(id, o) => {
                let op = &s.room.openings[o];
                let w = wall(&op.wall);
                let (a, b) = room.opening_segment(&op.wall, op.offset, op.width).unwrap();
                let mid = (a + b).scale(0.5);
                back_on_wall(s, &room, id, w) && (centre(s, id) - mid).len() <= 1.5
            }
            Pred::Facing(id, t) => {
                let d = centre(s, t) - centre(s, id);
                let f = front(yaw(s, id));
                let radial = f.dot(d.scale(1.0 / d.len().max(1e-9))) >= 30f64.to_radians().cos();
                // Squarely at a side: the front ray crosses the target's footprint.
                let ft = fp(s, t);
                let ray = (0..60).any(|k| {
                    let p = centre(s, id) + f.scale(0.1 * k as f64);
                    let q = p - ft.center;
                    q.dot(ft.u).abs() <= ft.hx && q.dot(ft.v).abs() <= ft.hy
                });
                radial || ray
            }
            Pred::FacingWall(id, w) => {
                front(yaw(s, id)).dot(-room.walls[wall(w)].n) >= 10f64.to_radians().cos()
            }
            Pred::Near(a, b, d) => gap(&fp(s, a), &fp(s, b)) <= d + 0.02,
            Pred::Far(a, b, d) => gap(&fp(s, a), &fp(s, b)) >= d - 0.02,
            Pred::Middle(id) => {
                let b = room.bounds();
                let c: Vec2<f64> = Vec2::cst(0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3]));
                let p = centre(s, id);
                (p.x - c.x).abs() <= 0.15 * (b[2] - b[0])
                    && (p.y - c.y).abs() <= 0.15 * (b[3] - b[1])
            }
            Pred::Clear(area) => s.objects.iter().all(|o| {
                o.support != Support::Floor
                    || o.size[2] < 0.05
                    || overlap_area(&fp(s, &o.id), area) <= 0.02
            }),
            Pred::Between(id, a, b) => {
                let (pa, pb, p) = (centre(s, a), centre(s, b), centre(s, id));
                let ab = pb - pa;
                let t = (p - pa).dot(ab) / ab.dot(ab).max(1e-9);
                let off = (p - (pa + ab.scale(t))).len();
                (0.05..=0.95).contains(&t) && off <= 0.8
            }
            Pred::Side(id, t, left) => {
                let q = Frame::new(s.poses[t].x, s.poses[t].y, yaw(s, t)).to_local(centre(s, id));
                (if left { -q.x } else { q.x }) > 0.0
                    && wrap_angle(yaw(s, id) - yaw(s, t)).abs() < 0.2
            }
            Pred::NearOpening(id, o, d) => {
                let op = &s.room.openings[o];
                let (a, b) = room.opening_segment(&op.wall, op.offset, op.width).unwrap();
                (centre(s, id) - (a + b).scale(0.5)).len() <= d
            }
            Pred::FarFromOpening(id, o, d) => {
                let op = &s.room.openings[o];
                let (a, b) = room.opening_segment(&op.wall, op.offset, op.width).unwrap();
                (centre(s, id) - (a + b).scale(0.5)).len() >= d
            }
            Pred::EitherSideOf(p, q, o) => {
                let op = &s.room.openings[o];
                let (a, b) = room.opening_segment(&op.wall, op.offset, op.width).unwrap();
                let t = (b - a).scale(1.0 / (b - a).len());
                let mid = (a + b).scale(0.5);
                let half = 0.5 * (b - a).len();
                let (sp, sq) = ((centre(s, p) - mid).dot(t), (centre(s, q) - mid).dot(t));
                sp * sq < 0.0 && sp.abs() > half && sq.abs() > half
            }
        }
    }
}
