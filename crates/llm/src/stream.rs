//! Streamed answers (`"stream": true`, server-sent events): the chunks put back together into
//! the completion a non-streaming server would have sent, counting tokens as they come.
//!
//! Each event is a `data: {…}` line holding a `chat.completion.chunk`: `choices[0].delta` carries
//! the next piece of `content` (or `refusal`), the last choice chunk its `finish_reason`, and
//! with `stream_options.include_usage` a final chunk without choices carries `usage`. The stream
//! ends with `data: [DONE]`. Lines starting with `:` are comments (keep-alives); `event:`, `id:`
//! and `retry:` lines are ignored.

use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

/// How far a streamed answer has got, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StreamProgress {
    /// Content chunks received so far (servers send one per token, give or take).
    pub tokens: u32,
    /// Time since the first token.
    pub since_first: Duration,
    /// Tokens per second since the first token (0 until there are two).
    pub per_second: f64,
}

/// Receives [`StreamProgress`] after each content chunk. Called on the request's task; keep it
/// quick.
pub type TokenObserver<'a> = &'a (dyn Fn(StreamProgress) + Send + Sync);

/// Why a stream cannot be read as a completion.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StreamError {
    /// A `data:` line that is not JSON.
    #[error("the stream holds a line that is not JSON: {0}")]
    NotJson(String),
    /// The server reported an error in the stream.
    #[error("the stream reports an error: {0}")]
    Reported(String),
    /// A chunk's `content` is not text.
    #[error("a chunk's `delta.content` is a {0}, not text")]
    ContentNotText(String),
}

/// Puts a streamed answer back together.
#[derive(Debug, Default)]
pub(crate) struct Assembler {
    line: Vec<u8>,
    text: String,
    refusal: String,
    finish_reason: Option<String>,
    model: Option<String>,
    usage: Option<Value>,
    timings: Option<Value>,
    tokens: u32,
    first: Option<Instant>,
    done: bool,
    events: u32,
}

impl Assembler {
    /// Feeds bytes as they arrive; returns whether new content came with them.
    pub fn push(&mut self, bytes: &[u8]) -> Result<bool, StreamError> {
        let before = self.tokens;
        for &b in bytes {
            if b == b'\n' {
                let line = std::mem::take(&mut self.line);
                self.line_done(&line)?;
            } else {
                self.line.push(b);
            }
        }
        Ok(self.tokens > before)
    }

    /// Reads whatever is left after the last newline (a stream cut without one).
    pub fn finish(&mut self) -> Result<(), StreamError> {
        let line = std::mem::take(&mut self.line);
        self.line_done(&line)
    }

    fn line_done(&mut self, line: &[u8]) -> Result<(), StreamError> {
        let line = String::from_utf8_lossy(line);
        let line = line.trim_end_matches('\r');
        let Some(data) = line.strip_prefix("data:") else {
            // Blank lines end events; comments, `event:`, `id:`, `retry:` carry nothing we use.
            return Ok(());
        };
        let data = data.trim();
        if data.is_empty() {
            return Ok(());
        }
        if data == "[DONE]" {
            self.done = true;
            return Ok(());
        }
        let chunk: Value =
            serde_json::from_str(data).map_err(|_| StreamError::NotJson(short(data)))?;
        self.events += 1;
        if let Some(e) = chunk.get("error").filter(|e| !e.is_null()) {
            let message = e
                .get("message")
                .and_then(Value::as_str)
                .map_or_else(|| e.to_string(), str::to_owned);
            return Err(StreamError::Reported(message));
        }
        if let Some(m) = chunk.get("model").and_then(Value::as_str) {
            self.model.get_or_insert_with(|| m.to_owned());
        }
        if let Some(u) = chunk.get("usage").filter(|u| u.is_object()) {
            self.usage = Some(u.clone());
        }
        if let Some(t) = chunk.get("timings").filter(|t| t.is_object()) {
            self.timings = Some(t.clone());
        }
        let Some(choice) = chunk.pointer("/choices/0") else {
            return Ok(());
        };
        if let Some(r) = choice.get("finish_reason").and_then(Value::as_str) {
            self.finish_reason = Some(r.to_owned());
        }
        let delta = choice.get("delta").or_else(|| choice.get("message"));
        match delta.and_then(|d| d.get("content")) {
            Some(Value::String(s)) if !s.is_empty() => {
                self.text.push_str(s);
                self.tokens += 1;
                self.first.get_or_insert_with(Instant::now);
            }
            Some(Value::String(_) | Value::Null) | None => {}
            Some(other) => {
                let kind = match other {
                    Value::Array(_) => "array",
                    Value::Object(_) => "object",
                    Value::Bool(_) => "boolean",
                    _ => "number",
                };
                return Err(StreamError::ContentNotText(kind.to_owned()));
            }
        }
        if let Some(r) = delta.and_then(|d| d.get("refusal")).and_then(Value::as_str) {
            self.refusal.push_str(r);
        }
        Ok(())
    }

    /// Whether the stream said it was over (`[DONE]`, or a finish reason).
    pub fn complete(&self) -> bool {
        self.done || self.finish_reason.is_some()
    }

    /// Whether `data: [DONE]` came (nothing follows it; the reader need not wait for the server
    /// to close the connection).
    pub fn saw_done(&self) -> bool {
        self.done
    }

    /// Whether any chunk came at all.
    pub fn started(&self) -> bool {
        self.events > 0
    }

    /// Content chunks so far.
    pub fn tokens(&self) -> u32 {
        self.tokens
    }

    /// Progress so far.
    pub fn progress(&self) -> StreamProgress {
        let since_first = self.first.map_or(Duration::ZERO, |t| t.elapsed());
        let per_second = if self.tokens > 1 && since_first.as_secs_f64() > 0.0 {
            f64::from(self.tokens - 1) / since_first.as_secs_f64()
        } else {
            0.0
        };
        StreamProgress {
            tokens: self.tokens,
            since_first,
            per_second,
        }
    }

    /// The completion as a non-streaming server would have sent it.
    pub fn completion(&self) -> Value {
        let mut message = Map::new();
        message.insert("role".into(), json!("assistant"));
        message.insert("content".into(), json!(self.text));
        if !self.refusal.is_empty() {
            message.insert("refusal".into(), json!(self.refusal));
        }
        let mut body = json!({
            "object": "chat.completion",
            "choices": [{ "index": 0, "message": message, "finish_reason": self.finish_reason }],
        });
        if let Some(m) = &self.model {
            body["model"] = json!(m);
        }
        if let Some(u) = &self.usage {
            body["usage"] = u.clone();
        }
        if let Some(t) = &self.timings {
            body["timings"] = t.clone();
        }
        body
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(120).collect::<String>())
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_split_anywhere_make_the_same_completion() {
        let events = concat!(
            ": keep-alive\n\n",
            "data: {\"model\":\"m\",\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"{\\\"a\\\"\"}}]}\r\n\r\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\": 1}\"},\"finish_reason\":null}]}\n\n",
            "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n",
            "data: [DONE]\n\n"
        );
        for cut in 1..events.len() {
            let mut a = Assembler::default();
            a.push(&events.as_bytes()[..cut]).unwrap();
            a.push(&events.as_bytes()[cut..]).unwrap();
            a.finish().unwrap();
            assert!(a.complete());
            assert_eq!(a.tokens(), 2);
            let c = a.completion();
            assert_eq!(c["choices"][0]["message"]["content"], "{\"a\": 1}");
            assert_eq!(c["choices"][0]["finish_reason"], "stop");
            assert_eq!(c["usage"]["completion_tokens"], 2);
            assert_eq!(c["model"], "m");
        }
    }

    #[test]
    fn garbage_and_reported_errors_are_named() {
        let mut a = Assembler::default();
        let e = a.push(b"data: <html>oops</html>\n").unwrap_err();
        assert!(e.to_string().contains("not JSON: <html>"), "{e}");
        let mut a = Assembler::default();
        let e = a
            .push(b"data: {\"error\":{\"message\":\"slot unavailable\"}}\n")
            .unwrap_err();
        assert!(e.to_string().contains("slot unavailable"), "{e}");
        // A stream cut before its end is not complete.
        let mut a = Assembler::default();
        a.push(b"data: {\"choices\":[{\"delta\":{\"content\":\"{\"}}]}\n")
            .unwrap();
        assert!(!a.complete() && a.started());
    }
}
