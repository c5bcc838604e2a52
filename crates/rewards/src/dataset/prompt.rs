//! One room description turned into a prompt: the room with its door, and furniture for its type.

use relayout_core::scene::validate::validate;
use relayout_core::scene::{Opening, OpeningKind, Room, SCENE_SCHEMA, Scene};
use serde::{Deserialize, Serialize};

use super::error::DatasetError;
use super::furnish::Furnisher;
use super::input::RoomSpec;
use super::plans::furnish;
use super::room_type::classify;

/// The door's width, metres.
const DOOR_WIDTH_M: f64 = 0.9;
/// How far the door's near edge sits from the corner of wall `B` when the wall allows, metres.
const DOOR_OFFSET_M: f64 = 0.3;

/// One rollout prompt: a room to lay out.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    /// `ms-` and the item's index in the file, five digits: `ms-00042`.
    pub id: String,
    /// The room description, as the designer's instruction.
    pub instruction: String,
    /// The room type the description was classified as, e.g. `bedroom` (see
    /// [`RoomType::as_str`](super::RoomType::as_str)).
    pub room_type: String,
    /// The scene to lay out: room, door, objects and relations, no poses.
    pub scene: Scene,
}

/// The prompt for one checked room description.
pub(super) fn build_prompt(spec: &RoomSpec, max_objects: usize) -> Result<Prompt, DatasetError> {
    let room_type = classify(&spec.description);
    let mut furnisher = Furnisher::new(spec.width_m, spec.depth_m, spec.height_m, max_objects);
    furnish(&mut furnisher, room_type);
    let scene = Scene {
        schema: SCENE_SCHEMA.to_string(),
        instruction: spec.description.clone(),
        room: Room {
            width: spec.width_m,
            depth: spec.depth_m,
            height: spec.height_m,
            polygon: None,
            openings: vec![door(spec.width_m)],
        },
        objects: furnisher.objects,
        units: vec![],
        relations: furnisher.relations,
        origins: vec![],
        poses: Default::default(),
    };
    let issues = validate(&scene);
    if !issues.is_empty() {
        return Err(DatasetError::InvalidScene {
            index: spec.index,
            issues: issues
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    Ok(Prompt {
        id: format!("ms-{:05}", spec.index),
        instruction: spec.description.clone(),
        room_type: room_type.as_str().to_string(),
        scene,
    })
}

/// A door in wall `B` near its left corner, or centred when the wall is short.
fn door(wall_m: f64) -> Opening {
    let slack = (wall_m - DOOR_WIDTH_M).max(0.0);
    let offset = DOOR_OFFSET_M.min(slack / 2.0);
    Opening {
        kind: OpeningKind::Door,
        wall: "B".to_string(),
        offset: (offset * 100.0).floor() / 100.0,
        width: DOOR_WIDTH_M.min(wall_m),
        sill: None,
        height: None,
    }
}
