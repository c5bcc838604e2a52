//! The reader's and the offline planner's times on the benchmark scenes, without building the
//! editor: `cargo run --release -p relayout-reasoner --example reader_times` (the same numbers
//! as `relayout bench --reader` and the plan column of `relayout bench --planner`).

use relayout_reasoner::instruction::bench;
use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::{OfflineBackend, PipelineConfig, generate};

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/scenes");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("bench/scenes")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let scenes: Vec<_> = files
        .iter()
        .filter_map(|f| {
            let s = relayout_core::scene::parse_scene(&std::fs::read_to_string(f).ok()?).ok()?;
            Some((f.file_stem()?.to_string_lossy().into_owned(), s))
        })
        .collect();
    print!("{}", bench::table(&bench::rows(&scenes, 9)));
    println!();
    println!(
        "{:<20} {:>12} {:>8} {:>8} {:>9} {:>6} {:>6} {:>6}",
        "scene", "no instr. ms", "plan ms", "read ms", "solve ms", "CR", "OR", "RS"
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    for (name, scene) in &scenes {
        let mut s = scene.clone();
        s.units.clear();
        s.relations.clear();
        s.origins.clear();
        let mut plan = Vec::new();
        let mut read = Vec::new();
        let mut last = None;
        for _ in 0..9 {
            let run = rt.block_on(generate(
                &s,
                &OfflineBackend,
                &PipelineConfig::default(),
                &NoProgress,
            ));
            let t = &run.trace;
            plan.push(t.plan_ms());
            read.push(t.step_ms("read_instruction"));
            last = Some(run);
        }
        plan.sort_by(f64::total_cmp);
        read.sort_by(f64::total_cmp);
        let run = last.expect("nine runs");
        // The same scene with its instruction cleared: the planner's own time, as before the
        // reader.
        let mut bare = s.clone();
        bare.instruction.clear();
        let mut base: Vec<f64> = (0..9)
            .map(|_| {
                let r = rt.block_on(generate(
                    &bare,
                    &OfflineBackend,
                    &PipelineConfig::default(),
                    &NoProgress,
                ));
                r.trace.plan_ms()
            })
            .collect();
        base.sort_by(f64::total_cmp);
        let solve = run.trace.step_ms("solve");
        let m = run.result.expect("a layout").metrics;
        println!(
            "{name:<20} {:>12.2} {:>8.2} {:>8.3} {:>9.1} {:>6.3} {:>6.3} {:>6}",
            base[4],
            plan[4],
            read[4],
            solve,
            m.cr,
            m.or_,
            m.rs.map_or("—".into(), |r| format!("{r:.3}"))
        );
    }
}
