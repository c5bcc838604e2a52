//! Editing verbs on a scene, as the editor and scripts use them: delete objects (their
//! relations and unit memberships go with them), duplicate or paste one beside the original
//! under a fresh id.

use super::model::{Object, Pose, Scene};
use crate::relation::Relation;

impl Scene {
    /// A fresh id like `like`: its stem (`sofa` of `sofa-0`) with the first free number.
    pub fn fresh_id(&self, like: &str) -> String {
        let stem = match like.rsplit_once('-') {
            Some((s, n)) if !s.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => s,
            _ => like,
        };
        let taken = |id: &str| self.object_index(id).is_some() || self.unit_index(id).is_some();
        (0..)
            .map(|n| format!("{stem}-{n}"))
            .find(|id| !taken(id))
            .expect("some number is free")
    }

    /// Removes objects with their poses, the relations that name them (an `around` loses
    /// just them from its sources) and their places in units (a unit whose anchor goes is
    /// dissolved: its members stay, on their own). Returns how many relations went.
    pub fn remove_objects(&mut self, ids: &[String]) -> usize {
        let gone = |id: &str| ids.iter().any(|i| i == id);
        self.objects.retain(|o| !gone(&o.id));
        self.poses.retain(|id, _| !gone(id));
        let dissolved: Vec<String> = self
            .units
            .iter()
            .filter(|u| gone(&u.anchor))
            .map(|u| u.id.clone())
            .collect();
        self.units.retain(|u| !gone(&u.anchor));
        for u in &mut self.units {
            u.members.retain(|m| !gone(m));
        }
        let before = self.relations.len();
        let unit_gone = |id: &str| dissolved.iter().any(|d| d == id);
        let mut rels: Vec<(Relation, crate::relation::Origin)> = Vec::new();
        for (r, o) in self.relations_with_origins() {
            let mut r = r.clone();
            if let Relation::Around { sources, .. } = &mut r {
                sources.retain(|s| !gone(s) && !unit_gone(s));
                if sources.is_empty() {
                    continue;
                }
            }
            if r.references()
                .iter()
                .any(|(_, id)| gone(id) || unit_gone(id))
            {
                continue;
            }
            rels.push((r, o.clone()));
        }
        let changed =
            rels.len() != before || rels.iter().zip(&self.relations).any(|((a, _), b)| a != b);
        if changed {
            self.set_relations(rels);
        }
        before - self.relations.len()
    }

    /// Adds a copy of `object` under a fresh id, beside `near` (one footprint to its right,
    /// else to its left, else in front) when given. Returns the new id.
    pub fn add_copy(&mut self, object: &Object, near: Option<Pose>) -> String {
        let id = self.fresh_id(&object.id);
        let mut copy = object.clone();
        copy.id = id.clone();
        if let Some(p) = near {
            let room = crate::geometry::RoomShape::new(&self.room);
            let yaw = p.rz.to_radians();
            let (c, s) = (yaw.cos(), yaw.sin());
            let (w, d) = (object.size[0] + 0.1, object.size[1] + 0.1);
            let candidates = [(w, 0.0), (-w, 0.0), (0.0, d), (0.0, -d)];
            let inside = |dx: f64, dy: f64| {
                let q = Pose {
                    x: p.x + c * dx - s * dy,
                    y: p.y + s * dx + c * dy,
                    ..p
                };
                let fp = q.footprint([object.size[0], object.size[1]]);
                room.contains_footprint(&fp, 0.01).then_some(q)
            };
            let pose = candidates
                .iter()
                .find_map(|&(dx, dy)| inside(dx, dy))
                .unwrap_or(Pose {
                    x: p.x + c * w,
                    y: p.y + s * w,
                    ..p
                });
            self.poses.insert(id.clone(), pose);
        }
        self.objects.push(copy);
        id
    }
}

impl Scene {
    /// Adds copies of several objects under fresh ids, moved together by one offset (the
    /// group's width to the right, else left, else its depth up or down: the first that keeps
    /// every copy in the room), so that they keep their arrangement. One object is
    /// [`Scene::add_copy`]. Returns the new ids in order.
    pub fn add_copies(&mut self, items: &[(Object, Option<Pose>)]) -> Vec<String> {
        if let [(object, pose)] = items {
            return vec![self.add_copy(object, *pose)];
        }
        let room = crate::geometry::RoomShape::new(&self.room);
        let fps: Vec<Option<crate::geometry::Footprint<f64>>> = items
            .iter()
            .map(|(o, p)| p.map(|p| p.footprint([o.size[0], o.size[1]])))
            .collect();
        let boxes: Vec<crate::geometry::Aabb2> = fps.iter().flatten().map(|f| f.aabb()).collect();
        let lo = boxes.iter().fold([f64::MAX; 2], |m, b| {
            [m[0].min(b.min[0]), m[1].min(b.min[1])]
        });
        let hi = boxes.iter().fold([f64::MIN; 2], |m, b| {
            [m[0].max(b.max[0]), m[1].max(b.max[1])]
        });
        let (w, d) = (hi[0] - lo[0] + 0.1, hi[1] - lo[1] + 0.1);
        let fits = |dx: f64, dy: f64| {
            fps.iter().flatten().all(|f| {
                let mut g = *f;
                g.center = g.center + crate::geometry::Vec2::cst(dx, dy);
                room.contains_footprint(&g, 0.01)
            })
        };
        let (dx, dy) = [(w, 0.0), (-w, 0.0), (0.0, d), (0.0, -d)]
            .into_iter()
            .find(|&(dx, dy)| fits(dx, dy))
            .unwrap_or((w, 0.0));
        let mut ids = Vec::with_capacity(items.len());
        for (object, pose) in items {
            let id = self.fresh_id(&object.id);
            let mut copy = object.clone();
            copy.id = id.clone();
            if let Some(p) = pose {
                let moved = Pose {
                    x: p.x + dx,
                    y: p.y + dy,
                    ..*p
                };
                self.poses.insert(id.clone(), moved);
            }
            self.objects.push(copy);
            ids.push(id);
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use crate::relation::{Origin, Relation};
    use crate::scene::Pose;
    use crate::scene::parse_scene;

    fn scene() -> crate::scene::Scene {
        parse_scene(
            r#"{"schema": "relayout.scene/1",
            "room": {"width": 5, "depth": 4, "height": 2.7},
            "objects": [
              {"id": "bed-0", "category": "bed", "size": [1.6, 2, 0.5]},
              {"id": "nightstand-0", "category": "nightstand", "size": [0.4, 0.4, 0.5]},
              {"id": "chair-0", "category": "chair", "size": [0.5, 0.5, 0.9]},
              {"id": "chair-1", "category": "chair", "size": [0.5, 0.5, 0.9]},
              {"id": "table-0", "category": "table", "size": [1, 1, 0.75]}
            ],
            "units": [{"id": "sleep", "anchor": "bed-0", "members": ["nightstand-0"]}],
            "relations": [
              {"type": "against_wall", "source": "sleep", "wall": "L"},
              {"type": "left_of", "source": "nightstand-0", "target": "bed-0"},
              {"type": "around", "sources": ["chair-0", "chair-1"], "target": "table-0", "origin": "planner"},
              {"type": "facing", "source": "chair-0", "target": "table-0"}
            ],
            "poses": {"chair-0": {"x": 1, "y": 1, "rz": 0}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn deleting_takes_the_relations_and_memberships_with_it() {
        let mut s = scene();
        assert_eq!(s.remove_objects(&["chair-0".into()]), 1);
        assert!(s.poses.is_empty());
        assert!(
            matches!(&s.relations[2], Relation::Around { sources, .. } if sources == &["chair-1".to_string()])
        );
        assert_eq!(
            s.origin(2),
            &Origin::Planner,
            "origins stay with their relations"
        );
        // The anchor goes: the unit is dissolved and relations naming it go too.
        assert_eq!(s.remove_objects(&["bed-0".into()]), 2);
        assert!(s.units.is_empty());
        assert!(s.object_index("nightstand-0").is_some());
        assert!(crate::scene::validate::validate(&s).is_empty());
    }

    #[test]
    fn a_copy_gets_a_fresh_id_beside_the_original() {
        let mut s = scene();
        let chair = s.objects[2].clone();
        let id = s.add_copy(&chair, s.poses.get("chair-0").copied());
        assert_eq!(id, "chair-2");
        let p = s.poses[&id];
        assert!(
            (p.x - 1.6).abs() < 1e-9 && (p.y - 1.0).abs() < 1e-9,
            "{p:?}"
        );
        assert_eq!(s.fresh_id("sleep"), "sleep-0");
        assert!(crate::scene::validate::validate(&s).is_empty());
    }

    #[test]
    fn copies_of_a_group_move_together_and_keep_their_arrangement() {
        let mut s = scene();
        let at = |x, y| Pose {
            x,
            y,
            z: 0.0,
            rz: 0.0,
        };
        s.poses.insert("bed-0".into(), at(1.0, 2.0));
        s.poses.insert("nightstand-0".into(), at(2.1, 2.8));
        let items: Vec<(crate::scene::Object, Option<Pose>)> = ["bed-0", "nightstand-0"]
            .iter()
            .map(|id| {
                let i = s.object_index(id).unwrap();
                (s.objects[i].clone(), s.poses.get(*id).copied())
            })
            .collect();
        let before = s.objects.len();
        let ids = s.add_copies(&items);
        assert_eq!(s.objects.len(), before + 2);
        assert!(
            ids.iter()
                .all(|id| !["bed-0", "nightstand-0"].contains(&id.as_str()))
        );
        let (a, b) = (s.poses[&ids[0]], s.poses[&ids[1]]);
        let (a0, b0) = (s.poses["bed-0"], s.poses["nightstand-0"]);
        assert!(((a.x - b.x) - (a0.x - b0.x)).abs() < 1e-9);
        assert!(((a.y - b.y) - (a0.y - b0.y)).abs() < 1e-9);
        assert!(
            (a.x - a0.x).abs() > 0.5 || (a.y - a0.y).abs() > 0.5,
            "moved: {a:?} {a0:?}"
        );
    }
}
