//! What the caller asks for: [`ChatRequest`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::message::Message;

/// A named JSON Schema the answer must follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    /// Schema name sent as `json_schema.name` (letters, digits, `_` and `-`; OpenAI's rule).
    pub name: String,
    /// The JSON Schema itself.
    pub schema: Value,
}

/// One chat-completions request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatRequest {
    /// The conversation so far.
    pub messages: Vec<Message>,
    /// Schema for a structured answer; implies `json`.
    pub schema: Option<SchemaSpec>,
    /// Expect a JSON answer (extracted and parsed into [`ChatResponse::parsed_json`]) even
    /// without a schema.
    ///
    /// [`ChatResponse::parsed_json`]: crate::ChatResponse::parsed_json
    pub json: bool,
    /// Sampling temperature; `None` leaves the server's default.
    pub temperature: Option<f32>,
    /// Answer length limit in tokens; `None` leaves the server's default.
    pub max_tokens: Option<u32>,
    /// The schema the answer is checked against, when it differs from the one sent (a caller
    /// that sends a narrowed schema for the server to enforce, and salvages slips itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_schema: Option<Value>,
}

impl ChatRequest {
    /// A plain-text request.
    pub fn new(messages: Vec<Message>) -> Self {
        Self {
            messages,
            schema: None,
            json: false,
            temperature: None,
            max_tokens: None,
            check_schema: None,
        }
    }

    /// Asks for a JSON answer following `schema`.
    pub fn with_schema(mut self, name: impl Into<String>, schema: Value) -> Self {
        self.schema = Some(SchemaSpec {
            name: name.into(),
            schema,
        });
        self.json = true;
        self
    }

    /// Asks for a JSON answer without a schema.
    pub fn expecting_json(mut self) -> Self {
        self.json = true;
        self
    }

    /// Sets the temperature.
    pub fn with_temperature(mut self, temperature: f32) -> Self {
        self.temperature = Some(temperature);
        self
    }

    /// Sets the answer length limit.
    pub fn with_max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = Some(max_tokens);
        self
    }

    /// Whether the answer must be JSON.
    pub fn expects_json(&self) -> bool {
        self.json || self.schema.is_some()
    }

    /// Number of images across all messages.
    pub fn image_count(&self) -> usize {
        self.messages.iter().map(Message::image_count).sum()
    }
}
