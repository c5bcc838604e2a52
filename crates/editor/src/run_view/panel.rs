//! The run window: the timeline (back, play, forward, a slider and the list of steps), the
//! selected step's details, and tabs for the cognitive maps, the curves and the transcript.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::{LoadedRun, RunSource, TimelineCommand};
use crate::schedule::UiSystems;
use crate::selection::Selection;

/// Which tab of the run window is open.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunTab {
    /// The cognitive maps of the selected iteration.
    #[default]
    Maps,
    /// Loss curves by term, or rewards by turn.
    Curves,
    /// Every request and answer.
    Transcript,
}

/// Adds the window.
pub fn plugin(app: &mut App) {
    app.init_resource::<RunTab>().add_systems(
        bevy_egui::EguiPrimaryContextPass,
        draw_run_window.in_set(UiSystems::Windows),
    );
}

fn draw_run_window(
    mut contexts: EguiContexts,
    run: Option<Res<LoadedRun>>,
    doc: Option<Res<crate::document::SceneDoc>>,
    mut tab: ResMut<RunTab>,
    mut selection: ResMut<Selection>,
    mut commands: MessageWriter<TimelineCommand>,
) -> Result {
    let (Some(run), Some(doc)) = (run, doc) else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let title = match &run.source {
        RunSource::Trace(t) => format!(
            "Run — {}{}",
            t.backend.kind,
            t.backend
                .model
                .as_ref()
                .map_or(String::new(), |m| format!(" ({m})"))
        ),
        RunSource::Trajectory(t) => format!("Refinement — {}", t.policy),
    };
    // On the right, leaving the room in the middle of the 3D view visible.
    let right = ctx.content_rect().right();
    egui::Window::new(title)
        .id(egui::Id::new("run window"))
        .default_pos([(right - 560.0).max(300.0), 12.0])
        .default_width(540.0)
        .default_height(640.0)
        .show(ctx, |ui| {
            let n = run.steps.len();
            ui.horizontal(|ui| {
                if ui.button("⏮").on_hover_text("first step").clicked() {
                    commands.write(TimelineCommand::Go(0));
                }
                if ui.button("◀").on_hover_text("previous step").clicked() {
                    commands.write(TimelineCommand::Previous);
                }
                let play = if run.playing { "⏸" } else { "▶" };
                if ui.button(play).on_hover_text("play the steps").clicked() {
                    commands.write(TimelineCommand::TogglePlay);
                }
                if ui.button("▶|").on_hover_text("next step").clicked() {
                    commands.write(TimelineCommand::Next);
                }
                let mut k = run.current + 1;
                if ui
                    .add(egui::Slider::new(&mut k, 1..=n.max(1)).text(format!("of {n}")))
                    .changed()
                {
                    commands.write(TimelineCommand::Go(k - 1));
                }
                if ui
                    .button("Apply")
                    .on_hover_text("make the shown poses the scene's (undoable)")
                    .clicked()
                {
                    commands.write(TimelineCommand::Apply);
                }
            });
            ui.separator();
            ui.columns(2, |cols| {
                egui::ScrollArea::vertical()
                    .id_salt("steps")
                    .max_height(150.0)
                    .show(&mut cols[0], |ui| {
                        for (i, s) in run.steps.iter().enumerate() {
                            let text = format!("{:>2}. {}", i + 1, s.label);
                            if ui.selectable_label(i == run.current, text).clicked() {
                                commands.write(TimelineCommand::Go(i));
                            }
                        }
                    });
                egui::ScrollArea::vertical()
                    .id_salt("details")
                    .max_height(150.0)
                    .show(&mut cols[1], |ui| {
                        if let Some(s) = run.steps.get(run.current) {
                            ui.strong(&s.label);
                            for d in &s.details {
                                let color = if d.starts_with("conflict")
                                    || d.contains("collides")
                                    || d.contains("out of the room")
                                    || d.contains("failed")
                                {
                                    egui::Color32::from_rgb(220, 60, 50)
                                } else {
                                    ui.visuals().text_color()
                                };
                                ui.colored_label(color, d);
                            }
                        }
                    });
            });
            ui.separator();
            ui.horizontal(|ui| {
                ui.selectable_value(&mut *tab, RunTab::Maps, "Cognitive maps");
                ui.selectable_value(&mut *tab, RunTab::Curves, "Curves");
                ui.selectable_value(&mut *tab, RunTab::Transcript, "Transcript");
            });
            match *tab {
                RunTab::Maps => super::maps::show(ui, &run, &doc.scene, &mut selection),
                RunTab::Curves => super::plots::show(ui, &run),
                RunTab::Transcript => super::transcript::show(ui, &run),
            }
        });
    Ok(())
}
