//! Broken and unwelcome answers: invalid JSON, schema mismatches, truncation, refusals,
//! bodies that are not completions.

use relayout_llm::{
    CancellationToken, ChatRequest, JsonSource, LlmError, Message, StructuredOutput,
};
use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use crate::support::*;

fn schema_request() -> ChatRequest {
    ChatRequest::new(vec![
        Message::system("You list things."),
        Message::user("One thing"),
    ])
    .with_schema("thing", thing_schema())
}

#[tokio::test]
async fn invalid_json_is_reported_with_serde_message_and_the_answer() {
    let answer = r#"{"name": "bed" "count": 2}"#;
    let server = server_with(ok(completion(answer))).await;
    let client = client(config(&server));

    let err = client
        .chat(&schema_request(), &CancellationToken::new())
        .await
        .unwrap_err();

    let LlmError::InvalidJson { error, response } = &err else {
        panic!("expected InvalidJson, got {err:?}");
    };
    assert!(
        error.contains("expected `,` or `}` at line 1 column 16"),
        "{error}"
    );
    assert_eq!(response.text, answer);
    assert_eq!(response.parsed_json, None);
    assert_eq!(err.repair_errors(), Some(vec![error.clone()]));
    // The tokens were spent even though the answer is unusable.
    assert_eq!(client.usage().usage.total_tokens, 18);
    assert!(err.to_string().contains("no valid JSON"), "{err}");
}

#[tokio::test]
async fn json_not_matching_the_schema_lists_each_violation_with_its_path() {
    let server = server_with(ok(completion(r#"{"name": 5, "colour": "red"}"#))).await;
    let client = client(config(&server));

    let err = client
        .chat(&schema_request(), &CancellationToken::new())
        .await
        .unwrap_err();

    let LlmError::SchemaMismatch {
        schema,
        errors,
        response,
    } = &err
    else {
        panic!("expected SchemaMismatch, got {err:?}");
    };
    assert_eq!(schema, "thing");
    assert!(
        errors.contains(&"`$`: missing required property `count`".to_owned()),
        "{errors:?}"
    );
    assert!(
        errors.contains(&"`$.name`: expected string, got integer 5".to_owned()),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("`$`: unknown property `colour`")),
        "{errors:?}"
    );
    assert_eq!(errors.len(), 3);
    assert_eq!(
        response.parsed_json,
        Some(json!({ "name": 5, "colour": "red" }))
    );
    assert!(err.to_string().contains("schema `thing`"));
}

#[tokio::test]
async fn truncated_answer_is_an_error_keeping_the_partial_text() {
    let partial = r#"{"name": "wardrobe", "cou"#;
    let server = server_with(ok(completion_with(json!(partial), "length", Value::Null))).await;
    let client = client(config(&server));

    let err = client
        .chat(
            &schema_request().with_max_tokens(7),
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();

    let LlmError::Truncated { response } = &err else {
        panic!("expected Truncated, got {err:?}");
    };
    assert_eq!(response.text, partial);
    assert_eq!(response.finish_reason.as_deref(), Some("length"));
    let message = err.to_string();
    assert!(
        message.contains("finish_reason \"length\", 7 completion tokens"),
        "{message}"
    );
    assert!(err.repair_errors().unwrap()[0].contains("cut off"));
}

#[tokio::test]
async fn refusal_field_is_a_refusal_error() {
    let body = completion_with(
        Value::Null,
        "stop",
        json!("I can't help with arranging that."),
    );
    let server = server_with(ok(body)).await;
    let client = client(config(&server));

    let err = client
        .chat(&schema_request(), &CancellationToken::new())
        .await
        .unwrap_err();

    let LlmError::Refused { message, response } = &err else {
        panic!("expected Refused, got {err:?}");
    };
    assert_eq!(message, "I can't help with arranging that.");
    assert_eq!(response.text, "");
    assert_eq!(
        err.repair_errors(),
        None,
        "a refusal is not fixed by a repair prompt"
    );
}

#[tokio::test]
async fn refusal_written_as_content_is_a_refusal_only_when_json_was_expected() {
    let text = "I'm sorry, but I can't assist with designing this room.";
    let server = server_with(ok(completion(text))).await;
    let client = client(config(&server));
    let cancel = CancellationToken::new();

    let err = client.chat(&schema_request(), &cancel).await.unwrap_err();
    assert!(
        matches!(&err, LlmError::Refused { message, .. } if message == text),
        "{err:?}"
    );

    // Prose is a fine answer to a prose question.
    let plain = ChatRequest::new(vec![Message::user("Can you design a castle?")]);
    assert_eq!(client.chat(&plain, &cancel).await.unwrap().text, text);
}

#[tokio::test]
async fn content_filter_stop_is_a_refusal() {
    let server = server_with(ok(completion_with(
        json!(""),
        "content_filter",
        Value::Null,
    )))
    .await;
    let client = client(config(&server));

    let err = client
        .chat(&schema_request(), &CancellationToken::new())
        .await
        .unwrap_err();

    assert!(
        matches!(&err, LlmError::Refused { message, .. } if message.contains("content filter")),
        "{err:?}"
    );
}

#[tokio::test]
async fn without_structured_output_the_schema_goes_in_the_prompt_and_json_is_extracted() {
    let answer = "<think>The user wants {one} thing.</think>Sure! Here it is:\n\
                  ```json\n{\"name\": \"desk\", \"count\": 1}\n```\nAnything else?";
    let server = server_with(ok(completion(answer))).await;
    let mut config = config(&server);
    config.structured_output = StructuredOutput::None;
    let client = client(config);

    let resp = client
        .chat(&schema_request(), &CancellationToken::new())
        .await
        .unwrap();

    assert_eq!(
        resp.parsed_json,
        Some(json!({ "name": "desk", "count": 1 }))
    );
    assert_eq!(resp.json_source, Some(JsonSource::Fenced));
    assert_eq!(resp.structured_output, StructuredOutput::None);
    let sent = &bodies(&server).await[0];
    assert!(sent.get("response_format").is_none());
    // The instruction joins the caller's system message rather than adding a second one.
    assert_eq!(sent["messages"].as_array().unwrap().len(), 2);
    let system = message_text(sent, 0);
    assert!(
        system.starts_with("You list things.\nAnswer with a single JSON value"),
        "{system}"
    );
    assert!(
        system.contains(r#""required":["name","count"]"#),
        "{system}"
    );
}

#[tokio::test]
async fn a_200_that_is_not_a_completion_is_malformed_not_a_panic() {
    let server = server_with(Sequence::new(vec![
        ResponseTemplate::new(200).set_body_string("<html>Bad gateway</html>"),
        ok(json!({ "error": { "message": "model is overloaded" } })),
        ok(json!({ "choices": [] })),
    ]))
    .await;
    let client = client(config(&server));
    let req = ChatRequest::new(vec![Message::user("hi")]);
    let cancel = CancellationToken::new();

    let first = client.chat(&req, &cancel).await.unwrap_err().to_string();
    assert!(
        first.contains("the body is not JSON") && first.contains("<html>Bad gateway"),
        "{first}"
    );
    let second = client.chat(&req, &cancel).await.unwrap_err().to_string();
    assert!(second.contains("model is overloaded"), "{second}");
    let third = client.chat(&req, &cancel).await.unwrap_err();
    assert!(
        matches!(&third, LlmError::MalformedResponse { reason, attempts: 1, .. } if reason.contains("choices[0]")),
        "{third:?}"
    );
    assert_eq!(client.usage().completions, 0);
}
