//! The render term in the server: items that ask for it have their layout rendered into the
//! judge views (by the binary's warm render pool) and graded by the configured VLM judge, the
//! grades cached by scene and poses. At most `queue` layouts are rendering or waiting at once
//! (a batch that would go over gets `503` with `Retry-After`), at most `judge_concurrency`
//! judge calls run at once, and a request gets no more than its time budget: what is not
//! graded by then says so, and the work goes on to fill the cache for a retry.

use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use relayout_core::scene::Scene;
use relayout_llm::CancellationToken;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::breakdown::RenderError;
use crate::judge::{Judge, JudgeScores};
use crate::refine::Renderer;

/// How the server renders and judges.
#[derive(Clone)]
pub struct RenderTerm {
    /// Draws the judge views.
    pub renderer: Arc<dyn Renderer>,
    /// Grades them; without one the term is off and every item asking for it is told so.
    pub judge: Option<Judge>,
    /// What the judge is, in words, for `/health` (its model; never its key).
    pub judge_name: String,
    /// Layouts rendering or waiting at once, over every request.
    pub queue: usize,
    /// Judge calls at once.
    pub judge_concurrency: usize,
    /// A request's time budget for the render term when it names none.
    pub budget: Duration,
    /// The longest budget a request may ask for.
    pub max_budget: Duration,
    /// Grades kept, by scene and poses.
    pub cache_entries: usize,
}

impl std::fmt::Debug for RenderTerm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderTerm")
            .field("judge", &self.judge_name)
            .field("queue", &self.queue)
            .field("judge_concurrency", &self.judge_concurrency)
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

impl RenderTerm {
    /// A term with the default limits: 16 layouts queued, 8 judge calls at once, 120 s per
    /// request (at most 600), 4096 grades cached.
    pub fn new(renderer: Arc<dyn Renderer>, judge: Option<Judge>, judge_name: String) -> Self {
        RenderTerm {
            renderer,
            judge,
            judge_name,
            queue: 16,
            judge_concurrency: 8,
            budget: Duration::from_secs(120),
            max_budget: Duration::from_secs(600),
            cache_entries: 4096,
        }
    }
}

/// One layout to grade: the posed scene, and the key its grades are cached under.
pub struct Layout {
    /// The scene at the answer's poses.
    pub scene: Scene,
    /// Scene and poses, hashed.
    pub key: u64,
}

impl Layout {
    /// The layout of `scene` (its document as sent, `scene_key`) at `poses`.
    pub fn new(
        scene: &Scene,
        scene_key: &str,
        poses: std::collections::BTreeMap<String, relayout_core::scene::Pose>,
    ) -> Self {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        scene_key.hash(&mut h);
        serde_json::to_string(&poses)
            .unwrap_or_default()
            .hash(&mut h);
        let mut posed = scene.clone();
        posed.poses = poses;
        Layout {
            scene: posed,
            key: h.finish(),
        }
    }
}

/// The term's shared state: its limits, cache and counters.
pub struct RenderState {
    term: RenderTerm,
    queue: Arc<Semaphore>,
    judge_calls: Arc<Semaphore>,
    cache: Mutex<Cache>,
    rendered: AtomicU64,
    cache_hits: AtomicU64,
    failed: AtomicU64,
    rejected: AtomicU64,
    /// Mean seconds of a render and its grading, in milliseconds (for `Retry-After`).
    mean_ms: AtomicU64,
}

#[derive(Default)]
struct Cache {
    grades: HashMap<u64, JudgeScores>,
    order: VecDeque<u64>,
}

/// Why a batch's render term was not admitted.
pub enum Refusal {
    /// More layouts than the queue holds at all.
    TooMany {
        /// Layouts asked for.
        asked: usize,
        /// The queue's size.
        queue: usize,
    },
    /// The queue is full now; try again after this many seconds.
    Busy(u64),
}

/// A batch's admitted layouts: one queue place per distinct layout not in the cache.
pub struct Admitted {
    places: Vec<OwnedSemaphorePermit>,
}

impl RenderState {
    /// The state for `term`.
    pub fn new(term: RenderTerm) -> Self {
        RenderState {
            queue: Arc::new(Semaphore::new(term.queue.max(1))),
            judge_calls: Arc::new(Semaphore::new(term.judge_concurrency.max(1))),
            cache: Mutex::new(Cache::default()),
            rendered: AtomicU64::new(0),
            cache_hits: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            mean_ms: AtomicU64::new(0),
            term,
        }
    }

    /// Whether a judge grades the renders.
    pub fn judged(&self) -> bool {
        self.term.judge.is_some()
    }

    /// The budget for a request that asks for `asked` seconds (or nothing).
    pub fn budget(&self, asked: Option<f64>) -> Duration {
        match asked {
            Some(s) if s.is_finite() && s > 0.0 => {
                Duration::from_secs_f64(s).min(self.term.max_budget)
            }
            _ => self.term.budget,
        }
    }

    /// The grades cached for a layout.
    pub fn cached(&self, key: u64) -> Option<JudgeScores> {
        let c = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let hit = c.grades.get(&key).cloned();
        if hit.is_some() {
            self.cache_hits.fetch_add(1, Ordering::Relaxed);
        }
        hit
    }

    fn remember(&self, key: u64, scores: &JudgeScores) {
        let mut c = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if c.grades.insert(key, scores.clone()).is_none() {
            c.order.push_back(key);
        }
        while c.order.len() > self.term.cache_entries.max(1) {
            if let Some(old) = c.order.pop_front() {
                c.grades.remove(&old);
            }
        }
    }

    /// Takes a queue place for each of `layouts` layouts, or says why not.
    pub fn admit(&self, layouts: usize) -> Result<Admitted, Refusal> {
        if layouts > self.term.queue.max(1) {
            self.rejected.fetch_add(1, Ordering::Relaxed);
            return Err(Refusal::TooMany {
                asked: layouts,
                queue: self.term.queue.max(1),
            });
        }
        let mut places = Vec::with_capacity(layouts);
        for _ in 0..layouts {
            match self.queue.clone().try_acquire_owned() {
                Ok(p) => places.push(p),
                Err(_) => {
                    self.rejected.fetch_add(1, Ordering::Relaxed);
                    let mean_s = self.mean_ms.load(Ordering::Relaxed) as f64 / 1e3;
                    return Err(Refusal::Busy(mean_s.ceil().clamp(1.0, 60.0) as u64));
                }
            }
        }
        Ok(Admitted { places })
    }

    /// Renders and grades the layouts (distinct keys, each with a place from [`admit`]),
    /// within `budget`: each layout's verdict, in order.
    ///
    /// [`admit`]: RenderState::admit
    pub async fn grade(
        self: &Arc<Self>,
        layouts: Vec<(Layout, String)>,
        admitted: Admitted,
        budget: Duration,
    ) -> Vec<Result<JudgeScores, RenderError>> {
        let deadline = tokio::time::Instant::now() + budget;
        let tasks: Vec<_> = layouts
            .into_iter()
            .zip(admitted.places)
            .map(|((layout, instruction), place)| {
                let state = self.clone();
                tokio::spawn(async move {
                    let _place = place;
                    state.render_and_judge(layout, &instruction).await
                })
            })
            .collect();
        let mut verdicts = Vec::with_capacity(tasks.len());
        for t in tasks {
            let v = match tokio::time::timeout_at(deadline, t).await {
                Ok(Ok(v)) => v,
                Ok(Err(e)) => Err(RenderError::NotGraded(format!("grading failed: {e}"))),
                Err(_) => Err(RenderError::NotGraded(format!(
                    "not graded within the request's budget of {:.0} s (grading goes on: a \
                     retry of this layout may find it cached)",
                    budget.as_secs_f64()
                ))),
            };
            verdicts.push(v);
        }
        verdicts
    }

    async fn render_and_judge(
        &self,
        layout: Layout,
        instruction: &str,
    ) -> Result<JudgeScores, RenderError> {
        let Some(judge) = &self.term.judge else {
            return Err(RenderError::NotGraded("no judge configured".into()));
        };
        let started = Instant::now();
        let views = self.term.renderer.render_async(&layout.scene).await;
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let verdict = match views {
            Err(e) => Err(RenderError::Render(e)),
            Ok(views) => {
                let _call = self.judge_calls.acquire().await;
                judge
                    .judge(instruction, &views, &CancellationToken::new())
                    .await
                    .map_err(RenderError::from)
            }
        };
        match &verdict {
            Ok(scores) => self.remember(layout.key, scores),
            Err(_) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
            }
        }
        let ms = started.elapsed().as_millis() as u64;
        let old = self.mean_ms.load(Ordering::Relaxed);
        let mean = if old == 0 { ms } else { (old * 7 + ms) / 8 };
        self.mean_ms.store(mean, Ordering::Relaxed);
        verdict
    }

    /// The term's state for `/health`.
    pub fn health(&self) -> serde_json::Value {
        let t = &self.term;
        serde_json::json!({
            "judge": if t.judge.is_some() { serde_json::Value::from(t.judge_name.clone()) } else { serde_json::Value::Null },
            "queue": { "capacity": t.queue, "in_use": t.queue.max(1) - self.queue.available_permits() },
            "judge_concurrency": t.judge_concurrency,
            "budget_s": t.budget.as_secs_f64(),
            "rendered": self.rendered.load(Ordering::Relaxed),
            "failed": self.failed.load(Ordering::Relaxed),
            "cache_hits": self.cache_hits.load(Ordering::Relaxed),
            "cached": self.cache.lock().map_or(0, |c| c.grades.len()),
            "rejected_batches": self.rejected.load(Ordering::Relaxed),
        })
    }
}
