//! The reward server's request and response bodies (`relayout.rewards/1`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::breakdown::{RewardBreakdown, Weights};

/// The name and version of the request and response bodies.
pub const REWARDS_SCHEMA: &str = "relayout.rewards/1";

/// `POST /v1/rewards`: a batch of answers, each with its scene.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RewardRequest {
    /// The answers to score.
    pub items: Vec<RewardItem>,
    /// Weights for this batch; the server's when absent.
    #[serde(default)]
    pub weights: Option<Weights>,
    /// Seconds this batch may spend on the render term (the server's default when absent; at
    /// most its limit).
    #[serde(default)]
    pub render_budget_s: Option<f64>,
}

/// One answer to score.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RewardItem {
    /// Anything the caller wants echoed back (a rollout index, say).
    #[serde(default)]
    pub id: Value,
    /// The scene document (`relayout.scene/1`), as JSON. Items sharing a scene are prepared
    /// once per batch.
    pub scene: Value,
    /// The policy's answer text.
    pub answer: String,
    /// Ask for the render term: the layout rendered and graded by the server's VLM judge.
    #[serde(default)]
    pub render: bool,
}

/// One item's result, in the order of the request.
#[derive(Serialize, Debug)]
pub struct ItemResult {
    /// The item's `id`, echoed.
    pub id: Value,
    /// The total reward (absent when the item could not be scored).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reward: Option<f64>,
    /// The breakdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<RewardBreakdown>,
    /// Why the item could not be scored (its scene is invalid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The response to a batch.
#[derive(Serialize, Debug)]
pub struct RewardResponse {
    /// Always [`REWARDS_SCHEMA`].
    pub schema: &'static str,
    /// One result per item.
    pub results: Vec<ItemResult>,
    /// Seconds spent scoring (queue wait excluded).
    pub seconds: f64,
}
