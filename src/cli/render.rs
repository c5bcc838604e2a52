//! `relayout render SCENE… --out DIR`: the judge views as PNG, with no display. One scene is
//! rendered in this process; several go to a pool of warm render workers, each scene's views
//! in a folder named after its file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use relayout_core::scene::Scene;
use relayout_rewards::refine::Renderer;

use super::CliError;
use super::render_pool::protocol::VIEWS;
use super::render_pool::{PoolOptions, RenderPool};
use super::scene_file::read_scene;

/// Arguments of `render`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scene documents, with poses (objects without one are not drawn).
    #[arg(required = true)]
    scenes: Vec<PathBuf>,
    /// Folder for `top.png`, `front_left.png` and `back_right.png` (with several scenes: one
    /// folder in it per scene, named after its file).
    #[arg(long)]
    out: PathBuf,
    /// Side of each view, pixels.
    #[arg(long, default_value_t = relayout_editor::judge_views::JUDGE_SIZE)]
    size: u32,
    /// Render workers for several scenes (default: one per two cores, 1 to 4).
    #[arg(long)]
    workers: Option<usize>,
}

/// Renders and prints the files written.
pub fn run(a: Args) -> Result<(), CliError> {
    if !(16..=8192).contains(&a.size) {
        return Err(CliError::Input(format!(
            "--size {} is outside 16..8192 pixels",
            a.size
        )));
    }
    if let Some(n) = a.workers
        && !(1..=64).contains(&n)
    {
        return Err(CliError::Input(format!("--workers {n} is outside 1..64")));
    }
    // Every scene is read first: a bad file is reported before anything is rendered.
    let scenes = a
        .scenes
        .iter()
        .map(|p| read_scene(p))
        .collect::<Result<Vec<_>, _>>()?;
    let t = Instant::now();
    if let [scene] = &scenes[..] {
        let files = relayout_editor::render_judge_views(scene.clone(), &a.out, a.size)
            .map_err(|e| CliError::Failure(e.to_string()))?;
        let s = t.elapsed().as_secs_f64();
        for f in &files {
            println!("wrote {}", f.display());
        }
        println!(
            "rendered {} views in {s:.2} s ({:.2} s per view, including start-up)",
            files.len(),
            s / files.len().max(1) as f64
        );
        return Ok(());
    }
    render_many(&a, &scenes, t)
}

/// Several scenes through the warm pool; a scene that fails is reported and the others go on.
fn render_many(a: &Args, scenes: &[Scene], t: Instant) -> Result<(), CliError> {
    let mut opts = PoolOptions::for_this_machine(a.size);
    if let Some(n) = a.workers {
        opts.workers = n;
    }
    let pool = RenderPool::new(opts)?;
    let folders = folder_names(&a.scenes);
    // As many threads as workers, each taking the next scene: the pool is kept busy and no
    // more threads wait than there are workers.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Result<(), String>> = vec![Err("not rendered".into()); scenes.len()];
    std::thread::scope(|s| {
        let threads: Vec<_> = (0..pool.workers().min(scenes.len()))
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(scene) = scenes.get(k) else {
                            break done;
                        };
                        done.push((k, write_views(&pool, scene, &a.out.join(&folders[k]))));
                    }
                })
            })
            .collect();
        for t in threads {
            for (k, r) in t.join().unwrap_or_default() {
                results[k] = r;
            }
        }
    });
    let secs = t.elapsed().as_secs_f64();
    let mut failed = 0;
    for ((path, folder), r) in a.scenes.iter().zip(&folders).zip(&results) {
        match r {
            Ok(()) => println!("wrote {}", a.out.join(folder).display()),
            Err(why) => {
                failed += 1;
                eprintln!("{}: {why}", path.display());
            }
        }
    }
    let stats = pool.stats();
    println!(
        "rendered {} of {} scenes in {secs:.2} s ({:.2} s per scene; {} warm workers started, {} replaced)",
        scenes.len() - failed,
        scenes.len(),
        secs / scenes.len() as f64,
        stats.started,
        stats.replaced
    );
    if failed > 0 {
        return Err(CliError::Failure(format!(
            "{failed} of {} scenes were not rendered",
            scenes.len()
        )));
    }
    Ok(())
}

fn write_views(pool: &RenderPool, scene: &Scene, out: &Path) -> Result<(), String> {
    let views = pool.render(scene).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (v, name) in views.iter().zip(VIEWS) {
        let path = out.join(format!("{name}.png"));
        std::fs::write(&path, &v.png).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// A folder per scene, named after its file; files of the same name get `-2`, `-3`….
fn folder_names(paths: &[PathBuf]) -> Vec<String> {
    let mut seen = HashSet::new();
    paths
        .iter()
        .map(|p| {
            let stem = p
                .file_stem()
                .map_or("scene".into(), |s| s.to_string_lossy().into_owned());
            let mut name = stem.clone();
            let mut k = 1;
            while !seen.insert(name.clone()) {
                k += 1;
                name = format!("{stem}-{k}");
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenes_of_the_same_name_get_folders_of_their_own() {
        let paths: Vec<PathBuf> = ["a/room.json", "b/room.json", "c/kitchen.json", "room"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(
            folder_names(&paths),
            ["room", "room-2", "kitchen", "room-3"]
        );
    }
}
