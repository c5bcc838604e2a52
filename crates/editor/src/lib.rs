//! relayout's editor: the room in 3D from a scene document, furniture, editing with undo,
//! Rapier collisions, live metrics, the judge views, and headless rendering. One plugin per feature (STYLE.md).
#![warn(missing_docs)]

pub mod app;
pub mod asset_panel;
pub mod camera;
pub mod coords;
pub mod dialogs;
pub mod document;
pub mod edit;
pub mod file_io;
pub mod floor_grid;
pub mod floor_mesh;
pub mod furniture;
pub mod generate_task;
pub mod headless;
pub mod judge_views;
pub mod lighting;
pub mod live_metrics;
pub mod models;
pub mod palette;
pub mod panels;
pub mod physics;
pub mod relation_gizmos;
pub mod relations_panel;
pub mod room_view;
pub mod run_view;
pub mod scripted;
pub mod selection;
pub mod solve_task;
pub mod status;

use bevy::prelude::*;

pub use app::{EditorOptions, run_editor};
pub use headless::{RenderError, render_judge_views};

/// Everything that draws a scene document, shared by the editor window and headless rendering.
pub fn views_plugin(app: &mut App) {
    app.init_resource::<status::StatusLog>().add_plugins((
        floor_grid::plugin,
        lighting::plugin,
        room_view::plugin,
        furniture::plugin,
        models::plugin,
        judge_views::plugin,
    ));
}
