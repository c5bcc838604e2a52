//! Relation types of DESIGN §4 as they appear in the scene document.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where the source lines up along the target's side: a named edge or R³L's percentile
/// (0 = back or left edges flush, 1 = front or right edges flush).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq)]
#[serde(untagged)]
pub enum Align {
    /// A named alignment.
    Named(AlignName),
    /// A fraction in `0..=1`.
    Fraction(f64),
}

/// Named alignments: `back|center|front` for `left_of`/`right_of`, `left|center|right` for
/// `in_front_of`/`behind`.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AlignName {
    /// Back edges flush.
    Back,
    /// Centres lined up.
    Center,
    /// Front edges flush.
    Front,
    /// Left edges flush.
    Left,
    /// Right edges flush.
    Right,
}

impl Default for Align {
    fn default() -> Self {
        Align::Named(AlignName::Center)
    }
}

impl Align {
    /// The alignment as a fraction (0 = back/left flush, 1 = front/right flush).
    pub fn fraction(self) -> f64 {
        match self {
            Align::Fraction(f) => f,
            Align::Named(AlignName::Back | AlignName::Left) => 0.0,
            Align::Named(AlignName::Center) => 0.5,
            Align::Named(AlignName::Front | AlignName::Right) => 1.0,
        }
    }
}

/// How `facing` measures the direction to the target.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum FacingMode {
    /// Face the target's nearest side squarely (a chair in front of a desk).
    #[default]
    Ortho,
    /// Face the target's centre (chairs around a round table).
    Radial,
}

/// One relation. `source` and `target` name an object or a unit (the unit as one rigid whole).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Relation {
    /// Back within 2 cm of the wall, facing into the room.
    AgainstWall {
        /// The object or unit.
        source: String,
        /// `L`, `R`, `B`, `T` or `w0..wn`.
        wall: String,
    },
    /// Back against `wall`, one side against the corner's other wall.
    Corner {
        /// The object or unit.
        source: String,
        /// `BL`, `BR`, `TR`, `TL` or `c0..cn` (polygon vertex).
        corner: String,
        /// Which of the corner's two walls the back is against.
        wall: String,
    },
    /// The footprint centre's coordinates, metres.
    Position {
        /// The object or unit.
        source: String,
        /// Centre x, metres.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        x: Option<f64>,
        /// Centre y, metres.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        y: Option<f64>,
    },
    /// Mounted on a wall at a height (bottom face above the floor, metres).
    OnWall {
        /// The object.
        source: String,
        /// The wall.
        wall: String,
        /// Bottom height, metres.
        height: f64,
    },
    /// Source beside the target on the target's left (its local −X side).
    LeftOf {
        /// The object or unit placed.
        source: String,
        /// The reference object or unit.
        target: String,
        /// Gap between the facing edges, metres.
        #[serde(default)]
        clearance: f64,
        /// `back|center|front` or a fraction.
        #[serde(default)]
        align: Align,
    },
    /// Source beside the target on the target's right (its local +X side).
    RightOf {
        /// The object or unit placed.
        source: String,
        /// The reference object or unit.
        target: String,
        /// Gap between the facing edges, metres.
        #[serde(default)]
        clearance: f64,
        /// `back|center|front` or a fraction.
        #[serde(default)]
        align: Align,
    },
    /// Source in front of the target (its local +Y side).
    InFrontOf {
        /// The object or unit placed.
        source: String,
        /// The reference object or unit.
        target: String,
        /// Gap between the facing edges, metres.
        #[serde(default)]
        clearance: f64,
        /// `left|center|right` or a fraction.
        #[serde(default)]
        align: Align,
    },
    /// Source behind the target (its local −Y side).
    Behind {
        /// The object or unit placed.
        source: String,
        /// The reference object or unit.
        target: String,
        /// Gap between the facing edges, metres.
        #[serde(default)]
        clearance: f64,
        /// `left|center|right` or a fraction.
        #[serde(default)]
        align: Align,
    },
    /// Sources spread around the target, each `distance` from it and facing it.
    Around {
        /// The objects placed around.
        sources: Vec<String>,
        /// The centre object.
        target: String,
        /// Gap between each source's footprint and the target's, metres.
        #[serde(default)]
        distance: f64,
        /// Angular range (degrees) around the target's front they spread over; 360 = all round.
        #[serde(default = "full_sweep")]
        sweep: f64,
    },
    /// Source's front turned towards the target (an object or unit) or a wall.
    Facing {
        /// The object or unit turned.
        source: String,
        /// The object or unit faced.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target: Option<String>,
        /// Or the wall faced.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wall: Option<String>,
        /// `ortho` or `radial`.
        #[serde(default)]
        mode: FacingMode,
        /// The target faces the source too.
        #[serde(default)]
        mutual: bool,
    },
    /// Relative yaw: source yaw − target yaw = angle (degrees).
    Align {
        /// The object or unit turned.
        source: String,
        /// The reference.
        target: String,
        /// Degrees, counter-clockwise.
        #[serde(default)]
        angle: f64,
    },
    /// Gap between the footprints within `[min, max]`, metres.
    Distance {
        /// One object or unit.
        source: String,
        /// The other.
        target: String,
        /// Least gap, metres.
        #[serde(default)]
        min: f64,
        /// Greatest gap, metres.
        max: f64,
    },
    /// Source rests on the target's top, its footprint inside the target's.
    OnTopOf {
        /// The object on top.
        source: String,
        /// The object below.
        target: String,
    },
    /// Keep `depth` metres in front of the source free of other objects.
    ClearFront {
        /// The object.
        source: String,
        /// Depth of the free strip, metres.
        depth: f64,
    },
    /// Keep a rectangle of floor free of everything that blocks a walker (a walkway, the floor
    /// in front of a window, the middle of the room).
    KeepClear {
        /// `[min x, min y, max x, max y]` in the room frame, metres.
        area: [f64; 4],
    },
}

fn full_sweep() -> f64 {
    360.0
}

impl Relation {
    /// The relation's `type` string, as in the document.
    pub fn kind(&self) -> &'static str {
        match self {
            Relation::AgainstWall { .. } => "against_wall",
            Relation::Corner { .. } => "corner",
            Relation::Position { .. } => "position",
            Relation::OnWall { .. } => "on_wall",
            Relation::LeftOf { .. } => "left_of",
            Relation::RightOf { .. } => "right_of",
            Relation::InFrontOf { .. } => "in_front_of",
            Relation::Behind { .. } => "behind",
            Relation::Around { .. } => "around",
            Relation::Facing { .. } => "facing",
            Relation::Align { .. } => "align",
            Relation::Distance { .. } => "distance",
            Relation::OnTopOf { .. } => "on_top_of",
            Relation::ClearFront { .. } => "clear_front",
            Relation::KeepClear { .. } => "keep_clear",
        }
    }

    /// Every object or unit id the relation names, with the field it sits in.
    pub fn references(&self) -> Vec<(String, &str)> {
        match self {
            Relation::AgainstWall { source, .. }
            | Relation::Corner { source, .. }
            | Relation::Position { source, .. }
            | Relation::OnWall { source, .. }
            | Relation::ClearFront { source, .. } => vec![("source".into(), source.as_str())],
            Relation::LeftOf { source, target, .. }
            | Relation::RightOf { source, target, .. }
            | Relation::InFrontOf { source, target, .. }
            | Relation::Behind { source, target, .. }
            | Relation::Align { source, target, .. }
            | Relation::Distance { source, target, .. }
            | Relation::OnTopOf { source, target, .. } => vec![
                ("source".into(), source.as_str()),
                ("target".into(), target.as_str()),
            ],
            Relation::Around {
                sources, target, ..
            } => {
                let mut refs: Vec<(String, &str)> = sources
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (format!("sources[{i}]"), s.as_str()))
                    .collect();
                refs.push(("target".into(), target.as_str()));
                refs
            }
            Relation::Facing { source, target, .. } => {
                let mut refs = vec![("source".into(), source.as_str())];
                if let Some(t) = target {
                    refs.push(("target".into(), t.as_str()));
                }
                refs
            }
            Relation::KeepClear { .. } => vec![],
        }
    }

    /// The object or unit ids the relation names, to rewrite in place.
    pub fn references_mut(&mut self) -> Vec<&mut String> {
        match self {
            Relation::AgainstWall { source, .. }
            | Relation::Corner { source, .. }
            | Relation::Position { source, .. }
            | Relation::OnWall { source, .. }
            | Relation::ClearFront { source, .. } => vec![source],
            Relation::LeftOf { source, target, .. }
            | Relation::RightOf { source, target, .. }
            | Relation::InFrontOf { source, target, .. }
            | Relation::Behind { source, target, .. }
            | Relation::Align { source, target, .. }
            | Relation::Distance { source, target, .. }
            | Relation::OnTopOf { source, target, .. } => vec![source, target],
            Relation::Around {
                sources, target, ..
            } => sources.iter_mut().chain(std::iter::once(target)).collect(),
            Relation::Facing { source, target, .. } => {
                std::iter::once(source).chain(target.as_mut()).collect()
            }
            Relation::KeepClear { .. } => vec![],
        }
    }

    /// The object or unit the relation places (`around`: its first source; `keep_clear`:
    /// none).
    pub fn source(&self) -> Option<&str> {
        match self {
            Relation::Around { sources, .. } => sources.first().map(String::as_str),
            Relation::KeepClear { .. } => None,
            _ => self.references().first().map(|(_, id)| *id),
        }
    }
}
