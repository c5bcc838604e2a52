//! relayout's reasoner: the R³L pipeline's language-model side.
//!
//! - The client for multimodal LLMs behind any OpenAI-compatible chat-completions server
//!   (OpenAI, Gemini's compatible endpoint, vLLM, Ollama, llama.cpp): [`LlmClient`], configured
//!   by [`ClientConfig`]. It asks for structured JSON where the server supports it and extracts
//!   JSON from text where it does not, sends PNG renders to vision models (and falls back to
//!   text when a server refuses images), retries transient failures, honours cancellation and
//!   counts tokens.
//! - The pipeline of DESIGN §7, stages 1 to 5 ([`pipeline::generate`]): decomposition into
//!   units, relations inside units (concurrently) and between them, imagine-and-revise on
//!   cognitive maps, solve and evaluate; behind one [`Backend`] trait with three backends
//!   (`openai`, `offline`, `replay`), and a versioned [`Trace`] of every run.
#![warn(missing_docs)]

pub mod answer;
pub mod backend;
pub mod check;
pub mod client;
pub mod cognitive_map;
pub mod config;
pub mod conflict;
pub mod error;
pub mod extract;
mod fallback;
pub mod message;
pub mod offline;
pub mod pipeline;
pub mod prompt;
pub mod refusal;
pub mod repair;
pub mod request;
pub mod response;
pub mod retry;
pub mod schema;
pub mod secret;
pub mod stage;
pub mod timeline;
pub mod trace;
pub mod usage;
mod wire;

pub use backend::{Backend, BackendError, OpenAiBackend, ReplayBackend};
pub use client::{Capabilities, LlmClient};
pub use config::{ClientConfig, ConfigError, StructuredOutput};
pub use error::LlmError;
pub use extract::{ExtractError, JsonSource, extract_json};
pub use message::{ContentPart, ImageDetail, ImagePart, Message, Role};
pub use offline::OfflineBackend;
pub use pipeline::{Generated, PipelineConfig, PipelineError, Run, generate};
pub use repair::repair_message;
pub use request::{ChatRequest, SchemaSpec};
pub use response::ChatResponse;
pub use secret::Secret;
pub use stage::{StageKey, StageKind};
pub use tokio_util::sync::CancellationToken;
pub use trace::{TRACE_VERSION, Trace};
pub use usage::{Usage, UsageTotals};
