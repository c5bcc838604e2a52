//! The room's floor outline: walls with names and inward normals, corners, door swings, and
//! containment of points and footprints.

use super::footprint::Footprint;
use super::frame::{Frame, yaw_facing};
use super::real::Real;
use super::vec2::{Vec2, point_segment_distance};
use crate::scene::{OpeningKind, Room};

/// One straight wall, from `a` to `b`.
#[derive(Clone, Debug)]
pub struct Wall {
    /// `w0..wn`; a rectangle's walls are also `B`, `R`, `T`, `L`.
    pub name: String,
    /// Start vertex.
    pub a: Vec2<f64>,
    /// End vertex.
    pub b: Vec2<f64>,
    /// Unit direction from `a` to `b`.
    pub t: Vec2<f64>,
    /// Unit normal pointing into the room.
    pub n: Vec2<f64>,
    /// Length, metres.
    pub len: f64,
}

impl Wall {
    /// The yaw of an object whose back is against this wall and whose front faces the room.
    pub fn inward_yaw(&self) -> f64 {
        yaw_facing(self.n)
    }

    /// Signed distance of a point from the wall's line, positive inside the room.
    pub fn signed_distance<T: Real>(&self, p: Vec2<T>) -> T {
        (p - Vec2::cst(self.a.x, self.a.y)).dot(Vec2::cst(self.n.x, self.n.y))
    }
}

/// The room outline, prepared for queries.
#[derive(Clone, Debug)]
pub struct RoomShape {
    /// Vertices in document order.
    pub vertices: Vec<Vec2<f64>>,
    /// Wall `i` runs from vertex `i` to vertex `i + 1`.
    pub walls: Vec<Wall>,
    /// Whether this is the plain rectangle (walls also named `B R T L`, corners `BL BR TR TL`).
    pub rectangle: bool,
    /// Indices of the vertices where the room turns inward (the inner corner of an L).
    pub reflex: Vec<usize>,
    /// Ceiling height, metres.
    pub height: f64,
    /// Door swings: squares of each door's width inside the room, kept free.
    pub door_swings: Vec<Footprint<f64>>,
}

const RECT_WALLS: [&str; 4] = ["B", "R", "T", "L"];
const RECT_CORNERS: [&str; 4] = ["BL", "BR", "TR", "TL"];

impl RoomShape {
    /// Builds the outline of a room. The room is assumed valid (see `scene::validate`).
    pub fn new(room: &Room) -> Self {
        let (vertices, rectangle) = match &room.polygon {
            Some(poly) => (
                poly.iter()
                    .map(|p| Vec2::cst(p[0], p[1]))
                    .collect::<Vec<_>>(),
                false,
            ),
            None => (
                vec![
                    Vec2::cst(0.0, 0.0),
                    Vec2::cst(room.width, 0.0),
                    Vec2::cst(room.width, room.depth),
                    Vec2::cst(0.0, room.depth),
                ],
                true,
            ),
        };
        let n = vertices.len();
        let ccw = signed_area(&vertices) >= 0.0;
        let walls = (0..n)
            .map(|i| {
                let (a, b) = (vertices[i], vertices[(i + 1) % n]);
                let len = (b - a).len();
                let t = if len > 0.0 {
                    (b - a) * (1.0 / len)
                } else {
                    Vec2::cst(1.0, 0.0)
                };
                let left = Vec2::cst(-t.y, t.x);
                let n = if ccw { left } else { -left };
                let name = if rectangle {
                    RECT_WALLS[i].to_string()
                } else {
                    format!("w{i}")
                };
                Wall {
                    name,
                    a,
                    b,
                    t,
                    n,
                    len,
                }
            })
            .collect::<Vec<_>>();
        let reflex = (0..n)
            .filter(|&i| {
                let (p, c, q) = (
                    vertices[(i + n - 1) % n],
                    vertices[i],
                    vertices[(i + 1) % n],
                );
                let turn = (c - p).cross(q - c);
                if ccw { turn < -1e-12 } else { turn > 1e-12 }
            })
            .collect();
        let mut shape = RoomShape {
            vertices,
            walls,
            rectangle,
            reflex,
            height: room.height,
            door_swings: vec![],
        };
        shape.door_swings = room
            .openings
            .iter()
            .filter(|o| o.kind == OpeningKind::Door)
            .filter_map(|o| {
                let (a, b) = shape.opening_segment(&o.wall, o.offset, o.width)?;
                let wall = shape.wall(&o.wall)?;
                let mid = (a + b) * 0.5 + wall.n * (0.5 * o.width);
                Some(Footprint::new(
                    Frame::new(mid.x, mid.y, wall.inward_yaw()),
                    Vec2::cst(0.0, 0.0),
                    [o.width, o.width],
                ))
            })
            .collect();
        shape
    }

    /// The wall with this name (`w3`, or `L` for a rectangle).
    pub fn wall(&self, name: &str) -> Option<&Wall> {
        self.wall_index(name).map(|i| &self.walls[i])
    }

    /// The index of the wall with this name.
    pub fn wall_index(&self, name: &str) -> Option<usize> {
        if let Some(i) = name.strip_prefix('w').and_then(|s| s.parse::<usize>().ok()) {
            return (i < self.walls.len()).then_some(i);
        }
        if self.rectangle {
            return RECT_WALLS.iter().position(|w| *w == name);
        }
        None
    }

    /// The vertex index of a corner (`c2`, or `TR` for a rectangle).
    pub fn corner_index(&self, name: &str) -> Option<usize> {
        if let Some(i) = name.strip_prefix('c').and_then(|s| s.parse::<usize>().ok()) {
            return (i < self.vertices.len()).then_some(i);
        }
        if self.rectangle {
            return RECT_CORNERS.iter().position(|c| *c == name);
        }
        None
    }

    /// The two walls meeting at a corner vertex: the one ending there and the one starting there.
    pub fn corner_walls(&self, corner: usize) -> [usize; 2] {
        let n = self.walls.len();
        [(corner + n - 1) % n, corner]
    }

    /// Where an opening on wall `i` starts and ends along it, metres from the wall's first
    /// vertex (`s0 < s1`). A rectangle's `T` and `L` measure their offsets from the wall's other
    /// end (the smaller coordinate), so theirs are turned round.
    pub fn opening_span(&self, i: usize, offset: f64, width: f64) -> (f64, f64) {
        if self.rectangle && (i == 2 || i == 3) {
            let len = self.walls[i].len;
            (len - offset - width, len - offset)
        } else {
            (offset, offset + width)
        }
    }

    /// The `Opening::offset` of an opening spanning `s0..s1` along wall `i` (the inverse of
    /// [`RoomShape::opening_span`]).
    pub fn span_offset(&self, i: usize, s0: f64, s1: f64) -> f64 {
        if self.rectangle && (i == 2 || i == 3) {
            self.walls[i].len - s1
        } else {
            s0
        }
    }

    /// The ends of an opening on a wall (see `Opening::offset` for where it is measured from).
    pub fn opening_segment(
        &self,
        wall: &str,
        offset: f64,
        width: f64,
    ) -> Option<(Vec2<f64>, Vec2<f64>)> {
        let i = self.wall_index(wall)?;
        let w = &self.walls[i];
        // The named walls T and L run towards smaller coordinates; their offsets are measured
        // from the smaller end, which is the wall's end vertex.
        let from_end = self.rectangle && (i == 2 || i == 3);
        let (start, dir) = if from_end { (w.b, -w.t) } else { (w.a, w.t) };
        Some((start + dir * offset, start + dir * (offset + width)))
    }

    /// Whether a point is inside the outline (crossing number).
    pub fn contains_point(&self, p: Vec2<f64>) -> bool {
        let mut inside = false;
        let n = self.vertices.len();
        for i in 0..n {
            let (a, b) = (self.vertices[i], self.vertices[(i + 1) % n]);
            if (a.y > p.y) != (b.y > p.y) {
                let x = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x);
                if p.x < x {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// How far a point is outside the outline (0 inside).
    pub fn outside_distance<T: Real>(&self, p: Vec2<T>) -> T {
        if self.contains_point(p.val()) {
            return T::cst(0.0);
        }
        self.boundary_distance(p)
    }

    /// Distance from a point to the nearest wall.
    pub fn boundary_distance<T: Real>(&self, p: Vec2<T>) -> T {
        let mut best: Option<T> = None;
        for w in &self.walls {
            let d = point_segment_distance(p, Vec2::cst(w.a.x, w.a.y), Vec2::cst(w.b.x, w.b.y));
            if best.is_none_or(|b| d.val() < b.val()) {
                best = Some(d);
            }
        }
        best.unwrap_or(T::cst(0.0))
    }

    /// The footprint's violation of the outline, squared and summed: corners outside, and, in
    /// an outline with inner corners, walls reaching into the footprint (an object across the
    /// notch of an L, its corners inside on either side; an inner corner poking in is one case).
    pub fn violation<T: Real>(&self, f: &Footprint<T>) -> T {
        let mut total = T::cst(0.0);
        for c in f.corners() {
            total += self.outside_distance(c).sq();
        }
        for w in self.notch_walls() {
            let (a, b) = (self.walls[w].a, self.walls[w].b);
            total += f
                .segment_depth(Vec2::cst(a.x, a.y), Vec2::cst(b.x, b.y))
                .pos()
                .sq();
        }
        total
    }

    /// Whether the footprint lies inside the outline, allowing `tol` metres of error.
    pub fn contains_footprint(&self, f: &Footprint<f64>, tol: f64) -> bool {
        f.corners().iter().all(|c| self.outside_distance(*c) <= tol)
            && self.notch_walls().all(|w| {
                let wall = &self.walls[w];
                f.segment_depth(wall.a, wall.b) <= tol
            })
    }

    /// The walls a footprint with every corner inside may still cross: none in a convex
    /// outline; every wall of one with an inner (reflex) corner.
    fn notch_walls(&self) -> std::ops::Range<usize> {
        if self.reflex.is_empty() {
            0..0
        } else {
            0..self.walls.len()
        }
    }

    /// Axis-aligned bounds of the outline `[min_x, min_y, max_x, max_y]`.
    pub fn bounds(&self) -> [f64; 4] {
        let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for v in &self.vertices {
            b = [b[0].min(v.x), b[1].min(v.y), b[2].max(v.x), b[3].max(v.y)];
        }
        b
    }
}

/// Twice-signed area / 2 of a polygon (positive when counter-clockwise).
pub fn signed_area(vertices: &[Vec2<f64>]) -> f64 {
    let n = vertices.len();
    (0..n)
        .map(|i| vertices[i].cross(vertices[(i + 1) % n]))
        .sum::<f64>()
        * 0.5
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{Opening, Room};
    use proptest::prelude::*;

    fn rect(w: f64, d: f64) -> Room {
        Room {
            width: w,
            depth: d,
            height: 2.7,
            polygon: None,
            openings: vec![],
        }
    }

    fn l_shape() -> Room {
        // 6 × 5 with the top-right 3 × 2 cut away: the inner corner is at (3, 3).
        let polygon = vec![
            [0.0, 0.0],
            [6.0, 0.0],
            [6.0, 3.0],
            [3.0, 3.0],
            [3.0, 5.0],
            [0.0, 5.0],
        ];
        Room {
            width: 6.0,
            depth: 5.0,
            height: 2.7,
            polygon: Some(polygon),
            openings: vec![],
        }
    }

    #[test]
    fn rectangle_walls_face_inward_with_design_yaws() {
        let s = RoomShape::new(&rect(4.0, 3.0));
        let yaws: Vec<f64> = ["L", "R", "B", "T"]
            .iter()
            .map(|w| s.wall(w).unwrap().inward_yaw().to_degrees())
            .collect();
        let expect = [-90.0, 90.0, 0.0, 180.0];
        for (y, e) in yaws.iter().zip(expect) {
            assert!(
                crate::geometry::frame::wrap_angle((y - e).to_radians()).abs() < 1e-9,
                "{yaws:?}"
            );
        }
        assert_eq!(s.corner_walls(s.corner_index("BR").unwrap()), [0, 1]);
        assert!(s.reflex.is_empty());
    }

    #[test]
    fn l_shape_has_one_inner_corner_and_rejects_a_box_across_the_notch() {
        let s = RoomShape::new(&l_shape());
        assert_eq!(s.reflex, vec![3]);
        // A 1 m box centred on the inner corner has three corners inside, one in the notch.
        let across = Footprint::new(Frame::new(3.2, 3.2, 0.0), Vec2::cst(0.0, 0.0), [1.0, 1.0]);
        assert!(!s.contains_footprint(&across, 0.01));
        assert!(s.violation(&across) > 0.0);
        let inside = Footprint::new(Frame::new(1.5, 4.0, 0.3), Vec2::cst(0.0, 0.0), [1.0, 1.0]);
        assert!(s.contains_footprint(&inside, 0.0));
    }

    #[test]
    fn door_on_top_wall_is_measured_from_the_left() {
        let mut room = rect(5.0, 4.0);
        room.openings.push(Opening {
            kind: OpeningKind::Door,
            wall: "T".into(),
            offset: 1.0,
            width: 0.9,
            sill: None,
            height: None,
        });
        let s = RoomShape::new(&room);
        let (a, b) = s.opening_segment("T", 1.0, 0.9).unwrap();
        assert!(
            (a.x - 1.0).abs() < 1e-12 && (b.x - 1.9).abs() < 1e-12 && (a.y - 4.0).abs() < 1e-12
        );
        let swing = s.door_swings[0];
        assert!((swing.center.x - 1.45).abs() < 1e-9 && (swing.center.y - 3.55).abs() < 1e-9);
    }

    #[test]
    fn a_thin_piece_across_the_notch_is_outside_though_its_corners_are_in() {
        // Found by the property below: a 2.5 × 0.2 m plank laid diagonally over the L's notch,
        // its four corners inside on either side of it, the inner corner not under it.
        let s = RoomShape::new(&l_shape());
        let f = Footprint::new(
            Frame::new(3.299348909276198, 3.2546077863709657, 2.091436981024767),
            Vec2::cst(0.0, 0.0),
            [2.4976595609804497, 0.2],
        );
        assert!(f.corners().iter().all(|c| s.contains_point(*c)));
        assert!(!s.contains_footprint(&f, 0.0));
        assert!(s.violation(&f) > 0.0);
        // Slid clear of the notch, the same plank is inside.
        let clear = Footprint::new(
            Frame::new(1.5, 1.0, 0.0),
            Vec2::cst(0.0, 0.0),
            [2.4976595609804497, 0.2],
        );
        assert!(s.contains_footprint(&clear, 0.0));
        assert_eq!(s.violation(&clear), 0.0);
    }

    proptest! {
        #[test]
        fn footprint_containment_agrees_with_sampling(
            x in -1.0..7.0, y in -1.0..6.0, yaw in -3.2..3.2, w in 0.2..2.5, d in 0.2..2.5, l in proptest::bool::ANY,
        ) {
            let s = RoomShape::new(&if l { l_shape() } else { rect(6.0, 5.0) });
            let f = Footprint::new(Frame::new(x, y, yaw), Vec2::cst(0.0, 0.0), [w, d]);
            let n = 30;
            let mut all_in = true;
            let mut all_in_shrunk = true;
            for i in 0..=n {
                for j in 0..=n {
                    let a = -1.0 + 2.0 * i as f64 / n as f64;
                    let b = -1.0 + 2.0 * j as f64 / n as f64;
                    let p = f.center + f.u * (a * f.hx) + f.v * (b * f.hy);
                    if !s.contains_point(p) { all_in = false; }
                    let q = f.center + f.u * (a * (f.hx - 0.02).max(0.0)) + f.v * (b * (f.hy - 0.02).max(0.0));
                    if !s.contains_point(q) { all_in_shrunk = false; }
                }
            }
            let contained = s.contains_footprint(&f, 0.0);
            if contained { prop_assert!(all_in); }
            if !all_in_shrunk { prop_assert!(!contained); }
            prop_assert_eq!(s.violation(&f) > 0.0, !contained);
        }
    }
}
