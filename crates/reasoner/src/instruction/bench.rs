//! Timing the reader (for `relayout bench --reader` and the `reader_times` example): the median
//! time to read each scene's instruction, and 100 kB of instruction.

use std::time::Instant;

use relayout_core::scene::Scene;
use serde::Serialize;

/// One row of the table.
#[derive(Serialize, Debug)]
pub struct Row {
    /// The scene (or "100 kB instruction").
    pub scene: String,
    /// Characters of the instruction.
    pub chars: usize,
    /// Phrases understood.
    pub understood: usize,
    /// Phrases not understood.
    pub not_understood: usize,
    /// Relations read.
    pub relations: usize,
    /// Median time to read, microseconds.
    pub read_us_median: f64,
}

fn row(name: &str, scene: &Scene, text: &str, repeats: usize) -> Row {
    let mut times = Vec::with_capacity(repeats);
    let mut last = None;
    for _ in 0..repeats.max(1) {
        let t = Instant::now();
        let r = super::read_text(scene, text);
        times.push(t.elapsed().as_secs_f64() * 1e6);
        last = Some(r);
    }
    times.sort_by(f64::total_cmp);
    let r = last.unwrap_or_default();
    Row {
        scene: name.to_owned(),
        chars: text.chars().count(),
        understood: r.understood.len(),
        not_understood: r.not_understood.len(),
        relations: r.relations().count(),
        read_us_median: times[times.len() / 2],
    }
}

/// The rows for named scenes (those with an instruction), then 100 kB of the first one's.
pub fn rows(scenes: &[(String, Scene)], repeats: usize) -> Vec<Row> {
    let mut out: Vec<Row> = scenes
        .iter()
        .filter(|(_, s)| !s.instruction.is_empty())
        .map(|(n, s)| row(n, s, &s.instruction, repeats))
        .collect();
    if let Some((_, s)) = scenes.iter().find(|(_, s)| !s.instruction.is_empty()) {
        let long = s
            .instruction
            .repeat(100_000 / s.instruction.len().max(1) + 1);
        out.push(row("100 kB instruction", s, &long, repeats.min(3)));
    }
    out
}

/// The rows as a table.
pub fn table(rows: &[Row]) -> String {
    let mut t = format!(
        "{:<20} {:>7} {:>10} {:>14} {:>9} {:>10}\n",
        "scene", "chars", "understood", "not understood", "relations", "read µs"
    );
    for r in rows {
        t.push_str(&format!(
            "{:<20} {:>7} {:>10} {:>14} {:>9} {:>10.0}\n",
            r.scene, r.chars, r.understood, r.not_understood, r.relations, r.read_us_median
        ));
    }
    t
}
