//! relayout's client for multimodal LLMs behind any OpenAI-compatible chat-completions server
//! (OpenAI, Gemini's compatible endpoint, vLLM, Ollama, llama.cpp): [`LlmClient`], configured by
//! [`ClientConfig`].
//!
//! It asks for structured JSON where the server supports it and extracts JSON from text where it
//! does not, checks answers against the request's schema, sends PNG renders to vision models
//! (and falls back to text when a server refuses images), retries transient failures honouring
//! `Retry-After`, honours cancellation, counts tokens, and never prints an API key ([`Secret`]).
//! The R³L pipeline (`relayout-reasoner`) and the rewards (`relayout-rewards`) both call it.
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
pub mod server_info;
pub mod stream;
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
pub use server_info::ServerInfo;
pub use stream::{StreamProgress, TokenObserver};
pub use tokio_util::sync::CancellationToken;
pub use usage::{Usage, UsageTotals};
