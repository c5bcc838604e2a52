//! Token accounting: per call ([`Usage`]) and accumulated over a client's life ([`UsageTotals`]).

use std::ops::AddAssign;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Tokens one completion consumed, as the server reported them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens in the prompt (`usage.prompt_tokens`).
    pub prompt_tokens: u64,
    /// Tokens in the answer (`usage.completion_tokens`), reasoning tokens included.
    pub completion_tokens: u64,
    /// `usage.total_tokens`, or prompt + completion when the server leaves it out.
    pub total_tokens: u64,
    /// Hidden reasoning tokens (`usage.completion_tokens_details.reasoning_tokens`), if reported.
    pub reasoning_tokens: u64,
    /// Prompt tokens served from the server's cache (`usage.prompt_tokens_details.cached_tokens`).
    pub cached_prompt_tokens: u64,
}

impl Usage {
    /// Reads an OpenAI-style `usage` object; `None` when the response has none.
    pub fn from_response(raw: &Value) -> Option<Self> {
        let usage = raw.get("usage").filter(|u| u.is_object())?;
        let count = |v: Option<&Value>| v.and_then(Value::as_u64).unwrap_or(0);
        let prompt_tokens = count(usage.get("prompt_tokens"));
        let completion_tokens = count(usage.get("completion_tokens"));
        let total_tokens = usage
            .get("total_tokens")
            .and_then(Value::as_u64)
            .unwrap_or(prompt_tokens + completion_tokens);
        Some(Self {
            prompt_tokens,
            completion_tokens,
            total_tokens,
            reasoning_tokens: count(usage.pointer("/completion_tokens_details/reasoning_tokens")),
            // OpenAI and vLLM say `prompt_tokens_details.cached_tokens`; llama.cpp's server says
            // `timings.cache_n` beside the usage.
            cached_prompt_tokens: usage
                .pointer("/prompt_tokens_details/cached_tokens")
                .and_then(Value::as_u64)
                .or_else(|| raw.pointer("/timings/cache_n").and_then(Value::as_u64))
                .unwrap_or(0),
        })
    }
}

impl AddAssign for Usage {
    fn add_assign(&mut self, rhs: Self) {
        self.prompt_tokens += rhs.prompt_tokens;
        self.completion_tokens += rhs.completion_tokens;
        self.total_tokens += rhs.total_tokens;
        self.reasoning_tokens += rhs.reasoning_tokens;
        self.cached_prompt_tokens += rhs.cached_prompt_tokens;
    }
}

/// What a client has spent since it was made (or last reset).
///
/// Every completion the server delivered counts, including ones the client then rejected
/// (invalid JSON, a refusal, a truncated answer): the tokens were spent all the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageTotals {
    /// Completions received (HTTP 200 with a completion body).
    pub completions: u64,
    /// HTTP attempts made, failed ones and retries included.
    pub http_attempts: u64,
    /// Completions whose response carried no `usage` object (their tokens are unknown).
    pub completions_without_usage: u64,
    /// Sum of the reported usage.
    pub usage: Usage,
}

/// Thread-safe accumulator behind [`UsageTotals`].
#[derive(Debug, Default)]
pub(crate) struct UsageTracker(Mutex<UsageTotals>);

impl UsageTracker {
    pub(crate) fn record_attempt(&self) {
        self.with(|t| t.http_attempts += 1);
    }

    pub(crate) fn record_completion(&self, usage: Option<Usage>) {
        self.with(|t| {
            t.completions += 1;
            match usage {
                Some(u) => t.usage += u,
                None => t.completions_without_usage += 1,
            }
        });
    }

    pub(crate) fn snapshot(&self) -> UsageTotals {
        let mut out = UsageTotals::default();
        self.with(|t| out = *t);
        out
    }

    pub(crate) fn reset(&self) {
        self.with(|t| *t = UsageTotals::default());
    }

    fn with(&self, f: impl FnOnce(&mut UsageTotals)) {
        // A poisoned lock only means another thread panicked mid-update of plain counters;
        // the counters are still usable.
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard);
    }
}
