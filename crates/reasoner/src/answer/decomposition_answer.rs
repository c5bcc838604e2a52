//! Stage 1's answer as a model writes it. Asked for in the form a schema-enforcing server cannot
//! get wrong: `assign`, one required property per object, naming the anchor of the object's
//! unit (an anchor names itself) or `"independent"`, with the units' names and purposes apart.
//! The older form (units with their `members`, and `independent`) is read too: the offline
//! planner, recorded traces and servers that ignore the schema write it.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::decomposition::{Decomposition, UnitPlan};

/// What `assign` says of an object that stands alone.
pub const INDEPENDENT: &str = "independent";

/// One unit as named in the answer; its members come from `assign` (or, in the older form,
/// from `members`).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitAnswer {
    /// A new id, not an object id, e.g. `sleeping_area`.
    pub id: String,
    /// The object whose frame is the unit's frame.
    pub anchor: String,
    /// The older form's members (not the anchor).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// What the unit is for, in a few words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
}

/// Stage 1's answer before it is read into a [`Decomposition`].
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DecompositionAnswer {
    /// The units, each by its anchor.
    pub units: Vec<UnitAnswer>,
    /// The older form's standalone objects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub independent: Vec<String>,
    /// Every object id to the anchor of its unit (itself for an anchor), a unit id, or
    /// `"independent"`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub assign: BTreeMap<String, String>,
}

impl DecompositionAnswer {
    /// The decomposition the answer says, with a note for each reading that was not plain
    /// (an anchor assigned elsewhere, a value that names nothing). `objects` are the scene's
    /// ids in order; members are listed in that order. Ids are taken as written: the
    /// decomposition's salvage fixes slips after this.
    pub fn read(&self, objects: &[&str]) -> (Decomposition, Vec<String>) {
        if self.assign.is_empty() {
            let units = self
                .units
                .iter()
                .map(|u| UnitPlan {
                    id: u.id.clone(),
                    anchor: u.anchor.clone(),
                    members: u.members.clone(),
                    purpose: u.purpose.clone(),
                })
                .collect();
            let d = Decomposition {
                units,
                independent: self.independent.clone(),
            };
            return (d, vec![]);
        }
        let mut notes = Vec::new();
        // The scene's order first, then keys that name no object (slips, fixed later).
        let mut keys: Vec<&str> = objects
            .iter()
            .copied()
            .filter(|o| self.assign.contains_key(*o))
            .collect();
        keys.extend(
            self.assign
                .keys()
                .map(String::as_str)
                .filter(|k| !objects.contains(k)),
        );
        // Each object's group, named by its anchor (or by an unknown unit id).
        let mut group_of: Vec<(&str, Option<String>)> = Vec::new();
        for &k in &keys {
            let v = self.assign[k].trim();
            let group = if v.is_empty() || v.eq_ignore_ascii_case(INDEPENDENT) {
                None
            } else if let Some(u) = self.units.iter().find(|u| u.id == v) {
                Some(u.anchor.clone())
            } else {
                if !objects.contains(&v) && !self.assign.contains_key(v) {
                    notes.push(format!(
                        "assign.{k}: \"{v}\" names no object or unit; read as a unit of its own \
                         objects"
                    ));
                }
                Some(v.to_owned())
            };
            group_of.push((k, group));
        }
        let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
        for (k, g) in &group_of {
            if let Some(g) = g {
                match groups.iter_mut().find(|(a, _)| a == g) {
                    Some((_, m)) => m.push(k),
                    None => groups.push((g.clone(), vec![k])),
                }
            }
        }
        let mut units = Vec::new();
        for (anchor_or_name, in_group) in &groups {
            let name = anchor_or_name.as_str();
            let is_object = objects.contains(&name) || keys.contains(&name);
            // A group named by a unit id that is no object takes its first object as anchor.
            let anchor = if is_object {
                anchor_or_name.clone()
            } else {
                in_group[0].to_owned()
            };
            let members: Vec<String> = in_group
                .iter()
                .filter(|m| **m != anchor)
                .map(|m| (*m).to_owned())
                .collect();
            if is_object && !members.is_empty() {
                let own = group_of.iter().find(|(k, _)| *k == anchor).map(|(_, g)| g);
                let said = match own {
                    None => Some("no value".to_owned()),
                    Some(None) => Some("\"independent\"".to_owned()),
                    Some(Some(g)) if *g != anchor => Some(format!("\"{g}\"")),
                    Some(Some(_)) => None,
                };
                if let Some(said) = said {
                    notes.push(format!(
                        "assign.{anchor}: it anchors {} but was given {said}; it anchors its \
                         own unit",
                        members.join(", ")
                    ));
                }
            }
            if members.is_empty() {
                continue;
            }
            let named = self
                .units
                .iter()
                .find(|u| u.anchor == anchor || (!is_object && &u.id == anchor_or_name));
            units.push(unit_plan(named, &anchor, members, anchor_or_name));
        }
        let in_units: Vec<&str> = units
            .iter()
            .flat_map(|u: &UnitPlan| u.objects().map(String::as_str))
            .collect();
        let independent = keys
            .iter()
            .filter(|k| !in_units.contains(k))
            .map(|k| (*k).to_owned())
            .collect();
        (Decomposition { units, independent }, notes)
    }
}

impl From<Decomposition> for DecompositionAnswer {
    fn from(d: Decomposition) -> Self {
        DecompositionAnswer {
            units: d
                .units
                .into_iter()
                .map(|u| UnitAnswer {
                    id: u.id,
                    anchor: u.anchor,
                    members: u.members,
                    purpose: u.purpose,
                })
                .collect(),
            independent: d.independent,
            assign: BTreeMap::new(),
        }
    }
}

impl DecompositionAnswer {
    /// The decomposition of an answer in the older form (as salvage leaves every answer); an
    /// `assign` is read in the order of its keys.
    pub fn decomposition(&self) -> Decomposition {
        let keys: Vec<&str> = self.assign.keys().map(String::as_str).collect();
        self.read(&keys).0
    }
}

/// The unit anchored at `anchor`, named as the answer named it (or after its group or anchor).
fn unit_plan(
    named: Option<&UnitAnswer>,
    anchor: &str,
    members: Vec<String>,
    group: &str,
) -> UnitPlan {
    let id = match named {
        Some(u) if !u.id.trim().is_empty() => u.id.clone(),
        _ if group != anchor => group.to_owned(),
        _ => format!("{anchor}_group"),
    };
    UnitPlan {
        id,
        anchor: anchor.to_owned(),
        members,
        purpose: named.map(|u| u.purpose.clone()).unwrap_or_default(),
    }
}

/// The schema sent for stage 1: `units` by name and anchor, and `assign` with one required
/// property per object whose value is an object id or `"independent"`, so that a server
/// enforcing it writes every object exactly once.
pub fn assign_schema(objects: &[String]) -> Value {
    let mut values: Vec<&str> = objects.iter().map(String::as_str).collect();
    values.push(INDEPENDENT);
    let properties: serde_json::Map<String, Value> = objects
        .iter()
        .map(|o| (o.clone(), json!({"type": "string", "enum": values})))
        .collect();
    json!({
        "type": "object",
        "properties": {
            "units": {
                "type": "array",
                "maxItems": (objects.len() / 2).max(1),
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "anchor": {"type": "string", "enum": objects},
                        "purpose": {"type": "string"}
                    },
                    "required": ["id", "anchor", "purpose"],
                    "additionalProperties": false
                }
            },
            "assign": {
                "type": "object",
                "properties": properties,
                "required": objects,
                "additionalProperties": false
            }
        },
        "required": ["units", "assign"],
        "additionalProperties": false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OBJECTS: [&str; 5] = ["bed-0", "nightstand-0", "nightstand-1", "desk-0", "chair-0"];

    fn answer(text: &str) -> DecompositionAnswer {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn assign_reads_into_units_by_anchor_in_the_scenes_order() {
        let a = answer(
            r#"{"units": [{"id": "sleep", "anchor": "bed-0", "purpose": "sleeping"}],
            "assign": {"chair-0": "desk-0", "desk-0": "desk-0", "nightstand-1": "bed-0",
                       "bed-0": "bed-0", "nightstand-0": "sleep"}}"#,
        );
        let (d, notes) = a.read(&OBJECTS);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(d.units.len(), 2);
        assert_eq!(d.units[0].id, "sleep");
        assert_eq!(d.units[0].purpose, "sleeping");
        assert_eq!(d.units[0].members, ["nightstand-0", "nightstand-1"]);
        assert_eq!(d.units[1].id, "desk-0_group");
        assert_eq!(d.units[1].members, ["chair-0"]);
        assert!(d.independent.is_empty());
    }

    #[test]
    fn an_anchor_assigned_elsewhere_still_anchors_and_a_unit_of_one_is_independent() {
        let a = answer(
            r#"{"units": [], "assign": {"bed-0": "independent", "nightstand-0": "bed-0",
                "nightstand-1": "nightstand-1", "desk-0": "INDEPENDENT", "chair-0": "study"}}"#,
        );
        let (d, notes) = a.read(&OBJECTS);
        assert_eq!(d.units.len(), 1, "{d:?}");
        assert_eq!(d.units[0].anchor, "bed-0");
        assert_eq!(d.units[0].members, ["nightstand-0"]);
        assert_eq!(d.independent, ["nightstand-1", "desk-0", "chair-0"]);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("\"study\" names no object"), "{notes:?}");
        assert!(notes[1].contains("anchors its own unit"), "{notes:?}");
    }

    #[test]
    fn the_older_form_reads_as_written() {
        let a = answer(
            r#"{"units": [{"id": "sleep", "anchor": "bed-0", "members": ["nightstand-0"]}],
            "independent": ["desk-0"]}"#,
        );
        let (d, notes) = a.read(&OBJECTS);
        assert!(notes.is_empty());
        assert_eq!(d.units[0].members, ["nightstand-0"]);
        assert_eq!(d.independent, ["desk-0"]);
    }

    #[test]
    fn the_sent_schema_requires_every_object_once_with_known_values() {
        let objects: Vec<String> = OBJECTS.iter().map(|s| (*s).to_owned()).collect();
        let s = assign_schema(&objects);
        assert_eq!(s["properties"]["assign"]["required"], json!(OBJECTS));
        assert_eq!(
            s["properties"]["assign"]["properties"]["chair-0"]["enum"][5],
            json!("independent")
        );
        let ok = json!({"units": [{"id": "s", "anchor": "bed-0", "purpose": ""}],
            "assign": {"bed-0": "bed-0", "nightstand-0": "bed-0", "nightstand-1": "bed-0",
                       "desk-0": "independent", "chair-0": "independent"}});
        assert!(relayout_llm::schema::validate(&s, &ok).is_empty());
        let missing = json!({"units": [], "assign": {"bed-0": "bed-0"}});
        assert!(!relayout_llm::schema::validate(&s, &missing).is_empty());
        let unknown = json!({"units": [], "assign": {"bed-0": "lamp-9", "nightstand-0": "bed-0",
            "nightstand-1": "bed-0", "desk-0": "desk-0", "chair-0": "desk-0"}});
        assert!(!relayout_llm::schema::validate(&s, &unknown).is_empty());
    }
}
