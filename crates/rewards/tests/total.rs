//! The total reward with a judge's verdict, and MetaSpatial's weighting.

mod common;

use relayout_llm::LlmError;
use relayout_rewards::judge::{Grade, JudgeError, JudgeScores};
use relayout_rewards::{RenderError, Weights, score};

fn scores(reward: f64) -> JudgeScores {
    JudgeScores {
        r3l: vec![],
        metaspatial: vec![Grade {
            aspect: "layout_and_furniture".into(),
            grade: Some(reward * 10.0),
            std: 0.0,
            comment: String::new(),
        }],
        reward,
        samples: 1,
        notes: vec!["overall_aesthetic_and_atmosphere: not in the answer".into()],
    }
}

#[test]
fn a_verdict_adds_the_render_term_and_a_failure_leaves_it_off_with_the_reason() {
    let scene = common::bedroom();
    let w = Weights::default();
    let base = score(&scene, common::CLEAN, &w);
    assert_eq!(base.render, None);
    assert!(base.notes.iter().any(|n| n.starts_with("render: off")));
    let judged = base.clone().with_render(Ok(scores(0.7)), &w);
    assert_eq!(judged.render, Some(0.7));
    assert!((judged.total - (base.total + 0.7)).abs() < 1e-12);
    assert!(!judged.notes.iter().any(|n| n.starts_with("render:")));
    assert!(judged.notes.iter().any(|n| n.starts_with("judge: overall")));

    let call_failed = JudgeError::Call(LlmError::Http {
        status: 500,
        endpoint: "http://judge.test/v1/chat/completions".into(),
        message: "model overloaded".into(),
        attempts: 1,
    });
    let failed = base
        .clone()
        .with_render(Err(RenderError::Judge(call_failed)), &w);
    assert_eq!(failed.render, None);
    assert_eq!(failed.total, base.total);
    assert!(
        failed.notes.contains(
            &"render: off, judge: the call failed: HTTP 500 from \
              http://judge.test/v1/chat/completions after 1 attempt(s): model overloaded"
                .to_string()
        ),
        "{:?}",
        failed.notes
    );

    let unrendered = base.clone().with_render(
        Err(RenderError::Render(
            relayout_rewards::refine::ViewsError::Failed {
                status: "exit status: 1".into(),
                message: "no GPU".into(),
            },
        )),
        &w,
    );
    assert!(
        unrendered
            .notes
            .contains(&"render: off, the layout could not be rendered: the renderer failed (exit status: 1): no GPU".to_string()),
        "{:?}",
        unrendered.notes
    );
}

/// MetaSpatial: judge_sum / 50 + 0.5·format − 0.2·CR − 0.2·OR. The preset is that plus 0.4.
#[test]
fn the_metaspatial_preset_is_metaspatials_total_shifted_by_a_constant() {
    let scene = common::bedroom();
    let w = Weights::metaspatial();
    for answer in [common::CLEAN, common::COLLIDING] {
        let b = score(&scene, answer, &w).with_render(Ok(scores(0.62)), &w);
        let t = b.physics_terms.as_ref().unwrap();
        let theirs = 0.62 + 0.5 * b.format - 0.2 * t.cr - 0.2 * t.or_;
        assert!(
            (b.total - (theirs + 0.4)).abs() < 1e-12,
            "{} vs {theirs}",
            b.total
        );
    }
    let colliding = score(&scene, common::COLLIDING, &w);
    let t = colliding.physics_terms.unwrap();
    assert!(t.cr > 0.0 && t.or_ > 0.0, "the check must see both terms");
}
