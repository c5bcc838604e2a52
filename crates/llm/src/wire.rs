//! The OpenAI chat-completions wire format: building the request body, reading the completion.

use serde_json::{Map, Value, json};

use crate::config::StructuredOutput;
use crate::message::{ContentPart, Message, Role};
use crate::request::ChatRequest;
use crate::usage::Usage;

/// How one attempt is sent, after the fallbacks so far.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WireOptions {
    /// `JsonSchema`, `JsonObject` or `None` (never `Auto`).
    pub format: StructuredOutput,
    pub strict: bool,
    pub drop_images: bool,
    pub max_completion_tokens: bool,
    pub send_temperature: bool,
    /// Ask for the answer as a stream of server-sent events.
    pub stream: bool,
    /// With `stream`, ask for the usage in the last chunk (`stream_options.include_usage`).
    pub stream_usage: bool,
}

/// The instruction that carries the JSON requirement when `response_format` cannot.
pub(crate) fn json_instruction(req: &ChatRequest) -> String {
    match &req.schema {
        Some(spec) => format!(
            "Answer with a single JSON value that conforms to this JSON Schema, with no prose \
             before or after it:\n{}",
            spec.schema
        ),
        None => "Answer with a single JSON value, with no prose before or after it.".to_owned(),
    }
}

/// The request body for one attempt.
pub(crate) fn request_body(model: &str, req: &ChatRequest, opts: WireOptions) -> Value {
    let mut messages: Vec<Message> = if opts.drop_images {
        req.messages.iter().map(Message::without_images).collect()
    } else {
        req.messages.clone()
    };
    // With json_schema the server enforces the schema; otherwise the prompt must carry it
    // (OpenAI's json_object mode even requires the word "JSON" in the messages).
    if req.expects_json() && opts.format != StructuredOutput::JsonSchema {
        let note = ContentPart::Text {
            text: json_instruction(req),
        };
        match messages.iter_mut().find(|m| m.role == Role::System) {
            Some(system) => system.content.push(note),
            None => messages.insert(
                0,
                Message {
                    role: Role::System,
                    content: vec![note],
                },
            ),
        }
    }

    let mut body = Map::new();
    body.insert("model".into(), json!(model));
    body.insert(
        "messages".into(),
        Value::Array(messages.iter().map(Message::to_wire).collect()),
    );
    if let (Some(t), true) = (req.temperature, opts.send_temperature) {
        body.insert("temperature".into(), json!(t));
    }
    if let Some(n) = req.max_tokens {
        let key = if opts.max_completion_tokens {
            "max_completion_tokens"
        } else {
            "max_tokens"
        };
        body.insert(key.into(), json!(n));
    }
    if opts.stream {
        body.insert("stream".into(), json!(true));
        if opts.stream_usage {
            body.insert("stream_options".into(), json!({ "include_usage": true }));
        }
    }
    if req.expects_json() {
        match (opts.format, &req.schema) {
            (StructuredOutput::JsonSchema, Some(spec)) => {
                body.insert(
                    "response_format".into(),
                    json!({
                        "type": "json_schema",
                        "json_schema": { "name": spec.name, "schema": spec.schema, "strict": opts.strict },
                    }),
                );
            }
            (StructuredOutput::JsonSchema | StructuredOutput::JsonObject, _) => {
                body.insert("response_format".into(), json!({ "type": "json_object" }));
            }
            _ => {}
        }
    }
    Value::Object(body)
}

/// The parts of a completion the client uses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Completion {
    pub text: String,
    pub refusal: Option<String>,
    pub finish_reason: Option<String>,
    pub model: Option<String>,
    pub usage: Option<Usage>,
}

/// Why a 2xx body is not a chat completion (the reason in [`crate::LlmError::MalformedResponse`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum CompletionError {
    /// No `choices[0]`, and the body carries an `error` instead.
    #[error("the body reports an error: {message}")]
    Reported {
        /// The error's `message`, or the whole `error` value as JSON.
        message: String,
    },
    /// No `choices[0]`.
    #[error("no `choices[0]`")]
    NoChoice,
    /// `choices[0]` has no `message` object.
    #[error("no `choices[0].message`")]
    NoMessage,
    /// `choices[0].message.content` is neither text, parts nor null.
    #[error("`content` is a {content}, not text")]
    ContentNotText {
        /// The offending value.
        content: Value,
    },
}

/// Reads `choices[0]`; `Err` says why the body is not a completion.
pub(crate) fn parse_completion(raw: &Value) -> Result<Completion, CompletionError> {
    let Some(choice) = raw.pointer("/choices/0") else {
        if let Some(error) = raw.get("error").filter(|e| !e.is_null()) {
            let message = error
                .get("message")
                .and_then(Value::as_str)
                .map_or_else(|| error.to_string(), str::to_owned);
            return Err(CompletionError::Reported { message });
        }
        return Err(CompletionError::NoChoice);
    };
    let message = choice
        .get("message")
        .filter(|m| m.is_object())
        .ok_or(CompletionError::NoMessage)?;
    let text = match message.get("content") {
        Some(Value::String(s)) => s.clone(),
        // Some servers return content as parts.
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(""),
        Some(Value::Null) | None => String::new(),
        Some(other) => {
            return Err(CompletionError::ContentNotText {
                content: other.clone(),
            });
        }
    };
    let refusal = message
        .get("refusal")
        .and_then(Value::as_str)
        .filter(|r| !r.trim().is_empty())
        .map(str::to_owned);
    Ok(Completion {
        text,
        refusal,
        finish_reason: choice
            .get("finish_reason")
            .and_then(Value::as_str)
            .map(str::to_owned),
        model: raw.get("model").and_then(Value::as_str).map(str::to_owned),
        usage: Usage::from_response(raw),
    })
}
