//! The scene document: types, parsing with located errors, validation, and its JSON Schema.

mod edit_ops;
mod model;
pub mod parse;
mod placing;
mod room_edit;
pub mod schema;
pub mod validate;
mod wire;

pub use model::*;
pub use parse::{SceneError, parse_scene};
pub use placing::{FLAT, OVERHANG, Rest, along_wall};
pub use room_edit::{
    DOOR_HEIGHT, RoomEdit, RoomEditError, RoomEditOutcome, WINDOW_HEIGHT, WINDOW_SILL, kind_name,
};
