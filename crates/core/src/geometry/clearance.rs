//! Clearances for dimension lines: from each face of a footprint, straight out, the distance to
//! the nearest wall or neighbour in the band the face sweeps (what a tape measure laid square
//! against that face would read).

use super::footprint::Footprint;
use super::room_shape::RoomShape;
use super::vec2::Vec2;

/// What a clearance ends at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// Wall `i` of the room.
    Wall(usize),
    /// Obstacle `i` of the list given.
    Obstacle(usize),
}

/// One measured gap.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clearance {
    /// The face: 0 front (+v), 1 right (+u), 2 back (−v), 3 left (−u).
    pub face: usize,
    /// On the face, where the measure starts.
    pub from: Vec2<f64>,
    /// Where it meets `hit`.
    pub to: Vec2<f64>,
    /// `|to − from|`, metres.
    pub distance: f64,
    /// What it meets.
    pub hit: Hit,
}

/// The nearest wall or obstacle straight out from each of the four faces of `fp`. A face with
/// nothing ahead (an open side of an L-shaped room reaches a wall beyond) gets no entry; an
/// obstacle `fp` overlaps is not ahead of it.
pub fn clearances(
    fp: &Footprint<f64>,
    room: &RoomShape,
    obstacles: &[Footprint<f64>],
) -> Vec<Clearance> {
    let mut out = Vec::new();
    for face in 0..4 {
        // `dir` points out of the face, `across` along it; `half` is half its length, `reach`
        // the distance from the centre to the face.
        let (dir, across, half, reach) = match face {
            0 => (fp.v, fp.u, fp.hx, fp.hy),
            1 => (fp.u, fp.v, fp.hy, fp.hx),
            2 => (fp.v.scale(-1.0), fp.u, fp.hx, fp.hy),
            _ => (fp.u.scale(-1.0), fp.v, fp.hy, fp.hx),
        };
        let base = fp.center + dir.scale(reach);
        let local = |p: Vec2<f64>| {
            let d = p - base;
            (d.dot(dir), d.dot(across))
        };
        let mut best: Option<(f64, f64, Hit)> = None;
        let mut consider = |poly: &[Vec2<f64>], hit: Hit| {
            let pts: Vec<(f64, f64)> = poly.iter().map(|p| local(*p)).collect();
            if let Some((s, w)) = nearest_in_band(&pts, half)
                && best.is_none_or(|(b, _, _)| s < b)
            {
                best = Some((s, w, hit));
            }
        };
        for (i, w) in room.walls.iter().enumerate() {
            consider(&[w.a, w.b], Hit::Wall(i));
        }
        for (i, o) in obstacles.iter().enumerate() {
            if super::footprint::penetration(fp, o).depth > 0.0 {
                continue;
            }
            consider(&o.corners(), Hit::Obstacle(i));
        }
        if let Some((s, w, hit)) = best {
            let from = base + across.scale(w);
            out.push(Clearance {
                face,
                from,
                to: from + dir.scale(s),
                distance: s,
                hit,
            });
        }
    }
    out
}

/// The least `s` over the part of a convex polygon (or a segment, two points) in the band
/// `|w| ≤ half`, `s ≥ 0`, with the `w` where it is reached.
fn nearest_in_band(poly: &[(f64, f64)], half: f64) -> Option<(f64, f64)> {
    let mut pts: Vec<(f64, f64)> = poly.to_vec();
    // Clip against w ≤ half, −w ≤ half and −s ≤ 0 (Sutherland–Hodgman; a segment is a closed
    // two-gon, which clips to a segment again).
    let planes: [fn((f64, f64)) -> f64; 3] = [|p| p.1, |p| -p.1, |p| -p.0];
    let limits = [half, half, 0.0];
    for (plane, limit) in planes.iter().zip(limits) {
        let mut next = Vec::with_capacity(pts.len() + 2);
        for k in 0..pts.len() {
            let (a, b) = (pts[k], pts[(k + 1) % pts.len()]);
            let (fa, fb) = (plane(a) - limit, plane(b) - limit);
            if fa <= 0.0 {
                next.push(a);
            }
            if (fa < 0.0 && fb > 0.0) || (fa > 0.0 && fb < 0.0) {
                let t = fa / (fa - fb);
                next.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
            }
        }
        pts = next;
        if pts.is_empty() {
            return None;
        }
    }
    pts.into_iter().min_by(|a, b| a.0.total_cmp(&b.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Frame;
    use crate::scene::Room;
    use proptest::prelude::*;

    fn room() -> RoomShape {
        RoomShape::new(&Room {
            width: 4.0,
            depth: 3.0,
            height: 2.7,
            polygon: None,
            openings: vec![],
        })
    }

    fn fp(x: f64, y: f64, yaw_deg: f64, w: f64, d: f64) -> Footprint<f64> {
        Footprint::new(
            Frame::new(x, y, yaw_deg.to_radians()),
            Vec2::cst(0.0, 0.0),
            [w, d],
        )
    }

    #[test]
    fn an_aligned_box_measures_to_the_four_walls_and_a_neighbour() {
        // 1 × 0.5 m at (1, 1), facing +y: front to the top wall 1.75, right (+x side) to the
        // table at x ≥ 2.5 (1 m), back 0.75, left 0.5.
        let me = fp(1.0, 1.0, 0.0, 1.0, 0.5);
        let table = fp(3.0, 1.2, 0.0, 1.0, 0.6);
        let c = clearances(&me, &room(), &[table]);
        let by_face: Vec<(usize, f64, Hit)> =
            c.iter().map(|c| (c.face, c.distance, c.hit)).collect();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        // In the piece's frame +u is its right: with yaw 0, +u = (1, 0).
        assert!(close(by_face[0].1, 1.75) && matches!(by_face[0].2, Hit::Wall(_)));
        assert!(close(by_face[1].1, 1.0) && by_face[1].2 == Hit::Obstacle(0));
        assert!(close(by_face[2].1, 0.75));
        assert!(close(by_face[3].1, 0.5));
        assert!(close(c[1].to.x, 2.5));
    }

    #[test]
    fn a_neighbour_beside_the_band_is_not_ahead_and_an_overlapping_one_is_skipped() {
        let me = fp(1.0, 1.0, 0.0, 1.0, 0.5);
        // Entirely above the band of the right face (y > 1.25): the wall is measured instead.
        let off = fp(3.0, 2.0, 0.0, 1.0, 0.6);
        let over = fp(1.2, 1.0, 0.0, 0.5, 0.5);
        let c = clearances(&me, &room(), &[off, over]);
        assert!(c.iter().all(|c| matches!(c.hit, Hit::Wall(_))), "{c:?}");
        assert!((c[1].distance - 2.5).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn no_sampled_point_of_an_obstacle_in_the_band_is_nearer(
            x in 0.8..3.2f64, y in 0.8..2.2f64, yaw in -180.0..180.0f64,
            ox in 0.0..4.0f64, oy in 0.0..3.0f64, oyaw in -180.0..180.0f64,
        ) {
            let me = fp(x, y, yaw, 0.8, 0.5);
            let other = fp(ox, oy, oyaw, 0.6, 0.4);
            let c = clearances(&me, &room(), &[other]);
            for m in &c {
                prop_assert!(m.distance >= -1e-9);
                prop_assert!(((m.to - m.from).len() - m.distance).abs() < 1e-9);
            }
            if penetration(&me, &other).depth > 0.0 {
                return Ok(());
            }
            // Sample the obstacle's outline; every sample in a face's band ahead is at least as
            // far as that face's measure.
            let corners = other.corners();
            for face in 0..4 {
                let Some(m) = c.iter().find(|m| m.face == face) else { continue };
                let (dir, across, half, reach) = match face {
                    0 => (me.v, me.u, me.hx, me.hy),
                    1 => (me.u, me.v, me.hy, me.hx),
                    2 => (me.v.scale(-1.0), me.u, me.hx, me.hy),
                    _ => (me.u.scale(-1.0), me.v, me.hy, me.hx),
                };
                let base = me.center + dir.scale(reach);
                for k in 0..4 {
                    let (a, b) = (corners[k], corners[(k + 1) % 4]);
                    for j in 0..=40 {
                        let p = a + (b - a).scale(j as f64 / 40.0);
                        let d = p - base;
                        let (s, w) = (d.dot(dir), d.dot(across));
                        if s >= 0.0 && w.abs() <= half {
                            prop_assert!(s >= m.distance - 1e-9, "face {face}: {s} < {}", m.distance);
                        }
                    }
                }
            }
        }
    }

    use crate::geometry::penetration;
}
