//! Messages one feature sends and another handles, kept in one leaf module so that neither
//! feature depends on the other (a panel asks for a dialog, a dialog for a file to open, and so
//! on). Messages a feature only sends to itself stay in its own module.

use std::path::PathBuf;

use bevy::prelude::*;

/// What a dialog's answer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogPurpose {
    /// Open a scene.
    Open,
    /// Save the scene under a new name.
    SaveAs,
    /// Save a screenshot of the current view.
    Screenshot,
    /// Render the judge views into a folder.
    JudgeViews,
    /// Open a run (a trace or a refinement trajectory).
    OpenRun,
    /// Write the arranged room as one `.glb`.
    ExportGltf,
    /// Import a furniture model into the user's library.
    ImportModel,
}

/// Open a file dialog (handled by `dialogs`).
#[derive(Message, Debug, Clone, Copy)]
pub struct DialogRequest(pub DialogPurpose);

/// Save the document, to its own path or to a new one (handled by `file_io`).
#[derive(Message, Debug, Clone)]
pub struct SaveRequest {
    /// A new path ("save as"); `None` saves to the document's path.
    pub to: Option<PathBuf>,
}

/// Write the arranged room as a `.glb` here (handled by `gltf_export`).
#[derive(Message, Debug, Clone)]
pub struct ExportRequest {
    /// The `.glb` to write.
    pub path: PathBuf,
}

/// Import a model file (or a Sweet Home 3D library) into the user's library (handled by
/// `model_import`).
#[derive(Message, Debug, Clone)]
pub struct ImportRequest {
    /// The file.
    pub path: PathBuf,
}

/// Open a document from a path (handled by `file_io`).
#[derive(Message, Debug, Clone)]
pub struct OpenRequest {
    /// The file.
    pub path: PathBuf,
}

/// Open a trace or trajectory file (handled by `run_view`).
#[derive(Message, Debug, Clone)]
pub struct OpenRun(pub PathBuf);

/// Solve the current document on a background task (handled by `solve_task`).
#[derive(Message, Debug, Clone, Default)]
pub struct SolveRequest;

/// Stop the solve in flight; the scene stays as it was (handled by `solve_task`).
#[derive(Message, Debug, Clone, Default)]
pub struct CancelSolve;

/// Registers every message of this module; plugins that send or read one call it, so each
/// plugin works alone (registering twice changes nothing).
pub fn register(app: &mut App) {
    app.add_message::<DialogRequest>()
        .add_message::<SaveRequest>()
        .add_message::<OpenRequest>()
        .add_message::<OpenRun>()
        .add_message::<ExportRequest>()
        .add_message::<ImportRequest>()
        .add_message::<SolveRequest>()
        .add_message::<CancelSolve>();
}
