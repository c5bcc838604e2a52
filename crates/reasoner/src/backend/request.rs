//! What a backend is asked: [`StageRequest`], the stage's input data plus, for a repair, the
//! previous answer and the exact problems found in it.

use std::collections::BTreeMap;

use relayout_core::relation::Relation;
use relayout_core::scene::Scene;
use serde::{Deserialize, Serialize};

use crate::answer::{Decomposition, MapPose, UnitPlan};
use crate::conflict::Conflict;
use crate::stage::StageKey;

/// A unit's joint box in its anchor's frame, as its local map makes it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitExtent {
    /// The unit.
    pub id: String,
    /// Its anchor.
    pub anchor: String,
    /// Centre of the box in the anchor's frame, metres.
    pub offset: [f64; 2],
    /// Width (anchor's X) and depth (anchor's Y) of the box, metres.
    pub size: [f64; 2],
}

/// The data one stage works from. `scene` is the input scene (room and objects).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "stage", rename_all = "snake_case", deny_unknown_fields)]
pub enum StageInput {
    /// Stage 1.
    Decompose {
        /// The room and the objects.
        scene: Scene,
    },
    /// Stage 2, one unit.
    UnitRelations {
        /// The room and the objects.
        scene: Scene,
        /// The unit.
        unit: UnitPlan,
    },
    /// Stage 3.
    GlobalRelations {
        /// The room and the objects.
        scene: Scene,
        /// Stage 1's answer.
        decomposition: Decomposition,
        /// Stage 2's answers, by unit id (not in the prompt; empty when read back from one).
        #[serde(default)]
        unit_relations: BTreeMap<String, Vec<Relation>>,
    },
    /// Stage 4, one unit's local map.
    ImagineUnit {
        /// The room and the objects.
        scene: Scene,
        /// The unit.
        unit: UnitPlan,
        /// Its relations.
        relations: Vec<Relation>,
    },
    /// Stage 4, the global map.
    ImagineGlobal {
        /// The room and the objects.
        scene: Scene,
        /// Stage 1's answer.
        decomposition: Decomposition,
        /// Stage 3's answer.
        relations: Vec<Relation>,
        /// Each unit's joint box, from its local map.
        extents: Vec<UnitExtent>,
        /// Each unit's local map (anchor frame).
        local_maps: BTreeMap<String, Vec<MapPose>>,
    },
    /// Stage 4, revising one unit.
    ReviseUnit {
        /// The room and the objects.
        scene: Scene,
        /// The unit.
        unit: UnitPlan,
        /// Its current relations.
        relations: Vec<Relation>,
        /// Its current local map.
        map: Vec<MapPose>,
        /// The conflicts inside it.
        conflicts: Vec<Conflict>,
    },
    /// Stage 4, revising the global relations and map.
    ReviseGlobal {
        /// The room and the objects.
        scene: Scene,
        /// Stage 1's answer.
        decomposition: Decomposition,
        /// The current global relations.
        relations: Vec<Relation>,
        /// The current global map.
        map: Vec<MapPose>,
        /// Each unit's joint box.
        extents: Vec<UnitExtent>,
        /// Each unit's local map (anchor frame).
        local_maps: BTreeMap<String, Vec<MapPose>>,
        /// The conflicts between units, with the room and with doors.
        conflicts: Vec<Conflict>,
        /// The design rules the imagined layout breaks, one line each (mended where the
        /// conflicts allow; they do not start a revision of their own).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        design_feedback: Vec<String>,
    },
}

impl StageInput {
    /// The input scene.
    pub fn scene(&self) -> &Scene {
        match self {
            StageInput::Decompose { scene }
            | StageInput::UnitRelations { scene, .. }
            | StageInput::GlobalRelations { scene, .. }
            | StageInput::ImagineUnit { scene, .. }
            | StageInput::ImagineGlobal { scene, .. }
            | StageInput::ReviseUnit { scene, .. }
            | StageInput::ReviseGlobal { scene, .. } => scene,
        }
    }
}

impl StageInput {
    /// A generous bound on the answer's length in tokens: about 30 tokens a pose, 120 for the
    /// relations of each thing placed, 30 per object in a decomposition. A small model that
    /// loops (a relations array that never closes) is stopped there, not at the end of the
    /// server's context minutes later.
    pub fn answer_budget(&self) -> u32 {
        let n = |k: usize| u32::try_from(k).unwrap_or(u32::MAX / 256);
        let top = |d: &crate::answer::Decomposition| n(d.units.len() + d.independent.len());
        let budget = match self {
            StageInput::Decompose { scene } => 96 + 30 * n(scene.objects.len()),
            StageInput::UnitRelations { unit, .. } => 128 + 120 * n(unit.members.len() + 1),
            StageInput::GlobalRelations { decomposition, .. } => 128 + 120 * top(decomposition),
            StageInput::ImagineUnit { unit, .. } => 64 + 48 * n(unit.members.len() + 1),
            StageInput::ImagineGlobal { decomposition, .. } => 64 + 48 * top(decomposition),
            StageInput::ReviseUnit { unit, .. } => 192 + 168 * n(unit.members.len() + 1),
            StageInput::ReviseGlobal { decomposition, .. } => 192 + 168 * top(decomposition),
        };
        budget.min(8192)
    }
}

/// The previous answer and what was wrong with it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RepairContext {
    /// The previous answer's text, as the model wrote it.
    pub previous_answer: String,
    /// Each problem, one precise line.
    pub errors: Vec<String>,
}

/// One request to a backend.
#[derive(Clone, Debug, PartialEq)]
pub struct StageRequest {
    /// Stage, unit, iteration and attempt.
    pub key: StageKey,
    /// The stage's data.
    pub input: StageInput,
    /// Name of the answer's JSON Schema (`decomposition`, `local_map`, …).
    pub schema_name: &'static str,
    /// The answer's JSON Schema as sent to the server: narrowed to this input (ids, walls and
    /// corners listed) so that a server enforcing it cannot invent one.
    pub schema: serde_json::Value,
    /// The answer type's own schema, which the answer is parsed against (slips the narrowed
    /// schema forbids are salvaged, not refused).
    pub parse_schema: serde_json::Value,
    /// Set on repair attempts.
    pub repair: Option<RepairContext>,
}
