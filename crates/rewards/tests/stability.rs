//! The stability term (feature `stability`, on by default).
#![cfg(feature = "stability")]

mod common;

use common::{CLEAN, COLLIDING, bedroom};
use relayout_rewards::stability::stability;
use relayout_rewards::{PhysicsWeights, Weights, format_reward, score};

#[test]
fn a_clean_layout_stays_put_and_interpenetrating_boxes_fly_apart() {
    let scene = bedroom();
    let clean = format_reward(&scene, CLEAN).poses.unwrap();
    let s = stability(&scene, &clean).unwrap();
    assert_eq!(s.stable_ratio, 1.0, "{s:?}");
    assert!(s.moved.is_empty());
    assert!(s.mean_displacement < 0.01, "{s:?}");
    let bad = format_reward(&scene, COLLIDING).poses.unwrap();
    let s = stability(&scene, &bad).unwrap();
    // The desk inside the bed is pushed out (and the bed with it); the wardrobe, out of the
    // room but on the floor, stays.
    assert!(s.moved.contains(&"desk-0".to_string()), "{s:?}");
    assert!(!s.moved.contains(&"wardrobe-0".to_string()), "{s:?}");
    assert!(s.stable_ratio <= 2.0 / 3.0, "{s:?}");
}

#[test]
fn the_stability_weight_enters_the_physics_reward() {
    let scene = bedroom();
    let w = Weights {
        physics_terms: PhysicsWeights {
            collision: 0.0,
            pair_collision: 0.0,
            out_of_room: 0.0,
            violation: 0.0,
            penetration: 0.0,
            stability: 1.0,
            design: 0.0,
        },
        ..Weights::default()
    };
    let clean = score(&scene, CLEAN, &w);
    assert_eq!(clean.physics, 1.0, "{clean:#?}");
    let bad = score(&scene, COLLIDING, &w);
    let ratio = bad.physics_terms.as_ref().unwrap().stability.unwrap();
    assert!((bad.physics - ratio).abs() < 1e-12, "{bad:#?}");
    assert!(bad.physics < 1.0);
    assert!(bad.violations.iter().any(|v| v.words
        == "desk-0 is not stable (it moves when simulated)"
        && v.kind == relayout_rewards::ViolationKind::Unstable
        && v.objects == ["desk-0"]));
    // Weight 0 (the default): not simulated.
    let b = score(&scene, COLLIDING, &Weights::default());
    assert_eq!(b.physics_terms.unwrap().stability, None);
}
