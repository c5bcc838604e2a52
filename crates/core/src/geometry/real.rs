//! A scalar type that is either a plain `f64` or a forward-mode dual number, so that one
//! implementation of each geometric measure serves both the metrics (values) and the solver
//! (values with exact gradients).

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub};

/// The operations the geometry and the relation penalties need.
pub trait Real:
    Copy
    + std::fmt::Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
    + AddAssign
{
    /// A constant (zero derivative).
    fn cst(v: f64) -> Self;
    /// The value, without derivatives.
    fn val(self) -> f64;
    /// Square root (derivative taken as 0 at 0).
    fn sqrt(self) -> Self;
    /// Sine of an angle in radians.
    fn sin(self) -> Self;
    /// Cosine of an angle in radians.
    fn cos(self) -> Self;
    /// `atan2(self, x)`.
    fn atan2(self, x: Self) -> Self;
    /// Absolute value.
    fn abs(self) -> Self {
        if self.val() < 0.0 { -self } else { self }
    }
    /// The larger of two values (derivative of the chosen one).
    fn max(self, o: Self) -> Self {
        if self.val() >= o.val() { self } else { o }
    }
    /// The smaller of two values (derivative of the chosen one).
    fn min(self, o: Self) -> Self {
        if self.val() <= o.val() { self } else { o }
    }
    /// `max(self, 0)`.
    fn pos(self) -> Self {
        self.max(Self::cst(0.0))
    }
    /// `self²`.
    fn sq(self) -> Self {
        self * self
    }
}

impl Real for f64 {
    fn cst(v: f64) -> Self {
        v
    }
    fn val(self) -> f64 {
        self
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn sin(self) -> Self {
        f64::sin(self)
    }
    fn cos(self) -> Self {
        f64::cos(self)
    }
    fn atan2(self, x: Self) -> Self {
        f64::atan2(self, x)
    }
}

/// A value with its derivatives with respect to `N` inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dual<const N: usize> {
    /// The value.
    pub v: f64,
    /// ∂value/∂input_i.
    pub d: [f64; N],
}

impl<const N: usize> Dual<N> {
    /// The `i`-th input variable with value `v`.
    pub fn var(v: f64, i: usize) -> Self {
        let mut d = [0.0; N];
        d[i] = 1.0;
        Dual { v, d }
    }

    fn chain(self, v: f64, dv: f64) -> Self {
        let mut d = self.d;
        for x in &mut d {
            *x *= dv;
        }
        Dual { v, d }
    }
}

impl<const N: usize> Add for Dual<N> {
    type Output = Self;
    fn add(mut self, o: Self) -> Self {
        self.v += o.v;
        for i in 0..N {
            self.d[i] += o.d[i];
        }
        self
    }
}

impl<const N: usize> AddAssign for Dual<N> {
    fn add_assign(&mut self, o: Self) {
        *self = *self + o;
    }
}

impl<const N: usize> Sub for Dual<N> {
    type Output = Self;
    fn sub(mut self, o: Self) -> Self {
        self.v -= o.v;
        for i in 0..N {
            self.d[i] -= o.d[i];
        }
        self
    }
}

impl<const N: usize> Mul for Dual<N> {
    type Output = Self;
    fn mul(self, o: Self) -> Self {
        let mut d = [0.0; N];
        for (i, x) in d.iter_mut().enumerate() {
            *x = self.d[i] * o.v + self.v * o.d[i];
        }
        Dual { v: self.v * o.v, d }
    }
}

impl<const N: usize> Div for Dual<N> {
    type Output = Self;
    fn div(self, o: Self) -> Self {
        let inv = 1.0 / o.v;
        let v = self.v * inv;
        let mut d = [0.0; N];
        for (i, x) in d.iter_mut().enumerate() {
            *x = (self.d[i] - v * o.d[i]) * inv;
        }
        Dual { v, d }
    }
}

impl<const N: usize> Neg for Dual<N> {
    type Output = Self;
    fn neg(self) -> Self {
        self.chain(-self.v, -1.0)
    }
}

impl<const N: usize> Add<f64> for Dual<N> {
    type Output = Self;
    fn add(mut self, o: f64) -> Self {
        self.v += o;
        self
    }
}

impl<const N: usize> Sub<f64> for Dual<N> {
    type Output = Self;
    fn sub(mut self, o: f64) -> Self {
        self.v -= o;
        self
    }
}

impl<const N: usize> Mul<f64> for Dual<N> {
    type Output = Self;
    fn mul(self, o: f64) -> Self {
        self.chain(self.v * o, o)
    }
}

impl<const N: usize> Div<f64> for Dual<N> {
    type Output = Self;
    fn div(self, o: f64) -> Self {
        self.chain(self.v / o, 1.0 / o)
    }
}

impl<const N: usize> Real for Dual<N> {
    fn cst(v: f64) -> Self {
        Dual { v, d: [0.0; N] }
    }
    fn val(self) -> f64 {
        self.v
    }
    fn sqrt(self) -> Self {
        let s = self.v.sqrt();
        let ds = if s > 1e-12 { 0.5 / s } else { 0.0 };
        self.chain(s, ds)
    }
    fn sin(self) -> Self {
        self.chain(self.v.sin(), self.v.cos())
    }
    fn cos(self) -> Self {
        self.chain(self.v.cos(), -self.v.sin())
    }
    fn atan2(self, x: Self) -> Self {
        let r2 = self.v * self.v + x.v * x.v;
        let v = self.v.atan2(x.v);
        if r2 < 1e-24 {
            return Self::cst(v);
        }
        let mut d = [0.0; N];
        for (i, out) in d.iter_mut().enumerate() {
            *out = (x.v * self.d[i] - self.v * x.d[i]) / r2;
        }
        Dual { v, d }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_rule_and_chain_rule_match_hand_derivatives() {
        let x = Dual::<2>::var(0.7, 0);
        let y = Dual::<2>::var(-1.3, 1);
        let f = (x * y).sin() + x / y;
        // ∂/∂x = y cos(xy) + 1/y ; ∂/∂y = x cos(xy) − x/y²
        let (xv, yv) = (0.7_f64, -1.3_f64);
        assert!((f.d[0] - (yv * (xv * yv).cos() + 1.0 / yv)).abs() < 1e-12);
        assert!((f.d[1] - (xv * (xv * yv).cos() - xv / (yv * yv))).abs() < 1e-12);
    }

    #[test]
    fn atan2_derivative_matches_finite_difference() {
        let f = |a: f64, b: f64| a.atan2(b);
        let (a, b) = (0.4, -0.9);
        let d = Dual::<2>::var(a, 0).atan2(Dual::var(b, 1));
        let h = 1e-6;
        assert!((d.d[0] - (f(a + h, b) - f(a - h, b)) / (2.0 * h)).abs() < 1e-7);
        assert!((d.d[1] - (f(a, b + h) - f(a, b - h)) / (2.0 * h)).abs() < 1e-7);
    }
}
