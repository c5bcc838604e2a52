//! Why a run stopped.

use crate::stage::StageKey;

/// A failed run. The trace keeps everything done before the failure.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PipelineError {
    /// The input scene breaks the document's rules.
    #[error("the input scene is invalid:\n{}", .0.join("\n"))]
    Input(Vec<String>),
    /// A request had no usable answer: a refusal, a transport failure, a replay miss.
    #[error("{key}: {message}")]
    Backend {
        /// The request.
        key: StageKey,
        /// Why.
        message: String,
    },
    /// The answers still had problems after every repair allowed.
    #[error("{key}: the answer still had problems after {repairs} repair(s):\n{}", errors.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Unrepaired {
        /// The last request.
        key: StageKey,
        /// Repairs tried.
        repairs: usize,
        /// The last answer's problems.
        errors: Vec<String>,
    },
    /// The solver refused the assembled scene.
    #[error("solve: {0}")]
    Solve(String),
    /// The metrics could not be computed.
    #[error("evaluate: {0}")]
    Evaluate(String),
}
