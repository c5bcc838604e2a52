//! The normal path: what goes on the wire and what comes back.

use relayout_llm::{
    CancellationToken, ChatRequest, ImagePart, JsonSource, LlmError, Message, StructuredOutput,
    repair_message,
};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

use crate::support::*;

#[tokio::test]
async fn plain_request_sends_model_messages_limits_and_bearer_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(header("authorization", "Bearer sk-test-123"))
        .respond_with(ok(completion("Hello there")))
        .mount(&server)
        .await;
    let client = client(config(&server).with_api_key("sk-test-123"));
    let req = ChatRequest::new(vec![Message::system("Be brief."), Message::user("Hi")])
        .with_temperature(0.25)
        .with_max_tokens(50);

    let resp = client.chat(&req, &CancellationToken::new()).await.unwrap();

    assert_eq!(resp.text, "Hello there");
    assert_eq!(resp.attempts, 1);
    assert_eq!(resp.finish_reason.as_deref(), Some("stop"));
    assert_eq!(resp.model.as_deref(), Some("test-model-2025"));
    assert_eq!(resp.parsed_json, None);
    assert!(!resp.images_dropped);
    let usage = resp.usage.unwrap();
    assert_eq!(
        (
            usage.prompt_tokens,
            usage.completion_tokens,
            usage.total_tokens
        ),
        (11, 7, 18)
    );
    assert_eq!(resp.raw["id"], "chatcmpl-test");

    let sent = &bodies(&server).await[0];
    assert_eq!(sent["model"], "test-model");
    assert_eq!(
        sent["messages"][0],
        json!({ "role": "system", "content": "Be brief." })
    );
    assert_eq!(
        sent["messages"][1],
        json!({ "role": "user", "content": "Hi" })
    );
    assert_eq!(sent["max_tokens"], 50);
    assert!((sent["temperature"].as_f64().unwrap() - 0.25).abs() < 1e-6);
    assert!(
        sent.get("response_format").is_none(),
        "plain text asks for no format: {sent}"
    );
}

#[tokio::test]
async fn schema_request_uses_json_schema_format_and_parses_the_answer() {
    let server = server_with(ok(completion(r#"{"name": "bed", "count": 2}"#))).await;
    let client = client(config(&server));
    let req = ChatRequest::new(vec![Message::user("One thing please")])
        .with_schema("thing", thing_schema());

    let resp = client.chat(&req, &CancellationToken::new()).await.unwrap();

    assert_eq!(resp.parsed_json, Some(json!({ "name": "bed", "count": 2 })));
    assert_eq!(resp.json_source, Some(JsonSource::Whole));
    assert_eq!(resp.structured_output, StructuredOutput::JsonSchema);
    let sent = &bodies(&server).await[0];
    assert_eq!(sent["response_format"]["type"], "json_schema");
    assert_eq!(sent["response_format"]["json_schema"]["name"], "thing");
    assert_eq!(
        sent["response_format"]["json_schema"]["schema"],
        thing_schema()
    );
    // The server enforces the schema; the prompt is left as the caller wrote it.
    assert_eq!(sent["messages"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn usage_accumulates_across_calls_including_answers_without_usage() {
    let mut no_usage = completion("plain");
    no_usage.as_object_mut().unwrap().remove("usage");
    let server = server_with(Sequence::new(vec![
        ok(completion("one")),
        ok(completion("two")),
        ok(no_usage),
    ]))
    .await;
    let client = client(config(&server));
    let req = ChatRequest::new(vec![Message::user("count")]);
    let cancel = CancellationToken::new();

    for _ in 0..3 {
        client.chat(&req, &cancel).await.unwrap();
    }
    let totals = client.usage();

    assert_eq!(totals.completions, 3);
    assert_eq!(totals.http_attempts, 3);
    assert_eq!(totals.completions_without_usage, 1);
    assert_eq!(totals.usage.prompt_tokens, 22);
    assert_eq!(totals.usage.completion_tokens, 14);
    assert_eq!(totals.usage.total_tokens, 36);
    client.reset_usage();
    assert_eq!(client.usage().completions, 0);
}

#[tokio::test]
async fn images_go_out_as_png_data_urls_after_the_text() {
    let server = server_with(ok(completion("a bedroom"))).await;
    let client = client(config(&server));
    let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3];
    let req = ChatRequest::new(vec![
        Message::user("What room is this?").with_image(ImagePart::png(&png)),
    ]);

    let resp = client.chat(&req, &CancellationToken::new()).await.unwrap();

    assert!(!resp.images_dropped);
    let sent = &bodies(&server).await[0];
    let parts = sent["messages"][0]["content"].as_array().unwrap();
    assert_eq!(
        parts[0],
        json!({ "type": "text", "text": "What room is this?" })
    );
    assert_eq!(parts[1]["type"], "image_url");
    // base64 of the bytes above, standard alphabet, padded.
    assert_eq!(
        parts[1]["image_url"]["url"],
        "data:image/png;base64,iVBORw0KGgoBAgM="
    );
}

#[derive(Debug, Deserialize, PartialEq)]
struct Thing {
    name: String,
    count: u32,
}

#[tokio::test]
async fn chat_json_deserializes_the_answer_into_the_type() {
    let server = server_with(ok(completion(
        "Here you go:\n```json\n{\"name\": \"lamp\", \"count\": 3}\n```",
    )))
    .await;
    let client = client(config(&server));
    let req = ChatRequest::new(vec![Message::user("a thing")]);

    let (thing, resp) = client
        .chat_json::<Thing>(&req, &CancellationToken::new())
        .await
        .unwrap();

    assert_eq!(
        thing,
        Thing {
            name: "lamp".into(),
            count: 3
        }
    );
    assert_eq!(resp.json_source, Some(JsonSource::Fenced));
    // No schema: JSON mode is asked for, and the prompt says to answer in JSON.
    let sent = &bodies(&server).await[0];
    assert_eq!(sent["response_format"]["type"], "json_object");
    assert_eq!(sent["messages"][0]["role"], "system");
    assert!(message_text(sent, 0).contains("JSON"));
}

#[tokio::test]
async fn chat_json_type_mismatch_carries_serde_path_and_message_for_repair() {
    let server = server_with(ok(completion(r#"{"name": "lamp", "count": "three"}"#))).await;
    let client = client(config(&server));
    let req = ChatRequest::new(vec![Message::user("a thing")]);

    let err = client
        .chat_json::<Thing>(&req, &CancellationToken::new())
        .await
        .unwrap_err();

    let LlmError::Deserialize {
        error,
        type_name,
        response,
    } = &err
    else {
        panic!("expected Deserialize, got {err:?}");
    };
    assert!(
        error.starts_with("count: invalid type: string \"three\""),
        "{error}"
    );
    assert!(type_name.ends_with("Thing"));
    assert_eq!(
        response.parsed_json,
        Some(json!({ "name": "lamp", "count": "three" }))
    );
    let errors = err.repair_errors().unwrap();
    assert_eq!(errors, vec![error.clone()]);
    let repair = repair_message(&errors).joined_text();
    assert!(
        repair.contains("- count: invalid type: string \"three\""),
        "{repair}"
    );
}
