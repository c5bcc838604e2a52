//! One-thread micro benchmarks of the rewards without rendering, on synthetic scenes; `relayout
//! bench --rewards` prints them.

use std::collections::BTreeMap;
use std::time::Instant;

use relayout_core::scene::{Pose, Scene, parse_scene};

use crate::answer::AnswerItem;
use crate::breakdown::{Scorer, Weights};
use crate::physics::{PhysicsScorer, PhysicsWeights};

/// A room of about `n`·0.6 m² with a door and a window, `n` pieces of four sizes (chairs, desks,
/// beds, nightstands, so that the design rules have work), and an `against_wall` relation for one
/// piece in five.
pub fn synthetic_scene(n: usize) -> Scene {
    let side = (n as f64 * 0.6).sqrt().max(3.0);
    let sizes = [
        [0.5, 0.5, 0.9],
        [1.2, 0.6, 0.75],
        [1.6, 2.0, 0.5],
        [0.4, 0.4, 0.5],
    ];
    let categories = ["dining_chair", "desk", "bed", "nightstand"];
    let objects: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "id": format!("box-{i}"),
                "category": categories[i % categories.len()],
                "size": sizes[i % sizes.len()],
            })
        })
        .collect();
    let walls = ["L", "R", "B", "T"];
    let relations: Vec<serde_json::Value> = (0..n)
        .step_by(5)
        .map(|i| {
            serde_json::json!({
                "type": "against_wall",
                "source": format!("box-{i}"),
                "wall": walls[i / 5 % 4],
            })
        })
        .collect();
    let doc = serde_json::json!({
        "schema": "relayout.scene/1",
        "room": {
            "width": side, "depth": side, "height": 2.7,
            "openings": [
                {"kind": "door", "wall": "B", "offset": 0.5, "width": 0.9},
                {"kind": "window", "wall": "T", "offset": 0.5, "width": 1.2, "sill": 0.9}
            ],
        },
        "objects": objects,
        "relations": relations,
    });
    parse_scene(&doc.to_string()).expect("a valid generated scene")
}

/// `layouts` random layouts of `scene`: poses uniform in the room's width × depth with a
/// random yaw, seed 7.
pub fn random_layouts(scene: &Scene, layouts: usize) -> Vec<BTreeMap<String, Pose>> {
    let mut rng = fastrand::Rng::with_seed(7);
    let (w, d) = (scene.room.width, scene.room.depth);
    (0..layouts)
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
        .collect()
}

/// Physics rewards per second on one thread (the scene prepared once; drawing the layouts is
/// not timed).
pub fn physics_throughput(scene: &Scene, layouts: usize) -> f64 {
    physics_throughput_with(scene, layouts, &PhysicsWeights::default())
}

/// The physics weights that simulate the layout too: the defaults plus a stability weight of 1
/// (with the `stability` feature; without it the term is absent and this is the default rate).
pub fn weights_with_stability() -> PhysicsWeights {
    PhysicsWeights {
        stability: 1.0,
        ..PhysicsWeights::default()
    }
}

/// The physics weights with the design rules too: the defaults plus a design weight of 1.
pub fn weights_with_design() -> PhysicsWeights {
    PhysicsWeights {
        design: 1.0,
        ..PhysicsWeights::default()
    }
}

/// [`physics_throughput`] with the given weights (e.g. [`weights_with_stability`]).
pub fn physics_throughput_with(scene: &Scene, layouts: usize, weights: &PhysicsWeights) -> f64 {
    let all = random_layouts(scene, layouts);
    let start = Instant::now();
    let scorer = PhysicsScorer::new(scene);
    let mut sum = 0.0;
    for poses in &all {
        sum += scorer.score(poses, weights).map_or(0.0, |t| t.reward);
    }
    std::hint::black_box(sum);
    layouts as f64 / start.elapsed().as_secs_f64().max(1e-12)
}

/// `layouts` random layouts of `scene` as answer texts (`<think>…</think><answer>[…]</answer>`).
pub fn answer_texts(scene: &Scene, layouts: usize) -> Vec<String> {
    random_layouts(scene, layouts)
        .into_iter()
        .map(|poses| {
            let items: Vec<AnswerItem> = poses
                .into_iter()
                .map(|(id, p)| AnswerItem {
                    id,
                    x: p.x,
                    y: p.y,
                    z: p.z,
                    rz: p.rz,
                })
                .collect();
            format!(
                "<think>…</think><answer>{}</answer>",
                serde_json::to_string(&items).unwrap_or_default()
            )
        })
        .collect()
}

/// Whole rewards per second on one thread, from answer texts (`<answer>[…]</answer>`):
/// extraction, parsing, the format ladder and physics, as the reward server scores them.
pub fn answer_throughput(scene: &Scene, layouts: usize) -> f64 {
    let texts = answer_texts(scene, layouts);
    let weights = Weights::default();
    let start = Instant::now();
    let scorer = Scorer::new(scene);
    let mut sum = 0.0;
    for t in &texts {
        sum += scorer.score(t, &weights).total;
    }
    std::hint::black_box(sum);
    layouts as f64 / start.elapsed().as_secs_f64().max(1e-12)
}
