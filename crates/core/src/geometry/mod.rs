//! Planar geometry over values and dual numbers: vectors, frames and their composition,
//! oriented footprints and their axis-aligned boxes, separating-axis penetration, and the room
//! outline.

pub mod aabb;
pub mod clearance;
pub mod footprint;
pub mod frame;
pub mod real;
pub mod room_shape;
pub mod triangulate;
pub mod vec2;
pub mod wall_pieces;

pub use aabb::Aabb2;
pub use clearance::{Clearance, Hit, clearances};
pub use footprint::{Footprint, Penetration, gap, penetration};
pub use frame::{Frame, front, wrap_angle, yaw_facing};
pub use real::{Dual, Real};
pub use room_shape::{RoomShape, Wall};
pub use triangulate::triangulate;
pub use vec2::Vec2;
pub use wall_pieces::{WallBox, WallBoxKind, wall_boxes};
