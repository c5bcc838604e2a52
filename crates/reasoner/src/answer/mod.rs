//! What each stage answers, as JSON with a schema (derived with schemars). Backends produce these;
//! the pipeline parses them strictly (unknown fields are errors) and then checks their meaning
//! (see [`crate::check`]).

mod decomposition;
mod decomposition_answer;
mod map;
mod relations;
pub mod scene_schema;

pub use decomposition::{Decomposition, UnitPlan};
pub use decomposition_answer::{DecompositionAnswer, INDEPENDENT, UnitAnswer, assign_schema};
pub use map::{GlobalMap, LocalMap, MapPose, Revision};
pub use relations::RelationsAnswer;

use schemars::JsonSchema;
use serde_json::Value;

/// The JSON Schema of an answer type, as sent to a server for structured output.
pub fn schema_of<T: JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Value::Bool(true))
}
