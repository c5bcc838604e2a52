//! Solve times without building the editor: `cargo run --release -p relayout-core --example
//! solve_times -- bench/scenes` prints, per scene, the median of 5 solves from scratch and the
//! metrics (the same numbers as `relayout bench`, which needs the whole binary).

use std::time::Instant;

use relayout_core::scene::parse_scene;
use relayout_core::solver::{SolveOptions, solve};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bench/scenes".into());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    println!(
        "{:<20} {:>7} {:>9} {:>9} {:>6} {:>6} {:>6} {:>6}",
        "scene", "objects", "relations", "ms", "CR", "OR", "RS", "AC"
    );
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let Ok(mut scene) = parse_scene(&text) else {
            continue;
        };
        scene.poses.clear();
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..5 {
            let t = Instant::now();
            last = solve(&scene, &SolveOptions::default()).ok();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        let Some(sol) = last else { continue };
        let m = sol.metrics;
        let r = |v: Option<f64>| v.map_or("—".into(), |v| format!("{v:.3}"));
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        println!(
            "{name:<20} {:>7} {:>9} {:>9.1} {:>6.3} {:>6.3} {:>6} {:>6}",
            m.objects,
            m.relations,
            times[2],
            m.cr,
            m.or_,
            r(m.rs),
            r(m.ac)
        );
    }
}
