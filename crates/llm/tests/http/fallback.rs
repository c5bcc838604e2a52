//! Servers that reject a request feature with HTTP 400: structured output, images,
//! `max_tokens`. The client resends without it, says so, and remembers.

use relayout_llm::{
    CancellationToken, ChatRequest, ImagePart, LlmError, Message, StructuredOutput,
    message::IMAGE_OMITTED,
};
use serde_json::{Value, json};

use crate::support::*;

fn schema_request() -> ChatRequest {
    ChatRequest::new(vec![Message::user("One thing")]).with_schema("thing", thing_schema())
}

fn has_images(body: &Value) -> bool {
    body["messages"].as_array().into_iter().flatten().any(|m| {
        m["content"]
            .as_array()
            .is_some_and(|parts| parts.iter().any(|p| p["type"] == "image_url"))
    })
}

const ANSWER: &str = r#"{"name": "sofa", "count": 1}"#;

#[tokio::test]
async fn json_schema_rejected_falls_back_to_json_object_and_remembers() {
    let server = server_with(ByBody(|body: &Value| {
        if body["response_format"]["type"] == "json_schema" {
            error(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.")
        } else {
            ok(completion(ANSWER))
        }
    }))
    .await;
    let client = client(config(&server));
    let cancel = CancellationToken::new();

    let resp = client.chat(&schema_request(), &cancel).await.unwrap();

    assert_eq!(
        resp.parsed_json,
        Some(json!({ "name": "sofa", "count": 1 }))
    );
    assert_eq!(resp.structured_output, StructuredOutput::JsonObject);
    assert_eq!(resp.attempts, 2);
    let sent = bodies(&server).await;
    assert_eq!(sent[1]["response_format"], json!({ "type": "json_object" }));
    // With json_object the schema must travel in the prompt.
    assert_eq!(sent[1]["messages"][0]["role"], "system");
    assert!(message_text(&sent[1], 0).contains(r#""count":{"minimum":0,"type":"integer"}"#));

    // Learned: the next call goes straight to json_object.
    assert_eq!(
        client.capabilities().structured_output,
        StructuredOutput::JsonObject
    );
    let again = client.chat(&schema_request(), &cancel).await.unwrap();
    assert_eq!(again.attempts, 1);
    assert_eq!(bodies(&server).await.len(), 3);
}

#[tokio::test]
async fn server_without_any_response_format_falls_back_to_extraction() {
    let server = server_with(ByBody(|body: &Value| {
        if body.get("response_format").is_some() {
            error(400, "response_format is not supported by this server")
        } else {
            ok(completion(&format!(
                "Here is the JSON you asked for: {ANSWER} Enjoy!"
            )))
        }
    }))
    .await;
    let client = client(config(&server));

    let resp = client
        .chat(&schema_request(), &CancellationToken::new())
        .await
        .unwrap();

    assert_eq!(
        resp.parsed_json,
        Some(json!({ "name": "sofa", "count": 1 }))
    );
    assert_eq!(resp.structured_output, StructuredOutput::None);
    assert_eq!(resp.attempts, 3);
    assert_eq!(
        client.capabilities().structured_output,
        StructuredOutput::None
    );
}

#[tokio::test]
async fn an_explicit_json_schema_mode_does_not_fall_back() {
    let server = server_with(error(400, "Unknown field: response_format")).await;
    let mut config = config(&server);
    config.structured_output = StructuredOutput::JsonSchema;
    let client = client(config);

    let err = client
        .chat(&schema_request(), &CancellationToken::new())
        .await
        .unwrap_err();

    assert!(
        matches!(
            &err,
            LlmError::Http {
                status: 400,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("Unknown field: response_format"));
}

#[tokio::test]
async fn image_rejected_retries_without_images_and_marks_the_result() {
    let server = server_with(ByBody(|body: &Value| {
        if has_images(body) {
            error(
                400,
                "Invalid content type. image_url is only supported by certain models.",
            )
        } else {
            ok(completion("It looks like a bedroom."))
        }
    }))
    .await;
    let client = client(config(&server));
    let req = ChatRequest::new(vec![
        Message::user("Judge this render.").with_image(ImagePart::png(&[1, 2, 3])),
    ]);
    let cancel = CancellationToken::new();

    let resp = client.chat(&req, &cancel).await.unwrap();

    assert!(resp.images_dropped);
    assert_eq!(resp.attempts, 2);
    let sent = bodies(&server).await;
    assert!(has_images(&sent[0]) && !has_images(&sent[1]));
    assert_eq!(
        sent[1]["messages"][0]["content"],
        format!("Judge this render.\n{IMAGE_OMITTED}")
    );

    // Remembered: the next call drops images up front, and still says so.
    assert!(!client.capabilities().images);
    let again = client.chat(&req, &cancel).await.unwrap();
    assert!(again.images_dropped);
    assert_eq!(again.attempts, 1);
    // A text-only request is not marked.
    let text_only = ChatRequest::new(vec![Message::user("hi")]);
    assert!(
        !client
            .chat(&text_only, &cancel)
            .await
            .unwrap()
            .images_dropped
    );
}

#[tokio::test]
async fn an_unrelated_400_with_images_is_an_error_not_a_fallback() {
    let server = server_with(error(400, "messages[1]: content must not be empty")).await;
    let client = client(config(&server));
    let req = ChatRequest::new(vec![Message::user("x").with_image(ImagePart::png(&[1]))]);

    let err = client
        .chat(&req, &CancellationToken::new())
        .await
        .unwrap_err();

    assert!(
        matches!(
            &err,
            LlmError::Http {
                status: 400,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(client.capabilities().images);
}

#[tokio::test]
async fn max_tokens_rejected_is_resent_as_max_completion_tokens() {
    let server = server_with(ByBody(|body: &Value| {
        if body.get("max_tokens").is_some() {
            error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.")
        } else {
            ok(completion("fine"))
        }
    }))
    .await;
    let client = client(config(&server));
    let req = ChatRequest::new(vec![Message::user("hi")]).with_max_tokens(64);

    let resp = client.chat(&req, &CancellationToken::new()).await.unwrap();

    assert_eq!(resp.attempts, 2);
    let sent = bodies(&server).await;
    assert_eq!(sent[1]["max_completion_tokens"], 64);
    assert!(sent[1].get("max_tokens").is_none());
    assert!(client.capabilities().max_completion_tokens);
}
