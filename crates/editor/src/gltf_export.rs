//! "Export glTF…": the arranged room written as one `.glb` (`relayout_assets::export_room`, the
//! same as `relayout export`), with the models the editor shows. The write is atomic; a path that
//! cannot be written is named in the messages and nothing else changes.

use bevy::prelude::*;

use crate::document::SceneDoc;
use crate::messages::ExportRequest;
use crate::models::FurnitureLibrary;
use crate::status::StatusLog;

/// Adds the export.
pub fn plugin(app: &mut App) {
    crate::messages::register(app);
    app.init_resource::<StatusLog>()
        .add_systems(Update, export_on_request);
}

fn export_on_request(
    mut requests: MessageReader<ExportRequest>,
    doc: Option<Res<SceneDoc>>,
    library: Option<Res<FurnitureLibrary>>,
    mut log: ResMut<StatusLog>,
) {
    for r in requests.read() {
        let Some(doc) = &doc else {
            log.error("no room to export");
            continue;
        };
        let mut path = r.path.clone();
        if path.extension().is_none() {
            path.set_extension("glb");
        }
        let started = std::time::Instant::now();
        let empty = relayout_assets::Library::default();
        let lib = library.as_ref().map_or(&empty, |l| &l.library);
        let out = relayout_assets::export_room(&doc.scene, lib);
        for n in &out.notes {
            log.info(format!("export: {n}"));
        }
        match relayout_core::file::write_atomic(&path, &out.glb) {
            Ok(()) => log.info(format!(
                "exported {} ({out}) in {:.0} ms",
                path.display(),
                started.elapsed().as_secs_f64() * 1e3
            )),
            Err(e) => log.error(format!("export not written: {e}")),
        }
    }
}
