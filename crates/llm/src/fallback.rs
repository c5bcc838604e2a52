//! Reading an HTTP 400 for a request feature the server does not support, so the client can
//! resend without it: structured output, images, `max_tokens`, `temperature`.

use serde_json::Value;

/// A change to the request that may cure a 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Adjustment {
    /// Step down from `json_schema` to `json_object`, or from `json_object` to none.
    DowngradeFormat,
    /// Replace images with a text note.
    DropImages,
    /// Send `max_completion_tokens` instead of `max_tokens` (OpenAI reasoning models).
    UseMaxCompletionTokens,
    /// Leave `temperature` out (models that accept only the default).
    DropTemperature,
    /// Leave `stream_options` out (servers that stream but do not know it).
    DropStreamOptions,
    /// Ask for the whole answer at once (servers that cannot stream).
    NoStream,
}

/// What the rejected request contained.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SentShape {
    pub response_format: bool,
    pub can_downgrade: bool,
    pub images: bool,
    pub max_tokens: bool,
    pub temperature: bool,
    pub stream: bool,
    pub stream_usage: bool,
}

/// The adjustment a rejection calls for, if the server's message points at one.
pub(crate) fn diagnose(status: u16, message: &str, sent: SentShape) -> Option<Adjustment> {
    if !matches!(status, 400 | 422) {
        return None;
    }
    let m = message.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| m.contains(w));
    if sent.max_tokens && m.contains("max_tokens") && m.contains("max_completion_tokens") {
        return Some(Adjustment::UseMaxCompletionTokens);
    }
    if sent.temperature
        && m.contains("temperature")
        && any(&[
            "unsupported",
            "not support",
            "only the default",
            "does not support",
        ])
    {
        return Some(Adjustment::DropTemperature);
    }
    if sent.stream_usage && any(&["stream_options", "include_usage"]) {
        return Some(Adjustment::DropStreamOptions);
    }
    if sent.stream
        && m.contains("stream")
        && any(&[
            "unsupported",
            "not support",
            "does not support",
            "not allowed",
            "not implemented",
        ])
    {
        return Some(Adjustment::NoStream);
    }
    if sent.response_format
        && sent.can_downgrade
        && any(&[
            "response_format",
            "json_schema",
            "json_object",
            "structured output",
            "structured_output",
            "guided",
        ])
    {
        return Some(Adjustment::DowngradeFormat);
    }
    if sent.images && any(&["image", "vision", "multimodal", "multi-modal"]) {
        return Some(Adjustment::DropImages);
    }
    None
}

/// The server's error message from an error body: `error.message`, `error` (a string),
/// `message` or `detail` (FastAPI), else the body itself.
pub(crate) fn server_message(body: &str) -> String {
    if body.trim().is_empty() {
        return "(empty body)".to_owned();
    }
    let Ok(json) = serde_json::from_str::<Value>(body) else {
        return body.trim().to_owned();
    };
    let text = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    };
    text(json.pointer("/error/message"))
        .or_else(|| {
            json.get("error")
                .filter(|e| e.is_string())
                .and_then(|e| text(Some(e)))
        })
        .or_else(|| text(json.get("message")))
        .or_else(|| text(json.get("detail")))
        .unwrap_or_else(|| body.trim().to_owned())
}
