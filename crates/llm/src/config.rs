//! Where the client connects and how patient it is: [`ClientConfig`], read from a TOML file
//! and the environment.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::secret::Secret;

/// The default server: OpenAI's API.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

/// Environment variable holding the API key; wins over the config file.
pub const ENV_API_KEY: &str = "RELAYOUT_API_KEY";
/// Fallback API-key variable, used only when neither `RELAYOUT_API_KEY` nor the file sets one.
pub const ENV_OPENAI_API_KEY: &str = "OPENAI_API_KEY";
/// Environment variable overriding the base URL.
pub const ENV_BASE_URL: &str = "RELAYOUT_BASE_URL";
/// Fallback base-URL variable (OpenAI SDK convention), below the config file.
pub const ENV_OPENAI_BASE_URL: &str = "OPENAI_BASE_URL";
/// Environment variable overriding the model.
pub const ENV_MODEL: &str = "RELAYOUT_MODEL";

/// How the client asks for JSON answers when a request carries a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StructuredOutput {
    /// Try `response_format: json_schema`; when the server rejects it (HTTP 400), fall back to
    /// `json_object`, then to no `response_format` at all with JSON extracted from the text.
    /// The client remembers the fallback for later calls.
    #[default]
    Auto,
    /// Always `json_schema`; a server that rejects it is an error.
    JsonSchema,
    /// Always `json_object` (the schema goes into the prompt).
    JsonObject,
    /// Never send `response_format`: the schema goes into the prompt and the JSON is extracted
    /// from the answer's text.
    None,
}

/// Everything an [`LlmClient`](crate::LlmClient) needs. `Debug` never shows the API key.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// The server's API root, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`;
    /// `/chat/completions` is appended unless it is already there.
    pub base_url: String,
    /// Model name as the server knows it.
    pub model: String,
    /// Bearer token; `None` for servers that need none (local vLLM, Ollama, llama.cpp).
    pub api_key: Option<Secret>,
    /// Longest wait for the answer to start: from sending the request to the first token of a
    /// streamed answer, or to the first byte of a server that sends the whole answer at once.
    pub timeout: Duration,
    /// Longest silence once an answer has started (between streamed chunks or body bytes). A
    /// slow server that keeps producing tokens is never cut off; a stalled one is.
    pub idle_timeout: Duration,
    /// Largest answer body read, bytes; a longer one is an error, not an exhausted memory.
    pub max_body_bytes: usize,
    /// Ask for streamed answers (`"stream": true`), so that progress is seen token by token and
    /// only silence, never length, times an answer out. Servers that answer at once still work.
    pub stream: bool,
    /// Limit for opening the TCP/TLS connection.
    pub connect_timeout: Duration,
    /// Retries after the first attempt for 429, 5xx, timeouts and connection errors.
    pub max_retries: u32,
    /// First backoff delay; doubles each retry (with jitter) up to `backoff_cap`.
    pub backoff_base: Duration,
    /// Longest backoff delay.
    pub backoff_cap: Duration,
    /// Longest `Retry-After` the client will sit out; a server asking for more gets an error
    /// instead of a hung pipeline.
    pub max_retry_after: Duration,
    /// How JSON answers are requested.
    pub structured_output: StructuredOutput,
    /// Send `strict: true` with `json_schema` (OpenAI then requires every property to be
    /// required and `additionalProperties: false`).
    pub strict_schema: bool,
}

impl ClientConfig {
    /// A config with the default limits: 120 s per attempt, 3 retries, backoff 0.5 s … 30 s.
    pub fn new(base_url: impl Into<String>, model: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            model: model.into(),
            api_key: None,
            timeout: Duration::from_secs(120),
            idle_timeout: Duration::from_secs(30),
            max_body_bytes: 16 << 20,
            stream: true,
            connect_timeout: Duration::from_secs(10),
            max_retries: 3,
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            structured_output: StructuredOutput::Auto,
            strict_schema: false,
        }
    }

    /// Sets the API key.
    pub fn with_api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(Secret::new(key));
        self
    }

    /// Reads the optional TOML file, then the environment (see [`ClientConfig::from_lookup`]).
    pub fn from_env_and_file(path: Option<&Path>) -> Result<Self, ConfigError> {
        Self::from_lookup(path, |name| std::env::var(name).ok())
    }

    /// Reads the optional TOML file (`base_url`, `model`, `api_key`, `timeout_s`, `idle_timeout_s`,
    /// `stream`, `max_retries`, `structured_output`; other keys are an error), then applies the environment through `env`:
    ///
    /// - API key: `RELAYOUT_API_KEY`, else the file's `api_key`, else `OPENAI_API_KEY`.
    /// - Base URL: `RELAYOUT_BASE_URL`, else the file, else `OPENAI_BASE_URL`, else OpenAI's.
    /// - Model: `RELAYOUT_MODEL`, else the file; there is no default model.
    ///
    /// The `OPENAI_*` variables rank below the file because they are often set globally for
    /// other tools, while the file names this project's server. Empty variables count as unset.
    pub fn from_lookup(
        path: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let file = match path {
            Some(p) => read_file(p)?,
            None => FileConfig::default(),
        };
        let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());

        let model = env(ENV_MODEL)
            .or(file.model)
            .ok_or_else(|| ConfigError::MissingModel {
                file: path.map(Path::to_path_buf),
            })?;
        let base_url = env(ENV_BASE_URL)
            .or(file.base_url)
            .or_else(|| env(ENV_OPENAI_BASE_URL))
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let api_key = env(ENV_API_KEY)
            .map(Secret::new)
            .or(file.api_key.filter(|k| !k.is_empty()))
            .or_else(|| env(ENV_OPENAI_API_KEY).map(Secret::new));

        let mut config = Self::new(base_url, model);
        config.api_key = api_key;
        if let Some(t) = file.timeout_s {
            config.timeout = timeout_from_secs(t)?;
        }
        if let Some(t) = file.idle_timeout_s {
            config.idle_timeout = timeout_from_secs(t).map_err(|e| match e {
                ConfigError::Invalid { reason, .. } => ConfigError::Invalid {
                    field: "idle_timeout_s",
                    reason,
                },
                other => other,
            })?;
        }
        if let Some(s) = file.stream {
            config.stream = s;
        }
        if let Some(r) = file.max_retries {
            config.max_retries = r;
        }
        if let Some(s) = file.structured_output {
            config.structured_output = s;
        }
        config.validate()?;
        Ok(config)
    }

    /// Checks the values a client cannot work with.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let url = self.base_url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                field: "base_url",
                reason: format!("must start with http:// or https://, got `{url}`"),
            });
        }
        if self.model.trim().is_empty() {
            return Err(ConfigError::Invalid {
                field: "model",
                reason: "is empty".to_owned(),
            });
        }
        if self.idle_timeout.is_zero() {
            return Err(ConfigError::Invalid {
                field: "idle_timeout",
                reason: "must be longer than zero".to_owned(),
            });
        }
        if self.max_body_bytes == 0 {
            return Err(ConfigError::Invalid {
                field: "max_body_bytes",
                reason: "must be more than zero".to_owned(),
            });
        }
        if self.timeout.is_zero() {
            return Err(ConfigError::Invalid {
                field: "timeout",
                reason: "must be longer than zero".to_owned(),
            });
        }
        Ok(())
    }

    /// The chat-completions URL: `base_url` + `/chat/completions`, unless already there.
    pub fn endpoint(&self) -> String {
        let base = self.base_url.trim().trim_end_matches('/');
        if base.ends_with("/chat/completions") {
            base.to_owned()
        } else {
            format!("{base}/chat/completions")
        }
    }
}

/// The most a config may ask to wait for one attempt: a day. Longer is a typo, and values past
/// what a [`Duration`] holds (`1e30`) would overflow.
pub const MAX_TIMEOUT_S: f64 = 86_400.0;

/// `timeout_s` from a config file, checked: positive and at most [`MAX_TIMEOUT_S`].
pub fn timeout_from_secs(t: f64) -> Result<Duration, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid {
        field: "timeout_s",
        reason,
    };
    if !(t.is_finite() && t > 0.0) {
        return Err(invalid(format!(
            "must be a positive number of seconds, got {t}"
        )));
    }
    if t > MAX_TIMEOUT_S {
        return Err(invalid(format!(
            "must be at most {MAX_TIMEOUT_S} seconds (a day), got {t}"
        )));
    }
    Duration::try_from_secs_f64(t).map_err(|e| invalid(format!("{t} seconds: {e}")))
}

/// The config file's shape.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    base_url: Option<String>,
    model: Option<String>,
    api_key: Option<Secret>,
    timeout_s: Option<f64>,
    idle_timeout_s: Option<f64>,
    stream: Option<bool>,
    max_retries: Option<u32>,
    structured_output: Option<StructuredOutput>,
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        // Only the message, never toml's quoted source excerpt, and with the key scrubbed: a
        // malformed `api_key = sk-…` line must not put the key into an error or a log.
        let mut message = e.message().trim().to_owned();
        if let Some(key) = raw_api_key(&text) {
            message = message.replace(key, "***");
        }
        ConfigError::Parse {
            path: path.to_path_buf(),
            line,
            message,
        }
    })
}

/// The text after `api_key =` on its line, unquoted; used only to scrub it from messages.
fn raw_api_key(text: &str) -> Option<&str> {
    text.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix("api_key")?;
        let value = rest.trim_start().strip_prefix('=')?.trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        (value.len() >= 4).then_some(value)
    })
}

/// Why a config could not be built. Never contains the API key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file could not be read.
    #[error("cannot read the LLM config file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The config file is not valid TOML or has unknown keys or wrong types.
    #[error("LLM config file {}{}: {message}", path.display(), line.map_or(String::new(), |l| format!(", line {l}")))]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// The parser's message.
        message: String,
    },
    /// No model was named anywhere.
    #[error("no model configured: set `model` in {} or the {ENV_MODEL} environment variable", file.as_ref().map_or("a config file".to_owned(), |p| p.display().to_string()))]
    MissingModel {
        /// The config file that was read, if any.
        file: Option<PathBuf>,
    },
    /// A value is out of range.
    #[error("LLM config `{field}` {reason}")]
    Invalid {
        /// The offending setting.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}
