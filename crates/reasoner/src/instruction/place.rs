//! Places of the room in words: walls by plan side or compass ("the left wall", "north"), by
//! what they hold ("the wall with the window", "the wall opposite the door", "the long wall"),
//! corners ("top-left", "north-east", "the corner nearest the door", "a corner"), the doors
//! and windows, and the middle.

use relayout_core::geometry::{RoomShape, Vec2};
use relayout_core::scene::{OpeningKind, Scene};

/// The words places are made of (for typo correction).
pub const PLACE_WORDS: &[&str] = &[
    "left",
    "right",
    "top",
    "bottom",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "upper",
    "lower",
    "wall",
    "walls",
    "corner",
    "corners",
    "window",
    "windows",
    "door",
    "doorway",
    "entrance",
    "middle",
    "center",
    "long",
    "longer",
    "longest",
    "short",
    "shorter",
    "shortest",
    "opposite",
    "nearest",
    "closest",
    "farthest",
    "furthest",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "back",
    "rear",
    "front",
    "room",
];

/// A place the text names.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// A wall, by index into the room's walls.
    Wall(usize),
    /// Some wall, the reader's choice.
    AnyWall,
    /// A corner, by vertex index.
    Corner(usize),
    /// Some corner, the reader's choice (one per object).
    AnyCorner,
    /// The corner on one side ("the left corner"): of the wall the object is put against, or
    /// of the room. The direction is the inward normal of the side's wall.
    SideCorner(Vec2<f64>),
    /// The first of these corners the object fits in (nearest or farthest from something).
    CornerNear(Vec<usize>),
    /// A door or window, by index into `room.openings`.
    Opening(usize),
    /// Every window.
    Windows,
    /// The middle of the room.
    Middle,
    /// The middle of a wall.
    WallMiddle(usize),
    /// A kind of opening the room does not have (`the window` in a room without one).
    Missing(&'static str),
    /// The wall opposite an object (resolved once the object's wall is known).
    OppositeOf(String),
    /// The wall an object is against ("the TV wall").
    WallOf(Vec<usize>),
}

/// The room's geometry as the reader needs it.
pub struct Room<'a> {
    /// The scene.
    pub scene: &'a Scene,
    /// Its shape.
    pub shape: RoomShape,
}

/// A plan direction: the inward normal of the wall named by it.
fn direction(word: &str) -> Option<Vec2<f64>> {
    Some(match word {
        "left" | "west" | "western" | "l" | "w" => Vec2::cst(1.0, 0.0),
        "right" | "east" | "eastern" | "r" | "e" => Vec2::cst(-1.0, 0.0),
        "top" | "north" | "northern" | "upper" | "t" | "n" => Vec2::cst(0.0, -1.0),
        "bottom" | "south" | "southern" | "lower" | "b" | "s" => Vec2::cst(0.0, 1.0),
        _ => return None,
    })
}

/// Compass and plan corners written as one word.
fn corner_word(word: &str) -> Option<(Vec2<f64>, Vec2<f64>)> {
    let (a, b) = match word {
        "northeast" | "ne" | "tr" => ("north", "east"),
        "northwest" | "nw" | "tl" => ("north", "west"),
        "southeast" | "se" | "br" => ("south", "east"),
        "southwest" | "sw" | "bl" => ("south", "west"),
        _ => return None,
    };
    Some((direction(a)?, direction(b)?))
}

impl<'a> Room<'a> {
    /// The room of a scene.
    pub fn new(scene: &'a Scene) -> Self {
        Room {
            scene,
            shape: RoomShape::new(&scene.room),
        }
    }

    /// The wall whose inward normal is `n`: the longest of those facing that way, the outermost
    /// when two are as long.
    pub fn wall_facing(&self, n: Vec2<f64>) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for (i, w) in self.shape.walls.iter().enumerate() {
            if w.n.dot(n) < 0.7 {
                continue;
            }
            // Outer walls are those farthest along -n.
            let outer = -(w.a + w.b).scale(0.5).dot(n);
            let score = w.len + 0.01 * outer;
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
        best.map(|(_, i)| i)
    }

    /// The wall opposite wall `w`.
    pub fn opposite(&self, w: usize) -> Option<usize> {
        self.wall_facing(-self.shape.walls[w].n)
    }

    /// The wall an opening is in.
    pub fn opening_wall(&self, o: usize) -> Option<usize> {
        self.shape.wall_index(&self.scene.room.openings[o].wall)
    }

    /// The opening's two ends.
    pub fn opening_ends(&self, o: usize) -> Option<(Vec2<f64>, Vec2<f64>)> {
        let op = &self.scene.room.openings[o];
        self.shape.opening_segment(&op.wall, op.offset, op.width)
    }

    /// The first opening of a kind.
    pub fn first(&self, kind: OpeningKind) -> Option<usize> {
        self.openings_of(kind).next()
    }

    /// The openings of a kind, by index into `room.openings`, in the document's order.
    pub fn openings_of(&self, kind: OpeningKind) -> impl Iterator<Item = usize> + '_ {
        self.scene
            .room
            .openings
            .iter()
            .enumerate()
            .filter(move |(_, o)| o.kind == kind)
            .map(|(i, _)| i)
    }

    /// The centre of the room (of its outline's bounds, or its vertices' mean when that lies
    /// outside an L-shape).
    pub fn middle(&self) -> Vec2<f64> {
        let b = self.shape.bounds();
        let c = Vec2::cst(0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3]));
        if self.shape.contains_point(c) {
            return c;
        }
        // The middle of the largest inscribed region: try the vertices' mean, then a grid.
        let n = self.shape.vertices.len() as f64;
        let mean = self
            .shape
            .vertices
            .iter()
            .fold(Vec2::cst(0.0, 0.0), |a, v| a + *v)
            .scale(1.0 / n);
        if self.shape.contains_point(mean) {
            return mean;
        }
        let mut best = (f64::MIN, c);
        for iy in 1..20 {
            for ix in 1..20 {
                let p = Vec2::cst(
                    b[0] + (b[2] - b[0]) * ix as f64 / 20.0,
                    b[1] + (b[3] - b[1]) * iy as f64 / 20.0,
                );
                if self.shape.contains_point(p) {
                    let d = -self.shape.boundary_distance(p);
                    if d.abs() > best.0 {
                        best = (d.abs(), p);
                    }
                }
            }
        }
        best.1
    }

    /// The room's diagonal, metres: no distance inside it is longer.
    pub fn diagonal(&self) -> f64 {
        let b = self.shape.bounds();
        ((b[2] - b[0]).powi(2) + (b[3] - b[1]).powi(2)).sqrt()
    }

    /// The corner (a convex vertex) farthest along `dir`.
    pub fn corner_towards(&self, dir: Vec2<f64>) -> Option<usize> {
        (0..self.shape.vertices.len())
            .filter(|v| !self.shape.reflex.contains(v))
            .max_by(|&a, &b| {
                self.shape.vertices[a]
                    .dot(dir)
                    .total_cmp(&self.shape.vertices[b].dot(dir))
            })
    }

    /// The corners by distance from a point, nearest first (farthest first, `far`).
    pub fn corners_by_distance(&self, p: Vec2<f64>, far: bool) -> Vec<usize> {
        let mut corners: Vec<usize> = (0..self.shape.vertices.len())
            .filter(|v| !self.shape.reflex.contains(v))
            .collect();
        let d = |v: &usize| (self.shape.vertices[*v] - p).len();
        corners.sort_by(|a, b| d(a).total_cmp(&d(b)));
        if far {
            corners.reverse();
        }
        corners
    }

    /// The centre of an opening.
    pub fn opening_centre(&self, o: usize) -> Option<Vec2<f64>> {
        self.opening_ends(o).map(|(a, b)| (a + b).scale(0.5))
    }

    /// The corner's name as relations spell it.
    pub fn corner_name(&self, v: usize) -> String {
        if self.shape.rectangle {
            ["BL", "BR", "TR", "TL"][v % 4].to_owned()
        } else {
            format!("c{v}")
        }
    }

    /// The wall's name.
    pub fn wall_name(&self, w: usize) -> String {
        self.shape.walls[w].name.clone()
    }

    /// The wall in words ("the left wall (L)", "wall w3").
    pub fn wall_words(&self, w: usize) -> String {
        let name = self.wall_name(w);
        let side = match self.shape.walls[w].n {
            n if n.x > 0.9 => "left",
            n if n.x < -0.9 => "right",
            n if n.y < -0.9 => "top",
            n if n.y > 0.9 => "bottom",
            _ => "",
        };
        if side.is_empty() {
            format!("wall {name}")
        } else {
            format!("the {side} wall ({name})")
        }
    }

    /// A place starting at `tokens[k]` (after any article), and how many tokens it spans.
    pub fn place_at(&self, tokens: &[String], k: usize) -> Option<(Place, usize)> {
        let t = |i: usize| tokens.get(i).map(String::as_str).unwrap_or("");
        let mut j = k;
        while matches!(t(j), "the" | "a" | "an" | "one" | "any" | "of") {
            j += 1;
        }
        let start = j;
        let w0 = t(j);
        let any = (k..start).any(|i| matches!(t(i), "a" | "an" | "any" | "one"));

        // Corners.
        let corner_word_at = |i: usize| matches!(t(i), "corner" | "corners");
        if let Some((a, b)) = corner_word(w0) {
            let n = if corner_word_at(j + 1) { 2 } else { 1 };
            return self
                .corner_towards(-(a + b))
                .map(|v| (Place::Corner(v), j + n - k));
        }
        if let Some(d) = direction(w0).filter(|_| corner_word_at(j + 1)) {
            return Some((Place::SideCorner(d), j + 2 - k));
        }
        if let (Some(a), Some(b)) = (direction(w0), direction(t(j + 1)))
            && a.dot(b).abs() < 0.1
        {
            let n = if corner_word_at(j + 2) { 3 } else { 2 };
            if n == 3 || matches!(t(j + 2), "" | "," | "." | "and") {
                return self
                    .corner_towards(-(a + b))
                    .map(|v| (Place::Corner(v), j + n - k));
            }
        }
        if matches!(w0, "far" | "farthest" | "furthest") && corner_word_at(j + 1) {
            let door = self
                .first(OpeningKind::Door)
                .and_then(|d| self.opening_centre(d))
                .unwrap_or(Vec2::cst(0.0, 0.0));
            return Some((
                Place::CornerNear(self.corners_by_distance(door, true)),
                j + 2 - k,
            ));
        }
        if corner_word_at(j) {
            // "the corner nearest (to) the door", "the corner farthest from the window".
            let mut i = j + 1;
            let near = match t(i) {
                "nearest" | "closest" | "near" | "by" | "next" => Some(false),
                "farthest" | "furthest" | "far" | "away" => Some(true),
                _ => None,
            };
            if let Some(far) = near {
                i += 1;
                while matches!(t(i), "to" | "from" | "the" | "of") {
                    i += 1;
                }
                let opening = match t(i) {
                    "door" | "doorway" | "entrance" | "entry" => Some(OpeningKind::Door),
                    "window" => Some(OpeningKind::Window),
                    _ => None,
                };
                if let Some(kind) = opening {
                    let Some(o) = self.first(kind) else {
                        return Some((Place::Missing(opening_word(kind)), i + 1 - k));
                    };
                    let c = self.opening_centre(o)?;
                    return Some((
                        Place::CornerNear(self.corners_by_distance(c, far)),
                        i + 1 - k,
                    ));
                }
            }
            return Some((Place::AnyCorner, j + 1 - k));
        }

        // Openings.
        let opening = |w: &str| match w {
            "door" | "doorway" | "entrance" | "entry" | "doors" => Some(OpeningKind::Door),
            "window" | "windows" => Some(OpeningKind::Window),
            _ => None,
        };
        // "the left window", "the north window".
        if let (Some(dir), Some(kind)) = (direction(w0), opening(t(j + 1))) {
            let pick = self
                .openings_of(kind)
                .filter_map(|i| Some((i, self.opening_centre(i)?)))
                .max_by(|a, b| (-a.1.dot(dir)).total_cmp(&(-b.1.dot(dir))))
                .map(|(i, _)| i);
            return Some((
                pick.map_or(Place::Missing(opening_word(kind)), Place::Opening),
                j + 2 - k,
            ));
        }
        // "the wall with the window", "the window wall", "the wall opposite the door".
        let is_wall = |w: &str| matches!(w, "wall" | "walls" | "side");
        if let Some(kind) = opening(w0) {
            if is_wall(t(j + 1)) {
                return Some((
                    self.first(kind)
                        .and_then(|o| self.opening_wall(o))
                        .map_or(Place::Missing(opening_word(kind)), Place::Wall),
                    j + 2 - k,
                ));
            }
            if w0 == "windows" {
                return Some((
                    if self.first(kind).is_some() {
                        Place::Windows
                    } else {
                        Place::Missing("window")
                    },
                    j + 1 - k,
                ));
            }
            // "the window on the right wall", "the door in the north wall".
            if matches!(t(j + 1), "on" | "in" | "of" | "at")
                && let Some((Place::Wall(w), n)) = self.place_at(tokens, j + 2)
            {
                let on_wall = self
                    .openings_of(kind)
                    .find(|&o| self.opening_wall(o) == Some(w));
                return Some((
                    on_wall.map_or(Place::Missing(opening_word(kind)), Place::Opening),
                    j + 2 + n - k,
                ));
            }
            let ordinal = (k..start).find_map(|i| match t(i) {
                "second" | "other" => Some(1),
                "third" => Some(2),
                _ => None,
            });
            let nth = self.openings_of(kind).nth(ordinal.unwrap_or(0));
            return Some((
                nth.map_or(Place::Missing(opening_word(kind)), Place::Opening),
                j + 1 - k,
            ));
        }
        if is_wall(w0)
            || matches!(
                w0,
                "long" | "longer" | "longest" | "short" | "shorter" | "shortest"
            )
        {
            let (mut i, long) = match w0 {
                "long" | "longer" | "longest" => (j + 1, Some(true)),
                "short" | "shorter" | "shortest" => (j + 1, Some(false)),
                _ => (j, None),
            };
            if !is_wall(t(i))
                || (long.is_some() && t(i) == "side")
                || (long.is_none() && t(i) == "side")
            {
                return None;
            }
            i += 1;
            if let Some(long) = long {
                return self.by_length(long).map(|w| (Place::Wall(w), i - k));
            }
            // "wall with/where/that has the window".
            if matches!(t(i), "with" | "where" | "that" | "which" | "having" | "by") {
                for q in i + 1..(i + 5).min(tokens.len()) {
                    if let Some(kind) = opening(t(q)) {
                        return Some((
                            self.first(kind)
                                .and_then(|o| self.opening_wall(o))
                                .map_or(Place::Missing(opening_word(kind)), Place::Wall),
                            q + 1 - k,
                        ));
                    }
                }
            }
            if matches!(t(i), "opposite" | "across" | "facing") {
                let mut q = i + 1;
                while matches!(t(q), "to" | "from" | "the" | "of") {
                    q += 1;
                }
                if let Some(kind) = opening(t(q)) {
                    let p = self
                        .first(kind)
                        .and_then(|o| self.opening_wall(o))
                        .and_then(|w| self.opposite(w))
                        .map_or(Place::Missing(opening_word(kind)), Place::Wall);
                    return Some((p, q + 1 - k));
                }
                if let Some(d) = direction(t(q)).and_then(|d| self.wall_facing(d)) {
                    let n = if is_wall(t(q + 1)) { 2 } else { 1 };
                    return self.opposite(d).map(|w| (Place::Wall(w), q + n - k));
                }
                if !t(q).is_empty() && t(q) != "." && t(q) != "," {
                    return Some((Place::OppositeOf(t(q).to_owned()), q + 1 - k));
                }
            }
            // A polygon wall by name: "wall w3".
            if let Some(w) = self
                .shape
                .wall_index(t(i))
                .filter(|_| t(i).starts_with('w'))
            {
                return Some((Place::Wall(w), i + 1 - k));
            }
            return Some((Place::AnyWall, i - k));
        }
        if matches!(w0, "opposite") && is_wall(t(j + 1)) {
            // "the opposite wall": opposite the door.
            let p = self
                .first(OpeningKind::Door)
                .and_then(|o| self.opening_wall(o))
                .and_then(|w| self.opposite(w))
                .or_else(|| self.wall_facing(Vec2::cst(0.0, -1.0)));
            return p.map(|w| (Place::Wall(w), j + 2 - k));
        }
        if matches!(w0, "back" | "far" | "rear" | "front" | "entrance" | "entry")
            && is_wall(t(j + 1))
        {
            let door = self
                .first(OpeningKind::Door)
                .and_then(|o| self.opening_wall(o));
            let w = match (w0, door) {
                ("front" | "entrance" | "entry", Some(d)) => Some(d),
                ("front" | "entrance" | "entry", None) => self.wall_facing(Vec2::cst(0.0, 1.0)),
                (_, Some(d)) => self.opposite(d),
                (_, None) => self.wall_facing(Vec2::cst(0.0, -1.0)),
            };
            return w.map(|w| (Place::Wall(w), j + 2 - k));
        }
        // "the left wall", "the north side", "the left" (not "left of": that is a cue).
        if let Some(d) = direction(w0) {
            let n = if is_wall(t(j + 1)) { 2 } else { 1 };
            if n == 1 && (t(j + 1) == "of" || w0.len() == 1 && start == k) {
                return None;
            }
            let n = if t(j + n) == "of" && t(j + n + 1) == "the" && t(j + n + 2) == "room" {
                n + 3
            } else {
                n
            };
            return self.wall_facing(d).map(|w| (Place::Wall(w), j + n - k));
        }
        if let Some(w) = self.shape.wall_index(w0).filter(|_| w0.starts_with('w')) {
            return Some((Place::Wall(w), j + 1 - k));
        }
        // The middle, and the middle of a wall.
        if matches!(w0, "middle" | "center" | "centre") {
            let mut i = j + 1;
            if t(i) == "of" {
                let mut q = i + 1;
                while t(q) == "the" {
                    q += 1;
                }
                if t(q) == "room" || t(q) == "floor" || t(q) == "space" {
                    return Some((Place::Middle, q + 1 - k));
                }
                if let Some((Place::Wall(w), n)) = self.place_at(tokens, q) {
                    return Some((Place::WallMiddle(w), q + n - k));
                }
                i = j + 1;
            }
            return Some((Place::Middle, i - k));
        }
        if any && w0 == "wall" {
            return Some((Place::AnyWall, j + 1 - k));
        }
        None
    }

    /// The longest wall (or the shortest at least a metre long), one without a door first.
    pub fn by_length(&self, long: bool) -> Option<usize> {
        let door_walls: Vec<usize> = self
            .openings_of(OpeningKind::Door)
            .filter_map(|o| self.opening_wall(o))
            .collect();
        let walls = &self.shape.walls;
        (0..walls.len())
            .filter(|&w| walls[w].len >= 1.0 || long)
            .min_by(|&a, &b| {
                let key = |w: usize| {
                    let len = if long { -walls[w].len } else { walls[w].len };
                    (len * 100.0).round() as i64 * 2 + i64::from(door_walls.contains(&w))
                };
                key(a).cmp(&key(b))
            })
    }
}

fn opening_word(kind: OpeningKind) -> &'static str {
    match kind {
        OpeningKind::Door => "door",
        OpeningKind::Window => "window",
    }
}
