//! Watching and stopping a solve from another thread: how far it is, and a flag that ends it
//! at the next stage boundary (a stage is at most a few hundred iterations).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Shared between a solve and whoever waits for it; clones see the same solve.
#[derive(Clone, Debug, Default)]
pub struct SolveControl {
    inner: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    cancelled: AtomicBool,
    starts: AtomicUsize,
    start: AtomicUsize,
    stages_per_start: AtomicUsize,
    stage: AtomicUsize,
}

/// How far a solve is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SolveProgress {
    /// The start running (from 0).
    pub start: usize,
    /// Starts planned (the solve stops early at a perfect one).
    pub starts: usize,
    /// Share of the planned work done, 0 to 1.
    pub fraction: f32,
}

impl SolveControl {
    /// A control for one solve.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the solve to stop; it returns [`super::SolveError::Cancelled`] at the next stage.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Self::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::Relaxed)
    }

    /// How far the solve is (all zero before it begins).
    pub fn progress(&self) -> SolveProgress {
        let s = &self.inner;
        let starts = s.starts.load(Ordering::Relaxed);
        let start = s.start.load(Ordering::Relaxed);
        let per = s.stages_per_start.load(Ordering::Relaxed).max(1);
        let stage = s.stage.load(Ordering::Relaxed).min(per);
        let fraction = if starts == 0 {
            0.0
        } else {
            ((start * per + stage) as f32 / (starts * per) as f32).min(1.0)
        };
        SolveProgress {
            start,
            starts,
            fraction,
        }
    }

    pub(super) fn begin(&self, starts: usize, stages_per_start: usize) {
        let s = &self.inner;
        s.starts.store(starts, Ordering::Relaxed);
        s.stages_per_start
            .store(stages_per_start, Ordering::Relaxed);
        s.start.store(0, Ordering::Relaxed);
        s.stage.store(0, Ordering::Relaxed);
    }

    pub(super) fn at_start(&self, start: usize) {
        self.inner.start.store(start, Ordering::Relaxed);
        self.inner.stage.store(0, Ordering::Relaxed);
    }

    pub(super) fn stage_done(&self) {
        self.inner.stage.fetch_add(1, Ordering::Relaxed);
    }

    /// Everything done (a perfect start ends the solve early).
    pub(super) fn finish(&self) {
        let s = &self.inner;
        s.start
            .store(s.starts.load(Ordering::Relaxed), Ordering::Relaxed);
        s.stage.store(0, Ordering::Relaxed);
    }
}
