//! The run being looked at ([`LoadedRun`]), and reading a run file: an R³L trace or a
//! refinement trajectory, told apart by their version fields; anything else, or another
//! version, is refused with a message saying what it is. A leaf: the run view, the instruction
//! window and file opening all use it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bevy::prelude::*;

use relayout_core::scene::{Pose, Scene};
use relayout_core::timeline::Step;
use relayout_reasoner::TRACE_VERSION;
use relayout_reasoner::timeline::trace_steps;
use relayout_reasoner::trace::{Trace, TraceError, parse_trace};
use relayout_rewards::refine::{TRAJECTORY_SCHEMA, Trajectory, timeline_steps};

/// The run being looked at.
#[derive(Resource, Debug, Clone)]
pub struct LoadedRun {
    /// Where it came from.
    pub path: Option<PathBuf>,
    /// The trace or trajectory.
    pub source: RunSource,
    /// Its steps.
    pub steps: Vec<Step>,
    /// The selected step.
    pub current: usize,
    /// Playing: the step advances every `PLAY_STEP` seconds.
    pub playing: bool,
    pub(crate) since: f32,
    /// The 3D view shows the selected step's poses. Off once the document is edited (its own
    /// poses are drawn again); stepping turns it back on.
    pub showing: bool,
    /// The document revision when the step was last shown.
    pub(crate) shown_revision: Option<u64>,
}

impl LoadedRun {
    /// A run at its last step.
    pub fn new(source: RunSource, steps: Vec<Step>, path: Option<PathBuf>) -> Self {
        let current = steps.len().saturating_sub(1);
        LoadedRun {
            path,
            source,
            steps,
            current,
            playing: false,
            since: 0.0,
            showing: true,
            shown_revision: None,
        }
    }

    /// The poses shown at the selected step: the latest step up to it that has poses.
    pub fn poses_at_current(&self) -> Option<&BTreeMap<String, Pose>> {
        self.steps
            .get(..=self.current)
            .unwrap_or(&self.steps)
            .iter()
            .rev()
            .find_map(|s| s.poses.as_ref())
    }
}

/// What was opened.
#[derive(Debug, Clone)]
pub enum RunSource {
    /// An R³L run.
    Trace(Box<Trace>),
    /// A refinement run.
    Trajectory(Box<Trajectory>),
}

/// Reads a run: its source, its steps, and the scene to show (the run's result, or its input
/// when it stopped early; for a trajectory, the scene at its best turn).
pub fn load_run(path: &Path) -> Result<(RunSource, Vec<Step>, Scene), RunFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| RunFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_run(&text).map_err(|problem| RunFileError::NotARun {
        path: path.to_path_buf(),
        problem,
    })
}

/// A run file that could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum RunFileError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a run this build opens.
    #[error("{}: {problem}", path.display())]
    NotARun {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        problem: RunProblem,
    },
}

/// Why a text is not a run this build opens.
#[derive(Debug, thiserror::Error)]
pub enum RunProblem {
    /// Not JSON at all.
    #[error("not JSON: {0}")]
    NotJson(serde_json::Error),
    /// A trace that does not parse, or of another version.
    #[error(transparent)]
    Trace(#[from] TraceError),
    /// A trajectory that does not parse.
    #[error("not a valid {TRAJECTORY_SCHEMA} trajectory: {0}")]
    Trajectory(String),
    /// A trajectory whose scene breaks the document's rules.
    #[error("the trajectory's scene is not valid: {0}")]
    InvalidScene(String),
    /// Another kind of document.
    #[error(
        "a \"{0}\" document, not a run: the editor opens traces ({TRACE_VERSION}, from \
         `relayout generate --trace`) and trajectories ({TRAJECTORY_SCHEMA}, from `relayout refine -o`)"
    )]
    OtherDocument(String),
    /// No version field.
    #[error(
        "not a run: no \"version\" ({TRACE_VERSION}) or \"schema\" ({TRAJECTORY_SCHEMA}) field"
    )]
    Unversioned,
}

/// [`load_run`] on a text.
pub fn parse_run(text: &str) -> Result<(RunSource, Vec<Step>, Scene), RunProblem> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(RunProblem::NotJson)?;
    if value.get("version").is_some() {
        let trace = parse_trace(text)?;
        let steps = trace_steps(&trace);
        let scene = trace.output.clone().unwrap_or_else(|| trace.input.clone());
        return Ok((RunSource::Trace(Box::new(trace)), steps, scene));
    }
    match value.get("schema").and_then(|s| s.as_str()) {
        Some(TRAJECTORY_SCHEMA) => {
            let t: Trajectory = serde_path_to_error::deserialize(value)
                .map_err(|e| RunProblem::Trajectory(e.to_string()))?;
            let issues = relayout_core::scene::validate::validate(&t.scene);
            if !issues.is_empty() {
                return Err(RunProblem::InvalidScene(
                    issues
                        .iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                ));
            }
            let steps = timeline_steps(&t);
            let mut scene = t.scene.clone();
            if let Some(p) = t.best().and_then(|b| b.poses.clone()) {
                scene.poses = p;
            }
            Ok((RunSource::Trajectory(Box::new(t)), steps, scene))
        }
        Some(other) => Err(RunProblem::OtherDocument(other.to_string())),
        None => Err(RunProblem::Unversioned),
    }
}
