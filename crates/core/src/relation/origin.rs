//! Where a relation came from (DESIGN §4): the designer's own, one read from the typed
//! instruction (with the phrase it came from), or the planner's (offline planner or LLM).
//!
//! In the document each relation may carry `"origin"` and, for an instruction's, `"phrase"`;
//! absent means the designer's. `generate` keeps the designer's and the instruction's relations
//! and redoes only the planner's; the solver weighs the kept ones as hard constraints.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a relation came from.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Origin {
    /// Written by the designer (in the editor or the file). The default.
    #[default]
    Designer,
    /// Read from the typed instruction.
    Instruction {
        /// The words of the instruction it was read from.
        phrase: String,
    },
    /// Chosen by the planner (the offline planner or a language model).
    Planner,
}

/// The `origin` field's values.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OriginKind {
    /// The designer's.
    Designer,
    /// Read from the instruction (`phrase` says from which words).
    Instruction,
    /// The planner's.
    Planner,
}

impl Origin {
    /// The kind, as the document spells it.
    pub fn kind(&self) -> OriginKind {
        match self {
            Origin::Designer => OriginKind::Designer,
            Origin::Instruction { .. } => OriginKind::Instruction,
            Origin::Planner => OriginKind::Planner,
        }
    }

    /// The instruction's words, for relations read from it.
    pub fn phrase(&self) -> Option<&str> {
        match self {
            Origin::Instruction { phrase } => Some(phrase),
            _ => None,
        }
    }

    /// Whether the relation is the designer's will (their own or read from their instruction):
    /// kept by `generate` and weighed as a hard constraint.
    pub fn is_designers(&self) -> bool {
        !matches!(self, Origin::Planner)
    }

    /// The origin in words, for panels and messages.
    pub fn words(&self) -> String {
        match self {
            Origin::Designer => "the designer's".to_owned(),
            Origin::Instruction { phrase } => {
                format!("from the instruction: \u{201c}{phrase}\u{201d}")
            }
            Origin::Planner => "the planner's".to_owned(),
        }
    }
}
