//! Everything that can go wrong in a call: [`LlmError`].

use std::time::Duration;

use crate::config::ConfigError;
use crate::response::ChatResponse;

/// How many characters of a server message or an answer go into an error message.
pub const SNIPPET_CHARS: usize = 300;

/// The first [`SNIPPET_CHARS`] characters of `text`, on one line.
pub fn snippet(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > SNIPPET_CHARS {
        format!("{}…", flat.chars().take(SNIPPET_CHARS).collect::<String>())
    } else {
        flat
    }
}

/// A failed call. Messages name the cause: the HTTP status, the server's words, the attempt
/// count. Variants that follow a delivered completion carry it (text, usage, raw body), so the
/// pipeline can record it and build a repair prompt. No variant ever contains the API key.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// The configuration is unusable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The HTTP client could not be built (TLS setup).
    #[error("cannot build the HTTP client: {0}")]
    ClientBuild(String),
    /// The server answered with an error status that retrying and fallbacks did not cure.
    #[error("HTTP {status} from {endpoint} after {attempts} attempt(s): {message}")]
    Http {
        /// The status code.
        status: u16,
        /// The URL called.
        endpoint: String,
        /// The server's error message (a snippet).
        message: String,
        /// HTTP attempts made.
        attempts: u32,
    },
    /// HTTP 429 persisted through the retries, or the server asked for a longer wait than
    /// `max_retry_after`.
    #[error("rate limited (HTTP 429) by {endpoint} after {attempts} attempt(s){}: {message}", retry_after.map_or(String::new(), |d| format!("; server asked to wait {}", wait_in_words(d))))]
    RateLimited {
        /// The URL called.
        endpoint: String,
        /// The last `Retry-After`, if any.
        retry_after: Option<Duration>,
        /// The server's error message (a snippet).
        message: String,
        /// HTTP attempts made.
        attempts: u32,
    },
    /// Each attempt exceeded the per-attempt timeout.
    #[error("no answer from {endpoint} within {:.1} s, {attempts} attempt(s)", timeout.as_secs_f64())]
    Timeout {
        /// The URL called.
        endpoint: String,
        /// The per-attempt limit.
        timeout: Duration,
        /// HTTP attempts made.
        attempts: u32,
    },
    /// A streamed answer went silent: no chunk for `gap` after `tokens` tokens, each attempt.
    #[error("the answer from {endpoint} stopped after {tokens} token(s): nothing more for {:.1} s, {attempts} attempt(s)", gap.as_secs_f64())]
    Stalled {
        /// The URL called.
        endpoint: String,
        /// Tokens received before the silence (last attempt).
        tokens: u32,
        /// The longest silence allowed between chunks.
        gap: Duration,
        /// HTTP attempts made.
        attempts: u32,
    },
    /// The connection failed (refused, reset, DNS, TLS).
    #[error("cannot reach {endpoint} after {attempts} attempt(s): {message}")]
    Connection {
        /// The URL called.
        endpoint: String,
        /// The transport error, with its causes.
        message: String,
        /// HTTP attempts made.
        attempts: u32,
    },
    /// The caller cancelled the call.
    #[error("cancelled after {attempts} attempt(s)")]
    Cancelled {
        /// HTTP attempts started.
        attempts: u32,
    },
    /// HTTP 200, but the body is not a chat completion.
    #[error("the answer from {endpoint} is not a chat completion ({reason}): {body}")]
    MalformedResponse {
        /// The URL called.
        endpoint: String,
        /// What is missing or wrong.
        reason: String,
        /// The body (a snippet).
        body: String,
        /// HTTP attempts made.
        attempts: u32,
    },
    /// The model declined: `message.refusal` was set, the content filter stopped it, or the
    /// text of a JSON answer was a refusal.
    #[error("the model refused: {message}")]
    Refused {
        /// The refusal (a snippet).
        message: String,
        /// The completion.
        response: Box<ChatResponse>,
    },
    /// The answer stopped at the token limit (`finish_reason: "length"`).
    #[error("the answer was cut off at the token limit (finish_reason \"length\", {} completion tokens); it ends: {}", response.usage.map_or("unknown".to_owned(), |u| u.completion_tokens.to_string()), tail(&response.text))]
    Truncated {
        /// The partial completion.
        response: Box<ChatResponse>,
    },
    /// A JSON answer was expected and none could be parsed.
    #[error("the answer holds no valid JSON: {error}; it begins: {}", snippet(&response.text))]
    InvalidJson {
        /// Why, with serde's exact message.
        error: String,
        /// The completion.
        response: Box<ChatResponse>,
    },
    /// The JSON does not follow the request's schema.
    #[error("the answer does not match schema `{schema}`: {}", errors.join("; "))]
    SchemaMismatch {
        /// The schema's name.
        schema: String,
        /// Each violation, with its JSON path.
        errors: Vec<String>,
        /// The completion (with `parsed_json` set).
        response: Box<ChatResponse>,
    },
    /// The JSON does not deserialize into the caller's type ([`LlmClient::chat_json`]).
    ///
    /// [`LlmClient::chat_json`]: crate::LlmClient::chat_json
    #[error("the answer's JSON does not fit `{type_name}`: {error}")]
    Deserialize {
        /// The Rust type.
        type_name: &'static str,
        /// serde's exact message, prefixed by the path of the offending value.
        error: String,
        /// The completion (with `parsed_json` set).
        response: Box<ChatResponse>,
    },
}

fn tail(text: &str) -> String {
    let n = text.chars().count();
    let start = n.saturating_sub(80);
    let t: String = text.chars().skip(start).collect();
    format!("{}{}", if start > 0 { "…" } else { "" }, snippet(&t))
}

impl LlmError {
    /// The completion behind the error, when the server delivered one.
    pub fn response(&self) -> Option<&ChatResponse> {
        match self {
            Self::Refused { response, .. }
            | Self::Truncated { response }
            | Self::InvalidJson { response, .. }
            | Self::SchemaMismatch { response, .. }
            | Self::Deserialize { response, .. } => Some(response),
            _ => None,
        }
    }

    /// HTTP attempts made before the error.
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Http { attempts, .. }
            | Self::RateLimited { attempts, .. }
            | Self::Timeout { attempts, .. }
            | Self::Stalled { attempts, .. }
            | Self::Connection { attempts, .. }
            | Self::Cancelled { attempts }
            | Self::MalformedResponse { attempts, .. } => *attempts,
            Self::Config(_) | Self::ClientBuild(_) => 0,
            _ => self.response().map_or(0, |r| r.attempts),
        }
    }

    /// The problems to quote in a repair prompt ([`repair_message`]), for errors a model can fix
    /// by answering again: invalid JSON, a schema mismatch, a type mismatch, a cut-off answer.
    ///
    /// [`repair_message`]: crate::repair_message
    pub fn repair_errors(&self) -> Option<Vec<String>> {
        match self {
            Self::InvalidJson { error, .. } => Some(vec![error.clone()]),
            Self::SchemaMismatch { errors, .. } => Some(errors.clone()),
            Self::Deserialize { error, .. } => Some(vec![error.clone()]),
            Self::Truncated { .. } => Some(vec![
                "the answer was cut off at the token limit; give a shorter, complete answer"
                    .to_owned(),
            ]),
            _ => None,
        }
    }
}

/// A server's requested wait in words: seconds, or a plain statement for a wait no client
/// would honour (more than a year, e.g. `Retry-After: 1e20`).
pub fn wait_in_words(d: Duration) -> String {
    if d.as_secs() > 366 * 86_400 {
        "longer than a year (an absurd Retry-After)".to_owned()
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}
