//! The kitchen along the walls: its pieces pulled together, the work triangle's corners
//! (sink, hob, fridge) within reach of each other, the first of them placed where the others
//! can close the tightest triangle (the design rules' `work_triangle`).

use relayout_core::geometry::Vec2;

use super::{Planner, Spot, Thing};

impl Planner<'_> {
    /// For a kitchen piece at `s` along wall `w`: how far it stands from the kitchen pieces
    /// already placed, beyond touching the nearest (the work triangle wants them together).
    pub(super) fn kitchen_pull(&self, t: &Thing, w: usize, s: f64, width: f64) -> f64 {
        if !t.members.iter().any(|m| self.kitchen[m.0]) {
            return 0.0;
        }
        let wall = &self.room.walls[w];
        let at = wall.a + wall.t * s;
        // A dishwasher goes beside the sink once there is one.
        let to_sink = t.members.iter().any(|m| self.beside_sink[m.0])
            && self.placed_objects.keys().any(|&i| self.sinks[i]);
        let nearest = self
            .placed_objects
            .iter()
            .filter(|(i, _)| self.kitchen[**i] && (!to_sink || self.sinks[**i]))
            .map(|(i, (f, _))| {
                let reach = 0.5 * (width + self.scene.objects[*i].size[0]);
                ((Vec2::cst(f.x, f.y) - at).len() - reach).max(0.0)
            })
            .fold(f64::INFINITY, f64::min);
        let depth = t.local[3] - t.local[1];
        let front = at + wall.n * depth;
        let triangle = self.triangle_pull(t, front);
        if nearest.is_finite() {
            1.5 * nearest + triangle
        } else {
            triangle
        }
    }

    /// For a corner of the work triangle (sink, hob, fridge) with its front at `front`: how
    /// far past a leg's reach it stands from the other corners: those placed (front to front),
    /// and those still to place against a wall the designer named (that wall's nearest front).
    fn triangle_pull(&self, t: &Thing, front: Vec2<f64>) -> f64 {
        use relayout_core::geometry::vec2::point_segment_distance;
        use relayout_core::rules::TRIANGLE_LEG_MAX;
        if !t.members.iter().any(|m| self.triangle.contains(&m.0)) {
            return 0.0;
        }
        // A little short of the rule's leg: a counter's front is a line, the mark a point.
        let reach = TRIANGLE_LEG_MAX - 0.3;
        let mut past = 0.0;
        for &j in &self.triangle {
            if t.members.iter().any(|m| m.0 == j) {
                continue;
            }
            let depth = self.scene.objects[j].size[1];
            let d = if let Some((f, _)) = self.placed_objects.get(&j) {
                let c = Vec2::cst(f.x, f.y) + relayout_core::geometry::front(f.yaw) * (0.5 * depth);
                (c - front).len()
            } else if let Some(w) = self.wall_wish[j] {
                let wall = &self.room.walls[w];
                let inward = wall.n * depth;
                point_segment_distance(front, wall.a + inward, wall.b + inward)
            } else {
                continue;
            };
            past += (d - reach).max(0.0);
        }
        4.0 * past
    }

    /// For the first corner of the work triangle placed: of its best few spots (apart from
    /// each other), the one from which the other corners, each put where it would go next,
    /// make the tightest triangle (a corner alone at a short run leaves the others across the
    /// room). `None` for anything else.
    pub(super) fn open_kitchen(&self, t: &Thing, spots: &[Spot]) -> Option<usize> {
        const TRIES: usize = 12;
        let corner = t.members.iter().any(|m| self.triangle.contains(&m.0));
        if !corner
            || self.triangle_things.len() < 2
            || self
                .triangle
                .iter()
                .any(|i| self.placed_objects.contains_key(i))
        {
            return None;
        }
        let mut tried: Vec<Vec2<f64>> = Vec::new();
        let mut best: Option<(f64, usize)> = None;
        for (k, spot) in spots.iter().enumerate() {
            let c = Self::centre(spot);
            if tried.iter().any(|p| (*p - c).len() < 0.5) {
                continue;
            }
            if tried.len() == TRIES {
                break;
            }
            tried.push(c);
            let mut trial = self.clone();
            trial.take(t, spot.clone());
            for x in self.triangle_things.iter().filter(|x| x.id != t.id) {
                if let Some(s) = trial.wall_spots(x).into_iter().next() {
                    trial.take(x, s);
                }
            }
            let key = 10.0 * trial.triangle_excess() + spot.score;
            if best.is_none_or(|b| key < b.0) {
                best = Some((key, k));
            }
        }
        best.map(|b| b.1)
    }

    /// How far the work triangle's legs run past the rule's reach, front to front, metres
    /// summed (3 for each leg to a corner not placed).
    fn triangle_excess(&self) -> f64 {
        use relayout_core::rules::TRIANGLE_LEG_MAX;
        let front = |i: usize| {
            self.placed_objects.get(&i).map(|(f, _)| {
                Vec2::cst(f.x, f.y)
                    + relayout_core::geometry::front(f.yaw) * (0.5 * self.scene.objects[i].size[1])
            })
        };
        let mut excess = 0.0;
        for (k, &a) in self.triangle.iter().enumerate() {
            for &b in &self.triangle[k + 1..] {
                excess += match (front(a), front(b)) {
                    (Some(p), Some(q)) => ((p - q).len() - TRIANGLE_LEG_MAX).max(0.0),
                    _ => 3.0,
                };
            }
        }
        excess
    }
}
