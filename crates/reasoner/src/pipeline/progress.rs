//! Progress reports, for a display (the command line's progress bar, the editor's indicator).

use std::collections::BTreeMap;

use relayout_core::scene::Pose;

use crate::stage::StageKey;

/// One thing that happened.
#[derive(Clone, Debug, PartialEq)]
pub enum ProgressEvent {
    /// A step began; `requests` is how many backend requests it makes at first.
    StepStarted {
        /// `decompose`, `unit_relations`, …, `solve`, `evaluate`.
        step: String,
        /// Requests it starts with.
        requests: usize,
    },
    /// A backend request finished.
    RequestDone {
        /// Which.
        key: StageKey,
        /// Whether its answer was accepted.
        accepted: bool,
    },
    /// A streamed answer's progress.
    Tokens {
        /// Which request.
        key: StageKey,
        /// Tokens so far.
        tokens: u32,
        /// Tokens per second so far.
        per_second: f64,
    },
    /// A stage took the offline planner's answer.
    Fallback {
        /// Which request.
        key: StageKey,
        /// Why.
        reason: String,
    },
    /// A layout to show while the run goes on: each imagine-and-revise iteration's
    /// instantiated maps, then the solved poses.
    Layout {
        /// `imagine 1`, …, `solve`.
        step: String,
        /// Poses by object id.
        poses: BTreeMap<String, Pose>,
    },
    /// A step ended.
    StepFinished {
        /// Which.
        step: String,
        /// Wall time, milliseconds.
        ms: f64,
    },
}

/// Receives progress events. Called from the pipeline's task; keep it quick.
pub trait Progress: Send + Sync {
    /// One event.
    fn event(&self, event: &ProgressEvent);
}

/// Ignores every event.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn event(&self, _: &ProgressEvent) {}
}
