//! The room tool (the panel's "Edit room" or R): the room's handles on the view, best seen from
//! above (T). Drag a corner to reshape the outline (a rectangle becomes a polygon), click a
//! wall's `+` to split it there, drag a door or window along its wall or by a grip to resize
//! it; Delete removes the selected corner or opening, Escape lets go of it. Each drag is one
//! undo step; an edit that would break the room is refused with a message and the room stays
//! as it was. Furniture is not picked while the tool is on.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, egui};
use relayout_core::geometry::RoomShape;
use relayout_core::scene::{OpeningKind, RoomEdit};

use crate::camera_state::EditorCamera;
use crate::coords::{to_bevy, to_layout};
use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::input_focus::UiFocus;
use crate::room_handles::{RoomDrag, RoomHandle, RoomTool, along_wall, grips, handles, pick};
use crate::schedule::{EditorSystems, UiSystems};
use crate::selection::{Selection, SnapSettings, floor_point};

/// How near (logical pixels) the pointer must be to take a handle.
pub const REACH: f32 = 9.0;
/// The narrowest a door or window is resized to, metres.
pub const MIN_OPENING: f64 = 0.3;

/// Adds the room tool.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    crate::input_focus::register(app);
    app.init_resource::<RoomTool>()
        .init_resource::<crate::camera_state::OrbitState>()
        .init_resource::<Selection>()
        .init_resource::<SnapSettings>()
        .init_resource::<ButtonInput<MouseButton>>()
        .init_resource::<ButtonInput<KeyCode>>()
        .add_message::<Edit>()
        .add_systems(
            Update,
            (room_keys, room_pointer)
                .chain()
                .in_set(EditorSystems::Input),
        )
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            draw_handles.in_set(UiSystems::Windows),
        );
}

/// Turns the tool on or off. On, the view goes to the plan (the outline is best edited from
/// above) and the furniture selection is let go (furniture is not picked meanwhile).
pub fn switch(
    on: bool,
    tool: &mut RoomTool,
    orbit: &mut crate::camera_state::OrbitState,
    selection: &mut Selection,
) {
    if on && !tool.enabled {
        orbit.top_down = true;
        selection.clear();
    }
    tool.enabled = on;
}

/// `v` on the grid (whole centimetres without one), to the millimetre.
fn on_grid(v: f64, grid: f64) -> f64 {
    let step = if grid > 0.0 { grid } else { 0.01 };
    ((v / step).round() * step * 1000.0).round() / 1000.0
}

#[allow(clippy::too_many_arguments)]
fn room_pointer(
    buttons: Res<ButtonInput<MouseButton>>,
    focus: Res<UiFocus>,
    windows: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform), With<EditorCamera>>,
    doc: Option<Res<SceneDoc>>,
    snap: Res<SnapSettings>,
    mut tool: ResMut<RoomTool>,
    mut edits: MessageWriter<Edit>,
) {
    let Some(doc) = doc else { return };
    if !tool.enabled {
        if tool.hovered.is_some() || tool.drag.is_some() || tool.selected.is_some() {
            tool.hovered = None;
            tool.drag = None;
            tool.selected = None;
        }
        return;
    }
    let room = &doc.scene.room;
    let cursor = windows.single().ok().and_then(|w| w.cursor_position());
    let Ok((camera, at)) = cameras.single() else {
        return;
    };
    let to_screen = |p: [f64; 2]| camera.world_to_viewport(at, to_bevy(p[0], p[1], 0.0)).ok();
    if tool.drag.is_none() {
        let h = cursor
            .filter(|_| focus.pointer_free())
            .and_then(|c| pick(room, c, REACH, to_screen));
        if tool.hovered != h {
            tool.hovered = h;
        }
    }
    let shape = RoomShape::new(room);
    let floor = cursor.and_then(|c| floor_point(camera, at, c)).map(|p| {
        let (x, y, _) = to_layout(p);
        (x, y)
    });
    if buttons.just_pressed(MouseButton::Left) && focus.pointer_free() {
        match tool.hovered {
            Some(RoomHandle::Split(i)) => {
                let at = (shape.walls[i].len * 50.0).round() / 100.0;
                edits.write(Edit::Room {
                    edit: RoomEdit::SplitWall { wall: i, at },
                    merge: false,
                });
                tool.selected = Some(RoomHandle::Corner(i + 1));
            }
            Some(h) => {
                let mut grab = 0.0;
                if let RoomHandle::Opening(i) | RoomHandle::OpeningEnd(i, _) = h
                    && let Some(o) = room.openings.get(i)
                    && let Some(w) = shape.wall_index(&o.wall)
                {
                    tool.wall = w;
                    if let Some(p) = floor {
                        let (s0, _) = shape.opening_span(w, o.offset, o.width);
                        grab = along_wall(&shape, w, [p.0, p.1]) - s0;
                    }
                }
                tool.selected = Some(match h {
                    RoomHandle::OpeningEnd(i, _) => RoomHandle::Opening(i),
                    h => h,
                });
                tool.drag = Some(RoomDrag { handle: h, grab });
            }
            None => tool.selected = None,
        }
        return;
    }
    let Some(drag) = tool.drag else { return };
    if !buttons.pressed(MouseButton::Left) {
        tool.drag = None;
        edits.write(Edit::EndGesture);
        return;
    }
    let Some(p) = floor else { return };
    let edit = match drag.handle {
        RoomHandle::Corner(i) => {
            let to = [on_grid(p.0, snap.grid), on_grid(p.1, snap.grid)];
            let now = shape.vertices.get(i).map(|v| [v.x, v.y]);
            (now != Some(to)).then_some(RoomEdit::MoveVertex { index: i, to })
        }
        RoomHandle::Opening(i) | RoomHandle::OpeningEnd(i, _) => {
            let Some(o) = room.openings.get(i) else {
                return;
            };
            let Some(w) = shape.wall_index(&o.wall) else {
                return;
            };
            let len = shape.walls[w].len;
            let s = along_wall(&shape, w, [p.0, p.1]);
            let round = |v: f64| on_grid(v, snap.grid);
            let (s0, s1) = shape.opening_span(w, o.offset, o.width);
            let (n0, n1) = match drag.handle {
                RoomHandle::OpeningEnd(_, true) => (s0, round(s).clamp(s0 + MIN_OPENING, len)),
                RoomHandle::OpeningEnd(_, false) => (round(s).clamp(0.0, s1 - MIN_OPENING), s1),
                _ => {
                    let start = round(s - drag.grab).clamp(0.0, (len - o.width).max(0.0));
                    (start, start + o.width)
                }
            };
            let mut next = o.clone();
            next.offset = (shape.span_offset(w, n0, n1) * 1000.0).round() / 1000.0;
            next.width = ((n1 - n0) * 1000.0).round() / 1000.0;
            (next != *o).then_some(RoomEdit::SetOpening {
                index: i,
                opening: next,
            })
        }
        RoomHandle::Split(_) => None,
    };
    if let Some(edit) = edit {
        edits.write(Edit::Room { edit, merge: true });
    }
}

fn room_keys(
    keys: Res<ButtonInput<KeyCode>>,
    focus: Res<UiFocus>,
    mut tool: ResMut<RoomTool>,
    mut orbit: ResMut<crate::camera_state::OrbitState>,
    mut selection: ResMut<Selection>,
    mut edits: MessageWriter<Edit>,
) {
    if !focus.keys_free() {
        return;
    }
    let ctrl = crate::input_focus::ctrl_held(&keys);
    if !ctrl && keys.just_pressed(KeyCode::KeyR) {
        let on = !tool.enabled;
        switch(on, &mut tool, &mut orbit, &mut selection);
        return;
    }
    if !tool.enabled {
        return;
    }
    if keys.just_pressed(KeyCode::Escape) {
        tool.selected = None;
        return;
    }
    if keys.any_just_pressed([KeyCode::Delete, KeyCode::Backspace]) {
        let edit = match tool.selected {
            Some(RoomHandle::Corner(i)) => RoomEdit::RemoveVertex { index: i },
            Some(RoomHandle::Opening(i)) => RoomEdit::RemoveOpening { index: i },
            _ => return,
        };
        edits.write(Edit::Room { edit, merge: false });
        tool.selected = None;
    }
}

const DOOR: egui::Color32 = egui::Color32::from_rgb(176, 112, 48);
const WINDOW: egui::Color32 = egui::Color32::from_rgb(40, 150, 220);
const HOVER: egui::Color32 = egui::Color32::from_rgb(245, 170, 30);
const PICKED: egui::Color32 = egui::Color32::from_rgb(26, 89, 217);

fn draw_handles(
    mut contexts: EguiContexts,
    tool: Res<RoomTool>,
    doc: Option<Res<SceneDoc>>,
    cameras: Query<(&Camera, &GlobalTransform), With<EditorCamera>>,
) -> Result {
    let (true, Some(doc), Ok((camera, at))) = (tool.enabled, doc, cameras.single()) else {
        return Ok(());
    };
    let room = &doc.scene.room;
    let shape = RoomShape::new(room);
    let to_screen = |p: [f64; 2]| {
        camera
            .world_to_viewport(at, to_bevy(p[0], p[1], 0.0))
            .ok()
            .map(|v| egui::pos2(v.x, v.y))
    };
    let ctx = contexts.ctx_mut()?;
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Background,
        egui::Id::new("room handles"),
    ));
    let state = |h: RoomHandle| {
        let selected = match (tool.selected, h) {
            (Some(s), h) if s == h => true,
            (Some(RoomHandle::Opening(i)), RoomHandle::OpeningEnd(j, _)) => i == j,
            _ => false,
        };
        if tool.drag.is_some_and(|d| d.handle == h) || tool.hovered == Some(h) {
            Some(HOVER)
        } else if selected {
            Some(PICKED)
        } else {
            None
        }
    };
    let dark = egui::Stroke::new(1.5, egui::Color32::from_gray(30));
    for (i, o) in room.openings.iter().enumerate() {
        let Some([a, b]) = grips(&shape, o) else {
            continue;
        };
        let (Some(sa), Some(sb)) = (to_screen(a), to_screen(b)) else {
            continue;
        };
        let base = if o.kind == OpeningKind::Door {
            DOOR
        } else {
            WINDOW
        };
        let bar = state(RoomHandle::Opening(i)).unwrap_or(base);
        painter.line_segment(
            [sa, sb],
            egui::Stroke::new(9.0, egui::Color32::from_gray(30)),
        );
        painter.line_segment([sa, sb], egui::Stroke::new(6.0, bar));
        for (end, p) in [(false, sa), (true, sb)] {
            let fill = state(RoomHandle::OpeningEnd(i, end)).unwrap_or(egui::Color32::WHITE);
            let r = egui::Rect::from_center_size(p, egui::vec2(9.0, 9.0));
            painter.rect_filled(r, 1.0, fill);
            painter.rect_stroke(r, 1.0, dark, egui::StrokeKind::Middle);
        }
        if tool.selected == Some(RoomHandle::Opening(i))
            || tool.hovered == Some(RoomHandle::Opening(i))
        {
            let (lo, hi) = o.span_z();
            let text = format!(
                "{} {:.2} m wide, {:.2} m along {}, {:.2}–{:.2} m up",
                relayout_core::scene::kind_name(o.kind),
                o.width,
                o.offset,
                o.wall,
                lo,
                hi
            );
            let mid = egui::pos2((sa.x + sb.x) / 2.0, (sa.y + sb.y) / 2.0 - 18.0);
            let font = egui::FontId::proportional(13.0);
            let galley = painter.layout_no_wrap(text, font, egui::Color32::WHITE);
            let rect =
                egui::Rect::from_center_size(mid, galley.size()).expand2(egui::vec2(4.0, 1.0));
            painter.rect_filled(rect, 3.0, PICKED);
            painter.galley(
                rect.min + egui::vec2(4.0, 1.0),
                galley,
                egui::Color32::WHITE,
            );
        }
    }
    for (h, p) in handles(room) {
        let Some(s) = to_screen(p) else { continue };
        match h {
            RoomHandle::Corner(_) => {
                painter.circle(s, 6.0, state(h).unwrap_or(egui::Color32::WHITE), dark);
            }
            RoomHandle::Split(_) => {
                let fill = state(h).unwrap_or(egui::Color32::from_gray(210));
                painter.circle(s, 6.0, fill, dark);
                for d in [egui::vec2(3.5, 0.0), egui::vec2(0.0, 3.5)] {
                    painter.line_segment(
                        [s - d, s + d],
                        egui::Stroke::new(1.5, egui::Color32::from_gray(30)),
                    );
                }
            }
            _ => {}
        }
    }
    Ok(())
}
