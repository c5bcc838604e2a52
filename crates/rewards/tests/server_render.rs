//! The render term in the reward server: items that ask for it are rendered (a stand-in
//! renderer here; the binary's warm pool in `tests/render_pool.rs`) and graded by a judge
//! behind a real loopback HTTP server (wiremock), with the cache, the render queue's
//! backpressure and the request's time budget seen from a client.

mod common;
mod loopback;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use relayout_core::scene::Scene;
use relayout_llm::{ClientConfig, LlmClient};
use relayout_rewards::judge::{Judge, View};
use relayout_rewards::refine::{Renderer, ViewsError};
use relayout_rewards::server::{RenderTerm, ServerConfig};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A renderer that counts its layouts and, when shut, waits until it is opened.
struct Gated {
    calls: AtomicUsize,
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gated {
    fn new(open: bool) -> Arc<Self> {
        Arc::new(Gated {
            calls: AtomicUsize::new(0),
            open: Mutex::new(open),
            opened: Condvar::new(),
        })
    }

    fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl Renderer for Gated {
    fn render(&self, scene: &Scene) -> Result<Vec<View>, ViewsError> {
        assert_eq!(scene.poses.len(), scene.objects.len(), "rendered posed");
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.opened.wait(open).unwrap();
        }
        Ok(["top", "front_left", "back_right"]
            .iter()
            .map(|n| View {
                name: n.to_string(),
                png: n.as_bytes().to_vec(),
            })
            .collect())
    }
}

fn completion(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "c", "object": "chat.completion", "model": "vl-judge",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop"}],
    }))
}

/// A judge server grading every aspect `grade`.
async fn judge_server(grade: u32) -> MockServer {
    let grades: serde_json::Map<String, Value> = relayout_rewards::judge::METASPATIAL_ASPECTS
        .iter()
        .map(|a| (a.to_string(), json!({"grade": grade, "comment": "fine"})))
        .collect();
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(completion(&Value::Object(grades).to_string()))
        .mount(&s)
        .await;
    s
}

fn judge(s: &MockServer) -> Judge {
    let mut c = ClientConfig::new(format!("{}/v1", s.uri()), "vl-judge");
    c.timeout = Duration::from_secs(5);
    c.max_retries = 0;
    Judge::new(LlmClient::new(c).unwrap(), 1)
}

async fn start(render: Option<RenderTerm>) -> loopback::Running {
    loopback::start(ServerConfig {
        render,
        ..ServerConfig::default()
    })
    .await
}

fn term(renderer: Arc<Gated>, judge: Judge, queue: usize) -> RenderTerm {
    let mut t = RenderTerm::new(renderer, Some(judge), "vl-judge".into());
    t.queue = queue;
    t
}

fn item(id: usize, answer: &str, render: bool) -> Value {
    json!({"id": id, "scene": common::bedroom(), "answer": answer, "render": render})
}

fn notes(r: &Value) -> String {
    r["breakdown"]["notes"].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_asking_for_the_render_term_get_the_judges_grades_once_per_layout() {
    let judge_http = judge_server(6).await;
    let renderer = Gated::new(true);
    let s = start(Some(term(renderer.clone(), judge(&judge_http), 8))).await;
    let batch = json!({"items": [
        item(0, common::CLEAN, true),
        item(1, common::CLEAN, true),
        item(2, common::CLEAN, false),
        item(3, common::COLLIDING, true),
        item(4, "I would put the bed by the window.", true),
    ]});
    let (status, v, _) = s.post_json(&batch).await;
    assert_eq!(status, 200, "{v}");
    let r = v["results"].as_array().unwrap();
    for k in [0, 1, 3] {
        assert_eq!(r[k]["breakdown"]["render"], json!(0.6), "{}", r[k]);
        assert_eq!(
            r[k]["breakdown"]["judge"]["metaspatial"][0]["grade"],
            json!(6.0)
        );
    }
    // Two identical answers are one layout: rendered and judged once.
    assert_eq!(r[0]["reward"], json!(2.6));
    assert_eq!(r[1]["reward"], json!(2.6));
    assert_eq!(r[2]["breakdown"]["render"], Value::Null);
    assert!(notes(&r[2]).contains("not asked for"), "{}", notes(&r[2]));
    assert_eq!(r[2]["reward"], json!(2.0));
    assert_eq!(r[4]["breakdown"]["render"], Value::Null);
    assert!(
        notes(&r[4]).contains("does not place each object"),
        "{}",
        notes(&r[4])
    );
    assert_eq!(renderer.calls(), 2);
    assert_eq!(judge_http.received_requests().await.unwrap().len(), 2);
    // The same layouts again come from the cache: nothing rendered or judged.
    let (status, again, _) = s.post_json(&batch).await;
    assert_eq!(status, 200);
    assert_eq!(again["results"][3]["breakdown"]["render"], json!(0.6));
    assert_eq!(renderer.calls(), 2);
    assert_eq!(judge_http.received_requests().await.unwrap().len(), 2);
    let h = s.health().await;
    assert_eq!(h["render"]["judge"], "vl-judge");
    assert_eq!(h["render"]["rendered"], 2);
    assert_eq!(h["render"]["cache_hits"], 2);
    // The judge saw three images and the scene's instruction.
    let req: Value = judge_http.received_requests().await.unwrap()[0]
        .body_json()
        .unwrap();
    let parts = req["messages"][0]["content"].as_array().unwrap();
    assert_eq!(parts.iter().filter(|p| p["type"] == "image_url").count(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_judge_the_render_term_is_off_and_the_item_is_told_why() {
    let s = start(None).await;
    let (status, v, _) = s
        .post_json(&json!({"items": [item(0, common::CLEAN, true)]}))
        .await;
    assert_eq!(status, 200);
    let r = &v["results"][0];
    assert_eq!(r["breakdown"]["render"], Value::Null);
    assert!(
        notes(r).contains("this server has no judge"),
        "{}",
        notes(r)
    );
    // No made-up grade: the total is format + physics.
    assert_eq!(r["reward"], json!(2.0));
    assert_eq!(s.health().await["render"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_judge_leaves_the_term_off_says_why_and_is_asked_again_next_time() {
    let judge_http = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("model overloaded"))
        .mount(&judge_http)
        .await;
    let renderer = Gated::new(true);
    let s = start(Some(term(renderer.clone(), judge(&judge_http), 8))).await;
    let batch = json!({"items": [item(0, common::CLEAN, true)]});
    let (status, v, _) = s.post_json(&batch).await;
    assert_eq!(status, 200);
    let r = &v["results"][0];
    assert_eq!(r["breakdown"]["render"], Value::Null);
    assert!(
        notes(r).contains("render: off, judge: the call failed"),
        "{}",
        notes(r)
    );
    assert_eq!(r["reward"], json!(2.0));
    // A failure is not cached.
    s.post_json(&batch).await;
    assert_eq!(renderer.calls(), 2);
    assert_eq!(s.health().await["render"]["failed"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_render_queue_answers_503_with_retry_after_and_too_many_layouts_413() {
    let judge_http = judge_server(7).await;
    let renderer = Gated::new(false);
    let s = Arc::new(start(Some(term(renderer.clone(), judge(&judge_http), 1))).await);
    let first = {
        let s = s.clone();
        tokio::spawn(async move {
            s.post_json(&json!({"items": [item(0, common::CLEAN, true)]}))
                .await
        })
    };
    while renderer.calls() == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let (status, v, retry) = s
        .post_json(&json!({"items": [item(1, common::COLLIDING, true)]}))
        .await;
    assert_eq!(status, 503, "{v}");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("render queue is full")
    );
    assert!(retry.unwrap().parse::<u64>().unwrap() >= 1);
    // Items that do not ask for the term are still served while the queue is full.
    let (status, _, _) = s
        .post_json(&json!({"items": [item(2, common::COLLIDING, false)]}))
        .await;
    assert_eq!(status, 200);
    renderer.open();
    let (status, v, _) = first.await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(v["results"][0]["breakdown"]["render"], json!(0.7));
    let (status, v, _) = s
        .post_json(
            &json!({"items": [item(0, common::CLEAN, true), item(1, common::COLLIDING, true)]}),
        )
        .await;
    // One of the two is cached: only one needs the queue's single place.
    assert_eq!(status, 200, "{v}");
    let three = json!({"items": [
        item(0, common::COLLIDING, true),
        item(1, &common::COLLIDING.replace("\"rz\":0", "\"rz\":90"), true),
        item(2, &common::CLEAN.replace("\"rz\":0", "\"rz\":180"), true),
    ]});
    let (status, v, _) = s.post_json(&three).await;
    assert_eq!(status, 413, "{v}");
    assert!(v["error"].as_str().unwrap().contains("at most 1"), "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_past_its_budget_is_answered_and_a_retry_finds_the_grades_cached() {
    let judge_http = judge_server(8).await;
    let renderer = Gated::new(false);
    let s = start(Some(term(renderer.clone(), judge(&judge_http), 4))).await;
    let batch =
        |budget: f64| json!({"items": [item(0, common::CLEAN, true)], "render_budget_s": budget});
    let (status, v, _) = s.post_json(&batch(0.3)).await;
    assert_eq!(status, 200, "{v}");
    let r = &v["results"][0];
    assert_eq!(r["breakdown"]["render"], Value::Null);
    assert!(
        notes(r).contains("not graded within the request's budget"),
        "{}",
        notes(r)
    );
    assert_eq!(r["reward"], json!(2.0));
    // The grading goes on; once it is done a retry gets its grades without a new render.
    renderer.open();
    while s.health().await["render"]["cached"] != json!(1) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (status, v, _) = s.post_json(&batch(60.0)).await;
    assert_eq!(status, 200);
    assert_eq!(v["results"][0]["breakdown"]["render"], json!(0.8));
    assert_eq!(renderer.calls(), 1);
}
