//! The autosave, one file per document: `<folder>/<file stem>-<hash of its absolute path>.scene.json`
//! for a document with a file, one per session for an untitled one. Written atomically every few
//! seconds while there are unsaved changes; removed when the document is saved. Its offer to
//! restore names the file and its age, and comes only when the same document is opened again:
//! it never replaces a different room.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use bevy::prelude::*;
use relayout_core::file::{read_scene_file, write_scene_file};
use relayout_core::scene::Scene;

use crate::document::SceneDoc;
use crate::schedule::EditorSystems;
use crate::status::StatusLog;

/// Where and how often to autosave.
#[derive(Resource, Debug, Clone)]
pub struct Autosave {
    /// The folder of autosave files.
    pub dir: PathBuf,
    /// Least time between two autosaves.
    pub every: Duration,
    /// This session's name for an untitled document.
    untitled: String,
    saved_revision: u64,
    since: Duration,
}

/// An autosave of the open document that differs from what was opened: offered back.
#[derive(Resource, Debug, Clone)]
pub struct AutosaveFound {
    /// The scene it holds.
    pub scene: Scene,
    /// The autosave file.
    pub file: PathBuf,
    /// How long ago it was written.
    pub age: Duration,
}

impl Autosave {
    /// Autosaves into the folder `dir` at most every `every`.
    pub fn new(dir: PathBuf, every: Duration) -> Self {
        let started = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Autosave {
            dir,
            every,
            untitled: format!("untitled-{}-{started}", std::process::id()),
            saved_revision: 0,
            since: Duration::ZERO,
        }
    }

    /// The default folder: `$XDG_STATE_HOME/relayout/autosave` (or `~/.local/state/…`).
    pub fn default_dir() -> PathBuf {
        let base = std::env::var_os("XDG_STATE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
            .unwrap_or_else(std::env::temp_dir);
        base.join("relayout").join("autosave")
    }

    /// The autosave file of a document: by its file's absolute path, or this session's own for
    /// an untitled one.
    pub fn file_for(&self, document: Option<&Path>) -> PathBuf {
        match document {
            Some(p) => file_for_path(&self.dir, p),
            None => self.dir.join(format!("{}.scene.json", self.untitled)),
        }
    }
}

/// The autosave file of the document at `path` in `dir`.
pub fn file_for_path(dir: &Path, path: &Path) -> PathBuf {
    let full = std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let stem: String = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    // FNV-1a: stable across builds and platforms, unlike the standard library's hasher.
    let hash = full
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    dir.join(format!("{stem}-{hash:016x}.scene.json"))
}

/// The autosave of the document at `path` when it differs from `opened` (what the file holds).
pub fn found_for(dir: &Path, path: &Path, opened: &Scene) -> Option<AutosaveFound> {
    let file = file_for_path(dir, path);
    let scene = read_scene_file(&file).ok()?;
    if scene == *opened {
        return None;
    }
    let age = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or_default();
    Some(AutosaveFound { scene, file, age })
}

/// How long ago, in words.
pub fn ago(age: Duration) -> String {
    let s = age.as_secs();
    match s {
        0..60 => "less than a minute ago".into(),
        60..3600 => format!("{} min ago", s / 60),
        3600..86_400 => format!("{} h ago", s / 3600),
        _ => format!("{} days ago", s / 86_400),
    }
}

/// Adds autosaving (when an [`Autosave`] resource is present).
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    app.init_resource::<StatusLog>()
        .add_systems(Update, autosave.in_set(EditorSystems::AfterEdits));
}

/// Writes the document to its autosave file when it changed and enough time passed.
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
    let file = auto.file_for(doc.path.as_deref());
    if let Err(e) = std::fs::create_dir_all(&auto.dir)
        .map_err(|e| e.to_string())
        .and_then(|()| write_scene_file(&file, &doc.scene).map_err(|e| e.to_string()))
    {
        log.error(format!("autosave to {} failed: {e}", file.display()));
    }
}

/// After a save of the document (from `before`, its old path, to `saved`): its autosaves go,
/// the untitled one's too.
pub fn forget(auto: &Autosave, before: Option<&Path>, saved: &Path) {
    for f in [auto.file_for(before), auto.file_for(Some(saved))] {
        let _ = std::fs::remove_file(f);
    }
}
