//! Reading and writing scene documents on disk, with errors that name the file.

use std::path::Path;

use layout_core::scene::{Scene, parse_scene};

use super::CliError;

/// Reads and validates a scene document.
pub fn read_scene(path: &Path) -> Result<Scene, CliError> {
    let text = read_text(path)?;
    parse_scene(&text).map_err(|e| {
        let body = e
            .to_string()
            .lines()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n");
        CliError::Input(format!("{} is not a valid scene:\n{body}", path.display()))
    })
}

/// Reads a text file.
pub fn read_text(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", path.display())))
}

/// Writes JSON atomically (see `relayout_editor::file_io::write_json_atomic`).
pub fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), CliError> {
    relayout_editor::file_io::write_json_atomic(path, value).map_err(CliError::Failure)
}
