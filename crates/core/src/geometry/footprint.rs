//! Oriented rectangular footprints: corners, separating-axis penetration, and the gap between
//! two footprints.

use super::aabb::Aabb2;
use super::frame::{Frame, front};
use super::real::Real;
use super::vec2::{Vec2, point_segment_distance};

/// An oriented rectangle on the floor plan.
#[derive(Clone, Copy, Debug)]
pub struct Footprint<T> {
    /// Centre, metres.
    pub center: Vec2<T>,
    /// Local +X axis (unit vector): the object's right.
    pub u: Vec2<T>,
    /// Local +Y axis (unit vector): the object's front.
    pub v: Vec2<T>,
    /// Half the width along `u`, metres.
    pub hx: T,
    /// Half the depth along `v`, metres.
    pub hy: T,
    /// Yaw, radians.
    pub yaw: T,
}

/// How deep two footprints overlap, and along which axis the overlap is least.
#[derive(Clone, Copy, Debug)]
pub struct Penetration<T> {
    /// Least overlap over the four separating axes, metres; ≤ 0 when they are apart.
    pub depth: T,
    /// The axis of least overlap, pointing from the first footprint to the second.
    pub axis: Vec2<f64>,
}

impl<T: Real> Footprint<T> {
    /// A footprint of `size_xy` (full width, depth) centred at `offset` in the frame `frame`.
    pub fn new(frame: Frame<T>, offset: Vec2<f64>, size_xy: [f64; 2]) -> Self {
        let v = front(frame.yaw);
        let u = Vec2::new(v.y, -v.x);
        let center =
            Vec2::new(frame.x, frame.y) + u.scale(T::cst(offset.x)) + v.scale(T::cst(offset.y));
        Footprint {
            center,
            u,
            v,
            hx: T::cst(0.5 * size_xy[0]),
            hy: T::cst(0.5 * size_xy[1]),
            yaw: frame.yaw,
        }
    }

    /// A footprint from its centre, yaw and half sizes, all of which may carry derivatives.
    pub fn from_parts(center: Vec2<T>, yaw: T, half: [T; 2]) -> Self {
        let v = front(yaw);
        let u = Vec2::new(v.y, -v.x);
        Footprint {
            center,
            u,
            v,
            hx: half[0],
            hy: half[1],
            yaw,
        }
    }

    /// A constant footprint of this scalar type.
    pub fn lift(f: &Footprint<f64>) -> Self {
        Footprint {
            center: Vec2::cst(f.center.x, f.center.y),
            u: Vec2::cst(f.u.x, f.u.y),
            v: Vec2::cst(f.v.x, f.v.y),
            hx: T::cst(f.hx),
            hy: T::cst(f.hy),
            yaw: T::cst(f.yaw),
        }
    }

    /// Corners in counter-clockwise order: back-left, back-right, front-right, front-left.
    pub fn corners(&self) -> [Vec2<T>; 4] {
        let (u, v) = (self.u.scale(self.hx), self.v.scale(self.hy));
        let c = self.center;
        [c - u - v, c + u - v, c + u + v, c - u + v]
    }

    /// Half the extent of this footprint along a unit direction.
    pub fn radius_along(&self, axis: Vec2<T>) -> T {
        self.u.dot(axis).abs() * self.hx + self.v.dot(axis).abs() * self.hy
    }

    /// The value-only copy.
    pub fn val(&self) -> Footprint<f64> {
        Footprint {
            center: self.center.val(),
            u: self.u.val(),
            v: self.v.val(),
            hx: self.hx.val(),
            hy: self.hy.val(),
            yaw: self.yaw.val(),
        }
    }

    /// Whether a point lies inside (boundary included), with a margin added to the half sizes.
    pub fn contains(&self, p: Vec2<f64>, margin: f64) -> bool {
        let f = self.val();
        let d = p - f.center;
        d.dot(f.u).abs() <= f.hx + margin && d.dot(f.v).abs() <= f.hy + margin
    }

    /// How far a point is inside the footprint: the least distance to move it out (≤ 0 outside).
    pub fn point_depth(&self, p: Vec2<T>) -> T {
        let d = p - self.center;
        let ex = self.hx - d.dot(self.u).abs();
        let ey = self.hy - d.dot(self.v).abs();
        ex.min(ey)
    }

    /// How deep the segment `a`–`b` reaches into the footprint: the largest
    /// [`Footprint::point_depth`] along it (0 along an edge, negative when it stays outside).
    pub fn segment_depth(&self, a: Vec2<T>, b: Vec2<T>) -> T {
        // In the footprint's frame the depth is min(hx − |x|, hy − |y|), concave along the
        // segment: its largest value is at an end, where x or y is 0, or where both terms are
        // equal.
        let local = |p: Vec2<T>| {
            let d = p - self.center;
            (d.dot(self.u), d.dot(self.v))
        };
        let ((ax, ay), (bx, by)) = (local(a), local(b));
        let (dx, dy) = (bx - ax, by - ay);
        let (hx, hy) = (self.hx, self.hy);
        let at = |t: T| {
            let (x, y) = (ax + dx * t, ay + dy * t);
            (hx - x.abs()).min(hy - y.abs())
        };
        let mut best = at(T::cst(0.0)).max(at(T::cst(1.0)));
        let mut consider = |num: T, den: T| {
            if den.val().abs() > 1e-12 {
                let t = num / den;
                if (0.0..=1.0).contains(&t.val()) {
                    best = best.max(at(t));
                }
            }
        };
        consider(-ax, dx);
        consider(-ay, dy);
        for s1 in [1.0, -1.0] {
            for s2 in [1.0, -1.0] {
                let (s1, s2) = (T::cst(s1), T::cst(s2));
                // hx − s1·x(t) = hy − s2·y(t)
                consider(hx - hy - s1 * ax + s2 * ay, s1 * dx - s2 * dy);
            }
        }
        best
    }

    /// Axis-aligned bounds of the value.
    pub fn aabb(&self) -> Aabb2 {
        let f = self.val();
        let rx = f.u.x.abs() * f.hx + f.v.x.abs() * f.hy;
        let ry = f.u.y.abs() * f.hx + f.v.y.abs() * f.hy;
        Aabb2 {
            min: [f.center.x - rx, f.center.y - ry],
            max: [f.center.x + rx, f.center.y + ry],
        }
    }
}

/// Separating-axis penetration of two footprints: exact for two rectangles, whose four edge
/// normals are the only candidate axes.
pub fn penetration<T: Real>(a: &Footprint<T>, b: &Footprint<T>) -> Penetration<T> {
    let d = b.center - a.center;
    let mut best: Option<(T, Vec2<f64>)> = None;
    for axis in [a.u, a.v, b.u, b.v] {
        let overlap = a.radius_along(axis) + b.radius_along(axis) - d.dot(axis).abs();
        if best.is_none_or(|(o, _)| overlap.val() < o.val()) {
            let sign = if d.dot(axis).val() >= 0.0 { 1.0 } else { -1.0 };
            best = Some((overlap, axis.val() * sign));
        }
    }
    let (depth, axis) = best.expect("four axes");
    Penetration { depth, axis }
}

/// The gap between two footprints: the least distance between their boundaries when apart, and
/// minus the penetration depth when they overlap.
pub fn gap<T: Real>(a: &Footprint<T>, b: &Footprint<T>) -> T {
    let pen = penetration(a, b);
    if pen.depth.val() > 0.0 {
        return -pen.depth;
    }
    let (ca, cb) = (a.corners(), b.corners());
    let mut best: Option<T> = None;
    for (pts, edges) in [(&ca, &cb), (&cb, &ca)] {
        for p in pts {
            for i in 0..4 {
                let dist = point_segment_distance(*p, edges[i], edges[(i + 1) % 4]);
                if best.is_none_or(|b| dist.val() < b.val()) {
                    best = Some(dist);
                }
            }
        }
    }
    best.expect("sixteen pairs")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fp(x: f64, y: f64, yaw_deg: f64, w: f64, d: f64) -> Footprint<f64> {
        Footprint::new(
            Frame::new(x, y, yaw_deg.to_radians()),
            Vec2::cst(0.0, 0.0),
            [w, d],
        )
    }

    fn moved(f: &Footprint<f64>, by: Vec2<f64>) -> Footprint<f64> {
        Footprint {
            center: f.center + by,
            ..*f
        }
    }

    /// Brute force: do the rectangles share a point? Samples a grid over `a` (edges included).
    fn sampled_overlap(a: &Footprint<f64>, b: &Footprint<f64>, shrink: f64) -> bool {
        let n = 40;
        for i in 0..=n {
            for j in 0..=n {
                let s = -1.0 + 2.0 * i as f64 / n as f64;
                let t = -1.0 + 2.0 * j as f64 / n as f64;
                let p = a.center + a.u * (s * a.hx) + a.v * (t * a.hy);
                if b.contains(p, -shrink) {
                    return true;
                }
            }
        }
        false
    }

    #[test]
    fn side_by_side_boxes_overlap_by_the_shared_width() {
        let a = fp(0.0, 0.0, 0.0, 2.0, 1.0);
        let b = fp(1.3, 0.2, 0.0, 1.0, 1.0);
        let p = penetration(&a, &b);
        assert!((p.depth - 0.2).abs() < 1e-12, "{p:?}");
        assert!((p.axis.x - 1.0).abs() < 1e-12);
        assert!((gap(&a, &fp(3.0, 0.0, 90.0, 1.0, 1.0)) - 1.5).abs() < 1e-12);
    }

    #[test]
    fn gap_between_rotated_squares_is_corner_to_edge() {
        // A square turned 45° whose corner points at a square's right edge, 0.3 m away.
        let a = fp(0.0, 0.0, 0.0, 1.0, 1.0);
        let r = 0.5 * 2f64.sqrt();
        let b = fp(0.5 + 0.3 + r, 0.0, 45.0, 1.0, 1.0);
        assert!((gap(&a, &b) - 0.3).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn penetration_agrees_with_sampling(
            a in (-2.0..2.0, -2.0..2.0, -180.0..180.0, 0.2..2.0, 0.2..2.0),
            b in (-2.0..2.0, -2.0..2.0, -180.0..180.0, 0.2..2.0, 0.2..2.0),
        ) {
            let a = fp(a.0, a.1, a.2, a.3, a.4);
            let b = fp(b.0, b.1, b.2, b.3, b.4);
            let p = penetration(&a, &b);
            if p.depth > 0.02 {
                prop_assert!(sampled_overlap(&a, &b, 0.0) || sampled_overlap(&b, &a, 0.0));
                // Moving b out along the axis by the depth (plus a little) separates them,
                // moving it by less does not.
                let out = moved(&b, p.axis * (p.depth + 0.01));
                prop_assert!(!sampled_overlap(&a, &out, 0.002) && !sampled_overlap(&out, &a, 0.002));
                let half = moved(&b, p.axis * (p.depth - 0.015));
                prop_assert!(sampled_overlap(&a, &half, 0.0) || sampled_overlap(&half, &a, 0.0));
            } else if p.depth < -0.02 {
                prop_assert!(!sampled_overlap(&a, &b, 0.0) && !sampled_overlap(&b, &a, 0.0));
                let g = gap(&a, &b);
                prop_assert!(g > 0.0);
                // No sampled point of a is closer to b's centre region than the gap allows:
                // the boundary points of a are all at least g from b's boundary.
                for c in a.corners() {
                    prop_assert!(b.point_depth(c) <= 1e-9);
                }
            }
        }

        #[test]
        fn gap_matches_sampled_boundary_distance(
            a in (-2.0..2.0, -2.0..2.0, -180.0..180.0, 0.2..2.0, 0.2..2.0),
            b in (-2.0..2.0, -2.0..2.0, -180.0..180.0, 0.2..2.0, 0.2..2.0),
        ) {
            let a = fp(a.0, a.1, a.2, a.3, a.4);
            let b = fp(b.0 + 5.0, b.1, b.2, b.3, b.4);
            let g = gap(&a, &b);
            // Brute force over boundary samples of both rectangles.
            let sample = |f: &Footprint<f64>| {
                let c = f.corners();
                let mut pts = Vec::new();
                for i in 0..4 {
                    for k in 0..=200 {
                        let t = k as f64 / 200.0;
                        pts.push(c[i] + (c[(i + 1) % 4] - c[i]) * t);
                    }
                }
                pts
            };
            let (pa, pb) = (sample(&a), sample(&b));
            let mut best = f64::MAX;
            for p in &pa { for q in &pb { best = best.min((*p - *q).len()); } }
            if g > 0.0 {
                prop_assert!(g <= best + 1e-9);
                prop_assert!(best - g < 0.03, "gap {g} sampled {best}");
            } else {
                // Overlapping: the gap is minus the penetration depth.
                prop_assert!((g + penetration(&a, &b).depth).abs() < 1e-12);
            }
        }
    }
}
