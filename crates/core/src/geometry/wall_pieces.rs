//! The walls of a room as boxes to draw or export: each wall cut around its doors and windows
//! (the solid pieces beside, below and above each opening) and a pane of glass in each window.
//! The editor's room view and the glTF export build the same walls from this.

use super::room_shape::RoomShape;
use crate::scene::{OpeningKind, Room};

/// Wall thickness, metres (standing outside the outline).
pub const WALL_THICKNESS: f64 = 0.1;
/// Thickness of a window pane, metres.
pub const GLASS_THICKNESS: f64 = 0.02;

/// What a box is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WallBoxKind {
    /// Solid wall.
    Wall,
    /// A window's glass.
    Glass,
}

/// One box along a wall: `s0..s1` metres along it from its first vertex, `z0..z1` above the
/// floor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WallBox {
    /// Index of the wall in [`RoomShape::walls`].
    pub wall: usize,
    /// Start along the wall, metres.
    pub s0: f64,
    /// End along the wall, metres.
    pub s1: f64,
    /// Bottom, metres.
    pub z0: f64,
    /// Top, metres.
    pub z1: f64,
    /// Wall or glass.
    pub kind: WallBoxKind,
}

impl WallBox {
    /// How thick it is, metres.
    pub fn thickness(&self) -> f64 {
        match self.kind {
            WallBoxKind::Wall => WALL_THICKNESS,
            WallBoxKind::Glass => GLASS_THICKNESS,
        }
    }

    /// Its centre in the layout frame, and its yaw (radians, the wall's direction): it stands
    /// outside the room, its inner face on the wall's line.
    pub fn placement(&self, shape: &RoomShape) -> ([f64; 3], f64) {
        let w = &shape.walls[self.wall];
        let mid = w.a + w.t * (0.5 * (self.s0 + self.s1)) - w.n * (0.5 * self.thickness());
        (
            [mid.x, mid.y, 0.5 * (self.z0 + self.z1)],
            w.t.y.atan2(w.t.x),
        )
    }

    /// Length along the wall, height, thickness (metres).
    pub fn extent(&self) -> [f64; 3] {
        [self.s1 - self.s0, self.z1 - self.z0, self.thickness()]
    }
}

/// Every wall box of the room; pieces thinner than a millimetre are left out.
pub fn wall_boxes(room: &Room, shape: &RoomShape) -> Vec<WallBox> {
    let mut out = Vec::new();
    for (i, wall) in shape.walls.iter().enumerate() {
        // This wall's openings as intervals along it, with their bottom and top.
        let mut cuts: Vec<(f64, f64, OpeningKind, f64, f64)> = room
            .openings
            .iter()
            .filter(|o| shape.wall_index(&o.wall) == Some(i))
            .map(|o| {
                let (s0, s1) = shape.opening_span(i, o.offset, o.width);
                let (lo, hi) = o.span_z();
                (s0, s1, o.kind, lo, hi.min(room.height))
            })
            .collect();
        cuts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut push = |s0: f64, s1: f64, z0: f64, z1: f64, kind| {
            if s1 - s0 >= 1e-3 && z1 - z0 >= 1e-3 {
                out.push(WallBox {
                    wall: i,
                    s0,
                    s1,
                    z0,
                    z1,
                    kind,
                });
            }
        };
        let mut at: f64 = 0.0;
        for &(s0, s1, kind, lo, hi) in &cuts {
            if s0 > at {
                push(at, s0, 0.0, room.height, WallBoxKind::Wall);
            }
            let s0 = s0.max(at);
            push(s0, s1, 0.0, lo, WallBoxKind::Wall);
            push(s0, s1, hi, room.height, WallBoxKind::Wall);
            if kind == OpeningKind::Window {
                push(s0, s1, lo, hi, WallBoxKind::Glass);
            }
            at = at.max(s1);
        }
        push(at, wall.len, 0.0, room.height, WallBoxKind::Wall);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{Opening, Room};

    #[test]
    fn a_window_leaves_four_wall_pieces_and_a_pane() {
        let room = Room {
            width: 4.0,
            depth: 3.0,
            height: 2.5,
            polygon: None,
            openings: vec![Opening {
                kind: OpeningKind::Window,
                wall: "B".into(),
                offset: 1.0,
                width: 1.5,
                sill: Some(0.8),
                height: Some(1.2),
            }],
        };
        let shape = RoomShape::new(&room);
        let b: Vec<WallBox> = wall_boxes(&room, &shape)
            .into_iter()
            .filter(|b| b.wall == 0)
            .collect();
        let spans: Vec<(f64, f64, f64, f64)> = b.iter().map(|b| (b.s0, b.s1, b.z0, b.z1)).collect();
        assert_eq!(
            spans,
            vec![
                (0.0, 1.0, 0.0, 2.5),
                (1.0, 2.5, 0.0, 0.8),
                (1.0, 2.5, 2.0, 2.5),
                (1.0, 2.5, 0.8, 2.0),
                (2.5, 4.0, 0.0, 2.5)
            ]
        );
        assert_eq!(b[3].kind, WallBoxKind::Glass);
        // Solid area of wall B: its whole face less the window.
        let solid: f64 = b
            .iter()
            .filter(|b| b.kind == WallBoxKind::Wall)
            .map(|b| (b.s1 - b.s0) * (b.z1 - b.z0))
            .sum();
        assert!((solid - (4.0 * 2.5 - 1.5 * 1.2)).abs() < 1e-9);
        // The pieces stand outside: the first one's centre is 5 cm below y = 0.
        let (c, yaw) = b[0].placement(&shape);
        assert!((c[1] + 0.05).abs() < 1e-12 && yaw.abs() < 1e-12);
    }
}
