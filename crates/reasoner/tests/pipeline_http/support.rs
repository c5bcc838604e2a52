//! A mock model on loopback: it reads the stage data that ends every prompt, puts back the scene
//! it was started for (prompts carry the scene in prose only), and answers as the offline
//! planner would; scripted faults replace chosen answers.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use relayout_core::scene::{Scene, parse_scene};
use relayout_llm::{CancellationToken, ClientConfig, LlmClient};
use relayout_reasoner::backend::StageInput;
use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::{OpenAiBackend, PipelineConfig, Run};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const PATH: &str = "/v1/chat/completions";

pub fn fixture(name: &str) -> Scene {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    parse_scene(&std::fs::read_to_string(p).expect("fixture")).expect("valid fixture")
}

/// A completion whose content is `content`, finishing with `finish`.
pub fn completion(content: &str, finish: &str) -> Value {
    json!({
        "id": "chatcmpl-mock",
        "object": "chat.completion",
        "model": "mock-planner",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content },
            "finish_reason": finish,
        }],
        "usage": { "prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120 },
    })
}

pub fn ok(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(completion(content, "stop"))
}

/// The text of every message of a request body.
pub fn texts(body: &Value) -> Vec<String> {
    body["messages"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|m| match &m["content"] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The field of a request body under which the mock hands its scene to faults and to
/// [`stage_input`] (never sent by the client: the mock adds it to what it received).
pub const MOCK_SCENE: &str = "mock_scene";

/// The stage input a prompt carries (the data after "Input (JSON):", with the mock's scene).
/// Stage 3's prompt leaves out the units' inner relations; the mock puts back those it gave
/// in stage 2 (the planner's), as a model remembers its own answers.
pub fn stage_input(body: &Value) -> Option<StageInput> {
    let scene: Scene = serde_json::from_value(body.get(MOCK_SCENE)?.clone()).ok()?;
    let mut input = texts(body).iter().find_map(|t| {
        let (_, rest) = t.split_once("Input (JSON):")?;
        relayout_reasoner::prompt::input_from_data(rest, &scene).ok()
    })?;
    if let StageInput::GlobalRelations {
        scene,
        decomposition,
        unit_relations,
    } = &mut input
    {
        for unit in &decomposition.units {
            let asked = StageInput::UnitRelations {
                scene: scene.clone(),
                unit: unit.clone(),
            };
            let answer = relayout_reasoner::offline::answer(&asked, 1);
            let relations = serde_json::from_value(answer["relations"].clone()).ok()?;
            unit_relations.insert(unit.id.clone(), relations);
        }
    }
    Some(input)
}

/// The stage a request is for, by its schema name.
pub fn schema_name(body: &Value) -> String {
    body["response_format"]["json_schema"]["name"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

/// What the mock does with a request: `Some(response)` replaces the planner's answer.
pub type Fault = dyn Fn(&Value, usize) -> Option<ResponseTemplate> + Send + Sync;

/// The mock model. `fault(body, n)` sees each request (n counts from 0) first.
pub struct MockModel {
    pub delay: Duration,
    pub fault: Box<Fault>,
    pub seen: Arc<Mutex<usize>>,
    /// The scene the mock answers for, as JSON.
    pub scene: Value,
}

impl Respond for MockModel {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        if let Some(b) = body.as_object_mut() {
            b.insert(MOCK_SCENE.into(), self.scene.clone());
        }
        let n = {
            let mut seen = self.seen.lock().unwrap();
            *seen += 1;
            *seen - 1
        };
        let response = (self.fault)(&body, n).unwrap_or_else(|| match stage_input(&body) {
            Some(input) => {
                let answer = relayout_reasoner::offline::answer(&input, 1);
                ok(&answer.to_string())
            }
            None => ResponseTemplate::new(400)
                .set_body_json(json!({"error": {"message": "mock: no stage input in the prompt"}})),
        });
        response.set_delay(self.delay)
    }
}

/// A mock model answering for `scene`.
pub async fn mock_server(
    scene: &Scene,
    delay: Duration,
    fault: impl Fn(&Value, usize) -> Option<ResponseTemplate> + Send + Sync + 'static,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(MockModel {
            delay,
            fault: Box::new(fault),
            seen: Arc::new(Mutex::new(0)),
            scene: serde_json::to_value(scene).expect("a scene serialises"),
        })
        .mount(&server)
        .await;
    server
}

/// Short limits: 3 s a call, 2 retries, 10–50 ms backoff.
pub fn config(server: &MockServer) -> ClientConfig {
    let mut c = ClientConfig::new(format!("{}/v1", server.uri()), "mock-planner");
    c.timeout = Duration::from_secs(3);
    c.max_retries = 2;
    c.backoff_base = Duration::from_millis(10);
    c.backoff_cap = Duration::from_millis(50);
    c.max_retry_after = Duration::from_secs(5);
    c
}

pub async fn run_with(config: ClientConfig, scene: &Scene, cancel: CancellationToken) -> Run {
    run_as(config, scene, cancel, false).await
}

/// A run that fails on an unusable answer instead of falling back (`--strict`).
pub async fn run_strict(config: ClientConfig, scene: &Scene, cancel: CancellationToken) -> Run {
    run_as(config, scene, cancel, true).await
}

pub async fn run_as(
    config: ClientConfig,
    scene: &Scene,
    cancel: CancellationToken,
    strict: bool,
) -> Run {
    let client = LlmClient::new(config).expect("valid config");
    let backend = OpenAiBackend::new(client, cancel);
    let pc = PipelineConfig {
        starts: 2,
        strict,
        ..PipelineConfig::default()
    };
    relayout_reasoner::generate(scene, &backend, &pc, &NoProgress).await
}

/// The chat requests' bodies (not the backend's GETs asking the server about itself).
pub async fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| serde_json::from_slice(&r.body).unwrap_or(Value::Null))
        .collect()
}
