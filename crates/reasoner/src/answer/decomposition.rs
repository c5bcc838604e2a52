//! Stage 1's answer: units with anchors, and the objects that stand alone.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The objects grouped into units. Every object appears exactly once: as an anchor, as a
/// member, or in `independent`.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Decomposition {
    /// Groups arranged around an anchor (a bed with its nightstands, a desk with its chair).
    pub units: Vec<UnitPlan>,
    /// Objects placed on their own in the room.
    pub independent: Vec<String>,
}

/// One unit: an anchor object whose frame the members are laid out in.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitPlan {
    /// A new id, not an object id, e.g. `sleeping_area`.
    pub id: String,
    /// The object whose frame is the unit's frame.
    pub anchor: String,
    /// The other objects of the unit (not the anchor).
    pub members: Vec<String>,
    /// What the unit is for, in a few words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
}

impl UnitPlan {
    /// The anchor followed by the members.
    pub fn objects(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.anchor).chain(&self.members)
    }

    /// The unit as the scene document stores it.
    pub fn to_scene_unit(&self) -> relayout_core::scene::Unit {
        relayout_core::scene::Unit {
            id: self.id.clone(),
            anchor: self.anchor.clone(),
            members: self.members.clone(),
        }
    }
}

impl Decomposition {
    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&UnitPlan> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The unit an object belongs to (as anchor or member).
    pub fn unit_of(&self, object: &str) -> Option<&UnitPlan> {
        self.units.iter().find(|u| u.objects().any(|o| o == object))
    }
}
