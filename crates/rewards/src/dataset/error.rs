//! Why a dataset could not be built, located in the input file.

use std::fmt;

/// Why [`build_dataset`](super::build_dataset) refused its input. Each variant names the place:
/// a line and column for text that is not JSON, a path such as `[17].size.x` for a bad item.
#[derive(Debug, Clone, PartialEq)]
pub enum DatasetError {
    /// The text is not JSON.
    NotJson {
        /// Line of the error (1-based), as serde_json reports it.
        line: usize,
        /// Column of the error (1-based), as serde_json reports it.
        column: usize,
        /// What serde_json said, without its trailing position.
        message: String,
    },
    /// The JSON is not a list of room descriptions.
    NotAList {
        /// What was found instead, e.g. `an object`.
        found: &'static str,
    },
    /// One item is malformed or describes a room that cannot be laid out.
    Item {
        /// Where, e.g. `[17].size.x`.
        path: String,
        /// What is wrong, e.g. `must be a positive number of metres, got -2`.
        message: String,
    },
    /// `count` asks for more items than the file holds.
    Count {
        /// Items asked for.
        requested: usize,
        /// Items in the file.
        available: usize,
    },
    /// An option cannot be honoured, e.g. `max_objects` = 0.
    Options {
        /// What is wrong.
        message: String,
    },
    /// A built scene broke relayout-core's validation: a bug in the builder, reported rather than
    /// shipped.
    InvalidScene {
        /// The item's index in the file.
        index: usize,
        /// relayout-core's issues, one per line.
        issues: String,
    },
}

impl DatasetError {
    pub(super) fn item(path: impl Into<String>, message: impl Into<String>) -> Self {
        DatasetError::Item {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatasetError::NotJson {
                line,
                column,
                message,
            } => write!(
                f,
                "room descriptions are not JSON: {message} (line {line}, column {column})"
            ),
            DatasetError::NotAList { found } => write!(
                f,
                "room descriptions must be a JSON list of {{\"description\", \"size\"}} items, found {found}"
            ),
            DatasetError::Item { path, message } => write!(f, "{path}: {message}"),
            DatasetError::Count {
                requested,
                available,
            } => write!(
                f,
                "count: asked for {requested} prompts but the file holds only {available} room descriptions"
            ),
            DatasetError::Options { message } => write!(f, "options: {message}"),
            DatasetError::InvalidScene { index, issues } => write!(
                f,
                "[{index}]: the built scene is invalid (a dataset builder bug):\n{issues}"
            ),
        }
    }
}

impl std::error::Error for DatasetError {}
