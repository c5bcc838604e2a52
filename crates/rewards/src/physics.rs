//! The physics reward without rendering: relayout-core's metrics (DESIGN §5) on the answer's
//! poses applied to the scene.
//!
//! `physics = 1 − (w_cr·CR + w_or·OR + w_rel·(1 − RS)) / (w_cr + w_or + w_rel)`, clamped to
//! [0, 1]; a scene without relations counts 1 − RS as 0. PCR and the mean penetration depth are
//! reported, not weighted, unless their weights are set; so is instability (1 − the share of
//! objects that stay put when dropped in a Rapier world), which needs the `stability` feature
//! and a non-zero weight (without the feature the term is absent and its weight ignored). With a
//! `design` weight, 1 − the design-rule score (relayout-core's rules, the fast set: no walker's
//! grid search) is a term too, and each failing rule a violation.

use std::collections::BTreeMap;

use relayout_core::geometry::{Footprint, RoomShape, penetration};
use relayout_core::metrics::{COLLISION_TOL, Metrics, evaluate_placed_without_access};
use relayout_core::placement::Placed;
use relayout_core::relation::residual::Tolerance;
use relayout_core::relation::{BoundTerm, resolve};
use relayout_core::rules::{DesignReport, RuleSet, SceneRules};
use relayout_core::scene::{Pose, Scene};
use serde::{Deserialize, Serialize};

use crate::violation::Violation;

/// Weights of the physics sub-terms.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct PhysicsWeights {
    /// Weight of CR, the share of colliding objects. Default 1.
    pub collision: f64,
    /// Weight of PCR, colliding pairs / (N(N−1)/2). Default 0.
    pub pair_collision: f64,
    /// Weight of OR, the share of objects out of the room. Default 1.
    pub out_of_room: f64,
    /// Weight of 1 − RS, the share of relations not satisfied. Default 1.
    pub violation: f64,
    /// Weight of the mean penetration depth over colliding pairs, in metres, capped at 1.
    /// Default 0.
    pub penetration: f64,
    /// Weight of 1 − the stable share (feature `stability`). Default 0: not simulated.
    pub stability: f64,
    /// Weight of 1 − the design-rule score (the fast rules of `relayout_core::rules`; rules that
    /// do not apply do not count). Default 0: not checked.
    #[serde(default)]
    pub design: f64,
}

impl Default for PhysicsWeights {
    fn default() -> Self {
        PhysicsWeights {
            collision: 1.0,
            pair_collision: 0.0,
            out_of_room: 1.0,
            violation: 1.0,
            penetration: 0.0,
            stability: 0.0,
            design: 0.0,
        }
    }
}

/// The physics sub-terms of one layout.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PhysicsTerms {
    /// CR: share of objects that penetrate another by more than 1 cm.
    pub cr: f64,
    /// PCR: colliding pairs / (N(N−1)/2).
    pub pcr: f64,
    /// OR: share of objects out of the room.
    #[serde(rename = "or")]
    pub or_: f64,
    /// 1 − RS: share of relations not satisfied (0 without relations).
    pub violation_ratio: f64,
    /// Mean penetration depth over the colliding pairs, metres (0 without collisions).
    pub mean_penetration: f64,
    /// Share of the movable objects that stay put in a Rapier world (`None` when not
    /// simulated: the `stability` feature is off or its weight is 0).
    pub stability: Option<f64>,
    /// The design-rule score in [0, 1] (`None` when not checked: its weight is 0, or no rule
    /// applies to the room).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design: Option<f64>,
    /// The physics reward in [0, 1].
    pub reward: f64,
    /// What is wrong: collisions, objects out of the room, relations that do not hold.
    pub violations: Vec<Violation>,
}

/// A scene prepared for scoring many layouts: its room polygon and resolved relations are
/// built once.
pub struct PhysicsScorer<'a> {
    scene: &'a Scene,
    room: RoomShape,
    terms: Vec<BoundTerm>,
    rules: SceneRules,
}

impl<'a> PhysicsScorer<'a> {
    /// Prepares a (valid) scene.
    pub fn new(scene: &'a Scene) -> Self {
        let room = RoomShape::new(&scene.room);
        let terms = resolve(scene, &room);
        let rules = SceneRules::new(scene);
        PhysicsScorer {
            scene,
            room,
            terms,
            rules,
        }
    }

    /// The physics reward at the given poses (one per object); `None` when an object has no
    /// pose.
    pub fn score(
        &self,
        poses: &BTreeMap<String, Pose>,
        w: &PhysicsWeights,
    ) -> Option<PhysicsTerms> {
        let scene = self.scene;
        let placed = Placed::from_poses(scene, poses).ok()?;
        let fps = placed.footprints(scene);
        let m = evaluate_placed_without_access(
            scene,
            &self.room,
            &self.terms,
            &placed,
            &fps,
            Tolerance::default(),
        );
        let collided = collision_violations(scene, &m, &fps);
        let design = (w.design.is_finite() && w.design > 0.0).then(|| {
            self.rules
                .check_footprints(scene, &self.room, &placed, fps, RuleSet::Fast)
        });
        terms_of(scene, poses, collided, &m, design.as_ref(), w)
    }
}

/// The physics reward of a scene at the given poses (one per object). `None` when an object
/// has no pose. To score many layouts of one scene, prepare it once with [`PhysicsScorer`].
pub fn physics_reward(
    scene: &Scene,
    poses: &BTreeMap<String, Pose>,
    w: &PhysicsWeights,
) -> Option<PhysicsTerms> {
    PhysicsScorer::new(scene).score(poses, w)
}

/// Each colliding pair's violation, with the depth of its penetration, and the sum of the
/// depths.
fn collision_violations(
    scene: &Scene,
    m: &Metrics,
    fps: &[Footprint<f64>],
) -> (Vec<Violation>, f64) {
    let mut violations = Vec::new();
    let mut depth_sum = 0.0;
    for [a, b] in &m.colliding_pairs {
        let (Some(i), Some(j)) = (scene.object_index(a), scene.object_index(b)) else {
            continue;
        };
        let d = penetration(&fps[i], &fps[j]).depth.max(COLLISION_TOL);
        depth_sum += d;
        violations.push(Violation::collision(a, b, d));
    }
    (violations, depth_sum)
}

fn terms_of(
    scene: &Scene,
    poses: &BTreeMap<String, Pose>,
    (mut violations, depth_sum): (Vec<Violation>, f64),
    m: &Metrics,
    design: Option<&DesignReport>,
    w: &PhysicsWeights,
) -> Option<PhysicsTerms> {
    for id in &m.out_of_room {
        violations.push(Violation::out_of_room(id));
    }
    for &r in &m.unsatisfied {
        if let Some(rel) = scene.relations.get(r) {
            violations.push(Violation::relation(r, rel));
        }
    }
    let mean_penetration = if m.colliding_pairs.is_empty() {
        0.0
    } else {
        depth_sum / m.colliding_pairs.len() as f64
    };
    let violation_ratio = m.rs.map_or(0.0, |rs| 1.0 - rs);
    let stability = stability_term(scene, poses, w, &mut violations);
    for r in design.iter().flat_map(|d| d.failed()) {
        violations.push(Violation::design_rule(&r.rule, &r.objects, &r.message));
    }
    let design = design.and_then(|d| d.score);
    let terms = [
        (w.collision, m.cr),
        (w.pair_collision, m.pcr),
        (w.out_of_room, m.or_),
        (w.violation, violation_ratio),
        (w.penetration, mean_penetration.min(1.0)),
        (
            if stability.is_some() {
                w.stability
            } else {
                0.0
            },
            1.0 - stability.unwrap_or(1.0),
        ),
        (
            if design.is_some() { w.design } else { 0.0 },
            1.0 - design.unwrap_or(1.0),
        ),
    ];
    let total_w: f64 = terms.iter().map(|(w, _)| w.max(0.0)).sum();
    let penalty: f64 = terms.iter().map(|(w, v)| w.max(0.0) * v).sum();
    let reward = if total_w > 0.0 {
        (1.0 - penalty / total_w).clamp(0.0, 1.0)
    } else {
        1.0
    };
    Some(PhysicsTerms {
        cr: m.cr,
        pcr: m.pcr,
        or_: m.or_,
        violation_ratio,
        mean_penetration,
        stability,
        design,
        reward,
        violations,
    })
}

#[cfg(feature = "stability")]
fn stability_term(
    scene: &Scene,
    poses: &BTreeMap<String, Pose>,
    w: &PhysicsWeights,
    violations: &mut Vec<Violation>,
) -> Option<f64> {
    if w.stability.is_nan() || w.stability <= 0.0 {
        return None;
    }
    let s = crate::stability::stability(scene, poses)?;
    for id in &s.moved {
        violations.push(Violation::unstable(id));
    }
    Some(s.stable_ratio)
}

#[cfg(not(feature = "stability"))]
fn stability_term(
    _: &Scene,
    _: &BTreeMap<String, Pose>,
    _: &PhysicsWeights,
    _: &mut Vec<Violation>,
) -> Option<f64> {
    None
}
