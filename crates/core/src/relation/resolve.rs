//! Relations with their ids and walls resolved to indices, split into terms over at most two
//! things each: the form the penalties, the predicates and the solver work on.

use super::model::{FacingMode, Relation};
use crate::geometry::RoomShape;
use crate::scene::Scene;

/// Something a relation can name: an object, or a unit as one rigid whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Entity {
    /// `scene.objects[i]`.
    Object(usize),
    /// `scene.units[i]`.
    Unit(usize),
}

/// Which side of the target a `left_of`/`right_of`/`in_front_of`/`behind` puts the source on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The target's local −X.
    Left,
    /// The target's local +X.
    Right,
    /// The target's local +Y.
    Front,
    /// The target's local −Y.
    Back,
}

/// One piece of a relation, over a source and at most one other entity.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// Back against a wall, facing inward; `height` for wall-mounted objects.
    AgainstWall {
        /// Index into `RoomShape::walls`.
        wall: usize,
        /// The bottom height for `on_wall`, metres.
        height: Option<f64>,
    },
    /// Back against `wall`, a side against `other`.
    Corner {
        /// The wall behind.
        wall: usize,
        /// The corner's other wall.
        other: usize,
    },
    /// Centre coordinates.
    Position {
        /// Centre x, metres.
        x: Option<f64>,
        /// Centre y, metres.
        y: Option<f64>,
    },
    /// Beside, in front of or behind the target.
    Side {
        /// Which side.
        side: Side,
        /// Gap between facing edges, metres.
        clearance: f64,
        /// 0 = back/left flush … 1 = front/right flush.
        align: f64,
    },
    /// One source of an `around`.
    AroundOne {
        /// Gap to the target, metres.
        distance: f64,
        /// Angular range around the target's front, radians.
        sweep: f64,
    },
    /// Turned towards the target.
    FacingTarget {
        /// Ortho or radial.
        mode: FacingMode,
    },
    /// Turned towards a wall.
    FacingWall {
        /// Index into `RoomShape::walls`.
        wall: usize,
    },
    /// Relative yaw, radians.
    Align {
        /// Source yaw − target yaw.
        angle: f64,
    },
    /// Gap within bounds, metres.
    Distance {
        /// Least gap.
        min: f64,
        /// Greatest gap.
        max: f64,
    },
    /// Resting on top of the target.
    OnTopOf,
    /// The strip in front of the source kept free of the other entity.
    ClearFront {
        /// Strip depth, metres.
        depth: f64,
    },
    /// The source (an object) keeps out of a rectangle of floor.
    KeepClear {
        /// `[min x, min y, max x, max y]`, metres.
        area: [f64; 4],
    },
}

/// A term with the entities it applies to.
#[derive(Clone, Debug, PartialEq)]
pub struct BoundTerm {
    /// The relation it came from (index into `scene.relations`).
    pub relation: usize,
    /// What is placed.
    pub source: Entity,
    /// The reference, for relative terms.
    pub target: Option<Entity>,
    /// The term.
    pub term: Term,
    /// How much the term weighs: [`DESIGNERS_WEIGHT`] for the designer's relations (their own
    /// and those read from the instruction) in a scene that also has the planner's, 1 otherwise
    /// (a scene with one kind only solves as it always did).
    pub weight: f64,
}

/// The weight of the designer's relations against the planner's: the planner's choices yield.
pub const DESIGNERS_WEIGHT: f64 = 5.0;

/// Resolves an id to an entity.
pub fn entity(scene: &Scene, id: &str) -> Option<Entity> {
    scene
        .object_index(id)
        .map(Entity::Object)
        .or_else(|| scene.unit_index(id).map(Entity::Unit))
}

/// The objects an entity stands for.
pub fn entity_objects(scene: &Scene, e: Entity) -> Vec<usize> {
    match e {
        Entity::Object(i) => vec![i],
        Entity::Unit(u) => {
            let unit = &scene.units[u];
            std::iter::once(&unit.anchor)
                .chain(&unit.members)
                .filter_map(|id| scene.object_index(id))
                .collect()
        }
    }
}

/// Every relation of a valid scene as bound terms (relations that do not resolve are skipped:
/// validation reports them).
pub fn resolve(scene: &Scene, room: &RoomShape) -> Vec<BoundTerm> {
    let mut out = Vec::new();
    let n = scene.relations.len();
    let mixed = (0..n).any(|i| scene.origin(i).is_designers())
        && (0..n).any(|i| !scene.origin(i).is_designers());
    for (ri, r) in scene.relations.iter().enumerate() {
        resolve_one(scene, room, (ri, r, mixed), &mut out);
    }
    out
}

fn resolve_one(
    scene: &Scene,
    room: &RoomShape,
    (ri, r, mixed): (usize, &Relation, bool),
    out: &mut Vec<BoundTerm>,
) {
    let ent = |id: &str| entity(scene, id);
    let weight = if mixed && scene.origin(ri).is_designers() {
        DESIGNERS_WEIGHT
    } else {
        1.0
    };
    let mut push = |source: Option<Entity>, target: Option<Option<Entity>>, term: Term| {
        let Some(source) = source else { return };
        let target = match target {
            None => None,
            Some(None) => return,
            Some(Some(t)) => Some(t),
        };
        out.push(BoundTerm {
            relation: ri,
            source,
            target,
            term,
            weight,
        });
    };
    match r {
        Relation::AgainstWall { source, wall } => {
            if let Some(w) = room.wall_index(wall) {
                push(
                    ent(source),
                    None,
                    Term::AgainstWall {
                        wall: w,
                        height: None,
                    },
                );
            }
        }
        Relation::OnWall {
            source,
            wall,
            height,
        } => {
            if let Some(w) = room.wall_index(wall) {
                push(
                    ent(source),
                    None,
                    Term::AgainstWall {
                        wall: w,
                        height: Some(*height),
                    },
                );
            }
        }
        Relation::Corner {
            source,
            corner,
            wall,
        } => {
            if let (Some(c), Some(w)) = (room.corner_index(corner), room.wall_index(wall)) {
                let walls = room.corner_walls(c);
                let other = if walls[0] == w { walls[1] } else { walls[0] };
                push(ent(source), None, Term::Corner { wall: w, other });
            }
        }
        Relation::Position { source, x, y } => {
            push(ent(source), None, Term::Position { x: *x, y: *y })
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
        }
        | Relation::InFrontOf {
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
            let side = match r {
                Relation::LeftOf { .. } => Side::Left,
                Relation::RightOf { .. } => Side::Right,
                Relation::InFrontOf { .. } => Side::Front,
                _ => Side::Back,
            };
            let term = Term::Side {
                side,
                clearance: *clearance,
                align: align.fraction(),
            };
            push(ent(source), Some(ent(target)), term);
        }
        Relation::Around {
            sources,
            target,
            distance,
            sweep,
        } => {
            for s in sources {
                let term = Term::AroundOne {
                    distance: *distance,
                    sweep: sweep.to_radians(),
                };
                push(ent(s), Some(ent(target)), term);
            }
        }
        Relation::Facing {
            source,
            target,
            wall,
            mode,
            mutual,
        } => match (target, wall) {
            (Some(t), _) => {
                push(
                    ent(source),
                    Some(ent(t)),
                    Term::FacingTarget { mode: *mode },
                );
                if *mutual {
                    push(
                        ent(t),
                        Some(ent(source)),
                        Term::FacingTarget { mode: *mode },
                    );
                }
            }
            (None, Some(w)) => {
                if let Some(w) = room.wall_index(w) {
                    push(ent(source), None, Term::FacingWall { wall: w });
                }
            }
            (None, None) => {}
        },
        Relation::Align {
            source,
            target,
            angle,
        } => push(
            ent(source),
            Some(ent(target)),
            Term::Align {
                angle: angle.to_radians(),
            },
        ),
        Relation::Distance {
            source,
            target,
            min,
            max,
        } => push(
            ent(source),
            Some(ent(target)),
            Term::Distance {
                min: *min,
                max: *max,
            },
        ),
        Relation::OnTopOf { source, target } => push(ent(source), Some(ent(target)), Term::OnTopOf),
        Relation::ClearFront { source, depth } => {
            let Some(s) = ent(source) else { return };
            let own = entity_objects(scene, s);
            for k in 0..scene.objects.len() {
                if !own.contains(&k) {
                    push(
                        Some(s),
                        Some(Some(Entity::Object(k))),
                        Term::ClearFront { depth: *depth },
                    );
                }
            }
        }
        Relation::KeepClear { area } => {
            for k in 0..scene.objects.len() {
                push(
                    Some(Entity::Object(k)),
                    None,
                    Term::KeepClear { area: *area },
                );
            }
        }
    }
}
