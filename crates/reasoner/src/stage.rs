//! The stages of the R³L pipeline (DESIGN §7) and the key that names one request to a backend.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One kind of request the pipeline makes.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    /// Stage 1: group the objects into units with anchors.
    Decompose,
    /// Stage 2: relations inside one unit, in its anchor's frame (one request per unit).
    UnitRelations,
    /// Stage 3: relations between units and independent objects, in the room frame.
    GlobalRelations,
    /// Stage 4a: one unit's local cognitive map (members' poses in the anchor's frame).
    ImagineUnit,
    /// Stage 4b: the global cognitive map (units' and independent objects' poses in the room).
    ImagineGlobal,
    /// Stage 4c: revise one unit's relations and local map after conflicts inside it.
    ReviseUnit,
    /// Stage 4d: revise the global relations and map after conflicts between units.
    ReviseGlobal,
}

impl StageKind {
    /// Every stage, in pipeline order.
    pub const ALL: [StageKind; 7] = [
        StageKind::Decompose,
        StageKind::UnitRelations,
        StageKind::GlobalRelations,
        StageKind::ImagineUnit,
        StageKind::ImagineGlobal,
        StageKind::ReviseUnit,
        StageKind::ReviseGlobal,
    ];

    /// The snake_case name used in traces, prompts and schema names.
    pub fn name(self) -> &'static str {
        match self {
            StageKind::Decompose => "decompose",
            StageKind::UnitRelations => "unit_relations",
            StageKind::GlobalRelations => "global_relations",
            StageKind::ImagineUnit => "imagine_unit",
            StageKind::ImagineGlobal => "imagine_global",
            StageKind::ReviseUnit => "revise_unit",
            StageKind::ReviseGlobal => "revise_global",
        }
    }
}

impl fmt::Display for StageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Names one request: which stage, for which unit, in which imagine-and-revise iteration, and
/// which attempt (0 = first answer, 1.. = repairs). The replay backend matches on it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct StageKey {
    /// The stage.
    pub stage: StageKind,
    /// The unit, for per-unit stages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Imagine-and-revise iteration (0 outside stage 4).
    #[serde(default)]
    pub iteration: usize,
    /// 0 for the first answer, then one more per repair.
    #[serde(default)]
    pub attempt: usize,
}

impl fmt::Display for StageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.stage)?;
        if let Some(u) = &self.unit {
            write!(f, " (unit \"{u}\")")?;
        }
        if matches!(self.stage, StageKind::ReviseUnit | StageKind::ReviseGlobal) {
            write!(f, ", iteration {}", self.iteration)?;
        }
        if self.attempt > 0 {
            write!(f, ", repair {}", self.attempt)?;
        }
        Ok(())
    }
}
