//! Reading and writing trace files: strict, versioned, with errors that name the file and the
//! offending place.

use std::path::{Path, PathBuf};

use super::{TRACE_VERSION, Trace};

/// Why a trace could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum TraceError {
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] relayout_core::file::FileError),
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The text is not a trace.
    #[error("{}not a relayout trace: {message}", path_prefix(.path))]
    Syntax {
        /// The file, when there is one.
        path: Option<PathBuf>,
        /// Where and what.
        message: String,
    },
    /// The trace has another version.
    #[error("{}trace version \"{found}\" is not supported: this build reads \"{TRACE_VERSION}\"", path_prefix(.path))]
    Version {
        /// The file, when there is one.
        path: Option<PathBuf>,
        /// The version found.
        found: String,
    },
}

fn path_prefix(p: &Option<PathBuf>) -> String {
    p.as_ref()
        .map(|p| format!("{}: ", p.display()))
        .unwrap_or_default()
}

/// Parses a trace from text: the version first, then the whole document strictly.
pub fn parse_trace(text: &str) -> Result<Trace, TraceError> {
    let syntax = |message: String| TraceError::Syntax {
        path: None,
        message,
    };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| syntax(format!("invalid JSON: {e}")))?;
    match value.get("version").and_then(|v| v.as_str()) {
        Some(TRACE_VERSION) => {}
        Some(other) => {
            return Err(TraceError::Version {
                path: None,
                found: other.to_owned(),
            });
        }
        None => return Err(syntax("no \"version\" string".to_owned())),
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        syntax(format!("{path}: {}", e.into_inner()))
    })
}

/// Reads a trace file.
pub fn read_trace(path: &Path) -> Result<Trace, TraceError> {
    let text = std::fs::read_to_string(path).map_err(|source| TraceError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_trace(&text).map_err(|e| match e {
        TraceError::Syntax { message, .. } => TraceError::Syntax {
            path: Some(path.to_path_buf()),
            message,
        },
        TraceError::Version { found, .. } => TraceError::Version {
            path: Some(path.to_path_buf()),
            found,
        },
        io => io,
    })
}

/// Writes a trace file (pretty JSON) atomically.
pub fn write_trace(path: &Path, trace: &Trace) -> Result<(), TraceError> {
    Ok(relayout_core::file::write_json_atomic(path, trace)?)
}
