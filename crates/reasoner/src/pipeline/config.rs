//! The pipeline's settings.

use crate::trace::Settings;

/// How the pipeline runs.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineConfig {
    /// Repair prompts per request before the stage fails (default 2).
    pub max_repairs: usize,
    /// Revision rounds of the imagine-and-revise loop (default 3).
    pub revise_budget: usize,
    /// Solver seed.
    pub seed: u64,
    /// Solver starts (the first from the imagined poses).
    pub starts: usize,
    /// Record every object's pose in the solver history every this many iterations.
    pub record_poses_every: Option<usize>,
    /// Set aside everything the scene has (its units and all its relations, the designer's
    /// too), as `relayout generate --fresh` does. By default the designer's are kept.
    pub fresh: bool,
    /// Fail on a stage whose answers are still unusable after the repairs (`--strict`). By
    /// default that stage takes the offline planner's answer for the same input and the run goes
    /// on; the trace says which stages came from where.
    pub strict: bool,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            max_repairs: 2,
            revise_budget: 3,
            seed: 0,
            starts: 6,
            record_poses_every: Some(25),
            fresh: false,
            strict: false,
        }
    }
}

impl PipelineConfig {
    /// The settings as the trace records them.
    pub fn settings(&self) -> Settings {
        Settings {
            max_repairs: self.max_repairs,
            revise_budget: self.revise_budget,
            seed: self.seed,
            starts: self.starts,
            strict: self.strict,
        }
    }
}
