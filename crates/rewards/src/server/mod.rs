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
//!
//! An item with `"render": true` also gets the render term when the server has one
//! ([`RenderTerm`]: a renderer and a VLM judge): its layout is rendered, graded and the grades
//! returned in its breakdown, within the batch's time budget and the render queue's bound
//! ([`render_term`]). Without one, the item's breakdown says so and its render term is off:
//! never a made-up grade.

mod listen;
pub mod render_term;
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

use crate::breakdown::{RenderError, Scorer, Weights};
pub use listen::serve;
pub use render_term::RenderTerm;
use render_term::{Layout, Refusal, RenderState};
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
    /// The render term (renderer and judge) for items that ask for it; `None`: off, and each
    /// such item is told so.
    pub render: Option<RenderTerm>,
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
            render: None,
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
    render: Option<Arc<RenderState>>,
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
        render: config.render.clone().map(|t| Arc::new(RenderState::new(t))),
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
        "render": s.render.as_ref().map_or(serde_json::Value::Null, |r| r.health()),
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
    let scored = tokio::task::spawn_blocking(move || -> Result<Scored, RequestError> {
        let _worker = worker;
        let started = Instant::now();
        let req = parse_request(&body, &state.config)?;
        let weights = req.weights.unwrap_or(state.config.weights);
        let (results, layouts) =
            score_batch_with_layouts(req.items, &weights, state.render.is_some());
        state
            .scored
            .fetch_add(results.len() as u64, Ordering::Relaxed);
        Ok(Scored {
            results,
            layouts,
            weights,
            budget_s: req.render_budget_s,
            started,
        })
    })
    .await;
    let scored = match scored {
        Ok(Ok(scored)) => scored,
        Ok(Err(why)) => return error(why.status(), why.to_string()),
        Err(e) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("scoring failed: {e}"),
            );
        }
    };
    let _held = admitted;
    match add_render_term(&s, scored).await {
        Ok(resp) => axum::Json(resp).into_response(),
        Err(r) => r,
    }
}

/// A batch scored for format and physics, with the layouts whose render term was asked for.
struct Scored {
    results: Vec<ItemResult>,
    /// (item, its layout, the scene's instruction).
    layouts: Vec<(usize, Layout, String)>,
    weights: Weights,
    budget_s: Option<f64>,
    started: Instant,
}

/// Renders and judges the layouts that asked for it (grades cached, one render per distinct
/// layout of the batch), within the request's budget; or the response that refuses the batch
/// because the render queue cannot take it.
async fn add_render_term(s: &Arc<ServerState>, scored: Scored) -> Result<RewardResponse, Response> {
    let Scored {
        mut results,
        layouts,
        weights,
        budget_s,
        started,
    } = scored;
    if let (Some(render), false) = (&s.render, layouts.is_empty()) {
        let mut verdicts: HashMap<u64, Result<crate::judge::JudgeScores, RenderError>> =
            HashMap::new();
        // Each item's layout key; the layouts themselves move to the render queue (the first
        // of each key not cached), so no scene is copied here.
        let mut todo: Vec<(Layout, String)> = Vec::new();
        let mut items: Vec<(usize, u64)> = Vec::with_capacity(layouts.len());
        for (k, layout, instruction) in layouts {
            items.push((k, layout.key));
            if verdicts.contains_key(&layout.key) || todo.iter().any(|(l, _)| l.key == layout.key) {
                continue;
            }
            match render.cached(layout.key) {
                Some(scores) => {
                    verdicts.insert(layout.key, Ok(scores));
                }
                None => todo.push((layout, instruction)),
            }
        }
        if !todo.is_empty() {
            let admitted = match render.admit(todo.len()) {
                Ok(a) => a,
                Err(Refusal::TooMany { asked, queue }) => {
                    return Err(error(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!(
                            "{asked} distinct layouts ask for the render term; this server renders at most {queue} at once (send smaller batches)"
                        ),
                    ));
                }
                Err(Refusal::Busy(after)) => {
                    let mut r = error(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "the render queue is full; retry shortly",
                    );
                    if let Ok(v) = HeaderValue::from_str(&after.to_string()) {
                        r.headers_mut().insert(header::RETRY_AFTER, v);
                    }
                    return Err(r);
                }
            };
            let keys: Vec<u64> = todo.iter().map(|(l, _)| l.key).collect();
            let graded = render.grade(todo, admitted, render.budget(budget_s)).await;
            verdicts.extend(keys.into_iter().zip(graded));
        }
        for (k, key) in items {
            let verdict = match verdicts.get(&key) {
                Some(Ok(scores)) => Ok(scores.clone()),
                Some(Err(why)) => Err(RenderError::NotGraded(why.to_string())),
                None => Err(RenderError::NotGraded("not graded".into())),
            };
            if let Some(b) = results[k].breakdown.take() {
                let b = b.with_render(verdict, &weights);
                results[k].reward = Some(b.total);
                results[k].breakdown = Some(b);
            }
        }
    }
    Ok(RewardResponse {
        schema: REWARDS_SCHEMA,
        results,
        seconds: started.elapsed().as_secs_f64(),
    })
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
    score_batch_with_layouts(items, weights, false).0
}

/// Scores a batch, and returns the layouts of the items that ask for the render term
/// (`renders`: whether this server has one; if not, those items are told so).
fn score_batch_with_layouts(
    items: Vec<RewardItem>,
    weights: &Weights,
    renders: bool,
) -> (Vec<ItemResult>, Vec<(usize, Layout, String)>) {
    let mut scenes: HashMap<String, Result<Scene, SceneError>> = HashMap::new();
    let keys: Vec<String> = items.iter().map(|i| i.scene.to_string()).collect();
    for k in &keys {
        scenes.entry(k.clone()).or_insert_with(|| parse_scene(k));
    }
    let scorers: HashMap<&String, Result<Scorer<'_>, &SceneError>> = scenes
        .iter()
        .map(|(k, s)| (k, s.as_ref().map(Scorer::new)))
        .collect();
    let mut layouts = Vec::new();
    let results = items
        .into_iter()
        .zip(&keys)
        .enumerate()
        .map(|(k, (item, key))| match &scorers[key] {
            Ok(scorer) => {
                let (mut b, poses) = scorer.score_with_poses(&item.answer, weights);
                if item.render {
                    match (renders, poses) {
                        (false, _) => {
                            b = b.with_render(
                                Err(RenderError::NotGraded(
                                    "this server has no judge (start it with `relayout serve --judge`)"
                                        .into(),
                                )),
                                weights,
                            );
                        }
                        (true, None) => {
                            b = b.with_render(
                                Err(RenderError::NotGraded(
                                    "not rendered: the answer does not place each object exactly once"
                                        .into(),
                                )),
                                weights,
                            );
                        }
                        (true, Some(poses)) => {
                            let scene = scenes[key].as_ref().ok();
                            if let Some(scene) = scene {
                                layouts.push((k, Layout::new(scene, key, poses), scene.instruction.clone()));
                            }
                        }
                    }
                } else if renders {
                    b.notes.retain(|n| !n.starts_with("render:"));
                    b.notes.push("render: off, not asked for (`\"render\": true` asks)".into());
                }
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
        .collect();
    (results, layouts)
}
