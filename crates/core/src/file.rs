//! The one place relayout writes files: atomically (a temporary file in the target's folder,
//! persisted over the target with a rename, through `tempfile`), so a crash or a full disk
//! mid-write never leaves a half-written file where a good one was. Scene documents are read
//! and written here too, with errors that name the file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::scene::{Scene, SceneError, parse_scene};

/// A file that could not be read, parsed or written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Reading failed.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Writing failed (the folder, the temporary file, or the rename).
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The value could not be turned into JSON.
    #[error("cannot write {}: cannot serialise it as JSON: {source}", path.display())]
    Serialise {
        /// The file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
    /// The file is not a valid scene document; every problem is listed with its place.
    #[error("{} is not a valid scene:\n{}", path.display(), indent(&source.to_string()))]
    InvalidScene {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        source: SceneError,
    },
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The folder a file goes in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Writes `bytes` to `path` atomically, creating its folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let write = |source| FileError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = folder_of(path);
    std::fs::create_dir_all(dir).map_err(write)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".relayout-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(write)?;
    tmp.write_all(bytes).map_err(write)?;
    // A temporary file is private (0600); the file written is a document like any other: it
    // keeps the permissions of the file it replaces, or gets the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(write)?;
    }
    tmp.as_file().sync_all().map_err(write)?;
    // On failure the temporary file is removed when the error drops it.
    tmp.persist(path).map_err(|e| write(e.error))?;
    Ok(())
}

/// Writes a value as pretty JSON (with a final newline) atomically.
pub fn write_json_atomic<T: serde::Serialize + ?Sized>(
    path: &Path,
    value: &T,
) -> Result<(), FileError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|source| FileError::Serialise {
        path: path.to_path_buf(),
        source,
    })?;
    text.push('\n');
    write_atomic(path, text.as_bytes())
}

/// Reads a text file.
pub fn read_text(path: &Path) -> Result<String, FileError> {
    std::fs::read_to_string(path).map_err(|source| FileError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads and validates a scene document.
pub fn read_scene_file(path: &Path) -> Result<Scene, FileError> {
    parse_scene(&read_text(path)?).map_err(|source| FileError::InvalidScene {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes a scene document atomically, creating its folder if needed.
pub fn write_scene_file(path: &Path, scene: &Scene) -> Result<(), FileError> {
    write_json_atomic(path, scene)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.json");
        write_json_atomic(&path, &serde_json::json!({"a": 1})).unwrap();
        write_json_atomic(&path, &serde_json::json!({"b": 2})).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\n  \"b\": 2\n}\n"
        );
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.json")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_written_file_is_readable_by_others_or_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("room.glb");
        write_atomic(&path, b"one").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn a_failed_write_keeps_what_was_there_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder that is not empty: the rename fails.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("keep"), "kept").unwrap();
        let e = write_atomic(&path, b"new").unwrap_err();
        assert!(matches!(e, FileError::Write { .. }), "{e:?}");
        assert!(e.to_string().contains("taken"), "{e}");
        assert_eq!(std::fs::read_to_string(path.join("keep")).unwrap(), "kept");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn an_invalid_scene_names_the_file_and_the_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.json");
        std::fs::write(&path, r#"{"schema": "relayout.scene/1", "nope": 1}"#).unwrap();
        let e = read_scene_file(&path).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("bad.json is not a valid scene"), "{text}");
        let e = read_scene_file(&dir.path().join("missing.json")).unwrap_err();
        assert!(matches!(e, FileError::Read { .. }));
    }
}
