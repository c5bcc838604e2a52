//! Planar rigid frames and their composition ⊕, used for units: a member's world pose is the
//! unit's pose composed with the member's pose in the anchor's frame.

use super::real::Real;
use super::vec2::Vec2;

/// A planar pose: position (metres) and yaw (radians, counter-clockwise, 0 faces +Y).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame<T> {
    /// Position along +X.
    pub x: T,
    /// Position along +Y.
    pub y: T,
    /// Yaw, radians.
    pub yaw: T,
}

impl<T: Real> Frame<T> {
    /// A frame from its parts.
    pub fn new(x: T, y: T, yaw: T) -> Self {
        Frame { x, y, yaw }
    }

    /// `self ⊕ local`: the pose `local`, given in this frame, expressed in the parent frame.
    pub fn compose(self, local: Frame<T>) -> Frame<T> {
        let p = self.apply(Vec2::new(local.x, local.y));
        Frame {
            x: p.x,
            y: p.y,
            yaw: self.yaw + local.yaw,
        }
    }

    /// The inverse frame: `f.inverse().compose(f)` is the identity.
    pub fn inverse(self) -> Frame<T> {
        let (c, s) = (self.yaw.cos(), self.yaw.sin());
        // R(−yaw)·(−t)
        let x = -(c * self.x + s * self.y);
        let y = -(-s * self.x + c * self.y);
        Frame {
            x,
            y,
            yaw: -self.yaw,
        }
    }

    /// A point given in this frame, expressed in the parent frame.
    pub fn apply(self, p: Vec2<T>) -> Vec2<T> {
        let (c, s) = (self.yaw.cos(), self.yaw.sin());
        Vec2::new(self.x, self.y) + p.rotate(c, s)
    }

    /// A point given in the parent frame, expressed in this frame.
    pub fn to_local(self, p: Vec2<T>) -> Vec2<T> {
        let (c, s) = (self.yaw.cos(), self.yaw.sin());
        let d = p - Vec2::new(self.x, self.y);
        d.rotate(c, -s)
    }
}

/// The front direction (local +Y) of an object with this yaw: `(−sin yaw, cos yaw)`.
pub fn front<T: Real>(yaw: T) -> Vec2<T> {
    Vec2::new(-yaw.sin(), yaw.cos())
}

/// The yaw whose front points along `dir`.
pub fn yaw_facing<T: Real>(dir: Vec2<T>) -> T {
    (-dir.x).atan2(dir.y)
}

/// `a` wrapped into `(−π, π]`.
pub fn wrap_angle(a: f64) -> f64 {
    let mut r = a.rem_euclid(std::f64::consts::TAU);
    if r > std::f64::consts::PI {
        r -= std::f64::consts::TAU;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: Frame<f64>, b: Frame<f64>) -> bool {
        (a.x - b.x).abs() < 1e-9
            && (a.y - b.y).abs() < 1e-9
            && wrap_angle(a.yaw - b.yaw).abs() < 1e-9
    }

    #[test]
    fn yaw_ninety_faces_minus_x() {
        let f = front(90f64.to_radians());
        assert!((f.x + 1.0).abs() < 1e-12 && f.y.abs() < 1e-12);
        assert!((yaw_facing(Vec2::<f64>::cst(-1.0, 0.0)).to_degrees() - 90.0_f64).abs() < 1e-9);
    }

    #[test]
    fn composition_places_member_in_anchor_frame() {
        // A unit turned to face +X (yaw −90°); a member 1 m to the anchor's left (local −X)
        // sits at world +Y of the anchor.
        let unit = Frame::new(2.0, 3.0, (-90f64).to_radians());
        let member = unit.compose(Frame::new(-1.0, 0.0, 0.0));
        assert!((member.x - 2.0).abs() < 1e-12 && (member.y - 4.0).abs() < 1e-12);
    }

    proptest! {
        #[test]
        fn compose_is_associative_and_inverse_cancels(
            a in (-5.0..5.0, -5.0..5.0, -7.0..7.0),
            b in (-5.0..5.0, -5.0..5.0, -7.0..7.0),
            c in (-5.0..5.0, -5.0..5.0, -7.0..7.0),
        ) {
            let (a, b, c) = (Frame::new(a.0, a.1, a.2), Frame::new(b.0, b.1, b.2), Frame::new(c.0, c.1, c.2));
            prop_assert!(close(a.compose(b).compose(c), a.compose(b.compose(c))));
            prop_assert!(close(a.inverse().compose(a), Frame::new(0.0, 0.0, 0.0)));
            let p = Vec2::cst(b.x, b.y);
            let q = a.to_local(a.apply(p));
            prop_assert!((q.x - p.x).abs() < 1e-9 && (q.y - p.y).abs() < 1e-9);
        }
    }
}
