//! Multi-turn refinement and GRPO rollout groups: the offline stand-in policy end to end, and a
//! policy and a judge behind real HTTP servers on loopback (wiremock).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use relayout_core::scene::Scene;
use relayout_llm::{CancellationToken, ClientConfig, LlmClient};
use relayout_rewards::judge::{Judge, View};
use relayout_rewards::policy::Policy;
use relayout_rewards::refine::{RefineOptions, Renderer, Services, discounted_mean, refine};
use relayout_rewards::rollout::{RolloutOptions, group_advantages, rollout};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn completion(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "c", "object": "chat.completion", "model": "policy-under-training",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 500, "completion_tokens": 80, "total_tokens": 580},
    }))
}

/// Answers the scripted replies in order, repeating the last.
struct Script(Vec<ResponseTemplate>, AtomicUsize);

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let i = self.1.fetch_add(1, Ordering::SeqCst).min(self.0.len() - 1);
        self.0[i].clone()
    }
}

async fn server(replies: Vec<ResponseTemplate>) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(Script(replies, AtomicUsize::new(0)))
        .mount(&s)
        .await;
    s
}

fn client(s: &MockServer, model: &str) -> LlmClient {
    let mut c = ClientConfig::new(format!("{}/v1", s.uri()), model);
    c.timeout = Duration::from_secs(2);
    c.max_retries = 0;
    LlmClient::new(c).unwrap()
}

fn offline() -> Services<'static> {
    static P: Policy = Policy::Offline;
    Services {
        policy: &P,
        judge: None,
        renderer: None,
    }
}

#[test]
fn the_discounted_mean_weighs_early_turns_more() {
    // (1 + 0.9·0 + 0.81·0) / 2.71
    assert!((discounted_mean(&[1.0, 0.0, 0.0], 0.9) - 1.0 / 2.71).abs() < 1e-12);
    assert!((discounted_mean(&[0.0, 0.0, 1.0], 0.9) - 0.81 / 2.71).abs() < 1e-12);
    assert_eq!(discounted_mean(&[0.4], 0.9), 0.4);
    assert_eq!(discounted_mean(&[], 0.9), 0.0);
}

#[test]
fn group_advantages_are_standardised_and_zero_without_spread() {
    let (mean, std, a) = group_advantages(&[1.0, 2.0, 3.0]);
    assert_eq!(mean, 2.0);
    assert!((std - (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert!((a[0] + 1.224744871391589).abs() < 1e-9 && (a[2] - 1.224744871391589).abs() < 1e-9);
    assert_eq!(a[1], 0.0);
    assert_eq!(group_advantages(&[0.7, 0.7]).2, vec![0.0, 0.0]);
}

#[tokio::test]
async fn the_offline_policy_improves_over_turns_and_sees_its_violations() {
    let scene = common::bedroom();
    let opts = RefineOptions {
        turns: 3,
        seed: 3,
        ..RefineOptions::default()
    };
    let t = refine(&scene, offline(), &opts, &CancellationToken::new()).await;
    assert_eq!(t.turns.len(), 3);
    assert_eq!(t.schema, "relayout.refine/1");
    let totals: Vec<f64> = t.turns.iter().map(|t| t.breakdown.total).collect();
    assert!(t.turns.iter().all(|t| t.breakdown.format == 1.0));
    assert!(totals[2] > totals[0], "{totals:?}");
    let expected = discounted_mean(&totals, 0.9);
    assert!((t.reward - expected).abs() < 1e-12);
    // The second prompt quotes the first answer and its problems.
    let first = &t.turns[0];
    assert!(
        !first.breakdown.violations.is_empty(),
        "a random scatter collides"
    );
    let p1 = &t.turns[1].prompt;
    assert!(p1.contains("Your previous answer"), "{p1}");
    assert!(p1.contains(&first.breakdown.violations[0].words), "{p1}");
    assert!(t.turns[0].prompt.contains("bed-0: bed"));
    assert!(!t.turns[0].prompt.contains("Your previous answer"));
    // Render is off and says so.
    assert!(
        first
            .breakdown
            .notes
            .iter()
            .any(|n| n.starts_with("render: off"))
    );
}

#[tokio::test]
async fn a_remote_policy_gets_its_format_errors_back_and_a_failed_call_is_no_answer() {
    let s = server(vec![
        completion("<think>hmm</think><answer>[{\"id\": \"bed-0\", \"x\": 2, </answer>"),
        ResponseTemplate::new(500).set_body_json(json!({"error": {"message": "overloaded"}})),
        completion(&format!(
            "<think>fixed</think><answer>{}</answer>",
            common::CLEAN
        )),
    ])
    .await;
    let policy = Policy::Remote {
        client: client(&s, "policy-under-training"),
        vision: false,
        temperature: 1.0,
    };
    let services = Services {
        policy: &policy,
        judge: None,
        renderer: None,
    };
    let opts = RefineOptions {
        turns: 3,
        ..RefineOptions::default()
    };
    let t = refine(
        &common::bedroom(),
        services,
        &opts,
        &CancellationToken::new(),
    )
    .await;
    assert_eq!(t.policy, "policy-under-training");
    assert_eq!(t.turns[0].breakdown.format, 0.1);
    assert!(t.turns[1].error.as_deref().unwrap_or("").contains("500"));
    assert_eq!(t.turns[1].breakdown.format, 0.0);
    assert_eq!(t.turns[2].breakdown.format, 1.0);
    assert_eq!(t.turns[2].breakdown.physics, 1.0);
    let bodies: Vec<Value> = s
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let second = bodies[1]["messages"][0]["content"].to_string();
    assert!(second.contains("Its rewards: format 0.1"), "{second}");
    assert_eq!(bodies[0]["temperature"], json!(1.0));
}

struct FakeRenderer;

impl Renderer for FakeRenderer {
    fn render(&self, scene: &Scene) -> Result<Vec<View>, relayout_rewards::refine::ViewsError> {
        assert_eq!(
            scene.poses.len(),
            scene.objects.len(),
            "rendered at the answer's poses"
        );
        Ok(["top", "front_left", "back_right"]
            .iter()
            .map(|n| View {
                name: n.to_string(),
                png: n.as_bytes().to_vec(),
            })
            .collect())
    }
}

#[tokio::test]
async fn a_judged_vision_policy_sees_its_renders_and_gets_the_render_reward() {
    let answer = format!("<answer>{}</answer>", common::CLEAN);
    let policy_server = server(vec![completion(&answer)]).await;
    let grades: serde_json::Map<String, Value> = relayout_rewards::judge::METASPATIAL_ASPECTS
        .iter()
        .map(|a| (a.to_string(), json!({"grade": 6, "comment": "ok"})))
        .collect();
    let judge_server = server(vec![completion(&Value::Object(grades).to_string())]).await;
    let policy = Policy::Remote {
        client: client(&policy_server, "vl-policy"),
        vision: true,
        temperature: 0.7,
    };
    let judge = Judge::new(client(&judge_server, "vl-judge"), 1);
    let services = Services {
        policy: &policy,
        judge: Some(&judge),
        renderer: Some(&FakeRenderer),
    };
    let opts = RefineOptions {
        turns: 2,
        ..RefineOptions::default()
    };
    let t = refine(
        &common::bedroom(),
        services,
        &opts,
        &CancellationToken::new(),
    )
    .await;
    assert_eq!(t.turns[0].images_sent, 0);
    assert_eq!(t.turns[1].images_sent, 3);
    for turn in &t.turns {
        assert!((turn.breakdown.render.unwrap() - 0.6).abs() < 1e-12);
        assert!((turn.breakdown.total - (1.0 + 1.0 + 0.6)).abs() < 1e-12);
    }
    assert!(
        t.turns[1]
            .prompt
            .contains("renders of your previous layout")
    );
    assert_eq!(judge_server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn rollout_groups_have_distinct_seeds_and_centred_advantages() {
    let mut other = common::bedroom();
    other.instruction = "a second room".into();
    let prompts = vec![
        ("p0".to_string(), common::bedroom()),
        ("p1".to_string(), other),
    ];
    let opts = RolloutOptions {
        group: 4,
        refine: RefineOptions {
            turns: 2,
            seed: 100,
            ..RefineOptions::default()
        },
        concurrency: 2,
    };
    let mut groups = Vec::new();
    rollout(&prompts, offline(), &opts, &CancellationToken::new(), |g| {
        groups.push(g)
    })
    .await;
    assert_eq!(groups.len(), 2);
    let mut seeds = std::collections::BTreeSet::new();
    for g in &groups {
        assert_eq!(g.len(), 4);
        let sum: f64 = g.iter().map(|r| r.advantage).sum();
        assert!(sum.abs() < 1e-9, "{sum}");
        assert!(g.iter().any(|r| r.advantage != 0.0), "random starts differ");
        for r in g {
            assert_eq!(r.turns.len(), 2);
            assert!(seeds.insert(r.seed));
            let z = (r.reward - r.group_mean) / r.group_std;
            assert!((z - r.advantage).abs() < 1e-9);
        }
    }
    assert_eq!(seeds, (100..108).collect());
    // Rollout i of prompt p has seed base + p·G + i.
    for g in &groups {
        let p = if g[0].prompt_id == "p0" { 0 } else { 1 };
        for r in g {
            assert_eq!(
                r.seed,
                100 + (p * 4 + r.index) as u64,
                "{} #{}",
                r.prompt_id,
                r.index
            );
        }
    }
}

#[tokio::test]
async fn turns_become_timeline_steps_with_their_poses_and_flags() {
    let opts = RefineOptions {
        turns: 2,
        seed: 3,
        ..RefineOptions::default()
    };
    let t = refine(
        &common::bedroom(),
        offline(),
        &opts,
        &CancellationToken::new(),
    )
    .await;
    let steps = relayout_rewards::refine::timeline_steps(&t);
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0].poses, t.turns[0].poses);
    assert!(steps[0].label.starts_with("turn 1: reward"));
    // The random first turn collides: the colliding objects are flagged; the repaired one is clean.
    assert!(!steps[0].flagged.is_empty());
    for id in &steps[0].flagged {
        assert!(
            t.turns[0]
                .breakdown
                .violations
                .iter()
                .any(|v| v.kind.flags_objects() && v.objects.contains(id)),
            "{id} is named by a violation"
        );
    }
    assert!(steps[1].flagged.is_empty(), "{:?}", steps[1].details);
    assert!(steps[0].details[0].starts_with("format 1.00"));
}
