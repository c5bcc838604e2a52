//! What the server answered: [`ChatResponse`].

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::StructuredOutput;
use crate::extract::JsonSource;
use crate::usage::Usage;

/// A completion, with everything a trace needs about how it was obtained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatResponse {
    /// The answer's text (`choices[0].message.content`).
    pub text: String,
    /// The JSON found in the answer, when the request expected JSON.
    pub parsed_json: Option<Value>,
    /// Where in the text the JSON was found.
    pub json_source: Option<JsonSource>,
    /// Tokens this completion used; `None` when the server did not say.
    pub usage: Option<Usage>,
    /// Wall time of the whole call: all attempts and the waits between them.
    pub latency: Duration,
    /// HTTP attempts made, the successful one included.
    pub attempts: u32,
    /// `choices[0].finish_reason` (`stop`, `length`, `content_filter`, …).
    pub finish_reason: Option<String>,
    /// The request's images were replaced by a text note because the server refused images.
    pub images_dropped: bool,
    /// How JSON was requested in the attempt that succeeded (after any fallback).
    pub structured_output: StructuredOutput,
    /// The model that answered, as the server named it.
    pub model: Option<String>,
    /// The server's response body.
    pub raw: Value,
}
