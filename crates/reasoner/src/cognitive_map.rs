//! Instantiating cognitive maps (DESIGN §7, stage 4): local maps (anchor frames) composed with
//! the global map (room frame) into world poses, units' joint boxes, and the programmatic
//! conflict detection — axis-aligned overlaps of more than 1 cm, boxes out of the room or above
//! the ceiling, floor objects in a door's swing — with each conflict assigned to the unit it lies
//! in or to the global level.

use std::collections::BTreeMap;

use relayout_core::geometry::{Aabb2, Footprint, Frame, RoomShape, Vec2};
use relayout_core::placement::{heights, stacked_pairs};
use relayout_core::relation::Relation;
use relayout_core::relation::residual::blocks_floor;
use relayout_core::scene::{Pose, Scene};

use crate::answer::{Decomposition, MapPose, UnitPlan};
use crate::backend::UnitExtent;
use crate::conflict::{Conflict, ConflictKind};

/// Overlap and out-of-room tolerance, metres (DESIGN §5's 1 cm).
pub const CONFLICT_TOL: f64 = 0.01;

fn frame(p: &MapPose) -> Frame<f64> {
    Frame::new(p.x, p.y, p.rz.to_radians())
}

/// Every object of the unit with its frame in the anchor's frame (the anchor at the origin).
pub fn local_frames(unit: &UnitPlan, map: &[MapPose]) -> Vec<(String, Frame<f64>)> {
    let mut out = vec![(unit.anchor.clone(), Frame::new(0.0, 0.0, 0.0))];
    for m in &unit.members {
        let f = map
            .iter()
            .find(|p| p.id == *m)
            .map(frame)
            .unwrap_or(Frame::new(0.0, 0.0, 0.0));
        out.push((m.clone(), f));
    }
    out
}

fn footprint(scene: &Scene, id: &str, f: Frame<f64>) -> Option<Footprint<f64>> {
    let o = &scene.objects[scene.object_index(id)?];
    Some(Footprint::new(
        f,
        Vec2::cst(0.0, 0.0),
        [o.size[0], o.size[1]],
    ))
}

/// A unit's joint box in its anchor's frame, from its local map.
pub fn unit_extent(scene: &Scene, unit: &UnitPlan, map: &[MapPose]) -> UnitExtent {
    let boxes = local_frames(unit, map)
        .into_iter()
        .filter_map(|(id, f)| footprint(scene, &id, f).map(|fp| fp.aabb()));
    let b = Aabb2::union_all(boxes).unwrap_or(Aabb2 {
        min: [0.0; 2],
        max: [0.0; 2],
    });
    UnitExtent {
        id: unit.id.clone(),
        anchor: unit.anchor.clone(),
        offset: b.center(),
        size: b.size(),
    }
}

/// World poses of every object placed by the maps (z from `on_wall` and `on_top_of` relations).
pub fn instantiate(
    scene: &Scene,
    d: &Decomposition,
    local_maps: &BTreeMap<String, Vec<MapPose>>,
    global: &[MapPose],
    relations: &[Relation],
) -> BTreeMap<String, Pose> {
    let mut frames: BTreeMap<String, Frame<f64>> = BTreeMap::new();
    for p in global {
        match d.unit(&p.id) {
            Some(u) => {
                let unit_frame = frame(p);
                let empty = Vec::new();
                let map = local_maps.get(&u.id).unwrap_or(&empty);
                for (id, local) in local_frames(u, map) {
                    frames.insert(id, unit_frame.compose(local));
                }
            }
            None => {
                frames.insert(p.id.clone(), frame(p));
            }
        }
    }
    let mut poses: BTreeMap<String, Pose> = frames
        .iter()
        .map(|(id, f)| {
            let pose = Pose {
                x: f.x,
                y: f.y,
                z: 0.0,
                rz: relayout_core::geometry::wrap_angle(f.yaw).to_degrees(),
            };
            (id.clone(), pose)
        })
        .collect();
    let mut with_relations = scene.clone();
    with_relations.relations = relations.to_vec();
    let z = heights(&with_relations, &poses);
    for (i, o) in scene.objects.iter().enumerate() {
        if let Some(p) = poses.get_mut(&o.id) {
            p.z = z[i];
        }
    }
    // An object on top of another that the maps left out of place sits on it.
    for r in relations {
        if let Relation::OnTopOf { source, target } = r
            && let Some(t) = poses.get(target).copied()
            && !frames.contains_key(source)
            && let Some(i) = scene.object_index(source)
        {
            poses.insert(source.clone(), Pose { z: z[i], ..t });
        }
    }
    poses
}

struct Placed<'a> {
    id: &'a str,
    unit: Option<&'a str>,
    aabb: Aabb2,
    fp: Footprint<f64>,
    z: [f64; 2],
    index: usize,
}

fn label(id: &str, unit: Option<&str>) -> String {
    match unit {
        Some(u) if u != id => format!("{id} (unit {u})"),
        _ => id.to_owned(),
    }
}

fn cm(m: f64) -> String {
    format!("{:.0} cm", (m * 100.0).max(1.0))
}

fn overlaps(
    items: &[Placed<'_>],
    stacked: &[(usize, usize)],
    unit: Option<&str>,
    out: &mut Vec<Conflict>,
) {
    for (k, a) in items.iter().enumerate() {
        for b in &items[k + 1..] {
            let pair = (a.index.min(b.index), a.index.max(b.index));
            if stacked.contains(&pair) || (unit.is_none() && a.unit.is_some() && a.unit == b.unit) {
                continue;
            }
            let [ox, oy] = a.aabb.overlap(&b.aabb);
            let oz = a.z[1].min(b.z[1]) - a.z[0].max(b.z[0]);
            if ox > CONFLICT_TOL && oy > CONFLICT_TOL && oz > CONFLICT_TOL {
                let (la, lb) = match unit {
                    Some(_) => (a.id.to_owned(), b.id.to_owned()),
                    None => (label(a.id, a.unit), label(b.id, b.unit)),
                };
                out.push(Conflict {
                    kind: ConflictKind::Overlap,
                    unit: unit.map(str::to_owned),
                    objects: vec![a.id.to_owned(), b.id.to_owned()],
                    depth_m: ox.min(oy),
                    message: format!(
                        "{la} and {lb} overlap by {} along x and {} along y{}",
                        cm(ox),
                        cm(oy),
                        match unit {
                            Some(u) => format!(" in unit {u}'s local map"),
                            None => String::new(),
                        }
                    ),
                });
            }
        }
    }
}

/// Every conflict of the instantiated maps: inside each unit (in its anchor's frame), then
/// between units and independent objects, with the room, and with door swings (in the room).
pub fn find_conflicts(
    scene: &Scene,
    d: &Decomposition,
    local_maps: &BTreeMap<String, Vec<MapPose>>,
    world: &BTreeMap<String, Pose>,
    relations: &[Relation],
) -> Vec<Conflict> {
    let mut with_relations = scene.clone();
    with_relations.relations = relations.to_vec();
    let stacked = stacked_pairs(&with_relations);
    let z = heights(&with_relations, world);
    let mut out = Vec::new();
    // Inside units.
    for u in &d.units {
        let empty = Vec::new();
        let map = local_maps.get(&u.id).unwrap_or(&empty);
        let items: Vec<Placed<'_>> = local_frames(u, map)
            .into_iter()
            .filter_map(|(id, f)| {
                let i = scene.object_index(&id)?;
                let fp = footprint(scene, &id, f)?;
                let id: &str = &scene.objects[i].id;
                Some(Placed {
                    id,
                    unit: Some(&u.id),
                    aabb: fp.aabb(),
                    fp,
                    z: [z[i], z[i] + scene.objects[i].size[2]],
                    index: i,
                })
            })
            .collect();
        overlaps(&items, &stacked, Some(&u.id), &mut out);
    }
    // In the room.
    let items: Vec<Placed<'_>> = scene
        .objects
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let p = world.get(&o.id)?;
            let fp = footprint(scene, &o.id, Frame::new(p.x, p.y, p.rz.to_radians()))?;
            Some(Placed {
                id: &o.id,
                unit: d.unit_of(&o.id).map(|u| u.id.as_str()),
                aabb: fp.aabb(),
                fp,
                z: [z[i], z[i] + o.size[2]],
                index: i,
            })
        })
        .collect();
    overlaps(&items, &stacked, None, &mut out);
    let room = RoomShape::new(&scene.room);
    for it in &items {
        let worst = it
            .fp
            .corners()
            .iter()
            .map(|c| room.outside_distance(*c))
            .fold(0.0, f64::max);
        if worst > CONFLICT_TOL {
            out.push(Conflict {
                kind: ConflictKind::OutOfRoom,
                unit: None,
                objects: vec![it.id.to_owned()],
                depth_m: worst,
                message: format!(
                    "{} reaches {} outside the room",
                    label(it.id, it.unit),
                    cm(worst)
                ),
            });
        }
        if it.z[1] > room.height + CONFLICT_TOL {
            out.push(Conflict {
                kind: ConflictKind::AboveCeiling,
                unit: None,
                objects: vec![it.id.to_owned()],
                depth_m: it.z[1] - room.height,
                message: format!(
                    "{} reaches {} above the ceiling",
                    label(it.id, it.unit),
                    cm(it.z[1] - room.height)
                ),
            });
        }
        if !blocks_floor(it.z[0], it.z[1] - it.z[0]) {
            continue;
        }
        for (k, swing) in room.door_swings.iter().enumerate() {
            let [ox, oy] = it.aabb.overlap(&swing.aabb());
            if ox > CONFLICT_TOL && oy > CONFLICT_TOL {
                let door = door_name(scene, k);
                out.push(Conflict {
                    kind: ConflictKind::DoorSwing,
                    unit: None,
                    objects: vec![it.id.to_owned()],
                    depth_m: ox.min(oy),
                    message: format!(
                        "{} stands {} deep in the swing of {door}; keep it free",
                        label(it.id, it.unit),
                        cm(ox.min(oy))
                    ),
                });
            }
        }
    }
    out
}

fn door_name(scene: &Scene, k: usize) -> String {
    scene
        .room
        .openings
        .iter()
        .filter(|o| o.kind == relayout_core::scene::OpeningKind::Door)
        .nth(k)
        .map(|o| format!("the door on wall {} at {:.2} m", o.wall, o.offset))
        .unwrap_or_else(|| format!("door {k}"))
}
