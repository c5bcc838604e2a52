//! Reading a run file: an R³L trace or a refinement trajectory, told apart by their version
//! fields; anything else, or another version, is refused with a message saying what it is.

use std::path::Path;

use layout_core::scene::Scene;
use reasoner::TRACE_VERSION;
use reasoner::timeline::{Step, trace_steps};
use reasoner::trace::{Trace, parse_trace};
use relayout_rewards::refine::{TRAJECTORY_SCHEMA, Trajectory, timeline_steps};

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
pub fn load_run(path: &Path) -> Result<(RunSource, Vec<Step>, Scene), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_run(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// [`load_run`] on a text.
pub fn parse_run(text: &str) -> Result<(RunSource, Vec<Step>, Scene), String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if value.get("version").is_some() {
        let trace = parse_trace(text).map_err(|e| e.to_string())?;
        let steps = trace_steps(&trace);
        let scene = trace.output.clone().unwrap_or_else(|| trace.input.clone());
        return Ok((RunSource::Trace(Box::new(trace)), steps, scene));
    }
    match value.get("schema").and_then(|s| s.as_str()) {
        Some(TRAJECTORY_SCHEMA) => {
            let t: Trajectory = serde_path_to_error::deserialize(value)
                .map_err(|e| format!("not a valid {TRAJECTORY_SCHEMA} trajectory: {e}"))?;
            let issues = layout_core::scene::validate::validate(&t.scene);
            if !issues.is_empty() {
                return Err(format!(
                    "the trajectory's scene is not valid: {}",
                    issues
                        .iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
            let steps = timeline_steps(&t);
            let mut scene = t.scene.clone();
            if let Some(p) = t.best().and_then(|b| b.poses.clone()) {
                scene.poses = p;
            }
            Ok((RunSource::Trajectory(Box::new(t)), steps, scene))
        }
        Some(other) => Err(format!(
            "a \"{other}\" document, not a run: the editor opens traces ({TRACE_VERSION}, from \
             `relayout generate --trace`) and trajectories ({TRAJECTORY_SCHEMA}, from `relayout refine -o`)"
        )),
        None => Err(format!(
            "not a run: no \"version\" ({TRACE_VERSION}) or \"schema\" ({TRAJECTORY_SCHEMA}) field"
        )),
    }
}
