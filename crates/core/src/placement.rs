//! From poses to bodies: each object's footprint and height, each unit's joint box in its anchor's
//! frame, and the heights that relations fix (`on_wall`, `on_top_of`).

use std::collections::BTreeMap;

use crate::geometry::{Aabb2, Footprint, Frame, Real, Vec2};
use crate::relation::{Body, Entity, Relation};
use crate::scene::{Pose, Scene, Support};

/// A unit's members' joint footprint, in the anchor's frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitBox {
    /// Centre of the box in the anchor's frame, metres.
    pub offset: Vec2<f64>,
    /// Width and depth of the box, metres.
    pub size: [f64; 2],
    /// Lowest bottom, metres.
    pub z0: f64,
    /// Highest top minus lowest bottom, metres.
    pub height: f64,
}

/// The body of object `i` at a frame.
pub fn object_body<T: Real>(scene: &Scene, i: usize, frame: Frame<T>, z0: f64) -> Body<T> {
    let s = scene.objects[i].size;
    Body {
        frame,
        fp: Footprint::new(frame, Vec2::cst(0.0, 0.0), [s[0], s[1]]),
        z0,
        height: s[2],
    }
}

/// The body of a unit at its frame.
pub fn unit_body<T: Real>(frame: Frame<T>, b: &UnitBox) -> Body<T> {
    Body {
        frame,
        fp: Footprint::new(frame, b.offset, b.size),
        z0: b.z0,
        height: b.height,
    }
}

/// The joint box of a unit whose objects have the given frames in the anchor's frame.
pub fn unit_box(
    scene: &Scene,
    objects: &[usize],
    local: impl Fn(usize) -> Frame<f64>,
    z: &[f64],
) -> UnitBox {
    let (mut lo, mut hi) = (f64::MAX, f64::MIN);
    let boxes = objects.iter().map(|&i| {
        let s = scene.objects[i].size;
        lo = lo.min(z[i]);
        hi = hi.max(z[i] + s[2]);
        Footprint::new(local(i), Vec2::cst(0.0, 0.0), [s[0], s[1]]).aabb()
    });
    let Some(b) = Aabb2::union_all(boxes) else {
        return UnitBox {
            offset: Vec2::cst(0.0, 0.0),
            size: [0.0, 0.0],
            z0: 0.0,
            height: 0.0,
        };
    };
    let [cx, cy] = b.center();
    UnitBox {
        offset: Vec2::cst(cx, cy),
        size: b.size(),
        z0: lo,
        height: hi - lo,
    }
}

/// Bottom heights of every object: from `on_wall` and `on_top_of` relations where they say,
/// otherwise the given pose's z for wall- and object-supported things, otherwise the floor.
pub fn heights(scene: &Scene, poses: &BTreeMap<String, Pose>) -> Vec<f64> {
    let mut z: Vec<f64> = scene
        .objects
        .iter()
        .map(|o| match (o.support, poses.get(&o.id)) {
            (Support::Floor, _) | (_, None) => 0.0,
            (_, Some(p)) => p.z,
        })
        .collect();
    // on_top_of chains settle in at most N passes; a cycle (refused nowhere else) just stops.
    for _ in 0..=scene.objects.len() {
        let mut changed = false;
        for r in &scene.relations {
            let (i, v) = match r {
                Relation::OnWall { source, height, .. } => match scene.object_index(source) {
                    Some(i) => (i, *height),
                    None => continue,
                },
                Relation::OnTopOf { source, target } => {
                    match (scene.object_index(source), scene.object_index(target)) {
                        (Some(i), Some(t)) => (i, z[t] + scene.objects[t].size[2]),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            if (z[i] - v).abs() > 1e-12 {
                z[i] = v;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    z
}

/// Object pairs that never count as colliding: one rests on the other.
pub fn stacked_pairs(scene: &Scene) -> Vec<(usize, usize)> {
    scene
        .relations
        .iter()
        .filter_map(|r| match r {
            Relation::OnTopOf { source, target } => {
                let (a, b) = (scene.object_index(source)?, scene.object_index(target)?);
                Some((a.min(b), a.max(b)))
            }
            _ => None,
        })
        .collect()
}

/// World frames and bodies of a scene at given poses (all objects must have one).
pub struct Placed {
    /// World frame of each object.
    pub frames: Vec<Frame<f64>>,
    /// Bottom height of each object.
    pub z: Vec<f64>,
    /// Joint box of each unit.
    pub unit_boxes: Vec<UnitBox>,
}

impl Placed {
    /// Places a scene's objects at poses (degrees → radians). Objects without a pose are
    /// reported by id.
    pub fn from_poses(
        scene: &Scene,
        poses: &BTreeMap<String, Pose>,
    ) -> Result<Placed, Vec<String>> {
        let missing: Vec<String> = scene
            .objects
            .iter()
            .filter(|o| !poses.contains_key(&o.id))
            .map(|o| o.id.clone())
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        let frames: Vec<Frame<f64>> = scene
            .objects
            .iter()
            .map(|o| {
                let p = poses[&o.id];
                Frame::new(p.x, p.y, p.rz.to_radians())
            })
            .collect();
        let z = heights(scene, poses);
        let unit_boxes = (0..scene.units.len())
            .map(|u| {
                let objs = crate::relation::resolve::entity_objects(scene, Entity::Unit(u));
                let anchor = objs
                    .first()
                    .map(|&a| frames[a])
                    .unwrap_or(Frame::new(0.0, 0.0, 0.0));
                let inv = anchor.inverse();
                unit_box(scene, &objs, |i| inv.compose(frames[i]), &z)
            })
            .collect();
        Ok(Placed {
            frames,
            z,
            unit_boxes,
        })
    }

    /// Each object's footprint, in the scene's order: what the metrics and the design rules
    /// read, computed once per layout and handed to both.
    pub fn footprints(&self, scene: &Scene) -> Vec<Footprint<f64>> {
        (0..scene.objects.len())
            .map(|i| self.body(scene, Entity::Object(i)).fp)
            .collect()
    }

    /// The body of an entity.
    pub fn body(&self, scene: &Scene, e: Entity) -> Body<f64> {
        match e {
            Entity::Object(i) => object_body(scene, i, self.frames[i], self.z[i]),
            Entity::Unit(u) => {
                let anchor = scene
                    .object_index(&scene.units[u].anchor)
                    .map(|a| self.frames[a]);
                unit_body(
                    anchor.unwrap_or(Frame::new(0.0, 0.0, 0.0)),
                    &self.unit_boxes[u],
                )
            }
        }
    }
}
