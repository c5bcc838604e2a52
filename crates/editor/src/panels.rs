//! The editor's panels (egui): file and edit commands, the metrics that update as you edit, the
//! selected object's pose, relation gizmo switches, and the status log. The 3D view gets the
//! space the panels leave.

use bevy::camera::Viewport;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, egui};
use relayout_core::relation::describe;
use relayout_core::scene::Pose;

use crate::asset_panel::AssetPanel;
use crate::camera_state::{EditorCamera, OrbitState};
use crate::document::SceneDoc;
use crate::edit::{Edit, History};
use crate::live_metrics::LiveMetrics;
use crate::measures::MeasureSettings;
use crate::messages::{CancelSolve, DialogPurpose, DialogRequest, SaveRequest, SolveRequest};
use crate::relation_gizmos::RelationGizmoSettings;
use crate::room_handles::RoomTool;
use crate::schedule::UiSystems;
use crate::selection::{Selection, SnapSettings};
use crate::solve_task::SolveInFlight;
use crate::status::StatusLog;

/// Adds the panels.
pub fn plugin(app: &mut App) {
    crate::messages::register(app);
    crate::schedule::configure(app);
    app.init_resource::<StatusLog>()
        .init_resource::<History>()
        .init_resource::<LiveMetrics>()
        .init_resource::<Selection>()
        .init_resource::<RelationGizmoSettings>()
        .init_resource::<SnapSettings>()
        .init_resource::<MeasureSettings>()
        .init_resource::<OrbitState>()
        .init_resource::<AssetPanel>()
        .init_resource::<RoomTool>()
        .add_message::<Edit>()
        .add_systems(Startup, spawn_ui_camera)
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            draw_panels.in_set(UiSystems::Panels),
        );
}

/// The panels get a camera of their own over the whole window, drawn after the 3D view, so that
/// shrinking the 3D camera's viewport does not move them.
fn spawn_ui_camera(
    mut commands: Commands,
    settings: Option<ResMut<bevy_egui::EguiGlobalSettings>>,
) {
    // Without egui (the panels alone, in a test) there is nothing to draw the panels with.
    let Some(mut settings) = settings else { return };
    settings.auto_create_primary_context = false;
    commands.spawn((
        Name::new("ui camera"),
        bevy_egui::PrimaryEguiContext,
        Camera3d::default(),
        bevy::camera::visibility::RenderLayers::none(),
        Camera {
            order: 1,
            output_mode: bevy::camera::CameraOutputMode::Write {
                blend_state: Some(bevy::render::render_resource::BlendState::ALPHA_BLENDING),
                clear_color: ClearColorConfig::None,
            },
            clear_color: ClearColorConfig::Custom(Color::NONE),
            ..default()
        },
    ));
}

#[allow(clippy::too_many_arguments)]
fn draw_panels(
    mut contexts: EguiContexts,
    doc: Option<Res<SceneDoc>>,
    history: Res<History>,
    live: Res<LiveMetrics>,
    solving: Option<Res<SolveInFlight>>,
    mut selection: ResMut<Selection>,
    (mut gizmo, mut measures): (ResMut<RelationGizmoSettings>, ResMut<MeasureSettings>),
    (mut snap, mut room_tool): (ResMut<SnapSettings>, ResMut<RoomTool>),
    (mut orbit, mut library): (ResMut<OrbitState>, ResMut<AssetPanel>),
    log: Res<StatusLog>,
    mut edits: MessageWriter<Edit>,
    mut dialogs: MessageWriter<DialogRequest>,
    mut saves: MessageWriter<SaveRequest>,
    (mut solves, mut cancels): (MessageWriter<SolveRequest>, MessageWriter<CancelSolve>),
    window: Query<&Window, With<PrimaryWindow>>,
    mut cameras: Query<&mut Camera, With<EditorCamera>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let left = egui::Panel::left("tools")
        .resizable(true)
        .default_size(300.0)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.heading("relayout");
                if let Some(doc) = &doc {
                    let name = doc
                        .path
                        .as_ref()
                        .map_or("unsaved scene".to_string(), |p| p.display().to_string());
                    ui.label(format!("{name}{}", if doc.dirty { " •" } else { "" }));
                }
                ui.horizontal_wrapped(|ui| {
                    if ui.button("Open…").clicked() {
                        dialogs.write(DialogRequest(DialogPurpose::Open));
                    }
                    if ui
                        .button("Open run…")
                        .on_hover_text("a trace (relayout generate --trace) or a trajectory (relayout refine -o)")
                        .clicked()
                    {
                        dialogs.write(DialogRequest(DialogPurpose::OpenRun));
                    }
                    if ui.button("Save").clicked() {
                        saves.write(SaveRequest { to: None });
                    }
                    if ui.button("Save as…").clicked() {
                        dialogs.write(DialogRequest(DialogPurpose::SaveAs));
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .add_enabled(
                            !history.undo.is_empty(),
                            egui::Button::new(format!("Undo ({})", history.undo.len())),
                        )
                        .clicked()
                    {
                        edits.write(Edit::Undo);
                    }
                    if ui
                        .add_enabled(
                            !history.redo.is_empty(),
                            egui::Button::new(format!("Redo ({})", history.redo.len())),
                        )
                        .clicked()
                    {
                        edits.write(Edit::Redo);
                    }
                    if ui
                        .add_enabled(solving.is_none() && doc.is_some(), egui::Button::new("Solve"))
                        .clicked()
                    {
                        solves.write(SolveRequest);
                    }
                });
                if let Some(s) = &solving {
                    solve_progress(ui, s, &mut cancels);
                }
                ui.horizontal_wrapped(|ui| {
                    if ui.button("Screenshot…").clicked() {
                        dialogs.write(DialogRequest(DialogPurpose::Screenshot));
                    }
                    if ui.button("Judge views…").clicked() {
                        dialogs.write(DialogRequest(DialogPurpose::JudgeViews));
                    }
                    if ui
                        .button("Export glTF…")
                        .on_hover_text("the arranged room as one .glb, for Blender or a game engine")
                        .clicked()
                    {
                        dialogs.write(DialogRequest(DialogPurpose::ExportGltf));
                    }
                    if ui
                        .button("Import model…")
                        .on_hover_text(".glb, .gltf, .obj or a Sweet Home 3D .sh3f, into your library (or drop the file on the window)")
                        .clicked()
                    {
                        dialogs.write(DialogRequest(DialogPurpose::ImportModel));
                    }
                    ui.toggle_value(&mut orbit.top_down, "Plan (T)");
                    ui.toggle_value(&mut library.open, "Library");
                });
                ui.separator();
                if let Some(doc) = &doc {
                    crate::room_panel::room_section(
                        ui,
                        doc,
                        &mut room_tool,
                        &mut orbit,
                        &mut selection,
                        &mut edits,
                    );
                    ui.separator();
                }
                metrics_section(ui, &live, doc.as_deref());
                design_section(ui, &live, &mut selection);
                ui.separator();
                if let Some(doc) = &doc {
                    selection_section(ui, doc, &mut selection, &mut edits, &snap);
                }
                ui.separator();
                ui.checkbox(&mut gizmo.enabled, "relation gizmos");
                snap_section(ui, &mut snap);
                ui.checkbox(&mut measures.enabled, "dimension lines");
                ui.separator();
                ui.label("Messages");
                for line in log.lines.iter().rev().take(8) {
                    let color = if line.error {
                        egui::Color32::from_rgb(200, 40, 40)
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.colored_label(color, &line.text);
                }
            });
        })
        .response
        .rect
        .width();
    // The 3D view takes the rest of the window.
    if let (Ok(window), Ok(mut camera)) = (window.single(), cameras.single_mut()) {
        let left = (left * window.scale_factor()) as u32;
        let size = UVec2::new(
            window.physical_width().saturating_sub(left).max(1),
            window.physical_height().max(1),
        );
        camera.viewport = Some(Viewport {
            physical_position: UVec2::new(left, 0),
            physical_size: size,
            ..default()
        });
    }
    Ok(())
}

fn solve_progress(ui: &mut egui::Ui, s: &SolveInFlight, cancels: &mut MessageWriter<CancelSolve>) {
    let p = s.progress();
    ui.horizontal(|ui| {
        let text = if s.cancelling() {
            "cancelling…".to_string()
        } else {
            let n = p.starts.max(1);
            format!("solving: start {} of {n}", (p.start + 1).min(n))
        };
        ui.add(
            egui::ProgressBar::new(p.fraction)
                .desired_width(170.0)
                .text(text),
        );
        if ui
            .add_enabled(!s.cancelling(), egui::Button::new("Cancel"))
            .clicked()
        {
            cancels.write(CancelSolve);
        }
    });
    ui.ctx().request_repaint();
}

fn snap_section(ui: &mut egui::Ui, snap: &mut SnapSettings) {
    ui.horizontal(|ui| {
        let mut snapping = snap.wall_distance > 0.0;
        if ui.checkbox(&mut snapping, "snap to walls").changed() {
            snap.wall_distance = if snapping { 0.12 } else { 0.0 };
        }
        let shown = |g: f64| {
            if g > 0.0 {
                format!("grid {:.0} cm", g * 100.0)
            } else {
                "no grid".to_string()
            }
        };
        egui::ComboBox::from_id_salt("grid snap")
            .selected_text(shown(snap.grid))
            .show_ui(ui, |ui| {
                for g in std::iter::once(0.0).chain(crate::selection::GRID_STEPS) {
                    ui.selectable_value(&mut snap.grid, g, shown(g));
                }
            });
    });
}

fn metrics_section(ui: &mut egui::Ui, live: &LiveMetrics, doc: Option<&SceneDoc>) {
    ui.label(egui::RichText::new("Metrics").strong());
    let Some(m) = &live.metrics else {
        ui.label(live.error.as_deref().unwrap_or("no scene"));
        return;
    };
    let ratio = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
    egui::Grid::new("metrics").num_columns(2).show(ui, |ui| {
        for (k, v) in [
            ("CR (collision rate)", format!("{:.3}", m.cr)),
            ("OR (out of room)", format!("{:.3}", m.or_)),
            ("RS (relations held)", ratio(m.rs)),
            ("AC (accessible)", ratio(m.ac)),
        ] {
            ui.label(k);
            ui.monospace(v);
            ui.end_row();
        }
    });
    for [a, b] in &m.colliding_pairs {
        ui.colored_label(
            egui::Color32::from_rgb(200, 40, 40),
            format!("{a} overlaps {b}"),
        );
    }
    for id in &m.out_of_room {
        ui.colored_label(
            egui::Color32::from_rgb(210, 120, 20),
            format!("{id} is out of the room"),
        );
    }
    if let Some(doc) = doc {
        for &r in &m.unsatisfied {
            if let Some(rel) = doc.scene.relations.get(r) {
                ui.label(format!("✗ {}", describe(rel)));
            }
        }
    }
}

/// The design rules: how many hold, then each failing rule with a button that selects the
/// pieces it names (the selection outline shows them in the views).
fn design_section(ui: &mut egui::Ui, live: &LiveMetrics, selection: &mut Selection) {
    let Some(d) = &live.design else { return };
    let (held, applies) = d.held_of_applicable();
    ui.label(egui::RichText::new(format!("Design rules: {held} of {applies} hold")).strong());
    if live.rules == Some(relayout_core::rules::RuleSet::Fast) {
        ui.label(egui::RichText::new("walkways: checked when the drag ends").italics());
    }
    for r in d.failed() {
        ui.horizontal_wrapped(|ui| {
            if !r.objects.is_empty()
                && ui
                    .small_button("show")
                    .on_hover_text(format!("select {}", r.objects.join(", ")))
                    .clicked()
            {
                selection.set_many(r.objects.clone());
            }
            ui.colored_label(
                egui::Color32::from_rgb(170, 90, 200),
                format!("{}: {}", r.rule, r.message),
            );
        });
    }
}

fn selection_section(
    ui: &mut egui::Ui,
    doc: &SceneDoc,
    selection: &mut Selection,
    edits: &mut MessageWriter<Edit>,
    snap: &SnapSettings,
) {
    ui.label(egui::RichText::new("Selection").strong());
    let Some(id) = selection.id.clone() else {
        ui.label(
            "click an object (Shift+click or a rectangle for several); drag it on the floor; \
             Q/E turn it; Delete, Ctrl+D, F1: every key",
        );
        return;
    };
    let Some(i) = doc.scene.object_index(&id) else {
        selection.clear();
        return;
    };
    if !selection.others.is_empty() {
        ui.label(format!(
            "{} pieces: {} (drag, Q/E, Delete and Ctrl+D act on all)",
            selection.len(),
            selection.all().join(", ")
        ));
    }
    let o = &doc.scene.objects[i];
    ui.label(format!(
        "{} ({}), {:.2} × {:.2} × {:.2} m",
        o.id, o.category, o.size[0], o.size[1], o.size[2]
    ));
    let Some(pose) = doc.scene.poses.get(&id).copied() else {
        ui.label("no pose yet: solve the scene");
        return;
    };
    let mut p: Pose = pose;
    ui.horizontal(|ui| {
        ui.label("x");
        ui.add(egui::DragValue::new(&mut p.x).speed(0.01).suffix(" m"));
        ui.label("y");
        ui.add(egui::DragValue::new(&mut p.y).speed(0.01).suffix(" m"));
        ui.label("z");
        ui.add(
            egui::DragValue::new(&mut p.z)
                .speed(0.01)
                .range(0.0..=doc.scene.room.height)
                .suffix(" m"),
        );
        ui.label("rz");
        ui.add(
            egui::DragValue::new(&mut p.rz)
                .speed(snap.rotate_step)
                .suffix("°"),
        );
    });
    if p != pose {
        edits.write(Edit::SetPose {
            id,
            pose: p,
            merge: false,
        });
    }
}
