//! The design rules as text for people.

use relayout_core::rules::{DesignReport, RuleStatus};

/// One line of totals: how many rules hold of those that apply, and the score.
pub fn summary(r: &DesignReport) -> String {
    let (held, applies) = r.held_of_applicable();
    match r.score {
        Some(s) => format!("design rules: {held} of {applies} hold (score {s:.3})"),
        None => "design rules: none applies to this room".into(),
    }
}

/// Every rule, one line each: a mark, its name, and what holds, fails or does not apply.
pub fn render(r: &DesignReport) -> String {
    let mut s = format!("{}\n", summary(r));
    for o in &r.rules {
        let mark = match o.status {
            RuleStatus::Held => "ok  ",
            RuleStatus::Failed => "FAIL",
            RuleStatus::NotApplicable => "n/a ",
            RuleStatus::Infeasible => "cannot",
        };
        let score = o.score.map(|v| format!(" ({v:.2})")).unwrap_or_default();
        s.push_str(&format!("  {mark} {}{score}: {}\n", o.rule, o.message));
    }
    s
}

/// The failing rules only, one line each (what `eval` adds after the metrics).
pub fn failures(r: &DesignReport) -> String {
    let mut s = format!("{}\n", summary(r));
    for o in r.failed() {
        s.push_str(&format!("  {}: {}\n", o.rule, o.message));
    }
    s
}
