//! Reading the config file and the environment.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use relayout_llm::{ClientConfig, ConfigError, StructuredOutput};

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

fn load(path: Option<&Path>, env: &[(&str, &str)]) -> Result<ClientConfig, ConfigError> {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ClientConfig::from_lookup(path, |name| env.get(name).cloned())
}

const FILE: &str = r#"
base_url = "http://gpu-box:8000/v1"
model = "qwen2.5-vl-7b"
api_key = "file-key"
timeout_s = 7.5
max_retries = 5
structured_output = "json_object"
"#;

#[test]
fn file_values_are_read() {
    let f = file(FILE);
    let c = load(Some(f.path()), &[]).unwrap();
    assert_eq!(c.base_url, "http://gpu-box:8000/v1");
    assert_eq!(c.model, "qwen2.5-vl-7b");
    assert_eq!(c.api_key.as_ref().unwrap().expose(), "file-key");
    assert_eq!(c.timeout, Duration::from_millis(7500));
    assert_eq!(c.max_retries, 5);
    assert_eq!(c.structured_output, StructuredOutput::JsonObject);
    assert_eq!(c.endpoint(), "http://gpu-box:8000/v1/chat/completions");
}

#[test]
fn relayout_variables_override_the_file_and_openai_ones_do_not() {
    let f = file(FILE);
    let c = load(
        Some(f.path()),
        &[
            ("RELAYOUT_API_KEY", "env-key"),
            ("RELAYOUT_MODEL", "gpt-4o"),
            ("RELAYOUT_BASE_URL", "https://api.example.com/v1/"),
            ("OPENAI_API_KEY", "openai-key"),
            ("OPENAI_BASE_URL", "https://openai.invalid/v1"),
        ],
    )
    .unwrap();
    assert_eq!(c.api_key.as_ref().unwrap().expose(), "env-key");
    assert_eq!(c.model, "gpt-4o");
    assert_eq!(c.endpoint(), "https://api.example.com/v1/chat/completions");

    let c = load(
        Some(f.path()),
        &[
            ("OPENAI_API_KEY", "openai-key"),
            ("OPENAI_BASE_URL", "https://openai.invalid/v1"),
        ],
    )
    .unwrap();
    assert_eq!(
        c.api_key.unwrap().expose(),
        "file-key",
        "the file names this project's server"
    );
    assert_eq!(c.base_url, "http://gpu-box:8000/v1");
}

#[test]
fn without_a_file_the_environment_and_defaults_apply() {
    let c = load(
        None,
        &[
            ("RELAYOUT_MODEL", "m"),
            ("OPENAI_API_KEY", "openai-key"),
            ("RELAYOUT_API_KEY", "  "),
        ],
    )
    .unwrap();
    assert_eq!(c.base_url, "https://api.openai.com/v1");
    assert_eq!(
        c.api_key.unwrap().expose(),
        "openai-key",
        "a blank RELAYOUT_API_KEY counts as unset"
    );
    assert_eq!(c.timeout, Duration::from_secs(120));
    assert_eq!(c.structured_output, StructuredOutput::Auto);

    let c = load(None, &[("RELAYOUT_MODEL", "m")]).unwrap();
    assert!(c.api_key.is_none(), "local servers need no key");
}

#[test]
fn a_missing_model_says_where_to_set_it() {
    let f = file("base_url = \"http://localhost:11434/v1\"\n");
    let err = load(Some(f.path()), &[]).unwrap_err();
    assert!(matches!(err, ConfigError::MissingModel { file: Some(_) }));
    let message = err.to_string();
    assert!(
        message.contains("set `model` in") && message.contains("RELAYOUT_MODEL"),
        "{message}"
    );
}

#[test]
fn unknown_keys_and_bad_values_are_errors_naming_the_line() {
    let f = file("model = \"m\"\nmodle = \"typo\"\n");
    let err = load(Some(f.path()), &[]).unwrap_err();
    let ConfigError::Parse { line, message, .. } = &err else {
        panic!("expected Parse, got {err:?}");
    };
    assert_eq!(*line, Some(2));
    assert!(message.contains("unknown field `modle`"), "{message}");

    let f = file("model = \"m\"\ntimeout_s = -1\n");
    let err = load(Some(f.path()), &[]).unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::Invalid {
                field: "timeout_s",
                ..
            }
        ),
        "{err:?}"
    );

    let f = file("model = \"m\"\nbase_url = \"localhost:8080\"\n");
    let err = load(Some(f.path()), &[]).unwrap_err();
    assert!(
        err.to_string()
            .contains("`base_url` must start with http:// or https://"),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let err = load(
        Some(Path::new("/nonexistent/relayout-llm.toml")),
        &[("RELAYOUT_MODEL", "m")],
    )
    .unwrap_err();
    assert!(matches!(err, ConfigError::Read { .. }));
    assert!(
        err.to_string().contains("/nonexistent/relayout-llm.toml"),
        "{err}"
    );
}

#[test]
fn a_malformed_key_line_does_not_leak_the_key() {
    let key = "sk-SECRET-unquoted-0123";
    let f = file(&format!("model = \"m\"\napi_key = {key}\n"));
    let err = load(Some(f.path()), &[]).unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(
        matches!(err, ConfigError::Parse { line: Some(2), .. }),
        "{shown}"
    );
    assert!(!shown.contains(key), "{shown}");
}

#[test]
fn endpoint_is_not_doubled() {
    let c = ClientConfig::new("http://h:1/v1/chat/completions/", "m");
    assert_eq!(c.endpoint(), "http://h:1/v1/chat/completions");
}

#[test]
fn absurd_timeouts_are_errors_naming_the_field_not_panics() {
    // 1e30 s overflows a Duration; a week is a typo: both refused, with the field and the limit.
    for t in ["1e30", "1e300", "604800", "inf", "nan"] {
        let f = file(&format!("model = \"m\"\ntimeout_s = {t}\n"));
        let err = load(Some(f.path()), &[]).unwrap_err();
        let ConfigError::Invalid { field, reason } = &err else {
            panic!("timeout_s = {t}: expected Invalid, got {err:?}");
        };
        assert_eq!(*field, "timeout_s");
        assert!(!reason.is_empty());
        assert!(err.to_string().contains("timeout_s"), "{err}");
    }
    // The largest accepted value still loads.
    let f = file("model = \"m\"\ntimeout_s = 86400\n");
    assert_eq!(
        load(Some(f.path()), &[]).unwrap().timeout,
        Duration::from_secs(86_400)
    );
}

#[test]
fn absurd_environment_values_are_errors_naming_the_field() {
    for (var, value, field) in [
        ("RELAYOUT_BASE_URL", "gopher://old-box:70", "base_url"),
        ("RELAYOUT_BASE_URL", "\u{0}\u{1}", "base_url"),
        ("RELAYOUT_MODEL", "   ", "model"),
    ] {
        let err = load(None, &[("RELAYOUT_MODEL", "m"), (var, value)]).unwrap_err();
        let ok = match &err {
            ConfigError::Invalid { field: f, .. } => *f == field,
            // A blank model counts as unset.
            ConfigError::MissingModel { .. } => field == "model",
            _ => false,
        };
        assert!(ok, "{var}={value:?}: {err:?}");
    }
}
