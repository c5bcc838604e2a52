//! Limited-memory BFGS with a backtracking (Armijo) line search: the workhorse of each solver
//! stage. Plain `Vec<f64>` parameters; the objective returns the value and fills the gradient.

/// Stops and sizes of one minimisation.
#[derive(Clone, Copy, Debug)]
pub struct LbfgsOptions {
    /// Most iterations.
    pub max_iters: usize,
    /// Pairs of history kept.
    pub memory: usize,
    /// Stop when the gradient's largest component falls below this.
    pub grad_tol: f64,
    /// Stop when an iteration lowers the value by less than this (relative).
    pub value_tol: f64,
    /// Longest step in parameter space (metres / radians) per iteration.
    pub max_step: f64,
}

impl Default for LbfgsOptions {
    fn default() -> Self {
        LbfgsOptions {
            max_iters: 200,
            memory: 8,
            grad_tol: 1e-7,
            value_tol: 1e-10,
            max_step: 0.5,
        }
    }
}

/// Minimises `f` from `x` in place; `on_iter(iteration, value, x)` is called after every
/// accepted step, right after `f` was evaluated at that `x`. Returns the number of iterations.
pub fn minimize(
    x: &mut [f64],
    opts: LbfgsOptions,
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    mut on_iter: impl FnMut(usize, f64, &[f64]),
) -> usize {
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut fx = f(x, &mut g);
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut rho: Vec<f64> = Vec::new();
    let mut d = vec![0.0; n];
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    let mut alpha = vec![0.0; opts.memory];
    for iter in 0..opts.max_iters {
        if g.iter().fold(0.0_f64, |m, v| m.max(v.abs())) < opts.grad_tol {
            return iter;
        }
        // Two-loop recursion: d = −H·g.
        d.copy_from_slice(&g);
        let k = s_hist.len();
        for i in (0..k).rev() {
            alpha[i] = rho[i] * dot(&s_hist[i], &d);
            axpy(-alpha[i], &y_hist[i], &mut d);
        }
        if k > 0 {
            let gamma = dot(&s_hist[k - 1], &y_hist[k - 1]) / dot(&y_hist[k - 1], &y_hist[k - 1]);
            d.iter_mut().for_each(|v| *v *= gamma);
        } else {
            let gn = dot(&g, &g).sqrt().max(1e-12);
            d.iter_mut().for_each(|v| *v *= 0.1 / gn);
        }
        for i in 0..k {
            let beta = rho[i] * dot(&y_hist[i], &d);
            axpy(alpha[i] - beta, &s_hist[i], &mut d);
        }
        d.iter_mut().for_each(|v| *v = -*v);
        let mut slope = dot(&g, &d);
        if slope >= 0.0 {
            // Not a descent direction (curvature information went stale): restart along −g.
            s_hist.clear();
            y_hist.clear();
            rho.clear();
            let gn = dot(&g, &g).sqrt().max(1e-12);
            for (di, gi) in d.iter_mut().zip(&g) {
                *di = -gi * 0.1 / gn;
            }
            slope = dot(&g, &d);
        }
        let longest = d.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let mut step = if longest > opts.max_step {
            opts.max_step / longest
        } else {
            1.0
        };
        let mut accepted = false;
        for _ in 0..30 {
            for i in 0..n {
                x_new[i] = x[i] + step * d[i];
            }
            let f_new = f(&x_new, &mut g_new);
            if f_new.is_finite() && f_new <= fx + 1e-4 * step * slope {
                let s: Vec<f64> = (0..n).map(|i| x_new[i] - x[i]).collect();
                let y: Vec<f64> = (0..n).map(|i| g_new[i] - g[i]).collect();
                let sy = dot(&s, &y);
                if sy > 1e-12 {
                    if s_hist.len() == opts.memory {
                        s_hist.remove(0);
                        y_hist.remove(0);
                        rho.remove(0);
                    }
                    s_hist.push(s);
                    y_hist.push(y);
                    rho.push(1.0 / sy);
                }
                let decrease = fx - f_new;
                x.copy_from_slice(&x_new);
                g.copy_from_slice(&g_new);
                fx = f_new;
                on_iter(iter, fx, x);
                accepted = true;
                if decrease <= opts.value_tol * fx.abs().max(1e-12)
                    && decrease.abs() < 1e-14 + opts.value_tol
                {
                    return iter + 1;
                }
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            if s_hist.is_empty() {
                return iter;
            }
            s_hist.clear();
            y_hist.clear();
            rho.clear();
        }
    }
    opts.max_iters
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let mut x = vec![-1.2, 1.0];
        let opts = LbfgsOptions {
            max_iters: 500,
            max_step: 1.0,
            ..Default::default()
        };
        minimize(
            &mut x,
            opts,
            |x, g| {
                let (a, b) = (x[0], x[1]);
                g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
                g[1] = 200.0 * (b - a * a);
                (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
            },
            |_, _, _| {},
        );
        assert!(
            (x[0] - 1.0).abs() < 1e-4 && (x[1] - 1.0).abs() < 1e-4,
            "{x:?}"
        );
    }
}
