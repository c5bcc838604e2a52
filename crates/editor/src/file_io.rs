//! Opening, saving and autosaving scene documents. Saves are atomic (a temporary file renamed
//! over the target) so a crash mid-save never destroys what was saved before; an autosave every
//! few seconds means a crash loses at most those seconds.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::prelude::*;
use layout_core::scene::{Scene, parse_scene};

use crate::document::SceneDoc;
use crate::edit::History;
use crate::status::StatusLog;

/// Reads and validates a scene document; the error lists every problem with its place.
pub fn load_scene_file(path: &Path) -> Result<Scene, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_scene(&text).map_err(|e| format!("{} is not a valid scene:\n{e}", path.display()))
}

/// Writes a scene document atomically, creating its folder if needed.
pub fn save_scene_file(path: &Path, scene: &Scene) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    write_json_atomic(path, scene)
}

/// Writes a value as pretty JSON atomically (a temporary file beside the target, renamed over
/// it), so a failed write never leaves a half-written file where a good one was. The command
/// line writes its outputs with it too.
pub fn write_json_atomic<T: serde::Serialize + ?Sized>(
    path: &Path,
    value: &T,
) -> Result<(), String> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| format!("cannot serialise: {e}"))?;
    text.push('\n');
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out.json".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {}: {e}", path.display())
        })
}

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
    app.add_message::<SaveRequest>()
        .add_message::<OpenRequest>()
        .add_systems(Update, (autosave, save_on_request, open_on_request));
}

/// Save the document, to its own path or to a new one.
#[derive(Message, Debug, Clone)]
pub struct SaveRequest {
    /// A new path ("save as"); `None` saves to the document's path.
    pub to: Option<PathBuf>,
}

/// Open a document from a path.
#[derive(Message, Debug, Clone)]
pub struct OpenRequest {
    /// The file.
    pub path: PathBuf,
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
    if let Err(e) = save_scene_file(&auto.path, &doc.scene) {
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
        match save_scene_file(&path, &doc.scene) {
            Ok(()) => {
                log.info(format!("saved {}", path.display()));
                doc.path = Some(path);
                doc.dirty = false;
            }
            Err(e) => log.error(e),
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
        match load_scene_file(&r.path) {
            Ok(scene) => {
                commands.insert_resource(SceneDoc::new(scene, Some(r.path.clone())));
                commands.remove_resource::<crate::run_view::LoadedRun>();
                *history = History::default();
                log.info(format!("opened {}", r.path.display()));
            }
            // A file that fails validation opens nothing; the open document stays as it was.
            Err(e) => log.error(e),
        }
    }
}
