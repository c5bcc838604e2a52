//! The reward server: `GET /health` and `POST /v1/rewards` (a batch of answers with their
//! scenes in, rewards with breakdowns out), for RL trainers whose reward function calls out.
//!
//! Scoring runs on blocking worker threads, at most `workers` batches at once; at most `queue`
//! batches are admitted (running or waiting), and a batch beyond that gets `503` with
//! `Retry-After` at once — backpressure instead of an unbounded queue. A batch is admitted once
//! its body has arrived: a client stalled in its headers or its body holds a connection (at
//! most `max_connections` are open), never a slot of the queue, and is cut off after
//! `header_timeout` (the connection closed) or `body_timeout` (`408`). Bodies over
//! `max_body_bytes` get `413`, batches over `max_items` `413`, malformed bodies `400` with the
//! place of the error; an item whose scene is invalid gets its own `error` while the rest of
//! the batch is scored. Nothing a client sends stops the server.

mod listen;
pub mod wire;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use relayout_core::scene::{Scene, SceneError, parse_scene};
use serde_json::json;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::breakdown::{Scorer, Weights};
pub use listen::serve;
pub use wire::{ItemResult, REWARDS_SCHEMA, RewardItem, RewardRequest, RewardResponse};

/// The server's limits and defaults.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest request body, bytes. Default 8 MiB.
    pub max_body_bytes: usize,
    /// Most items in one batch. Default 4096.
    pub max_items: usize,
    /// Batches scored at once. Default: the machine's cores.
    pub workers: usize,
    /// Batches admitted at once, running or waiting. Default: 4 × workers.
    pub queue: usize,
    /// Weights when a batch gives none.
    pub weights: Weights,
    /// Longest wait for a request's headers, from its first byte. Default 10 s.
    pub header_timeout: Duration,
    /// Longest wait for a request's body, once its headers are in. Default 30 s.
    pub body_timeout: Duration,
    /// Most connections open at once (the next waits in the kernel's backlog). Default 256.
    pub max_connections: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServerConfig {
            max_body_bytes: 8 << 20,
            max_items: 4096,
            workers,
            queue: 4 * workers,
            weights: Weights::default(),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections: 256,
        }
    }
}

/// The shared state: limits, admission and counters.
pub struct ServerState {
    config: ServerConfig,
    admission: Arc<Semaphore>,
    workers: Arc<Semaphore>,
    scored: AtomicU64,
    rejected: AtomicU64,
    started: Instant,
}

impl ServerState {
    /// Admits a batch, or `None` when the queue is full.
    pub fn try_admit(&self) -> Option<OwnedSemaphorePermit> {
        self.admission.clone().try_acquire_owned().ok()
    }
}

/// The router (handy for tests), with its state.
pub fn router(config: ServerConfig) -> (Router, Arc<ServerState>) {
    let config = ServerConfig {
        workers: config.workers.max(1),
        queue: config.queue.max(1),
        ..config
    };
    let state = Arc::new(ServerState {
        admission: Arc::new(Semaphore::new(config.queue)),
        workers: Arc::new(Semaphore::new(config.workers)),
        scored: AtomicU64::new(0),
        rejected: AtomicU64::new(0),
        started: Instant::now(),
        config,
    });
    let router = Router::new()
        .route("/health", get(health))
        .route("/v1/rewards", post(rewards))
        .fallback(|| async {
            error(
                StatusCode::NOT_FOUND,
                "no such endpoint: use GET /health or POST /v1/rewards",
            )
        })
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refuse_declared_oversize,
        ))
        .with_state(state.clone());
    (router, state)
}

/// A body whose Content-Length is over the limit is refused before it is read (the body
/// limit alone would first read up to the limit).
async fn refuse_declared_oversize(
    State(s): State<Arc<ServerState>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(n) if n > s.config.max_body_bytes as u64 => too_large(&s),
        _ => next.run(req).await,
    }
}

fn too_large(s: &ServerState) -> Response {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "request body over the limit of {} bytes",
            s.config.max_body_bytes
        ),
    )
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({ "error": message.into() }))).into_response()
}

async fn health(State(s): State<Arc<ServerState>>) -> Response {
    let c = &s.config;
    axum::Json(json!({
        "status": "ok",
        "schema": REWARDS_SCHEMA,
        "version": env!("CARGO_PKG_VERSION"),
        "uptime_s": s.started.elapsed().as_secs_f64(),
        "workers": c.workers,
        "queue": { "capacity": c.queue, "in_use": c.queue - s.admission.available_permits() },
        "limits": { "max_body_bytes": c.max_body_bytes, "max_items": c.max_items },
        "scored_items": s.scored.load(Ordering::Relaxed),
        "rejected_batches": s.rejected.load(Ordering::Relaxed),
    }))
    .into_response()
}

/// The body is read first, within its size and time limits, and only then is the batch
/// admitted (a client slow to send holds no slot of the queue); it is parsed and scored on a
/// blocking worker, so that large batches never hold up the async threads (and `/health`).
async fn rewards(State(s): State<Arc<ServerState>>, req: axum::extract::Request) -> Response {
    let read = axum::body::to_bytes(req.into_body(), s.config.max_body_bytes);
    let body = match tokio::time::timeout(s.config.body_timeout, read).await {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => return too_large(&s),
        Err(_) => {
            return error(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request body did not arrive within {} s",
                    s.config.body_timeout.as_secs_f64()
                ),
            );
        }
    };
    let Some(admitted) = s.try_admit() else {
        s.rejected.fetch_add(1, Ordering::Relaxed);
        let mut r = error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the queue is full ({} batches); retry shortly",
                s.config.queue
            ),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return r;
    };
    let Ok(worker) = s.workers.clone().acquire_owned().await else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down",
        );
    };
    let state = s.clone();
    let scored = tokio::task::spawn_blocking(move || -> Result<RewardResponse, RequestError> {
        let _held = (admitted, worker);
        let started = Instant::now();
        let req = parse_request(&body, &state.config)?;
        let weights = req.weights.unwrap_or(state.config.weights);
        let results = score_batch(req.items, &weights);
        state
            .scored
            .fetch_add(results.len() as u64, Ordering::Relaxed);
        Ok(RewardResponse {
            schema: REWARDS_SCHEMA,
            results,
            seconds: started.elapsed().as_secs_f64(),
        })
    })
    .await;
    match scored {
        Ok(Ok(resp)) => axum::Json(resp).into_response(),
        Ok(Err(why)) => error(why.status(), why.to_string()),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("scoring failed: {e}"),
        ),
    }
}

/// Why a request body was refused (a 4xx answer).
#[derive(Debug, thiserror::Error)]
enum RequestError {
    /// The body is not JSON, or not a request at its top level.
    #[error("request body is not a valid {schema} request: {source}", schema = REWARDS_SCHEMA)]
    NotARequest {
        /// serde's error.
        #[source]
        source: serde_json::Error,
    },
    /// A field of the request is malformed.
    #[error("request body: {path}: {source}")]
    Field {
        /// Where, e.g. `items[3].answer`.
        path: String,
        /// serde's error.
        #[source]
        source: serde_json::Error,
    },
    /// More items than [`ServerConfig::max_items`].
    #[error("{items} items in one batch; at most {max}")]
    TooManyItems {
        /// Items sent.
        items: usize,
        /// The limit.
        max: usize,
    },
}

impl RequestError {
    /// The HTTP status answered.
    fn status(&self) -> StatusCode {
        match self {
            RequestError::NotARequest { .. } | RequestError::Field { .. } => {
                StatusCode::BAD_REQUEST
            }
            RequestError::TooManyItems { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }
}

/// The request, or what is wrong with it.
fn parse_request(body: &[u8], config: &ServerConfig) -> Result<RewardRequest, RequestError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    let req: RewardRequest = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let source = e.into_inner();
        if path == "." {
            RequestError::NotARequest { source }
        } else {
            RequestError::Field { path, source }
        }
    })?;
    if req.items.len() > config.max_items {
        return Err(RequestError::TooManyItems {
            items: req.items.len(),
            max: config.max_items,
        });
    }
    Ok(req)
}

/// Scores a batch; items with the same scene share one prepared [`Scorer`].
pub fn score_batch(items: Vec<RewardItem>, weights: &Weights) -> Vec<ItemResult> {
    let mut scenes: HashMap<String, Result<Scene, SceneError>> = HashMap::new();
    let keys: Vec<String> = items.iter().map(|i| i.scene.to_string()).collect();
    for k in &keys {
        scenes.entry(k.clone()).or_insert_with(|| parse_scene(k));
    }
    let scorers: HashMap<&String, Result<Scorer<'_>, &SceneError>> = scenes
        .iter()
        .map(|(k, s)| (k, s.as_ref().map(Scorer::new)))
        .collect();
    items
        .into_iter()
        .zip(&keys)
        .map(|(item, key)| match &scorers[key] {
            Ok(scorer) => {
                let b = scorer.score(&item.answer, weights);
                ItemResult {
                    id: item.id,
                    reward: Some(b.total),
                    breakdown: Some(b),
                    error: None,
                }
            }
            Err(why) => ItemResult {
                id: item.id,
                reward: None,
                breakdown: None,
                error: Some(format!("scene: {why}")),
            },
        })
        .collect()
}
