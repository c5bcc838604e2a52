//! Wavefront OBJ with its MTL, converted to a [`Model`]: one part per OBJ object and
//! material, MTL diffuse colours, opacity and shininess as PBR factors, diffuse textures
//! (PNG or JPEG) embedded. Then [`bake`] puts the model in this crate's convention: metres,
//! origin at the bottom centre.

use std::cell::RefCell;
use std::io::Cursor;

use crate::mesh::{Bounds, Mesh, normalized};
use crate::model::{Image, Material, Model, Transform};

/// Reads a file named inside the OBJ (an `mtllib`, a `map_Kd`) relative to the OBJ.
pub type Resolver<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// Why an OBJ (with its MTL) cannot be converted.
#[derive(Debug, thiserror::Error)]
pub enum ObjError {
    /// tobj could not read the OBJ.
    #[error("unreadable OBJ: {0}")]
    Obj(#[source] tobj::LoadError),
    /// An `mtllib` the resolver did not find.
    #[error("its material library `{mtl}` (mtllib) is missing")]
    MissingMtl {
        /// The reference as the OBJ writes it.
        mtl: String,
    },
    /// tobj could not read the MTL.
    #[error("unreadable MTL: {0}")]
    Mtl(#[source] tobj::LoadError),
    /// One object's mesh is broken.
    #[error("object `{object}`: {source}")]
    Object {
        /// The OBJ object's name (`o …`).
        object: String,
        /// What is wrong with its mesh.
        #[source]
        source: MeshError,
    },
    /// No object has a face.
    #[error("the OBJ has no faces")]
    NoFaces,
}

/// What is wrong with one OBJ object's mesh.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MeshError {
    /// A vertex coordinate is NaN or infinite.
    #[error("a coordinate is not a finite number")]
    NonFinite,
    /// A face names a vertex that does not exist.
    #[error("face index {index} beyond {vertices} vertices")]
    FaceIndex {
        /// The offending (0-based) index.
        index: u32,
        /// Vertices of the object.
        vertices: usize,
    },
}

/// Why [`bake`] cannot put a model in this crate's convention.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BakeError {
    /// The rotation has (near) zero determinant, or is not finite.
    #[error("the model rotation is singular")]
    SingularRotation,
    /// The model has no vertices.
    #[error("the model has no vertices")]
    NoVertices,
    /// Every axis is flat: there is no extent to scale to the target.
    #[error("the model is a point: nothing to scale")]
    Point,
}

/// The OBJ `obj` (bytes) as a model in its own units and axes; `resolve` supplies the MTL
/// and textures. Also returns warnings (a missing texture, an unknown material).
pub fn obj_to_model(
    name: &str,
    obj: &[u8],
    resolve: Resolver<'_>,
) -> Result<(Model, Vec<String>), ObjError> {
    // tobj reads lines as UTF-8; OBJ and MTL files are often Latin-1 in their comments.
    let text = String::from_utf8_lossy(obj);
    let missing: RefCell<Vec<String>> = RefCell::new(Vec::new());
    // `..Default::default()` for the fields that tobj features (which another crate may
    // enable) add.
    #[allow(clippy::needless_update)]
    let options = tobj::LoadOptions {
        single_index: true,
        triangulate: true,
        ignore_points: true,
        ignore_lines: true,
        ..Default::default()
    };
    let (meshes, materials) =
        tobj::load_obj_buf(&mut Cursor::new(text.as_bytes()), &options, |path| {
            let reference = path.to_string_lossy().replace('\\', "/");
            let base = reference
                .rsplit('/')
                .next()
                .unwrap_or(&reference)
                .to_string();
            match resolve(&reference).or_else(|| resolve(&base)) {
                Some(bytes) => {
                    tobj::load_mtl_buf(&mut Cursor::new(String::from_utf8_lossy(&bytes).as_bytes()))
                }
                None => {
                    missing.borrow_mut().push(reference);
                    Err(tobj::LoadError::OpenFileFailed)
                }
            }
        })
        .map_err(ObjError::Obj)?;
    if let Some(mtl) = missing.borrow().first() {
        return Err(ObjError::MissingMtl { mtl: mtl.clone() });
    }
    let materials = materials.map_err(ObjError::Mtl)?;

    let mut warnings = Vec::new();
    let mut model = Model::new(name);
    let mut material_index: Vec<Option<usize>> = vec![None; materials.len()];
    let mut default_material = None;
    for (k, source) in meshes.iter().enumerate() {
        let m = &source.mesh;
        if m.indices.is_empty() {
            continue;
        }
        let mesh = mesh_from_obj(m).map_err(|e| ObjError::Object {
            object: source.name.clone(),
            source: e,
        })?;
        let material = match m.material_id.filter(|i| *i < materials.len()) {
            Some(i) => match material_index[i] {
                Some(index) => index,
                None => {
                    let converted = convert_material(&materials[i], resolve, &mut warnings);
                    let index = model.material(converted);
                    material_index[i] = Some(index);
                    index
                }
            },
            None => *default_material.get_or_insert_with(|| {
                if !materials.is_empty() {
                    warnings.push(format!(
                        "object `{}` names no known material; it is grey",
                        source.name
                    ));
                }
                model.material(Material::new("default", [0.8, 0.8, 0.8], 0.0, 0.6))
            }),
        };
        // A mesh without texture coordinates cannot show a texture: drop them when unused.
        let mut mesh = mesh;
        if model.materials[material].texture.is_none() {
            mesh.uvs = None;
        } else if mesh.uvs.is_none() {
            mesh.uvs = Some(vec![[0.0, 0.0]; mesh.positions.len()]);
        }
        let part_name = if source.name.is_empty() {
            format!("part_{k}")
        } else {
            source.name.clone()
        };
        model.part(&part_name, mesh, material, Transform::default());
    }
    if model.parts.is_empty() {
        return Err(ObjError::NoFaces);
    }
    Ok((model, warnings))
}

/// One tobj mesh (single-indexed) as ours; normals computed when the file has none.
fn mesh_from_obj(m: &tobj::Mesh) -> Result<Mesh, MeshError> {
    let positions: Vec<[f32; 3]> = m
        .positions
        .chunks_exact(3)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    if positions.iter().flatten().any(|v| !v.is_finite()) {
        return Err(MeshError::NonFinite);
    }
    let n = positions.len();
    if let Some(bad) = m.indices.iter().find(|i| **i as usize >= n) {
        return Err(MeshError::FaceIndex {
            index: *bad,
            vertices: n,
        });
    }
    let normals: Vec<[f32; 3]> = if m.normals.len() == m.positions.len() {
        m.normals
            .chunks_exact(3)
            .map(|v| normalized([v[0], v[1], v[2]].map(f64::from)).map(|x| x as f32))
            .collect()
    } else {
        smooth_normals(&positions, &m.indices)
    };
    let uvs = (m.texcoords.len() / 2 == n && n > 0).then(|| {
        m.texcoords
            .chunks_exact(2)
            .map(|t| [t[0], 1.0 - t[1]])
            .collect()
    });
    Ok(Mesh {
        positions,
        normals,
        uvs,
        indices: m.indices.clone(),
    })
}

/// Area-weighted vertex normals.
fn smooth_normals(positions: &[[f32; 3]], indices: &[u32]) -> Vec<[f32; 3]> {
    let mut acc = vec![[0.0f64; 3]; positions.len()];
    for t in indices.chunks_exact(3) {
        let [a, b, c] = [t[0], t[1], t[2]].map(|i| positions[i as usize].map(f64::from));
        let (u, v) = (
            [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
            [c[0] - a[0], c[1] - a[1], c[2] - a[2]],
        );
        let g = [
            u[1] * v[2] - u[2] * v[1],
            u[2] * v[0] - u[0] * v[2],
            u[0] * v[1] - u[1] * v[0],
        ];
        for i in t {
            for k in 0..3 {
                acc[*i as usize][k] += g[k];
            }
        }
    }
    acc.into_iter()
        .map(|n| normalized(n).map(|x| x as f32))
        .collect()
}

/// An MTL material as PBR: `Kd` (white under a texture, which carries the colour), `d` as
/// alpha, `Ns` as roughness √(2 / (Ns + 2)), never metallic.
fn convert_material(
    m: &tobj::Material,
    resolve: Resolver<'_>,
    warnings: &mut Vec<String>,
) -> Material {
    let name = if m.name.is_empty() {
        "material".to_string()
    } else {
        m.name.clone()
    };
    let texture = m.diffuse_texture.as_deref().and_then(|reference| {
        // `map_Kd -s 1 1 1 wood.png`: options first, the file last.
        let file = if reference.trim_start().starts_with('-') {
            reference.split_whitespace().last().unwrap_or(reference)
        } else {
            reference.trim()
        };
        let file = file.replace('\\', "/");
        // Exporters often leave an absolute path of the author's machine; the file itself
        // usually sits beside the OBJ.
        let base = file.rsplit('/').next().unwrap_or(&file);
        let Some(bytes) = resolve(&file).or_else(|| resolve(base)) else {
            warnings.push(format!(
                "material `{name}`: texture `{file}` is missing; using its colour"
            ));
            return None;
        };
        let mime = if bytes.starts_with(b"\x89PNG") {
            "image/png"
        } else if bytes.starts_with(&[0xff, 0xd8]) {
            "image/jpeg"
        } else {
            warnings.push(format!(
                "material `{name}`: texture `{file}` is neither PNG nor JPEG; using its colour"
            ));
            return None;
        };
        Some(Image {
            mime_type: mime.to_string(),
            bytes,
        })
    });
    let kd = m.diffuse.unwrap_or([0.8, 0.8, 0.8]);
    let rgb = if texture.is_some() {
        [1.0; 3]
    } else {
        kd.map(|c| c.clamp(0.0, 1.0))
    };
    let alpha = m.dissolve.unwrap_or(1.0).clamp(0.0, 1.0);
    let roughness = m.shininess.map_or(0.6, |ns| {
        (2.0 / (ns.max(0.0) + 2.0)).sqrt().clamp(0.05, 1.0)
    });
    Material {
        name,
        base_color: [rgb[0], rgb[1], rgb[2], alpha],
        metallic: 0.0,
        roughness,
        texture,
        double_sided: true, // OBJ libraries rarely get their winding consistent
    }
}

/// How [`bake`] scales a model.
#[derive(Clone, Copy, Debug)]
pub enum Fit {
    /// Metres per model unit, the same on every axis.
    Uniform(f64),
    /// Stretch each axis to these extents in metres (glTF axes: x, y up, z), as Sweet
    /// Home 3D does with a catalogue's width, height and depth.
    Extents([f64; 3]),
}

/// Bakes into every vertex of `model` (whose parts must all be untransformed): the rotation
/// `rotation` (row-major, applied as `R · p`), then the scale, then a translation putting
/// the bottom centre at the origin. Returns the new bounds and the scale factor per axis.
pub fn bake(
    model: &mut Model,
    rotation: Option<[[f64; 3]; 3]>,
    fit: Fit,
) -> Result<(Bounds, [f64; 3]), BakeError> {
    let r = rotation.unwrap_or([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]);
    let mul = |p: [f64; 3]| -> [f64; 3] {
        std::array::from_fn(|i| r[i][0] * p[0] + r[i][1] * p[1] + r[i][2] * p[2])
    };
    let det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
        - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
        + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
    if det.abs() < 1e-6 || !det.is_finite() {
        return Err(BakeError::SingularRotation);
    }
    for mesh in &mut model.meshes {
        for p in &mut mesh.positions {
            *p = mul(p.map(f64::from)).map(|v| v as f32);
        }
        for n in &mut mesh.normals {
            *n = normalized(mul(n.map(f64::from))).map(|v| v as f32);
        }
        if det < 0.0 {
            // A mirror turns every triangle inside out.
            for t in mesh.indices.chunks_exact_mut(3) {
                t.swap(1, 2);
            }
        }
    }
    let bounds = model.bounds().ok_or(BakeError::NoVertices)?;
    let extent = bounds.extent();
    let factors: [f64; 3] = match fit {
        Fit::Uniform(s) => [s; 3],
        Fit::Extents(target) => {
            let raw: [Option<f64>; 3] = std::array::from_fn(|i| {
                (extent[i] > 1e-9 && target[i] > 0.0).then(|| target[i] / extent[i])
            });
            let known: Vec<f64> = raw.iter().flatten().copied().collect();
            if known.is_empty() {
                return Err(BakeError::Point);
            }
            // A flat axis (a rug, a picture) keeps the mean scale of the others.
            let mean = known.iter().sum::<f64>() / known.len() as f64;
            raw.map(|f| f.unwrap_or(mean))
        }
    };
    let centre = crate::catalog::bottom_centre(&bounds);
    for mesh in &mut model.meshes {
        for p in &mut mesh.positions {
            *p = std::array::from_fn(|i| ((f64::from(p[i]) - centre[i]) * factors[i]) as f32);
        }
        if factors.iter().any(|f| (f - factors[0]).abs() > 1e-12) {
            for n in &mut mesh.normals {
                *n = normalized(std::array::from_fn(|i| f64::from(n[i]) / factors[i]))
                    .map(|v| v as f32);
            }
        }
    }
    let bounds = model.bounds().ok_or(BakeError::NoVertices)?;
    Ok((bounds, factors))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUBE: &str = "mtllib cube.mtl\no cube\nv 0 0 0\nv 2 0 0\nv 2 2 0\nv 0 2 0\nv 0 0 2\nv 2 0 2\nv 2 2 2\nv 0 2 2\n\
usemtl red\nf 1 4 3 2\nf 5 6 7 8\nf 1 2 6 5\nf 2 3 7 6\nf 3 4 8 7\nf 4 1 5 8\n";
    const MTL: &str = "newmtl red\nKd 0.8 0.1 0.1\nNs 50\nd 1\n";

    #[test]
    fn converts_a_cube_with_its_material() {
        let resolve = |name: &str| (name == "cube.mtl").then(|| MTL.as_bytes().to_vec());
        let (mut model, warnings) =
            obj_to_model("cube", CUBE.as_bytes(), &resolve).expect("converts");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(model.parts.len(), 1);
        assert_eq!(model.meshes[0].triangle_count(), 12);
        assert_eq!(model.materials[0].base_color, [0.8, 0.1, 0.1, 1.0]);
        let (bounds, factors) = bake(&mut model, None, Fit::Uniform(0.5)).expect("bakes");
        assert_eq!(factors, [0.5; 3]);
        assert_eq!(bounds.min, [-0.5, 0.0, -0.5]);
        assert_eq!(bounds.max, [0.5, 1.0, 0.5]);
    }

    #[test]
    fn a_missing_mtl_is_an_error_naming_it() {
        let err = obj_to_model("cube", CUBE.as_bytes(), &|_| None).expect_err("no MTL");
        assert!(err.to_string().contains("cube.mtl"), "{err}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let err =
            obj_to_model("x", b"\x00\xff garbage\nf 1 2 3\n", &|_| None).expect_err("garbage");
        assert!(!err.to_string().is_empty());
        let err = obj_to_model("x", b"v 1 2 3\nv nan 0 0\nv 0 1 0\nf 1 2 3\n", &|_| None)
            .expect_err("nan");
        let err = err.to_string();
        assert!(err.contains("finite") || err.contains("OBJ"), "{err}");
    }

    #[test]
    fn extents_fit_each_axis_and_rotation_applies_first() {
        let resolve = |_: &str| Some(MTL.as_bytes().to_vec());
        let (mut model, _) = obj_to_model("cube", CUBE.as_bytes(), &resolve).expect("converts");
        // A quarter turn about X: y' = −z, z' = y.
        let r = [[1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]];
        let (bounds, _) = bake(&mut model, Some(r), Fit::Extents([1.0, 0.5, 2.0])).expect("bakes");
        let e = bounds.extent();
        assert!(
            (e[0] - 1.0).abs() < 1e-6 && (e[1] - 0.5).abs() < 1e-6 && (e[2] - 2.0).abs() < 1e-6,
            "{e:?}"
        );
        assert!(bounds.min[1].abs() < 1e-6);
    }
}
