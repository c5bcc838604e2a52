//! Residuals of each term: quantities that are zero when the term holds. Their squares make the
//! solver's penalty (exact gradients through dual numbers); their sizes against a tolerance make
//! the `satisfied` predicate. One definition serves both, so the solver optimises exactly what
//! the metrics measure.

use std::f64::consts::{FRAC_PI_2, PI};

use super::resolve::{Side, Term};
use crate::geometry::{
    Footprint, Frame, Real, RoomShape, gap, penetration, wrap_angle, yaw_facing,
};

/// Default tolerances of `satisfied` (DESIGN §4): 5 cm and 5°.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    /// Metres.
    pub length: f64,
    /// Radians.
    pub angle: f64,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            length: 0.05,
            angle: 5f64.to_radians(),
        }
    }
}

/// Whether a residual is a length or an angle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Metres; penalty `r²`.
    Length,
    /// Radians; penalty `2(1 − cos r)`, which is smooth across ±π.
    Angle,
}

/// One residual: zero when satisfied.
#[derive(Clone, Copy, Debug)]
pub struct Residual<T> {
    /// Length or angle.
    pub kind: Kind,
    /// The value.
    pub value: T,
    /// A tolerance fixed by the relation's meaning (`against_wall`: 2 cm), overriding the default.
    pub tol: Option<f64>,
}

impl<T: Real> Residual<T> {
    fn len(value: T) -> Self {
        Residual {
            kind: Kind::Length,
            value,
            tol: None,
        }
    }
    fn angle(value: T) -> Self {
        Residual {
            kind: Kind::Angle,
            value,
            tol: None,
        }
    }

    /// The residual's contribution to the penalty.
    pub fn penalty(&self) -> T {
        match self.kind {
            Kind::Length => self.value.sq(),
            Kind::Angle => (T::cst(1.0) - self.value.cos()) * 2.0,
        }
    }

    /// Whether the residual is within tolerance.
    pub fn satisfied(&self, tol: Tolerance) -> bool {
        let v = self.value.val();
        match self.kind {
            Kind::Length => v.abs() <= self.tol.unwrap_or(tol.length) + 1e-9,
            Kind::Angle => wrap_angle(v).abs() <= self.tol.unwrap_or(tol.angle) + 1e-9,
        }
    }
}

/// An entity's placement for the residuals: its frame, footprint and vertical extent.
#[derive(Clone, Copy, Debug)]
pub struct Body<T> {
    /// The entity's frame (an object's pose; a unit's anchor pose).
    pub frame: Frame<T>,
    /// The footprint (for a unit, its members' joint box in the anchor's frame).
    pub fp: Footprint<T>,
    /// Bottom height, metres.
    pub z0: f64,
    /// Height, metres.
    pub height: f64,
}

/// Tolerance of "back against the wall": within 2 cm (DESIGN §4).
const WALL_TOL: f64 = 0.02;

/// Appends the residuals of `term` for source `a` and reference `b` to `out`.
pub fn residuals<T: Real>(
    term: &Term,
    a: &Body<T>,
    b: Option<&Body<T>>,
    room: &RoomShape,
    out: &mut Vec<Residual<T>>,
) {
    let fa = &a.fp;
    match *term {
        Term::AgainstWall { wall, height } => {
            against_wall(fa, room, wall, out);
            if let Some(h) = height {
                out.push(Residual::len(T::cst(a.z0 - h)));
            }
        }
        Term::Corner { wall, other } => {
            against_wall(fa, room, wall, out);
            let w = &room.walls[other];
            let d = w.signed_distance(fa.center)
                - fa.radius_along(crate::geometry::Vec2::cst(w.n.x, w.n.y));
            out.push(Residual {
                kind: Kind::Length,
                value: d,
                tol: Some(WALL_TOL),
            });
        }
        Term::Position { x, y } => {
            if let Some(x) = x {
                out.push(Residual::len(fa.center.x - x));
            }
            if let Some(y) = y {
                out.push(Residual::len(fa.center.y - y));
            }
        }
        Term::Side {
            side,
            clearance,
            align,
        } => {
            let Some(b) = b else { return };
            let fb = &b.fp;
            let d = fa.center - fb.center;
            let (qx, qy) = (d.dot(fb.u), d.dot(fb.v));
            let (ex, ey) = (fa.radius_along(fb.u), fa.radius_along(fb.v));
            let (hx, hy) = (fb.hx, fb.hy);
            let lerp = |lo: T, hi: T| lo + (hi - lo) * align;
            let (gap_r, align_r) = match side {
                Side::Left => (qx + ex + hx + clearance, qy - lerp(ey - hy, -ey + hy)),
                Side::Right => (qx - ex - hx - clearance, qy - lerp(ey - hy, -ey + hy)),
                Side::Front => (qy - ey - hy - clearance, qx - lerp(ex - hx, -ex + hx)),
                Side::Back => (qy + ey + hy + clearance, qx - lerp(ex - hx, -ex + hx)),
            };
            out.push(Residual::len(gap_r));
            out.push(Residual::len(align_r));
        }
        Term::AroundOne { distance, sweep } => {
            let Some(b) = b else { return };
            out.push(Residual::len(gap(fa, &b.fp) - distance));
            out.push(Residual::angle(
                a.fp.yaw - yaw_facing(b.fp.center - fa.center),
            ));
            if sweep < 2.0 * PI - 1e-9 {
                let d = fa.center - b.fp.center;
                let (qx, qy) = (d.dot(b.fp.u), d.dot(b.fp.v));
                let phi = (-qx).atan2(qy);
                out.push(Residual::angle((phi.abs() - sweep * 0.5).pos()));
            }
        }
        Term::FacingTarget { mode } => {
            let Some(b) = b else { return };
            let want = match mode {
                crate::relation::FacingMode::Radial => yaw_facing(b.fp.center - fa.center),
                crate::relation::FacingMode::Ortho => {
                    let d = (fa.center - b.fp.center).val();
                    let fb = b.fp.val();
                    let (qx, qy) = (d.dot(fb.u), d.dot(fb.v));
                    let turn = if qx.abs() / fb.hx.max(1e-6) > qy.abs() / fb.hy.max(1e-6) {
                        if qx > 0.0 { FRAC_PI_2 } else { -FRAC_PI_2 }
                    } else if qy > 0.0 {
                        PI
                    } else {
                        0.0
                    };
                    b.fp.yaw + turn
                }
            };
            out.push(Residual::angle(fa.yaw - want));
        }
        Term::FacingWall { wall } => {
            out.push(Residual::angle(
                fa.yaw - (room.walls[wall].inward_yaw() + PI),
            ));
        }
        Term::Align { angle } => {
            let Some(b) = b else { return };
            out.push(Residual::angle(fa.yaw - b.fp.yaw - angle));
        }
        Term::Distance { min, max } => {
            let Some(b) = b else { return };
            let g = gap(fa, &b.fp);
            out.push(Residual::len((g - min).min(T::cst(0.0)) + (g - max).pos()));
        }
        Term::OnTopOf => {
            let Some(b) = b else { return };
            let fb = &b.fp;
            for c in fa.corners() {
                let d = c - fb.center;
                out.push(Residual::len((d.dot(fb.u).abs() - fb.hx).pos()));
                out.push(Residual::len((d.dot(fb.v).abs() - fb.hy).pos()));
            }
            out.push(Residual::len(T::cst(a.z0 - (b.z0 + b.height))));
        }
        Term::ClearFront { depth } => {
            let Some(b) = b else { return };
            if !blocks_floor(b.z0, b.height) {
                return;
            }
            let strip = front_strip(fa, depth);
            out.push(Residual::len(penetration(&strip, &b.fp).depth.pos()));
        }
        Term::KeepClear { area } => {
            if !blocks_floor(a.z0, a.height) {
                return;
            }
            let zone = Footprint::lift(&area_footprint(area));
            out.push(Residual::len(penetration(fa, &zone).depth.pos()));
        }
    }
}

/// A rectangle `[min x, min y, max x, max y]` of floor as a footprint.
pub fn area_footprint(area: [f64; 4]) -> Footprint<f64> {
    Footprint::new(
        Frame::new(0.5 * (area[0] + area[2]), 0.5 * (area[1] + area[3]), 0.0),
        crate::geometry::Vec2::cst(0.0, 0.0),
        [area[2] - area[0], area[3] - area[1]],
    )
}

/// The strip `depth` metres deep in front of a footprint, as wide as it.
pub fn front_strip<T: Real>(f: &Footprint<T>, depth: f64) -> Footprint<T> {
    Footprint {
        center: f.center + f.v.scale(f.hy + 0.5 * depth),
        hx: f.hx,
        hy: T::cst(0.5 * depth),
        ..*f
    }
}

/// Whether something with this bottom height and height blocks the floor for a person: taller
/// than a rug, lower than a head.
pub fn blocks_floor(z0: f64, height: f64) -> bool {
    height > 0.02 && z0 < 1.9
}

fn against_wall<T: Real>(
    fa: &Footprint<T>,
    room: &RoomShape,
    wall: usize,
    out: &mut Vec<Residual<T>>,
) {
    let w = &room.walls[wall];
    let back = fa.center - fa.v.scale(fa.hy);
    out.push(Residual {
        kind: Kind::Length,
        value: w.signed_distance(back),
        tol: Some(WALL_TOL),
    });
    out.push(Residual::angle(fa.yaw - w.inward_yaw()));
    // Along the wall: the back's centre stays within the wall's extent (matters for polygons).
    let s = (back - crate::geometry::Vec2::cst(w.a.x, w.a.y))
        .dot(crate::geometry::Vec2::cst(w.t.x, w.t.y));
    out.push(Residual::len((-s).pos() + (s - w.len).pos()));
}
