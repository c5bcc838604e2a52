//! Curves of a run: the solver's loss by term over its iterations (log scale, best start) for an
//! R³L run, and the rewards by turn for a refinement run.

use bevy_egui::egui;
use egui_plot::{Legend, Line, Plot, PlotPoints, VLine};

use super::{LoadedRun, RunSource};

/// Draws the curves tab.
pub fn show(ui: &mut egui::Ui, run: &LoadedRun) {
    match &run.source {
        RunSource::Trace(t) => {
            let Some(solver) = &t.solver else {
                ui.label("This run has no solve.");
                return;
            };
            let hist: Vec<_> = solver
                .history
                .iter()
                .filter(|r| r.start == solver.best_start)
                .collect();
            ui.label(format!(
                "Solver loss by term, start {} of {} ({} iterations, {:.1} ms); log₁₀ scale",
                solver.best_start + 1,
                solver.starts_run,
                hist.len(),
                solver.ms
            ));
            let series =
                |name: &str, f: &dyn Fn(&relayout_core::solver::problem::Breakdown) -> f64| {
                    let pts: PlotPoints = hist
                        .iter()
                        .enumerate()
                        .map(|(i, r)| [i as f64, f(&r.loss).max(1e-9).log10()])
                        .collect();
                    Line::new(name.to_string(), pts)
                };
            Plot::new("loss")
                .legend(Legend::default())
                .height(220.0)
                .x_axis_label("iteration")
                .y_axis_label("log₁₀ loss")
                .show(ui, |p| {
                    p.line(series("total", &|b| b.total()));
                    p.line(series("relations", &|b| b.relation));
                    p.line(series("collisions", &|b| b.collision));
                    p.line(series("walls", &|b| b.boundary));
                    p.line(series("doors", &|b| b.door));
                    // Stage boundaries.
                    for (i, w) in hist.windows(2).enumerate() {
                        if w[0].stage != w[1].stage {
                            p.vline(VLine::new(format!("{:?}", w[1].stage), (i + 1) as f64));
                        }
                    }
                });
            if let Some(m) = &t.metrics {
                ui.label(format!(
                    "Result: CR {:.3}, OR {:.3}, RS {}, AC {}",
                    m.cr,
                    m.or_,
                    m.rs.map_or("—".into(), |r| format!("{r:.3}")),
                    m.ac.map_or("—".into(), |r| format!("{r:.3}"))
                ));
            }
            ui.label("Conflicts per imagine-and-revise iteration:");
            for it in &t.iterations {
                ui.label(format!(
                    "  iteration {}: {} conflict(s), {} revision(s)",
                    it.index + 1,
                    it.conflicts.len(),
                    it.revised.len()
                ));
            }
        }
        RunSource::Trajectory(t) => {
            ui.label(format!(
                "Rewards by turn; trajectory reward {:.4} (discounted mean, γ = {})",
                t.reward, t.gamma
            ));
            let series = |name: &str, f: &dyn Fn(&relayout_rewards::RewardBreakdown) -> f64| {
                let pts: PlotPoints = t
                    .turns
                    .iter()
                    .map(|turn| [(turn.turn + 1) as f64, f(&turn.breakdown)])
                    .collect();
                Line::new(name.to_string(), pts)
            };
            Plot::new("rewards")
                .legend(Legend::default())
                .height(220.0)
                .x_axis_label("turn")
                .show(ui, |p| {
                    p.line(series("total", &|b| b.total));
                    p.line(series("format", &|b| b.format));
                    p.line(series("physics", &|b| b.physics));
                    p.line(series("render", &|b| b.render.unwrap_or(0.0)));
                });
        }
    }
}
