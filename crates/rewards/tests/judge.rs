//! The VLM judge against a real HTTP server on loopback (wiremock): realistic answers (fenced
//! JSON in prose, MetaSpatial's own format), partial and broken ones, server errors.

use std::time::Duration;

use relayout_llm::{CancellationToken, ClientConfig, LlmClient};
use relayout_rewards::judge::{Judge, JudgeError, View};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn completion(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "chatcmpl-judge",
        "object": "chat.completion",
        "model": "vision-judge",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 900, "completion_tokens": 120, "total_tokens": 1020},
    }))
}

async fn judge_answering(reply: ResponseTemplate, samples: usize) -> (MockServer, Judge) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(reply)
        .mount(&server)
        .await;
    let mut config = ClientConfig::new(format!("{}/v1", server.uri()), "vision-judge");
    config.timeout = Duration::from_secs(2);
    config.max_retries = 1;
    config.backoff_base = Duration::from_millis(5);
    config.backoff_cap = Duration::from_millis(20);
    let judge = Judge::new(LlmClient::new(config).unwrap(), samples);
    (server, judge)
}

fn views() -> Vec<View> {
    // Any bytes will do for the server; they travel base64-encoded as data URLs.
    ["top", "front_left", "back_right"]
        .iter()
        .map(|n| View {
            name: n.to_string(),
            png: format!("\u{89}PNG fake {n}").into_bytes(),
        })
        .collect()
}

const FULL: &str = r#"Here is my evaluation of the renders.

```json
{
  "realism": {"grade": 7, "comment": "Plausible, the desk chair is tucked in."},
  "functionality": {"grade": 6, "comment": "The wardrobe front is tight."},
  "instruction_following": {"grade": 9, "comment": "Bed head against the left wall."},
  "Realism and 3D Geometric Consistency": {"grade": 8, "comment": "Consistent."},
  "functionality_and_activity_based_alignment": {"grade": 7, "comment": "Reading works."},
  "layout_and_furniture": {"grade": "6/10", "comment": "Desk under the window."},
  "color_scheme_and_material_choices": {"grade": 5, "comment": "Plain."},
  "overall_aesthetic_and_atmosphere": {"grade": 9, "comment": "Calm."}
}
```
I hope this helps."#;

#[tokio::test]
async fn a_fenced_answer_is_read_and_metaspatial_sum_over_50_is_the_reward() {
    let (server, judge) = judge_answering(completion(FULL), 1).await;
    let s = judge
        .judge("A calm bedroom", &views(), &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(s.grade("realism"), Some(7.0));
    assert_eq!(s.grade("instruction_following"), Some(9.0));
    assert_eq!(s.grade("realism_and_3d_geometric_consistency"), Some(8.0));
    assert_eq!(s.grade("layout_and_furniture"), Some(6.0));
    // (8 + 7 + 6 + 5 + 9) / 50
    assert!((s.reward - 35.0 / 50.0).abs() < 1e-12, "{}", s.reward);
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    let got = server.received_requests().await.unwrap();
    assert_eq!(got.len(), 1);
    let body: Value = serde_json::from_slice(&got[0].body).unwrap();
    let parts = body["messages"][0]["content"].as_array().unwrap();
    let images = parts.iter().filter(|p| p["type"] == "image_url").count();
    assert_eq!(images, 3, "all three views are sent");
    let text = parts.iter().find(|p| p["type"] == "text").unwrap()["text"]
        .as_str()
        .unwrap();
    assert!(text.contains("```A calm bedroom```"), "{text}");
    assert!(text.contains("overall_aesthetic_and_atmosphere"));
}

#[tokio::test]
async fn unknown_and_missing_aspects_are_left_out_of_the_mean_with_notes() {
    let answer = json!({
        "realism_and_3d_geometric_consistency": {"grade": 8, "comment": ""},
        "functionality_and_activity_based_alignment": {"grade": "unknown", "comment": "cannot tell"},
        "layout_and_furniture": 6,
        "color_scheme_and_material_choices": {"grade": 85},
    })
    .to_string();
    let (_s, judge) = judge_answering(completion(&answer), 1).await;
    let s = judge
        .judge("A kitchen", &views(), &CancellationToken::new())
        .await
        .unwrap();
    // Known: 8 and 6 → mean 7 → 0.7.
    assert!((s.reward - 0.7).abs() < 1e-12, "{}", s.reward);
    assert_eq!(s.grade("functionality_and_activity_based_alignment"), None);
    assert_eq!(s.grade("color_scheme_and_material_choices"), None);
    let notes = s.notes.join("\n");
    assert!(
        notes.contains("color_scheme_and_material_choices: grade 85 is outside 1..10"),
        "{notes}"
    );
    assert!(
        notes.contains("overall_aesthetic_and_atmosphere: not in the answer"),
        "{notes}"
    );
    assert!(notes.contains("realism: not in the answer"), "{notes}");
}

#[tokio::test]
async fn samples_are_averaged_with_their_spread() {
    let (server, judge) = judge_answering(completion(FULL), 3).await;
    let s = judge
        .judge("A calm bedroom", &views(), &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(s.samples, 3);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    assert_eq!(s.grade("realism"), Some(7.0));
    assert_eq!(s.metaspatial[0].std, 0.0);
}

#[tokio::test]
async fn prose_without_grades_is_an_unreadable_answer() {
    let (_s, judge) = judge_answering(completion("The room looks lovely, 10 out of 10!"), 1).await;
    let err = judge
        .judge("A bedroom", &views(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(matches!(err, JudgeError::Unreadable(_)), "{err}");

    let (_s, judge) = judge_answering(completion(r#"{"verdict": "nice", "stars": 5}"#), 1).await;
    let err = judge
        .judge("A bedroom", &views(), &CancellationToken::new())
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("grades none of the aspects"), "{msg}");
}

#[tokio::test]
async fn a_server_error_is_a_call_error_naming_the_status() {
    let reply =
        ResponseTemplate::new(500).set_body_json(json!({"error": {"message": "model overloaded"}}));
    let (_s, judge) = judge_answering(reply, 1).await;
    let err = judge
        .judge("A bedroom", &views(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(matches!(err, JudgeError::Call(_)), "{err}");
    assert!(err.to_string().contains("500"), "{err}");
}

#[tokio::test]
async fn no_views_is_refused_without_a_call() {
    let (server, judge) = judge_answering(completion(FULL), 1).await;
    let err = judge
        .judge("A bedroom", &[], &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(matches!(err, JudgeError::NoViews));
    assert!(server.received_requests().await.unwrap().is_empty());
}
