//! The walker's grid behind AC and the walkway rules: free floor on a lattice, flooded from the
//! doors (or, in a room without doors, the largest free region), for a walker of a given width.

use std::collections::VecDeque;

use crate::geometry::{Aabb2, Footprint, RoomShape, Vec2};
use crate::metrics::{GRID, MAX_GRID_SIDE};
use crate::placement::Placed;
use crate::relation::residual::blocks_floor;
use crate::scene::Scene;

/// Distances this close to the walker's radius count as clear: a walker exactly as wide as a
/// gap passes, whatever the rounding of the room's coordinates (the same layout anywhere in the
/// room gets the same answer).
const TIE: f64 = 1e-7;

/// Where a walker of one width can go in a laid-out room.
pub struct WalkGrid {
    bounds: [f64; 4],
    step: f64,
    nx: usize,
    ny: usize,
    /// Half the walker's width, metres.
    r: f64,
    reached: Vec<bool>,
}

impl WalkGrid {
    /// The grid of `room` with the floor-blocking objects of `placed` (footprints `fps`), for a
    /// walker `walker_width` metres wide.
    pub fn new(
        scene: &Scene,
        room: &RoomShape,
        placed: &Placed,
        fps: &[Footprint<f64>],
        walker_width: f64,
    ) -> Self {
        let r = walker_width * 0.5;
        let b = room.bounds();
        let step = grid_step(&b);
        let (nx, ny) = (
            ((b[2] - b[0]) / step).ceil() as usize,
            ((b[3] - b[1]) / step).ceil() as usize,
        );
        let cell = |ix: usize, iy: usize| {
            Vec2::cst(
                b[0] + (ix as f64 + 0.5) * step,
                b[1] + (iy as f64 + 0.5) * step,
            )
        };
        let mut free = vec![false; nx * ny];
        for iy in 0..ny {
            for ix in 0..nx {
                let p = cell(ix, iy);
                free[iy * nx + ix] = room.contains_point(p) && room.boundary_distance(p) >= r - TIE;
            }
        }
        for i in (0..fps.len()).filter(|&i| blocks_floor(placed.z[i], scene.objects[i].size[2])) {
            for_cells_in(&b, step, nx, ny, fps[i].aabb().grown(r), |ix, iy| {
                if distance_to_footprint(&fps[i], cell(ix, iy)) < r - TIE {
                    free[iy * nx + ix] = false;
                }
            });
        }
        // Starts: free cells inside a door's swing; without doors, the largest free region.
        let mut starts: Vec<usize> = Vec::new();
        for swing in &room.door_swings {
            for_cells_in(&b, step, nx, ny, swing.aabb(), |ix, iy| {
                if free[iy * nx + ix] && swing.contains(cell(ix, iy), 0.0) {
                    starts.push(iy * nx + ix);
                }
            });
        }
        let reached = if room.door_swings.is_empty() {
            largest_region(&free, nx, ny)
        } else {
            flood(&free, nx, ny, &starts)
        };
        WalkGrid {
            bounds: b,
            step,
            nx,
            ny,
            r,
            reached,
        }
    }

    fn cell(&self, ix: usize, iy: usize) -> Vec2<f64> {
        let b = &self.bounds;
        Vec2::cst(
            b[0] + (ix as f64 + 0.5) * self.step,
            b[1] + (iy as f64 + 0.5) * self.step,
        )
    }

    /// Whether the walker, from a door, touches `area`.
    pub fn touches(&self, area: &Footprint<f64>) -> bool {
        let mut hit = false;
        let (b, step, nx, ny) = (&self.bounds, self.step, self.nx, self.ny);
        for_cells_in(b, step, nx, ny, area.aabb().grown(self.r), |ix, iy| {
            if !hit
                && self.reached[iy * nx + ix]
                && distance_to_footprint(area, self.cell(ix, iy)) <= self.r + TIE
            {
                hit = true;
            }
        });
        hit
    }
}

fn distance_to_footprint(f: &Footprint<f64>, p: Vec2<f64>) -> f64 {
    let d = p - f.center;
    let ex = (d.dot(f.u).abs() - f.hx).max(0.0);
    let ey = (d.dot(f.v).abs() - f.hy).max(0.0);
    (ex * ex + ey * ey).sqrt()
}

/// The accessibility grid's step for a room with these bounds: `GRID`, or coarser for a room
/// longer than `GRID × MAX_GRID_SIDE` on a side (see [`MAX_GRID_SIDE`]).
fn grid_step(b: &[f64; 4]) -> f64 {
    GRID.max((b[2] - b[0]).max(b[3] - b[1]) / MAX_GRID_SIDE)
}

fn for_cells_in(
    b: &[f64; 4],
    step: f64,
    nx: usize,
    ny: usize,
    a: Aabb2,
    mut f: impl FnMut(usize, usize),
) {
    let lo = |v: f64, o: f64, n: usize| (((v - o) / step).floor().max(0.0) as usize).min(n);
    let hi = |v: f64, o: f64, n: usize| (((v - o) / step).ceil().max(0.0) as usize).min(n);
    for iy in lo(a.min[1], b[1], ny)..hi(a.max[1], b[1], ny) {
        for ix in lo(a.min[0], b[0], nx)..hi(a.max[0], b[0], nx) {
            f(ix, iy);
        }
    }
}

fn flood(free: &[bool], nx: usize, ny: usize, starts: &[usize]) -> Vec<bool> {
    let mut seen = vec![false; free.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for &s in starts {
        if free[s] && !seen[s] {
            seen[s] = true;
            queue.push_back(s);
        }
    }
    while let Some(c) = queue.pop_front() {
        let (ix, iy) = (c % nx, c / nx);
        let mut visit = |n: usize| {
            if free[n] && !seen[n] {
                seen[n] = true;
                queue.push_back(n);
            }
        };
        if ix > 0 {
            visit(c - 1);
        }
        if ix + 1 < nx {
            visit(c + 1);
        }
        if iy > 0 {
            visit(c - nx);
        }
        if iy + 1 < ny {
            visit(c + nx);
        }
    }
    seen
}

fn largest_region(free: &[bool], nx: usize, ny: usize) -> Vec<bool> {
    let mut label = vec![false; free.len()];
    let mut best: Vec<bool> = vec![false; free.len()];
    let mut best_size = 0;
    for s in 0..free.len() {
        if free[s] && !label[s] {
            let region = flood(free, nx, ny, &[s]);
            let size = region.iter().filter(|r| **r).count();
            for (l, r) in label.iter_mut().zip(&region) {
                *l |= *r;
            }
            if size > best_size {
                best_size = size;
                best = region;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_step_is_five_centimetres_up_to_a_hundred_metres() {
        assert_eq!(grid_step(&[0.0, 0.0, 100.0, 30.0]), GRID);
        assert_eq!(grid_step(&[-0.01, 0.0, 4.0, 3.0]), GRID);
        assert_eq!(grid_step(&[0.0, 0.0, 10.0, 400.0]), 0.2);
    }
}
