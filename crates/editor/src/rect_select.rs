//! Rectangle selection: a left drag that starts on empty floor (not on a piece, a handle or a
//! window) draws a rectangle, and on release selects every piece whose centre it covers
//! (Shift adds to the selection). Meant for the plan view (T), and works in the orbit view too.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, egui};

use crate::camera_state::EditorCamera;
use crate::coords::to_bevy;
use crate::document::SceneDoc;
use crate::input_focus::UiFocus;
use crate::room_handles::RoomTool;
use crate::schedule::{EditorSystems, UiSystems};
use crate::selection::{Hovered, Selection};

/// Least drag, logical pixels, before a press becomes a rectangle (a click stays a click).
pub const MIN_DRAG: f32 = 4.0;

/// The rectangle being drawn, in window coordinates (logical pixels).
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct RectSelect {
    /// Where the press was, when it began on empty floor.
    pub start: Option<Vec2>,
    /// Where the pointer is now.
    pub now: Vec2,
}

impl RectSelect {
    /// The rectangle, once the pointer moved far enough.
    pub fn rect(&self) -> Option<Rect> {
        let s = self.start?;
        (s.distance(self.now) >= MIN_DRAG).then(|| Rect::from_corners(s, self.now))
    }
}

/// Adds rectangle selection.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    crate::input_focus::register(app);
    app.init_resource::<RectSelect>()
        .init_resource::<Selection>()
        .init_resource::<Hovered>()
        .init_resource::<ButtonInput<MouseButton>>()
        .init_resource::<ButtonInput<KeyCode>>()
        .add_systems(Update, track.in_set(EditorSystems::Input))
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            draw.in_set(UiSystems::Windows),
        );
}

#[allow(clippy::too_many_arguments)]
fn track(
    buttons: Res<ButtonInput<MouseButton>>,
    keys: Res<ButtonInput<KeyCode>>,
    (focus, hovered): (Res<UiFocus>, Res<Hovered>),
    windows: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform), With<EditorCamera>>,
    doc: Option<Res<SceneDoc>>,
    mut rect: ResMut<RectSelect>,
    mut selection: ResMut<Selection>,
    tool: Option<Res<RoomTool>>,
) {
    if tool.is_some_and(|t| t.enabled) {
        rect.start = None;
        return;
    }
    let cursor = windows.single().ok().and_then(|w| w.cursor_position());
    if buttons.just_pressed(MouseButton::Left) {
        let free = focus.pointer_free() && hovered.id.is_none() && !hovered.handle;
        rect.start = cursor.filter(|_| free);
        if let Some(c) = cursor {
            rect.now = c;
        }
        return;
    }
    if rect.start.is_none() {
        return;
    }
    if hovered.dragging {
        // The press became a drag of a piece or a handle.
        rect.start = None;
        return;
    }
    if let Some(c) = cursor {
        rect.now = c;
    }
    if !buttons.just_released(MouseButton::Left) && buttons.pressed(MouseButton::Left) {
        return;
    }
    let area = rect.rect();
    rect.start = None;
    let (Some(area), Some(doc), Ok((camera, at))) = (area, doc, cameras.single()) else {
        return;
    };
    let shift = crate::input_focus::shift_held(&keys);
    let ids = covered(&doc.scene, area, |p| camera.world_to_viewport(at, p).ok());
    if shift {
        for id in &ids {
            if !selection.contains(id) {
                selection.toggle(id);
            }
        }
    } else {
        selection.set_many(ids);
    }
}

/// The pieces whose centre (at half their height) `to_screen` puts inside `area`.
pub fn covered(
    scene: &relayout_core::scene::Scene,
    area: Rect,
    to_screen: impl Fn(Vec3) -> Option<Vec2>,
) -> Vec<String> {
    scene
        .objects
        .iter()
        .filter(|o| {
            scene.poses.get(&o.id).is_some_and(|p| {
                to_screen(to_bevy(p.x, p.y, p.z + 0.5 * o.size[2]))
                    .is_some_and(|s| area.contains(s))
            })
        })
        .map(|o| o.id.clone())
        .collect()
}

fn draw(mut contexts: EguiContexts, rect: Res<RectSelect>) -> Result {
    let Some(r) = rect.rect() else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::new("selection rectangle"),
    ));
    let area = egui::Rect::from_min_max(egui::pos2(r.min.x, r.min.y), egui::pos2(r.max.x, r.max.y));
    painter.rect_filled(
        area,
        0.0,
        egui::Color32::from_rgba_unmultiplied(90, 170, 255, 40),
    );
    painter.rect_stroke(
        area,
        0.0,
        egui::Stroke::new(1.5, egui::Color32::from_rgb(60, 140, 240)),
        egui::StrokeKind::Inside,
    );
    Ok(())
}
