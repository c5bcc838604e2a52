//! Backends answer stage requests with JSON; the pipeline is the same for all of them.
//!
//! - [`OpenAiBackend`]: renders the stage's prompt template and asks any OpenAI-compatible
//!   server through [`LlmClient`](relayout_llm::LlmClient).
//! - [`OfflineBackend`](crate::offline::OfflineBackend): a deterministic planner built from
//!   category knowledge; no network.
//! - [`ReplayBackend`]: answers from a recorded trace; no network.
//!
//! The trait returns boxed futures so that the command line can pick a backend at run time
//! (`dyn Backend`), and so that per-unit requests run concurrently on one thread.

mod openai;
mod replay;
mod request;

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use openai::OpenAiBackend;
pub use replay::ReplayBackend;
pub use request::{RepairContext, StageInput, StageRequest, UnitExtent};

use relayout_llm::TokenObserver;
use relayout_llm::message::Message;
use relayout_llm::usage::Usage;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Answers stage requests.
pub trait Backend: Send + Sync {
    /// What it is, for the trace (never a key).
    fn info(&self) -> BackendInfo;

    /// Answers one request with JSON (parsed and checked by the pipeline).
    fn answer<'a>(
        &'a self,
        request: &'a StageRequest,
    ) -> BoxFuture<'a, Result<Reply, BackendError>>;

    /// Like [`Backend::answer`], telling `on_tokens` how far a streamed answer has got.
    /// Backends that do not stream just answer.
    fn answer_observed<'a>(
        &'a self,
        request: &'a StageRequest,
        on_tokens: TokenObserver<'a>,
    ) -> BoxFuture<'a, Result<Reply, BackendError>> {
        let _ = on_tokens;
        self.answer(request)
    }
}

/// A backend's description in the trace.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BackendInfo {
    /// `offline`, `openai` or `replay`.
    pub kind: String,
    /// The model, for `openai`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The chat-completions URL, for `openai`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// For `replay`: the backend that recorded the trace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaying: Option<Box<BackendInfo>>,
}

/// How an answer was obtained: what was sent, what it cost, how long it took.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CallRecord {
    /// The messages sent (empty for the offline planner).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
    /// Tokens, when the server reported them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// Wall time of the call, retries included, milliseconds.
    pub latency_ms: f64,
    /// HTTP attempts (0 without network).
    #[serde(default)]
    pub http_attempts: u32,
    /// The model that answered, as the server named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `finish_reason` of the completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<String>,
    /// The server's response body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_response: Option<Value>,
}

/// A usable JSON answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// The JSON.
    pub json: Value,
    /// The answer's text as written (for a later repair conversation).
    pub text: String,
    /// How it was obtained.
    pub record: CallRecord,
}

/// A request that gave no usable answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BackendError {
    /// An answer came, but it is not usable JSON of the right shape; a repair prompt may cure it.
    #[error("unusable answer: {}", errors.join("; "))]
    Unusable {
        /// The answer's text.
        text: String,
        /// Each problem, one precise line.
        errors: Vec<String>,
        /// How it was obtained.
        record: Box<CallRecord>,
    },
    /// No answer will come until the configuration changes: the server refused the request as
    /// configured (HTTP 401, 403 or 404: a wrong key, no access, no such model), or a replayed
    /// trace lacks the request. The run stops here even when it would otherwise fall back.
    #[error("{message}")]
    Config {
        /// What the server said, with the status.
        message: String,
        /// How far the call got.
        record: Option<Box<CallRecord>>,
    },
    /// The run was cancelled while the request was in flight.
    #[error("{message}")]
    Cancelled {
        /// What happened, with the attempts.
        message: String,
        /// How far the call got.
        record: Option<Box<CallRecord>>,
    },
    /// No answer a repair could cure: a refusal, an HTTP error after retries, a timeout, a
    /// cancellation, a replay that lacks the request.
    #[error("{message}")]
    Failed {
        /// What happened, naming the cause.
        message: String,
        /// How far the call got, when it got anywhere.
        record: Option<Box<CallRecord>>,
        /// The answer's text, when one came (a refusal).
        text: Option<String>,
    },
}
