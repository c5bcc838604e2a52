//! Transient failures: 429 with Retry-After, 5xx, timeouts, refused connections, and
//! cancellation of a call that would otherwise hang.

//!
//! Counted, not timed: how many requests the server got, the attempts the client reports, and
//! the waits it announces before each retry. The only clock readings are lower bounds (a wait
//! that must have happened), which a slow machine cannot make fail.

use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use relayout_llm::{CancellationToken, ChatRequest, LlmError, Message};
use tracing::field::{Field, Visit};
use tracing::{Event, Metadata, span};
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

fn request() -> ChatRequest {
    ChatRequest::new(vec![Message::user("hi")])
}

/// Returns once `server` has received `n` requests (a poll of the mock's log).
async fn until_received(server: &MockServer, n: usize) {
    while bodies(server).await.len() < n {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The waits the client announces before each retry (the `delay_s` of its "retrying chat
/// completion" warning), seen by a subscriber on the test's thread: `#[tokio::test]` runs a
/// single-threaded runtime, so the client is polled there. With `cancel_on_wait`, the token is
/// cancelled the moment a wait begins.
#[derive(Clone, Default)]
struct RetryWaits {
    delays: Arc<Mutex<Vec<f64>>>,
    cancel_on_wait: Option<CancellationToken>,
}

impl RetryWaits {
    fn cancelling(token: &CancellationToken) -> Self {
        RetryWaits {
            cancel_on_wait: Some(token.clone()),
            ..RetryWaits::default()
        }
    }

    /// Watches this thread's events until the guard drops.
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        tracing::subscriber::set_default(self.clone())
    }

    /// The announced waits, in seconds.
    fn delays(&self) -> Vec<f64> {
        self.delays.lock().unwrap().clone()
    }
}

struct DelayField(Option<f64>);

impl Visit for DelayField {
    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == "delay_s" {
            self.0 = Some(value);
        }
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

impl tracing::Subscriber for RetryWaits {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }

    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}

    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}

    fn event(&self, event: &Event<'_>) {
        if !event.metadata().target().starts_with("relayout_llm") {
            return;
        }
        let mut delay = DelayField(None);
        event.record(&mut delay);
        if let Some(d) = delay.0 {
            self.delays.lock().unwrap().push(d);
            if let Some(token) = &self.cancel_on_wait {
                token.cancel();
            }
        }
    }

    fn enter(&self, _: &span::Id) {}

    fn exit(&self, _: &span::Id) {}
}

#[tokio::test]
async fn rate_limit_waits_at_least_retry_after_then_succeeds() {
    let server = server_with(Sequence::new(vec![
        error(429, "Rate limit reached").insert_header("retry-after", "1"),
        ok(completion("finally")),
    ]))
    .await;
    let client = client(config(&server)); // backoff is 10 ms, so only Retry-After explains 1 s
    let waits = RetryWaits::default();
    let _log = waits.install();
    let started = Instant::now();

    let resp = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap();

    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "waited only {waited:?}");
    // One wait, of exactly the Retry-After (not a backoff, not more), then one more request.
    assert_eq!(waits.delays(), [1.0]);
    assert_eq!(bodies(&server).await.len(), 2);
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
    // A wait, were one to begin, is cut short by cancellation, and the call ends Cancelled.
    let cancel = CancellationToken::new();
    let waits = RetryWaits::cancelling(&cancel);
    let _log = waits.install();

    let err = client.chat(&request(), &cancel).await.unwrap_err();

    // At once: no wait began and the server got one request.
    assert_eq!(waits.delays(), Vec::<f64>::new(), "{err:?}");
    assert_eq!(bodies(&server).await.len(), 1);
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
    let waits = RetryWaits::default();
    let _log = waits.install();
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
    // Two requests with one backoff (at most the 50 ms cap) between them.
    assert_eq!(bodies(&server).await.len(), 2);
    let delays = waits.delays();
    assert!(
        delays.len() == 1 && delays[0] <= 0.05,
        "waits before retries: {delays:?}"
    );
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
    let mut config = relayout_llm::ClientConfig::new(format!("http://127.0.0.1:{port}/v1"), "m");
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
    // No retries: a call that ignored the token would end with a timeout, not Cancelled.
    config.max_retries = 0;
    let client = client(config);
    let cancel = CancellationToken::new();

    // Cancelled while the request is at the server (which has it, and holds its answer).
    let request = request();
    let mut chat = pin!(client.chat(&request, &cancel));
    tokio::select! {
        r = &mut chat => panic!("the call ended before the server got the request: {r:?}"),
        () = until_received(&server, 1) => cancel.cancel(),
    }
    let err = chat.await.unwrap_err();

    assert!(
        matches!(err, LlmError::Cancelled { attempts: 1 }),
        "{err:?}"
    );
    assert_eq!(bodies(&server).await.len(), 1);
}

#[tokio::test]
async fn cancellation_interrupts_a_retry_after_wait() {
    let server = server_with(error(429, "slow down").insert_header("retry-after", "4")).await;
    let client = client(config(&server));
    let cancel = CancellationToken::new();
    // Cancelled the moment the client announces its 4 s wait.
    let waits = RetryWaits::cancelling(&cancel);
    let _log = waits.install();

    // Interrupted, not waited out: the poll in which the token is cancelled ends the call (a
    // wait that ignored the token would stay pending, then end Cancelled all the same).
    let request = request();
    let mut chat = pin!(client.chat(&request, &cancel));
    let err = std::future::poll_fn(|cx| {
        let poll = chat.as_mut().poll(cx);
        assert!(
            poll.is_ready() || !cancel.is_cancelled(),
            "still waiting after cancellation"
        );
        poll
    })
    .await
    .unwrap_err();

    assert!(
        matches!(err, LlmError::Cancelled { attempts: 1 }),
        "{err:?}"
    );
    assert_eq!(waits.delays(), [4.0]);
    assert_eq!(bodies(&server).await.len(), 1);
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
