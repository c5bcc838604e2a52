//! Streamed answers from a real loopback server that writes them piece by piece, with the
//! pauses a slow laptop makes: a slow but steady answer is never cut off however long it takes,
//! a stalled one is, after the idle limit; a stream cut mid-answer is retried; an endless body
//! stops at the size limit; garbage and an empty body are named.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use relayout_llm::{ChatRequest, ClientConfig, LlmClient, LlmError, Message, StreamProgress};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

/// One piece of an answer: bytes to write, then a pause.
#[derive(Clone)]
enum Piece {
    Write(Vec<u8>),
    Pause(Duration),
    /// Close the connection here.
    Close,
    /// Write these bytes forever.
    Endless(Vec<u8>),
}

/// A server answering each connection with the next script (the last repeats); it records
/// each request body.
struct Trickle {
    url: String,
    bodies: Arc<Mutex<Vec<Value>>>,
}

fn sse_headers() -> Piece {
    Piece::Write(
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n".to_vec(),
    )
}

fn token(text: &str) -> Piece {
    let chunk =
        json!({"model": "slow-model", "choices": [{"index": 0, "delta": {"content": text}}]});
    Piece::Write(format!("data: {chunk}\n\n").into_bytes())
}

fn end() -> Vec<Piece> {
    let stop = json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]});
    let usage = json!({"choices": [], "usage": {"prompt_tokens": 30, "completion_tokens": 9, "total_tokens": 39}});
    vec![Piece::Write(
        format!("data: {stop}\n\ndata: {usage}\n\ndata: [DONE]\n\n").into_bytes(),
    )]
}

/// `{"name": "lamp", "count": 3}` in nine tokens, each after `gap`.
fn slow_answer(gap: Duration) -> Vec<Piece> {
    let mut s = vec![sse_headers()];
    for t in [
        "{\"", "name", "\": \"", "lamp", "\", \"", "count", "\": ", "3", "}",
    ] {
        s.push(Piece::Pause(gap));
        s.push(token(t));
    }
    s.extend(end());
    s
}

fn read_request(stream: &mut std::net::TcpStream) -> Value {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return Value::Null;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap_or(Value::Null)
}

fn trickle(scripts: Vec<Vec<Piece>>) -> Trickle {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { return };
            let script = scripts[n.min(scripts.len() - 1)].clone();
            let seen = seen.clone();
            std::thread::spawn(move || {
                seen.lock().unwrap().push(read_request(&mut stream));
                for piece in script {
                    let ok = match piece {
                        Piece::Write(b) => stream.write_all(&b).and_then(|()| stream.flush()),
                        Piece::Pause(d) => {
                            std::thread::sleep(d);
                            Ok(())
                        }
                        Piece::Close => return,
                        Piece::Endless(b) => loop {
                            if stream.write_all(&b).is_err() {
                                return;
                            }
                        },
                    };
                    if ok.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Trickle { url, bodies }
}

fn config(t: &Trickle) -> ClientConfig {
    let mut c = ClientConfig::new(t.url.clone(), "slow-model");
    c.timeout = Duration::from_millis(600);
    c.idle_timeout = Duration::from_millis(400);
    c.max_retries = 0;
    c.backoff_base = Duration::from_millis(10);
    c.backoff_cap = Duration::from_millis(20);
    c
}

fn request() -> ChatRequest {
    ChatRequest::new(vec![Message::user("a thing, as JSON")]).with_schema(
        "thing",
        json!({"type": "object", "properties": {"name": {"type": "string"},
               "count": {"type": "integer"}}, "required": ["name", "count"]}),
    )
}

#[tokio::test]
async fn a_slow_steady_stream_is_never_cut_off_and_reports_its_progress() {
    // Nine tokens 150 ms apart: 1.35 s in all, more than twice the 0.6 s first-token limit.
    let t = trickle(vec![slow_answer(Duration::from_millis(150))]);
    let client = LlmClient::new(config(&t)).unwrap();
    let seen: Mutex<Vec<StreamProgress>> = Mutex::new(Vec::new());
    let observe = |p: StreamProgress| seen.lock().unwrap().push(p);
    let r = client
        .chat_observed(&request(), &CancellationToken::new(), Some(&observe))
        .await
        .unwrap();
    assert_eq!(r.parsed_json, Some(json!({"name": "lamp", "count": 3})));
    assert_eq!(r.finish_reason.as_deref(), Some("stop"));
    assert_eq!(r.usage.unwrap().completion_tokens, 9);
    assert_eq!(r.model.as_deref(), Some("slow-model"));
    assert_eq!(r.attempts, 1);
    let seen = seen.into_inner().unwrap();
    assert_eq!(
        seen.iter().map(|p| p.tokens).collect::<Vec<_>>(),
        (1..=9).collect::<Vec<_>>()
    );
    let last = seen.last().unwrap();
    // Eight gaps of at least 150 ms each: at most 6.7 tokens a second.
    assert!(last.since_first >= Duration::from_millis(1200), "{last:?}");
    assert!(last.per_second > 0.0 && last.per_second <= 6.7, "{last:?}");
    // It asked for a stream with the usage at its end.
    let body = &t.bodies.lock().unwrap()[0];
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"]["include_usage"], true);
}

#[tokio::test]
async fn a_stream_that_stalls_is_stopped_after_the_idle_limit_naming_the_tokens() {
    let mut stalled = vec![sse_headers(), token("{\""), token("name"), token("\": ")];
    stalled.push(Piece::Pause(Duration::from_secs(5)));
    let t = trickle(vec![stalled]);
    let client = LlmClient::new(config(&t)).unwrap();
    let e = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    match &e {
        LlmError::Stalled { tokens, gap, .. } => {
            assert_eq!(*tokens, 3);
            assert_eq!(*gap, Duration::from_millis(400));
        }
        other => panic!("expected Stalled, got {other:?}"),
    }
    assert!(e.to_string().contains("stopped after 3 token(s)"), "{e}");
}

#[tokio::test]
async fn a_stream_cut_mid_answer_is_retried_and_the_second_answer_taken() {
    let cut = vec![sse_headers(), token("{\""), token("name"), Piece::Close];
    let t = trickle(vec![cut, slow_answer(Duration::ZERO)]);
    let mut c = config(&t);
    c.max_retries = 1;
    let client = LlmClient::new(c).unwrap();
    let r = client
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(r.attempts, 2);
    assert_eq!(r.parsed_json.unwrap()["count"], 3);
    // Without a retry the cut is named.
    let t = trickle(vec![vec![
        sse_headers(),
        token("{\""),
        token("name"),
        Piece::Close,
    ]]);
    let e = LlmClient::new(config(&t))
        .unwrap()
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("closed mid-answer, after 2 token(s)"),
        "{e}"
    );
}

#[tokio::test]
async fn an_endless_body_stops_at_the_size_limit_and_garbage_and_empty_bodies_are_named() {
    let endless = vec![
        Piece::Write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{\"x\": \"".to_vec(),
        ),
        Piece::Endless(vec![b'a'; 8192]),
    ];
    let t = trickle(vec![endless]);
    let mut c = config(&t);
    c.max_body_bytes = 256 << 10;
    c.idle_timeout = Duration::from_secs(5);
    let e = LlmClient::new(c)
        .unwrap()
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(
        matches!(e, LlmError::MalformedResponse { .. })
            && e.to_string().contains("larger than 262144 bytes"),
        "{e}"
    );
    // Also while streaming.
    let endless_stream = vec![sse_headers(), Piece::Endless(b": keep-alive\n".to_vec())];
    let t = trickle(vec![endless_stream]);
    let mut c = config(&t);
    c.max_body_bytes = 64 << 10;
    let e = LlmClient::new(c)
        .unwrap()
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("larger than 65536 bytes"), "{e}");

    let garbage = vec![
        sse_headers(),
        Piece::Write(b"data: <html>502 Bad Gateway</html>\n\n".to_vec()),
    ];
    let t = trickle(vec![garbage]);
    let e = LlmClient::new(config(&t))
        .unwrap()
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not JSON: <html>502"), "{e}");

    let empty = vec![Piece::Write(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n".to_vec(),
    )];
    let t = trickle(vec![empty]);
    let e = LlmClient::new(config(&t))
        .unwrap()
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("the body is empty"), "{e}");
}

#[tokio::test]
async fn nothing_at_all_within_the_first_token_limit_is_a_timeout() {
    let t = trickle(vec![vec![
        sse_headers(),
        Piece::Pause(Duration::from_secs(5)),
    ]]);
    let e = LlmClient::new(config(&t))
        .unwrap()
        .chat(&request(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(matches!(e, LlmError::Timeout { .. }), "{e:?}");
}
