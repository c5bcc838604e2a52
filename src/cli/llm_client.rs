//! An LLM client from command-line flags, the environment and a TOML file (flags win over the
//! environment, which wins over the file); shared by `generate`, `refine`, `rollout`.

use std::path::Path;

use reasoner::{ClientConfig, LlmClient};

use super::CliError;

/// The client for `model` / `base_url` flags (each optional) and an optional config file. The
/// API key comes from the environment or the file only, never from a flag.
pub fn client_from(
    model: Option<&str>,
    base_url: Option<&str>,
    file: Option<&Path>,
) -> Result<LlmClient, CliError> {
    let (model, base_url) = (model.map(str::to_owned), base_url.map(str::to_owned));
    let config = ClientConfig::from_lookup(file, |name| match name {
        reasoner::config::ENV_MODEL if model.is_some() => model.clone(),
        reasoner::config::ENV_BASE_URL if base_url.is_some() => base_url.clone(),
        _ => std::env::var(name).ok(),
    })
    .map_err(|e| CliError::Input(e.to_string()))?;
    LlmClient::new(config).map_err(|e| CliError::Input(e.to_string()))
}
