//! The room tool's state and the handles it offers on the plan: a dot on every corner, a `+` in
//! the middle of every wall (click to split it there), and each door and window as a bar on its
//! wall with a grip at each end (drag the bar along the wall, drag a grip to resize). A leaf
//! module: the furniture pointer and the shortcuts read [`RoomTool`] to stay out of its way.

use bevy::prelude::*;
use relayout_core::geometry::{RoomShape, Vec2 as LVec2};
use relayout_core::scene::{Opening, Room};

/// Whether the room tool is on, what is selected, hovered and dragged.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct RoomTool {
    /// On: the room's handles take the pointer; furniture is not picked.
    pub enabled: bool,
    /// The handle under the pointer.
    pub hovered: Option<RoomHandle>,
    /// The selected corner or opening (Delete removes it).
    pub selected: Option<RoomHandle>,
    /// The drag in progress.
    pub drag: Option<RoomDrag>,
    /// The wall new doors and windows go on (index).
    pub wall: usize,
}

impl RoomTool {
    /// Whether the tool holds the pointer (on, and over a handle or dragging one).
    pub fn holds_pointer(&self) -> bool {
        self.enabled && (self.hovered.is_some() || self.drag.is_some())
    }
}

/// A handle on the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomHandle {
    /// Corner (vertex) `i`.
    Corner(usize),
    /// The `+` in the middle of wall `i`.
    Split(usize),
    /// Opening `i`, grabbed by its bar.
    Opening(usize),
    /// Opening `i`, grabbed by the grip at its start (`false`) or its end (`true`) along the
    /// wall.
    OpeningEnd(usize, bool),
}

/// A drag of a handle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoomDrag {
    /// What is dragged.
    pub handle: RoomHandle,
    /// For an opening's bar: where along its wall (metres from the wall's first corner) the
    /// pointer took it, less the opening's start there.
    pub grab: f64,
}

/// Every handle of the room with its place on the floor (layout metres), in the order they are
/// tried: grips, then bars, then corners, then wall middles.
pub fn handles(room: &Room) -> Vec<(RoomHandle, [f64; 2])> {
    let shape = RoomShape::new(room);
    let mut out = Vec::new();
    for (i, o) in room.openings.iter().enumerate() {
        let Some([a, b]) = grips(&shape, o) else {
            continue;
        };
        out.push((RoomHandle::OpeningEnd(i, false), a));
        out.push((RoomHandle::OpeningEnd(i, true), b));
    }
    for (i, o) in room.openings.iter().enumerate() {
        if let Some((a, b)) = shape.opening_segment(&o.wall, o.offset, o.width) {
            let m = (a + b) * 0.5;
            out.push((RoomHandle::Opening(i), [m.x, m.y]));
        }
    }
    for (i, v) in shape.vertices.iter().enumerate() {
        out.push((RoomHandle::Corner(i), [v.x, v.y]));
    }
    for (i, w) in shape.walls.iter().enumerate() {
        let m = (w.a + w.b) * 0.5;
        out.push((RoomHandle::Split(i), [m.x, m.y]));
    }
    out
}

/// An opening's two grips on the floor: at its start (the smaller distance along its wall from
/// the wall's first corner; [`RoomHandle::OpeningEnd`] `false`) and at its end.
pub fn grips(shape: &RoomShape, o: &Opening) -> Option<[[f64; 2]; 2]> {
    let i = shape.wall_index(&o.wall)?;
    let w = &shape.walls[i];
    let (s0, s1) = shape.opening_span(i, o.offset, o.width);
    let at = |s: f64| {
        let p = w.a + w.t * s;
        [p.x, p.y]
    };
    Some([at(s0), at(s1)])
}

/// The handle nearest `cursor` (window pixels) within `reach` pixels, given where each handle
/// lands on the screen. An opening's bar is also hit anywhere along it.
pub fn pick(
    room: &Room,
    cursor: Vec2,
    reach: f32,
    to_screen: impl Fn([f64; 2]) -> Option<Vec2>,
) -> Option<RoomHandle> {
    let shape = RoomShape::new(room);
    let mut best: Option<(f32, RoomHandle)> = None;
    let consider = |best: &mut Option<(f32, RoomHandle)>, d: f32, h: RoomHandle| {
        if d <= reach && best.is_none_or(|(b, _)| d < b - 0.5) {
            *best = Some((d, h));
        }
    };
    for (h, p) in handles(room) {
        if let Some(s) = to_screen(p) {
            consider(&mut best, s.distance(cursor), h);
        }
    }
    if best.is_none() {
        for (i, o) in room.openings.iter().enumerate() {
            let Some((a, b)) = shape.opening_segment(&o.wall, o.offset, o.width) else {
                continue;
            };
            let (Some(sa), Some(sb)) = (to_screen([a.x, a.y]), to_screen([b.x, b.y])) else {
                continue;
            };
            consider(
                &mut best,
                segment_distance(cursor, sa, sb),
                RoomHandle::Opening(i),
            );
        }
    }
    best.map(|(_, h)| h)
}

fn segment_distance(p: Vec2, a: Vec2, b: Vec2) -> f32 {
    let ab = b - a;
    let t = if ab.length_squared() > 0.0 {
        ((p - a).dot(ab) / ab.length_squared()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

/// Where along wall `wall` (metres from its first corner) the floor point `p` falls.
pub fn along_wall(shape: &RoomShape, wall: usize, p: [f64; 2]) -> f64 {
    let w = &shape.walls[wall];
    (LVec2::cst(p[0], p[1]) - w.a).dot(w.t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use relayout_core::scene::{Opening, OpeningKind};

    fn room() -> Room {
        Room {
            width: 4.0,
            depth: 3.0,
            height: 2.5,
            polygon: None,
            openings: vec![Opening {
                kind: OpeningKind::Window,
                wall: "T".into(),
                offset: 0.5,
                width: 1.0,
                sill: None,
                height: None,
            }],
        }
    }

    #[test]
    fn grips_win_over_bars_and_bars_over_nothing() {
        let r = room();
        // One pixel per centimetre, y down.
        let screen = |p: [f64; 2]| {
            Some(Vec2::new(
                (p[0] * 100.0) as f32,
                (300.0 - p[1] * 100.0) as f32,
            ))
        };
        // T runs from x = 4 to 0; offset 0.5 from x = 0: the window spans x 0.5..1.5 at y = 3.
        // T runs from its first corner (4, 3) towards x = 0: the grip at x = 0.5 is the far
        // end along it (`true`, the one whose drag moves the span's end), x = 1.5 its start.
        assert_eq!(
            pick(&r, Vec2::new(52.0, 2.0), 10.0, screen),
            Some(RoomHandle::OpeningEnd(0, true))
        );
        assert_eq!(
            pick(&r, Vec2::new(148.0, 2.0), 10.0, screen),
            Some(RoomHandle::OpeningEnd(0, false))
        );
        assert_eq!(
            pick(&r, Vec2::new(120.0, 4.0), 10.0, screen),
            Some(RoomHandle::Opening(0))
        );
        assert_eq!(
            pick(&r, Vec2::new(398.0, 298.0), 10.0, screen),
            Some(RoomHandle::Corner(1))
        );
        assert_eq!(
            pick(&r, Vec2::new(200.0, 302.0), 10.0, screen),
            Some(RoomHandle::Split(0))
        );
        assert_eq!(pick(&r, Vec2::new(200.0, 150.0), 10.0, screen), None);
        // Spans along T from its first corner (4, 3): 2.5..3.5, and back.
        let shape = RoomShape::new(&r);
        assert_eq!(shape.opening_span(2, 0.5, 1.0), (2.5, 3.5));
        assert_eq!(shape.span_offset(2, 2.5, 3.5), 0.5);
        assert!((along_wall(&shape, 2, [1.0, 3.0]) - 3.0).abs() < 1e-12);
    }
}
