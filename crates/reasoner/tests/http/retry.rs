//! Transient failures: 429 with Retry-After, 5xx, timeouts, refused connections, and
//! cancellation of a call that would otherwise hang.

use std::time::{Duration, Instant};

use reasoner::{CancellationToken, ChatRequest, LlmError, Message};
use wiremock::ResponseTemplate;

use crate::support::*;

fn request() -> ChatRequest {
    ChatRequest::new(vec![Message::user("hi")])
}

fn cancel_after(token: &CancellationToken, after: Duration) {
    let token = token.clone();
    tokio::spawn(async move {
        tokio::time::sleep(after).await;
        token.cancel();
    });
}

#[tokio::test]
async fn rate_limit_waits_at_least_retry_after_then_succeeds() {
    let server = server_with(Sequence::new(vec![
        error(429, "Rate limit reached").insert_header("retry-after", "1"),
        ok(completion("finally")),
    ]))
    .await;
    let client = client(config(&server)); // backoff is 10 ms, so only Retry-After explains 1 s
    let started = Instant::now();

    let resp = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap();

    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
    assert_eq!(resp.text, "finally");
    assert_eq!(resp.attempts, 2);
    assert!(resp.latency >= Duration::from_secs(1));
}

#[tokio::test]
async fn retry_after_beyond_the_limit_fails_at_once_naming_the_wait() {
    let server = server_with(
        error(429, "You exceeded your current quota").insert_header("retry-after", "3600"),
    )
    .await;
    let client = client(config(&server));
    let started = Instant::now();

    let err = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();

    assert!(started.elapsed() < Duration::from_secs(1));
    let LlmError::RateLimited {
        retry_after,
        attempts,
        ..
    } = &err
    else {
        panic!("expected RateLimited, got {err:?}");
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(*attempts, 1);
    let message = err.to_string();
    assert!(
        message.contains("HTTP 429") && message.contains("wait 3600.0 s"),
        "{message}"
    );
    assert!(message.contains("exceeded your current quota"), "{message}");
}

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    let server = server_with(Sequence::new(vec![
        error(500, "internal error"),
        ResponseTemplate::new(502).set_body_string("bad gateway"),
        ok(completion("recovered")),
    ]))
    .await;
    let client = client(config(&server));

    let resp = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap();

    assert_eq!(resp.text, "recovered");
    assert_eq!(resp.attempts, 3);
    assert_eq!(bodies(&server).await.len(), 3);
    let totals = client.usage();
    assert_eq!((totals.http_attempts, totals.completions), (3, 1));
}

#[tokio::test]
async fn persistent_server_error_gives_up_naming_status_message_and_attempts() {
    let server = server_with(error(503, "upstream exploded")).await;
    let client = client(config(&server));

    let err = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();

    assert!(
        matches!(
            &err,
            LlmError::Http {
                status: 503,
                attempts: 3,
                ..
            }
        ),
        "2 retries after the first attempt: {err:?}"
    );
    let message = err.to_string();
    assert!(
        message.starts_with("HTTP 503 from http://127.0.0.1:"),
        "{message}"
    );
    assert!(
        message.contains("after 3 attempt(s): upstream exploded"),
        "{message}"
    );
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = server_with(error(404, "The model `test-model` does not exist")).await;
    let client = client(config(&server));

    let err = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();

    assert!(
        matches!(
            &err,
            LlmError::Http {
                status: 404,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("does not exist"));
    assert_eq!(bodies(&server).await.len(), 1);
}

#[tokio::test]
async fn slow_server_times_out_each_attempt() {
    let server = server_with(ok(completion("late")).set_delay(Duration::from_secs(3))).await;
    let mut config = config(&server);
    config.timeout = Duration::from_millis(200);
    config.max_retries = 1;
    let client = client(config);
    let started = Instant::now();

    let err = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();

    let elapsed = started.elapsed();
    assert!(
        matches!(&err, LlmError::Timeout { attempts: 2, .. }),
        "{err:?}"
    );
    assert!(
        elapsed >= Duration::from_millis(400),
        "two 200 ms attempts took {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert!(
        err.to_string().contains("within 0.2 s, 2 attempt(s)"),
        "{err}"
    );
}

#[tokio::test]
async fn refused_connections_are_retried_then_reported() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut config = reasoner::ClientConfig::new(format!("http://127.0.0.1:{port}/v1"), "m");
    config.backoff_base = Duration::from_millis(10);
    config.max_retries = 2;
    let client = client(config);

    let err = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();

    let LlmError::Connection {
        attempts, message, ..
    } = &err
    else {
        panic!("expected Connection, got {err:?}");
    };
    assert_eq!(*attempts, 3);
    assert!(message.to_lowercase().contains("refused"), "{message}");
    assert!(err.to_string().contains(&format!(
        "cannot reach http://127.0.0.1:{port}/v1/chat/completions"
    )));
}

#[tokio::test]
async fn cancellation_ends_a_call_to_a_server_that_never_answers() {
    let server = server_with(ok(completion("never")).set_delay(Duration::from_secs(60))).await;
    let mut config = config(&server);
    config.timeout = Duration::from_secs(30);
    let client = client(config);
    let cancel = CancellationToken::new();
    cancel_after(&cancel, Duration::from_millis(200));
    let started = Instant::now();

    let err = client.chat(&request(), &cancel).await.unwrap_err();

    let elapsed = started.elapsed();
    assert!(
        matches!(err, LlmError::Cancelled { attempts: 1 }),
        "{err:?}"
    );
    assert!(
        elapsed >= Duration::from_millis(200) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn cancellation_interrupts_a_retry_after_wait() {
    let server = server_with(error(429, "slow down").insert_header("retry-after", "4")).await;
    let client = client(config(&server));
    let cancel = CancellationToken::new();
    cancel_after(&cancel, Duration::from_millis(150));
    let started = Instant::now();

    let err = client.chat(&request(), &cancel).await.unwrap_err();

    assert!(
        matches!(err, LlmError::Cancelled { attempts: 1 }),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn an_already_cancelled_call_sends_nothing() {
    let server = server_with(ok(completion("unused"))).await;
    let client = client(config(&server));
    let cancel = CancellationToken::new();
    cancel.cancel();

    let err = client.chat(&request(), &cancel).await.unwrap_err();

    assert!(
        matches!(err, LlmError::Cancelled { attempts: 0 }),
        "{err:?}"
    );
    assert!(bodies(&server).await.is_empty());
}
