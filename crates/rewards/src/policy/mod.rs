//! The layout policy that refinement and rollouts query: an OpenAI-compatible server (the
//! model in training behind vLLM, say) or the offline stand-in ([`offline`]).

pub mod offline;
pub mod prompt;

use std::collections::BTreeMap;
use std::time::Instant;

use relayout_core::scene::{Pose, Scene};
use relayout_llm::{
    CancellationToken, ChatRequest, ImagePart, LlmClient, LlmError, Message, Usage,
};
use serde::{Deserialize, Serialize};

pub use prompt::{Feedback, policy_prompt};

use crate::judge::View;
use crate::prompts::PromptError;

/// Why the policy gave no answer (the caller scores it as no answer and goes on).
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The policy prompt template failed to render.
    #[error(transparent)]
    Prompt(#[from] PromptError),
    /// The call to the remote policy failed.
    #[error(transparent)]
    Call(#[from] LlmError),
}

/// Where answers come from.
#[derive(Clone)]
pub enum Policy {
    /// The offline stand-in: scatter, then repair with the solver.
    Offline,
    /// A model behind an OpenAI-compatible server.
    Remote {
        /// The client (model, base URL, key, limits).
        client: LlmClient,
        /// Send the previous turn's renders (a vision model).
        vision: bool,
        /// Sampling temperature (GRPO needs varied rollouts; 1.0 is usual).
        temperature: f32,
    },
}

/// What the policy is shown on one turn.
pub struct Observation<'a> {
    /// The scene to lay out (its poses are not shown).
    pub scene: &'a Scene,
    /// 0-based turn.
    pub turn: usize,
    /// The previous turn, from the second on.
    pub previous: Option<&'a Feedback>,
    /// The previous answer's poses, when it covered the scene.
    pub previous_poses: Option<&'a BTreeMap<String, Pose>>,
    /// The previous layout's renders (sent to vision models only).
    pub images: &'a [View],
    /// This rollout's seed (the offline policy draws from it).
    pub seed: u64,
}

/// One answer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PolicyReply {
    /// The prompt text the policy was given.
    pub prompt: String,
    /// How many images went with it.
    pub images: usize,
    /// The answer's text.
    pub text: String,
    /// Tokens, when the server said.
    pub usage: Option<Usage>,
    /// Seconds the answer took.
    pub latency_s: f64,
}

impl Policy {
    /// The policy's name for reports: `offline` or the remote model.
    pub fn name(&self) -> String {
        match self {
            Policy::Offline => "offline".into(),
            Policy::Remote { client, .. } => client.config().model.clone(),
        }
    }

    /// Asks for an answer. `Err` is a failed call or prompt (the caller scores it as no
    /// answer and goes on).
    pub async fn act(
        &self,
        obs: &Observation<'_>,
        cancel: &CancellationToken,
    ) -> Result<PolicyReply, PolicyError> {
        let started = Instant::now();
        let prompt = policy_prompt(obs.scene, obs.turn, obs.previous)?;
        match self {
            Policy::Offline => {
                let seed = obs.seed.wrapping_mul(1000).wrapping_add(obs.turn as u64);
                let (poses, thought) = match obs.previous_poses {
                    None => (
                        offline::scatter(obs.scene, seed),
                        format!("offline stand-in: the objects scattered at random (seed {seed})"),
                    ),
                    Some(prev) => (
                        crate::refine::blocking(|| offline::repair(obs.scene, prev, seed)),
                        "offline stand-in: the previous layout repaired by the solver".into(),
                    ),
                };
                Ok(PolicyReply {
                    prompt,
                    images: 0,
                    text: offline::answer_text(obs.scene, &poses, &thought),
                    usage: None,
                    latency_s: started.elapsed().as_secs_f64(),
                })
            }
            Policy::Remote {
                client,
                vision,
                temperature,
            } => {
                let mut msg = Message::user(prompt.clone());
                let mut images = 0;
                if *vision {
                    for v in obs.images {
                        msg = msg.with_image(ImagePart::png(&v.png));
                        images += 1;
                    }
                }
                let req = ChatRequest::new(vec![msg]).with_temperature(*temperature);
                let resp = client.chat(&req, cancel).await?;
                Ok(PolicyReply {
                    prompt,
                    images,
                    text: resp.text,
                    usage: resp.usage,
                    latency_s: started.elapsed().as_secs_f64(),
                })
            }
        }
    }
}
