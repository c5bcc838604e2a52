//! The panel's Room section: width, depth and height; each door and window with its wall, place
//! and size (or delete it); buttons to add one; and the switch of the room tool that edits them
//! on the plan. Every change is a room edit (`Edit::Room`): undoable, checked, followed at once
//! by the metrics, the solver and the drawn room.

use bevy::prelude::*;
use bevy_egui::egui;
use relayout_core::geometry::RoomShape;
use relayout_core::scene::{Opening, OpeningKind, RoomEdit, kind_name};

use crate::camera_state::OrbitState;
use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::room_handles::{RoomHandle, RoomTool};
use crate::selection::Selection;

/// A `DragValue` edit: a drag is one gesture (merged, closed on release), a typed value a step.
fn dragged(r: &egui::Response, edits: &mut MessageWriter<Edit>) -> bool {
    if r.drag_stopped() {
        edits.write(Edit::EndGesture);
    }
    r.dragged()
}

/// Draws the section.
pub fn room_section(
    ui: &mut egui::Ui,
    doc: &SceneDoc,
    tool: &mut RoomTool,
    orbit: &mut OrbitState,
    selection: &mut Selection,
    edits: &mut MessageWriter<Edit>,
) {
    let room = &doc.scene.room;
    let shape = RoomShape::new(room);
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Room").strong());
        let mut on = tool.enabled;
        ui.toggle_value(&mut on, "Edit room (R)").on_hover_text(
            "drag corners, click a wall's + to split it, drag doors and windows along \
             their wall or by their ends; Delete removes the selected one",
        );
        crate::room_tool::switch(on, tool, orbit, selection);
    });
    let (mut w, mut d, mut h) = (room.width, room.depth, room.height);
    let mut drag = false;
    ui.horizontal(|ui| {
        for (label, v) in [("w", &mut w), ("d", &mut d), ("h", &mut h)] {
            ui.label(label);
            let r = ui.add(
                egui::DragValue::new(v)
                    .speed(0.01)
                    .range(0.5..=50.0)
                    .max_decimals(3)
                    .suffix(" m"),
            );
            drag |= dragged(&r, edits);
        }
    });
    if (w, d, h) != (room.width, room.depth, room.height) {
        edits.write(Edit::Room {
            edit: RoomEdit::Size {
                width: w,
                depth: d,
                height: h,
            },
            merge: drag,
        });
    }
    if !shape.rectangle {
        ui.label(format!(
            "a polygon of {} corners (drag them with the room tool)",
            shape.vertices.len()
        ));
    }
    let walls: Vec<String> = shape.walls.iter().map(|w| w.name.clone()).collect();
    for (i, o) in room.openings.iter().enumerate() {
        let mut next: Opening = o.clone();
        let mut drag = false;
        let selected = tool.selected == Some(RoomHandle::Opening(i));
        ui.horizontal_wrapped(|ui| {
            let title = format!("{} {i}", kind_name(o.kind));
            if ui.selectable_label(selected, title).clicked() {
                tool.selected = Some(RoomHandle::Opening(i));
            }
            egui::ComboBox::from_id_salt(("opening wall", i))
                .width(44.0)
                .selected_text(&o.wall)
                .show_ui(ui, |ui| {
                    for w in &walls {
                        ui.selectable_value(&mut next.wall, w.clone(), w);
                    }
                });
            ui.label("at");
            drag |= dragged(
                &ui.add(
                    egui::DragValue::new(&mut next.offset)
                        .speed(0.01)
                        .range(0.0..=50.0)
                        .suffix(" m"),
                ),
                edits,
            );
            ui.label("w");
            drag |= dragged(
                &ui.add(
                    egui::DragValue::new(&mut next.width)
                        .speed(0.01)
                        .range(0.2..=20.0)
                        .suffix(" m"),
                ),
                edits,
            );
            let (lo, hi) = o.span_z();
            if o.kind == OpeningKind::Window {
                let mut sill = lo;
                ui.label("sill");
                drag |= dragged(
                    &ui.add(
                        egui::DragValue::new(&mut sill)
                            .speed(0.01)
                            .range(0.0..=10.0)
                            .suffix(" m"),
                    ),
                    edits,
                );
                if (sill - lo).abs() > 1e-9 {
                    next.sill = Some(sill);
                }
            }
            let mut tall = hi - lo;
            ui.label("h");
            drag |= dragged(
                &ui.add(
                    egui::DragValue::new(&mut tall)
                        .speed(0.01)
                        .range(0.2..=10.0)
                        .suffix(" m"),
                ),
                edits,
            );
            if (tall - (hi - lo)).abs() > 1e-9 {
                next.height = Some(tall);
            }
            if ui.small_button("🗑").on_hover_text("remove it").clicked() {
                edits.write(Edit::Room {
                    edit: RoomEdit::RemoveOpening { index: i },
                    merge: false,
                });
                tool.selected = None;
            }
        });
        if next != *o {
            if next.wall != o.wall {
                // Moved to another wall: put it where it fits there.
                next.offset = room.free_offset(&next.wall, next.width).unwrap_or(0.0);
            }
            edits.write(Edit::Room {
                edit: RoomEdit::SetOpening {
                    index: i,
                    opening: next,
                },
                merge: drag,
            });
        }
    }
    ui.horizontal(|ui| {
        let wall = tool.wall.min(walls.len().saturating_sub(1));
        egui::ComboBox::from_id_salt("new opening wall")
            .width(44.0)
            .selected_text(format!("on {}", walls[wall]))
            .show_ui(ui, |ui| {
                for (k, w) in walls.iter().enumerate() {
                    ui.selectable_value(&mut tool.wall, k, w);
                }
            });
        for (kind, width, label) in [
            (OpeningKind::Door, 0.9, "+ door"),
            (OpeningKind::Window, 1.2, "+ window"),
        ] {
            if ui.button(label).clicked() {
                let name = &walls[wall];
                // Where it fits; on a full or short wall, at its start, for the room edit to
                // say why it does not.
                let free = room.free_offset(name, width);
                edits.write(Edit::Room {
                    edit: RoomEdit::AddOpening(Opening {
                        kind,
                        wall: name.clone(),
                        offset: free.unwrap_or(0.0),
                        width,
                        sill: None,
                        height: None,
                    }),
                    merge: false,
                });
                if free.is_some() {
                    tool.selected = Some(RoomHandle::Opening(room.openings.len()));
                }
            }
        }
    });
}
