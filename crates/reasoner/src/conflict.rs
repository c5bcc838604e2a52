//! Conflicts found on instantiated cognitive maps (DESIGN §7, stage 4): axis-aligned overlaps of
//! more than 1 cm, boxes out of the room or above the ceiling, floor objects in a door's swing.
//!
//! Each conflict has a scope: a conflict between two objects of the same unit is the unit's (and
//! revises that unit); everything else is global (and revises the global relations and map).

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of conflict.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Two boxes overlap by more than 1 cm in plan and in height.
    Overlap,
    /// A box reaches more than 1 cm outside the room.
    OutOfRoom,
    /// A box reaches above the ceiling.
    AboveCeiling,
    /// A floor object stands in a door's swing.
    DoorSwing,
}

/// One conflict, with a sentence for a revision prompt.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The kind.
    pub kind: ConflictKind,
    /// The unit whose local map holds it; `None` for a conflict between units or with the room.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The objects involved (one or two).
    pub objects: Vec<String>,
    /// How deep, metres (the overlap's smaller side, or the distance outside).
    pub depth_m: f64,
    /// The conflict in words, e.g. "nightstand-0 and bed-0 overlap by 12 cm".
    pub message: String,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
