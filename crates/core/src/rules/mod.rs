//! Functional design rules: whether a layout works for the people in it, from interior-design
//! practice, each a named check with a score, the objects involved and a sentence. They need no
//! judge: plain geometry over the poses, like the metrics of DESIGN §5.
//!
//! | rule | holds when |
//! | --- | --- |
//! | `work_triangle` | the kitchen's sink, hob and fridge (a counter stands for the sink and the hob it holds or, without separate ones, both) are each within [`TRIANGLE_LEG_MAX`] of each other, front to front, and the legs add up to at most [`TRIANGLE_TOTAL_MAX`] |
//! | `chairs_at_tables` | every chair that belongs at a table or desk stands within [`SEAT_GAP_MAX`] of one and faces it (within [`SEAT_ANGLE_MAX`]) |
//! | `seating_faces_tv` | the main seat (the largest sofa or armchair) faces the TV within [`VIEW_ANGLE_MAX`], the TV faces it back, and it sits [`VIEW_DISTANCE`] × the screen's diagonal away |
//! | `bed_access` | every bed has a long side whose floor (from the foot, [`BED_SIDE_SHARE`] of its length, [`WALKWAY_MIN`] deep) is inside the room, free, and reached from the door |
//! | `fronts_clear` | the floor in front of every wardrobe, dresser, shelf, cabinet, counter and appliance is inside the room and, as deep as its doors or drawers need ([`roles::front_clearance_m`]), has a free opening [`WALKWAY_MIN`] wide (or as wide as a narrower front) |
//! | `walkways` | a walker [`WALKWAY_MIN`] wide reaches every floor piece's front from a door (a chair's also from behind; a bed's also along a long side; a table's or desk's from any side or through a chair at it; a plant's or lamp's from any side) |
//! | `main_route` | a walker [`MAIN_ROUTE_MIN`] wide reaches from a door the front of the room's main pieces (the largest bed, table, desk and sofa or armchair; one of several alike; a sofa also at either end) |
//! | `openings_clear` | no floor piece stands in a door's swing, and no piece taller than a window's sill stands against it (plants and lamps belong there) |
//! | `desk_daylight` | every desk is lit by a window in front of or beside the person at it, not from behind ([`DAYLIGHT_ANGLE_MAX`]) |
//!
//! A rule whose pieces are not in the room (no kitchen, no TV, no door) is
//! [`RuleStatus::NotApplicable`]; one no layout of this room can satisfy (a bed too big to leave
//! a side free) is [`RuleStatus::Infeasible`]. Neither counts in the score. The score of a
//! rule is the share of its cases that hold; the report's, the mean over the rules that apply.
//! Rules only read categories (and ids); a piece whose category they do not know is left out.

mod access;
mod kitchen;
mod openings;
pub mod roles;
mod seating;

pub use kitchen::triangle_pieces;
pub use seating::diagonal_m;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::geometry::{Footprint, RoomShape, Vec2, penetration};
use crate::metrics::MetricsError;
use crate::placement::Placed;
use crate::relation::residual::blocks_floor;
use crate::scene::{Pose, Scene, Support};
use roles::Role;

/// Longest leg of the kitchen work triangle, metres (NKBA: 9 ft).
pub const TRIANGLE_LEG_MAX: f64 = 2.7;
/// Longest total of the work triangle's legs, metres (NKBA: 26 ft).
pub const TRIANGLE_TOTAL_MAX: f64 = 7.9;
/// Farthest a chair stands from its table or desk, metres (a chair pulled out).
pub const SEAT_GAP_MAX: f64 = 0.5;
/// Widest angle between a chair's front and its table, degrees.
pub const SEAT_ANGLE_MAX: f64 = 35.0;
/// Widest angle between the main seat's front and the TV (and the TV's front and the seat),
/// degrees.
pub const VIEW_ANGLE_MAX: f64 = 30.0;
/// Viewing distance in screen diagonals, seat centre to screen centre: nearest and farthest.
pub const VIEW_DISTANCE: [f64; 2] = [1.0, 3.0];
/// Share of a bed's long side, from the foot, that must stay free (the head end is for
/// nightstands).
pub const BED_SIDE_SHARE: f64 = 0.6;
/// Narrowest walkway, metres.
pub const WALKWAY_MIN: f64 = 0.6;
/// Narrowest main route, metres.
pub const MAIN_ROUTE_MIN: f64 = 0.9;
/// Widest angle between the way a person at a desk looks and a window that lights the desk,
/// degrees: in front or to the side, not behind.
pub const DAYLIGHT_ANGLE_MAX: f64 = 100.0;
/// Overlap below which a piece does not block a strip of floor, metres.
pub const BLOCK_TOL: f64 = 0.02;

/// Where a rule stands for a layout.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    /// Every case holds.
    Held,
    /// Some case does not.
    Failed,
    /// The room has nothing the rule is about.
    NotApplicable,
    /// No layout of this room could satisfy it.
    Infeasible,
}

/// One rule on one layout.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RuleOutcome {
    /// The rule's name (`work_triangle`, …).
    pub rule: String,
    /// Held, failed, not applicable or infeasible.
    pub status: RuleStatus,
    /// Share of the rule's cases that hold (`null` when it does not apply).
    pub score: Option<f64>,
    /// The pieces that break the rule (or, when it holds, the pieces it was checked on).
    pub objects: Vec<String>,
    /// What holds or fails, in words.
    pub message: String,
}

impl RuleOutcome {
    fn not_applicable(rule: &str, why: impl Into<String>) -> Self {
        RuleOutcome {
            rule: rule.into(),
            status: RuleStatus::NotApplicable,
            score: None,
            objects: vec![],
            message: why.into(),
        }
    }

    fn infeasible(rule: &str, objects: Vec<String>, why: impl Into<String>) -> Self {
        RuleOutcome {
            rule: rule.into(),
            status: RuleStatus::Infeasible,
            score: None,
            objects,
            message: why.into(),
        }
    }

    /// A rule checked on `cases` cases, `failures` of which (with their objects and words)
    /// do not hold; when none fails, `checked` gives the pieces checked and `held` what holds
    /// (made only then).
    fn from_cases(
        rule: &str,
        cases: usize,
        failures: Vec<(Vec<String>, String)>,
        checked: impl FnOnce() -> Vec<String>,
        held: impl FnOnce() -> String,
    ) -> Self {
        let score = Some(1.0 - failures.len() as f64 / cases.max(1) as f64);
        if failures.is_empty() {
            return RuleOutcome {
                rule: rule.into(),
                status: RuleStatus::Held,
                score,
                objects: checked(),
                message: held(),
            };
        }
        let mut objects: Vec<String> = Vec::new();
        for (o, _) in &failures {
            for id in o {
                if !objects.contains(id) {
                    objects.push(id.clone());
                }
            }
        }
        let mut message = failures
            .iter()
            .filter(|(_, m)| !m.is_empty())
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let unsaid: Vec<&str> = failures
            .iter()
            .filter(|(_, m)| m.is_empty())
            .flat_map(|(o, _)| o.first().map(String::as_str))
            .collect();
        if !unsaid.is_empty() {
            message.push_str(&format!(
                "; and {} more ({})",
                unsaid.len(),
                unsaid.join(", ")
            ));
        }
        RuleOutcome {
            rule: rule.into(),
            status: RuleStatus::Failed,
            score,
            objects,
            message,
        }
    }

    /// Whether the rule counts in the score.
    pub fn applies(&self) -> bool {
        matches!(self.status, RuleStatus::Held | RuleStatus::Failed)
    }
}

/// Every rule on one layout.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct DesignReport {
    /// One outcome per rule, in the table's order.
    pub rules: Vec<RuleOutcome>,
    /// Mean score over the rules that apply (`null` when none does).
    pub score: Option<f64>,
}

impl DesignReport {
    fn new(rules: Vec<RuleOutcome>) -> Self {
        let scores: Vec<f64> = rules.iter().filter_map(|r| r.score).collect();
        let score = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
        DesignReport { rules, score }
    }

    /// The rules that fail.
    pub fn failed(&self) -> impl Iterator<Item = &RuleOutcome> {
        self.rules.iter().filter(|r| r.status == RuleStatus::Failed)
    }

    /// How many rules hold, of those that apply.
    pub fn held_of_applicable(&self) -> (usize, usize) {
        let applies = self.rules.iter().filter(|r| r.applies()).count();
        let held = self
            .rules
            .iter()
            .filter(|r| r.status == RuleStatus::Held)
            .count();
        (held, applies)
    }

    /// One line per failing rule, for a model's revise or refinement prompt.
    pub fn feedback_lines(&self) -> Vec<String> {
        self.failed()
            .map(|r| format!("design rule {}: {}", r.rule, r.message))
            .collect()
    }
}

/// Failing cases of one rule the fast set puts in words (the others it names): a reward's
/// feedback and a revise prompt need the first few, not every chair of a random layout.
pub const FAST_SENTENCES: usize = 3;

/// Which rules to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSet {
    /// Every rule, walkers included (as `relayout eval` reports them).
    All,
    /// The rules without a walker's grid search: `walkways` and `main_route` are left out and
    /// `bed_access` asks only for free floor, not for a walker to reach it; each rule words
    /// its first [`FAST_SENTENCES`] failing cases and names the rest. For rewards.
    Fast,
}

/// The laid-out room as the rules see it.
pub(crate) struct Layout<'a> {
    pub scene: &'a Scene,
    pub room: &'a RoomShape,
    pub placed: &'a Placed,
    pub fps: Vec<Footprint<f64>>,
    /// Each footprint's bounding box (a cheap test before the exact one).
    pub boxes: Vec<crate::geometry::Aabb2>,
    pub roles: &'a [Option<Role>],
    /// Each piece's front clearance ([`roles::front_clearance_m`]).
    pub clearance: &'a [f64],
    /// Whether each piece belongs at a window ([`roles::belongs_at_window`]).
    pub at_window: &'a [bool],
    /// How many failing cases of a rule get a sentence of their own (the rest are named).
    pub sentences: usize,
}

impl Layout<'_> {
    /// The objects of one role, by index.
    pub fn with_role(&self, role: Role) -> Vec<usize> {
        (0..self.fps.len())
            .filter(|&i| self.roles[i] == Some(role))
            .collect()
    }

    /// The piece of one role with the largest footprint (the main sofa, the main bed).
    pub fn largest(&self, role: Role) -> Option<usize> {
        let area = |i: usize| self.fps[i].hx * self.fps[i].hy;
        self.with_role(role)
            .into_iter()
            .max_by(|&a, &b| area(a).total_cmp(&area(b)))
    }

    /// Whether object `i` stands on the floor and is in the way of a person.
    pub fn blocks(&self, i: usize) -> bool {
        self.scene.objects[i].support == Support::Floor
            && blocks_floor(self.placed.z[i], self.scene.objects[i].size[2])
    }

    /// The floor pieces other than `except` that overlap `area` by more than [`BLOCK_TOL`].
    pub fn blockers(&self, area: &Footprint<f64>, except: &[usize]) -> Vec<usize> {
        let b = area.aabb();
        (0..self.fps.len())
            .filter(|&i| self.boxes[i].overlaps_by(&b, BLOCK_TOL))
            .filter(|i| !except.contains(i) && self.blocks(*i))
            .filter(|&i| penetration(area, &self.fps[i]).depth > BLOCK_TOL)
            .collect()
    }

    /// Records a failing case: its pieces, and its sentence while the rule has had fewer than
    /// [`Layout::sentences`] (made only then: sentences are most of a fast check's cost).
    pub fn fail(
        &self,
        failures: &mut Vec<(Vec<String>, String)>,
        ids: Vec<String>,
        words: impl FnOnce() -> String,
    ) {
        let sentence = if failures.len() < self.sentences {
            words()
        } else {
            String::new()
        };
        failures.push((ids, sentence));
    }

    /// Whether any floor piece other than `except` overlaps `area` by more than
    /// [`BLOCK_TOL`] (as [`Layout::blockers`], stopping at the first).
    pub fn blocked(&self, area: &Footprint<f64>, except: &[usize]) -> bool {
        let b = area.aabb();
        (0..self.fps.len()).any(|i| {
            self.boxes[i].overlaps_by(&b, BLOCK_TOL)
                && !except.contains(&i)
                && self.blocks(i)
                && penetration(area, &self.fps[i]).depth > BLOCK_TOL
        })
    }

    /// Whether `area` leaves the room by more than [`BLOCK_TOL`].
    pub fn leaves_room(&self, area: &Footprint<f64>) -> bool {
        area.corners()
            .iter()
            .any(|c| self.room.outside_distance(*c) > BLOCK_TOL)
    }

    /// An object's id.
    pub fn id(&self, i: usize) -> String {
        self.scene.objects[i].id.clone()
    }

    /// The ids of objects.
    pub fn ids(&self, is: &[usize]) -> Vec<String> {
        is.iter().map(|&i| self.id(i)).collect()
    }

    /// The centre of an object's front edge.
    pub fn front_centre(&self, i: usize) -> Vec2<f64> {
        let f = &self.fps[i];
        f.center + f.v * f.hy
    }

    /// The room's bounding box, width and depth.
    pub fn room_extent(&self) -> [f64; 2] {
        let b = self.room.bounds();
        [b[2] - b[0], b[3] - b[1]]
    }
}

/// The angle between two directions, degrees in `[0, 180]`.
pub(crate) fn angle_between(a: Vec2<f64>, b: Vec2<f64>) -> f64 {
    let (la, lb) = (a.len(), b.len());
    if la < 1e-12 || lb < 1e-12 {
        return 0.0;
    }
    (a.dot(b) / (la * lb)).clamp(-1.0, 1.0).acos().to_degrees()
}

/// The design rules of a (valid) scene at the given poses.
pub fn check(
    scene: &Scene,
    poses: &BTreeMap<String, Pose>,
    set: RuleSet,
) -> Result<DesignReport, MetricsError> {
    let placed = Placed::from_poses(scene, poses).map_err(MetricsError::MissingPoses)?;
    let room = RoomShape::new(&scene.room);
    Ok(check_placed(scene, &room, &placed, set))
}

/// The design rules from prepared parts.
pub fn check_placed(
    scene: &Scene,
    room: &RoomShape,
    placed: &Placed,
    set: RuleSet,
) -> DesignReport {
    SceneRules::new(scene).check(scene, room, placed, set)
}

/// What the rules read from a scene once (each piece's role), to check many layouts of it.
#[derive(Clone, Debug)]
pub struct SceneRules {
    roles: Vec<Option<Role>>,
    clearance: Vec<f64>,
    at_window: Vec<bool>,
}

impl SceneRules {
    /// Reads the roles of `scene`'s pieces.
    pub fn new(scene: &Scene) -> Self {
        SceneRules {
            roles: scene.objects.iter().map(roles::role).collect(),
            clearance: scene.objects.iter().map(roles::front_clearance_m).collect(),
            at_window: scene.objects.iter().map(roles::belongs_at_window).collect(),
        }
    }

    /// The rules on one layout of the scene this was made for.
    pub fn check(
        &self,
        scene: &Scene,
        room: &RoomShape,
        placed: &Placed,
        set: RuleSet,
    ) -> DesignReport {
        self.check_footprints(scene, room, placed, placed.footprints(scene), set)
    }

    /// [`check`](Self::check) with `placed`'s [`Placed::footprints`] already computed (the
    /// physics reward computes them once for the metrics and the rules).
    pub fn check_footprints(
        &self,
        scene: &Scene,
        room: &RoomShape,
        placed: &Placed,
        fps: Vec<Footprint<f64>>,
        set: RuleSet,
    ) -> DesignReport {
        let sentences = match set {
            RuleSet::All => usize::MAX,
            RuleSet::Fast => FAST_SENTENCES,
        };
        let layout = self.layout(scene, room, placed, fps, sentences);
        let walk = (set == RuleSet::All).then(|| access::Walkers::new(&layout));
        let mut rules = vec![
            kitchen::work_triangle(&layout),
            seating::chairs_at_tables(&layout),
            seating::seating_faces_tv(&layout),
            access::bed_access(&layout, walk.as_ref()),
            access::fronts_clear(&layout),
        ];
        if let Some(w) = &walk {
            rules.push(access::walkways(&layout, w));
            rules.push(access::main_route(&layout, w));
        }
        rules.push(openings::openings_clear(&layout));
        rules.push(openings::desk_daylight(&layout));
        DesignReport::new(rules)
    }

    /// The floor pieces no walkway `width` metres wide from a door reaches (at
    /// [`WALKWAY_MIN`], those the `walkways` rule names), in a layout being made: a piece whose
    /// `present` is false is not there yet — it neither blocks the way nor counts. In a room
    /// without a door, the walk starts in the largest free region (as AC's does). For
    /// planners, which move what this names.
    pub fn cut_off(
        &self,
        scene: &Scene,
        room: &RoomShape,
        placed: &Placed,
        present: &[bool],
        width: f64,
    ) -> Vec<usize> {
        let n = scene.objects.len();
        let absent = |i: usize| !present.get(i).copied().unwrap_or(false);
        let lifted = Placed {
            frames: placed.frames.clone(),
            // Above any ceiling: blocks nothing, is no floor piece.
            z: (0..n)
                .map(|i| if absent(i) { 1e3 } else { placed.z[i] })
                .collect(),
            unit_boxes: vec![],
        };
        let fps = lifted.footprints(scene);
        access::cut_off(&self.layout(scene, room, &lifted, fps, 0), width)
    }

    /// The layout as the rules read it: each piece's footprint and box, with what was read
    /// from the scene once; `sentences` as [`Layout::sentences`].
    fn layout<'a>(
        &'a self,
        scene: &'a Scene,
        room: &'a RoomShape,
        placed: &'a Placed,
        fps: Vec<Footprint<f64>>,
        sentences: usize,
    ) -> Layout<'a> {
        Layout {
            scene,
            room,
            placed,
            boxes: fps.iter().map(Footprint::aabb).collect(),
            fps,
            roles: &self.roles,
            clearance: &self.clearance,
            at_window: &self.at_window,
            sentences,
        }
    }
}

/// The rules' names, in the report's order.
pub const RULES: [&str; 9] = [
    "work_triangle",
    "chairs_at_tables",
    "seating_faces_tv",
    "bed_access",
    "fronts_clear",
    "walkways",
    "main_route",
    "openings_clear",
    "desk_daylight",
];
