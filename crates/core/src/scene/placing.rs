//! Where a piece goes when a person moves it by hand: onto the piece it is dropped on (a lamp
//! onto a nightstand rests on its top, `support: object` with an `on_top_of`), back onto the
//! floor when dragged off, or along the walls for wall-mounted pieces. What rides on a piece
//! moves with it.

use super::model::{Object, Pose, Scene, Support};
use crate::geometry::{Footprint, Frame, RoomShape, Vec2};
use crate::relation::{Origin, Relation};

/// Pieces lower than this (rugs, mats) are stood on through, never stacked on, metres.
pub const FLAT: f64 = 0.05;

/// How far a footprint may stick out over the edge of what holds it, metres.
pub const OVERHANG: f64 = 0.01;

/// What a piece dropped at a pose would stand on.
#[derive(Clone, Debug, PartialEq)]
pub enum Rest {
    /// The floor: nothing is under its centre.
    Floor,
    /// The top of another piece, at this height.
    On {
        /// The piece below.
        target: String,
        /// Its top, metres above the floor.
        top: f64,
        /// Where the piece's centre goes: where it was dropped, or nudged inward so that a piece
        /// hanging over the edge of a top it fits on lies on it.
        center: (f64, f64),
    },
    /// Its centre is over a piece whose top is too small to hold it.
    TooSmall {
        /// The piece below.
        target: String,
        /// The piece's width and depth, and the top's, metres.
        sizes: ([f64; 2], [f64; 2]),
    },
}

impl Pose {
    /// The footprint of a piece of this size (width, depth, …) standing at this pose.
    pub fn footprint(&self, size: [f64; 2]) -> Footprint<f64> {
        Footprint::new(
            Frame::new(self.x, self.y, self.rz.to_radians()),
            Vec2::cst(0.0, 0.0),
            size,
        )
    }
}

fn footprint(size: [f64; 3], p: &Pose) -> Footprint<f64> {
    p.footprint([size[0], size[1]])
}

impl Scene {
    /// Where `id` would rest at `pose`: on the highest piece under its centre (not a flat one,
    /// not one that rides on it, not wall-mounted) whose top holds its whole footprint.
    pub fn rest_at(&self, id: &str, pose: &Pose) -> Rest {
        let Some(i) = self.object_index(id) else {
            return Rest::Floor;
        };
        let me = &self.objects[i];
        let mine = footprint(me.size, pose);
        let riders = self.riders(id);
        let heights = crate::placement::heights(self, &self.poses);
        let mut best: Option<(usize, f64)> = None;
        for (k, o) in self.objects.iter().enumerate() {
            let Some(p) = self.poses.get(&o.id) else {
                continue;
            };
            if k == i
                || o.size[2] < FLAT
                || o.support == Support::Wall
                || riders.contains(&o.id)
                || !footprint(o.size, p).contains(mine.center, 0.0)
            {
                continue;
            }
            let top = heights[k] + o.size[2];
            if best.is_none_or(|(_, t)| top > t) {
                best = Some((k, top));
            }
        }
        let Some((k, top)) = best else {
            return Rest::Floor;
        };
        let below = &self.objects[k];
        let theirs = footprint(below.size, &self.poses[&below.id]);
        if let Some(center) = onto(&mine, &theirs) {
            Rest::On {
                target: below.id.clone(),
                top,
                center,
            }
        } else {
            Rest::TooSmall {
                target: below.id.clone(),
                sizes: ([me.size[0], me.size[1]], [below.size[0], below.size[1]]),
            }
        }
    }

    /// Makes `id` rest as `rest` says: on a piece (support `object`, one `on_top_of` the
    /// designer's, its z the top) or on the floor (support `floor`, z 0, its `on_top_of`
    /// gone). `TooSmall` leaves it on the floor. Wall-mounted pieces are left as they are.
    pub fn rest_on(&mut self, id: &str, rest: &Rest) {
        let Some(i) = self.object_index(id) else {
            return;
        };
        if self.objects[i].support == Support::Wall {
            return;
        }
        let was_on: Option<String> = self.relations.iter().find_map(|r| match r {
            Relation::OnTopOf { source, target } if source == id => Some(target.clone()),
            _ => None,
        });
        match rest {
            Rest::On {
                target,
                top,
                center,
            } => {
                if was_on.as_deref() != Some(target.as_str()) {
                    self.retain_relations(
                        |r, _| !matches!(r, Relation::OnTopOf { source, .. } if source == id),
                    );
                    self.push_relation(
                        Relation::OnTopOf {
                            source: id.to_string(),
                            target: target.clone(),
                        },
                        Origin::Designer,
                    );
                }
                self.objects[i].support = Support::Object;
                if let Some(p) = self.poses.get_mut(id) {
                    (p.x, p.y, p.z) = (center.0, center.1, *top);
                }
            }
            Rest::Floor | Rest::TooSmall { .. } => {
                if was_on.is_some() {
                    self.retain_relations(
                        |r, _| !matches!(r, Relation::OnTopOf { source, .. } if source == id),
                    );
                }
                if self.objects[i].support == Support::Object {
                    self.objects[i].support = Support::Floor;
                }
                if let Some(p) = self.poses.get_mut(id) {
                    p.z = 0.0;
                }
            }
        }
    }

    /// What rests on `id`, directly or on something that does (`on_top_of` chains), in the
    /// order found; never `id` itself.
    pub fn riders(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut frontier = vec![id.to_string()];
        while let Some(below) = frontier.pop() {
            for r in &self.relations {
                if let Relation::OnTopOf { source, target } = r
                    && *target == below
                    && source != id
                    && !out.contains(source)
                {
                    out.push(source.clone());
                    frontier.push(source.clone());
                }
            }
        }
        out
    }
}

/// Where a footprint's centre goes to lie on a top: where it is when its corners are on it
/// (within the overhang), else moved inward just enough, when it fits at all.
fn onto(mine: &Footprint<f64>, top: &Footprint<f64>) -> Option<(f64, f64)> {
    // The piece's extent along the top's axes, about its centre.
    let d = mine.center - top.center;
    let (cu, cv) = (d.dot(top.u), d.dot(top.v));
    let ru = mine.radius_along(top.u);
    let rv = mine.radius_along(top.v);
    let (lu, lv) = (top.hx + OVERHANG - ru, top.hy + OVERHANG - rv);
    if lu < 0.0 || lv < 0.0 {
        return None;
    }
    let (nu, nv) = (cu.clamp(-lu, lu), cv.clamp(-lv, lv));
    let c = top.center + top.u * nu + top.v * nv;
    Some((c.x, c.y))
}

/// The pose of a wall-mounted piece moved towards `near`: its back on the nearest wall, facing
/// into the room, slid along it as far as the wall is long; its height kept.
pub fn along_wall(room: &RoomShape, object: &Object, near: &Pose) -> Pose {
    let p = Vec2::cst(near.x, near.y);
    let half_w = 0.5 * object.size[0];
    let half_d = 0.5 * object.size[1];
    let mut best: Option<(f64, Pose)> = None;
    for w in &room.walls {
        let along = (p - w.a).dot(w.t);
        let along = if w.len > 2.0 * half_w {
            along.clamp(half_w, w.len - half_w)
        } else {
            0.5 * w.len
        };
        let on = w.a + w.t * along;
        let d = (p - on).dot(p - on).sqrt();
        if best.as_ref().is_none_or(|(b, _)| d < *b) {
            let c = on + w.n * half_d;
            best = Some((
                d,
                Pose {
                    x: c.x,
                    y: c.y,
                    z: near.z,
                    rz: w.inward_yaw().to_degrees(),
                },
            ));
        }
    }
    best.map_or(*near, |(_, pose)| pose)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::parse_scene;
    use proptest::prelude::*;

    fn scene() -> Scene {
        parse_scene(
            r#"{
          "schema": "relayout.scene/1",
          "room": { "width": 4.0, "depth": 4.0, "height": 2.7 },
          "objects": [
            { "id": "nightstand-0", "category": "nightstand", "size": [0.5, 0.4, 0.55] },
            { "id": "lamp-0", "category": "lamp", "size": [0.25, 0.25, 0.4] },
            { "id": "vase-0", "category": "vase", "size": [0.1, 0.1, 0.2] },
            { "id": "sofa-0", "category": "sofa", "size": [2.0, 0.9, 0.8] },
            { "id": "rug-0", "category": "rug", "size": [2.0, 1.4, 0.01] },
            { "id": "tv-0", "category": "tv", "size": [1.2, 0.08, 0.7], "support": "wall" }
          ],
          "poses": {
            "nightstand-0": { "x": 1.0, "y": 1.0 },
            "lamp-0": { "x": 3.0, "y": 3.0 },
            "vase-0": { "x": 3.5, "y": 3.5 },
            "sofa-0": { "x": 2.0, "y": 2.5 },
            "rug-0": { "x": 2.0, "y": 1.5 },
            "tv-0": { "x": 2.0, "y": 3.96, "z": 1.2, "rz": 180 }
          }
        }"#,
        )
        .unwrap()
    }

    fn at(x: f64, y: f64) -> Pose {
        Pose {
            x,
            y,
            z: 0.0,
            rz: 0.0,
        }
    }

    #[test]
    fn a_lamp_dropped_on_a_nightstand_rests_on_it_and_comes_off_again() {
        let mut s = scene();
        let rest = s.rest_at("lamp-0", &at(1.05, 0.98));
        assert!(
            matches!(&rest, Rest::On { target, top, center } if target == "nightstand-0"
                && *top == 0.55 && (center.0 - 1.05).abs() < 1e-9 && (center.1 - 0.98).abs() < 1e-9),
            "{rest:?}"
        );
        s.poses.insert("lamp-0".into(), at(1.05, 0.98));
        s.rest_on("lamp-0", &rest);
        assert_eq!(s.poses["lamp-0"].z, 0.55);
        assert_eq!(s.objects[1].support, Support::Object);
        assert_eq!(
            s.relations,
            vec![Relation::OnTopOf {
                source: "lamp-0".into(),
                target: "nightstand-0".into()
            }]
        );
        assert_eq!(s.origin(0), &Origin::Designer);
        // A vase dropped on the lamp stacks on it, and rides with the nightstand.
        let on_lamp = s.rest_at("vase-0", &at(1.05, 0.98));
        assert!(
            matches!(&on_lamp, Rest::On { target, top, .. } if target == "lamp-0" && (top - 0.95).abs() < 1e-9),
            "{on_lamp:?}"
        );
        s.poses.insert("vase-0".into(), at(1.05, 0.98));
        s.rest_on("vase-0", &on_lamp);
        assert_eq!(s.riders("nightstand-0"), vec!["lamp-0", "vase-0"]);
        // The lamp cannot be dropped onto the vase that rides on it.
        assert!(matches!(
            s.rest_at("lamp-0", &at(1.05, 0.98)),
            Rest::On { ref target, .. } if target == "nightstand-0"
        ));
        // Dragged off onto the floor: support floor, z 0, its relation gone, the vase's kept.
        s.poses.insert("lamp-0".into(), at(3.0, 3.0));
        s.rest_on("lamp-0", &Rest::Floor);
        assert_eq!(s.poses["lamp-0"].z, 0.0);
        assert_eq!(s.objects[1].support, Support::Floor);
        assert_eq!(s.relations.len(), 1);
    }

    #[test]
    fn a_lamp_hanging_over_the_edge_is_nudged_onto_the_top() {
        // Nightstand x 0.75–1.25, y 0.8–1.2; the lamp (0.25 square) dropped at y 1.15 hangs
        // 0.075 m over the back edge: it moves in to y 1.2 + 0.01 − 0.125.
        let s = scene();
        match s.rest_at("lamp-0", &at(1.0, 1.15)) {
            Rest::On { center, .. } => {
                assert!((center.0 - 1.0).abs() < 1e-9, "{center:?}");
                assert!(
                    (center.1 - (1.2 + OVERHANG - 0.125)).abs() < 1e-9,
                    "{center:?}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_sofa_over_a_nightstand_is_refused_and_a_rug_is_stood_through() {
        let s = scene();
        assert_eq!(
            s.rest_at("sofa-0", &at(1.0, 1.1)),
            Rest::TooSmall {
                target: "nightstand-0".into(),
                sizes: ([2.0, 0.9], [0.5, 0.4])
            }
        );
        assert_eq!(s.rest_at("lamp-0", &at(2.5, 1.5)), Rest::Floor);
        let mut t = s.clone();
        t.rest_on("sofa-0", &Rest::Floor);
        assert_eq!(t, s, "resting on the floor again changes nothing");
    }

    #[test]
    fn a_wall_piece_slides_along_the_nearest_wall_facing_the_room() {
        let s = scene();
        let room = RoomShape::new(&s.room);
        let tv = &s.objects[5];
        let p = along_wall(
            &room,
            tv,
            &Pose {
                z: 1.2,
                ..at(0.2, 2.5)
            },
        );
        // The left wall (x = 0): back on it, facing +x (yaw −90°), kept inside its length.
        assert!(
            (p.x - 0.04).abs() < 1e-9 && (p.y - 2.5).abs() < 1e-9,
            "{p:?}"
        );
        assert!((p.rz + 90.0).abs() < 1e-9 && p.z == 1.2, "{p:?}");
        let corner = along_wall(&room, tv, &at(0.1, 3.95));
        // Near the top-left corner: the top wall is nearer once the TV is kept on it.
        assert!(
            (corner.x - 0.6).abs() < 1e-9 && (corner.y - 3.96).abs() < 1e-9,
            "{corner:?}"
        );
    }

    proptest! {
        #[test]
        fn a_wall_piece_always_ends_inside_the_room_against_a_wall(
            x in -1.0..5.0f64, y in -1.0..5.0f64, w in 0.1..3.0f64
        ) {
            let s = scene();
            let room = RoomShape::new(&s.room);
            let mut tv = s.objects[5].clone();
            tv.size[0] = w;
            let p = along_wall(&room, &tv, &at(x, y));
            let fp = footprint(tv.size, &p);
            prop_assert!(room.contains_footprint(&fp, 1e-6), "{:?}", p);
            let back = fp.center - fp.v * fp.hy;
            let on_wall = room.walls.iter().any(|w| w.signed_distance(back).abs() < 1e-9);
            prop_assert!(on_wall, "{:?}", p);
        }

        #[test]
        fn what_rests_on_a_piece_lies_within_its_top(
            x in 0.5..1.5f64, y in 0.5..1.5f64, rz in -180.0..180.0f64
        ) {
            let s = scene();
            let pose = Pose { rz, ..at(x, y) };
            if let Rest::On { target, center, .. } = s.rest_at("lamp-0", &pose) {
                let below = &s.objects[s.object_index(&target).unwrap()];
                let theirs = footprint(below.size, &s.poses[&target]);
                let placed = Pose { x: center.0, y: center.1, ..pose };
                for c in footprint([0.25, 0.25, 0.4], &placed).corners() {
                    prop_assert!(theirs.contains(c, OVERHANG + 1e-9));
                }
            }
        }
    }
}
