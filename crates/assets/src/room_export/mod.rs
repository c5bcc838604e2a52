//! The arranged room as one binary glTF (`relayout export`, the editor's "Export glTF…"), for
//! Blender, game engines and any glTF viewer: a `room` node with the floor, the walls cut around
//! their doors and windows, and the windows' glass; then one node per placed object, named by
//! its id, carrying its furniture model's meshes and materials (a box of its size when it has
//! no model, or its model cannot be read).
//!
//! Nodes are in glTF's frame (+Y up, metres, no rotation at the root): an object at layout
//! `(x, y, z)` turned `rz` degrees has its node at `(x, z, −y)`, turned `rz` about +Y. Under it
//! the model sits as the editor shows it ([`crate::library::Fit`]).

mod merge;
mod room_model;

use std::collections::BTreeMap;
use std::fmt;

use relayout_core::scene::Scene;
use serde_json::json;

use crate::library::{Fit, Library};
use merge::{Added, Merger};

/// The export, and what it had to leave out.
#[derive(Clone, Debug)]
pub struct RoomExport {
    /// The `.glb` file's bytes.
    pub glb: Vec<u8>,
    /// Objects written (those with a pose).
    pub objects: usize,
    /// Distinct furniture models embedded.
    pub models: usize,
    /// Objects drawn as boxes because no model was found, or it could not be read.
    pub boxes: Vec<String>,
    /// What was left out or replaced, each naming the object or model.
    pub notes: Vec<String>,
}

impl fmt::Display for RoomExport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} objects, {} models, {:.2} MB",
            self.objects,
            self.models,
            self.glb.len() as f64 / 1e6
        )?;
        if !self.boxes.is_empty() {
            write!(f, "; drawn as boxes: {}", self.boxes.join(", "))?;
        }
        Ok(())
    }
}

/// The quaternion of a turn about +Y, degrees.
fn yaw_quat(deg: f64) -> [f64; 4] {
    let h = deg.to_radians() / 2.0;
    [0.0, h.sin(), 0.0, h.cos()]
}

/// Numbers in the file rounded to 1e-9 (no `-0`, no `0.30000000000000004`).
fn tidy<const N: usize>(v: [f64; N]) -> [f64; N] {
    v.map(|x| crate::glb_writer::round_to(x, 1e-9))
}

/// Writes the scene as one `.glb`. Objects without a pose are left out (and noted); a model
/// that cannot be read becomes a box of the object's size (and is noted).
pub fn export_room(scene: &Scene, library: &Library) -> RoomExport {
    let mut m = Merger::default();
    let mut notes = Vec::new();
    let mut roots = Vec::new();

    let room = m
        .add(&room_model::room_glb(scene), &mut notes)
        .expect("the room's own glTF is valid");
    let room_node = m.place(&room, room.roots[0]);
    roots.push(room_node);

    // Each model once (meshes shared by every object using it); a box for the rest.
    let mut models: BTreeMap<std::path::PathBuf, Result<Added, ()>> = BTreeMap::new();
    let unit_box = m
        .add(&room_model::unit_box_glb(), &mut notes)
        .expect("the box's own glTF is valid");
    let mut boxes = Vec::new();
    let mut objects = 0;
    for o in &scene.objects {
        let Some(pose) = scene.poses.get(&o.id) else {
            notes.push(format!("{}: no pose yet; left out", o.id));
            continue;
        };
        objects += 1;
        let node = m.node(json!({
            "name": o.id,
            "translation": tidy([pose.x, pose.z, -pose.y]),
            "rotation": tidy(yaw_quat(pose.rz)),
            "extras": {"category": o.category, "size": o.size},
        }));
        roots.push(node);
        let found = library.model_for(o);
        let placed = found.and_then(|f| {
            let path = f.path();
            let added = models.entry(path.clone()).or_insert_with(|| {
                let mut model_notes = Vec::new();
                let added = std::fs::read(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| m.add(&bytes, &mut model_notes));
                for n in model_notes {
                    notes.push(format!("{}: {n}", path.display()));
                }
                added.map_err(|e| {
                    notes.push(format!(
                        "{}: model {} cannot be read ({e}); drawn as a box",
                        o.id,
                        path.display()
                    ))
                })
            });
            let added = added.as_ref().ok()?.clone();
            Some((f.entry.clone(), added))
        });
        let child = match placed {
            Some((entry, added)) => {
                let fit = Fit::new(&entry, o.size);
                let inner = m.node(json!({
                    "name": format!("{} model", o.id),
                    "translation": tidy(fit.translation),
                    "rotation": tidy(fit.rotation),
                    "scale": tidy([fit.scale; 3]),
                }));
                let parts: Vec<usize> = added.roots.iter().map(|&r| m.place(&added, r)).collect();
                m.adopt(inner, parts);
                let stretch = m.node(json!({
                    "name": format!("{} fit", o.id),
                    "scale": tidy(fit.stretch),
                }));
                m.adopt(stretch, vec![inner]);
                stretch
            }
            None => {
                boxes.push(o.id.clone());
                let b = m.place(&unit_box, unit_box.roots[0]);
                let holder = m.node(json!({
                    "name": format!("{} box", o.id),
                    "scale": tidy([o.size[0], o.size[2], o.size[1]]),
                }));
                m.adopt(holder, vec![b]);
                holder
            }
        };
        m.adopt(node, vec![child]);
    }
    let name = if scene.instruction.is_empty() {
        "room".to_string()
    } else {
        scene.instruction.chars().take(80).collect()
    };
    let models_count = models.values().filter(|a| a.is_ok()).count();
    let glb = m.finish(
        &name,
        roots,
        concat!("relayout ", env!("CARGO_PKG_VERSION")),
    );
    RoomExport {
        glb,
        objects,
        models: models_count,
        boxes,
        notes,
    }
}
