//! relayout's editor: the room in 3D from a scene document, furniture, editing with undo,
//! Rapier collisions, live metrics, the judge views, and headless rendering.
//!
//! One plugin per feature (STYLE.md), each of which builds and runs alone. The modules form a
//! DAG: leaves shared by the features are the document layer ([`document`]: the scene and its
//! preview; [`edit`]: edits and history), the frame's ordered system sets ([`schedule`]), the
//! messages between features ([`messages`]), the camera's state ([`camera_state`]), the run
//! being looked at ([`run_state`]), the status log ([`status`]) and the coordinate frames
//! ([`coords`]).
#![warn(missing_docs)]

pub mod app;
pub mod asset_panel;
pub mod autosave;
pub mod camera;
pub mod camera_state;
pub mod coords;
pub mod dialogs;
pub mod document;
pub mod edit;
pub mod file_io;
pub mod floor_grid;
pub mod floor_mesh;
pub mod furniture;
pub mod furniture_pointer;
pub mod generate_task;
pub mod gltf_export;
pub mod headless;
pub mod input_focus;
pub mod judge_views;
pub mod lighting;
pub mod live_metrics;
pub mod measures;
pub mod messages;
pub mod model_import;
pub mod models;
pub mod palette;
pub mod panels;
pub mod physics;
pub mod rect_select;
pub mod relation_gizmos;
pub mod relations_panel;
pub mod room_handles;
pub mod room_panel;
pub mod room_tool;
pub mod room_view;
pub mod rotate_handle;
pub mod run_state;
pub mod run_view;
pub mod schedule;
pub mod scripted;
pub mod selection;
pub mod shortcuts;
pub mod solve_task;
pub mod status;
pub mod views;
pub mod window_check;

pub use app::{EditorOptions, run_editor};
pub use headless::{RenderError, WarmRenderer, render_judge_views};
