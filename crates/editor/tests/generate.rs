//! Typed instructions under `MinimalPlugins`: an offline run lays the room out as one undoable
//! edit and opens on the timeline; a run against a server that refuses the key keeps the scene
//! and opens its trace with the error; cancelling a run whose server never answers leaves the
//! scene as it was.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use bevy::prelude::*;
use relayout_core::scene::parse_scene;
use relayout_editor::document::SceneDoc;
use relayout_editor::edit::History;
use relayout_editor::generate_task::{
    BackendChoice, CancelGenerate, GenerateInFlight, GeneratePanel, GenerateRequest,
};
use relayout_editor::run_view::{LoadedRun, RunSource};
use relayout_editor::status::StatusLog;

fn bedroom() -> relayout_core::scene::Scene {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/scenes/bedroom.json"
    ))
    .unwrap();
    let mut s = parse_scene(&text).unwrap();
    s.units.clear();
    s.relations.clear();
    s
}

fn app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .init_resource::<StatusLog>()
        .add_plugins((
            relayout_editor::edit::plugin,
            relayout_editor::generate_task::plugin,
        ));
    app.insert_resource(SceneDoc::new(bedroom(), None));
    app.update();
    app
}

/// Updates until the run on the compute pool has ended, however long that takes (no deadline:
/// a run that never ends hangs the test rather than a slow machine failing it).
fn run_until_done(app: &mut App) {
    app.update();
    while app.world().get_resource::<GenerateInFlight>().is_some() {
        std::thread::sleep(Duration::from_millis(5));
        app.update();
    }
    app.update();
    assert!(
        app.world().get_resource::<GenerateInFlight>().is_none(),
        "the run ended"
    );
}

fn log(app: &App) -> String {
    format!("{:?}", app.world().resource::<StatusLog>())
}

#[test]
fn an_offline_run_lays_out_the_room_as_one_undoable_edit() {
    let mut app = app();
    app.world_mut().resource_mut::<GeneratePanel>().instruction =
        "a calm bedroom for reading".into();
    app.world_mut().write_message(GenerateRequest);
    run_until_done(&mut app);
    let scene = app.world().resource::<SceneDoc>().scene.clone();
    assert_eq!(scene.instruction, "a calm bedroom for reading");
    assert_eq!(scene.poses.len(), scene.objects.len());
    assert!(!scene.relations.is_empty() && !scene.units.is_empty());
    assert!(app.world().get_resource::<LoadedRun>().is_some());
    assert!(log(&app).contains("generated: CR 0.000"), "{}", log(&app));
    app.world_mut()
        .write_message(relayout_editor::edit::Edit::Undo);
    app.update();
    assert_eq!(app.world().resource::<SceneDoc>().scene, bedroom());
}

/// A server answering every request with 401.
fn refusing_server() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut c in l.incoming().flatten() {
            // The whole request (head, then the Content-Length body) before the answer: no
            // read timeout, and no unread bytes to reset the connection when it closes.
            {
                let mut r = BufReader::new(&mut c);
                let mut len = 0;
                let mut line = String::new();
                while r.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                    if let Some((name, value)) = line.split_once(':')
                        && name.eq_ignore_ascii_case("content-length")
                    {
                        len = value.trim().parse().unwrap_or(0);
                    }
                    line.clear();
                }
                let _ = r.read_exact(&mut vec![0; len]);
            }
            let body = r#"{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}"#;
            let _ = write!(
                c,
                "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}/v1")
}

#[test]
fn a_refused_call_keeps_the_scene_and_shows_the_error_in_the_trace() {
    let mut app = app();
    {
        let mut p = app.world_mut().resource_mut::<GeneratePanel>();
        p.backend = BackendChoice::OpenAi;
        p.base_url = refusing_server();
        p.model = "gpt-test".into();
        p.key = Some(relayout_llm::Secret::new("sk-wrong-0123456789"));
    }
    app.world_mut().write_message(GenerateRequest);
    run_until_done(&mut app);
    assert_eq!(app.world().resource::<SceneDoc>().scene, bedroom());
    assert!(app.world().resource::<History>().undo.is_empty());
    let text = log(&app);
    assert!(text.contains("the run failed, the scene is kept"), "{text}");
    assert!(
        !text.contains("sk-wrong-0123456789"),
        "the key is never logged"
    );
    let run = app.world().resource::<LoadedRun>();
    let RunSource::Trace(t) = &run.source else {
        panic!("a trace")
    };
    let err = t.error.clone().unwrap_or_default();
    assert!(err.contains("401"), "{err}");
    let trace_json = serde_json::to_string(t.as_ref()).unwrap();
    assert!(
        !trace_json.contains("sk-wrong-0123456789"),
        "the key is not in the trace"
    );
}

#[test]
fn cancelling_a_run_leaves_the_scene_as_it_was() {
    // A server that accepts connections and never answers.
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", l.local_addr().unwrap());
    let (connected, connection) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for c in l.incoming().flatten() {
            held.push(c);
            let _ = connected.send(());
        }
    });
    let mut app = app();
    {
        let mut p = app.world_mut().resource_mut::<GeneratePanel>();
        p.backend = BackendChoice::OpenAi;
        p.base_url = url;
        p.model = "slow-model".into();
    }
    app.world_mut().write_message(GenerateRequest);
    app.update();
    // Cancelled once the run's call is at the server (which holds it), not after a while.
    while connection.try_recv().is_err() {
        assert!(
            app.world().get_resource::<GenerateInFlight>().is_some(),
            "the run ended before it called the server: {}",
            log(&app)
        );
        std::thread::sleep(Duration::from_millis(1));
        app.update();
    }
    app.update();
    assert!(
        app.world().get_resource::<GenerateInFlight>().is_some(),
        "still waiting"
    );
    app.world_mut().write_message(CancelGenerate);
    run_until_done(&mut app);
    assert_eq!(app.world().resource::<SceneDoc>().scene, bedroom());
    assert!(log(&app).contains("run cancelled"), "{}", log(&app));
}

/// As the designer types, the window's preview says what will be understood and what not; the
/// run then lays the room out as it said.
#[test]
fn the_typed_instruction_is_read_as_you_type_and_laid_out() {
    use relayout_editor::generate_task::InstructionPreview;
    let mut app = app();
    app.world_mut().resource_mut::<GeneratePanel>().instruction =
        "the bed against the left wall; a piano in the corner".into();
    app.update();
    let reading = app.world().resource::<InstructionPreview>().reading.clone();
    assert_eq!(reading.understood.len(), 1, "{reading:?}");
    assert_eq!(
        reading.understood[0].phrase,
        "the bed against the left wall"
    );
    assert!(
        reading.understood[0].words[0].contains("against wall L"),
        "{reading:?}"
    );
    assert!(
        reading
            .not_understood
            .iter()
            .any(|n| n.why.contains("piano")),
        "{reading:?}"
    );
    // Typing more updates it.
    app.world_mut().resource_mut::<GeneratePanel>().instruction =
        "the bed against the right wall".into();
    app.update();
    let reading = app.world().resource::<InstructionPreview>().reading.clone();
    assert!(
        reading.understood[0].words[0].contains("against wall R"),
        "{reading:?}"
    );
    assert!(reading.not_understood.is_empty(), "{reading:?}");

    app.world_mut().write_message(GenerateRequest);
    run_until_done(&mut app);
    let scene = app.world().resource::<SceneDoc>().scene.clone();
    let bed = scene.poses["bed-0"];
    let size = scene.objects[scene.object_index("bed-0").unwrap()].size;
    // Against R: the back (the head) on x = width, facing −X.
    assert!(
        (bed.x + 0.5 * size[1] - scene.room.width).abs() < 0.06,
        "bed at {bed:?}"
    );
    let i = scene
        .relations
        .iter()
        .position(|r| relayout_core::relation::describe(r).contains("bed-0 against wall R"))
        .expect("the instruction's relation is in the scene");
    assert_eq!(
        scene.origin(i).phrase(),
        Some("the bed against the right wall")
    );
}
