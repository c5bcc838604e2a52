//! Changes to the room, as the editor's room tools and `relayout room` make them: its size, its
//! doors and windows, and the vertices of a polygon outline. Each is checked as a whole: an edit
//! that would make the scene invalid (a window wider than its wall, a vertex that makes the
//! outline cross itself, a piece larger than the new room) is refused with a message naming
//! what, and the scene is left as it was. Objects are never moved: those the new outline leaves
//! outside are reported, for the caller to flag.
//!
//! Wall and corner names follow the outline. A rectangle whose corner is dragged or whose wall
//! is split becomes a polygon (`B R T L` become `w0 w1 w2 w3`, `BL BR TR TL` become
//! `c0 c1 c2 c3`); a split or a removed vertex renumbers the walls after it. The relations and
//! openings that name walls or corners are renamed with them, and openings keep their place on
//! the floor plan (their offsets are measured again along the wall they end up on).

use std::fmt;

use super::model::{Opening, OpeningKind, Room, Scene};
use super::validate::validate;
use crate::geometry::vec2::point_segment_distance;
use crate::geometry::{RoomShape, Vec2};
use crate::relation::Relation;

/// One change to the room.
#[derive(Clone, Debug, PartialEq)]
pub enum RoomEdit {
    /// New width, depth and height (metres). A polygon outline is stretched to the new bounds.
    Size {
        /// Extent along +X.
        width: f64,
        /// Extent along +Y.
        depth: f64,
        /// Floor to ceiling.
        height: f64,
    },
    /// A new door or window.
    AddOpening(Opening),
    /// Replace the opening at `index` (moved along its wall, resized, sill changed…).
    SetOpening {
        /// Index into `room.openings`.
        index: usize,
        /// Its new value.
        opening: Opening,
    },
    /// Remove the opening at `index`.
    RemoveOpening {
        /// Index into `room.openings`.
        index: usize,
    },
    /// Move vertex `index` of the outline to `to` (a rectangle's corners are 0 = BL, 1 = BR,
    /// 2 = TR, 3 = TL). Coordinates below zero are clamped to zero.
    MoveVertex {
        /// Vertex index.
        index: usize,
        /// New position, metres.
        to: [f64; 2],
    },
    /// Split wall `wall` (by index) with a new vertex `at` metres from its first vertex.
    SplitWall {
        /// Wall index (`w<i>`; a rectangle's `B R T L` are 0..3).
        wall: usize,
        /// Distance from the wall's first vertex, metres.
        at: f64,
    },
    /// Remove vertex `index`, joining its two walls into one.
    RemoveVertex {
        /// Vertex index.
        index: usize,
    },
}

/// Why a room edit was refused; the scene is unchanged.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct RoomEditError(pub String);

/// What a room edit left to look at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoomEditOutcome {
    /// Objects with a pose whose footprint is no longer inside the outline (not moved).
    pub outside: Vec<String>,
}

impl fmt::Display for RoomEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoomEdit::Size {
                width,
                depth,
                height,
            } => write!(f, "room size {width} × {depth} × {height} m"),
            RoomEdit::AddOpening(o) => write!(f, "add {} on wall {}", kind_name(o.kind), o.wall),
            RoomEdit::SetOpening { opening, .. } => {
                write!(
                    f,
                    "change {} on wall {}",
                    kind_name(opening.kind),
                    opening.wall
                )
            }
            RoomEdit::RemoveOpening { index } => write!(f, "remove opening {index}"),
            RoomEdit::MoveVertex { index, .. } => write!(f, "move corner c{index}"),
            RoomEdit::SplitWall { wall, .. } => write!(f, "split wall {wall}"),
            RoomEdit::RemoveVertex { index } => write!(f, "remove corner c{index}"),
        }
    }
}

/// `door` or `window`.
pub fn kind_name(kind: OpeningKind) -> &'static str {
    match kind {
        OpeningKind::Door => "door",
        OpeningKind::Window => "window",
    }
}

/// Default height of a door opening, metres (when the document gives none).
pub const DOOR_HEIGHT: f64 = 2.1;
/// Default sill of a window, metres.
pub const WINDOW_SILL: f64 = 0.9;
/// Default height of a window, metres.
pub const WINDOW_HEIGHT: f64 = 1.2;

impl Opening {
    /// Bottom and top of the opening above the floor, metres (defaults filled in).
    pub fn span_z(&self) -> (f64, f64) {
        match self.kind {
            OpeningKind::Door => (0.0, self.height.unwrap_or(DOOR_HEIGHT)),
            OpeningKind::Window => {
                let sill = self.sill.unwrap_or(WINDOW_SILL);
                (sill, sill + self.height.unwrap_or(WINDOW_HEIGHT))
            }
        }
    }
}

impl Room {
    /// Where a new opening `width` wide fits on `wall` without overlapping that wall's other
    /// openings (10 cm apart): its middle if free, else the free place nearest the middle.
    /// `None` when the wall is too short or full.
    pub fn free_offset(&self, wall: &str, width: f64) -> Option<f64> {
        let shape = RoomShape::new(self);
        let i = shape.wall_index(wall)?;
        let len = shape.walls[i].len;
        if width <= 0.0 || width > len {
            return None;
        }
        let taken: Vec<(f64, f64)> = self
            .openings
            .iter()
            .filter(|o| shape.wall_index(&o.wall) == Some(i))
            .map(|o| (o.offset, o.offset + o.width))
            .collect();
        let free = |off: f64| {
            taken
                .iter()
                .all(|&(a, b)| off + width <= a - 0.1 + 1e-9 || off >= b + 0.1 - 1e-9)
        };
        let mid = (len - width) / 2.0;
        let steps = ((len - width) / 0.05).floor() as usize;
        (0..=steps)
            .map(|k| k as f64 * 0.05)
            .chain(std::iter::once(mid))
            .filter(|&off| off + width <= len + 1e-9 && free(off))
            .min_by(|a, b| (a - mid).abs().total_cmp(&(b - mid).abs()))
            .map(round_mm)
    }
}

impl Scene {
    /// Applies a room edit, or refuses it and leaves the scene as it was.
    pub fn edit_room(&mut self, edit: &RoomEdit) -> Result<RoomEditOutcome, RoomEditError> {
        let before: Vec<String> = validate(self).iter().map(|i| i.to_string()).collect();
        let mut next = self.clone();
        apply(&mut next, edit)?;
        let fresh: Vec<String> = validate(&next)
            .iter()
            .map(|i| i.to_string())
            .filter(|i| !before.contains(i))
            .collect();
        if !fresh.is_empty() {
            return Err(RoomEditError(format!(
                "{edit}: refused, it would leave {}",
                fresh.join("; ")
            )));
        }
        *self = next;
        Ok(RoomEditOutcome {
            outside: self.objects_outside(),
        })
    }

    /// Objects with a pose whose footprint is not inside the room's outline (2 cm of
    /// tolerance), in document order. Wall-hung pieces count by their footprint too.
    pub fn objects_outside(&self) -> Vec<String> {
        let shape = RoomShape::new(&self.room);
        self.objects
            .iter()
            .filter(|o| {
                self.poses.get(&o.id).is_some_and(|p| {
                    !shape.contains_footprint(&p.footprint([o.size[0], o.size[1]]), 0.02)
                })
            })
            .map(|o| o.id.clone())
            .collect()
    }
}

fn apply(scene: &mut Scene, edit: &RoomEdit) -> Result<(), RoomEditError> {
    let room = &mut scene.room;
    match edit {
        RoomEdit::Size {
            width,
            depth,
            height,
        } => {
            for (name, v) in [("width", width), ("depth", depth), ("height", height)] {
                if !v.is_finite() || *v <= 0.0 {
                    return Err(RoomEditError(format!(
                        "room {name} must be a positive number of metres, got {v}"
                    )));
                }
            }
            let old = RoomShape::new(room);
            let (sx, sy) = (width / room.width, depth / room.depth);
            if let Some(poly) = &mut room.polygon {
                for p in poly.iter_mut() {
                    *p = [p[0] * sx, p[1] * sy];
                }
                room.width = *width;
                room.depth = *depth;
                // A polygon's openings keep their centre's share of their wall.
                let new = RoomShape::new(room);
                for o in &mut room.openings {
                    if let (Some(a), Some(b)) = (old.wall(&o.wall), new.wall(&o.wall)) {
                        let share = (o.offset + 0.5 * o.width) / a.len.max(1e-9);
                        o.offset = round_mm((share * b.len - 0.5 * o.width).max(0.0));
                    }
                }
            } else {
                room.width = *width;
                room.depth = *depth;
            }
            room.height = *height;
        }
        RoomEdit::AddOpening(o) => room.openings.push(o.clone()),
        RoomEdit::SetOpening { index, opening } => {
            let n = room.openings.len();
            let slot = room
                .openings
                .get_mut(*index)
                .ok_or_else(|| RoomEditError(format!("no opening {index} (the room has {n})")))?;
            *slot = opening.clone();
        }
        RoomEdit::RemoveOpening { index } => {
            if *index >= room.openings.len() {
                return Err(RoomEditError(format!(
                    "no opening {index} (the room has {})",
                    room.openings.len()
                )));
            }
            room.openings.remove(*index);
        }
        RoomEdit::MoveVertex { index, to } => {
            if !to[0].is_finite() || !to[1].is_finite() {
                return Err(RoomEditError(format!(
                    "corner c{index}: the new position must be finite"
                )));
            }
            to_polygon(scene);
            let n = vertex_count(scene, *index)?;
            reshape(scene, |v| {
                v[*index] = [round_mm(to[0].max(0.0)), round_mm(to[1].max(0.0))];
                (0..n).map(Some).collect()
            })?;
        }
        RoomEdit::SplitWall { wall, at } => {
            to_polygon(scene);
            let n = vertex_count(scene, *wall)?;
            let shape = RoomShape::new(&scene.room);
            let w = &shape.walls[*wall];
            if !at.is_finite() || *at < 0.05 || *at > w.len - 0.05 {
                return Err(RoomEditError(format!(
                    "wall {}: a split must fall inside the wall, 5 cm or more from its ends \
                     (0.05–{:.2} m), got {at} m",
                    w.name,
                    w.len - 0.05
                )));
            }
            if let Some(o) = scene.room.openings.iter().find(|o| {
                shape.wall_index(&o.wall) == Some(*wall)
                    && o.offset < *at - 1e-9
                    && o.offset + o.width > *at + 1e-9
            }) {
                return Err(RoomEditError(format!(
                    "wall {}: the split at {at} m falls inside the {} at {}–{} m; split beside it",
                    w.name,
                    kind_name(o.kind),
                    o.offset,
                    o.offset + o.width
                )));
            }
            let p = w.a + w.t * *at;
            reshape(scene, |v| {
                v.insert(wall + 1, [round_mm(p.x), round_mm(p.y)]);
                (0..n)
                    .map(|k| Some(if k <= *wall { k } else { k + 1 }))
                    .collect()
            })?;
        }
        RoomEdit::RemoveVertex { index } => {
            to_polygon(scene);
            let n = vertex_count(scene, *index)?;
            if n <= 3 {
                return Err(RoomEditError(format!(
                    "corner c{index}: a room needs at least three corners"
                )));
            }
            let removed = *index;
            if let Some(i) = scene.relations.iter().position(
                |r| matches!(r, Relation::Corner { corner, .. } if corner == &format!("c{removed}")),
            ) {
                return Err(RoomEditError(format!(
                    "corner c{removed}: relations[{i}] puts a piece in this corner; remove or change it first"
                )));
            }
            reshape(scene, |v| {
                v.remove(removed);
                (0..n)
                    .map(|k| match k.cmp(&removed) {
                        std::cmp::Ordering::Less => Some(k),
                        std::cmp::Ordering::Equal => None,
                        std::cmp::Ordering::Greater => Some(k - 1),
                    })
                    .collect()
            })?;
        }
    }
    Ok(())
}

fn round_mm(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// The vertex count, after checking `index` is one of them.
fn vertex_count(scene: &Scene, index: usize) -> Result<usize, RoomEditError> {
    let n = scene.room.polygon.as_ref().map_or(4, Vec::len);
    if index >= n {
        return Err(RoomEditError(format!(
            "no corner or wall {index} (the room has {n})"
        )));
    }
    Ok(n)
}

/// Makes a rectangle the same outline as a polygon (`B R T L` → `w0..w3`).
fn to_polygon(scene: &mut Scene) {
    if scene.room.polygon.is_some() {
        return;
    }
    let (w, d) = (scene.room.width, scene.room.depth);
    let poly = vec![[0.0, 0.0], [w, 0.0], [w, d], [0.0, d]];
    // Vertex k keeps its index; only the names change.
    reshape(scene, |v| {
        *v = poly;
        (0..4).map(Some).collect()
    })
    .expect("a rectangle's openings fit its own outline");
}

/// Replaces the outline by what `change` makes of its vertices (a rectangle's four corners when
/// it has none), then renames the walls and corners that relations and openings name, and
/// measures each opening's offset again on its new wall so it stays where it was on the plan.
/// `change` returns, for each old vertex, its new index (`None`: removed); wall `k` (from vertex
/// `k`) goes where its first vertex goes, a removed vertex's wall into the wall before it.
fn reshape(
    scene: &mut Scene,
    change: impl FnOnce(&mut Vec<[f64; 2]>) -> Vec<Option<usize>>,
) -> Result<(), RoomEditError> {
    let old = RoomShape::new(&scene.room);
    let mut verts: Vec<[f64; 2]> = old.vertices.iter().map(|v| [v.x, v.y]).collect();
    let vertex_map = change(&mut verts);
    let n_old = vertex_map.len();
    let wall_map = |k: usize| -> Option<usize> {
        vertex_map[k].or_else(|| vertex_map[(k + n_old - 1) % n_old])
    };
    // Where each opening is on the plan, before.
    let centres: Vec<Option<(usize, Vec2<f64>)>> = scene
        .room
        .openings
        .iter()
        .map(|o| {
            let i = old.wall_index(&o.wall)?;
            let (a, b) = old.opening_segment(&o.wall, o.offset, o.width)?;
            Some((i, (a + b) * 0.5))
        })
        .collect();
    let max_x = verts.iter().map(|v| v[0]).fold(0.0, f64::max);
    let max_y = verts.iter().map(|v| v[1]).fold(0.0, f64::max);
    scene.room.polygon = Some(verts);
    scene.room.width = max_x;
    scene.room.depth = max_y;
    let new = RoomShape::new(&scene.room);
    for (o, c) in scene.room.openings.iter_mut().zip(centres) {
        let Some((i, centre)) = c else { continue };
        // The wall it lies on (one half of a split wall), else the one its wall became.
        let on = new
            .walls
            .iter()
            .enumerate()
            .map(|(j, w)| (j, point_segment_distance(centre, w.a, w.b)))
            .filter(|(_, d)| *d < 1e-3)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(j, _)| j);
        let Some(j) = on.or_else(|| wall_map(i)) else {
            continue;
        };
        let w = &new.walls[j];
        o.wall = w.name.clone();
        o.offset = round_mm((centre - w.a).dot(w.t) - 0.5 * o.width);
    }
    let wall_name = |name: &str| -> Option<String> {
        let i = old.wall_index(name)?;
        Some(new.walls[wall_map(i)?].name.clone())
    };
    let corner_name = |name: &str| -> Option<String> {
        let i = old.corner_index(name)?;
        Some(format!("c{}", vertex_map[i]?))
    };
    for r in &mut scene.relations {
        match r {
            Relation::AgainstWall { wall, .. } | Relation::OnWall { wall, .. } => {
                if let Some(w) = wall_name(wall) {
                    *wall = w;
                }
            }
            Relation::Facing {
                wall: Some(wall), ..
            } => {
                if let Some(w) = wall_name(wall) {
                    *wall = w;
                }
            }
            Relation::Corner { corner, wall, .. } => {
                if let Some(w) = wall_name(wall) {
                    *wall = w;
                }
                if let Some(c) = corner_name(corner) {
                    *corner = c;
                }
            }
            _ => {}
        }
    }
    Ok(())
}
