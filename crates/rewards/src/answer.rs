//! The policy's answer, `relayout.answer/1`: a JSON list of `{ "id", "x", "y", "z", "rz" }`
//! (metres, degrees), optionally wrapped as `<think>…</think><answer>…</answer>`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The name of the answer format.
pub const ANSWER_SCHEMA: &str = "relayout.answer/1";

/// One object's pose in an answer.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AnswerItem {
    /// The object's id in the scene.
    pub id: String,
    /// Footprint centre along +X, metres.
    pub x: f64,
    /// Footprint centre along +Y, metres.
    pub y: f64,
    /// Bottom face above the floor, metres (ignored for floor objects).
    pub z: f64,
    /// Yaw in degrees, counter-clockwise seen from above; 0 faces +Y.
    pub rz: f64,
}

/// The whole answer: one item per object of the scene.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(transparent)]
#[schemars(title = "relayout.answer/1")]
pub struct Answer(pub Vec<AnswerItem>);

/// The JSON part of an answer text: inside `<answer>…</answer>` when the tag is there (to the
/// end of the text when it is not closed), otherwise the text with any `<think>…</think>` block
/// and a surrounding Markdown code fence removed. `None` when nothing but white space is left.
pub fn extract(text: &str) -> Option<&str> {
    let body = if let Some(start) = text.find("<answer>") {
        let rest = &text[start + "<answer>".len()..];
        match rest.find("</answer>") {
            Some(end) => &rest[..end],
            None => rest,
        }
    } else if let Some(end) = text.find("</think>") {
        &text[end + "</think>".len()..]
    } else if text.trim_start().starts_with("<think>") {
        // An unclosed thought and nothing else.
        ""
    } else {
        text
    };
    let mut body = body.trim();
    if let Some(fenced) = body.strip_prefix("```") {
        let fenced = fenced.strip_suffix("```").unwrap_or(fenced);
        // Drop an info string such as `json` on the fence's first line.
        body = match fenced.find('\n') {
            Some(nl) if !fenced[..nl].trim_start().starts_with(['[', '{']) => &fenced[nl + 1..],
            _ => fenced,
        }
        .trim();
    }
    (!body.is_empty()).then_some(body)
}

/// Replaces the non-finite numbers a model may write (`NaN`, `Infinity`, `-inf`, or a literal
/// too large for an `f64` such as `1e999`) outside strings by `null`, so that the item that
/// holds one can be named. Returns the text and whether anything was replaced.
pub fn null_non_finite(text: &str) -> (String, bool) {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' {
            // Skip the string, escapes included.
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            continue;
        }
        let starts_token = c == b'-' || c == b'+' || c.is_ascii_alphanumeric() || c == b'.';
        if !starts_token {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len()
            && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'+' | b'.' | b'_'))
        {
            i += 1;
        }
        let token = &text[start..i];
        let word = token.trim_start_matches(['-', '+']).to_ascii_lowercase();
        let non_finite = matches!(word.as_str(), "nan" | "inf" | "infinity")
            || (token.starts_with(|c: char| c == '-' || c.is_ascii_digit())
                && token.parse::<f64>().is_ok_and(|v| !v.is_finite()));
        if non_finite {
            out.push_str(&text[last..start]);
            out.push_str("null");
            last = i;
            changed = true;
        }
    }
    out.push_str(&text[last.min(text.len())..]);
    (out, changed)
}
