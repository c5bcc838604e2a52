//! Opening and saving scene documents. Saves are atomic (`relayout_core::file`: a temporary
//! file persisted over the target) so a crash mid-save never destroys what was saved before; a
//! save removes the document's autosave, and opening a document offers its own autosave back
//! (never another document's).

use bevy::prelude::*;
use relayout_core::file::{read_scene_file, write_scene_file};

use crate::autosave::{Autosave, AutosaveFound, found_for};

use crate::document::SceneDoc;
use crate::edit::History;
use crate::messages::{OpenRequest, SaveRequest};
use crate::run_state::LoadedRun;
use crate::schedule::EditorSystems;
use crate::status::StatusLog;

/// Adds save and open requests.
pub fn plugin(app: &mut App) {
    crate::messages::register(app);
    crate::schedule::configure(app);
    app.init_resource::<StatusLog>()
        .init_resource::<History>()
        .add_systems(
            Update,
            (save_on_request, open_on_request).in_set(EditorSystems::AfterEdits),
        );
}

fn save_on_request(
    mut requests: MessageReader<SaveRequest>,
    doc: Option<ResMut<SceneDoc>>,
    auto: Option<Res<Autosave>>,
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
                if let Some(auto) = &auto {
                    crate::autosave::forget(auto, doc.path.as_deref(), &path);
                }
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
    auto: Option<Res<Autosave>>,
    mut log: ResMut<StatusLog>,
) {
    for r in requests.read() {
        match read_scene_file(&r.path) {
            Ok(scene) => {
                // An offer for the room that was open is not for this one.
                commands.remove_resource::<AutosaveFound>();
                if let Some(found) = auto
                    .as_ref()
                    .and_then(|a| found_for(&a.dir, &r.path, &scene))
                {
                    log.info(format!(
                        "unsaved changes to {} from {} are in {}: “Restore them” brings them back",
                        r.path.display(),
                        crate::autosave::ago(found.age),
                        found.file.display()
                    ));
                    commands.insert_resource(found);
                }
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
