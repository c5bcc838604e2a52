//! The `relayout.scene/1` document as Rust types (DESIGN §3).
//!
//! Parsing is strict: unknown fields are errors. Metres and degrees throughout.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::relation::Relation;

/// The value of the `schema` field of every scene document this crate reads and writes.
pub const SCENE_SCHEMA: &str = "relayout.scene/1";

/// A whole scene: the room, its objects, their grouping into units, the relations between them,
/// and (once solved or imported) their poses.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// Always `relayout.scene/1`.
    pub schema: String,
    /// What the designer asked for, in their words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub instruction: String,
    /// The room the objects go into.
    pub room: Room,
    /// Every object of the scene; ids are unique.
    pub objects: Vec<Object>,
    /// Groups of objects arranged around an anchor (R³L's units).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Unit>,
    /// Relative and room-referenced relations the layout should satisfy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Poses by object id, once known.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub poses: BTreeMap<String, Pose>,
}

/// The room: a rectangle `[0, width] × [0, depth]`, or a polygon inside that box.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Room {
    /// Extent along +X, metres.
    pub width: f64,
    /// Extent along +Y, metres.
    pub depth: f64,
    /// Floor to ceiling, metres.
    pub height: f64,
    /// Floor outline in the layout frame (metres), for rooms that are not rectangles (an L-shape,
    /// say). Its walls are named `w0..wn` in vertex order; `null` means the rectangle.
    #[serde(default)]
    pub polygon: Option<Vec<[f64; 2]>>,
    /// Doors and windows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub openings: Vec<Opening>,
}

/// What an opening in a wall is.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OpeningKind {
    /// A door: its swing (a square of its width inside the room) is kept free.
    Door,
    /// A window.
    Window,
}

/// A door or a window in one wall.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    /// Door or window.
    pub kind: OpeningKind,
    /// The wall it is in (`L`, `R`, `B`, `T`, or `w0..wn` for a polygon room).
    pub wall: String,
    /// Distance along the wall to the opening's near edge, metres. For the named walls of a
    /// rectangle it is measured from the end with the smaller coordinate (x for `B`/`T`, y for
    /// `L`/`R`); for polygon walls from the wall's first vertex.
    pub offset: f64,
    /// Opening width along the wall, metres.
    pub width: f64,
    /// Window sill height above the floor, metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sill: Option<f64>,
    /// Opening height, metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<f64>,
}

/// What carries an object's weight.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// Stands on the floor.
    #[default]
    Floor,
    /// Hangs on a wall (TV, painting, shelf).
    Wall,
    /// Rests on another object (`on_top_of`).
    Object,
}

/// One piece of furniture or decor.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Object {
    /// Unique id, e.g. `bed-0`.
    pub id: String,
    /// What it is, e.g. `bed`, `nightstand`.
    pub category: String,
    /// Free text for people and LLMs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `[width along local X, depth along local Y, height]`, metres. The front faces local +Y.
    pub size: [f64; 3],
    /// The 3D asset, e.g. `builtin:bed_queen`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    /// What carries it.
    #[serde(default)]
    pub support: Support,
}

/// A group of objects laid out in its anchor's frame and moved as one rigid whole.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Unique id (shared namespace with object ids), e.g. `sleeping_area`.
    pub id: String,
    /// The object whose frame is the unit's frame.
    pub anchor: String,
    /// The other objects of the unit (the anchor is not repeated here).
    #[serde(default)]
    pub members: Vec<String>,
}

/// Where an object is: the centre of its footprint on its bottom face, and its yaw.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Pose {
    /// Metres along +X.
    pub x: f64,
    /// Metres along +Y.
    pub y: f64,
    /// Height of the object's bottom face above the floor, metres.
    #[serde(default)]
    pub z: f64,
    /// Yaw in degrees, counter-clockwise seen from above; 0 faces +Y, 90 faces −X.
    #[serde(default)]
    pub rz: f64,
}

impl Scene {
    /// The index of the object with this id.
    pub fn object_index(&self, id: &str) -> Option<usize> {
        self.objects.iter().position(|o| o.id == id)
    }

    /// The index of the unit with this id.
    pub fn unit_index(&self, id: &str) -> Option<usize> {
        self.units.iter().position(|u| u.id == id)
    }
}
