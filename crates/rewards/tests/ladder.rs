//! The format ladder: 1, 0.5, 0.1, 0, with the reasons.

mod common;

use common::{CLEAN, bedroom};
use relayout_rewards::{Weights, format_reward, score};

#[test]
fn a_covering_answer_scores_one_with_no_issues() {
    let r = format_reward(&bedroom(), CLEAN);
    assert_eq!(r.reward, 1.0, "{r:?}");
    assert!(r.issues.is_empty());
    let poses = r.poses.expect("poses of a covering answer");
    assert_eq!(poses.len(), 3);
    assert_eq!(poses["wardrobe-0"].rz, 270.0);
    assert_eq!(poses["bed-0"].y, 3.0);
}

#[test]
fn wrapped_answers_are_unwrapped() {
    let scene = bedroom();
    for text in [
        format!("<think>the bed goes against T</think><answer>{CLEAN}</answer>"),
        format!("<think>x</think>\n<answer>\n{CLEAN}\n</answer>\n"),
        format!("<answer>{CLEAN}"),
        format!("<think>reasoning [1,2]</think>{CLEAN}"),
        format!("```json\n{CLEAN}\n```"),
    ] {
        let r = format_reward(&scene, &text);
        assert_eq!(r.reward, 1.0, "{text}: {r:?}");
    }
}

#[test]
fn no_answer_scores_zero() {
    let scene = bedroom();
    for text in [
        "",
        "   \n\t ",
        "<answer></answer>",
        "<think>hmm</think><answer>  \n </answer>",
        "<think>I never finish",
    ] {
        let r = format_reward(&scene, text);
        assert_eq!(r.reward, 0.0, "{text:?}: {r:?}");
        assert_eq!(r.issues, vec!["no answer".to_string()]);
    }
}

#[test]
fn invalid_json_scores_a_tenth() {
    let scene = bedroom();
    for text in [
        "[{\"id\":\"bed-0\",\"x\":1",
        "the bed goes by the window",
        "{\"id\":\"bed-0\",\"x\":1,\"y\":1,\"z\":0,\"rz\":0}",
        "[{\"id\":\"bed-0\",\"x\":\"one\",\"y\":1,\"z\":0,\"rz\":0}]",
        "[{\"id\":\"bed-0\",\"x\":1,\"y\":1,\"z\":0}]",
        "[{\"id\":\"bed-0\",\"x\":1,\"y\":1,\"z\":0,\"rz\":0,\"scale\":2}]",
        "[3]",
    ] {
        let r = format_reward(&scene, text);
        assert_eq!(r.reward, 0.1, "{text:?}: {r:?}");
        assert!(!r.issues.is_empty());
        assert!(r.poses.is_none());
    }
    let r = format_reward(&scene, "{\"objects\":[]}");
    assert!(r.issues[0].contains("not an object"), "{r:?}");
    let r = format_reward(&scene, "[{\"id\":\"desk-0\",\"x\":1,\"y\":1,\"z\":0}]");
    assert!(r.issues[0].contains("item 0 (\"desk-0\")"), "{r:?}");
    assert!(r.issues[0].contains("rz"), "{r:?}");
}

#[test]
fn wrong_object_sets_score_a_half_and_are_listed() {
    let scene = bedroom();
    let item = |id: &str| format!("{{\"id\":\"{id}\",\"x\":1,\"y\":1,\"z\":0,\"rz\":0}}");
    // Missing.
    let r = format_reward(&scene, &format!("[{},{}]", item("bed-0"), item("desk-0")));
    assert_eq!(r.reward, 0.5);
    assert_eq!(r.missing, vec!["wardrobe-0"]);
    assert!(r.unknown.is_empty() && r.duplicated.is_empty());
    // Unknown and duplicated at once.
    let text = format!(
        "[{},{},{},{},{}]",
        item("bed-0"),
        item("desk-0"),
        item("wardrobe-0"),
        item("desk-0"),
        item("lamp-9")
    );
    let r = format_reward(&scene, &text);
    assert_eq!(r.reward, 0.5, "{r:?}");
    assert_eq!(r.unknown, vec!["lamp-9"]);
    assert_eq!(r.duplicated, vec!["desk-0"]);
    assert!(r.missing.is_empty());
    assert!(r.issues.iter().any(|i| i.contains("lamp-9")));
    assert!(
        r.issues
            .iter()
            .any(|i| i.contains("more than once: desk-0"))
    );
    // An empty list misses everything.
    let r = format_reward(&scene, "[]");
    assert_eq!(r.reward, 0.5);
    assert_eq!(r.missing, vec!["bed-0", "desk-0", "wardrobe-0"]);
    // Physics is not computed for a wrong set.
    let b = score(&scene, "[]", &Weights::default());
    assert_eq!(b.physics, 0.0);
    assert!(b.physics_terms.is_none());
    assert_eq!(b.total, 0.5);
}

#[test]
fn non_finite_and_huge_values_are_invalid_and_named() {
    let scene = bedroom();
    let with = |x: &str| {
        format!(
            "[{{\"id\":\"bed-0\",\"x\":2,\"y\":3,\"z\":0,\"rz\":180}},
              {{\"id\":\"desk-0\",\"x\":{x},\"y\":0.5,\"z\":0,\"rz\":0}},
              {{\"id\":\"wardrobe-0\",\"x\":0.4,\"y\":2,\"z\":0,\"rz\":270}}]"
        )
    };
    for x in [
        "NaN", "Infinity", "-inf", "1e999", "-1e400", "12000", "-1e5",
    ] {
        let r = format_reward(&scene, &with(x));
        assert_eq!(r.reward, 0.1, "{x}: {r:?}");
        assert_eq!(r.issues.len(), 1, "{x}: {r:?}");
        assert!(
            r.issues[0].contains("item 1 (\"desk-0\")") && r.issues[0].contains('x'),
            "{x}: {r:?}"
        );
    }
    // 1e4 itself is still allowed (far out of the room, but a value).
    assert_eq!(format_reward(&scene, &with("10000")).reward, 1.0);
    // A string that says NaN is a type error, not a number.
    let r = format_reward(&scene, &with("\"NaN\""));
    assert_eq!(r.reward, 0.1);
}

#[test]
fn a_megabyte_of_garbage_scores_a_tenth_without_panicking() {
    let scene = bedroom();
    let mut rng = fastrand::Rng::with_seed(3);
    let garbage: String = (0..1 << 20).map(|_| char::from(rng.u8(32..127))).collect();
    let r = format_reward(&scene, &garbage);
    assert_eq!(r.reward, 0.1);
    let nested = "[".repeat(1 << 20);
    assert_eq!(format_reward(&scene, &nested).reward, 0.1);
    let b = score(
        &scene,
        &format!("<answer>{garbage}</answer>"),
        &Weights::default(),
    );
    assert_eq!(b.format, 0.1);
    assert!((b.total - 0.1).abs() < 1e-12);
}
