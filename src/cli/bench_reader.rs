//! `relayout bench --reader`: the instruction reader on every benchmark scene's instruction,
//! and on a 100 kB instruction: the median time to read, what it understood and what not.

use std::path::Path;

use relayout_reasoner::instruction::bench;

use super::CliError;
use super::scene_file::read_scene;

/// Runs the reader benchmark.
pub fn run(dir: &Path, repeats: usize, json: bool) -> Result<(), CliError> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| CliError::Input(format!("cannot list {}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut scenes = Vec::new();
    for f in &files {
        let name = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        scenes.push((name, read_scene(f)?));
    }
    let rows = bench::rows(&scenes, repeats);
    if json {
        for r in &rows {
            println!("{}", serde_json::to_string(r).unwrap_or_default());
        }
    } else {
        print!("{}", bench::table(&rows));
    }
    Ok(())
}
