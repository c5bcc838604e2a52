//! [`LlmClient`]: one chat completion per call, with timeouts, retries, fallbacks and
//! cancellation.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use tracing::{debug, warn};

use crate::config::{ClientConfig, StructuredOutput};
use crate::error::{LlmError, snippet};
use crate::extract::extract_json;
use crate::fallback::{self, Adjustment, SentShape, server_message};
use crate::refusal::looks_like_refusal;
use crate::request::ChatRequest;
use crate::response::ChatResponse;
use crate::retry::{backoff_delay, is_retryable_status, retry_after_from_headers};
use crate::schema;
use crate::stream::{Assembler, StreamError, TokenObserver};
use crate::usage::{UsageTotals, UsageTracker};
use crate::wire::{self, WireOptions};

/// Fallback resends allowed per call (one per kind of adjustment is all that can help).
const MAX_ADJUSTMENTS: u32 = 4;

/// What the client has learned the server accepts. Starts optimistic; each fallback the
/// server forces is remembered for later calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// How a request with a schema is sent now.
    pub structured_output: StructuredOutput,
    /// Images are sent (false once the server refused them).
    pub images: bool,
    /// The length limit goes out as `max_completion_tokens` rather than `max_tokens`.
    pub max_completion_tokens: bool,
    /// `temperature` is sent (false once the server refused it).
    pub temperature: bool,
}

/// An async client for an OpenAI-compatible chat-completions server.
///
/// Cheap to clone (clones share the connection pool, the learned capabilities and the token
/// totals), and safe to use from concurrent tasks. `Debug` never shows the API key.
#[derive(Clone)]
pub struct LlmClient {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientConfig,
    endpoint: String,
    http: reqwest::Client,
    /// Auto mode's fallback level: 0 json_schema, 1 json_object, 2 none.
    format_level: AtomicU8,
    images_refused: AtomicBool,
    max_completion_tokens: AtomicBool,
    temperature_refused: AtomicBool,
    stream_refused: AtomicBool,
    stream_usage_refused: AtomicBool,
    usage: UsageTracker,
    server_info: std::sync::Mutex<Option<crate::server_info::ServerInfo>>,
}

impl fmt::Debug for LlmClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LlmClient")
            .field("endpoint", &self.inner.endpoint)
            .field("config", &self.inner.config)
            .field("capabilities", &self.capabilities())
            .finish_non_exhaustive()
    }
}

/// What one attempt brought back.
enum Received {
    /// A 2xx body sent at once.
    Body(String),
    /// A 2xx streamed answer, put back together as a completion.
    Streamed(Value),
    /// An error status and its body.
    Error {
        status: u16,
        headers: reqwest::header::HeaderMap,
        text: String,
    },
}

/// Why one attempt brought nothing back.
enum Failure {
    Http(reqwest::Error),
    /// Nothing within the first-token limit.
    FirstToken,
    /// The answer began, then nothing came within the idle limit.
    Stalled {
        tokens: u32,
    },
    /// The stream closed before its end.
    Cut {
        tokens: u32,
    },
    /// More than `max_body_bytes`.
    TooLarge,
    /// A stream that cannot be read.
    Stream(StreamError),
}

/// A failure that a retry may cure.
enum Transient {
    Timeout,
    Stalled {
        tokens: u32,
    },
    Connection(String),
    Status {
        status: u16,
        message: String,
        retry_after: Option<Duration>,
    },
}

fn format_level(format: StructuredOutput) -> u8 {
    match format {
        StructuredOutput::JsonSchema | StructuredOutput::Auto => 0,
        StructuredOutput::JsonObject => 1,
        StructuredOutput::None => 2,
    }
}

/// An error and its causes, joined: reqwest's own message rarely says "connection refused".
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

fn is_loopback(url: &str) -> bool {
    let rest = url
        .trim()
        .trim_start_matches("http://")
        .trim_start_matches("https://");
    ["localhost", "127.", "[::1]"]
        .iter()
        .any(|h| rest.starts_with(h))
}

impl LlmClient {
    /// A client for `config` (validated first).
    pub fn new(config: ClientConfig) -> Result<Self, LlmError> {
        config.validate()?;
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("relayout-reasoner/", env!("CARGO_PKG_VERSION")));
        if is_loopback(&config.base_url) {
            // A local server must not be routed through a system proxy.
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|e| LlmError::ClientBuild(error_chain(&e)))?;
        Ok(Self {
            inner: Arc::new(Inner {
                endpoint: config.endpoint(),
                config,
                http,
                format_level: AtomicU8::new(0),
                images_refused: AtomicBool::new(false),
                max_completion_tokens: AtomicBool::new(false),
                temperature_refused: AtomicBool::new(false),
                stream_refused: AtomicBool::new(false),
                stream_usage_refused: AtomicBool::new(false),
                server_info: std::sync::Mutex::new(None),
                usage: UsageTracker::default(),
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The chat-completions URL called.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// Tokens and attempts spent so far by this client and its clones.
    pub fn usage(&self) -> UsageTotals {
        self.inner.usage.snapshot()
    }

    /// Zeroes the token totals.
    pub fn reset_usage(&self) {
        self.inner.usage.reset();
    }

    /// What the server says about itself (context length, slots), asked once and remembered;
    /// empty for a server that says nothing.
    pub async fn server_info(&self) -> crate::server_info::ServerInfo {
        if let Some(info) = *self
            .inner
            .server_info
            .lock()
            .unwrap_or_else(|e| e.into_inner())
        {
            return info;
        }
        let config = &self.inner.config;
        let key = config
            .api_key
            .as_ref()
            .filter(|k| !k.is_empty())
            .map(|k| k.expose());
        let info = crate::server_info::probe(
            &self.inner.http,
            &config.base_url,
            &config.model,
            key,
            config.connect_timeout.min(Duration::from_secs(5)),
        )
        .await;
        debug!(?info, "server info");
        *self
            .inner
            .server_info
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(info);
        info
    }

    /// What the server has been found to accept.
    pub fn capabilities(&self) -> Capabilities {
        let probe = ChatRequest::new(Vec::new()).with_schema("probe", Value::Null);
        Capabilities {
            structured_output: self.format_for(&probe),
            images: !self.inner.images_refused.load(Ordering::Relaxed),
            max_completion_tokens: self.inner.max_completion_tokens.load(Ordering::Relaxed),
            temperature: !self.inner.temperature_refused.load(Ordering::Relaxed),
        }
    }

    /// How JSON is requested for `req` now.
    fn format_for(&self, req: &ChatRequest) -> StructuredOutput {
        use StructuredOutput as S;
        if !req.expects_json() {
            return S::None;
        }
        let wanted = match self.inner.config.structured_output {
            S::Auto => match self.inner.format_level.load(Ordering::Relaxed) {
                0 => S::JsonSchema,
                1 => S::JsonObject,
                _ => S::None,
            },
            other => other,
        };
        // json_schema needs a schema; without one, json_object is the closest.
        match (wanted, &req.schema) {
            (S::JsonSchema, None) => S::JsonObject,
            (w, _) => w,
        }
    }

    fn wire_options(&self, req: &ChatRequest) -> WireOptions {
        let i = &self.inner;
        WireOptions {
            format: self.format_for(req),
            strict: i.config.strict_schema,
            drop_images: i.images_refused.load(Ordering::Relaxed),
            max_completion_tokens: i.max_completion_tokens.load(Ordering::Relaxed),
            send_temperature: !i.temperature_refused.load(Ordering::Relaxed),
            stream: i.config.stream && !i.stream_refused.load(Ordering::Relaxed),
            stream_usage: !i.stream_usage_refused.load(Ordering::Relaxed),
        }
    }

    fn apply(&self, adjustment: Adjustment, format: StructuredOutput) {
        let i = &self.inner;
        match adjustment {
            Adjustment::DowngradeFormat => {
                i.format_level
                    .fetch_max(format_level(format) + 1, Ordering::Relaxed);
            }
            Adjustment::DropImages => i.images_refused.store(true, Ordering::Relaxed),
            Adjustment::UseMaxCompletionTokens => {
                i.max_completion_tokens.store(true, Ordering::Relaxed);
            }
            Adjustment::DropTemperature => i.temperature_refused.store(true, Ordering::Relaxed),
            Adjustment::DropStreamOptions => i.stream_usage_refused.store(true, Ordering::Relaxed),
            Adjustment::NoStream => i.stream_refused.store(true, Ordering::Relaxed),
        }
    }

    /// One attempt: the request, then the answer read as it comes, bounded in time (to the
    /// first token, then between chunks) and in size.
    async fn receive(
        &self,
        body: &Value,
        on_tokens: Option<TokenObserver<'_>>,
    ) -> Result<Received, Failure> {
        let config = &self.inner.config;
        let started = Instant::now();
        let mut request = self.inner.http.post(&self.inner.endpoint).json(body);
        if let Some(key) = self.inner.config.api_key.as_ref().filter(|k| !k.is_empty()) {
            // bearer_auth marks the header sensitive, so reqwest never prints it either.
            request = request.bearer_auth(key.expose());
        }
        let mut response = match tokio::time::timeout(config.timeout, request.send()).await {
            Err(_) => return Err(Failure::FirstToken),
            Ok(Err(e)) => return Err(Failure::Http(e)),
            Ok(Ok(r)) => r,
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let ok = (200..300).contains(&status);
        let events = ok
            && headers
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.contains("text/event-stream"));
        let mut stream = Assembler::default();
        let mut bytes = Vec::new();
        let mut total = 0usize;
        loop {
            // Until the answer starts, the first-token budget runs; then each silence is bounded.
            let begun = if events {
                stream.tokens() > 0
            } else {
                total > 0
            };
            let wait = if begun {
                config.idle_timeout
            } else {
                config.timeout.saturating_sub(started.elapsed())
            };
            let chunk = match tokio::time::timeout(wait, response.chunk()).await {
                Err(_) if begun => {
                    return Err(Failure::Stalled {
                        tokens: stream.tokens(),
                    });
                }
                Err(_) => return Err(Failure::FirstToken),
                Ok(Err(e)) if events && stream.started() => {
                    debug!(error = %error_chain(&e), "stream cut");
                    return Err(Failure::Cut {
                        tokens: stream.tokens(),
                    });
                }
                Ok(Err(e)) => return Err(Failure::Http(e)),
                Ok(Ok(None)) => break,
                Ok(Ok(Some(c))) => c,
            };
            total += chunk.len();
            if total > config.max_body_bytes {
                return Err(Failure::TooLarge);
            }
            if events {
                if stream.push(&chunk).map_err(Failure::Stream)?
                    && let Some(f) = on_tokens
                {
                    f(stream.progress());
                }
                if stream.saw_done() {
                    break;
                }
            } else {
                bytes.extend_from_slice(&chunk);
            }
        }
        if events {
            stream.finish().map_err(Failure::Stream)?;
            if !stream.complete() {
                return Err(Failure::Cut {
                    tokens: stream.tokens(),
                });
            }
            return Ok(Received::Streamed(stream.completion()));
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Ok(if ok {
            Received::Body(text)
        } else {
            Received::Error {
                status,
                headers,
                text,
            }
        })
    }

    /// Sends `req` and returns the completion.
    ///
    /// Retries 429 (waiting out `Retry-After`), 408, 5xx, timeouts and connection errors up to
    /// `max_retries` times with exponential backoff; resends without the offending feature when
    /// a 400 says the server does not support structured output (in `Auto` mode), images,
    /// `max_tokens` or `temperature`. When the request expects JSON, the JSON is extracted
    /// into [`ChatResponse::parsed_json`] and checked against the schema. Returns promptly with
    /// [`LlmError::Cancelled`] once `cancel` fires.
    pub async fn chat(
        &self,
        req: &ChatRequest,
        cancel: &CancellationToken,
    ) -> Result<ChatResponse, LlmError> {
        self.chat_observed(req, cancel, None).await
    }

    /// Like [`LlmClient::chat`], telling `on_tokens` how far a streamed answer has got after
    /// each chunk (tokens so far, tokens per second).
    pub async fn chat_observed(
        &self,
        req: &ChatRequest,
        cancel: &CancellationToken,
        on_tokens: Option<TokenObserver<'_>>,
    ) -> Result<ChatResponse, LlmError> {
        let started = Instant::now();
        let config = &self.inner.config;
        let endpoint = &self.inner.endpoint;
        let has_images = req.image_count() > 0;
        let mut attempts = 0u32;
        let mut retries = 0u32;
        let mut adjustments = 0u32;
        loop {
            if cancel.is_cancelled() {
                return Err(LlmError::Cancelled { attempts });
            }
            let opts = self.wire_options(req);
            let body = wire::request_body(&config.model, req, opts);
            attempts += 1;
            self.inner.usage.record_attempt();
            debug!(endpoint, model = %config.model, attempt = attempts, format = ?opts.format, "chat completion request");

            let outcome = tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(LlmError::Cancelled { attempts }),
                r = self.receive(&body, on_tokens) => r,
            };
            let malformed = |reason: String| LlmError::MalformedResponse {
                endpoint: endpoint.clone(),
                reason,
                body: String::new(),
                attempts,
            };
            let transient = match outcome {
                Err(Failure::FirstToken) => Transient::Timeout,
                Err(Failure::Stalled { tokens }) => Transient::Stalled { tokens },
                Err(Failure::Cut { tokens }) => Transient::Connection(format!(
                    "the connection closed mid-answer, after {tokens} token(s)"
                )),
                Err(Failure::Http(e)) if e.is_timeout() && !e.is_connect() => Transient::Timeout,
                Err(Failure::Http(e)) => Transient::Connection(error_chain(&e)),
                Err(Failure::TooLarge) => {
                    return Err(malformed(format!(
                        "the body is larger than {} bytes, the most read",
                        config.max_body_bytes
                    )));
                }
                Err(Failure::Stream(e)) => return Err(malformed(e.to_string())),
                Ok(Received::Streamed(raw)) => {
                    let images_dropped = has_images && opts.drop_images;
                    let text = raw.to_string();
                    return self.finish(req, raw, &text, opts, attempts, started, images_dropped);
                }
                Ok(Received::Body(text)) => {
                    let images_dropped = has_images && opts.drop_images;
                    let raw: Value = match serde_json::from_str(&text) {
                        Ok(v) => v,
                        Err(e) => {
                            return Err(LlmError::MalformedResponse {
                                endpoint: endpoint.clone(),
                                reason: if text.trim().is_empty() {
                                    "the body is empty".to_owned()
                                } else {
                                    format!("the body is not JSON: {e}")
                                },
                                body: snippet(&self.scrub(text)),
                                attempts,
                            });
                        }
                    };
                    return self.finish(req, raw, &text, opts, attempts, started, images_dropped);
                }
                Ok(Received::Error {
                    status,
                    headers,
                    text,
                }) => {
                    let message = self.scrub(server_message(&text));
                    let sent = SentShape {
                        response_format: opts.format != StructuredOutput::None,
                        can_downgrade: config.structured_output == StructuredOutput::Auto,
                        images: has_images && !opts.drop_images,
                        max_tokens: req.max_tokens.is_some() && !opts.max_completion_tokens,
                        temperature: req.temperature.is_some() && opts.send_temperature,
                        stream: opts.stream,
                        stream_usage: opts.stream && opts.stream_usage,
                    };
                    if adjustments < MAX_ADJUSTMENTS
                        && let Some(adjustment) = fallback::diagnose(status, &message, sent)
                    {
                        adjustments += 1;
                        warn!(endpoint, status, ?adjustment, server = %snippet(&message), "server rejected a request feature; resending without it");
                        self.apply(adjustment, opts.format);
                        continue;
                    }
                    if !is_retryable_status(status) {
                        return Err(LlmError::Http {
                            status,
                            endpoint: endpoint.clone(),
                            message: snippet(&message),
                            attempts,
                        });
                    }
                    Transient::Status {
                        status,
                        message: snippet(&message),
                        retry_after: retry_after_from_headers(&headers),
                    }
                }
            };

            let retry_after = match &transient {
                Transient::Status { retry_after, .. } => *retry_after,
                _ => None,
            };
            let too_long = retry_after.is_some_and(|d| d > config.max_retry_after);
            if retries >= config.max_retries || too_long {
                return Err(self.give_up(transient, attempts));
            }
            retries += 1;
            let delay = retry_after
                .unwrap_or_else(|| backoff_delay(config.backoff_base, config.backoff_cap, retries));
            warn!(endpoint, attempt = attempts, delay_s = delay.as_secs_f64(), cause = %self.describe(&transient), "retrying chat completion");
            tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(LlmError::Cancelled { attempts }),
                () = tokio::time::sleep(delay) => {}
            }
        }
    }

    /// Removes the API key from text a server sent back (some echo the key in a 401).
    fn scrub(&self, text: String) -> String {
        match self.inner.config.api_key.as_ref().filter(|k| !k.is_empty()) {
            Some(key) if text.contains(key.expose()) => text.replace(key.expose(), "***"),
            _ => text,
        }
    }

    fn describe(&self, t: &Transient) -> String {
        match t {
            Transient::Timeout => format!("timeout after {:?}", self.inner.config.timeout),
            Transient::Stalled { tokens } => format!(
                "silent for {:?} after {tokens} token(s)",
                self.inner.config.idle_timeout
            ),
            Transient::Connection(m) => m.clone(),
            Transient::Status {
                status, message, ..
            } => format!("HTTP {status}: {message}"),
        }
    }

    fn give_up(&self, transient: Transient, attempts: u32) -> LlmError {
        let endpoint = self.inner.endpoint.clone();
        match transient {
            Transient::Timeout => LlmError::Timeout {
                endpoint,
                timeout: self.inner.config.timeout,
                attempts,
            },
            Transient::Stalled { tokens } => LlmError::Stalled {
                endpoint,
                tokens,
                gap: self.inner.config.idle_timeout,
                attempts,
            },
            Transient::Connection(message) => LlmError::Connection {
                endpoint,
                message,
                attempts,
            },
            Transient::Status {
                status: 429,
                message,
                retry_after,
            } => LlmError::RateLimited {
                endpoint,
                retry_after,
                message,
                attempts,
            },
            Transient::Status {
                status, message, ..
            } => LlmError::Http {
                status,
                endpoint,
                message,
                attempts,
            },
        }
    }

    /// Turns a 2xx body into a response, or the error its content amounts to.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        req: &ChatRequest,
        raw: Value,
        body: &str,
        opts: WireOptions,
        attempts: u32,
        started: Instant,
        images_dropped: bool,
    ) -> Result<ChatResponse, LlmError> {
        let malformed = |reason: String| LlmError::MalformedResponse {
            endpoint: self.inner.endpoint.clone(),
            reason,
            body: snippet(&self.scrub(body.to_owned())),
            attempts,
        };
        let completion = wire::parse_completion(&raw).map_err(|e| malformed(e.to_string()))?;
        self.inner.usage.record_completion(completion.usage);

        let mut response = ChatResponse {
            text: completion.text,
            parsed_json: None,
            json_source: None,
            usage: completion.usage,
            latency: started.elapsed(),
            attempts,
            finish_reason: completion.finish_reason,
            images_dropped,
            structured_output: opts.format,
            model: completion.model,
            raw,
        };
        if let Some(refusal) = completion.refusal {
            return Err(LlmError::Refused {
                message: snippet(&refusal),
                response: Box::new(response),
            });
        }
        match response.finish_reason.as_deref() {
            Some("content_filter") => {
                return Err(LlmError::Refused {
                    message: "the server's content filter stopped the answer".to_owned(),
                    response: Box::new(response),
                });
            }
            Some("length") => {
                return Err(LlmError::Truncated {
                    response: Box::new(response),
                });
            }
            _ => {}
        }
        if !req.expects_json() {
            return Ok(response);
        }
        let value = match extract_json(&response.text) {
            Ok((value, source)) => {
                response.json_source = Some(source);
                value
            }
            Err(e) if looks_like_refusal(&response.text) => {
                debug!(error = %e, "no JSON in a refusal-like answer");
                return Err(LlmError::Refused {
                    message: snippet(&response.text),
                    response: Box::new(response),
                });
            }
            Err(e) => {
                return Err(LlmError::InvalidJson {
                    error: e.to_string(),
                    response: Box::new(response),
                });
            }
        };
        let errors = req
            .schema
            .as_ref()
            .map(|spec| schema::validate(req.check_schema.as_ref().unwrap_or(&spec.schema), &value))
            .unwrap_or_default();
        response.parsed_json = Some(value);
        if let (false, Some(spec)) = (errors.is_empty(), &req.schema) {
            return Err(LlmError::SchemaMismatch {
                schema: spec.name.clone(),
                errors,
                response: Box::new(response),
            });
        }
        Ok(response)
    }

    /// Like [`LlmClient::chat`], expecting JSON (even if `req` does not say so), then
    /// deserializes it into `T`. A mismatch is [`LlmError::Deserialize`] with serde's exact
    /// message and the path of the offending value, ready for a repair prompt.
    pub async fn chat_json<T: DeserializeOwned>(
        &self,
        req: &ChatRequest,
        cancel: &CancellationToken,
    ) -> Result<(T, ChatResponse), LlmError> {
        let response = if req.expects_json() {
            self.chat(req, cancel).await?
        } else {
            self.chat(&req.clone().expecting_json(), cancel).await?
        };
        let value = response.parsed_json.clone().unwrap_or(Value::Null);
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(parsed) => Ok((parsed, response)),
            Err(e) => Err(LlmError::Deserialize {
                type_name: std::any::type_name::<T>(),
                error: e.to_string(),
                response: Box::new(response),
            }),
        }
    }
}
