//! The editor's frame, as ordered system sets that every feature slots into (one leaf module,
//! so that no feature needs another to order itself; as `AppSystems` in bevy_new_2d).
//!
//! - [`EditorSystems`] (`Update`): input, then the messages that become edits, then the edits
//!   applied to the document, then what reacts to the edited document, then the previews of a
//!   run.
//! - [`DrawSystems`] (`PostUpdate`): the room, then the furniture entities, then their models,
//!   then the per-camera wall cuts.
//! - [`UiSystems`] (`EguiPrimaryContextPass`): the side panels, then the floating windows (which
//!   take the space the panels leave).

use bevy::prelude::*;

/// The editor's `Update` work, in this order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EditorSystems {
    /// Pointer and keyboard input on the 3D view: selection, dragging, turning.
    Input,
    /// Requests that become document edits (relation edits, a finished solve).
    PrepareEdits,
    /// Edits applied to the document, with undo and redo (`edit::apply_edits`).
    ApplyEdits,
    /// Work that follows the edited document: solves started, files opened and saved, runs
    /// loaded, autosave.
    AfterEdits,
    /// The run view's timeline and the preview it shows.
    RunView,
    /// The layout of a run in flight, shown over the run view's preview.
    LivePreview,
}

/// The editor's `PostUpdate` drawing, in this order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DrawSystems {
    /// The room: floor, walls, openings, and the editor camera's cutaway.
    Room,
    /// One entity per object, at its (previewed) pose.
    Furniture,
    /// The glTF models attached to the furniture entities.
    Models,
    /// Walls left out of each judge camera's view.
    JudgeCuts,
}

/// The editor's UI, in this order, in the egui pass.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiSystems {
    /// The side panels.
    Panels,
    /// The windows over the 3D view.
    Windows,
}

/// Orders the sets. Every plugin that uses them calls it, so each plugin also works alone;
/// configuring the same order twice changes nothing.
pub fn configure(app: &mut App) {
    use EditorSystems::*;
    app.configure_sets(
        Update,
        (
            Input,
            PrepareEdits,
            ApplyEdits,
            AfterEdits,
            RunView,
            LivePreview,
        )
            .chain(),
    )
    .configure_sets(
        PostUpdate,
        (
            DrawSystems::Room,
            DrawSystems::Furniture,
            DrawSystems::Models,
            DrawSystems::JudgeCuts,
        )
            .chain(),
    )
    .configure_sets(
        bevy_egui::EguiPrimaryContextPass,
        (UiSystems::Panels, UiSystems::Windows).chain(),
    );
}
