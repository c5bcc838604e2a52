//! A one-thread micro benchmark of the physics reward.

use std::collections::BTreeMap;
use std::time::Instant;

use layout_core::scene::{Pose, Scene};

use crate::physics::{PhysicsScorer, PhysicsWeights};

/// Physics rewards per second, on one thread, over `layouts` random layouts of `scene` (poses
/// drawn uniformly in the room's width × depth with a random yaw, seed 7; drawing them is not
/// timed).
pub fn physics_throughput(scene: &Scene, layouts: usize) -> f64 {
    let mut rng = fastrand::Rng::with_seed(7);
    let (w, d) = (scene.room.width, scene.room.depth);
    let all: Vec<BTreeMap<String, Pose>> = (0..layouts)
        .map(|_| {
            scene
                .objects
                .iter()
                .map(|o| {
                    let pose = Pose {
                        x: rng.f64() * w,
                        y: rng.f64() * d,
                        z: 0.0,
                        rz: rng.f64() * 360.0,
                    };
                    (o.id.clone(), pose)
                })
                .collect()
        })
        .collect();
    let weights = PhysicsWeights::default();
    let start = Instant::now();
    let scorer = PhysicsScorer::new(scene);
    let mut sum = 0.0;
    for poses in &all {
        sum += scorer.score(poses, &weights).map_or(0.0, |t| t.reward);
    }
    std::hint::black_box(sum);
    layouts as f64 / start.elapsed().as_secs_f64().max(1e-12)
}
