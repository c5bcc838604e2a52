//! GRPO groups: G refinement trajectories per prompt, their rewards, and group-relative
//! advantages Aᵢ = (rᵢ − mean(r)) / std(r) (population std; all 0 when the group's rewards are
//! equal), written as JSONL records a trainer can read.

use futures_util::StreamExt;
use relayout_core::scene::Scene;
use relayout_llm::CancellationToken;
use serde::{Deserialize, Serialize};

use crate::refine::{RefineOptions, Services, Turn, refine};

/// The name and version of a rollout record.
pub const ROLLOUT_SCHEMA: &str = "relayout.rollout/1";

/// A group's rewards spread less than this counts as no spread: advantages 0.
pub const MIN_STD: f64 = 1e-6;

/// One rollout, as a JSONL line.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RolloutRecord {
    /// Always [`ROLLOUT_SCHEMA`].
    pub schema: String,
    /// The prompt's id in the dataset.
    pub prompt_id: String,
    /// The rollout's index in its group.
    pub index: usize,
    /// The group's size.
    pub group_size: usize,
    /// The policy.
    pub policy: String,
    /// The rollout's seed.
    pub seed: u64,
    /// The request.
    pub instruction: String,
    /// The trajectory's discounted reward.
    pub reward: f64,
    /// (reward − the group's mean) / the group's std.
    pub advantage: f64,
    /// The group's mean reward.
    pub group_mean: f64,
    /// The group's reward std.
    pub group_std: f64,
    /// The turns: prompts, answers, rewards with breakdowns.
    pub turns: Vec<Turn>,
    /// The run was cancelled before all turns.
    pub cancelled: bool,
}

/// How to roll out.
#[derive(Clone, Debug)]
pub struct RolloutOptions {
    /// G, rollouts per prompt (at least 1).
    pub group: usize,
    /// Refinement options (turns, γ, weights); the seed is the base seed.
    pub refine: RefineOptions,
    /// Groups in flight at once (at least 1).
    pub concurrency: usize,
}

/// Mean, population std and advantages of a group's rewards.
pub fn group_advantages(rewards: &[f64]) -> (f64, f64, Vec<f64>) {
    if rewards.is_empty() {
        return (0.0, 0.0, vec![]);
    }
    let n = rewards.len() as f64;
    let mean = rewards.iter().sum::<f64>() / n;
    let std = (rewards.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / n).sqrt();
    let adv = rewards
        .iter()
        .map(|r| if std < MIN_STD { 0.0 } else { (r - mean) / std })
        .collect();
    (mean, std, adv)
}

/// Rolls out every prompt (`(id, scene)`), G rollouts each, and hands each finished group's
/// records to `sink` (in the order groups finish). Rollout `i` of prompt `p` uses seed
/// `base + p·G + i`. A group cut short by cancellation is not handed over: its advantages
/// would compare unequal trajectories.
pub async fn rollout(
    prompts: &[(String, Scene)],
    services: Services<'_>,
    opts: &RolloutOptions,
    cancel: &CancellationToken,
    mut sink: impl FnMut(Vec<RolloutRecord>),
) {
    let g = opts.group.max(1);
    let groups = futures_util::stream::iter(prompts.iter().enumerate())
        .map(|(p, (id, scene))| async move {
            let runs = (0..g).map(|i| {
                let ro = RefineOptions {
                    seed: opts.refine.seed.wrapping_add((p * g + i) as u64),
                    ..opts.refine.clone()
                };
                async move { refine(scene, services, &ro, cancel).await }
            });
            let trajectories = futures_util::future::join_all(runs).await;
            let rewards: Vec<f64> = trajectories.iter().map(|t| t.reward).collect();
            let (mean, std, adv) = group_advantages(&rewards);
            trajectories
                .into_iter()
                .zip(adv)
                .enumerate()
                .map(|(i, (t, a))| RolloutRecord {
                    schema: ROLLOUT_SCHEMA.into(),
                    prompt_id: id.clone(),
                    index: i,
                    group_size: g,
                    policy: t.policy,
                    seed: t.seed,
                    instruction: scene.instruction.clone(),
                    reward: t.reward,
                    advantage: a,
                    group_mean: mean,
                    group_std: std,
                    turns: t.turns,
                    cancelled: t.cancelled,
                })
                .collect::<Vec<_>>()
        })
        .buffer_unordered(opts.concurrency.max(1));
    futures_util::pin_mut!(groups);
    while let Some(records) = groups.next().await {
        if records.iter().any(|r| r.cancelled) {
            continue;
        }
        sink(records);
    }
}
