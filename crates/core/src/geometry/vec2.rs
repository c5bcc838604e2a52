//! A 2D vector over any [`Real`] scalar, in the layout frame (metres).

use std::ops::{Add, Mul, Neg, Sub};

use super::real::Real;

/// A point or direction on the floor plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vec2<T> {
    /// +X component.
    pub x: T,
    /// +Y component.
    pub y: T,
}

impl<T: Real> Vec2<T> {
    /// A vector from its components.
    pub fn new(x: T, y: T) -> Self {
        Vec2 { x, y }
    }
    /// A constant vector.
    pub fn cst(x: f64, y: f64) -> Self {
        Vec2 {
            x: T::cst(x),
            y: T::cst(y),
        }
    }
    /// Dot product.
    pub fn dot(self, o: Self) -> T {
        self.x * o.x + self.y * o.y
    }
    /// 2D cross product (z of the 3D cross).
    pub fn cross(self, o: Self) -> T {
        self.x * o.y - self.y * o.x
    }
    /// Euclidean length.
    pub fn len(self) -> T {
        self.dot(self).sqrt()
    }
    /// Scaled by a scalar of the same type.
    pub fn scale(self, s: T) -> Self {
        Vec2 {
            x: self.x * s,
            y: self.y * s,
        }
    }
    /// The value part.
    pub fn val(self) -> Vec2<f64> {
        Vec2 {
            x: self.x.val(),
            y: self.y.val(),
        }
    }
    /// Rotated counter-clockwise by `a` radians (given as cos and sin).
    pub fn rotate(self, cos: T, sin: T) -> Self {
        Vec2 {
            x: cos * self.x - sin * self.y,
            y: sin * self.x + cos * self.y,
        }
    }
}

impl<T: Real> Add for Vec2<T> {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Vec2 {
            x: self.x + o.x,
            y: self.y + o.y,
        }
    }
}

impl<T: Real> Sub for Vec2<T> {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Vec2 {
            x: self.x - o.x,
            y: self.y - o.y,
        }
    }
}

impl<T: Real> Mul<f64> for Vec2<T> {
    type Output = Self;
    fn mul(self, s: f64) -> Self {
        Vec2 {
            x: self.x * s,
            y: self.y * s,
        }
    }
}

impl<T: Real> Neg for Vec2<T> {
    type Output = Self;
    fn neg(self) -> Self {
        Vec2 {
            x: -self.x,
            y: -self.y,
        }
    }
}

/// Distance from `p` to the segment `a`–`b`.
pub fn point_segment_distance<T: Real>(p: Vec2<T>, a: Vec2<T>, b: Vec2<T>) -> T {
    let ab = b - a;
    let len2 = ab.dot(ab).val();
    if len2 < 1e-18 {
        return (p - a).len();
    }
    let t = ((p - a).dot(ab) / len2).max(T::cst(0.0)).min(T::cst(1.0));
    (p - (a + ab.scale(t))).len()
}
