//! An LLM client from command-line flags, the environment and a TOML file (flags win over the
//! environment, which wins over the file); shared by `generate`, `refine`, `rollout`.

use std::path::Path;

use relayout_llm::{ClientConfig, LlmClient};

use super::CliError;

/// The client for `model` / `base_url` flags (each optional) and an optional config file. The
/// API key comes from the environment or the file only, never from a flag.
pub fn client_from(
    model: Option<&str>,
    base_url: Option<&str>,
    file: Option<&Path>,
) -> Result<LlmClient, CliError> {
    client_with_key_var(model, base_url, file, relayout_llm::config::ENV_API_KEY)
}

/// The judge's client: like [`client_from`], but its key comes from `RELAYOUT_JUDGE_API_KEY`
/// (then its file, then `OPENAI_API_KEY`), so that the policy server's key is never sent to the
/// judge's host.
pub fn judge_client_from(
    model: Option<&str>,
    base_url: Option<&str>,
    file: Option<&Path>,
) -> Result<LlmClient, CliError> {
    client_with_key_var(model, base_url, file, "RELAYOUT_JUDGE_API_KEY")
}

fn client_with_key_var(
    model: Option<&str>,
    base_url: Option<&str>,
    file: Option<&Path>,
    key_var: &str,
) -> Result<LlmClient, CliError> {
    let (model, base_url) = (model.map(str::to_owned), base_url.map(str::to_owned));
    let config = ClientConfig::from_lookup(file, |name| match name {
        relayout_llm::config::ENV_MODEL if model.is_some() => model.clone(),
        relayout_llm::config::ENV_BASE_URL if base_url.is_some() => base_url.clone(),
        relayout_llm::config::ENV_API_KEY => std::env::var(key_var).ok(),
        _ => std::env::var(name).ok(),
    })
    .map_err(|e| CliError::Input(e.to_string()))?;
    LlmClient::new(config).map_err(|e| CliError::Input(e.to_string()))
}
