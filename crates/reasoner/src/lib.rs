//! relayout's reasoner: the R³L pipeline's language-model side.
//!
//! The language-model client itself is `relayout-llm` ([`relayout_llm::LlmClient`]).
//!
//! - The pipeline of DESIGN §7, stages 1 to 5 ([`pipeline::generate`]): decomposition into
//!   units, relations inside units (concurrently) and between them, imagine-and-revise on
//!   cognitive maps, solve and evaluate; behind one [`Backend`] trait with three backends
//!   (`openai`, `offline`, `replay`), and a versioned [`Trace`] of every run.
#![warn(missing_docs)]

pub mod answer;
pub mod backend;
pub mod check;
pub mod cognitive_map;
pub mod conflict;
pub mod instruction;
pub mod offline;
pub mod pipeline;
pub mod prompt;
pub mod salvage;
pub mod stage;
pub mod timeline;
pub mod trace;

pub use backend::{Backend, BackendError, OpenAiBackend, ReplayBackend};
pub use offline::OfflineBackend;
pub use pipeline::{Generated, PipelineConfig, PipelineError, Run, generate};
pub use stage::{StageKey, StageKind};
pub use trace::{TRACE_VERSION, Trace};
