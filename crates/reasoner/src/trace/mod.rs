//! The run's trace (`relayout.trace/1`): one versioned JSON file per run holding every request
//! and response, the parsed units and relations, the cognitive maps of every iteration with
//! their conflicts and revisions, the solver history, the metrics, token counts and timings.
//!
//! API keys are never written: requests are recorded as messages (the key only ever travels in
//! an HTTP header), and [`Secret`](relayout_llm::Secret) cannot be serialised at all. Parsing is strict:
//! unknown fields are errors and a trace of another version is refused with a clear message.

mod file;
mod summary;

use std::collections::BTreeMap;

use relayout_core::metrics::Metrics;
use relayout_core::relation::Relation;
use relayout_core::scene::{Pose, Scene};
use relayout_core::solver::IterationRecord;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use file::{TraceError, parse_trace, read_trace, write_trace};
pub use summary::summary;

use crate::answer::{Decomposition, MapPose};
use crate::backend::{BackendInfo, CallRecord};
use crate::conflict::Conflict;
use crate::stage::StageKey;
use relayout_llm::usage::Usage;

/// The `version` of traces this build writes and reads.
pub const TRACE_VERSION: &str = "relayout.trace/1";

/// One run.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    /// Always [`TRACE_VERSION`].
    pub version: String,
    /// Who answered.
    pub backend: BackendInfo,
    /// When the run started, seconds since the Unix epoch.
    pub started_unix_s: u64,
    /// The pipeline's settings.
    pub settings: Settings,
    /// The input scene (room, objects, instruction).
    pub input: Scene,
    /// Every request and its outcome, in the order they completed.
    pub exchanges: Vec<Exchange>,
    /// Stage 1's accepted answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decomposition: Option<Decomposition>,
    /// Stage 2's accepted answers, by unit (revisions replace them in `iterations`).
    #[serde(default)]
    pub unit_relations: BTreeMap<String, Vec<Relation>>,
    /// Stage 3's accepted answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_relations: Option<Vec<Relation>>,
    /// Each imagine-and-revise iteration.
    #[serde(default)]
    pub iterations: Vec<MapIteration>,
    /// The solve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solver: Option<SolverRecord>,
    /// The final layout's metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    /// The final layout's design rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design: Option<relayout_core::rules::DesignReport>,
    /// The output scene (units, relations and poses filled in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Scene>,
    /// Tokens over all exchanges.
    pub usage: Usage,
    /// Wall time of each step, in order.
    pub timings: Vec<Timing>,
    /// Why the run stopped early, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What the instruction reader understood, and what not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<crate::instruction::Reading>,
    /// What the run kept of the input scene and what it set aside, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Stages that took the offline planner's answer, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallbacks: Vec<FallbackRecord>,
}

/// The pipeline settings a run used.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Repair prompts allowed per request.
    pub max_repairs: usize,
    /// Imagine-and-revise iterations allowed.
    pub revise_budget: usize,
    /// Solver seed.
    pub seed: u64,
    /// Solver starts.
    pub starts: usize,
    /// Unusable answers failed the run instead of falling back to the planner.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
}

/// Where an accepted answer came from.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AnswerSource {
    /// The backend's answer (perhaps salvaged: see [`Exchange::salvaged`]).
    #[default]
    Model,
    /// The offline planner's answer for the same input, after the backend's stayed unusable.
    Fallback,
}

impl AnswerSource {
    fn is_model(&self) -> bool {
        *self == AnswerSource::Model
    }
}

/// A stage that took the planner's answer, and why.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FallbackRecord {
    /// The request.
    pub key: StageKey,
    /// Why the backend's answer was not used.
    pub reason: String,
}

/// How many accepted answers came from the model as written, from the model after salvage,
/// and from the fallback.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SourceCounts {
    /// Accepted as the model wrote them.
    pub model: usize,
    /// Accepted after deterministic fixes.
    pub salvaged: usize,
    /// The planner's, after the model's stayed unusable.
    pub fallback: usize,
}

/// One request and what came of it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// Stage, unit, iteration, attempt.
    pub key: StageKey,
    /// The answer's schema name.
    pub schema: String,
    /// What was sent, the cost, the time.
    pub call: CallRecord,
    /// The answer, or why there is none.
    pub outcome: Outcome,
    /// Problems the pipeline found in a parsed answer (they go into the next repair prompt).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    /// Fixes the salvage pass made to the parsed answer before the checks, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub salvaged: Vec<String>,
    /// Where the answer came from.
    #[serde(default, skip_serializing_if = "AnswerSource::is_model")]
    pub source: AnswerSource,
}

/// What a request gave.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    /// JSON came back.
    Answer {
        /// The answer's text.
        text: String,
        /// Its JSON.
        json: Value,
    },
    /// An answer came but was unusable before any checking of ours (invalid JSON, truncated,
    /// off-schema).
    Unusable {
        /// The answer's text.
        text: String,
        /// Why.
        errors: Vec<String>,
    },
    /// No answer (refusal, HTTP error, timeout, cancellation).
    Failed {
        /// Why.
        error: String,
        /// The answer's text, for a refusal.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
}

/// One imagine-and-revise iteration: the maps, their instantiation, the conflicts, and what was
/// revised because of them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MapIteration {
    /// 0, 1, …
    pub index: usize,
    /// Each unit's local map (anchor frame).
    pub local_maps: BTreeMap<String, Vec<MapPose>>,
    /// The global map (room frame).
    pub global_map: Vec<MapPose>,
    /// Every object's world pose, instantiated from the maps.
    pub world: BTreeMap<String, Pose>,
    /// The conflicts found.
    pub conflicts: Vec<Conflict>,
    /// Units whose relations and map were revised after this iteration (and `"global"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revised: Vec<String>,
    /// Revisions that failed (the previous relations and map were kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revision_errors: Vec<String>,
    /// The unit relations in force for this iteration's maps, when revised earlier.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unit_relations: BTreeMap<String, Vec<Relation>>,
    /// The global relations in force, when revised earlier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_relations: Option<Vec<Relation>>,
}

/// The solve.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SolverRecord {
    /// Wall time, milliseconds.
    pub ms: f64,
    /// Starts run.
    pub starts_run: usize,
    /// The start kept.
    pub best_start: usize,
    /// What could not be satisfied, in words.
    pub report: Vec<String>,
    /// Per-iteration loss terms (and poses every few iterations).
    pub history: Vec<IterationRecord>,
}

/// The wall time of one step.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// `decompose`, `unit_relations`, …, `solve`, `evaluate`.
    pub step: String,
    /// Milliseconds.
    pub ms: f64,
}

impl Trace {
    /// An empty trace for a run on `input`.
    pub fn new(backend: BackendInfo, settings: Settings, input: Scene) -> Self {
        Trace {
            version: TRACE_VERSION.to_owned(),
            backend,
            started_unix_s: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            settings,
            input,
            exchanges: vec![],
            decomposition: None,
            unit_relations: BTreeMap::new(),
            global_relations: None,
            iterations: vec![],
            solver: None,
            metrics: None,
            design: None,
            output: None,
            usage: Usage::default(),
            timings: vec![],
            error: None,
            reading: None,
            notes: vec![],
            fallbacks: vec![],
        }
    }

    /// Where the accepted answers came from.
    pub fn sources(&self) -> SourceCounts {
        let mut c = SourceCounts::default();
        for e in &self.exchanges {
            let accepted = matches!(e.outcome, Outcome::Answer { .. }) && e.problems.is_empty();
            match (accepted, e.source, e.salvaged.is_empty()) {
                (false, _, _) => {}
                (true, AnswerSource::Fallback, _) => c.fallback += 1,
                (true, AnswerSource::Model, true) => c.model += 1,
                (true, AnswerSource::Model, false) => c.salvaged += 1,
            }
        }
        c
    }

    /// Round trips to a server (HTTP attempts over all exchanges).
    pub fn http_attempts(&self) -> u32 {
        self.exchanges.iter().map(|e| e.call.http_attempts).sum()
    }

    /// Milliseconds of the planning stages 1–4 (decompose to revise), without the solve.
    pub fn plan_ms(&self) -> f64 {
        [
            "decompose",
            "unit_relations",
            "global_relations",
            "imagine",
            "revise",
        ]
        .iter()
        .map(|s| self.step_ms(s))
        .sum()
    }

    /// Total milliseconds of the steps whose name starts with `prefix`.
    pub fn step_ms(&self, prefix: &str) -> f64 {
        self.timings
            .iter()
            .filter(|t| t.step.starts_with(prefix))
            .map(|t| t.ms)
            .sum()
    }
}
