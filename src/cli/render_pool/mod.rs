//! A pool of warm render workers: long-lived `relayout render-worker` processes, each a Bevy
//! headless renderer kept running, that render layout after layout without starting again.
//!
//! Workers start when jobs need them, up to the pool's size. A worker that crashes or stops
//! answering within the job's time limit is killed and replaced, and its job tried once more on
//! a fresh one; a layout the renderer itself refuses is not retried. Used by `refine`,
//! `rollout`, `render` of several scenes, and the reward server.

pub mod child;
mod process;
pub mod protocol;
pub mod worker;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use relayout_core::scene::Scene;
use relayout_rewards::judge::View;
use relayout_rewards::refine::{Renderer, ViewsError};

pub use process::WorkerCommand;
use process::{JobFailure, WorkerProcess};
use protocol::{Job, VIEWS};

use super::CliError;

/// Tries of one job: the first, and one more on a fresh worker.
const TRIES: usize = 2;

/// Workers in a row that die before they are up, after which the pool stops starting them for
/// [`BACK_OFF`] (a renderer that cannot start — no GPU driver, say — fails every layout at once
/// instead of starting two doomed processes per layout).
const DEAD_STARTS: u32 = 2;
const BACK_OFF: Duration = Duration::from_secs(30);

/// How big the pool is and how long a job may take.
#[derive(Clone, Debug)]
pub struct PoolOptions {
    /// Workers at most.
    pub workers: usize,
    /// Side of each view, pixels.
    pub size: u32,
    /// Longest a worker may take over one layout, its start-up included, before it is
    /// replaced.
    pub job_timeout: Duration,
}

impl PoolOptions {
    /// A pool sized to this machine: one worker per two cores (each render keeps more than one
    /// busy: Mesa's software rasteriser draws on several threads), between 1 and 4.
    pub fn for_this_machine(size: u32) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        PoolOptions {
            workers: (cores / 2).clamp(1, 4),
            size,
            job_timeout: Duration::from_secs(120),
        }
    }
}

/// Counters of a pool's life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// Workers started (restarts included).
    pub started: u64,
    /// Workers replaced after they crashed or hung.
    pub replaced: u64,
    /// Layouts rendered.
    pub rendered: u64,
}

/// The pool (cheap to clone: clones share the workers).
#[derive(Clone)]
pub struct RenderPool {
    inner: Arc<Inner>,
}

struct Inner {
    command: WorkerCommand,
    opts: PoolOptions,
    dir: PathBuf,
    state: Mutex<State>,
    freed: Condvar,
    next_job: AtomicU64,
    started: AtomicU64,
    replaced: AtomicU64,
    rendered: AtomicU64,
    dead_starts: Mutex<DeadStarts>,
}

/// Workers that died before they were up, in a row.
#[derive(Default)]
struct DeadStarts {
    count: u32,
    last: Option<std::time::Instant>,
    why: String,
}

#[derive(Default)]
struct State {
    idle: Vec<WorkerProcess>,
    /// Workers alive: idle, or busy with a job.
    alive: usize,
}

impl RenderPool {
    /// A pool of this executable's `render-worker`s.
    pub fn new(opts: PoolOptions) -> Result<Self, CliError> {
        let exe = std::env::current_exe()
            .map_err(|e| CliError::Failure(format!("cannot find this executable: {e}")))?;
        Self::with_command(
            WorkerCommand {
                exe,
                args: vec!["render-worker".into()],
            },
            opts,
        )
    }

    /// A pool of workers started by `command` (tests give a stand-in).
    pub fn with_command(command: WorkerCommand, opts: PoolOptions) -> Result<Self, CliError> {
        static POOLS: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "relayout-render-{}-{}",
            std::process::id(),
            POOLS.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError::Failure(format!("{}: {e}", dir.display())))?;
        let opts = PoolOptions {
            workers: opts.workers.max(1),
            ..opts
        };
        Ok(RenderPool {
            inner: Arc::new(Inner {
                command,
                opts,
                dir,
                state: Mutex::new(State::default()),
                freed: Condvar::new(),
                next_job: AtomicU64::new(1),
                started: AtomicU64::new(0),
                replaced: AtomicU64::new(0),
                rendered: AtomicU64::new(0),
                dead_starts: Mutex::new(DeadStarts::default()),
            }),
        })
    }

    /// Workers at most.
    pub fn workers(&self) -> usize {
        self.inner.opts.workers
    }

    /// The pool's counters.
    pub fn stats(&self) -> PoolStats {
        let i = &self.inner;
        PoolStats {
            started: i.started.load(Ordering::Relaxed),
            replaced: i.replaced.load(Ordering::Relaxed),
            rendered: i.rendered.load(Ordering::Relaxed),
        }
    }
}

impl Inner {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// An idle worker, a new one while the pool has room, or the next to come free.
    fn acquire(&self) -> Result<WorkerProcess, ViewsError> {
        let mut st = self.state();
        loop {
            if let Some(w) = st.idle.pop() {
                return Ok(w);
            }
            if st.alive < self.opts.workers {
                st.alive += 1;
                drop(st);
                return match WorkerProcess::spawn(&self.command) {
                    Ok(w) => {
                        self.started.fetch_add(1, Ordering::Relaxed);
                        Ok(w)
                    }
                    Err(e) => {
                        self.state().alive -= 1;
                        self.freed.notify_one();
                        Err(ViewsError::Start(e))
                    }
                };
            }
            st = self.freed.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn release(&self, w: WorkerProcess) {
        self.state().idle.push(w);
        self.freed.notify_one();
    }

    fn discard(&self, mut w: WorkerProcess) {
        w.kill();
        drop(w);
        self.state().alive -= 1;
        self.replaced.fetch_add(1, Ordering::Relaxed);
        self.freed.notify_one();
    }

    /// Notes whether a worker that is going away had started.
    fn note_start(&self, w: &WorkerProcess, why: &str) {
        let mut d = self.dead_starts.lock().unwrap_or_else(|p| p.into_inner());
        if w.started() {
            *d = DeadStarts::default();
        } else {
            d.count += 1;
            d.last = Some(std::time::Instant::now());
            d.why = why.to_string();
        }
    }

    /// Why no worker is started now, when the last ones died starting.
    fn backing_off(&self) -> Option<ViewsError> {
        let d = self.dead_starts.lock().unwrap_or_else(|p| p.into_inner());
        let recent = d.last.is_some_and(|t| t.elapsed() < BACK_OFF);
        (d.count >= DEAD_STARTS && recent).then(|| {
            ViewsError::Start(std::io::Error::other(format!(
                "{} render workers in a row {}; none is started for {} s",
                d.count,
                d.why,
                BACK_OFF.as_secs()
            )))
        })
    }

    fn render(&self, scene: &Scene) -> Result<Vec<View>, ViewsError> {
        if let Some(e) = self.backing_off() {
            return Err(e);
        }
        let id = self.next_job.fetch_add(1, Ordering::Relaxed);
        let out = self.dir.join(format!("views-{id}"));
        let job = Job {
            id,
            scene: serde_json::to_value(scene)?,
            out: out.clone(),
            size: self.opts.size,
        };
        let mut lost = String::new();
        for _ in 0..TRIES {
            let mut w = self.acquire()?;
            match w.run(&job, self.opts.job_timeout) {
                Ok(()) => {
                    self.note_start(&w, "");
                    self.release(w);
                    self.rendered.fetch_add(1, Ordering::Relaxed);
                    return read_views(&out);
                }
                Err(JobFailure::Refused(message)) => {
                    self.release(w);
                    let _ = std::fs::remove_dir_all(&out);
                    return Err(ViewsError::Failed {
                        status: "render worker".into(),
                        message,
                    });
                }
                Err(JobFailure::Lost(why)) => {
                    self.note_start(&w, &why);
                    self.discard(w);
                    lost = why;
                }
            }
        }
        let _ = std::fs::remove_dir_all(&out);
        Err(ViewsError::Lost {
            tries: TRIES,
            reason: lost,
        })
    }
}

/// Reads the views a worker wrote, and removes them.
pub(super) fn read_views(out: &std::path::Path) -> Result<Vec<View>, ViewsError> {
    let views = VIEWS
        .iter()
        .map(|name| {
            let path = out.join(format!("{name}.png"));
            std::fs::read(&path)
                .map(|png| View {
                    name: name.to_string(),
                    png,
                })
                .map_err(|source| ViewsError::MissingView {
                    path: path.clone(),
                    source,
                })
        })
        .collect();
    let _ = std::fs::remove_dir_all(out);
    views
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Idle workers are killed with their handles; busy ones cannot outlive the pool.
        self.state().idle.clear();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Renderer for RenderPool {
    fn render(&self, scene: &Scene) -> Result<Vec<View>, ViewsError> {
        self.inner.render(scene)
    }

    fn render_async<'a>(
        &'a self,
        scene: &'a Scene,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Vec<View>, ViewsError>> + Send + 'a>,
    > {
        let inner = self.inner.clone();
        let scene = scene.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || inner.render(&scene))
                .await
                .unwrap_or_else(|e| {
                    Err(ViewsError::Failed {
                        status: "render pool".into(),
                        message: e.to_string(),
                    })
                })
        })
    }
}

#[cfg(test)]
mod tests;
