//! Stage 4's answers: cognitive maps (approximate poses) and revisions.

use relayout_core::relation::Relation;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An approximate pose on a cognitive map: metres and degrees (yaw counter-clockwise, 0 faces +Y).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MapPose {
    /// The object (or, on the global map, the unit) placed.
    pub id: String,
    /// Metres along +X of the map's frame.
    pub x: f64,
    /// Metres along +Y of the map's frame.
    pub y: f64,
    /// Yaw in degrees, counter-clockwise; 0 faces +Y.
    pub rz: f64,
}

/// A unit's local map: each member's pose in the anchor's frame (the anchor sits at the origin
/// facing +Y and may be left out).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LocalMap {
    /// The members' poses.
    pub poses: Vec<MapPose>,
}

/// The global map: each unit's pose (its anchor's pose) and each independent object's pose,
/// in the room frame.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GlobalMap {
    /// Poses by unit or object id.
    pub poses: Vec<MapPose>,
}

/// A revision after conflicts: the full replacement relations and map of the unit (anchor
/// frame) or of the room (room frame).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// Every relation of the unit, or every global relation, revised.
    pub relations: Vec<Relation>,
    /// The revised map.
    pub poses: Vec<MapPose>,
}
