//! The physics reward and the total.

mod common;

use common::{CLEAN, COLLIDING, bedroom};
use relayout_rewards::{PhysicsWeights, Weights, score};

#[test]
fn a_clean_layout_scores_full_physics() {
    let b = score(&bedroom(), CLEAN, &Weights::default());
    let t = b.physics_terms.as_ref().expect("physics terms");
    assert_eq!(
        (t.cr, t.pcr, t.or_, t.violation_ratio),
        (0.0, 0.0, 0.0, 0.0),
        "{b:#?}"
    );
    assert_eq!(t.mean_penetration, 0.0);
    assert_eq!(b.physics, 1.0);
    assert!(b.violations.is_empty(), "{b:#?}");
    assert_eq!(b.total, 2.0);
    assert_eq!(b.render, None);
    assert!(b.notes.iter().any(|n| n.contains("no judge configured")));
}

#[test]
fn colliding_objects_score_lower_physics_with_reasons() {
    let scene = bedroom();
    let clean = score(&scene, CLEAN, &Weights::default());
    let bad = score(&scene, COLLIDING, &Weights::default());
    assert_eq!(bad.format, 1.0);
    let t = bad.physics_terms.as_ref().expect("physics terms");
    // Two of three objects collide, one pair of three, one object of three is out.
    assert!((t.cr - 2.0 / 3.0).abs() < 1e-12, "{bad:#?}");
    assert!((t.pcr - 1.0 / 3.0).abs() < 1e-12, "{bad:#?}");
    assert!((t.or_ - 1.0 / 3.0).abs() < 1e-12, "{bad:#?}");
    assert_eq!(t.violation_ratio, 1.0, "{bad:#?}");
    // The desk (0.6 deep, centre 0.2 from the bed's) sits wholly inside the bed's 2 m length:
    // the separating axis with least overlap is x, 0.8 + 0.6 − 0 = 1.4 m.
    assert!(t.mean_penetration > 0.5, "{bad:#?}");
    let expected = 1.0 - (2.0 / 3.0 + 1.0 / 3.0 + 1.0) / 3.0;
    assert!((bad.physics - expected).abs() < 1e-12, "{bad:#?}");
    assert!(bad.physics < clean.physics);
    assert!(bad.total < clean.total);
    let v: Vec<String> = bad.violations.iter().map(|v| v.words.clone()).collect();
    let v = v.join("\n");
    assert!(v.contains("bed-0 collides with desk-0"), "{v}");
    assert!(v.contains("wardrobe-0 is out of the room"), "{v}");
    assert!(v.contains("not satisfied: bed-0 against wall T"), "{v}");
}

#[test]
fn weights_are_applied() {
    let scene = bedroom();
    let w = Weights {
        format: 2.0,
        physics: 0.5,
        render: 7.0,
        physics_terms: PhysicsWeights {
            collision: 0.0,
            pair_collision: 0.0,
            out_of_room: 1.0,
            violation: 0.0,
            penetration: 0.0,
            stability: 0.0,
            design: 0.0,
        },
    };
    let b = score(&scene, COLLIDING, &w);
    // Only OR counts: 1 − 1/3.
    assert!((b.physics - 2.0 / 3.0).abs() < 1e-12, "{b:#?}");
    // The render weight multiplies nothing without a judge.
    assert!(
        (b.total - (2.0 * 1.0 + 0.5 * 2.0 / 3.0)).abs() < 1e-12,
        "{b:#?}"
    );
    // Format only.
    let w = Weights {
        format: 3.0,
        physics: 0.0,
        ..Weights::default()
    };
    assert_eq!(score(&scene, COLLIDING, &w).total, 3.0);
    assert!((score(&scene, "nonsense", &w).total - 0.3).abs() < 1e-12);
    // Penetration weighted alone: 1 − min(depth, 1).
    let w = Weights {
        physics_terms: PhysicsWeights {
            collision: 0.0,
            out_of_room: 0.0,
            violation: 0.0,
            penetration: 1.0,
            pair_collision: 0.0,
            stability: 0.0,
            design: 0.0,
        },
        ..Weights::default()
    };
    let b = score(&scene, COLLIDING, &w);
    let depth = b.physics_terms.as_ref().unwrap().mean_penetration;
    assert!((b.physics - (1.0 - depth.min(1.0))).abs() < 1e-12, "{b:#?}");
}

#[test]
fn the_breakdown_serialises() {
    let b = score(&bedroom(), COLLIDING, &Weights::default());
    let v = serde_json::to_value(&b).unwrap();
    assert_eq!(v["answer_format"], "relayout.answer/1");
    assert_eq!(v["format"], 1.0);
    assert!(v["render"].is_null());
    assert!(v["physics_terms"]["or"].as_f64().unwrap() > 0.3);
    let back: relayout_rewards::RewardBreakdown = serde_json::from_value(v).unwrap();
    assert_eq!(back, b);
}

/// A chair turned away from its desk: the design term, when weighted, lowers the reward and
/// names the rule; unweighted, it is not checked.
#[test]
fn the_design_term_counts_only_when_weighted() {
    let scene = relayout_core::scene::parse_scene(
        r#"{"schema":"relayout.scene/1",
        "room":{"width":4,"depth":3.5,"height":2.7,
                "openings":[{"kind":"door","wall":"B","offset":2.9,"width":0.9}]},
        "objects":[{"id":"desk-0","category":"desk","size":[1.2,0.6,0.75]},
                   {"id":"chair-0","category":"chair","size":[0.5,0.5,0.9]}]}"#,
    )
    .unwrap();
    let answer = |rz: f64| {
        format!(
            r#"[{{"id": "desk-0", "x": 2.0, "y": 3.2, "z": 0, "rz": 180}},
                {{"id": "chair-0", "x": 2.0, "y": 2.55, "z": 0, "rz": {rz}}}]"#
        )
    };
    let design = Weights {
        physics_terms: PhysicsWeights {
            design: 1.0,
            ..PhysicsWeights::default()
        },
        ..Weights::default()
    };
    let facing = score(&scene, &answer(0.0), &design);
    let t = facing.physics_terms.as_ref().unwrap();
    assert_eq!(t.cr, 0.0, "{facing:#?}");
    assert_eq!(t.design, Some(1.0), "{facing:#?}");
    assert_eq!(facing.physics, 1.0);
    let away = score(&scene, &answer(180.0), &design);
    let t = away.physics_terms.as_ref().unwrap();
    let d = t.design.expect("checked");
    assert!(d < 1.0, "{away:#?}");
    // Three weights of 1 (collision, out of room, relations) and the design's.
    assert!(
        (away.physics - (1.0 - (1.0 - d) / 4.0)).abs() < 1e-12,
        "{away:#?}"
    );
    assert!(
        away.violations.iter().any(|v| v
            .words
            .starts_with("design rule chairs_at_tables: chair-0 is turned")),
        "{away:#?}"
    );
    let plain = score(&scene, &answer(180.0), &Weights::default());
    assert_eq!(plain.physics_terms.as_ref().unwrap().design, None);
    assert_eq!(plain.physics, 1.0);
}
