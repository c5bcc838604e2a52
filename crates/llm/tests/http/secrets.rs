//! The API key never shows in Debug output, error messages or anything a server echoes back.

use relayout_llm::{CancellationToken, ChatRequest, ClientConfig, LlmError, Message};
use wiremock::ResponseTemplate;

use crate::support::*;

const KEY: &str = "sk-SECRET-4f9a8b7c6d5e";

#[tokio::test]
async fn debug_of_config_and_client_does_not_contain_the_key() {
    let config = ClientConfig::new("http://127.0.0.1:9/v1", "m").with_api_key(KEY);
    let client = client(config.clone());

    let config_debug = format!("{config:?} {config:#?}");
    let client_debug = format!("{client:?} {client:#?}");

    assert!(
        !config_debug.contains(KEY) && !config_debug.contains("4f9a8b"),
        "{config_debug}"
    );
    assert!(
        !client_debug.contains(KEY) && !client_debug.contains("4f9a8b"),
        "{client_debug}"
    );
    assert!(config_debug.contains("Secret(***)"));
    assert!(client_debug.contains("Secret(***)"));
    // The key is still there to be sent.
    assert_eq!(config.api_key.as_ref().unwrap().expose(), KEY);
}

#[tokio::test]
async fn a_server_echoing_the_key_does_not_leak_it_into_errors() {
    let server = server_with(Sequence::new(vec![
        error(
            401,
            &format!("Incorrect API key provided: {KEY}. You can find your key at …"),
        ),
        ResponseTemplate::new(200).set_body_string(format!("<html>key={KEY}</html>")),
    ]))
    .await;
    let client = client(config(&server).with_api_key(KEY));
    let req = ChatRequest::new(vec![Message::user("hi")]);
    let cancel = CancellationToken::new();

    let unauthorized = client.chat(&req, &cancel).await.unwrap_err();
    let malformed = client.chat(&req, &cancel).await.unwrap_err();

    assert!(matches!(
        unauthorized,
        LlmError::Http {
            status: 401,
            attempts: 1,
            ..
        }
    ));
    assert!(matches!(malformed, LlmError::MalformedResponse { .. }));
    for err in [&unauthorized, &malformed] {
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(KEY), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
    assert!(
        unauthorized
            .to_string()
            .contains("Incorrect API key provided: ***.")
    );
}
