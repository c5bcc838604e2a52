//! Physics rewards (and whole rewards from answer texts) per second on one thread, for a
//! 20-object and a 60-object scene; the same rows as `relayout bench --rewards`, without
//! building the editor.
//!
//! `cargo run --release -p relayout-rewards --example throughput` (add `--features stability`
//! to time the Rapier stability term too).

use relayout_rewards::throughput::{answer_throughput, physics_throughput, synthetic_scene};

fn main() {
    for (n, layouts) in [(20, 2000), (60, 500)] {
        let s = synthetic_scene(n);
        // Warm up, then measure.
        physics_throughput(&s, layouts / 10);
        let rate = physics_throughput(&s, layouts);
        println!(
            "{n} objects, {} relations, {:.1} × {:.1} m: {rate:.0} layouts/s ({layouts} layouts, one thread)",
            s.relations.len(),
            s.room.width,
            s.room.depth
        );
        answer_throughput(&s, layouts / 10);
        let whole = answer_throughput(&s, layouts);
        println!("  whole reward from answer texts: {whole:.0} layouts/s");
        #[cfg(feature = "stability")]
        stability_rate(&s, layouts / 10);
    }
}

/// Stability simulations per second on one thread, over random layouts.
#[cfg(feature = "stability")]
fn stability_rate(s: &layout_core::scene::Scene, layouts: usize) {
    let all = relayout_rewards::throughput::random_layouts(s, layouts);
    let start = std::time::Instant::now();
    for poses in &all {
        std::hint::black_box(relayout_rewards::stability::stability(s, poses));
    }
    let rate = layouts as f64 / start.elapsed().as_secs_f64().max(1e-12);
    println!("  stability (1 s of Rapier at 60 Hz): {rate:.1} layouts/s ({layouts} layouts)");
}
