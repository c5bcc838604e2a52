//! The crate's error type. Every variant names the file or item it is about.

use std::path::PathBuf;

use crate::import::ImportError;

/// An error that stops a whole command (per-item problems of a library import are reported
/// in [`crate::ImportReport::errors`] instead).
#[derive(Debug, thiserror::Error)]
pub enum AssetsError {
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// An input that cannot be imported: a broken glTF, an OBJ whose MTL is missing, a zip
    /// without a catalogue…
    #[error("{item}: {source}")]
    Input {
        /// The file, or the item inside a library (`BlendSwap-CC-0.sh3f: item 12 (chair)`).
        item: String,
        /// What is wrong with it.
        #[source]
        source: ImportError,
    },
    /// An existing `catalog.json` that cannot be read or merged.
    #[error("{}: {message}", path.display())]
    Catalog {
        /// The catalogue file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A file whose kind this crate does not import.
    #[error("{}: unsupported file (expected .glb, .gltf, .obj or .sh3f)", path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
    },
}

impl AssetsError {
    /// An [`AssetsError::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        AssetsError::Io {
            path: path.into(),
            source,
        }
    }

    /// An [`AssetsError::Input`] about `item`.
    pub fn input(item: impl Into<String>, source: impl Into<ImportError>) -> Self {
        AssetsError::Input {
            item: item.into(),
            source: source.into(),
        }
    }
}
