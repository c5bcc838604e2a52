//! A position-based pass that clears the overlaps a penalty method leaves behind: each pair that
//! still penetrates is pushed apart along its axis of least penetration, each object out of the
//! room is pushed back in, door swings are cleared, a few dozen sweeps at most.

use super::problem::{Placement, Problem};
use crate::geometry::{Aabb2, Footprint, Vec2, penetration};
use crate::placement::object_body;

const SWEEPS: usize = 60;
const SLACK: f64 = 0.004;

/// Pushes objects apart in place.
pub fn push_apart(problem: &Problem, x: &mut [f64]) {
    let n = problem.scene.objects.len();
    for _ in 0..SWEEPS {
        let frames = problem.frames(x);
        let fps: Vec<Footprint<f64>> = (0..n)
            .map(|i| object_body(problem.scene, i, frames[i], problem.z[i]).fp)
            .collect();
        let aabbs: Vec<Aabb2> = fps.iter().map(|f| f.aabb()).collect();
        let mut moves = vec![Vec2::cst(0.0, 0.0); n];
        let mut moved = false;
        for &(a, b) in &problem.pairs {
            if !aabbs[a].touches(&aabbs[b]) {
                continue;
            }
            let p = penetration(&fps[a], &fps[b]);
            if p.depth > 0.002 {
                let d = p.axis * (0.5 * (p.depth + SLACK));
                moves[a] = moves[a] - d;
                moves[b] = moves[b] + d;
                moved = true;
            }
        }
        for i in 0..n {
            for c in fps[i].corners() {
                if problem.room.outside_distance(c) > 0.0 {
                    let to = nearest_inside(problem, c);
                    let d = to - c;
                    if d.len() > moves[i].len() {
                        moves[i] = d;
                    }
                    moved = true;
                }
            }
            if problem.door_blockers.contains(&i) {
                for s in &problem.room.door_swings {
                    let p = penetration(s, &fps[i]);
                    if p.depth > 0.002 {
                        moves[i] = moves[i] + p.axis * (p.depth + SLACK);
                        moved = true;
                    }
                }
            }
        }
        if !moved {
            return;
        }
        apply(problem, x, &moves);
    }
}

/// The nearest point on the walls, nudged a little into the room.
fn nearest_inside(problem: &Problem, p: Vec2<f64>) -> Vec2<f64> {
    let mut best = (f64::MAX, p);
    for w in &problem.room.walls {
        let t = ((p - w.a).dot(w.t)).clamp(0.0, w.len);
        let q = w.a + w.t * t;
        let d = (p - q).len();
        if d < best.0 {
            best = (d, q + w.n * SLACK);
        }
    }
    best.1
}

fn apply(problem: &Problem, x: &mut [f64], moves: &[Vec2<f64>]) {
    // A unit moves rigidly with its anchor; a member moves in its anchor's frame.
    let mut unit_moves = vec![Vec2::cst(0.0, 0.0); problem.unit_param.len()];
    for (i, m) in moves.iter().enumerate() {
        match problem.placement[i] {
            Placement::Free { p } => {
                x[p] += m.x;
                x[p + 1] += m.y;
            }
            Placement::Anchor { unit } => unit_moves[unit] = unit_moves[unit] + *m,
            Placement::Member { unit, p } => {
                let yaw = x[problem.unit_param[unit] + 2];
                let (c, s) = (yaw.cos(), yaw.sin());
                x[p] += c * m.x + s * m.y;
                x[p + 1] += -s * m.x + c * m.y;
            }
        }
    }
    for (u, m) in unit_moves.iter().enumerate() {
        let p = problem.unit_param[u];
        x[p] += m.x;
        x[p + 1] += m.y;
    }
}
