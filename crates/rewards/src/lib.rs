//! Rewards for a layout policy (issue 7, first part), without Bevy and without rendering:
//!
//! - [`answer`]: the policy's answer format `relayout.answer/1` and its extraction from
//!   `<think>…</think><answer>…</answer>`;
//! - [`format`]: MetaSpatial's format ladder (DESIGN §5: 1, 0.5, 0.1, 0);
//! - [`physics`]: CR, PCR, OR, 1 − RS and penetration depth from `relayout_core::metrics`,
//!   combined into a physics reward in [0, 1];
//! - [`breakdown`]: [`Weights`], [`RewardBreakdown`] and [`score`], the total
//!   R = λ1·format + λ2·physics + λ3·render (render is off: no judge configured);
//! - `stability` (feature `stability`, on by default): objects dropped in a Rapier world;
//! - `server` (feature `server`, on by default): the reward server for RL trainers;
//! - [`throughput`]: a one-thread micro benchmark of the physics reward.
#![warn(missing_docs)]

pub mod answer;
pub mod breakdown;
pub mod dataset;
pub mod format;
pub mod judge;
pub mod physics;
pub mod policy;
pub mod prompts;
pub mod refine;
pub mod rollout;
pub mod schema;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "stability")]
pub mod stability;
pub mod throughput;
pub mod violation;

pub use answer::{ANSWER_SCHEMA, AnswerItem};
pub use breakdown::{RenderError, RewardBreakdown, Scorer, Weights, score};
pub use format::{FormatReport, format_reward};
pub use physics::{PhysicsScorer, PhysicsTerms, PhysicsWeights, physics_reward};
pub use throughput::physics_throughput;
pub use violation::{Violation, ViolationKind};
