//! Stage 2 asks for every unit at once (and so does stage 4a, for the local maps): a mock model
//! that counts the requests in flight sees all six units' requests together.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use relayout_core::scene::{Object, Opening, OpeningKind, Room, SCENE_SCHEMA, Scene, Support};
use relayout_llm::{CancellationToken, ClientConfig};
use relayout_reasoner::{StageKind, Trace};

use crate::support::*;

/// An office with six desks and six chairs: six units.
pub fn six_desks() -> Scene {
    let mut objects = Vec::new();
    for k in 0..6 {
        objects.push(Object {
            id: format!("desk-{k}"),
            category: "desk".into(),
            description: String::new(),
            size: [1.2, 0.6, 0.75],
            asset: None,
            support: Support::Floor,
        });
        objects.push(Object {
            id: format!("chair-{k}"),
            category: "office_chair".into(),
            description: String::new(),
            size: [0.55, 0.55, 1.0],
            asset: None,
            support: Support::Floor,
        });
    }
    Scene {
        schema: SCENE_SCHEMA.into(),
        instruction: "an office for six".into(),
        room: Room {
            width: 8.0,
            depth: 6.0,
            height: 2.8,
            polygon: None,
            openings: vec![Opening {
                kind: OpeningKind::Door,
                wall: "B".into(),
                offset: 3.5,
                width: 0.9,
                sill: None,
                height: None,
            }],
        },
        objects,
        units: vec![],
        relations: vec![],
        origins: vec![],
        poses: Default::default(),
    }
}

fn stage_ms(trace: &Trace, step: &str) -> f64 {
    trace.step_ms(step)
}

fn requests(trace: &Trace, stage: StageKind) -> usize {
    trace
        .exchanges
        .iter()
        .filter(|e| e.key.stage == stage)
        .count()
}

/// The per-unit stages, by schema name: the gated model holds their requests.
const PER_UNIT: [&str; 2] = ["unit_relations", "local_map"];
const UNITS: usize = 6;

/// Requests seen by the gated model, per schema name.
#[derive(Default, Debug)]
struct Counts {
    arrived: BTreeMap<String, usize>,
    in_flight: BTreeMap<String, usize>,
    max_in_flight: BTreeMap<String, usize>,
}

/// A mock model on a loopback socket of its own (wiremock answers on a timer and cannot see a
/// request end), answering as the offline planner would after `hold`. It counts the requests
/// in flight, from arrival until the answer is written, and holds each request of a per-unit
/// stage until all six units' requests of that stage have arrived: a client that asked in turn
/// would get no answer to its first and time out.
struct GatedModel {
    base_url: String,
    counts: Arc<(Mutex<Counts>, Condvar)>,
}

impl GatedModel {
    fn start(hold: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
        let counts = Arc::new((Mutex::new(Counts::default()), Condvar::new()));
        let shared = counts.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let counts = shared.clone();
                std::thread::spawn(move || serve(stream, &counts, hold));
            }
        });
        GatedModel { base_url, counts }
    }

    fn max_in_flight(&self, stage: &str) -> usize {
        let counts = self.counts.0.lock().unwrap();
        counts.max_in_flight.get(stage).copied().unwrap_or(0)
    }
}

/// One connection: requests in turn (keep-alive) until the client closes it.
fn serve(stream: TcpStream, counts: &(Mutex<Counts>, Condvar), hold: Duration) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let scene = serde_json::to_value(six_desks()).unwrap();
    while let Some(mut body) = read_request(&mut reader) {
        if let Some(b) = body.as_object_mut() {
            b.insert(MOCK_SCENE.into(), scene.clone());
        }
        let stage = schema_name(&body);
        let (lock, arrived) = counts;
        {
            let mut c = lock.lock().unwrap();
            *c.arrived.entry(stage.clone()).or_default() += 1;
            let now = {
                let n = c.in_flight.entry(stage.clone()).or_default();
                *n += 1;
                *n
            };
            let max = c.max_in_flight.entry(stage.clone()).or_default();
            *max = (*max).max(now);
            arrived.notify_all();
            if PER_UNIT.contains(&stage.as_str()) {
                let _c = arrived
                    .wait_while(c, |c| c.arrived[&stage] < UNITS)
                    .unwrap();
            }
        }
        std::thread::sleep(hold);
        let (status, answer) = match stage_input(&body) {
            Some(input) => (
                "200 OK",
                completion(
                    &relayout_reasoner::offline::answer(&input, 1).to_string(),
                    "stop",
                ),
            ),
            None => (
                "400 Bad Request",
                serde_json::json!({"error": {"message": "mock: no stage input in the prompt"}}),
            ),
        };
        let answer = answer.to_string();
        let written = write!(
            writer,
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{answer}",
            answer.len()
        )
        .and_then(|()| writer.flush());
        *lock.lock().unwrap().in_flight.get_mut(&stage).unwrap() -= 1;
        if written.is_err() {
            return;
        }
    }
}

/// Reads one HTTP/1.1 request with a Content-Length body; `None` at the end of the connection.
fn read_request(reader: &mut impl BufRead) -> Option<serde_json::Value> {
    let mut line = String::new();
    let mut len = 0;
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            len = value.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn six_units_are_asked_at_once() {
    let model = GatedModel::start(Duration::from_millis(250));
    let mut c = ClientConfig::new(model.base_url.clone(), "mock-planner");
    // Only a call held at the gate longer than this would fail: ten seconds for six requests
    // to follow the first.
    c.timeout = Duration::from_secs(10);
    c.max_retries = 0;
    let run = run_with(c, &six_desks(), CancellationToken::new()).await;
    let g = run.result.as_ref().expect("run succeeds");
    assert_eq!(g.metrics.cr, 0.0);
    let t = &run.trace;
    assert_eq!(requests(t, StageKind::UnitRelations), 6);
    // Counted at the model: the six units' requests were in flight together, in both stages.
    assert_eq!(model.max_in_flight("unit_relations"), UNITS);
    assert_eq!(model.max_in_flight("local_map"), UNITS);
    assert!(
        stage_ms(t, "unit_relations") >= 250.0,
        "the stage's time includes the model's"
    );
    // Decompose, 6 unit relations, global relations, 6 local maps, the global map: 15 calls
    // in 4 sequential rounds.
    assert_eq!(t.http_attempts(), 15);
}

/// The README's numbers: every step's wall time and the round trips against a mock that adds
/// 2 s to every call. Run with `cargo test -p relayout-reasoner --test pipeline_http -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "a measurement (about 10 s), not a check"]
async fn measure_two_second_mock() {
    let server = mock_server(&six_desks(), Duration::from_secs(2), |_, _| None).await;
    let started = std::time::Instant::now();
    let run = run_with(config(&server), &six_desks(), CancellationToken::new()).await;
    let total = started.elapsed().as_secs_f64();
    run.result.as_ref().expect("run succeeds");
    let t = &run.trace;
    println!("six-unit office, mock model adding 2 s to every call:");
    for step in [
        "decompose",
        "unit_relations",
        "global_relations",
        "imagine",
        "revise",
        "solve",
        "evaluate",
    ] {
        println!("  {step:<17} {:>8.0} ms", stage_ms(t, step));
    }
    println!("  round trips {}, total {total:.2} s", t.http_attempts());
}
