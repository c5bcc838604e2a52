//! A stand-in policy that needs no network, for trying refinement and rollouts end to end and
//! for tests: its first answer scatters the objects at random (seeded), and each later answer
//! repairs the previous one with a short run of the solver started from it, so that rewards
//! rise over the turns as a learning policy's should.

use std::collections::BTreeMap;

use relayout_core::scene::{Pose, Scene, Support};
use relayout_core::solver::{SolveOptions, solve};

use crate::answer::AnswerItem;

/// The share of the solver's usual iteration budget a repair turn gets.
pub const REPAIR_EFFORT: f64 = 0.25;

/// Random poses inside the room's bounding box, drawn from `seed`.
pub fn scatter(scene: &Scene, seed: u64) -> BTreeMap<String, Pose> {
    let mut rng = fastrand::Rng::with_seed(seed);
    scene
        .objects
        .iter()
        .map(|o| {
            let z = match o.support {
                Support::Floor => 0.0,
                Support::Wall => 1.2_f64.min((scene.room.height - o.size[2]).max(0.0)),
                Support::Object => 0.5,
            };
            let pose = Pose {
                x: round(rng.f64() * scene.room.width),
                y: round(rng.f64() * scene.room.depth),
                z,
                rz: (rng.u32(0..4) * 90) as f64,
            };
            (o.id.clone(), pose)
        })
        .collect()
}

/// The previous poses improved by the solver (one start, [`REPAIR_EFFORT`]); the previous
/// poses themselves when the solver cannot start.
pub fn repair(
    scene: &Scene,
    previous: &BTreeMap<String, Pose>,
    seed: u64,
) -> BTreeMap<String, Pose> {
    let mut s = scene.clone();
    s.poses = previous.clone();
    let opts = SolveOptions {
        seed,
        starts: 1,
        effort: REPAIR_EFFORT,
        ..SolveOptions::default()
    };
    match solve(&s, &opts) {
        Ok(sol) => sol
            .poses
            .into_iter()
            .map(|(id, p)| {
                let p = Pose {
                    x: round(p.x),
                    y: round(p.y),
                    z: round(p.z),
                    rz: round(p.rz),
                };
                (id, p)
            })
            .collect(),
        Err(_) => previous.clone(),
    }
}

/// The answer text for poses, in the `<think>…</think><answer>…</answer>` form.
pub fn answer_text(scene: &Scene, poses: &BTreeMap<String, Pose>, thought: &str) -> String {
    let items: Vec<AnswerItem> = scene
        .objects
        .iter()
        .filter_map(|o| {
            poses.get(&o.id).map(|p| AnswerItem {
                id: o.id.clone(),
                x: p.x,
                y: p.y,
                z: p.z,
                rz: p.rz,
            })
        })
        .collect();
    let json = serde_json::to_string(&items).unwrap_or_else(|_| "[]".into());
    format!("<think>{thought}</think>\n<answer>{json}</answer>")
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
