//! The way layouts were rendered before the warm pool, kept as the baseline `relayout bench
//! --rewards --render` measures the pool against: a child `relayout render` process per layout,
//! which starts Bevy, compiles its pipelines and loads the models each time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use relayout_core::scene::Scene;
use relayout_rewards::judge::View;
use relayout_rewards::refine::{Renderer, ViewsError};

use super::read_views;
use crate::cli::CliError;

/// Renders through this executable's `render` command, in a private temporary folder.
pub struct ChildRenderer {
    exe: PathBuf,
    dir: PathBuf,
    size: u32,
    next: AtomicUsize,
}

impl ChildRenderer {
    /// A renderer of `size`² views.
    pub fn new(size: u32) -> Result<Self, CliError> {
        let exe = std::env::current_exe()
            .map_err(|e| CliError::Failure(format!("cannot find this executable: {e}")))?;
        let dir = std::env::temp_dir().join(format!("relayout-views-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError::Failure(format!("{}: {e}", dir.display())))?;
        Ok(ChildRenderer {
            exe,
            dir,
            size,
            next: AtomicUsize::new(0),
        })
    }
}

impl Drop for ChildRenderer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl ChildRenderer {
    /// Writes the scene for the child and names its output folder.
    fn prepare(&self, scene: &Scene) -> Result<(PathBuf, PathBuf), ViewsError> {
        let k = self.next.fetch_add(1, Ordering::Relaxed);
        let file = self.dir.join(format!("layout-{k}.json"));
        let out = self.dir.join(format!("views-{k}"));
        let json = serde_json::to_string(scene)?;
        std::fs::write(&file, json).map_err(|source| ViewsError::Prepare {
            path: file.clone(),
            source,
        })?;
        Ok((file, out))
    }

    fn args<'a>(&self, file: &'a Path, out: &'a Path) -> Vec<std::ffi::OsString> {
        vec![
            "render".into(),
            file.into(),
            "--out".into(),
            out.into(),
            "--size".into(),
            self.size.to_string().into(),
        ]
    }

    /// Reads the views the child wrote, or says why it failed; removes its files.
    fn collect(
        file: &Path,
        out: &Path,
        run: std::io::Result<std::process::Output>,
    ) -> Result<Vec<View>, ViewsError> {
        let _ = std::fs::remove_file(file);
        let run = run.map_err(ViewsError::Start)?;
        if !run.status.success() {
            let err = String::from_utf8_lossy(&run.stderr);
            return Err(ViewsError::Failed {
                status: format!("`relayout render`, {}", run.status),
                message: err
                    .trim()
                    .lines()
                    .last()
                    .unwrap_or("no message")
                    .to_string(),
            });
        }
        read_views(out)
    }
}

impl Renderer for ChildRenderer {
    fn render(&self, scene: &Scene) -> Result<Vec<View>, ViewsError> {
        let (file, out) = self.prepare(scene)?;
        let run = Command::new(&self.exe)
            .args(self.args(&file, &out))
            .output();
        Self::collect(&file, &out, run)
    }
}
