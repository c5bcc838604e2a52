//! A run in the editor: an R³L trace (`relayout.trace/1`) or a refinement trajectory
//! (`relayout.refine/1`) opened from a file, stepped through on a timeline. The selected step's
//! poses are shown in 3D as a preview (the document is untouched until "Apply"), its flagged
//! objects are outlined in red, and the run window shows the cognitive maps, the loss curves,
//! the transcript and each step's details.

pub mod maps;
pub mod panel;
pub mod plots;
pub mod transcript;

use bevy::prelude::*;

use crate::coords::pose_transform;
use crate::document::{PosePreview, SceneDoc};
use crate::edit::{Edit, History};
use crate::messages::OpenRun;
use crate::schedule::EditorSystems;
use crate::status::StatusLog;

pub use crate::run_state::{LoadedRun, RunFileError, RunProblem, RunSource, load_run, parse_run};

/// Seconds per step while playing.
pub const PLAY_STEP: f32 = 0.8;

/// Timeline commands.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub enum TimelineCommand {
    /// Select step `n`.
    Go(usize),
    /// One step forward.
    Next,
    /// One step back.
    Previous,
    /// Start or stop playing.
    TogglePlay,
    /// Make the shown poses the document's (one undoable edit).
    Apply,
}

/// Adds the run view.
pub fn plugin(app: &mut App) {
    crate::messages::register(app);
    crate::schedule::configure(app);
    app.init_resource::<PosePreview>()
        .init_resource::<StatusLog>()
        .init_resource::<History>()
        .add_message::<TimelineCommand>()
        .add_message::<Edit>()
        .add_systems(
            Update,
            (
                open_runs,
                play,
                timeline_commands,
                sync_preview,
                outline_flagged,
            )
                .chain()
                .in_set(EditorSystems::RunView),
        )
        .add_plugins(panel::plugin);
}

fn open_runs(
    mut commands: Commands,
    mut requests: MessageReader<OpenRun>,
    mut history: ResMut<History>,
    mut log: ResMut<StatusLog>,
) {
    for OpenRun(path) in requests.read() {
        match load_run(path) {
            Ok((source, steps, scene)) => {
                log.info(format!(
                    "opened the run {} ({} steps)",
                    path.display(),
                    steps.len()
                ));
                commands.insert_resource(SceneDoc::new(scene, None));
                *history = History::default();
                commands.insert_resource(LoadedRun::new(source, steps, Some(path.clone())));
            }
            // Nothing is replaced: the open document and run stay.
            Err(e) => log.error(e),
        }
    }
}

fn play(time: Res<Time>, run: Option<ResMut<LoadedRun>>) {
    let Some(mut run) = run else { return };
    if !run.playing {
        return;
    }
    run.since += time.delta_secs();
    if run.since >= PLAY_STEP {
        run.since = 0.0;
        if run.current + 1 < run.steps.len() {
            run.current += 1;
        } else {
            run.playing = false;
        }
    }
}

fn timeline_commands(
    mut commands: MessageReader<TimelineCommand>,
    run: Option<ResMut<LoadedRun>>,
    doc: Option<Res<SceneDoc>>,
    mut edits: MessageWriter<Edit>,
) {
    let Some(mut run) = run else {
        commands.clear();
        return;
    };
    let last = run.steps.len().saturating_sub(1);
    for c in commands.read() {
        if *c != TimelineCommand::Apply {
            run.showing = true;
            run.shown_revision = doc.as_ref().map(|d| d.revision);
        }
        match *c {
            TimelineCommand::Go(n) => run.current = n.min(last),
            TimelineCommand::Next => run.current = (run.current + 1).min(last),
            TimelineCommand::Previous => run.current = run.current.saturating_sub(1),
            TimelineCommand::TogglePlay => {
                if !run.playing && run.current == last {
                    run.current = 0;
                }
                run.playing = !run.playing;
                run.since = 0.0;
            }
            TimelineCommand::Apply => {
                if let (Some(poses), Some(doc)) = (run.poses_at_current(), doc.as_ref()) {
                    let mut scene = doc.scene.clone();
                    scene.poses = poses.clone();
                    edits.write(Edit::Replace {
                        scene: Box::new(scene),
                        label: format!("poses of step {}", run.current + 1),
                    });
                }
            }
        }
    }
}

/// Keeps the preview on the selected step (or off without a run, or once the document was
/// edited since the step was shown).
fn sync_preview(
    run: Option<ResMut<LoadedRun>>,
    doc: Option<Res<SceneDoc>>,
    generating: Option<Res<crate::generate_task::GenerateInFlight>>,
    mut preview: ResMut<PosePreview>,
) {
    if generating.is_some() {
        // The run in flight owns the preview.
        return;
    }
    let mut run = run;
    if let (Some(r), Some(d)) = (run.as_mut(), doc.as_ref()) {
        match r.shown_revision {
            None => r.shown_revision = Some(d.revision),
            Some(rev) if rev != d.revision && r.showing => r.showing = false,
            _ => {}
        }
    }
    let want = match run.as_ref().filter(|r| r.showing) {
        Some(r) => PosePreview {
            poses: r.poses_at_current().cloned(),
            flagged: r
                .steps
                .get(r.current)
                .map(|s| s.flagged.clone())
                .unwrap_or_default(),
            generation: preview.generation,
        },
        None => PosePreview {
            generation: preview.generation,
            ..default()
        },
    };
    if *preview != want {
        *preview = PosePreview {
            generation: preview.generation + 1,
            ..want
        };
    }
}

/// Red outlines around the flagged objects at their shown poses.
fn outline_flagged(preview: Res<PosePreview>, doc: Option<Res<SceneDoc>>, gizmos: Option<Gizmos>) {
    let (Some(doc), Some(mut gizmos)) = (doc, gizmos) else {
        return;
    };
    for id in &preview.flagged {
        let Some(o) = doc.scene.object_index(id).map(|i| &doc.scene.objects[i]) else {
            continue;
        };
        let pose = preview
            .poses
            .as_ref()
            .and_then(|p| p.get(id))
            .or_else(|| doc.scene.poses.get(id));
        let Some(pose) = pose else { continue };
        let t = pose_transform(pose);
        let size = Vec3::new(o.size[0] as f32, o.size[2] as f32, o.size[1] as f32) + 0.04;
        let center = t.transform_point(Vec3::new(0.0, o.size[2] as f32 * 0.5, 0.0));
        gizmos.cube(
            Transform::from_translation(center)
                .with_rotation(t.rotation)
                .with_scale(size),
            Color::srgb(0.95, 0.1, 0.1),
        );
    }
}
