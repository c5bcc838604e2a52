//! The `relayout.scene/1` document as Rust types (DESIGN §3).
//!
//! Parsing is strict: unknown fields are errors. Metres and degrees throughout.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::relation::{Origin, Relation};

/// The value of the `schema` field of every scene document this crate reads and writes.
pub const SCENE_SCHEMA: &str = "relayout.scene/1";

/// A whole scene: the room, its objects, their grouping into units, the relations between them,
/// and (once solved or imported) their poses.
///
/// Serialised through [`super::wire`]: each relation of the document carries its [`Origin`]
/// inline (`"origin"`, `"phrase"`), held here in [`Scene::origins`], parallel to
/// [`Scene::relations`].
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Always `relayout.scene/1`.
    pub schema: String,
    /// What the designer asked for, in their words.
    pub instruction: String,
    /// The room the objects go into.
    pub room: Room,
    /// Every object of the scene; ids are unique.
    pub objects: Vec<Object>,
    /// Groups of objects arranged around an anchor (R³L's units).
    pub units: Vec<Unit>,
    /// Relative and room-referenced relations the layout should satisfy.
    pub relations: Vec<Relation>,
    /// Where each relation came from, by index into `relations`. It may be shorter: a relation
    /// with no entry here is the designer's. Change both through [`Scene::push_relation`],
    /// [`Scene::remove_relation`] and [`Scene::set_relations`].
    pub origins: Vec<Origin>,
    /// Poses by object id, once known.
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

    /// Where relation `i` came from (the designer's when nothing says otherwise).
    pub fn origin(&self, i: usize) -> &Origin {
        static DESIGNER: Origin = Origin::Designer;
        self.origins.get(i).unwrap_or(&DESIGNER)
    }

    /// Appends a relation with its origin.
    pub fn push_relation(&mut self, relation: Relation, origin: Origin) {
        self.origins.resize(self.relations.len(), Origin::Designer);
        self.relations.push(relation);
        self.origins.push(origin);
        self.normalize_origins();
    }

    /// Removes relation `i` with its origin, returning both.
    pub fn remove_relation(&mut self, i: usize) -> (Relation, Origin) {
        self.origins.resize(self.relations.len(), Origin::Designer);
        let out = (self.relations.remove(i), self.origins.remove(i));
        self.normalize_origins();
        out
    }

    /// Replaces every relation and its origin.
    pub fn set_relations(&mut self, relations: Vec<(Relation, Origin)>) {
        (self.relations, self.origins) = relations.into_iter().unzip();
        self.normalize_origins();
    }

    /// Keeps `origins` in the one form a parsed document has: no longer than `relations`, and
    /// without trailing designer's entries (absent means the designer's), so that equal scenes
    /// compare equal however they were built.
    pub fn normalize_origins(&mut self) {
        self.origins.truncate(self.relations.len());
        while self.origins.last() == Some(&Origin::Designer) {
            self.origins.pop();
        }
    }

    /// Each relation with its origin.
    pub fn relations_with_origins(&self) -> impl Iterator<Item = (&Relation, &Origin)> {
        self.relations
            .iter()
            .enumerate()
            .map(|(i, r)| (r, self.origin(i)))
    }

    /// Keeps the relations (with their origins) for which `keep` is true.
    pub fn retain_relations(&mut self, mut keep: impl FnMut(&Relation, &Origin) -> bool) {
        let all: Vec<(Relation, Origin)> = std::mem::take(&mut self.relations)
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let o = self.origins.get(i).cloned().unwrap_or_default();
                (r, o)
            })
            .collect();
        self.set_relations(all.into_iter().filter(|(r, o)| keep(r, o)).collect());
    }
}
