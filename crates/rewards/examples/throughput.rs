//! Physics rewards (and whole rewards from answer texts) per second on one thread, for a
//! 20-object and a 60-object scene; the same rows as `relayout bench --rewards`, without
//! building the editor.
//!
//! `cargo run --release -p relayout-rewards --example throughput` (with the Rapier stability
//! term, a default feature; `--no-default-features` leaves it out).

use relayout_rewards::throughput::{
    answer_throughput, physics_throughput, physics_throughput_with, synthetic_scene,
    weights_with_design, weights_with_stability,
};

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
        physics_throughput_with(&s, layouts / 10, &weights_with_design());
        let design = physics_throughput_with(&s, layouts, &weights_with_design());
        println!("  with the design rules (fast set): {design:.0} layouts/s");
        answer_throughput(&s, layouts / 10);
        let whole = answer_throughput(&s, layouts);
        println!("  whole reward from answer texts: {whole:.0} layouts/s");
        if cfg!(feature = "stability") {
            let n = layouts / 20;
            let rate = physics_throughput_with(&s, n, &weights_with_stability());
            println!(
                "  physics reward with the stability term (1 s of Rapier at 60 Hz): {rate:.1} layouts/s ({n} layouts)"
            );
        }
    }
}
