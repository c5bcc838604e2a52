//! Finding the JSON in a model's plain-text answer.
//!
//! Servers without structured output (and models that ignore it) wrap their JSON in prose,
//! code fences, `<answer>` tags or a `<think>` preamble. The search order is: the whole text,
//! an `<answer>…</answer>` wrapper, fenced code blocks, then the longest balanced `{…}` or `[…]`
//! that parses. Nothing is repaired: invalid JSON is reported with serde's exact message, so the
//! pipeline can quote it in a repair prompt.

use serde_json::Value;

/// Where the JSON was found in the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonSource {
    /// The whole answer (after trimming) was JSON.
    Whole,
    /// Inside an `<answer>…</answer>` wrapper.
    AnswerTag,
    /// Inside a fenced code block (```` ```json ````).
    Fenced,
    /// A balanced `{…}` or `[…]` within prose.
    Balanced,
}

/// No usable JSON in the answer; the message says why, quoting serde's error when a candidate
/// failed to parse (e.g. "invalid JSON in ```json block: expected `,` or `}` at line 3 column 5").
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The answer is empty (or only whitespace).
    #[error("the answer is empty")]
    Empty,
    /// An `<answer>…</answer>` wrapper holds nothing usable.
    #[error("in <answer>…</answer>: {0}")]
    InAnswerTag(#[source] Box<ExtractError>),
    /// The first non-empty fenced code block that was tried is not JSON.
    #[error("invalid JSON in ```{lang} block: {source}")]
    Fenced {
        /// The fence's language tag (`json`, or empty).
        lang: String,
        /// serde's exact message.
        #[source]
        source: serde_json::Error,
    },
    /// A `{` or `[` never closes: the answer looks cut off.
    #[error(
        "the JSON starting at byte {at} is never closed; the answer looks cut off{}",
        fragment.as_ref().map_or(String::new(), |e| format!(" (inner fragment: {e})"))
    )]
    Unclosed {
        /// Byte offset of the bracket that never closes.
        at: usize,
        /// Why the longest balanced fragment inside failed to parse, if one was tried.
        #[source]
        fragment: Option<serde_json::Error>,
    },
    /// The longest balanced `{…}` / `[…]` is not JSON.
    #[error("invalid JSON: {0}")]
    Invalid(#[source] serde_json::Error),
    /// Nothing in the answer looks like JSON.
    #[error("the answer contains no JSON object or array")]
    NoJson,
}

/// How many `{` / `[` starts the balanced search tries before giving up (keeps it linear-ish on
/// long prose).
const MAX_CANDIDATES: usize = 256;

/// Extracts the JSON value from a model's answer.
pub fn extract_json(text: &str) -> Result<(Value, JsonSource), ExtractError> {
    let text = strip_reasoning(text);
    if let Ok(value) = serde_json::from_str::<Value>(text.trim()) {
        return Ok((value, JsonSource::Whole));
    }
    // An <answer> wrapper is the model telling us where to look; if it holds nothing usable,
    // say so rather than fishing JSON out of the reasoning around it.
    if let Some(inner) = answer_tag(text) {
        return extract_inner(inner)
            .map(|(value, _)| (value, JsonSource::AnswerTag))
            .map_err(|e| ExtractError::InAnswerTag(Box::new(e)));
    }
    extract_inner(text)
}

fn extract_inner(text: &str) -> Result<(Value, JsonSource), ExtractError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ExtractError::Empty);
    }
    if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
        return Ok((value, JsonSource::Whole));
    }
    let mut fence_error = None;
    for (lang, block) in fenced_blocks(trimmed) {
        match serde_json::from_str::<Value>(block.trim()) {
            Ok(value) => return Ok((value, JsonSource::Fenced)),
            Err(e) => {
                if fence_error.is_none() && !block.trim().is_empty() {
                    fence_error = Some(ExtractError::Fenced {
                        lang: lang.to_owned(),
                        source: e,
                    });
                }
            }
        }
    }
    match balanced(trimmed) {
        Ok(value) => Ok((value, JsonSource::Balanced)),
        Err(balanced_error) => Err(fence_error.unwrap_or(balanced_error)),
    }
}

/// Drops a `<think>…</think>` preamble (reasoning models print one before the answer).
fn strip_reasoning(text: &str) -> &str {
    match text.rfind("</think>") {
        Some(end) => &text[end + "</think>".len()..],
        None => text,
    }
}

/// The text inside the first `<answer>…</answer>`; an unclosed tag runs to the end.
fn answer_tag(text: &str) -> Option<&str> {
    let start = text.find("<answer>")? + "<answer>".len();
    let rest = &text[start..];
    Some(match rest.find("</answer>") {
        Some(end) => &rest[..end],
        None => rest,
    })
}

/// Fenced code blocks as (language tag, body). An unclosed fence runs to the end of the text.
fn fenced_blocks(text: &str) -> Vec<(&str, &str)> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        let (lang, body_start) = match after.find('\n') {
            Some(nl) => (after[..nl].trim(), &after[nl + 1..]),
            None => ("", after),
        };
        match body_start.find("```") {
            Some(close) => {
                blocks.push((lang, &body_start[..close]));
                rest = &body_start[close + 3..];
            }
            None => {
                blocks.push((lang, body_start));
                break;
            }
        }
    }
    blocks
}

enum Scan {
    Closed(usize),
    Unclosed,
    Mismatched,
}

/// Finds where the bracket opened at `start` closes, skipping brackets inside strings.
fn scan_balanced(bytes: &[u8], start: usize) -> Scan {
    let mut stack = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => stack.push(b'}'),
            b'[' => stack.push(b']'),
            b'}' | b']' => {
                if stack.pop() != Some(b) {
                    return Scan::Mismatched;
                }
                if stack.is_empty() {
                    return Scan::Closed(i + 1);
                }
            }
            _ => {}
        }
    }
    Scan::Unclosed
}

/// The longest balanced `{…}` / `[…]` that parses as JSON.
fn balanced(text: &str) -> Result<Value, ExtractError> {
    let bytes = text.as_bytes();
    // (start, length, value) of the longest valid candidate.
    let mut best: Option<(usize, usize, Value)> = None;
    let mut worst_failure: Option<(usize, serde_json::Error)> = None;
    let mut unclosed_at = None;
    let mut tried = 0;
    let mut i = 0;
    while i < bytes.len() && tried < MAX_CANDIDATES {
        if bytes[i] != b'{' && bytes[i] != b'[' {
            i += 1;
            continue;
        }
        tried += 1;
        match scan_balanced(bytes, i) {
            Scan::Closed(end) => match serde_json::from_str::<Value>(&text[i..end]) {
                Ok(value) => {
                    if best.as_ref().is_none_or(|(_, len, _)| end - i > *len) {
                        best = Some((i, end - i, value));
                    }
                    // Nested brackets belong to this value; carry on after it.
                    i = end;
                    continue;
                }
                Err(e) => {
                    if worst_failure.as_ref().is_none_or(|(len, _)| end - i > *len) {
                        worst_failure = Some((end - i, e));
                    }
                }
            },
            Scan::Unclosed => {
                unclosed_at.get_or_insert(i);
            }
            Scan::Mismatched => {}
        }
        i += 1;
    }
    match (best, unclosed_at) {
        // A complete value inside one that never closes is a fragment of a cut-off answer.
        (Some((start, _, value)), at) if at.is_none_or(|at| at > start) => return Ok(value),
        _ => {}
    }
    if let Some(at) = unclosed_at {
        // An unclosed bracket usually means the answer was cut off; prefer saying that over a
        // parse error of some inner fragment.
        return Err(ExtractError::Unclosed {
            at,
            fragment: worst_failure.map(|(_, e)| e),
        });
    }
    match worst_failure {
        Some((_, e)) => Err(ExtractError::Invalid(e)),
        None => Err(ExtractError::NoJson),
    }
}
