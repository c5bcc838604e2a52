//! The scene in a prompt's words: the room, the objects and the designer's constraints, each
//! once, narrowed to a unit's own ids for the per-unit stages.

use std::collections::BTreeSet;

use relayout_core::scene::Scene;

use super::data::num;
use crate::backend::StageInput;

/// The ids a stage is about: a unit's own ids for the per-unit stages, `None` (all) otherwise.
pub(super) fn stage_ids(input: &StageInput) -> Option<BTreeSet<&str>> {
    let unit = match input {
        StageInput::UnitRelations { unit, .. }
        | StageInput::ImagineUnit { unit, .. }
        | StageInput::ReviseUnit { unit, .. } => unit,
        _ => return None,
    };
    Some(
        std::iter::once(unit.id.as_str())
            .chain(std::iter::once(unit.anchor.as_str()))
            .chain(unit.members.iter().map(String::as_str))
            .collect(),
    )
}

/// One line per object: id, category, description, size and support.
pub(super) fn object_lines(scene: &Scene, ids: Option<&BTreeSet<&str>>) -> Vec<String> {
    scene
        .objects
        .iter()
        .filter(|o| ids.is_none_or(|ids| ids.contains(o.id.as_str())))
        .map(|o| {
            let description = if o.description.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", o.description.trim())
            };
            let support = serde_json::to_value(o.support)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            format!(
                "{}: {}{description}, size {} x {} x {} m, on the {support}",
                o.id,
                o.category,
                num(o.size[0]),
                num(o.size[1]),
                num(o.size[2])
            )
        })
        .collect()
}

/// The room in words: its size, its outline when it is a polygon (each wall by name), and its
/// doors and windows with the wall's side of the plan.
pub(super) fn room_lines(scene: &Scene) -> Vec<String> {
    let room = &scene.room;
    let shape = relayout_core::geometry::RoomShape::new(room);
    let side = |name: &str| {
        shape
            .walls
            .iter()
            .find(|w| w.name == name)
            .map(|w| match w.n {
                n if n.x > 0.9 => " (the left wall, west)",
                n if n.x < -0.9 => " (the right wall, east)",
                n if n.y < -0.9 => " (the top wall, north)",
                n if n.y > 0.9 => " (the bottom wall, south)",
                _ => "",
            })
            .unwrap_or("")
    };
    let mut out = vec![format!(
        "Room: {} m x {} m, {} m high.",
        num(room.width),
        num(room.depth),
        num(room.height)
    )];
    if let Some(poly) = room.polygon.as_ref().filter(|p| p.len() >= 3) {
        let corners: Vec<String> = poly
            .iter()
            .map(|p| format!("({}, {})", num(p[0]), num(p[1])))
            .collect();
        out.push(format!(
            "Its floor is a polygon with corners {} in order; wall wi runs from corner i to the next.",
            corners.join(", ")
        ));
    }
    for d in &room.openings {
        let kind = match d.kind {
            relayout_core::scene::OpeningKind::Door => "door",
            relayout_core::scene::OpeningKind::Window => "window",
        };
        out.push(format!(
            "- {kind} on wall {}{} from {} m, {} m wide",
            d.wall,
            side(&d.wall),
            num(d.offset),
            num(d.width)
        ));
    }
    out
}

/// The designer's relations in words, with the phrase each was read from; for a per-unit stage
/// only those naming one of the unit's ids.
pub(super) fn constraint_lines(scene: &Scene, ids: Option<&BTreeSet<&str>>) -> Vec<String> {
    scene
        .relations_with_origins()
        .filter(|(_, o)| o.is_designers())
        .filter(|(r, _)| {
            ids.is_none_or(|ids| r.references().iter().any(|(_, id)| ids.contains(id)))
        })
        .map(|(r, o)| match o.phrase() {
            Some(p) => format!(
                "{} (from \u{201c}{p}\u{201d})",
                relayout_core::relation::describe(r)
            ),
            None => relayout_core::relation::describe(r),
        })
        .collect()
}
