//! The tools the built-in models are made with: a palette of materials and a builder that
//! places primitives by their corners or their bottom centre (glTF frame: +Y up, front
//! toward +Z, metres).

use crate::mesh::Mesh;
use crate::model::{Material, Model, Transform};
use crate::primitives;

/// A colour from 8-bit sRGB to the linear factors glTF wants, rounded so that files do not
/// depend on the C library's `pow`.
fn linear(c: u8) -> f32 {
    let s = f64::from(c) / 255.0;
    let l = if s <= 0.04045 {
        s / 12.92
    } else {
        ((s + 0.055) / 1.055).powf(2.4)
    };
    ((l * 1e4).round() / 1e4) as f32
}

/// A material from an sRGB colour.
pub fn mat(name: &str, rgb: [u8; 3], metallic: f32, roughness: f32) -> Material {
    Material::new(name, rgb.map(linear), metallic, roughness)
}

/// The palette.
pub mod palette {
    use super::mat;
    use crate::model::Material;

    pub fn oak() -> Material {
        mat("oak", [176, 132, 84], 0.0, 0.6)
    }
    pub fn walnut() -> Material {
        mat("walnut", [106, 72, 48], 0.0, 0.55)
    }
    pub fn pine() -> Material {
        mat("pine", [214, 180, 130], 0.0, 0.6)
    }
    pub fn white_paint() -> Material {
        mat("white_paint", [236, 236, 232], 0.0, 0.5)
    }
    pub fn grey_paint() -> Material {
        mat("grey_paint", [150, 154, 158], 0.0, 0.5)
    }
    pub fn laminate() -> Material {
        mat("laminate", [222, 214, 196], 0.0, 0.4)
    }
    pub fn fabric_grey() -> Material {
        mat("fabric_grey", [120, 124, 130], 0.0, 0.95)
    }
    pub fn fabric_blue() -> Material {
        mat("fabric_blue", [62, 88, 128], 0.0, 0.95)
    }
    pub fn fabric_green() -> Material {
        mat("fabric_green", [92, 112, 84], 0.0, 0.95)
    }
    pub fn fabric_sand() -> Material {
        mat("fabric_sand", [196, 176, 142], 0.0, 0.95)
    }
    pub fn leather_brown() -> Material {
        mat("leather_brown", [120, 70, 42], 0.0, 0.55)
    }
    pub fn linen() -> Material {
        mat("linen", [238, 234, 226], 0.0, 0.9)
    }
    pub fn duvet() -> Material {
        mat("duvet", [150, 170, 196], 0.0, 0.9)
    }
    pub fn steel() -> Material {
        mat("steel", [176, 178, 182], 1.0, 0.35)
    }
    pub fn black_metal() -> Material {
        mat("black_metal", [38, 38, 42], 0.8, 0.45)
    }
    pub fn chrome() -> Material {
        mat("chrome", [222, 222, 228], 1.0, 0.1)
    }
    pub fn brass() -> Material {
        mat("brass", [204, 164, 74], 1.0, 0.3)
    }
    pub fn aluminium() -> Material {
        mat("aluminium", [200, 202, 206], 1.0, 0.4)
    }
    pub fn porcelain() -> Material {
        mat("porcelain", [246, 246, 243], 0.0, 0.12)
    }
    pub fn screen() -> Material {
        mat("screen", [10, 10, 12], 0.0, 0.08)
    }
    pub fn black_plastic() -> Material {
        mat("black_plastic", [30, 30, 33], 0.0, 0.5)
    }
    pub fn piano_black() -> Material {
        mat("piano_black", [14, 14, 16], 0.0, 0.12)
    }
    pub fn ivory() -> Material {
        mat("ivory", [246, 243, 234], 0.0, 0.25)
    }
    pub fn leaf() -> Material {
        let mut m = mat("leaf", [64, 128, 54], 0.0, 0.7);
        m.double_sided = true;
        m
    }
    pub fn leaf_dark() -> Material {
        let mut m = mat("leaf_dark", [40, 96, 44], 0.0, 0.7);
        m.double_sided = true;
        m
    }
    pub fn bark() -> Material {
        mat("bark", [96, 72, 50], 0.0, 0.9)
    }
    pub fn terracotta() -> Material {
        mat("terracotta", [178, 94, 62], 0.0, 0.8)
    }
    pub fn soil() -> Material {
        mat("soil", [66, 48, 36], 0.0, 1.0)
    }
    pub fn stone() -> Material {
        mat("stone", [204, 200, 192], 0.0, 0.3)
    }
    pub fn rug_field() -> Material {
        mat("rug_field", [152, 62, 54], 0.0, 1.0)
    }
    pub fn rug_border() -> Material {
        mat("rug_border", [216, 192, 142], 0.0, 1.0)
    }
    pub fn lamp_shade() -> Material {
        let mut m = mat("lamp_shade", [242, 232, 208], 0.0, 0.9);
        m.double_sided = true;
        m
    }
    pub fn bulb() -> Material {
        mat("bulb", [255, 250, 232], 0.0, 0.2)
    }
    pub fn whiteboard() -> Material {
        mat("whiteboard", [250, 250, 250], 0.0, 0.1)
    }
    /// Book spines, by index.
    pub fn book(k: usize) -> Material {
        const COLOURS: [[u8; 3]; 6] = [
            [150, 40, 40],
            [40, 70, 130],
            [200, 170, 60],
            [50, 110, 70],
            [230, 226, 214],
            [90, 50, 100],
        ];
        mat(&format!("book_{k}"), COLOURS[k % COLOURS.len()], 0.0, 0.7)
    }
}

/// Segments around a large round part, a small one, and rings of a sphere.
pub const ROUND: usize = 32;
/// Segments around a leg or a knob.
pub const SMALL: usize = 12;

/// A model under construction.
pub struct Kit {
    model: Model,
}

impl Kit {
    /// An empty model named `id`.
    pub fn new(id: &str) -> Kit {
        Kit {
            model: Model::new(id),
        }
    }

    /// Adds (or finds) a material.
    pub fn mat(&mut self, material: Material) -> usize {
        self.model.material(material)
    }

    /// A box spanning `min`..`max`.
    pub fn cube(&mut self, name: &str, mat: usize, min: [f64; 3], max: [f64; 3]) {
        let (size, centre) = span(min, max);
        self.model.part(
            name,
            primitives::cuboid(size),
            mat,
            Transform::at(centre[0], centre[1], centre[2]),
        );
    }

    /// A box spanning `min`..`max` with edges rounded to `radius`.
    pub fn rounded(&mut self, name: &str, mat: usize, min: [f64; 3], max: [f64; 3], radius: f64) {
        let (size, centre) = span(min, max);
        self.model.part(
            name,
            primitives::rounded_cuboid(size, radius, 2),
            mat,
            Transform::at(centre[0], centre[1], centre[2]),
        );
    }

    /// A vertical cylinder standing on `base` (its bottom centre).
    pub fn cylinder(
        &mut self,
        name: &str,
        mat: usize,
        base: [f64; 3],
        radius: f64,
        height: f64,
        segments: usize,
    ) {
        self.frustum(name, mat, base, radius, radius, height, segments);
    }

    /// A vertical frustum standing on `base`.
    #[allow(clippy::too_many_arguments)]
    pub fn frustum(
        &mut self,
        name: &str,
        mat: usize,
        base: [f64; 3],
        r_bottom: f64,
        r_top: f64,
        height: f64,
        segments: usize,
    ) {
        let mesh = primitives::frustum(r_bottom, r_top, height, segments);
        self.model.part(
            name,
            mesh,
            mat,
            Transform::at(base[0], base[1] + height / 2.0, base[2]),
        );
    }

    /// An ellipsoid centred on `centre`.
    pub fn ball(&mut self, name: &str, mat: usize, centre: [f64; 3], radii: [f64; 3]) {
        let mesh = primitives::ellipsoid(radii, 16, 10);
        self.model.part(
            name,
            mesh,
            mat,
            Transform::at(centre[0], centre[1], centre[2]),
        );
    }

    /// Any mesh, placed by `transform`.
    pub fn place(&mut self, name: &str, mat: usize, mesh: Mesh, transform: Transform) {
        self.model.part(name, mesh, mat, transform);
    }

    /// Four square legs of side `side` under the rectangle `x0..x1` × `z0..z1`, inset by
    /// `inset`, from the floor to `top`.
    #[allow(clippy::too_many_arguments)]
    pub fn square_legs(
        &mut self,
        mat: usize,
        x: [f64; 2],
        z: [f64; 2],
        inset: f64,
        side: f64,
        top: f64,
    ) {
        for (name, sx, sz) in legs_at(x, z, inset + side / 2.0) {
            self.cube(
                name,
                mat,
                [sx - side / 2.0, 0.0, sz - side / 2.0],
                [sx + side / 2.0, top, sz + side / 2.0],
            );
        }
    }

    /// Four round legs (tapering to `r_bottom`) under `x` × `z`, inset, from the floor to `top`.
    #[allow(clippy::too_many_arguments)]
    pub fn round_legs(
        &mut self,
        mat: usize,
        x: [f64; 2],
        z: [f64; 2],
        inset: f64,
        r_top: f64,
        r_bottom: f64,
        top: f64,
    ) {
        for (name, sx, sz) in legs_at(x, z, inset + r_top) {
            self.frustum(name, mat, [sx, 0.0, sz], r_bottom, r_top, top, SMALL);
        }
    }

    /// The model.
    pub fn finish(self) -> Model {
        self.model
    }
}

/// Leg positions under `x` × `z`, `inset` from the edges: (name, x, z).
fn legs_at(x: [f64; 2], z: [f64; 2], inset: f64) -> [(&'static str, f64, f64); 4] {
    let (l, r, b, f) = (x[0] + inset, x[1] - inset, z[0] + inset, z[1] - inset);
    [
        ("leg_back_left", l, b),
        ("leg_back_right", r, b),
        ("leg_front_left", l, f),
        ("leg_front_right", r, f),
    ]
}

/// Size and centre of the box `min`..`max`.
fn span(min: [f64; 3], max: [f64; 3]) -> ([f64; 3], [f64; 3]) {
    (
        std::array::from_fn(|i| (max[i] - min[i]).abs()),
        std::array::from_fn(|i| (max[i] + min[i]) / 2.0),
    )
}
