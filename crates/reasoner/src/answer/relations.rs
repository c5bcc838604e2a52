//! Stages 2 and 3's answer: a list of relations (DESIGN §4).

use relayout_core::relation::Relation;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Relations, in the scene document's form.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RelationsAnswer {
    /// The relations.
    pub relations: Vec<Relation>,
}
