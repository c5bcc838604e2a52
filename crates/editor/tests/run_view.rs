//! The run view's state logic under `MinimalPlugins`: opening a trace and a refinement
//! trajectory, stepping the timeline changes the poses drawn (not the document), applying a
//! step is one undoable edit, and a file of another version opens nothing and says why.

use bevy::prelude::*;
use relayout_core::scene::parse_scene;
use relayout_core::timeline::StepKind;
use relayout_editor::coords::pose_transform;
use relayout_editor::document::PosePreview;
use relayout_editor::document::SceneDoc;
use relayout_editor::edit::History;
use relayout_editor::furniture::Furniture;
use relayout_editor::messages::OpenRun;
use relayout_editor::run_view::{LoadedRun, TimelineCommand};
use relayout_editor::status::StatusLog;
use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::trace::write_trace;
use relayout_reasoner::{OfflineBackend, PipelineConfig, generate};

fn bedroom() -> relayout_core::scene::Scene {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/scenes/bedroom.json"
    ))
    .unwrap();
    parse_scene(&text).unwrap()
}

/// An offline R³L run of the bench bedroom, written as a trace file.
fn trace_file(dir: &std::path::Path) -> (std::path::PathBuf, relayout_reasoner::Trace) {
    let run = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(generate(
            &bedroom(),
            &OfflineBackend,
            &PipelineConfig::default(),
            &NoProgress,
        ));
    let path = dir.join("run.json");
    write_trace(&path, &run.trace).unwrap();
    (path, run.trace)
}

fn app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins((
            bevy::asset::AssetPlugin::default(),
            bevy::transform::TransformPlugin,
        ))
        .init_asset::<Mesh>()
        .init_asset::<StandardMaterial>()
        .init_resource::<StatusLog>()
        .add_plugins((
            relayout_editor::edit::plugin,
            relayout_editor::furniture::plugin,
            relayout_editor::run_view::plugin,
        ));
    app.update();
    app
}

fn command(app: &mut App, c: TimelineCommand) {
    app.world_mut().write_message(c);
    app.update();
    app.update();
}

fn drawn_pose_translation(app: &mut App, id: &str) -> Vec3 {
    let mut q = app.world_mut().query::<(&Furniture, &Transform)>();
    q.iter(app.world())
        .find(|(f, _)| f.id == id)
        .map(|(_, t)| t.translation)
        .unwrap()
}

#[test]
fn stepping_the_timeline_moves_the_drawn_furniture_and_not_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let (path, trace) = trace_file(dir.path());
    let mut app = app();
    app.world_mut().write_message(OpenRun(path));
    app.update();
    app.update();
    let run = app.world().resource::<LoadedRun>();
    let n = run.steps.len();
    assert_eq!(run.current, n - 1, "a run opens at its result");
    let imagine = run
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Imagine)
        .unwrap();
    let output = trace.output.clone().unwrap();
    assert_eq!(app.world().resource::<SceneDoc>().scene, output);

    command(&mut app, TimelineCommand::Go(imagine));
    let world = &trace.iterations[0].world;
    let preview = app.world().resource::<PosePreview>().clone();
    assert_eq!(preview.poses.as_ref(), Some(world));
    // The 3D view follows the step; the document does not.
    let id = "bed-0";
    assert_eq!(
        drawn_pose_translation(&mut app, id),
        pose_transform(&world[id]).translation
    );
    assert_ne!(
        world[id], output.poses[id],
        "the maps' bed is not yet where the solver put it"
    );
    assert_eq!(app.world().resource::<SceneDoc>().scene.poses, output.poses);

    // Back to the input: it has no poses, so the view keeps none of the run's (the document's).
    command(&mut app, TimelineCommand::Go(0));
    assert_eq!(app.world().resource::<LoadedRun>().current, 0);
    command(&mut app, TimelineCommand::Next);
    assert_eq!(app.world().resource::<LoadedRun>().current, 1);
    command(&mut app, TimelineCommand::Previous);
    command(&mut app, TimelineCommand::Previous);
    assert_eq!(app.world().resource::<LoadedRun>().current, 0);

    // Apply the imagined poses: one undoable edit.
    command(&mut app, TimelineCommand::Go(imagine));
    command(&mut app, TimelineCommand::Apply);
    assert_eq!(&app.world().resource::<SceneDoc>().scene.poses, world);
    assert_eq!(app.world().resource::<History>().undo.len(), 1);
}

#[test]
fn playing_walks_the_steps_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = trace_file(dir.path());
    let mut app = app();
    // Every frame is a quarter of a second of the app's clock, whatever the machine's: a step
    // (0.8 s) lasts four frames.
    app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(
        std::time::Duration::from_millis(250),
    ));
    app.world_mut().write_message(OpenRun(path));
    app.update();
    command(&mut app, TimelineCommand::TogglePlay);
    assert_eq!(
        app.world().resource::<LoadedRun>().current,
        0,
        "play from the end restarts"
    );
    assert!(app.world().resource::<LoadedRun>().playing);
    let n = app.world().resource::<LoadedRun>().steps.len();
    for _ in 0..(n * 4) {
        app.update();
        if !app.world().resource::<LoadedRun>().playing {
            break;
        }
    }
    let run = app.world().resource::<LoadedRun>();
    assert_eq!(run.current, n - 1);
    assert!(!run.playing);
}

#[test]
fn a_trace_of_another_version_or_another_document_opens_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = trace_file(dir.path());
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("relayout.trace/1", "relayout.trace/9");
    let future = dir.path().join("future.json");
    std::fs::write(&future, text).unwrap();
    let scene = dir.path().join("scene.json");
    std::fs::write(&scene, serde_json::to_string(&bedroom()).unwrap()).unwrap();
    let mut app = app();
    app.insert_resource(SceneDoc::new(bedroom(), None));
    for p in [future, scene] {
        app.world_mut().write_message(OpenRun(p));
        app.update();
    }
    assert!(app.world().get_resource::<LoadedRun>().is_none());
    let log = format!("{:?}", app.world().resource::<StatusLog>());
    assert!(
        log.contains("trace version \\\"relayout.trace/9\\\" is not supported"),
        "{log}"
    );
    assert!(
        log.contains("a \\\"relayout.scene/1\\\" document, not a run"),
        "{log}"
    );
    assert_eq!(
        app.world().resource::<SceneDoc>().scene,
        bedroom(),
        "the document stays"
    );
}

#[test]
fn a_refinement_trajectory_opens_with_one_step_per_turn() {
    use relayout_rewards::policy::Policy;
    use relayout_rewards::refine::{RefineOptions, Services, refine};
    let t = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(refine(
            &bedroom(),
            Services {
                policy: &Policy::Offline,
                judge: None,
                renderer: None,
            },
            &RefineOptions {
                turns: 3,
                ..RefineOptions::default()
            },
            &relayout_llm::CancellationToken::new(),
        ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trajectory.json");
    std::fs::write(&path, serde_json::to_string(&t).unwrap()).unwrap();
    let mut app = app();
    app.world_mut().write_message(OpenRun(path));
    app.update();
    app.update();
    let run = app.world().resource::<LoadedRun>();
    assert_eq!(run.steps.len(), 3);
    assert!(run.steps[0].label.starts_with("turn 1: reward"));
    command(&mut app, TimelineCommand::Go(0));
    let preview = app.world().resource::<PosePreview>().clone();
    assert_eq!(preview.poses, t.turns[0].poses);
    assert!(
        !preview.flagged.is_empty(),
        "the random first turn's collisions are flagged"
    );
}

fn relations_app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .init_resource::<StatusLog>()
        .init_resource::<relayout_editor::live_metrics::LiveMetrics>()
        .init_resource::<relayout_editor::relation_gizmos::RelationGizmoSettings>()
        .init_resource::<relayout_editor::selection::Selection>()
        .add_plugins((
            relayout_editor::edit::plugin,
            relayout_editor::solve_task::plugin,
            relayout_editor::relations_panel::plugin,
        ));
    let mut scene = bedroom();
    scene.poses = relayout_core::solver::solve(&scene, &Default::default())
        .unwrap()
        .poses;
    app.insert_resource(SceneDoc::new(scene, None));
    app.update();
    app
}

#[test]
fn a_relation_edit_re_solves_and_a_bad_one_changes_nothing() {
    use relayout_editor::relations_panel::{RelationEdit, RelationsPanel};
    let mut app = relations_app();
    let before = app.world().resource::<SceneDoc>().scene.clone();
    let n = before.relations.len();
    // Move the wardrobe to the other wall: the solve must follow the new relation.
    let i = before
        .relations
        .iter()
        .position(|r| serde_json::to_string(r).unwrap().contains("\"corner\""))
        .expect("the bedroom puts its wardrobe in a corner");
    app.world_mut().write_message(RelationEdit::Replace(
        i,
        r#"{"type": "corner", "source": "wardrobe-0", "corner": "BL", "wall": "L"}"#.into(),
    ));
    app.update();
    // The solve starts within a few frames (counted) and runs on the compute pool until it is
    // done, however long that takes (no deadline); the frame after, its result is an edit.
    let solving = |app: &App| {
        app.world()
            .contains_resource::<relayout_editor::solve_task::SolveInFlight>()
    };
    for _ in 0..3 {
        if solving(&app) {
            break;
        }
        app.update();
    }
    assert!(
        solving(&app) || app.world().resource::<History>().undo.len() >= 2,
        "the edit asked for a solve"
    );
    while solving(&app) {
        std::thread::sleep(std::time::Duration::from_millis(5));
        app.update();
    }
    app.update();
    let after = app.world().resource::<SceneDoc>().scene.clone();
    assert_eq!(after.relations.len(), n);
    assert_eq!(
        app.world().resource::<History>().undo.len(),
        2,
        "the edit, then the solve"
    );
    let w = after.poses["wardrobe-0"];
    assert!(
        w.x < 1.0 && w.y < 1.0,
        "the wardrobe went to the bottom-left corner: {w:?}"
    );

    // Delete: one relation fewer, and the others keep their origins (the second one's planner
    // mark moves up with it).
    {
        let mut doc = app.world_mut().resource_mut::<SceneDoc>();
        doc.scene.origins = vec![
            relayout_core::relation::Origin::Designer,
            relayout_core::relation::Origin::Planner,
        ];
    }
    app.world_mut().write_message(RelationEdit::Delete(0));
    app.update();
    let scene = &app.world().resource::<SceneDoc>().scene;
    assert_eq!(scene.relations.len(), n - 1);
    assert_eq!(scene.origin(0), &relayout_core::relation::Origin::Planner);

    // Invalid: an unknown object, then broken JSON; the document stays as it is.
    let kept = app.world().resource::<SceneDoc>().scene.relations.clone();
    app.world_mut().write_message(RelationEdit::Add(
        r#"{"type": "against_wall", "source": "sofa-7", "wall": "L"}"#.into(),
    ));
    app.update();
    let e = app
        .world()
        .resource::<RelationsPanel>()
        .error
        .clone()
        .unwrap();
    assert!(e.contains("sofa-7"), "{e}");
    app.world_mut().write_message(RelationEdit::Add(
        r#"{"type": "against_wall", "wall": 3}"#.into(),
    ));
    app.update();
    let e = app
        .world()
        .resource::<RelationsPanel>()
        .error
        .clone()
        .unwrap();
    assert!(e.starts_with("the relation is not valid"), "{e}");
    assert_eq!(app.world().resource::<SceneDoc>().scene.relations, kept);
}

#[test]
fn an_edit_after_stepping_shows_the_documents_poses_again() {
    let dir = tempfile::tempdir().unwrap();
    let (path, trace) = trace_file(dir.path());
    let mut app = app();
    app.world_mut().write_message(OpenRun(path));
    app.update();
    let imagine = app
        .world()
        .resource::<LoadedRun>()
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Imagine)
        .unwrap();
    command(&mut app, TimelineCommand::Go(imagine));
    assert!(app.world().resource::<PosePreview>().poses.is_some());
    let moved = relayout_core::scene::Pose {
        x: 1.0,
        y: 1.0,
        z: 0.0,
        rz: 0.0,
    };
    app.world_mut()
        .write_message(relayout_editor::edit::Edit::SetPose {
            id: "desk-0".into(),
            pose: moved,
            merge: false,
        });
    app.update();
    app.update();
    assert!(app.world().resource::<PosePreview>().poses.is_none());
    assert_eq!(
        drawn_pose_translation(&mut app, "desk-0"),
        pose_transform(&moved).translation,
        "the drag is seen"
    );
    // Stepping again shows the run.
    command(&mut app, TimelineCommand::Go(imagine));
    assert_eq!(
        app.world().resource::<PosePreview>().poses.as_ref(),
        Some(&trace.iterations[0].world)
    );
}

#[test]
fn an_empty_trajectory_opens_without_steps_and_nothing_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let t = serde_json::json!({
        "schema": "relayout.refine/1", "policy": "offline", "seed": 0, "gamma": 0.9,
        "turns": [], "reward": 0.0, "cancelled": true, "scene": bedroom(),
    });
    let path = dir.path().join("empty.json");
    std::fs::write(&path, t.to_string()).unwrap();
    let mut app = app();
    app.world_mut().write_message(OpenRun(path));
    app.update();
    for c in [
        TimelineCommand::Next,
        TimelineCommand::Previous,
        TimelineCommand::TogglePlay,
        TimelineCommand::Apply,
    ] {
        command(&mut app, c);
    }
    assert_eq!(app.world().resource::<LoadedRun>().steps.len(), 0);
    assert!(app.world().resource::<PosePreview>().poses.is_none());
}
