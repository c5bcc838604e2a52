//! A model as this crate writes it: meshes, materials, and parts (one glTF node each) that
//! place a mesh with a material.

use crate::mesh::{Bounds, Mesh};

/// A PBR metallic-roughness material.
#[derive(Clone, Debug, PartialEq)]
pub struct Material {
    /// Its name in the glTF file.
    pub name: String,
    /// Linear RGBA base colour; alpha below 1 makes the material blend.
    pub base_color: [f32; 4],
    /// 0 (dielectric) to 1 (metal).
    pub metallic: f32,
    /// 0 (mirror) to 1 (matte).
    pub roughness: f32,
    /// A base-colour texture (multiplied by `base_color`).
    pub texture: Option<Image>,
    /// Render both sides (thin open surfaces: lamp shades, leaves).
    pub double_sided: bool,
}

impl Material {
    /// An opaque, untextured material.
    pub fn new(name: &str, rgb: [f32; 3], metallic: f32, roughness: f32) -> Material {
        Material {
            name: name.to_string(),
            base_color: [rgb[0], rgb[1], rgb[2], 1.0],
            metallic,
            roughness,
            texture: None,
            double_sided: false,
        }
    }
}

/// An image embedded in the `.glb` (PNG or JPEG bytes, as found).
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    /// `image/png` or `image/jpeg`.
    pub mime_type: String,
    /// The encoded image.
    pub bytes: Vec<u8>,
}

/// Translation and rotation of a part (no scale: normals stay unit without a fix-up).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transform {
    /// Metres, glTF frame.
    pub translation: [f64; 3],
    /// Unit quaternion `[x, y, z, w]`.
    pub rotation: [f64; 4],
}

impl Default for Transform {
    fn default() -> Self {
        Transform {
            translation: [0.0; 3],
            rotation: [0.0, 0.0, 0.0, 1.0],
        }
    }
}

impl Transform {
    /// A translation.
    pub fn at(x: f64, y: f64, z: f64) -> Transform {
        Transform {
            translation: [x, y, z],
            ..Transform::default()
        }
    }

    /// This transform, then a rotation of `degrees` (counter-clockwise looking down the axis
    /// toward the origin) about the unit `axis` through the part's own origin.
    pub fn rotated(self, axis: [f64; 3], degrees: f64) -> Transform {
        let half = degrees.to_radians() / 2.0;
        let (s, c) = half.sin_cos();
        let q = [axis[0] * s, axis[1] * s, axis[2] * s, c];
        Transform {
            translation: self.translation,
            rotation: quat_mul(self.rotation, q),
        }
    }

    /// Rotated about glTF +Y (the vertical): counter-clockwise seen from above.
    pub fn yaw(self, degrees: f64) -> Transform {
        self.rotated([0.0, 1.0, 0.0], degrees)
    }

    /// Rotated about glTF +X: positive tips +Y toward +Z (a backrest leaning back is negative).
    pub fn pitch(self, degrees: f64) -> Transform {
        self.rotated([1.0, 0.0, 0.0], degrees)
    }

    /// Rotated about glTF +Z: positive tips +X toward +Y.
    pub fn roll(self, degrees: f64) -> Transform {
        self.rotated([0.0, 0.0, 1.0], degrees)
    }

    /// `p` moved by this transform.
    pub fn apply(&self, p: [f64; 3]) -> [f64; 3] {
        let r = rotate(self.rotation, p);
        std::array::from_fn(|i| r[i] + self.translation[i])
    }
}

/// The Hamilton product `a · b` (apply `b` first).
fn quat_mul(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    let [ax, ay, az, aw] = a;
    let [bx, by, bz, bw] = b;
    [
        aw * bx + ax * bw + ay * bz - az * by,
        aw * by - ax * bz + ay * bw + az * bx,
        aw * bz + ax * by - ay * bx + az * bw,
        aw * bw - ax * bx - ay * by - az * bz,
    ]
}

/// `p` rotated by the unit quaternion `q`.
pub fn rotate(q: [f64; 4], p: [f64; 3]) -> [f64; 3] {
    let [x, y, z, w] = q;
    // t = 2 (q.xyz × p); p' = p + w t + q.xyz × t
    let t = [
        2.0 * (y * p[2] - z * p[1]),
        2.0 * (z * p[0] - x * p[2]),
        2.0 * (x * p[1] - y * p[0]),
    ];
    [
        p[0] + w * t[0] + (y * t[2] - z * t[1]),
        p[1] + w * t[1] + (z * t[0] - x * t[2]),
        p[2] + w * t[2] + (x * t[1] - y * t[0]),
    ]
}

/// One placed mesh: a glTF node under the model's root.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The node's name (`headboard`, `leg_front_left`…).
    pub name: String,
    /// Index into [`Model::meshes`].
    pub mesh: usize,
    /// Index into [`Model::materials`].
    pub material: usize,
    /// Where the mesh goes.
    pub transform: Transform,
}

/// A model: the root node's name, shared meshes and materials, and the parts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// The root node's name (the catalogue id for built-in models).
    pub name: String,
    /// Geometry, shared between parts (four legs use one mesh).
    pub meshes: Vec<Mesh>,
    /// Materials, shared between parts.
    pub materials: Vec<Material>,
    /// The parts, in node order.
    pub parts: Vec<Part>,
}

impl Model {
    /// An empty model.
    pub fn new(name: &str) -> Model {
        Model {
            name: name.to_string(),
            ..Model::default()
        }
    }

    /// Adds `material` (or finds an identical one); returns its index.
    pub fn material(&mut self, material: Material) -> usize {
        if let Some(i) = self.materials.iter().position(|m| *m == material) {
            return i;
        }
        self.materials.push(material);
        self.materials.len() - 1
    }

    /// Adds `mesh` (or finds an identical one); returns its index.
    pub fn mesh(&mut self, mesh: Mesh) -> usize {
        if let Some(i) = self.meshes.iter().position(|m| *m == mesh) {
            return i;
        }
        self.meshes.push(mesh);
        self.meshes.len() - 1
    }

    /// Adds a part placing `mesh` with `material` at `transform`.
    pub fn part(&mut self, name: &str, mesh: Mesh, material: usize, transform: Transform) {
        let mesh = self.mesh(mesh);
        self.parts.push(Part {
            name: name.to_string(),
            mesh,
            material,
            transform,
        });
    }

    /// The bounds of every placed vertex (`None` for an empty model).
    pub fn bounds(&self) -> Option<Bounds> {
        let mut bounds: Option<Bounds> = None;
        for part in &self.parts {
            let mesh = &self.meshes[part.mesh];
            let placed = mesh
                .positions
                .iter()
                .map(|p| part.transform.apply(p.map(f64::from)));
            if let Some(b) = Bounds::of_points(placed) {
                bounds = Some(bounds.map_or(b, |a| a.union(b)));
            }
        }
        bounds
    }
}
