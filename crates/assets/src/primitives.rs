//! Primitive meshes, centred on the origin in glTF's frame (+Y up): boxes (sharp and
//! rounded), frusta (cylinders and cones), ellipsoids, and surfaces of revolution. Normals are
//! exact (smooth where the surface is smooth, split at creases); triangles are
//! counter-clockwise seen from outside. Sizes are full extents in metres.

use std::f64::consts::{FRAC_PI_4, PI, TAU};

use crate::mesh::{Mesh, normalized};

/// Unit vector along axis `i`.
fn axis(i: usize, sign: f64) -> [f64; 3] {
    let mut v = [0.0; 3];
    v[i] = sign;
    v
}

/// The six faces as (normal axis, sign, u axis, v axis), with u × v along the normal.
fn faces() -> [(usize, f64, usize, usize); 6] {
    let mut out = [(0, 1.0, 0, 0); 6];
    for (k, slot) in out.iter_mut().enumerate() {
        let (a, sign) = (k / 2, if k % 2 == 0 { 1.0 } else { -1.0 });
        let (u, v) = ((a + 1) % 3, (a + 2) % 3);
        *slot = if sign > 0.0 {
            (a, sign, u, v)
        } else {
            (a, sign, v, u)
        };
    }
    out
}

/// A box of `size` [x, y, z], flat-shaded.
pub fn cuboid(size: [f64; 3]) -> Mesh {
    let h = size.map(|s| s / 2.0);
    let mut mesh = Mesh::default();
    for (a, sign, u, v) in faces() {
        let n = axis(a, sign);
        let corner = |su: f64, sv: f64| {
            let mut p = [0.0; 3];
            p[a] = sign * h[a];
            p[u] = su * h[u];
            p[v] = sv * h[v];
            p
        };
        let i = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
            .map(|(su, sv)| mesh.vertex(corner(su, sv), n));
        mesh.quad(i[0], i[1], i[2], i[3]);
    }
    mesh
}

/// A box of `size` with its edges and corners rounded to `radius` (clamped to half the
/// smallest side), `steps` segments per quarter round. Cushions, mattresses, appliances.
pub fn rounded_cuboid(size: [f64; 3], radius: f64, steps: usize) -> Mesh {
    let h = size.map(|s| s / 2.0);
    let r = radius.clamp(0.0, h[0].min(h[1]).min(h[2]));
    let steps = steps.max(1);
    let inner = h.map(|x| x - r);
    // Coordinates along one face axis: the flat part, then tangent-spaced points so that the
    // rounded edge gets equal angular steps (the other half of the quarter comes from the
    // neighbouring face).
    let coords = |i: usize| -> Vec<f64> {
        let mut c: Vec<f64> = Vec::new();
        for k in (1..=steps).rev() {
            c.push(-inner[i] - r * (k as f64 * FRAC_PI_4 / steps as f64).tan());
        }
        c.push(-inner[i]);
        c.push(inner[i]);
        for k in 1..=steps {
            c.push(inner[i] + r * (k as f64 * FRAC_PI_4 / steps as f64).tan());
        }
        c.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
        c
    };
    let mut mesh = Mesh::default();
    for (a, sign, u, v) in faces() {
        let (cu, cv) = (coords(u), coords(v));
        let base = mesh.positions.len() as u32;
        for &x in &cv {
            for &y in &cu {
                let mut q = [0.0; 3];
                q[a] = sign * h[a];
                q[u] = y;
                q[v] = x;
                let c: [f64; 3] = std::array::from_fn(|i| q[i].clamp(-inner[i], inner[i]));
                let d = normalized(std::array::from_fn(|i| q[i] - c[i]));
                let p = std::array::from_fn(|i| c[i] + r * d[i]);
                let n = if r > 0.0 { d } else { axis(a, sign) };
                mesh.vertex(p, n);
            }
        }
        let w = cu.len() as u32;
        for j in 0..cv.len() as u32 - 1 {
            for i in 0..w - 1 {
                let k = base + j * w + i;
                mesh.quad(k, k + 1, k + w + 1, k + w);
            }
        }
    }
    mesh
}

/// A frustum along Y of `height`, radius `r_bottom` at −height/2 and `r_top` at +height/2,
/// with `segments` sides and closed ends (an end of radius 0 is a cone's apex).
pub fn frustum(r_bottom: f64, r_top: f64, height: f64, segments: usize) -> Mesh {
    lathe(
        &[
            [0.0, -height / 2.0],
            [r_bottom, -height / 2.0],
            [r_top, height / 2.0],
            [0.0, height / 2.0],
        ],
        segments,
        false,
    )
}

/// A cylinder along Y.
pub fn cylinder(radius: f64, height: f64, segments: usize) -> Mesh {
    frustum(radius, radius, height, segments)
}

/// A cone along Y, apex up.
pub fn cone(radius: f64, height: f64, segments: usize) -> Mesh {
    frustum(radius, 0.0, height, segments)
}

/// An open tube (no ends), both sides visible only with a double-sided material: lamp shades.
pub fn open_frustum(r_bottom: f64, r_top: f64, height: f64, segments: usize) -> Mesh {
    lathe(
        &[[r_bottom, -height / 2.0], [r_top, height / 2.0]],
        segments,
        false,
    )
}

/// An ellipsoid with semi-axes `radii`, `segments` around Y and `rings` from pole to pole.
pub fn ellipsoid(radii: [f64; 3], segments: usize, rings: usize) -> Mesh {
    let (segments, rings) = (segments.max(3), rings.max(2));
    let mut mesh = Mesh::default();
    for j in 0..=rings {
        let theta = PI * j as f64 / rings as f64;
        for i in 0..=segments {
            let phi = TAU * i as f64 / segments as f64;
            let dir = [
                theta.sin() * phi.cos(),
                theta.cos(),
                theta.sin() * phi.sin(),
            ];
            let p: [f64; 3] = std::array::from_fn(|k| radii[k] * dir[k]);
            let n = std::array::from_fn(|k| p[k] / (radii[k] * radii[k]).max(1e-18));
            mesh.vertex(p, n);
        }
    }
    let w = segments as u32 + 1;
    for j in 0..rings as u32 {
        for i in 0..segments as u32 {
            let a = j * w + i;
            mesh.quad(a, a + 1, a + w + 1, a + w);
        }
    }
    mesh
}

/// A sphere.
pub fn sphere(radius: f64, segments: usize, rings: usize) -> Mesh {
    ellipsoid([radius; 3], segments, rings)
}

/// The surface swept by turning `profile` (points `[r, y]`, r ≥ 0) about the Y axis with
/// `segments` steps. Walk the profile with the outside on the right (e.g. up the outer wall
/// of a vase, then down its inner wall). `smooth` shares normals between profile segments;
/// otherwise each segment is a crease.
pub fn lathe(profile: &[[f64; 2]], segments: usize, smooth: bool) -> Mesh {
    let segments = segments.max(3);
    let mut mesh = Mesh::default();
    if profile.len() < 2 {
        return mesh;
    }
    // 2D outward normal of each profile segment, (dy, −dr).
    let seg_normal = |k: usize| {
        let (a, b) = (profile[k], profile[k + 1]);
        let n = normalized([b[1] - a[1], -(b[0] - a[0]), 0.0]);
        [n[0], n[1]]
    };
    let ring = |mesh: &mut Mesh, p: [f64; 2], n: [f64; 2]| -> u32 {
        let first = mesh.positions.len() as u32;
        for i in 0..=segments {
            let phi = TAU * i as f64 / segments as f64;
            let (s, c) = phi.sin_cos();
            mesh.vertex([p[0] * c, p[1], p[0] * s], [n[0] * c, n[1], n[0] * s]);
        }
        first
    };
    let stitch = |mesh: &mut Mesh, lo: u32, hi: u32| {
        for i in 0..segments as u32 {
            mesh.quad(lo + i, hi + i, hi + i + 1, lo + i + 1);
        }
    };
    if smooth {
        let rings: Vec<u32> = (0..profile.len())
            .map(|k| {
                let before = if k > 0 { seg_normal(k - 1) } else { [0.0, 0.0] };
                let after = if k + 1 < profile.len() {
                    seg_normal(k)
                } else {
                    [0.0, 0.0]
                };
                let n = normalized([before[0] + after[0], before[1] + after[1], 0.0]);
                ring(&mut mesh, profile[k], [n[0], n[1]])
            })
            .collect();
        for k in 0..rings.len() - 1 {
            stitch(&mut mesh, rings[k], rings[k + 1]);
        }
    } else {
        for k in 0..profile.len() - 1 {
            if profile[k] == profile[k + 1] {
                continue;
            }
            let n = seg_normal(k);
            let lo = ring(&mut mesh, profile[k], n);
            let hi = ring(&mut mesh, profile[k + 1], n);
            stitch(&mut mesh, lo, hi);
        }
    }
    // Degenerate triangles (at r = 0) carry no area; drop them to keep the files small.
    let positions = &mesh.positions;
    let keep: Vec<u32> = mesh
        .indices
        .chunks(3)
        .filter(|t| {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| positions[i as usize].map(f64::from));
            let (u, v) = (
                [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
                [c[0] - a[0], c[1] - a[1], c[2] - a[2]],
            );
            let cross = [
                u[1] * v[2] - u[2] * v[1],
                u[2] * v[0] - u[0] * v[2],
                u[0] * v[1] - u[1] * v[0],
            ];
            cross.iter().map(|x| x * x).sum::<f64>() > 1e-20
        })
        .flatten()
        .copied()
        .collect();
    mesh.indices = keep;
    mesh
}

/// `mesh` stretched by `factors` per axis, normals corrected (inverse transpose). Ovals from
/// circles: an oval table, a toilet bowl.
pub fn scaled(mut mesh: Mesh, factors: [f64; 3]) -> Mesh {
    for p in &mut mesh.positions {
        *p = std::array::from_fn(|i| (f64::from(p[i]) * factors[i]) as f32);
    }
    for n in &mut mesh.normals {
        let v = normalized(std::array::from_fn(|i| f64::from(n[i]) / factors[i]));
        *n = v.map(|x| x as f32);
    }
    mesh
}

/// Two meshes as one (same material).
pub fn merged(mut a: Mesh, b: &Mesh) -> Mesh {
    let offset = a.positions.len() as u32;
    a.positions.extend_from_slice(&b.positions);
    a.normals.extend_from_slice(&b.normals);
    a.indices.extend(b.indices.iter().map(|i| i + offset));
    a.uvs = None;
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every triangle's geometric normal agrees with its vertices' normals: the winding is
    /// counter-clockwise from outside and the normals point out.
    fn assert_outward(mesh: &Mesh, what: &str) {
        assert!(mesh.triangle_count() > 0, "{what}: no triangles");
        for (t, tri) in mesh.indices.chunks(3).enumerate() {
            let [a, b, c] =
                [tri[0], tri[1], tri[2]].map(|i| mesh.positions[i as usize].map(f64::from));
            let (u, v) = (
                [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
                [c[0] - a[0], c[1] - a[1], c[2] - a[2]],
            );
            let g = [
                u[1] * v[2] - u[2] * v[1],
                u[2] * v[0] - u[0] * v[2],
                u[0] * v[1] - u[1] * v[0],
            ];
            if g.iter().map(|x| x * x).sum::<f64>() < 1e-16 {
                continue;
            }
            let g = normalized(g);
            for i in tri {
                let n = mesh.normals[*i as usize].map(f64::from);
                let dot = g[0] * n[0] + g[1] * n[1] + g[2] * n[2];
                assert!(
                    dot > 0.0,
                    "{what}: triangle {t} winds against its normals ({dot})"
                );
            }
        }
        for n in &mesh.normals {
            let len = n.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
            assert!((len - 1.0).abs() < 1e-5, "{what}: normal of length {len}");
        }
    }

    fn extent(mesh: &Mesh) -> [f64; 3] {
        mesh.bounds().map(|b| b.extent()).unwrap_or_default()
    }

    fn close(a: [f64; 3], b: [f64; 3]) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6)
    }

    #[test]
    fn primitives_wind_outward_and_have_their_size() {
        let cases: Vec<(&str, Mesh, [f64; 3])> = vec![
            ("cuboid", cuboid([1.0, 2.0, 3.0]), [1.0, 2.0, 3.0]),
            (
                "rounded",
                rounded_cuboid([1.0, 0.2, 0.6], 0.05, 3),
                [1.0, 0.2, 0.6],
            ),
            (
                "rounded, full radius",
                rounded_cuboid([0.4, 0.4, 0.4], 1.0, 4),
                [0.4, 0.4, 0.4],
            ),
            ("cylinder", cylinder(0.5, 1.0, 24), [1.0, 1.0, 1.0]),
            ("frustum", frustum(0.3, 0.1, 0.5, 16), [0.6, 0.5, 0.6]),
            ("cone", cone(0.2, 0.7, 12), [0.4, 0.7, 0.4]),
            (
                "ellipsoid",
                ellipsoid([0.3, 0.2, 0.1], 16, 8),
                [0.6, 0.4, 0.2],
            ),
            (
                "bowl",
                lathe(
                    &[
                        [0.0, -0.1],
                        [0.3, -0.1],
                        [0.4, 0.1],
                        [0.35, 0.1],
                        [0.25, -0.05],
                        [0.0, -0.05],
                    ],
                    20,
                    false,
                ),
                [0.8, 0.2, 0.8],
            ),
            (
                "smooth vase",
                lathe(
                    &[
                        [0.0, -0.2],
                        [0.1, -0.2],
                        [0.15, 0.0],
                        [0.08, 0.2],
                        [0.0, 0.2],
                    ],
                    20,
                    true,
                ),
                [0.3, 0.4, 0.3],
            ),
            (
                "oval",
                scaled(cylinder(0.5, 0.1, 32), [1.6, 1.0, 1.0]),
                [1.6, 0.1, 1.0],
            ),
        ];
        for (what, mesh, size) in cases {
            assert_outward(&mesh, what);
            assert!(
                close(extent(&mesh), size),
                "{what}: extent {:?}, want {size:?}",
                extent(&mesh)
            );
            let b = mesh.bounds().expect("bounds");
            assert!(
                close(b.min.map(|x| -x), b.max),
                "{what}: not centred: {b:?}"
            );
        }
    }
}
