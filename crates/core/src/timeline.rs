//! A run as a sequence of steps to step through (the editor's revision timeline). The R³L
//! pipeline makes one from a trace (input, decomposition, relations, each imagine-and-revise
//! iteration, the solver's stages, the result), the rewards crate one from a refinement
//! trajectory (one step per turn). Each step carries the poses to show and the objects to flag.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::scene::Pose;

/// What a step is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The scene as given.
    Input,
    /// Stage 1: units and anchors.
    Decomposition,
    /// Stage 2: relations inside the units.
    UnitRelations,
    /// Stage 3: relations between units.
    GlobalRelations,
    /// Stage 4: one imagine-and-revise iteration (its maps).
    Imagine,
    /// Stage 5: the end of one solver stage.
    Solver,
    /// The laid-out scene.
    Result,
    /// One refinement turn (MetaSpatial).
    RefineTurn,
}

/// One step of the timeline.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Step {
    /// What it is.
    pub kind: StepKind,
    /// A short title, e.g. "imagine 2: 3 conflicts".
    pub label: String,
    /// The poses to show in 3D at this step (`None`: the step has none; the view keeps the
    /// previous step's).
    pub poses: Option<BTreeMap<String, Pose>>,
    /// Objects to flag (in a conflict, colliding, out of the room).
    pub flagged: Vec<String>,
    /// The map iteration (index into the trace's `iterations`) for the maps view.
    pub iteration: Option<usize>,
    /// Lines of detail: conflicts, revisions, relations, rewards.
    pub details: Vec<String>,
}
