//! A trace in a few lines, for `relayout trace RUN.json`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Outcome, Trace};
use crate::stage::StageKind;

#[derive(Default)]
struct StageTally {
    requests: usize,
    repairs: usize,
    failed: usize,
    salvaged: usize,
    fallback: usize,
    http: u32,
    tokens: u64,
    latency_ms: f64,
}

/// A human-readable summary of a run: backend, stages with requests, repairs and tokens,
/// iterations with conflicts, the solve, the metrics, the timings and any error.
pub fn summary(t: &Trace) -> String {
    let mut s = String::new();
    let backend = match &t.backend.replaying {
        Some(orig) => format!("replay of {}", orig.kind),
        None => t.backend.kind.clone(),
    };
    let model = t
        .backend
        .model
        .as_ref()
        .or(t.backend.replaying.as_ref().and_then(|b| b.model.as_ref()))
        .map(|m| format!(", model {m}"))
        .unwrap_or_default();
    let _ = writeln!(s, "{} — backend {backend}{model}", t.version);
    let _ = writeln!(
        s,
        "input: {} objects in a {} × {} m room{}",
        t.input.objects.len(),
        t.input.room.width,
        t.input.room.depth,
        if t.input.instruction.is_empty() {
            String::new()
        } else {
            format!(": \"{}\"", t.input.instruction)
        }
    );
    if let Some(d) = &t.decomposition {
        let _ = writeln!(
            s,
            "units: {} ({}), independent objects: {}",
            d.units.len(),
            d.units
                .iter()
                .map(|u| format!("{} ⟵ {}", u.id, u.anchor))
                .collect::<Vec<_>>()
                .join(", "),
            d.independent.len()
        );
    }
    let rels = t.unit_relations.values().map(Vec::len).sum::<usize>();
    let global = t.global_relations.as_ref().map_or(0, Vec::len);
    let _ = writeln!(s, "relations: {rels} inside units, {global} global");

    let mut tally: BTreeMap<StageKind, StageTally> = BTreeMap::new();
    for e in &t.exchanges {
        let st = tally.entry(e.key.stage).or_default();
        st.requests += 1;
        st.repairs += usize::from(e.key.attempt > 0);
        st.failed += usize::from(matches!(e.outcome, Outcome::Failed { .. }));
        st.salvaged += usize::from(!e.salvaged.is_empty());
        st.fallback += usize::from(e.source == super::AnswerSource::Fallback);
        st.http += e.call.http_attempts;
        st.tokens += e.call.usage.map_or(0, |u| u.total_tokens);
        st.latency_ms += e.call.latency_ms;
    }
    let _ = writeln!(
        s,
        "{:<18} {:>8} {:>7} {:>6} {:>8} {:>8} {:>6} {:>8} {:>10}",
        "stage",
        "requests",
        "repairs",
        "failed",
        "salvaged",
        "fallback",
        "HTTP",
        "tokens",
        "call ms"
    );
    for (stage, st) in &tally {
        let _ = writeln!(
            s,
            "{:<18} {:>8} {:>7} {:>6} {:>8} {:>8} {:>6} {:>8} {:>10.1}",
            stage.name(),
            st.requests,
            st.repairs,
            st.failed,
            st.salvaged,
            st.fallback,
            st.http,
            st.tokens,
            st.latency_ms
        );
    }
    for it in &t.iterations {
        let _ = writeln!(
            s,
            "iteration {}: {} conflict(s){}{}",
            it.index,
            it.conflicts.len(),
            if it.revised.is_empty() {
                String::new()
            } else {
                format!(", revised {}", it.revised.join(", "))
            },
            if it.revision_errors.is_empty() {
                String::new()
            } else {
                format!(", {} revision(s) failed", it.revision_errors.len())
            }
        );
        for c in it.conflicts.iter().take(5) {
            let _ = writeln!(s, "  - {}", c.message);
        }
        if it.conflicts.len() > 5 {
            let _ = writeln!(s, "  … and {} more", it.conflicts.len() - 5);
        }
    }
    if let Some(sol) = &t.solver {
        let _ = writeln!(
            s,
            "solve: {:.1} ms, {} start(s), best {}, {} history rows",
            sol.ms,
            sol.starts_run,
            sol.best_start,
            sol.history.len()
        );
        for line in &sol.report {
            let _ = writeln!(s, "  {line}");
        }
    }
    if let Some(m) = &t.metrics {
        let ratio = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{v:.3}"));
        let _ = writeln!(
            s,
            "metrics: CR {:.3}, OR {:.3}, RS {}, AC {}",
            m.cr,
            m.or_,
            ratio(m.rs),
            ratio(m.ac)
        );
    }
    if let Some(d) = &t.design {
        let (held, applies) = d.held_of_applicable();
        let _ = writeln!(s, "design rules: {held} of {applies} hold");
        for line in d.feedback_lines() {
            let _ = writeln!(s, "  {line}");
        }
    }
    let src = t.sources();
    let _ = writeln!(
        s,
        "answers: {} from the model as written, {} after salvage, {} from the offline planner",
        src.model, src.salvaged, src.fallback
    );
    for f in &t.fallbacks {
        let _ = writeln!(s, "  - {}: {}", f.key, f.reason);
    }
    let u = &t.usage;
    let _ = writeln!(
        s,
        "tokens: {} prompt ({} from the server's cache) + {} completion = {}; HTTP round trips: {}",
        u.prompt_tokens,
        u.cached_prompt_tokens,
        u.completion_tokens,
        u.total_tokens,
        t.http_attempts()
    );
    let _ = writeln!(
        s,
        "timings: {}",
        t.timings
            .iter()
            .map(|x| format!("{} {:.1} ms", x.step, x.ms))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(e) = &t.error {
        let _ = writeln!(s, "error: {e}");
    }
    s
}
