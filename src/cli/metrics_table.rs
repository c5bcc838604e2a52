//! Metrics as text for people.

use relayout_core::metrics::Metrics;

/// Formats a ratio, or a dash when undefined.
pub fn ratio(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "—".into())
}

/// A short block of text: counts, the metrics, then what is violated.
pub fn render(m: &Metrics) -> String {
    let yes = |b: bool| if b { "yes" } else { "no" };
    let mut s = format!(
        "objects {}  relations {}\nCR {:.3}  PCR {:.3}  CF {}  OR {:.3}  OOB@0.1 {}  RS {}  AC {}\n",
        m.objects,
        m.relations,
        m.cr,
        m.pcr,
        yes(m.cf),
        m.or_,
        yes(m.oob_0_1),
        ratio(m.rs),
        ratio(m.ac)
    );
    for [a, b] in &m.colliding_pairs {
        s.push_str(&format!("  collision: {a} and {b}\n"));
    }
    for id in &m.out_of_room {
        s.push_str(&format!("  out of room: {id}\n"));
    }
    if !m.unsatisfied.is_empty() {
        let list: Vec<String> = m.unsatisfied.iter().map(|i| i.to_string()).collect();
        s.push_str(&format!("  unsatisfied relations: {}\n", list.join(", ")));
    }
    if !m.inaccessible.is_empty() {
        s.push_str(&format!(
            "  not reachable from a door: {}\n",
            m.inaccessible.join(", ")
        ));
    }
    s
}
