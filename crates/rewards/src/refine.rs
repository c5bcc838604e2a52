//! Multi-turn refinement (MetaSpatial): each turn the policy sees the request, the scene, its
//! previous answer, that answer's rewards with the violations listed and, for a vision model,
//! its renders; it answers again. The trajectory's reward is the discounted mean of the turns'
//! rewards, Σ γᵗ·rₜ / Σ γᵗ with γ = 0.9.

use std::collections::BTreeMap;
use std::time::Instant;

use relayout_core::scene::{Pose, Scene};
use relayout_llm::{CancellationToken, Usage};
use serde::{Deserialize, Serialize};

use crate::breakdown::{RenderError, RewardBreakdown, Scorer, Weights};
use crate::judge::{Judge, View};
use crate::policy::{Feedback, Observation, Policy};

/// The name and version of the trajectory format.
pub const TRAJECTORY_SCHEMA: &str = "relayout.refine/1";

/// MetaSpatial's discount.
pub const GAMMA: f64 = 0.9;

/// Renders a posed scene into the judge views (the binary renders with Bevy).
pub trait Renderer: Send + Sync {
    /// The views of `scene` at its poses (may block).
    fn render(&self, scene: &Scene) -> Result<Vec<View>, ViewsError>;

    /// The same from async code, which is how refinement calls it. The default runs
    /// [`Renderer::render`] through [`blocking`]; a renderer that waits on a child process
    /// overrides it, so that the renders of a rollout group overlap.
    fn render_async<'a>(
        &'a self,
        scene: &'a Scene,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Vec<View>, ViewsError>> + Send + 'a>,
    > {
        Box::pin(async move { blocking(|| self.render(scene)) })
    }
}

/// Why a [`Renderer`] could not draw the judge views.
#[derive(Debug, thiserror::Error)]
pub enum ViewsError {
    /// The layout could not be handed to the renderer (written to a file, say).
    #[error("cannot prepare {}: {source}", path.display())]
    Prepare {
        /// The file it was for.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The layout could not be serialised for the renderer.
    #[error("cannot serialise the layout: {0}")]
    Serialise(#[from] serde_json::Error),
    /// The renderer could not be started.
    #[error("cannot start the renderer: {0}")]
    Start(std::io::Error),
    /// The renderer ran and failed.
    #[error("the renderer failed ({status}): {message}")]
    Failed {
        /// Its exit status.
        status: String,
        /// The last line it wrote.
        message: String,
    },
    /// A long-lived render worker crashed or hung on this layout at every try (it was
    /// replaced each time).
    #[error("the render worker {reason} ({tries} tries, on a fresh worker each)")]
    Lost {
        /// Tries made.
        tries: usize,
        /// What happened at the last.
        reason: String,
    },
    /// A view it should have written is not there.
    #[error("{}: {source}", path.display())]
    MissingView {
        /// The view's file.
        path: std::path::PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
}

/// How to refine.
#[derive(Clone, Debug)]
pub struct RefineOptions {
    /// Turns (at least 1).
    pub turns: usize,
    /// The discount γ.
    pub gamma: f64,
    /// The reward's weights.
    pub weights: Weights,
    /// The rollout's seed.
    pub seed: u64,
}

impl Default for RefineOptions {
    fn default() -> Self {
        RefineOptions {
            turns: 3,
            gamma: GAMMA,
            weights: Weights::default(),
            seed: 0,
        }
    }
}

/// What a turn is scored with, besides the scene's geometry.
#[derive(Clone, Copy)]
pub struct Services<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// The VLM judge, when configured.
    pub judge: Option<&'a Judge>,
    /// The renderer, when there is one.
    pub renderer: Option<&'a dyn Renderer>,
}

/// One turn of a trajectory.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Turn {
    /// 0-based.
    pub turn: usize,
    /// The prompt the policy was given.
    pub prompt: String,
    /// Images sent with it.
    pub images_sent: usize,
    /// The answer ("" when the call failed).
    pub answer: String,
    /// The failed call, in words.
    pub error: Option<String>,
    /// The rewards.
    pub breakdown: RewardBreakdown,
    /// The answer's poses, when it covered the scene.
    pub poses: Option<BTreeMap<String, Pose>>,
    /// Tokens, when the server said.
    pub usage: Option<Usage>,
    /// Seconds for the policy's answer.
    pub policy_s: f64,
    /// Seconds to render and judge, when done.
    pub render_s: Option<f64>,
}

/// A refinement run: the turns and the discounted reward.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// Always [`TRAJECTORY_SCHEMA`].
    pub schema: String,
    /// The policy (`offline` or the model).
    pub policy: String,
    /// The seed.
    pub seed: u64,
    /// γ.
    pub gamma: f64,
    /// The turns, in order.
    pub turns: Vec<Turn>,
    /// Σ γᵗ·rₜ / Σ γᵗ over the turns' totals.
    pub reward: f64,
    /// Stopped early by cancellation.
    pub cancelled: bool,
    /// The scene laid out (without poses).
    pub scene: Scene,
}

impl Trajectory {
    /// The turn with the highest total (the first of equals).
    pub fn best(&self) -> Option<&Turn> {
        self.turns
            .iter()
            .fold(None, |best: Option<&Turn>, t| match best {
                Some(b) if b.breakdown.total >= t.breakdown.total => Some(b),
                _ => Some(t),
            })
    }
}

/// Σ γᵗ·rₜ / Σ γᵗ; 0 for no turns.
pub fn discounted_mean(rewards: &[f64], gamma: f64) -> f64 {
    let (mut num, mut den, mut w) = (0.0, 0.0, 1.0);
    for r in rewards {
        num += w * r;
        den += w;
        w *= gamma;
    }
    if den > 0.0 { num / den } else { 0.0 }
}

/// Runs `opts.turns` turns on `scene` (its poses are ignored). Never fails: a failed call is
/// a turn with no answer (format 0) and the next turn goes on.
pub async fn refine(
    scene: &Scene,
    services: Services<'_>,
    opts: &RefineOptions,
    cancel: &CancellationToken,
) -> Trajectory {
    let mut bare = scene.clone();
    bare.poses.clear();
    let scorer = Scorer::new(&bare);
    let mut turns: Vec<Turn> = Vec::new();
    let mut feedback: Option<Feedback> = None;
    let mut last_poses: Option<BTreeMap<String, Pose>> = None;
    let mut images: Vec<View> = Vec::new();
    let mut cancelled = false;
    for t in 0..opts.turns.max(1) {
        if cancel.is_cancelled() {
            cancelled = true;
            break;
        }
        let obs = Observation {
            scene: &bare,
            turn: t,
            previous: feedback.as_ref(),
            previous_poses: last_poses.as_ref(),
            images: &images,
            seed: opts.seed,
        };
        let started = Instant::now();
        let reply = services.policy.act(&obs, cancel).await;
        let policy_s = started.elapsed().as_secs_f64();
        if cancel.is_cancelled() {
            // A call cut short is no answer of the policy's: the turn is dropped, not scored.
            cancelled = true;
            break;
        }
        let (prompt, images_sent, answer, error, usage) = match reply {
            Ok(r) => (r.prompt, r.images, r.text, None, r.usage),
            Err(e) => (String::new(), 0, String::new(), Some(e.to_string()), None),
        };
        let (mut breakdown, poses) = scorer.score_with_poses(&answer, &opts.weights);
        let mut render_s = None;
        images.clear();
        if let (Some(p), Some(_)) = (&poses, services.renderer) {
            let started = Instant::now();
            let (b, views) = render_and_judge(&bare, p, breakdown, services, opts, cancel).await;
            breakdown = b;
            images = views;
            render_s = Some(started.elapsed().as_secs_f64());
        }
        let vision = matches!(services.policy, Policy::Remote { vision: true, .. });
        feedback = Some(Feedback::of(
            &answer,
            &breakdown,
            vision && !images.is_empty(),
        ));
        if poses.is_some() {
            last_poses = poses.clone();
        }
        turns.push(Turn {
            turn: t,
            prompt,
            images_sent,
            answer,
            error,
            breakdown,
            poses,
            usage,
            policy_s,
            render_s,
        });
    }
    let totals: Vec<f64> = turns.iter().map(|t| t.breakdown.total).collect();
    Trajectory {
        schema: TRAJECTORY_SCHEMA.into(),
        policy: services.policy.name(),
        seed: opts.seed,
        gamma: opts.gamma,
        reward: discounted_mean(&totals, opts.gamma),
        turns,
        cancelled,
        scene: bare,
    }
}

/// Runs blocking work (a render, a solve) from async code: on a multi-thread runtime the worker
/// hands its other tasks over first (`block_in_place`); elsewhere it runs in place.
pub fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        _ => f(),
    }
}

/// Renders the layout and asks the judge; the breakdown says why either was skipped.
async fn render_and_judge(
    scene: &Scene,
    poses: &BTreeMap<String, Pose>,
    breakdown: RewardBreakdown,
    services: Services<'_>,
    opts: &RefineOptions,
    cancel: &CancellationToken,
) -> (RewardBreakdown, Vec<View>) {
    let Some(renderer) = services.renderer else {
        return (breakdown, vec![]);
    };
    let mut posed = scene.clone();
    posed.poses = poses.clone();
    let views = match renderer.render_async(&posed).await {
        Ok(v) => v,
        Err(e) => {
            let b = if services.judge.is_some() {
                breakdown.with_render(Err(RenderError::Render(e)), &opts.weights)
            } else {
                breakdown
            };
            return (b, vec![]);
        }
    };
    let b = match services.judge {
        Some(judge) => {
            let verdict = judge
                .judge(&scene.instruction, &views, cancel)
                .await
                .map_err(RenderError::from);
            breakdown.with_render(verdict, &opts.weights)
        }
        None => breakdown,
    };
    (b, views)
}

/// The turns of a trajectory as timeline steps (for the editor): each turn's poses, the objects
/// its violations name, and its reward breakdown.
pub fn timeline_steps(t: &Trajectory) -> Vec<relayout_core::timeline::Step> {
    t.turns
        .iter()
        .map(|turn| {
            let b = &turn.breakdown;
            let mut details = vec![format!(
                "format {:.2}, physics {:.3}, render {}, total {:.3}",
                b.format,
                b.physics,
                b.render.map_or("off".into(), |r| format!("{r:.3}")),
                b.total
            )];
            if let Some(e) = &turn.error {
                details.push(format!("call failed: {e}"));
            }
            details.extend(b.format_issues.iter().cloned());
            details.extend(b.violations.iter().map(|v| v.words.clone()));
            details.extend(b.notes.iter().map(|n| format!("note: {n}")));
            let flagged = t
                .scene
                .objects
                .iter()
                .filter(|o| {
                    b.violations
                        .iter()
                        .any(|v| v.kind.flags_objects() && v.objects.contains(&o.id))
                })
                .map(|o| o.id.clone())
                .collect();
            relayout_core::timeline::Step {
                kind: relayout_core::timeline::StepKind::RefineTurn,
                label: format!("turn {}: reward {:.3}", turn.turn + 1, b.total),
                poses: turn.poses.clone(),
                flagged,
                iteration: None,
                details,
            }
        })
        .collect()
}
