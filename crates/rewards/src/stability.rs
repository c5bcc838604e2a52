//! The stability term (feature `stability`): every object is dropped, as a box, into a Rapier
//! world with a floor and gravity, and simulated for one second. An object is stable when it
//! moves less than [`STABLE_MOVE`]; objects that hang on a wall are fixed. Overlapping boxes
//! push each other apart, and boxes in mid-air fall, so both count as unstable.

use std::collections::BTreeMap;

use rapier3d::prelude::{ColliderBuilder, PhysicsWorld, RigidBodyBuilder, Vector};
use relayout_core::placement::heights;
use relayout_core::scene::{Pose, Scene, Support};
use serde::{Deserialize, Serialize};

/// Largest displacement of a stable object, metres.
pub const STABLE_MOVE: f64 = 0.05;
/// Simulated time, seconds (at Rapier's default 60 Hz).
pub const SETTLE_SECONDS: f64 = 1.0;
/// Boxes are shrunk by this much on each side so that touching is not overlapping, metres.
const SKIN: f64 = 0.005;

/// The stability of one layout.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct StabilityTerms {
    /// Share of the movable objects that stay within [`STABLE_MOVE`] (1 when none can move).
    pub stable_ratio: f64,
    /// Mean displacement of the movable objects, metres.
    pub mean_displacement: f64,
    /// The objects that moved more than [`STABLE_MOVE`].
    pub moved: Vec<String>,
}

/// Simulates the scene at these poses (one per object); `None` when an object has no pose.
pub fn stability(scene: &Scene, poses: &BTreeMap<String, Pose>) -> Option<StabilityTerms> {
    if scene.objects.iter().any(|o| !poses.contains_key(&o.id)) {
        return None;
    }
    let z0 = heights(scene, poses);
    let mut world = PhysicsWorld::new();
    world.gravity = Vector::new(0.0, 0.0, -9.81);
    let ground = world.insert_body(RigidBodyBuilder::fixed());
    world.insert_collider(
        ColliderBuilder::cuboid(1e4, 1e4, 0.5).translation(Vector::new(0.0, 0.0, -0.5)),
        Some(ground),
    );
    let mut bodies = Vec::new();
    for (i, o) in scene.objects.iter().enumerate() {
        let p = poses[&o.id];
        let half = o.size.map(|s| ((s * 0.5 - SKIN).max(0.001)) as f32);
        let start = Vector::new(p.x as f32, p.y as f32, (z0[i] + o.size[2] * 0.5) as f32);
        let builder = match o.support {
            Support::Wall => RigidBodyBuilder::fixed(),
            Support::Floor | Support::Object => RigidBodyBuilder::dynamic(),
        };
        let builder =
            builder
                .translation(start)
                .rotation(Vector::new(0.0, 0.0, p.rz.to_radians() as f32));
        let (h, _) = world.insert(builder, ColliderBuilder::cuboid(half[0], half[1], half[2]));
        if o.support != Support::Wall {
            bodies.push((o.id.clone(), h, start));
        }
    }
    let steps = (SETTLE_SECONDS * 60.0).round() as usize;
    for _ in 0..steps {
        world.step();
    }
    let mut moved = Vec::new();
    let mut total = 0.0;
    for (id, h, start) in &bodies {
        let d = f64::from((world.bodies[*h].translation() - *start).length());
        let d = if d.is_finite() { d } else { f64::INFINITY };
        total += d.min(1e4);
        if d > STABLE_MOVE {
            moved.push(id.clone());
        }
    }
    let n = bodies.len();
    Some(StabilityTerms {
        stable_ratio: if n == 0 {
            1.0
        } else {
            (n - moved.len()) as f64 / n as f64
        },
        mean_displacement: if n == 0 { 0.0 } else { total / n as f64 },
        moved,
    })
}
