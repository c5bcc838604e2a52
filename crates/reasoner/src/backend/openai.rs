//! The `openai` backend: any OpenAI-compatible chat-completions server.
//!
//! Renders the stage's prompt templates, asks for JSON with the answer's schema through
//! [`LlmClient::chat_json`], and records the messages, the usage and the latency. Retries,
//! timeouts, `Retry-After` and cancellation are the client's. Answers a repair prompt can fix
//! (invalid JSON, off-schema, truncated) come back as [`BackendError::Unusable`] with the
//! client's exact errors; refusals and transport failures as [`BackendError::Failed`].

use std::time::Instant;

use serde_json::Value;

use super::{Backend, BackendError, BackendInfo, BoxFuture, CallRecord, Reply, StageRequest};
use crate::prompt;
use relayout_llm::TokenObserver;
use relayout_llm::client::LlmClient;
use relayout_llm::error::LlmError;
use relayout_llm::request::ChatRequest;
use relayout_llm::response::ChatResponse;
use tokio_util::sync::CancellationToken;

/// Asks an OpenAI-compatible server.
#[derive(Debug, Clone)]
pub struct OpenAiBackend {
    client: LlmClient,
    cancel: CancellationToken,
    temperature: Option<f32>,
    max_tokens: Option<u32>,
    /// Requests in flight at once, when the server says how many it serves (llama.cpp's
    /// slots): more would only queue there, waiting past the first-token limit.
    gate: std::sync::Arc<std::sync::Mutex<Option<std::sync::Arc<tokio::sync::Semaphore>>>>,
}

impl OpenAiBackend {
    /// A backend over `client`; `cancel` stops every request in flight.
    pub fn new(client: LlmClient, cancel: CancellationToken) -> Self {
        OpenAiBackend {
            client,
            cancel,
            temperature: Some(0.2),
            max_tokens: None,
            gate: Default::default(),
        }
    }

    /// Sets the sampling temperature (`None`: the server's default).
    pub fn with_temperature(mut self, t: Option<f32>) -> Self {
        self.temperature = t;
        self
    }

    /// Sets the answer length limit in tokens.
    pub fn with_max_tokens(mut self, n: Option<u32>) -> Self {
        self.max_tokens = n;
        self
    }

    /// The client.
    pub fn client(&self) -> &LlmClient {
        &self.client
    }

    async fn ask(
        &self,
        req: &StageRequest,
        on_tokens: Option<TokenObserver<'_>>,
    ) -> Result<Reply, BackendError> {
        let messages = prompt::messages(req).map_err(|e| BackendError::Failed {
            message: e.to_string(),
            record: None,
            text: None,
        })?;
        // What the server says of itself: a prompt that cannot fit its context is named here,
        // not sent to be cut; requests beyond its slots wait here, not in its queue.
        let info = self.client.server_info().await;
        let mut max_tokens = self.max_tokens.unwrap_or(req.input.answer_budget());
        if let Some(context) = info.context_tokens {
            let chars: usize = messages.iter().map(|m| m.text_chars()).sum();
            let prompt = relayout_llm::server_info::estimate_tokens(chars);
            match fit_answer(prompt, max_tokens, context) {
                Some(n) => {
                    if n < max_tokens {
                        tracing::debug!(
                            key = %req.key, prompt, context, bound = max_tokens, kept = n,
                            "answer bound shortened to the server's context"
                        );
                    }
                    max_tokens = n;
                }
                None => {
                    return Err(BackendError::Failed {
                        message: format!(
                            "the prompt for {} is about {prompt} tokens and its answer needs at \
                             least {} more, but the server's context is {context} tokens (from \
                             {}); start the server with a longer context (llama-server -c 8192, \
                             Ollama's num_ctx) or lay out fewer objects at once",
                            req.key,
                            max_tokens.min(MIN_ANSWER),
                            info.context_from.unwrap_or("the server")
                        ),
                        record: None,
                        text: None,
                    });
                }
            }
        }
        let gate = info.slots.map(|n| {
            let mut g = self.gate.lock().unwrap_or_else(|e| e.into_inner());
            g.get_or_insert_with(|| {
                std::sync::Arc::new(tokio::sync::Semaphore::new(n.clamp(1, 64) as usize))
            })
            .clone()
        });
        let _permit = match &gate {
            Some(g) => tokio::select! {
                biased;
                () = self.cancel.cancelled() => {
                    return Err(BackendError::Cancelled {
                        message: "cancelled while waiting for a free server slot".into(),
                        record: None,
                    });
                }
                p = g.acquire() => p.ok(),
            },
            None => None,
        };
        let mut chat =
            ChatRequest::new(messages.clone()).with_schema(req.schema_name, req.schema.clone());
        chat.temperature = self.temperature;
        chat.max_tokens = Some(max_tokens);
        chat.check_schema = Some(req.parse_schema.clone());
        let started = Instant::now();
        let result = self
            .client
            .chat_observed(&chat, &self.cancel, on_tokens)
            .await
            .map(|r| (r.parsed_json.clone().unwrap_or(Value::Null), r));
        let record = |resp: Option<&ChatResponse>, attempts: u32| CallRecord {
            messages: messages.clone(),
            usage: resp.and_then(|r| r.usage),
            latency_ms: started.elapsed().as_secs_f64() * 1e3,
            http_attempts: attempts,
            model: resp.and_then(|r| r.model.clone()),
            finish_reason: resp.and_then(|r| r.finish_reason.clone()),
            raw_response: resp.map(|r| r.raw.clone()),
        };
        match result {
            Ok((json, resp)) => Ok(Reply {
                json,
                text: resp.text.clone(),
                record: record(Some(&resp), resp.attempts),
            }),
            Err(e) => {
                let rec = Box::new(record(e.response(), e.attempts()));
                let text = e.response().map(|r| r.text.clone());
                if let LlmError::Http {
                    status: 401 | 403 | 404,
                    ..
                } = e
                {
                    return Err(BackendError::Config {
                        message: e.to_string(),
                        record: Some(rec),
                    });
                }
                if let LlmError::Cancelled { .. } = e {
                    return Err(BackendError::Cancelled {
                        message: e.to_string(),
                        record: Some(rec),
                    });
                }
                Err(match (e.repair_errors(), &e) {
                    (Some(errors), _) => BackendError::Unusable {
                        text: text.unwrap_or_default(),
                        errors,
                        record: rec,
                    },
                    (None, LlmError::Refused { .. }) => BackendError::Failed {
                        message: e.to_string(),
                        record: Some(rec),
                        text,
                    },
                    (None, _) => BackendError::Failed {
                        message: e.to_string(),
                        record: Some(rec),
                        text,
                    },
                })
            }
        }
    }
}

impl Backend for OpenAiBackend {
    fn info(&self) -> BackendInfo {
        BackendInfo {
            kind: "openai".to_owned(),
            model: Some(self.client.config().model.clone()),
            endpoint: Some(self.client.endpoint().to_owned()),
            replaying: None,
        }
    }

    fn answer<'a>(
        &'a self,
        request: &'a StageRequest,
    ) -> BoxFuture<'a, Result<Reply, BackendError>> {
        Box::pin(self.ask(request, None))
    }

    fn answer_observed<'a>(
        &'a self,
        request: &'a StageRequest,
        on_tokens: TokenObserver<'a>,
    ) -> BoxFuture<'a, Result<Reply, BackendError>> {
        Box::pin(self.ask(request, Some(on_tokens)))
    }
}

/// The fewest answer tokens a request is sent with when the server's context cannot hold the
/// whole answer bound: enough for a short answer; less would be cut before it says anything.
const MIN_ANSWER: u32 = 256;

/// The answer bound a prompt of `prompt` tokens can have in a context of `context`: the whole
/// `bound` when it fits, else what is left of the context (the bound is generous: most answers
/// are far shorter), `None` when not even [`MIN_ANSWER`] (or the bound, if smaller) is left.
fn fit_answer(prompt: u64, bound: u32, context: u64) -> Option<u32> {
    let left = context.saturating_sub(prompt);
    let need = u64::from(bound.min(MIN_ANSWER));
    (left >= need).then(|| u32::try_from(left.min(u64::from(bound))).unwrap_or(bound))
}

#[cfg(test)]
mod tests {
    use super::fit_answer;

    #[test]
    fn the_answer_bound_is_cut_to_the_context_but_never_below_a_short_answer() {
        assert_eq!(fit_answer(2000, 1500, 4096), Some(1500));
        assert_eq!(fit_answer(3000, 1500, 4096), Some(1096));
        assert_eq!(fit_answer(3840, 1500, 4096), Some(256));
        assert_eq!(fit_answer(3841, 1500, 4096), None);
        assert_eq!(fit_answer(4000, 90, 4096), Some(90));
        assert_eq!(fit_answer(5000, 90, 4096), None);
    }
}
