//! Solving off the frame loop: the solver runs on the compute pool from the current poses and
//! its result arrives as one undoable edit; the panel shows its progress and can cancel it (the
//! scene then stays as it was).

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, block_on, futures_lite::future};
use relayout_core::scene::Scene;
use relayout_core::solver::{SolveControl, SolveError, SolveOptions, SolveProgress, solve_with};

use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::messages::{CancelSolve, SolveRequest};
use crate::schedule::EditorSystems;
use crate::status::StatusLog;

/// The solve in flight.
#[derive(Resource)]
pub struct SolveInFlight {
    task: Task<Result<(Scene, String), SolveError>>,
    revision: u64,
    control: SolveControl,
}

impl SolveInFlight {
    /// How far it is.
    pub fn progress(&self) -> SolveProgress {
        self.control.progress()
    }

    /// Whether Cancel was asked for (it stops at the next stage).
    pub fn cancelling(&self) -> bool {
        self.control.is_cancelled()
    }
}

/// Adds background solving.
pub fn plugin(app: &mut App) {
    crate::messages::register(app);
    crate::schedule::configure(app);
    app.init_resource::<StatusLog>()
        .add_message::<Edit>()
        // A solve asked for with an edit (a relation changed) starts from the edited scene; a
        // finished one is an edit of its own.
        .add_systems(
            Update,
            (
                (cancel_solve, finish_solve)
                    .chain()
                    .in_set(EditorSystems::PrepareEdits),
                start_solve.in_set(EditorSystems::AfterEdits),
            ),
        );
}

fn start_solve(
    mut commands: Commands,
    mut requests: MessageReader<SolveRequest>,
    doc: Option<Res<SceneDoc>>,
    running: Option<Res<SolveInFlight>>,
) {
    if requests.read().count() == 0 || running.is_some() {
        return;
    }
    let Some(doc) = doc else { return };
    let scene = doc.scene.clone();
    let control = SolveControl::new();
    let watch = control.clone();
    let task = AsyncComputeTaskPool::get().spawn(async move {
        let sol = solve_with(&scene, &SolveOptions::default(), &watch)?;
        let mut out = scene;
        out.poses = sol.poses;
        let m = &sol.metrics;
        let summary = format!(
            "solved: CR {:.3}, OR {:.3}, RS {}{}",
            m.cr,
            m.or_,
            m.rs.map_or("—".into(), |r| format!("{r:.3}")),
            if sol.report.is_empty() {
                String::new()
            } else {
                format!("; {}", sol.report.join("; "))
            }
        );
        Ok((out, summary))
    });
    commands.insert_resource(SolveInFlight {
        task,
        revision: doc.revision,
        control,
    });
}

fn cancel_solve(mut requests: MessageReader<CancelSolve>, running: Option<Res<SolveInFlight>>) {
    if requests.read().count() > 0
        && let Some(r) = running
    {
        r.control.cancel();
    }
}

fn finish_solve(
    mut commands: Commands,
    running: Option<ResMut<SolveInFlight>>,
    doc: Option<Res<SceneDoc>>,
    mut edits: MessageWriter<Edit>,
    mut log: ResMut<StatusLog>,
) {
    let Some(mut running) = running else { return };
    let Some(result) = block_on(future::poll_once(&mut running.task)) else {
        return;
    };
    commands.remove_resource::<SolveInFlight>();
    match result {
        Ok((scene, summary)) => {
            if doc.as_ref().is_some_and(|d| d.revision != running.revision) {
                log.info("the scene changed while solving; the solve result was applied on top");
            }
            log.info(summary);
            // Only the poses come from the solve: edits made meanwhile to anything else stay.
            let mut next = doc
                .map(|d| d.scene.clone())
                .unwrap_or_else(|| scene.clone());
            next.poses = scene.poses;
            edits.write(Edit::Replace {
                scene: Box::new(next),
                label: "solve".into(),
            });
        }
        Err(SolveError::Cancelled) => log.info("solve cancelled: the scene is as it was"),
        Err(e) => log.error(e),
    }
}
