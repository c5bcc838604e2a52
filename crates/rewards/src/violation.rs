//! What is wrong with a layout, as data: each [`Violation`] has a kind, the ids it names and
//! the numbers behind it; its words are made from them (for prompts, logs and the timeline), so
//! no consumer has to read the words back.

use relayout_core::relation::{Relation, describe};
use serde::{Deserialize, Serialize};

/// What kind of problem a violation is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// Two objects penetrate each other by more than the collision tolerance.
    Collision,
    /// An object is not wholly inside the room.
    OutOfRoom,
    /// A relation of the scene does not hold.
    Relation,
    /// An object moves when the layout is simulated (the stability term).
    Unstable,
    /// A design rule fails (the design term): a chair turned from its table, a blocked front.
    DesignRule,
}

impl ViolationKind {
    /// Whether the objects it names are themselves misplaced (a collision, out of the room,
    /// unstable), as opposed to a relation that does not hold between well-placed objects.
    pub fn flags_objects(self) -> bool {
        !matches!(self, ViolationKind::Relation | ViolationKind::DesignRule)
    }
}

/// One problem of a layout.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Violation {
    /// What it is.
    pub kind: ViolationKind,
    /// The ids it names: the colliding pair, the object out of the room or unstable, a
    /// relation's sources and target (objects or units).
    pub objects: Vec<String>,
    /// Penetration depth of a collision, metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth_m: Option<f64>,
    /// Index of the relation in the scene's `relations` (relation violations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<usize>,
    /// The problem in words, made from the fields above.
    pub words: String,
}

/// "`a` collides with `b` (N cm deep)", the depth rounded to the centimetre: written without
/// the float formatter, as a reward over random layouts makes one for every colliding pair.
fn collision_words(a: &str, b: &str, depth_m: f64) -> String {
    use std::fmt::Write;
    let cm = (depth_m * 100.0).round();
    let mut w = String::with_capacity(a.len() + b.len() + 32);
    w.push_str(a);
    w.push_str(" collides with ");
    w.push_str(b);
    if cm.is_finite() && cm.abs() < 1e15 {
        let _ = write!(w, " ({} cm deep)", cm as i64);
    } else {
        let _ = write!(w, " ({cm} cm deep)");
    }
    w
}

impl Violation {
    /// `a` and `b` penetrate each other `depth_m` deep.
    pub fn collision(a: &str, b: &str, depth_m: f64) -> Self {
        Violation {
            kind: ViolationKind::Collision,
            objects: vec![a.to_string(), b.to_string()],
            depth_m: Some(depth_m),
            relation: None,
            words: collision_words(a, b, depth_m),
        }
    }

    /// Design rule `rule` fails on `objects`, as `message` says.
    pub fn design_rule(rule: &str, objects: &[String], message: &str) -> Self {
        Violation {
            kind: ViolationKind::DesignRule,
            objects: objects.to_vec(),
            depth_m: None,
            relation: None,
            words: format!("design rule {rule}: {message}"),
        }
    }

    /// `id` is not wholly inside the room.
    pub fn out_of_room(id: &str) -> Self {
        Violation {
            kind: ViolationKind::OutOfRoom,
            objects: vec![id.to_string()],
            depth_m: None,
            relation: None,
            words: format!("{id} is out of the room"),
        }
    }

    /// Relation `index` of the scene does not hold.
    pub fn relation(index: usize, relation: &Relation) -> Self {
        let objects = relation
            .references()
            .into_iter()
            .map(|(_, id)| id.to_string())
            .collect();
        Violation {
            kind: ViolationKind::Relation,
            objects,
            depth_m: None,
            relation: Some(index),
            words: format!("not satisfied: {}", describe(relation)),
        }
    }

    /// `id` moves when the layout is simulated.
    pub fn unstable(id: &str) -> Self {
        Violation {
            kind: ViolationKind::Unstable,
            objects: vec![id.to_string()],
            depth_m: None,
            relation: None,
            words: format!("{id} is not stable (it moves when simulated)"),
        }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words)
    }
}
