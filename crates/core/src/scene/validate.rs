//! The rules of a scene document that span fields (DESIGN §3): unique ids, references that
//! resolve, positive finite sizes, units with anchors and members, objects that fit the room.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::model::{SCENE_SCHEMA, Scene};
use crate::geometry::{RoomShape, Vec2};
use crate::relation::{Align, AlignName, Relation};

/// One problem, at one place in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Where, e.g. `relations[4].target`.
    pub path: String,
    /// What is wrong, e.g. `unknown object "lamp-9"`.
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The largest room side accepted, metres: larger numbers are mistakes (millimetres typed as
/// metres, say), and the accessibility grid would have to coarsen beyond use.
pub const MAX_ROOM_SIDE: f64 = 1000.0;

struct Checker {
    issues: Vec<Issue>,
}

impl Checker {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue {
            path: path.into(),
            message: message.into(),
        });
    }

    fn positive(&mut self, path: String, v: f64) {
        if !v.is_finite() || v <= 0.0 {
            self.push(
                path,
                format!("must be a positive finite number of metres, got {v}"),
            );
        }
    }

    fn finite(&mut self, path: String, v: f64) {
        if !v.is_finite() {
            self.push(path, format!("must be finite, got {v}"));
        }
    }

    fn non_negative(&mut self, path: String, v: f64) {
        if !v.is_finite() || v < 0.0 {
            self.push(path, format!("must be a finite number ≥ 0, got {v}"));
        }
    }
}

/// Every issue in the scene; empty when it is valid.
pub fn validate(scene: &Scene) -> Vec<Issue> {
    let mut c = Checker { issues: vec![] };
    if scene.schema != SCENE_SCHEMA {
        c.push(
            "schema",
            format!("expected \"{SCENE_SCHEMA}\", got \"{}\"", scene.schema),
        );
    }
    let room_ok = check_room(&mut c, scene);
    let shape = room_ok.then(|| RoomShape::new(&scene.room));
    check_objects(&mut c, scene, shape.as_ref());
    check_units(&mut c, scene);
    if let Some(shape) = &shape {
        check_openings(&mut c, scene, shape);
        for (i, r) in scene.relations.iter().enumerate() {
            check_relation(&mut c, scene, shape, i, r);
        }
    }
    for (id, p) in &scene.poses {
        let path = format!("poses.{id}");
        if scene.object_index(id).is_none() {
            c.push(path.clone(), format!("unknown object \"{id}\""));
        }
        for (name, v) in [("x", p.x), ("y", p.y), ("z", p.z), ("rz", p.rz)] {
            c.finite(format!("{path}.{name}"), v);
        }
        if p.x.abs() > 1e4 || p.y.abs() > 1e4 || p.z.abs() > 1e4 || p.rz.abs() > 1e6 {
            c.push(
                path,
                "is implausibly far away (more than 10 km, or a yaw beyond 10⁶°)",
            );
        }
    }
    c.issues
}

fn check_room(c: &mut Checker, scene: &Scene) -> bool {
    let r = &scene.room;
    let before = c.issues.len();
    c.positive("room.width".into(), r.width);
    c.positive("room.depth".into(), r.depth);
    c.positive("room.height".into(), r.height);
    for (name, v) in [("width", r.width), ("depth", r.depth), ("height", r.height)] {
        if v > MAX_ROOM_SIDE {
            let shown = if v < 1e6 {
                format!("{v}")
            } else {
                format!("{v:e}")
            };
            c.push(
                format!("room.{name}"),
                format!("{shown} m is larger than any room (at most {MAX_ROOM_SIDE} m)"),
            );
        }
    }
    if let Some(poly) = &r.polygon {
        if poly.len() < 3 {
            c.push(
                "room.polygon",
                format!("needs at least 3 vertices, got {}", poly.len()),
            );
        }
        for (i, p) in poly.iter().enumerate() {
            let path = format!("room.polygon[{i}]");
            if !p[0].is_finite() || !p[1].is_finite() {
                c.push(path, "coordinates must be finite");
            } else if p[0] < -0.01 || p[1] < -0.01 || p[0] > r.width + 0.01 || p[1] > r.depth + 0.01
            {
                c.push(
                    path,
                    format!(
                        "({}, {}) lies outside the room's {} × {} m bounds",
                        p[0], p[1], r.width, r.depth
                    ),
                );
            }
        }
        if c.issues.len() == before {
            let verts: Vec<Vec2<f64>> = poly.iter().map(|p| Vec2::cst(p[0], p[1])).collect();
            if let Some((i, j)) = first_crossing(&verts) {
                c.push(
                    "room.polygon",
                    format!("edges {i} and {j} cross: the outline must not intersect itself"),
                );
            } else if crate::geometry::room_shape::signed_area(&verts).abs() < 1e-6 {
                c.push("room.polygon", "encloses no area");
            }
        }
    }
    c.issues.len() == before
}

fn first_crossing(v: &[Vec2<f64>]) -> Option<(usize, usize)> {
    let n = v.len();
    let orient = |a: Vec2<f64>, b: Vec2<f64>, p: Vec2<f64>| (b - a).cross(p - a);
    for i in 0..n {
        for j in i + 1..n {
            if j == i + 1 || (i == 0 && j == n - 1) {
                continue;
            }
            let (a, b, p, q) = (v[i], v[(i + 1) % n], v[j], v[(j + 1) % n]);
            let (d1, d2) = (orient(a, b, p), orient(a, b, q));
            let (d3, d4) = (orient(p, q, a), orient(p, q, b));
            if d1 * d2 < 0.0 && d3 * d4 < 0.0 {
                return Some((i, j));
            }
        }
    }
    None
}

fn check_objects(c: &mut Checker, scene: &Scene, shape: Option<&RoomShape>) {
    if scene.objects.is_empty() {
        c.push(
            "objects",
            "the scene has no objects: there is nothing to lay out",
        );
    }
    let mut seen = HashMap::new();
    for (i, o) in scene.objects.iter().enumerate() {
        let path = format!("objects[{i}]");
        if o.id.trim().is_empty() {
            c.push(format!("{path}.id"), "must not be empty");
        }
        if let Some(first) = seen.insert(o.id.as_str(), i) {
            c.push(
                format!("{path}.id"),
                format!("duplicate id \"{}\" (also objects[{first}])", o.id),
            );
        }
        let before = c.issues.len();
        for (k, v) in o.size.iter().enumerate() {
            c.positive(format!("{path}.size[{k}]"), *v);
        }
        if c.issues.len() != before {
            continue;
        }
        let Some(shape) = shape else { continue };
        let b = shape.bounds();
        let (rw, rd) = (b[2] - b[0], b[3] - b[1]);
        let (lo, hi) = (o.size[0].min(o.size[1]), o.size[0].max(o.size[1]));
        if lo > rw.min(rd) + 1e-9 || hi > rw.max(rd) + 1e-9 {
            c.push(
                format!("{path}.size"),
                format!(
                    "\"{}\" ({} × {} m) is larger than the {rw} × {rd} m room",
                    o.id, o.size[0], o.size[1]
                ),
            );
        }
        if o.size[2] > shape.height + 1e-9 {
            c.push(
                format!("{path}.size[2]"),
                format!(
                    "\"{}\" is {} m tall, the room only {} m",
                    o.id, o.size[2], shape.height
                ),
            );
        }
    }
}

fn check_units(c: &mut Checker, scene: &Scene) {
    let objects: HashSet<&str> = scene.objects.iter().map(|o| o.id.as_str()).collect();
    let mut unit_ids = HashSet::new();
    let mut owner: HashMap<&str, &str> = HashMap::new();
    for (i, u) in scene.units.iter().enumerate() {
        let path = format!("units[{i}]");
        if objects.contains(u.id.as_str()) {
            c.push(
                format!("{path}.id"),
                format!("\"{}\" is already an object id", u.id),
            );
        }
        if !unit_ids.insert(u.id.as_str()) {
            c.push(
                format!("{path}.id"),
                format!("duplicate unit id \"{}\"", u.id),
            );
        }
        if !objects.contains(u.anchor.as_str()) {
            c.push(
                format!("{path}.anchor"),
                format!("unknown object \"{}\"", u.anchor),
            );
        }
        let all = std::iter::once((format!("{path}.anchor"), &u.anchor)).chain(
            u.members
                .iter()
                .enumerate()
                .map(|(k, m)| (format!("{path}.members[{k}]"), m)),
        );
        for (p, m) in all {
            if p.ends_with(']') && !objects.contains(m.as_str()) {
                c.push(p.clone(), format!("unknown object \"{m}\""));
                continue;
            }
            if p.ends_with(']') && *m == u.anchor {
                c.push(
                    p.clone(),
                    format!("\"{m}\" is the unit's anchor; list only the other members"),
                );
                continue;
            }
            if let Some(prev) = owner.insert(m.as_str(), u.id.as_str()) {
                c.push(p, format!("\"{m}\" already belongs to unit \"{prev}\"; an object is in at most one unit"));
            }
        }
    }
}

fn check_openings(c: &mut Checker, scene: &Scene, shape: &RoomShape) {
    for (i, o) in scene.room.openings.iter().enumerate() {
        let path = format!("room.openings[{i}]");
        let Some(wall) = shape.wall(&o.wall) else {
            c.push(
                format!("{path}.wall"),
                format!("unknown wall \"{}\" ({})", o.wall, wall_names(shape)),
            );
            continue;
        };
        c.non_negative(format!("{path}.offset"), o.offset);
        c.positive(format!("{path}.width"), o.width);
        if o.width > wall.len + 0.01 {
            c.push(
                format!("{path}.width"),
                format!(
                    "the {} is {} m wide, wider than wall {} ({:.2} m)",
                    super::kind_name(o.kind),
                    o.width,
                    o.wall,
                    wall.len
                ),
            );
        } else if o.offset + o.width > wall.len + 0.01 {
            c.push(
                path.clone(),
                format!(
                    "runs past the end of wall {} ({} + {} > {:.2} m)",
                    o.wall, o.offset, o.width, wall.len
                ),
            );
        }
        for (name, v) in [("sill", o.sill), ("height", o.height)] {
            if let Some(v) = v {
                c.non_negative(format!("{path}.{name}"), v);
            }
        }
        let (lo, hi) = o.span_z();
        if o.height.is_some_and(|h| h <= 0.0) {
            c.positive(format!("{path}.height"), o.height.unwrap_or(0.0));
        } else if (o.sill.is_some() || o.height.is_some()) && hi > scene.room.height + 0.01 {
            // Only given sizes are checked: the defaults (a 2.1 m door) are cut at the ceiling.
            c.push(
                path.clone(),
                format!(
                    "its top ({lo} + {} = {hi} m) is above the {} m ceiling",
                    hi - lo,
                    scene.room.height
                ),
            );
        }
        // Two openings of one wall must not overlap along it.
        for (j, p) in scene.room.openings.iter().enumerate().take(i) {
            if shape.wall_index(&p.wall) != shape.wall_index(&o.wall) {
                continue;
            }
            let Some(k) = shape.wall_index(&o.wall) else {
                continue;
            };
            let (a0, a1) = shape.opening_span(k, o.offset, o.width);
            let (b0, b1) = shape.opening_span(k, p.offset, p.width);
            if a0 < b1 - 0.01 && b0 < a1 - 0.01 {
                c.push(
                    path.clone(),
                    format!(
                        "overlaps room.openings[{j}] on wall {} ({:.2}–{:.2} m and {:.2}–{:.2} m)",
                        o.wall, a0, a1, b0, b1
                    ),
                );
            }
        }
    }
}

fn wall_names(shape: &RoomShape) -> String {
    if shape.rectangle {
        "walls are L, R, B, T".into()
    } else {
        format!("walls are w0..w{}", shape.walls.len() - 1)
    }
}

fn check_relation(c: &mut Checker, scene: &Scene, shape: &RoomShape, i: usize, r: &Relation) {
    let path = format!("relations[{i}]");
    let is_object = |id: &str| scene.object_index(id).is_some();
    let is_unit = |id: &str| scene.unit_index(id).is_some();
    for (field, id) in r.references() {
        if !is_object(id) && !is_unit(id) {
            c.push(
                format!("{path}.{field}"),
                format!("unknown object \"{id}\""),
            );
        }
    }
    let objects_only = |c: &mut Checker, field: &str, id: &str| {
        if is_unit(id) {
            c.push(
                format!("{path}.{field}"),
                format!("\"{id}\" is a unit; {} needs an object", r.kind()),
            );
        }
    };
    let wall_ok = |c: &mut Checker, wall: &str| {
        if shape.wall(wall).is_none() {
            c.push(
                format!("{path}.wall"),
                format!("unknown wall \"{wall}\" ({})", wall_names(shape)),
            );
        }
    };
    let distinct = |c: &mut Checker, s: &str, t: &str| {
        if s == t {
            c.push(
                format!("{path}.target"),
                format!("\"{t}\" is also the source: a relation needs two things"),
            );
        }
    };
    match r {
        Relation::AgainstWall { wall, .. } => wall_ok(c, wall),
        Relation::Corner { corner, wall, .. } => match shape.corner_index(corner) {
            None => c.push(
                format!("{path}.corner"),
                format!("unknown corner \"{corner}\""),
            ),
            Some(k) => match shape.wall_index(wall) {
                None => wall_ok(c, wall),
                Some(w) if !shape.corner_walls(k).contains(&w) => c.push(
                    format!("{path}.wall"),
                    format!("wall \"{wall}\" does not meet corner \"{corner}\""),
                ),
                Some(_) => {}
            },
        },
        Relation::Position { x, y, .. } => {
            if x.is_none() && y.is_none() {
                c.push(path.clone(), "position needs x, y or both");
            }
            for (name, v) in [("x", x), ("y", y)] {
                if let Some(v) = v {
                    c.finite(format!("{path}.{name}"), *v);
                }
            }
        }
        Relation::OnWall {
            source,
            wall,
            height,
        } => {
            wall_ok(c, wall);
            objects_only(c, "source", source);
            c.non_negative(format!("{path}.height"), *height);
            if let Some(o) = scene.object_index(source).map(|k| &scene.objects[k])
                && height + o.size[2] > shape.height + 1e-9
            {
                c.push(
                    format!("{path}.height"),
                    format!("\"{source}\" would reach above the ceiling"),
                );
            }
        }
        Relation::LeftOf {
            source,
            target,
            clearance,
            align,
        }
        | Relation::RightOf {
            source,
            target,
            clearance,
            align,
        } => {
            distinct(c, source, target);
            c.non_negative(format!("{path}.clearance"), *clearance);
            check_align(
                c,
                &path,
                *align,
                [AlignName::Back, AlignName::Center, AlignName::Front],
            );
        }
        Relation::InFrontOf {
            source,
            target,
            clearance,
            align,
        }
        | Relation::Behind {
            source,
            target,
            clearance,
            align,
        } => {
            distinct(c, source, target);
            c.non_negative(format!("{path}.clearance"), *clearance);
            check_align(
                c,
                &path,
                *align,
                [AlignName::Left, AlignName::Center, AlignName::Right],
            );
        }
        Relation::Around {
            sources,
            target,
            distance,
            sweep,
        } => {
            if sources.is_empty() {
                c.push(format!("{path}.sources"), "needs at least one source");
            }
            for (k, s) in sources.iter().enumerate() {
                if s == target {
                    c.push(
                        format!("{path}.sources[{k}]"),
                        format!("\"{s}\" is also the target"),
                    );
                }
            }
            c.non_negative(format!("{path}.distance"), *distance);
            if !sweep.is_finite() || *sweep <= 0.0 || *sweep > 360.0 {
                c.push(
                    format!("{path}.sweep"),
                    format!("must be in (0, 360] degrees, got {sweep}"),
                );
            }
        }
        Relation::Facing {
            source,
            target,
            wall,
            mutual,
            ..
        } => match (target, wall) {
            (Some(t), None) => distinct(c, source, t),
            (None, Some(w)) => {
                wall_ok(c, w);
                if *mutual {
                    c.push(format!("{path}.mutual"), "a wall cannot face back");
                }
            }
            _ => c.push(path.clone(), "facing needs exactly one of target and wall"),
        },
        Relation::Align {
            source,
            target,
            angle,
        } => {
            distinct(c, source, target);
            c.finite(format!("{path}.angle"), *angle);
        }
        Relation::Distance {
            source,
            target,
            min,
            max,
        } => {
            distinct(c, source, target);
            c.finite(format!("{path}.min"), *min);
            c.finite(format!("{path}.max"), *max);
            if min > max {
                c.push(path.clone(), format!("min {min} is greater than max {max}"));
            }
        }
        Relation::OnTopOf { source, target } => {
            distinct(c, source, target);
            objects_only(c, "source", source);
            objects_only(c, "target", target);
        }
        Relation::ClearFront { depth, .. } => c.positive(format!("{path}.depth"), *depth),
        Relation::KeepClear { area } => {
            for (k, v) in area.iter().enumerate() {
                c.finite(format!("{path}.area[{k}]"), *v);
            }
            if !(area[0] < area[2] && area[1] < area[3]) {
                c.push(
                    format!("{path}.area"),
                    format!("must be [min x, min y, max x, max y] with min < max, got {area:?}"),
                );
            }
        }
    }
}

fn check_align(c: &mut Checker, path: &str, align: Align, allowed: [AlignName; 3]) {
    match align {
        Align::Fraction(f) if !(0.0..=1.0).contains(&f) => c.push(
            format!("{path}.align"),
            format!("a fraction must be within 0..1, got {f}"),
        ),
        Align::Named(n) if !allowed.contains(&n) => {
            let names: Vec<String> = allowed
                .iter()
                .map(|a| format!("{a:?}").to_lowercase())
                .collect();
            c.push(
                format!("{path}.align"),
                format!(
                    "\"{}\" does not apply here; use {}",
                    format!("{n:?}").to_lowercase(),
                    names.join(", ")
                ),
            )
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::{SceneError, parse_scene};

    fn scene_with(objects: &str, units: &str, relations: &str) -> String {
        format!(
            r#"{{"schema":"relayout.scene/1","room":{{"width":4,"depth":3,"height":2.7}},
               "objects":[{objects}],"units":[{units}],"relations":[{relations}]}}"#
        )
    }

    const BED: &str = r#"{"id":"bed-0","category":"bed","size":[1.6,2.1,0.55]}"#;
    const LAMP: &str = r#"{"id":"lamp-0","category":"lamp","size":[0.3,0.3,1.5]}"#;

    fn issues(text: &str) -> Vec<String> {
        match parse_scene(text) {
            Err(SceneError::Invalid(v)) => v.iter().map(|i| i.to_string()).collect(),
            other => panic!("expected validation issues, got {other:?}"),
        }
    }

    #[test]
    fn relation_naming_a_missing_object_is_located() {
        let rels = r#"{"type":"against_wall","source":"bed-0","wall":"L"},
                      {"type":"left_of","source":"lamp-9","target":"bed-0"}"#;
        let got = issues(&scene_with(BED, "", rels));
        assert_eq!(got, vec![r#"relations[1].source: unknown object "lamp-9""#]);
    }

    #[test]
    fn unit_with_missing_anchor_and_duplicate_membership() {
        let units = r#"{"id":"sleep","anchor":"bed-9","members":["lamp-0"]},{"id":"read","anchor":"lamp-0"}"#;
        let got = issues(&scene_with(&format!("{BED},{LAMP}"), units, ""));
        assert!(
            got.contains(&r#"units[0].anchor: unknown object "bed-9""#.to_string()),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|g| g
                    .starts_with("units[1].anchor: \"lamp-0\" already belongs to unit \"sleep\"")),
            "{got:?}"
        );
    }

    #[test]
    fn negative_size_duplicate_id_and_oversized_object() {
        let objs = format!(
            r#"{BED},{{"id":"bed-0","category":"x","size":[-1,1,1]}},{{"id":"wall-unit","category":"x","size":[5.0,0.5,2.0]}}"#
        );
        let got = issues(&scene_with(&objs, "", ""));
        assert!(
            got.contains(&r#"objects[1].id: duplicate id "bed-0" (also objects[0])"#.to_string()),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|g| g.starts_with("objects[1].size[0]: must be a positive finite number")),
            "{got:?}"
        );
        assert!(
            got.iter().any(|g| g.starts_with(
                "objects[2].size: \"wall-unit\" (5 × 0.5 m) is larger than the 4 × 3 m room"
            )),
            "{got:?}"
        );
    }

    #[test]
    fn empty_room_and_zero_width() {
        let text = r#"{"schema":"relayout.scene/1","room":{"width":0,"depth":3,"height":2.7},"objects":[]}"#;
        let got = issues(text);
        assert!(
            got.iter()
                .any(|g| g.starts_with("room.width: must be a positive")),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|g| g.starts_with("objects: the scene has no objects")),
            "{got:?}"
        );
    }

    #[test]
    fn wrong_alignment_name_and_corner_wall_mismatch() {
        let rels = r#"{"type":"in_front_of","source":"lamp-0","target":"bed-0","align":"back"},
                      {"type":"corner","source":"bed-0","corner":"BL","wall":"T"}"#;
        let got = issues(&scene_with(&format!("{BED},{LAMP}"), "", rels));
        assert!(
            got.iter()
                .any(|g| g.starts_with("relations[0].align: \"back\" does not apply here")),
            "{got:?}"
        );
        assert!(
            got.contains(&r#"relations[1].wall: wall "T" does not meet corner "BL""#.to_string()),
            "{got:?}"
        );
    }

    #[test]
    fn a_room_kilometres_wide_is_a_mistake() {
        let text = r#"{"schema":"relayout.scene/1","room":{"width":5e9,"depth":3,"height":2.7},
            "objects":[{"id":"a","category":"box","size":[0.5,0.5,0.5]}]}"#;
        assert_eq!(
            issues(text),
            vec!["room.width: 5e9 m is larger than any room (at most 1000 m)"]
        );
    }

    #[test]
    fn self_crossing_polygon_is_refused() {
        let text = r#"{"schema":"relayout.scene/1","room":{"width":4,"depth":4,"height":2.7,
            "polygon":[[0,0],[4,4],[4,0],[0,4]]},"objects":[{"id":"a","category":"box","size":[0.5,0.5,0.5]}]}"#;
        let got = issues(text);
        assert!(got.iter().any(|g| g.contains("cross")), "{got:?}");
    }
}
