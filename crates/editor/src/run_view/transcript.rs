//! The transcript: every request and answer of the run, with tokens, latency and what went
//! wrong (failed calls and rejected answers in red).

use bevy_egui::egui::{self, Color32};
use relayout_reasoner::trace::Outcome;

use super::{LoadedRun, RunSource};

/// Draws the transcript tab.
pub fn show(ui: &mut egui::Ui, run: &LoadedRun) {
    egui::ScrollArea::vertical()
        .id_salt("transcript")
        .show(ui, |ui| match &run.source {
            RunSource::Trace(t) => {
                ui.label(format!(
                    "{} exchange(s); tokens: {} in, {} out",
                    t.exchanges.len(),
                    t.usage.prompt_tokens,
                    t.usage.completion_tokens
                ));
                if let Some(e) = &t.error {
                    ui.colored_label(Color32::from_rgb(220, 60, 50), format!("stopped: {e}"));
                }
                for (i, x) in t.exchanges.iter().enumerate() {
                    let tokens = x.call.usage.map_or("—".to_string(), |u| {
                        format!("{}+{} tokens", u.prompt_tokens, u.completion_tokens)
                    });
                    let failed =
                        !matches!(x.outcome, Outcome::Answer { .. }) || !x.problems.is_empty();
                    let head = format!(
                        "{}. {} — {tokens}, {:.0} ms{}",
                        i + 1,
                        x.key,
                        x.call.latency_ms,
                        if failed { " — problem" } else { "" }
                    );
                    egui::CollapsingHeader::new(egui::RichText::new(head).color(if failed {
                        Color32::from_rgb(220, 60, 50)
                    } else {
                        ui.visuals().text_color()
                    }))
                    .id_salt(("exchange", i))
                    .show(ui, |ui| {
                        for m in &x.call.messages {
                            ui.label(egui::RichText::new(format!("{:?}", m.role)).strong());
                            let images = m.image_count();
                            if images > 0 {
                                ui.label(format!("[{images} image(s)]"));
                            }
                            ui.label(egui::RichText::new(m.joined_text()).monospace());
                        }
                        ui.label(egui::RichText::new("answer").strong());
                        match &x.outcome {
                            Outcome::Answer { text, .. } => {
                                ui.label(egui::RichText::new(text).monospace());
                            }
                            other => {
                                ui.colored_label(
                                    Color32::from_rgb(220, 60, 50),
                                    serde_json::to_string_pretty(other).unwrap_or_default(),
                                );
                            }
                        }
                        for p in &x.problems {
                            ui.colored_label(Color32::from_rgb(220, 60, 50), p);
                        }
                    });
                }
            }
            RunSource::Trajectory(t) => {
                for turn in &t.turns {
                    let head = format!(
                        "turn {} — reward {:.3}, {:.2} s{}",
                        turn.turn + 1,
                        turn.breakdown.total,
                        turn.policy_s,
                        turn.usage.map_or(String::new(), |u| format!(
                            ", {}+{} tokens",
                            u.prompt_tokens, u.completion_tokens
                        ))
                    );
                    egui::CollapsingHeader::new(head)
                        .id_salt(("turn", turn.turn))
                        .show(ui, |ui| {
                            ui.label(egui::RichText::new("prompt").strong());
                            ui.label(egui::RichText::new(&turn.prompt).monospace());
                            ui.label(egui::RichText::new("answer").strong());
                            ui.label(egui::RichText::new(&turn.answer).monospace());
                            if let Some(e) = &turn.error {
                                ui.colored_label(Color32::from_rgb(220, 60, 50), e);
                            }
                        });
                }
            }
        });
}
