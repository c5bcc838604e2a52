//! The total reward and its breakdown: R = λ1·format + λ2·physics + λ3·render.

use std::collections::BTreeMap;

use relayout_core::scene::{Pose, Scene};
use serde::{Deserialize, Serialize};

use crate::answer::ANSWER_SCHEMA;
use crate::format::{FORMAT_OK, format_reward};
use crate::judge::{JudgeError, JudgeScores};
use crate::physics::{PhysicsScorer, PhysicsTerms, PhysicsWeights};
use crate::violation::Violation;

/// The weights of the total reward.
///
/// Default: λ1 = λ2 = λ3 = 1 and [`PhysicsWeights::default`]. Without a judge the render term
/// is absent and contributes 0; the total is not rescaled, so it lies in [0, λ1 + λ2].
///
/// MetaSpatial's own total (its `metaverse_compute_score`) is
/// `judge_sum / 50 + 0.5·format − 0.2·collision_ratio − 0.2·constraint_ratio`, where the
/// constraint ratio counts objects outside the room. [`Weights::metaspatial`] reproduces it up
/// to a constant: λ1 = 0.5, λ3 = 1, λ2 = 0.4 with physics = 1 − (CR + OR) / 2, which is
/// MetaSpatial's total + 0.4 — a shift that group-relative advantages ignore.
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

impl Weights {
    /// R = λ1·format + λ2·physics + λ3·render, an absent render counting 0.
    pub fn total(&self, format: f64, physics: f64, render: Option<f64>) -> f64 {
        self.format * format + self.physics * physics + render.map_or(0.0, |r| self.render * r)
    }

    /// MetaSpatial's weighting (see the type's documentation).
    pub fn metaspatial() -> Self {
        Weights {
            format: 0.5,
            physics: 0.4,
            render: 1.0,
            physics_terms: PhysicsWeights {
                collision: 1.0,
                pair_collision: 0.0,
                out_of_room: 1.0,
                violation: 0.0,
                penetration: 0.0,
                stability: 0.0,
                design: 0.0,
            },
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
    /// Collisions, objects out of the room and unsatisfied relations.
    pub violations: Vec<Violation>,
    /// The render (judge) reward in [0, 1]: `None` when no judge is configured, the answer
    /// could not be rendered, or the judge failed (the notes say which).
    pub render: Option<f64>,
    /// The judge's grades, when it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judge: Option<JudgeScores>,
    /// Notes, such as why a term is off.
    pub notes: Vec<String>,
    /// R = λ1·format + λ2·physics + λ3·render (an absent render counts 0).
    pub total: f64,
}

/// Scores an answer text for a scene. Never panics. To score many answers for one scene,
/// prepare it once with [`Scorer`].
pub fn score(scene: &Scene, answer_text: &str, weights: &Weights) -> RewardBreakdown {
    Scorer::new(scene).score(answer_text, weights)
}

/// A scene prepared for scoring many answers (the room and its relations are resolved once).
pub struct Scorer<'a> {
    scene: &'a Scene,
    physics: PhysicsScorer<'a>,
}

impl<'a> Scorer<'a> {
    /// Prepares a (valid) scene.
    pub fn new(scene: &'a Scene) -> Self {
        Scorer {
            scene,
            physics: PhysicsScorer::new(scene),
        }
    }

    /// Scores one answer text. Never panics.
    pub fn score(&self, answer_text: &str, weights: &Weights) -> RewardBreakdown {
        self.score_with_poses(answer_text, weights).0
    }

    /// Scores one answer text and returns its poses too, when it places each object exactly
    /// once (format 1). Never panics.
    pub fn score_with_poses(
        &self,
        answer_text: &str,
        weights: &Weights,
    ) -> (RewardBreakdown, Option<BTreeMap<String, Pose>>) {
        let scene = self.scene;
        let f = format_reward(scene, answer_text);
        let mut notes = vec!["render: off, no judge configured".to_string()];
        if cfg!(not(feature = "stability")) && weights.physics_terms.stability > 0.0 {
            notes.push(
                "stability: not simulated, this build has no Rapier (feature `stability` off); \
                 its weight is ignored"
                    .into(),
            );
        }
        let physics_terms = match &f.poses {
            Some(poses) if f.reward == FORMAT_OK => {
                self.physics.score(poses, &weights.physics_terms)
            }
            _ => {
                notes.push("physics: 0, the answer does not place each object exactly once".into());
                None
            }
        };
        let physics = physics_terms.as_ref().map_or(0.0, |t| t.reward);
        let render: Option<f64> = None;
        let total = weights.total(f.reward, physics, render);
        let poses = if f.reward == FORMAT_OK { f.poses } else { None };
        let breakdown = RewardBreakdown {
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
            judge: None,
            notes,
            total,
        };
        (breakdown, poses)
    }
}

/// Why a layout has no render reward (the breakdown's note says so: `render: off, …`).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The renderer could not draw the judge views.
    #[error("the layout could not be rendered: {0}")]
    Render(#[from] crate::refine::ViewsError),
    /// The judge gave no scores.
    #[error(transparent)]
    Judge(#[from] JudgeError),
    /// The layout was not graded, for the reason given (no judge configured, the request's
    /// time budget spent…).
    #[error("{0}")]
    NotGraded(String),
}

impl RewardBreakdown {
    /// Adds the judge's verdict (or why there is none) and recomputes the total. Without
    /// judge scores the render term stays off, and the note says why: it is never faked.
    pub fn with_render(
        mut self,
        verdict: Result<JudgeScores, RenderError>,
        weights: &Weights,
    ) -> Self {
        self.notes.retain(|n| !n.starts_with("render:"));
        match verdict {
            Ok(scores) => {
                self.render = Some(scores.reward);
                self.notes
                    .extend(scores.notes.iter().map(|n| format!("judge: {n}")));
                self.judge = Some(scores);
            }
            Err(why) => {
                self.render = None;
                self.judge = None;
                self.notes.push(format!("render: off, {why}"));
            }
        }
        self.total = weights.total(self.format, self.physics, self.render);
        self
    }
}
