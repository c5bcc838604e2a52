//! Axis-aligned boxes in the plan ([`Aabb2`]): the broad phase of collision checks, door swings
//! and clearances, and the box arithmetic of the planners. One type with one edge rule per
//! question, so that every caller agrees on what touching means:
//!
//! - [`Aabb2::touches`]: closed intervals, boxes that share an edge touch (a conservative broad
//!   phase: nothing that might collide is skipped);
//! - [`Aabb2::overlaps_by`]: overlap wider than a tolerance on both axes (a collision).

use serde::{Deserialize, Serialize};

/// An axis-aligned box in the plan, metres.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct Aabb2 {
    /// Least x and y.
    pub min: [f64; 2],
    /// Greatest x and y.
    pub max: [f64; 2],
}

impl Aabb2 {
    /// The box between two corners, in any order.
    pub fn from_corners(a: [f64; 2], b: [f64; 2]) -> Self {
        Aabb2 {
            min: [a[0].min(b[0]), a[1].min(b[1])],
            max: [a[0].max(b[0]), a[1].max(b[1])],
        }
    }

    /// The box `[min_x, min_y, max_x, max_y]`.
    pub fn from_array(b: [f64; 4]) -> Self {
        Aabb2 {
            min: [b[0], b[1]],
            max: [b[2], b[3]],
        }
    }

    /// As `[min_x, min_y, max_x, max_y]`.
    pub fn to_array(self) -> [f64; 4] {
        [self.min[0], self.min[1], self.max[0], self.max[1]]
    }

    /// Width and depth.
    pub fn size(&self) -> [f64; 2] {
        [self.max[0] - self.min[0], self.max[1] - self.min[1]]
    }

    /// The centre.
    pub fn center(&self) -> [f64; 2] {
        [
            0.5 * (self.min[0] + self.max[0]),
            0.5 * (self.min[1] + self.max[1]),
        ]
    }

    /// How far the two boxes overlap along x and along y: positive where they overlap, negative
    /// where a gap separates them (its width), zero where they share an edge.
    pub fn overlap(&self, other: &Aabb2) -> [f64; 2] {
        [
            self.max[0].min(other.max[0]) - self.min[0].max(other.min[0]),
            self.max[1].min(other.max[1]) - self.min[1].max(other.min[1]),
        ]
    }

    /// Whether the boxes touch or overlap (closed intervals: a shared edge counts).
    pub fn touches(&self, other: &Aabb2) -> bool {
        let [x, y] = self.overlap(other);
        x >= 0.0 && y >= 0.0
    }

    /// Whether the boxes overlap by more than `tol` along both axes.
    pub fn overlaps_by(&self, other: &Aabb2, tol: f64) -> bool {
        let [x, y] = self.overlap(other);
        x > tol && y > tol
    }

    /// The area they share (0 when apart).
    pub fn overlap_area(&self, other: &Aabb2) -> f64 {
        let [x, y] = self.overlap(other);
        x.max(0.0) * y.max(0.0)
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &Aabb2) -> Aabb2 {
        Aabb2 {
            min: [self.min[0].min(other.min[0]), self.min[1].min(other.min[1])],
            max: [self.max[0].max(other.max[0]), self.max[1].max(other.max[1])],
        }
    }

    /// The smallest box holding every box (`None` for none).
    pub fn union_all(boxes: impl IntoIterator<Item = Aabb2>) -> Option<Aabb2> {
        boxes.into_iter().reduce(|a, b| a.union(&b))
    }

    /// The box grown by `by` on every side.
    pub fn grown(&self, by: f64) -> Aabb2 {
        Aabb2 {
            min: [self.min[0] - by, self.min[1] - by],
            max: [self.max[0] + by, self.max[1] + by],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn boxed(x: f64, y: f64, w: f64, d: f64) -> Aabb2 {
        Aabb2::from_corners([x, y], [x + w, y + d])
    }

    #[test]
    fn shared_edges_touch_but_do_not_overlap() {
        let a = boxed(0.0, 0.0, 1.0, 1.0);
        let b = boxed(1.0, 0.0, 1.0, 1.0);
        assert!(a.touches(&b));
        assert!(!a.overlaps_by(&b, 0.0));
        assert_eq!(a.overlap_area(&b), 0.0);
        let c = boxed(1.5, 0.0, 1.0, 1.0);
        assert!(!a.touches(&c));
        assert_eq!(a.overlap(&c)[0], -0.5);
    }

    proptest! {
        /// Against sampling: a grid point inside both boxes exists exactly when they overlap.
        #[test]
        fn overlap_matches_a_sampled_intersection(
            ax in -3.0..3.0f64, ay in -3.0..3.0f64, aw in 0.1..3.0f64, ad in 0.1..3.0f64,
            bx in -3.0..3.0f64, by in -3.0..3.0f64, bw in 0.1..3.0f64, bd in 0.1..3.0f64,
        ) {
            // The sampled square [-3, 6]² holds every box drawn.
            const SPAN: f64 = 9.0;
            let (a, b) = (boxed(ax, ay, aw, ad), boxed(bx, by, bw, bd));
            let area = a.overlap_area(&b);
            prop_assert!((area - b.overlap_area(&a)).abs() < 1e-12, "symmetric");
            let n = 300;
            let mut hits = 0usize;
            for i in 0..n {
                for j in 0..n {
                    let p = [-3.0 + SPAN * (i as f64 + 0.5) / n as f64, -3.0 + SPAN * (j as f64 + 0.5) / n as f64];
                    let inside = |q: &Aabb2| p[0] >= q.min[0] && p[0] <= q.max[0] && p[1] >= q.min[1] && p[1] <= q.max[1];
                    if inside(&a) && inside(&b) { hits += 1; }
                }
            }
            let cell = (SPAN / n as f64).powi(2);
            let sampled = hits as f64 * cell;
            // The sampled area is within the cells along the overlap's outline.
            let [w, d] = a.overlap(&b);
            let slack = 2.0 * (w.max(0.0) + d.max(0.0)) * (SPAN / n as f64) + 4.0 * cell;
            prop_assert!((sampled - area).abs() <= slack, "sampled {sampled}, exact {area}");
            if a.overlaps_by(&b, 0.0) { prop_assert!(a.touches(&b)); }
            prop_assert_eq!(a.overlaps_by(&b, 0.0), area > 0.0);
        }
    }
}
