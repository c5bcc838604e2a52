//! The total reward and its breakdown: R = λ1·format + λ2·physics + λ3·render.

use layout_core::scene::Scene;
use serde::{Deserialize, Serialize};

use crate::answer::ANSWER_SCHEMA;
use crate::format::{FORMAT_OK, format_reward};
use crate::physics::{PhysicsTerms, PhysicsWeights, physics_reward};

/// The weights of the total reward.
///
/// Default: λ1 = λ2 = λ3 = 1 (MetaSpatial sums its three rewards) and
/// [`PhysicsWeights::default`]. Without a judge the render term is absent and contributes 0;
/// the total is not rescaled, so it lies in [0, λ1 + λ2].
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct Weights {
    /// λ1, the format reward's weight.
    pub format: f64,
    /// λ2, the physics reward's weight.
    pub physics: f64,
    /// λ3, the render (judge) reward's weight.
    pub render: f64,
    /// The physics sub-terms' weights.
    pub physics_terms: PhysicsWeights,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            format: 1.0,
            physics: 1.0,
            render: 1.0,
            physics_terms: PhysicsWeights::default(),
        }
    }
}

/// Everything the reward of one answer is made of.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RewardBreakdown {
    /// The answer format graded, `relayout.answer/1`.
    pub answer_format: String,
    /// The format reward: 1, 0.5, 0.1 or 0.
    pub format: f64,
    /// Format problems in words.
    pub format_issues: Vec<String>,
    /// Answer ids the scene does not have.
    pub unknown: Vec<String>,
    /// Scene objects the answer does not place.
    pub missing: Vec<String>,
    /// Ids placed more than once.
    pub duplicated: Vec<String>,
    /// The physics reward in [0, 1]; 0 when the answer does not cover the scene exactly.
    pub physics: f64,
    /// The physics sub-terms, when the answer covers the scene exactly.
    pub physics_terms: Option<PhysicsTerms>,
    /// Collisions, objects out of the room and unsatisfied relations, in words.
    pub violations: Vec<String>,
    /// The render (judge) reward: `None` until a judge is configured.
    pub render: Option<f64>,
    /// Notes, such as why a term is off.
    pub notes: Vec<String>,
    /// R = λ1·format + λ2·physics + λ3·render (an absent render counts 0).
    pub total: f64,
}

/// Scores an answer text for a scene. Never panics.
pub fn score(scene: &Scene, answer_text: &str, weights: &Weights) -> RewardBreakdown {
    let f = format_reward(scene, answer_text);
    let mut notes = vec!["render: off, no judge configured".to_string()];
    let physics_terms = match &f.poses {
        Some(poses) if f.reward == FORMAT_OK => {
            physics_reward(scene, poses, &weights.physics_terms)
        }
        _ => {
            notes.push("physics: 0, the answer does not place each object exactly once".into());
            None
        }
    };
    let physics = physics_terms.as_ref().map_or(0.0, |t| t.reward);
    let render: Option<f64> = None;
    let total = weights.format * f.reward
        + weights.physics * physics
        + render.map_or(0.0, |r| weights.render * r);
    RewardBreakdown {
        answer_format: ANSWER_SCHEMA.to_string(),
        format: f.reward,
        format_issues: f.issues,
        unknown: f.unknown,
        missing: f.missing,
        duplicated: f.duplicated,
        physics,
        violations: physics_terms
            .as_ref()
            .map(|t| t.violations.clone())
            .unwrap_or_default(),
        physics_terms,
        render,
        notes,
        total,
    }
}
