//! Headers with absurd values from a server: a clear error at once, never a panic.

use relayout_llm::{CancellationToken, ChatRequest, LlmError, Message};

use crate::support::*;

#[tokio::test]
async fn a_retry_after_too_long_for_a_duration_gives_up_at_once_and_says_so() {
    for header in ["retry-after", "retry-after-ms"] {
        let server = server_with(error(429, "slow down").insert_header(header, "1e20")).await;
        let client = client(config(&server));
        let err = client
            .chat(
                &ChatRequest::new(vec![Message::user("hi")]),
                &CancellationToken::new(),
            )
            .await
            .unwrap_err();
        let LlmError::RateLimited { attempts, .. } = &err else {
            panic!("{header}: expected RateLimited, got {err:?}");
        };
        assert_eq!(*attempts, 1, "{header}: no retry for an endless wait");
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        let message = err.to_string();
        assert!(
            message.contains("longer than a year"),
            "{header}: {message}"
        );
    }
}

#[tokio::test]
async fn a_retry_after_that_is_not_a_number_falls_back_to_backoff() {
    let server = server_with(error(503, "busy").insert_header("retry-after", "soonish")).await;
    let mut config = config(&server);
    config.max_retries = 1;
    let err = client(config)
        .chat(
            &ChatRequest::new(vec![Message::user("hi")]),
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            LlmError::Http {
                status: 503,
                attempts: 2,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
