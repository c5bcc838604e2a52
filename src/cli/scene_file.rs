//! Reading and writing scene documents on disk, with errors that name the file (through
//! `relayout_core::file`, which writes atomically).

use std::path::Path;

use relayout_core::file::{self, FileError};
use relayout_core::scene::Scene;

use super::CliError;

fn input(e: FileError) -> CliError {
    match e {
        // A file that could not be written is the machine's trouble, not bad input.
        FileError::Write { .. } | FileError::Serialise { .. } => CliError::Failure(e.to_string()),
        FileError::Read { .. } | FileError::InvalidScene { .. } => CliError::Input(e.to_string()),
    }
}

/// Reads and validates a scene document.
pub fn read_scene(path: &Path) -> Result<Scene, CliError> {
    file::read_scene_file(path).map_err(input)
}

/// Reads a text file.
pub fn read_text(path: &Path) -> Result<String, CliError> {
    file::read_text(path).map_err(input)
}

/// Writes JSON atomically.
pub fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), CliError> {
    file::write_json_atomic(path, value).map_err(input)
}
