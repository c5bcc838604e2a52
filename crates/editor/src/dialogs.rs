//! Native file dialogs (rfd) as tasks polled each frame, so the frame loop never waits on them.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::tasks::{IoTaskPool, Task, block_on, futures_lite::future};

use crate::judge_views::{JUDGE_SIZE, JudgeCapture};
use crate::messages::{
    DialogPurpose, DialogRequest, ExportRequest, ImportRequest, OpenRequest, OpenRun, SaveRequest,
};
use crate::status::StatusLog;

/// The dialog on screen.
#[derive(Resource)]
struct OpenDialog {
    purpose: DialogPurpose,
    task: Task<Option<PathBuf>>,
}

/// Adds dialogs.
pub fn plugin(app: &mut App) {
    crate::messages::register(app);
    app.init_resource::<StatusLog>()
        .add_systems(Update, (open_dialog, poll_dialog));
}

fn open_dialog(
    mut commands: Commands,
    mut requests: MessageReader<DialogRequest>,
    open: Option<Res<OpenDialog>>,
) {
    let Some(DialogRequest(purpose)) = requests.read().last().copied() else {
        return;
    };
    if open.is_some() {
        return;
    }
    let task = IoTaskPool::get().spawn(async move {
        let scenes = || rfd::AsyncFileDialog::new().add_filter("relayout scene", &["json"]);
        let handle = match purpose {
            DialogPurpose::Open => scenes().pick_file().await,
            DialogPurpose::SaveAs => scenes().set_file_name("scene.json").save_file().await,
            DialogPurpose::Screenshot => {
                rfd::AsyncFileDialog::new()
                    .add_filter("PNG image", &["png"])
                    .set_file_name("view.png")
                    .save_file()
                    .await
            }
            DialogPurpose::JudgeViews => rfd::AsyncFileDialog::new().pick_folder().await,
            DialogPurpose::OpenRun => {
                rfd::AsyncFileDialog::new()
                    .add_filter("relayout trace or trajectory", &["json"])
                    .pick_file()
                    .await
            }
            DialogPurpose::ExportGltf => {
                rfd::AsyncFileDialog::new()
                    .add_filter("binary glTF", &["glb"])
                    .set_file_name("room.glb")
                    .save_file()
                    .await
            }
            DialogPurpose::ImportModel => {
                rfd::AsyncFileDialog::new()
                    .add_filter("furniture model", &["glb", "gltf", "obj", "sh3f"])
                    .pick_file()
                    .await
            }
        };
        handle.map(|h| h.path().to_path_buf())
    });
    commands.insert_resource(OpenDialog { purpose, task });
}

fn poll_dialog(
    mut commands: Commands,
    dialog: Option<ResMut<OpenDialog>>,
    mut open: MessageWriter<OpenRequest>,
    mut save: MessageWriter<SaveRequest>,
    mut runs: MessageWriter<OpenRun>,
    mut exchange: (MessageWriter<ExportRequest>, MessageWriter<ImportRequest>),
    mut log: ResMut<StatusLog>,
) {
    let Some(mut dialog) = dialog else { return };
    let Some(answer) = block_on(future::poll_once(&mut dialog.task)) else {
        return;
    };
    commands.remove_resource::<OpenDialog>();
    let Some(path) = answer else { return };
    match dialog.purpose {
        DialogPurpose::Open => {
            open.write(OpenRequest { path });
        }
        DialogPurpose::SaveAs => {
            save.write(SaveRequest { to: Some(path) });
        }
        DialogPurpose::OpenRun => {
            runs.write(OpenRun(path));
        }
        DialogPurpose::ExportGltf => {
            exchange.0.write(ExportRequest { path });
        }
        DialogPurpose::ImportModel => {
            exchange.1.write(ImportRequest { path });
        }
        DialogPurpose::Screenshot => {
            let target = path.clone();
            commands.spawn(Screenshot::primary_window()).observe(
                move |shot: On<ScreenshotCaptured>, mut log: ResMut<StatusLog>| {
                    match crate::judge_views::save_png(&shot.image, &target) {
                        Ok(p) => log.info(format!("screenshot saved to {}", p.display())),
                        Err(e) => log.error(e),
                    }
                },
            );
        }
        DialogPurpose::JudgeViews => {
            let mut capture = JudgeCapture::new(&path, JUDGE_SIZE);
            capture.exit_when_done = false;
            commands.insert_resource(capture);
            log.info(format!("rendering the judge views into {}", path.display()));
        }
    }
}
