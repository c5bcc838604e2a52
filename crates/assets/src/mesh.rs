//! Indexed triangle meshes and axis-aligned bounds.

/// An indexed triangle mesh: positions and unit normals per vertex, optional texture
/// coordinates (glTF's convention: origin at the image's top left), counter-clockwise
/// triangles seen from outside.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mesh {
    /// Vertex positions.
    pub positions: Vec<[f32; 3]>,
    /// Unit normals, one per vertex.
    pub normals: Vec<[f32; 3]>,
    /// Texture coordinates, one per vertex, when the mesh has any.
    pub uvs: Option<Vec<[f32; 2]>>,
    /// Three indices per triangle.
    pub indices: Vec<u32>,
}

impl Mesh {
    /// Appends a vertex; returns its index. Coordinates are rounded to 1 µm and normals to
    /// 1e-6 so that generated files do not depend on the last bit of the C library's `sin`.
    pub fn vertex(&mut self, position: [f64; 3], normal: [f64; 3]) -> u32 {
        let round = |v: f64| {
            let r = (v * 1e6).round() / 1e6;
            if r == 0.0 { 0.0 } else { r as f32 }
        };
        let index = self.positions.len() as u32;
        self.positions.push(position.map(round));
        self.normals.push(normalized(normal).map(round));
        index
    }

    /// Appends a triangle (counter-clockwise seen from the side its normals face).
    pub fn triangle(&mut self, a: u32, b: u32, c: u32) {
        self.indices.extend([a, b, c]);
    }

    /// Appends the quad `a b c d` (counter-clockwise) as two triangles.
    pub fn quad(&mut self, a: u32, b: u32, c: u32, d: u32) {
        self.indices.extend([a, b, c, a, c, d]);
    }

    /// The number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// The bounds of the positions (`None` for an empty mesh).
    pub fn bounds(&self) -> Option<Bounds> {
        Bounds::of_points(self.positions.iter().map(|p| p.map(f64::from)))
    }

    /// Moves every vertex by `offset`.
    pub fn translate(&mut self, offset: [f64; 3]) {
        for p in &mut self.positions {
            for (v, o) in p.iter_mut().zip(offset) {
                *v = (f64::from(*v) + o) as f32;
            }
        }
    }
}

/// The unit vector along `v`; +Y for a zero (or non-finite) vector, so that a degenerate
/// face never yields a NaN normal.
pub fn normalized(v: [f64; 3]) -> [f64; 3] {
    let len = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    if len > 1e-12 && len.is_finite() {
        v.map(|c| c / len)
    } else {
        [0.0, 1.0, 0.0]
    }
}

/// An axis-aligned box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    /// The smallest corner.
    pub min: [f64; 3],
    /// The largest corner.
    pub max: [f64; 3],
}

impl Bounds {
    /// The bounds of `points` (`None` when there are none, or none is finite).
    pub fn of_points(points: impl IntoIterator<Item = [f64; 3]>) -> Option<Bounds> {
        let mut bounds: Option<Bounds> = None;
        for p in points {
            if p.iter().any(|v| !v.is_finite()) {
                continue;
            }
            bounds = Some(match bounds {
                None => Bounds { min: p, max: p },
                Some(b) => b.including(p),
            });
        }
        bounds
    }

    /// These bounds grown to hold `p`.
    pub fn including(self, p: [f64; 3]) -> Bounds {
        Bounds {
            min: std::array::from_fn(|i| self.min[i].min(p[i])),
            max: std::array::from_fn(|i| self.max[i].max(p[i])),
        }
    }

    /// The smallest bounds holding both.
    pub fn union(self, other: Bounds) -> Bounds {
        self.including(other.min).including(other.max)
    }

    /// max − min per axis.
    pub fn extent(&self) -> [f64; 3] {
        std::array::from_fn(|i| self.max[i] - self.min[i])
    }

    /// The eight corners.
    pub fn corners(&self) -> [[f64; 3]; 8] {
        std::array::from_fn(|k| {
            [
                if k & 1 == 0 { self.min[0] } else { self.max[0] },
                if k & 2 == 0 { self.min[1] } else { self.max[1] },
                if k & 4 == 0 { self.min[2] } else { self.max[2] },
            ]
        })
    }
}
