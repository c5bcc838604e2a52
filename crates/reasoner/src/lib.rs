//! relayout's reasoner: the R³L pipeline's language-model side.
//!
//! This crate holds the client for multimodal LLMs behind any OpenAI-compatible
//! chat-completions server (OpenAI, Gemini's compatible endpoint, vLLM, Ollama, llama.cpp):
//! [`LlmClient`], configured by [`ClientConfig`]. It asks for structured JSON where the server
//! supports it and extracts JSON from text where it does not, sends PNG renders to vision
//! models (and falls back to text when a server refuses images), retries transient failures,
//! honours cancellation and counts tokens. Answers are data, validated against a schema; the
//! repair loop that feeds errors back ([`repair_message`]) belongs to the pipeline.
#![warn(missing_docs)]

pub mod client;
pub mod config;
pub mod error;
pub mod extract;
mod fallback;
pub mod message;
pub mod refusal;
pub mod repair;
pub mod request;
pub mod response;
pub mod retry;
pub mod schema;
pub mod secret;
pub mod usage;
mod wire;

pub use client::{Capabilities, LlmClient};
pub use config::{ClientConfig, ConfigError, StructuredOutput};
pub use error::LlmError;
pub use extract::{ExtractError, JsonSource, extract_json};
pub use message::{ContentPart, ImageDetail, ImagePart, Message, Role};
pub use repair::repair_message;
pub use request::{ChatRequest, SchemaSpec};
pub use response::ChatResponse;
pub use secret::Secret;
pub use tokio_util::sync::CancellationToken;
pub use usage::{Usage, UsageTotals};
