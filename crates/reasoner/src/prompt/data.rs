//! The data section that ends a stage's prompt, and its reading back.
//!
//! It holds the stage's own data (decomposition, unit, relations, maps, extents, conflicts) as
//! compact JSON in the order the types declare their fields (`"type"` first in a relation, as
//! the answers are written), numbers to the millimetre. The scene is not repeated there: the
//! prose above lists its room, objects and constraints once. Read back, the fields left out
//! are empty.

use std::collections::BTreeMap;

use relayout_core::relation::Relation;
use relayout_core::scene::Scene;
use serde::Serialize;

use crate::answer::{Decomposition, MapPose, UnitPlan};
use crate::backend::{StageInput, UnitExtent};
use crate::conflict::Conflict;

/// A number as a prompt shows it: to the millimetre (or the thousandth of a degree), no float
/// noise.
pub(super) fn num(x: f64) -> f64 {
    let r = (x * 1000.0).round() / 1000.0;
    if r == 0.0 { 0.0 } else { r }
}

/// [`StageInput`] without its scene, borrowed, with the same tag and field names. Stage 3
/// places each unit as one rigid whole and leaves out the units' inner relations (the bulk of
/// a large room's prompt); the maps of stage 4 carry where each member ended up.
#[derive(Serialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
enum StageData<'a> {
    Decompose {},
    UnitRelations {
        unit: &'a UnitPlan,
    },
    GlobalRelations {
        decomposition: &'a Decomposition,
    },
    ImagineUnit {
        unit: &'a UnitPlan,
        relations: &'a [Relation],
    },
    ImagineGlobal {
        decomposition: &'a Decomposition,
        relations: &'a [Relation],
        extents: &'a [UnitExtent],
        local_maps: &'a BTreeMap<String, Vec<MapPose>>,
    },
    ReviseUnit {
        unit: &'a UnitPlan,
        relations: &'a [Relation],
        map: &'a [MapPose],
        conflicts: &'a [Conflict],
    },
    ReviseGlobal {
        decomposition: &'a Decomposition,
        relations: &'a [Relation],
        map: &'a [MapPose],
        extents: &'a [UnitExtent],
        local_maps: &'a BTreeMap<String, Vec<MapPose>>,
        conflicts: &'a [Conflict],
    },
}

impl<'a> From<&'a StageInput> for StageData<'a> {
    fn from(input: &'a StageInput) -> Self {
        match input {
            StageInput::Decompose { .. } => StageData::Decompose {},
            StageInput::UnitRelations { unit, .. } => StageData::UnitRelations { unit },
            StageInput::GlobalRelations { decomposition, .. } => {
                StageData::GlobalRelations { decomposition }
            }
            StageInput::ImagineUnit {
                unit, relations, ..
            } => StageData::ImagineUnit { unit, relations },
            StageInput::ImagineGlobal {
                decomposition,
                relations,
                extents,
                local_maps,
                ..
            } => StageData::ImagineGlobal {
                decomposition,
                relations,
                extents,
                local_maps,
            },
            StageInput::ReviseUnit {
                unit,
                relations,
                map,
                conflicts,
                ..
            } => StageData::ReviseUnit {
                unit,
                relations,
                map,
                conflicts,
            },
            StageInput::ReviseGlobal {
                decomposition,
                relations,
                map,
                extents,
                local_maps,
                conflicts,
                ..
            } => StageData::ReviseGlobal {
                decomposition,
                relations,
                map,
                extents,
                local_maps,
                conflicts,
            },
        }
    }
}

/// The data section of a stage's prompt (see the module's documentation).
pub fn stage_data(input: &StageInput) -> Result<String, serde_json::Error> {
    serde_json::to_string(&StageData::from(input)).map(|s| round_numbers(&s))
}

/// Every number with more than three decimals in the JSON text `json`, outside its strings,
/// rounded to three: the maps of earlier stages carry solver noise (`1.2345678901`) that costs
/// a small model's context and says nothing.
fn round_numbers(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut chars = json.char_indices().peekable();
    let mut in_string = false;
    while let Some((i, c)) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => {
                    if let Some((_, e)) = chars.next() {
                        out.push(e);
                    }
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
            out.push(c);
            continue;
        }
        if c == '-' || c.is_ascii_digit() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '+' | '-') {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let text = &json[i..end];
            let long = text
                .split_once('.')
                .is_some_and(|(_, frac)| frac.len() > 3 || frac.contains(['e', 'E']));
            match text.parse::<f64>() {
                Ok(x) if long || text.contains(['e', 'E']) => {
                    let r = num(x);
                    if r.fract() == 0.0 {
                        out.push_str(&format!("{r:.1}"));
                    } else {
                        out.push_str(&r.to_string());
                    }
                }
                _ => out.push_str(text),
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// A prompt's data section (the text after `Input (JSON):`) read back into the stage's input,
/// with the scene the prompt was written for: what a test server or a reader of logged prompts
/// needs to rebuild the request.
pub fn input_from_data(data: &str, scene: &Scene) -> Result<StageInput, serde_json::Error> {
    let mut v: serde_json::Value = serde_json::from_str(data.trim())?;
    if let Some(m) = v.as_object_mut() {
        m.insert("scene".into(), serde_json::to_value(scene)?);
    }
    serde_json::from_value(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_are_rounded_outside_strings_only() {
        let text = r#"{"x":1.2345678,"y":-0.00012,"z":3,"w":2.5,"e":1e-7,"id":"lamp-1.23456","q":"a\"1.23456"}"#;
        assert_eq!(
            round_numbers(text),
            r#"{"x":1.235,"y":0.0,"z":3,"w":2.5,"e":0.0,"id":"lamp-1.23456","q":"a\"1.23456"}"#
        );
    }

    #[test]
    fn the_data_keeps_the_declared_order_and_leaves_the_scene_out() {
        let scene = relayout_core::scene::parse_scene(
            r#"{"schema": "relayout.scene/1", "room": {"width": 4, "depth": 5, "height": 2.7},
            "objects": [{"id": "bed-0", "category": "bed", "size": [1.6, 2, 0.5]}]}"#,
        )
        .unwrap();
        let input = StageInput::ImagineUnit {
            scene: scene.clone(),
            unit: UnitPlan {
                id: "sleep".into(),
                anchor: "bed-0".into(),
                members: vec![],
                purpose: String::new(),
            },
            relations: vec![Relation::AgainstWall {
                source: "bed-0".into(),
                wall: "T".into(),
            }],
        };
        let data = stage_data(&input).unwrap();
        assert!(
            data.starts_with(r#"{"stage":"imagine_unit","unit":{"id":"sleep""#),
            "{data}"
        );
        assert!(
            data.contains(r#"{"type":"against_wall","source":"bed-0""#),
            "{data}"
        );
        assert!(!data.contains("scene"));
        assert_eq!(input_from_data(&data, &scene).unwrap(), input);
    }
}
