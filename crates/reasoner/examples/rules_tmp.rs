use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::{OfflineBackend, PipelineConfig, generate};
fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for f in std::env::args().skip(1) {
        let scene =
            relayout_core::scene::parse_scene(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let run = rt.block_on(generate(
            &scene,
            &OfflineBackend,
            &PipelineConfig::default(),
            &NoProgress,
        ));
        let g = run.result.unwrap();
        let r = relayout_core::rules::check(
            &g.scene,
            &g.scene.poses,
            relayout_core::rules::RuleSet::All,
        )
        .unwrap();
        println!(
            "== {f}: AC {:?} CR {} score {:?}",
            g.metrics.ac, g.metrics.cr, r.score
        );
        if std::env::var("DUMP").is_ok() {
            dump(&g.scene);
        }
        for o in &r.rules {
            println!(
                "  {:<18} {:?} {:?} {}",
                o.rule,
                o.status,
                o.score.map(|s| (s * 100.0).round() / 100.0),
                o.message
            );
        }
    }
}
#[allow(dead_code)]
fn dump(s: &relayout_core::scene::Scene) {
    for o in &s.objects {
        let p = &s.poses[&o.id];
        println!(
            "    {} {:?} at ({:.2},{:.2}) rz {:.0}",
            o.id, o.size, p.x, p.y, p.rz
        );
    }
}
