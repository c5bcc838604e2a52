//! Opening, saving and autosaving scene documents. Saves are atomic (`relayout_core::file`: a
//! temporary file persisted over the target) so a crash mid-save never destroys what was saved
//! before; an autosave every few seconds means a crash loses at most those seconds.

use std::path::PathBuf;
use std::time::Duration;

use bevy::prelude::*;
use relayout_core::file::{read_scene_file, write_scene_file};

use crate::document::SceneDoc;
use crate::edit::History;
use crate::messages::{OpenRequest, SaveRequest};
use crate::run_state::LoadedRun;
use crate::schedule::EditorSystems;
use crate::status::StatusLog;

/// Where and how often to autosave.
#[derive(Resource, Debug, Clone)]
pub struct Autosave {
    /// The autosave file.
    pub path: PathBuf,
    /// Least time between two autosaves.
    pub every: Duration,
    saved_revision: u64,
    since: Duration,
}

impl Autosave {
    /// Autosaves to `path` at most every `every`.
    pub fn new(path: PathBuf, every: Duration) -> Self {
        Autosave {
            path,
            every,
            saved_revision: 0,
            since: Duration::ZERO,
        }
    }

    /// The default place: `$XDG_STATE_HOME/relayout/autosave.scene.json` (or `~/.local/state`).
    pub fn default_path() -> PathBuf {
        let base = std::env::var_os("XDG_STATE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
            .unwrap_or_else(std::env::temp_dir);
        base.join("relayout").join("autosave.scene.json")
    }
}

/// Adds autosaving (when an `Autosave` resource is present) and save requests.
pub fn plugin(app: &mut App) {
    crate::messages::register(app);
    crate::schedule::configure(app);
    app.init_resource::<StatusLog>()
        .init_resource::<History>()
        .add_systems(
            Update,
            (autosave, save_on_request, open_on_request).in_set(EditorSystems::AfterEdits),
        );
}

/// Writes the document to the autosave file when it changed and enough time passed.
pub fn autosave(
    time: Res<Time>,
    doc: Option<Res<SceneDoc>>,
    auto: Option<ResMut<Autosave>>,
    mut log: ResMut<StatusLog>,
) {
    let (Some(doc), Some(mut auto)) = (doc, auto) else {
        return;
    };
    auto.since += time.delta();
    if doc.revision == auto.saved_revision || !doc.dirty || auto.since < auto.every {
        return;
    }
    auto.since = Duration::ZERO;
    auto.saved_revision = doc.revision;
    if let Err(e) = write_scene_file(&auto.path, &doc.scene) {
        log.error(format!("autosave failed: {e}"));
    }
}

fn save_on_request(
    mut requests: MessageReader<SaveRequest>,
    doc: Option<ResMut<SceneDoc>>,
    mut log: ResMut<StatusLog>,
) {
    let Some(mut doc) = doc else {
        requests.clear();
        return;
    };
    for r in requests.read() {
        let Some(path) = r.to.clone().or_else(|| doc.path.clone()) else {
            log.error("the scene has no file yet: use Save as");
            continue;
        };
        match write_scene_file(&path, &doc.scene) {
            Ok(()) => {
                log.info(format!("saved {}", path.display()));
                doc.path = Some(path);
                doc.dirty = false;
            }
            Err(e) => log.error(e.to_string()),
        }
    }
}

fn open_on_request(
    mut commands: Commands,
    mut requests: MessageReader<OpenRequest>,
    mut history: ResMut<History>,
    mut log: ResMut<StatusLog>,
) {
    for r in requests.read() {
        match read_scene_file(&r.path) {
            Ok(scene) => {
                commands.insert_resource(SceneDoc::new(scene, Some(r.path.clone())));
                commands.remove_resource::<LoadedRun>();
                *history = History::default();
                log.info(format!("opened {}", r.path.display()));
            }
            // A file that fails validation opens nothing; the open document stays as it was.
            Err(e) => log.error(e.to_string()),
        }
    }
}
