//! What a server says about itself, where it says it: the model's context length and how many
//! requests it serves at once. Read once per client, best effort, with a short timeout; a server
//! that says nothing is simply not limited by us.
//!
//! - `GET {base_url}/models`: vLLM's `max_model_len`, LM Studio's and OpenRouter's
//!   `context_length`, llama.cpp's `meta.n_ctx_train` — for the configured model, or the only one.
//! - `GET {root}/props` (llama.cpp's server): `default_generation_settings.n_ctx` (the context
//!   the server was started with, which wins over the model's training length) and `total_slots`.

use std::time::Duration;

use serde_json::Value;

/// What the server said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerInfo {
    /// Tokens of context per request, when known.
    pub context_tokens: Option<u64>,
    /// Where that number came from (`/props`, `/models`).
    pub context_from: Option<&'static str>,
    /// Requests served at once (llama.cpp's `--parallel`), when known.
    pub slots: Option<u64>,
}

/// The model's entry in a `/models` listing: the one named `model`, else the only one.
fn model_entry<'a>(listing: &'a Value, model: &str) -> Option<&'a Value> {
    let data = listing.get("data")?.as_array()?;
    data.iter()
        .find(|m| m.get("id").and_then(Value::as_str) == Some(model))
        .or_else(|| (data.len() == 1).then(|| &data[0]))
}

/// Reads the context length from a `/models` listing.
pub fn context_from_models(listing: &Value, model: &str) -> Option<u64> {
    let m = model_entry(listing, model)?;
    ["max_model_len", "context_length", "context_window"]
        .iter()
        .find_map(|k| m.get(k).and_then(Value::as_u64))
        .or_else(|| m.pointer("/meta/n_ctx_train").and_then(Value::as_u64))
        .filter(|n| *n > 0)
}

/// Reads the context per slot and the slots from llama.cpp's `/props`.
pub fn from_props(props: &Value) -> (Option<u64>, Option<u64>) {
    let ctx = props
        .pointer("/default_generation_settings/n_ctx")
        .and_then(Value::as_u64)
        .filter(|n| *n > 0);
    let slots = props
        .get("total_slots")
        .and_then(Value::as_u64)
        .filter(|n| *n > 0);
    (ctx, slots)
}

/// The server root: `base_url` without a trailing `/v1`.
pub fn root(base_url: &str) -> String {
    let b = base_url.trim().trim_end_matches('/');
    b.strip_suffix("/v1").unwrap_or(b).to_owned()
}

/// Asks the server, giving up on each request after `timeout`.
pub(crate) async fn probe(
    http: &reqwest::Client,
    base_url: &str,
    model: &str,
    key: Option<&str>,
    timeout: Duration,
) -> ServerInfo {
    let get = |url: String| async move {
        let mut r = http.get(url).timeout(timeout);
        if let Some(k) = key {
            r = r.bearer_auth(k);
        }
        let resp = r.send().await.ok()?;
        if !resp.status().is_success() {
            return None;
        }
        let bytes = resp.bytes().await.ok()?;
        if bytes.len() > 4 << 20 {
            return None;
        }
        serde_json::from_slice::<Value>(&bytes).ok()
    };
    let mut info = ServerInfo::default();
    let base = base_url.trim().trim_end_matches('/');
    if let Some(props) = get(format!("{}/props", root(base))).await {
        let (ctx, slots) = from_props(&props);
        if ctx.is_some() {
            info.context_tokens = ctx;
            info.context_from = Some("/props");
        }
        info.slots = slots;
    }
    if info.context_tokens.is_none()
        && let Some(listing) = get(format!("{base}/models")).await
        && let Some(n) = context_from_models(&listing, model)
    {
        info.context_tokens = Some(n);
        info.context_from = Some("/models");
    }
    info
}

/// A prompt's length in tokens, estimated from its characters: JSON-heavy English runs at about
/// 3 characters a token (3.07 measured with SmolLM2's tokenizer through llama.cpp's
/// `/tokenize`, README.md); rounded up.
pub fn estimate_tokens(chars: usize) -> u64 {
    (chars as u64).div_ceil(3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn context_lengths_are_read_where_each_server_puts_them() {
        let vllm = json!({"data": [{"id": "qwen", "max_model_len": 32768}]});
        assert_eq!(context_from_models(&vllm, "qwen"), Some(32768));
        let llama = json!({"data": [{"id": "x.gguf", "meta": {"n_ctx_train": 8192}}]});
        assert_eq!(context_from_models(&llama, "anything"), Some(8192));
        let two = json!({"data": [{"id": "a", "context_length": 4096}, {"id": "b", "context_length": 2048}]});
        assert_eq!(context_from_models(&two, "b"), Some(2048));
        assert_eq!(context_from_models(&two, "c"), None);
        assert_eq!(context_from_models(&json!({"object": "list"}), "a"), None);
        let props = json!({"default_generation_settings": {"n_ctx": 4096}, "total_slots": 4});
        assert_eq!(from_props(&props), (Some(4096), Some(4)));
        assert_eq!(from_props(&json!({})), (None, None));
        assert_eq!(root("http://localhost:8080/v1/"), "http://localhost:8080");
        assert_eq!(estimate_tokens(3000), 1000);
        assert_eq!(estimate_tokens(1), 1);
    }
}
