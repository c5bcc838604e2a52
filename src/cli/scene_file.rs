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

/// Writes JSON atomically (temporary file, then rename), so a failed write never leaves a
/// half-written document where a good one was.
pub fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), CliError> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Failure(format!("cannot serialise: {e}")))?;
    text.push('\n');
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            CliError::Failure(format!("cannot write {}: {e}", path.display()))
        })
}
