//! Shared fixtures: completion bodies, scripted responders, a fast test config.

use std::sync::Mutex;
use std::time::Duration;

use relayout_llm::{ClientConfig, LlmClient};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The path the client posts to, given `base_url = <server>/v1`.
pub const PATH: &str = "/v1/chat/completions";

/// A completion body with the given content and finish reason and a fixed usage (11 + 7).
pub fn completion_with(content: Value, finish_reason: &str, refusal: Value) -> Value {
    json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "model": "test-model-2025",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content, "refusal": refusal },
            "finish_reason": finish_reason,
        }],
        "usage": { "prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18 },
    })
}

/// A normal completion answering `content`.
pub fn completion(content: &str) -> Value {
    completion_with(json!(content), "stop", Value::Null)
}

/// HTTP 200 with `body`.
pub fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// An OpenAI-style error response.
pub fn error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({ "error": { "message": message, "type": "invalid_request_error" } }))
}

/// Answers with the scripted responses in order, repeating the last.
pub struct Sequence(Mutex<Vec<ResponseTemplate>>);

impl Sequence {
    pub fn new(responses: Vec<ResponseTemplate>) -> Self {
        let mut responses = responses;
        responses.reverse();
        Self(Mutex::new(responses))
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut left = self.0.lock().unwrap();
        if left.len() > 1 {
            left.pop().unwrap()
        } else {
            left[0].clone()
        }
    }
}

/// Answers according to the request body.
pub struct ByBody<F>(pub F);

impl<F: Fn(&Value) -> ResponseTemplate + Send + Sync> Respond for ByBody<F> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        (self.0)(&body)
    }
}

/// Starts a server whose chat endpoint answers with `responder`.
pub async fn server_with(responder: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

/// A config pointing at `server` with short limits: 2 s timeout, 2 retries, 10–50 ms backoff.
pub fn config(server: &MockServer) -> ClientConfig {
    let mut config = ClientConfig::new(format!("{}/v1", server.uri()), "test-model");
    config.timeout = Duration::from_secs(2);
    config.max_retries = 2;
    config.backoff_base = Duration::from_millis(10);
    config.backoff_cap = Duration::from_millis(50);
    config.max_retry_after = Duration::from_secs(5);
    config
}

pub fn client(config: ClientConfig) -> LlmClient {
    LlmClient::new(config).expect("test config is valid")
}

/// The JSON bodies the server received, in order.
pub async fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap_or(Value::Null))
        .collect()
}

/// A small schema: `{ name: string, count: integer >= 0 }`, both required, nothing else.
pub fn thing_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "name": { "type": "string" },
            "count": { "type": "integer", "minimum": 0 }
        },
        "required": ["name", "count"],
        "additionalProperties": false
    })
}

/// The text of message `i` of a request body, whether its content is a string or parts.
pub fn message_text(body: &Value, i: usize) -> String {
    match &body["messages"][i]["content"] {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p["text"].as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}
