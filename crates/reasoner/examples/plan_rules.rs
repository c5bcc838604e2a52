//! The offline planner on scene files, judged by the design rules: `cargo run --release -p
//! relayout-reasoner --example plan_rules -- SCENE…` (each scene's units, relations and poses
//! set aside, its instruction kept, as `relayout bench --planner` does). Prints, per scene, the
//! plan time, AC, the rules held and every failing rule's sentence — what to look at while
//! changing the planner. With `PLAN_OUT=DIR`, each planned scene (and its trace, `.trace.json`) is written there.

use relayout_core::rules::RuleSet;
use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::{OfflineBackend, PipelineConfig, generate};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let mut scene = match relayout_core::scene::parse_scene(&text) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        scene.units.clear();
        scene.relations.clear();
        scene.origins.clear();
        scene.poses.clear();
        let run = runtime.block_on(generate(
            &scene,
            &OfflineBackend,
            &PipelineConfig::default(),
            &NoProgress,
        ));
        let ms = run.trace.plan_ms();
        let conflicts: Vec<usize> = run
            .trace
            .iterations
            .iter()
            .map(|i| i.conflicts.len())
            .collect();
        let Ok(g) = run.result else {
            eprintln!("{path}: the pipeline failed");
            continue;
        };
        let m = &g.metrics;
        let report = relayout_core::rules::check(&g.scene, &g.scene.poses, RuleSet::All)
            .expect("every object posed");
        let (held, of) = report.held_of_applicable();
        println!(
            "== {path}: {} objects, plan {ms:.0} ms, conflicts {conflicts:?}, CR {:.3} OR {:.3} RS {:?} AC {:?}, rules {held}/{of}, score {:?}",
            m.objects, m.cr, m.or_, m.rs, m.ac, report.score
        );
        if let Ok(dir) = std::env::var("PLAN_OUT") {
            let name = std::path::Path::new(&path).file_name().unwrap_or_default();
            let out = std::path::Path::new(&dir).join(name);
            let trace = serde_json::to_string(&run.trace).expect("a trace serialises");
            if let Err(e) = std::fs::write(out.with_extension("trace.json"), trace) {
                eprintln!("{}: {e}", out.display());
            }
            let text = serde_json::to_string_pretty(&g.scene).expect("a scene serialises");
            if let Err(e) = std::fs::write(&out, text) {
                eprintln!("{}: {e}", out.display());
            }
        }
        if let Some(c) = run
            .trace
            .iterations
            .first()
            .and_then(|i| i.conflicts.first())
        {
            println!(
                "   first conflict: {}",
                serde_json::to_string(c).unwrap_or_default()
            );
        }
        for line in report.feedback_lines() {
            let short: String = line.chars().take(400).collect();
            println!("   {short}");
        }
    }
}
