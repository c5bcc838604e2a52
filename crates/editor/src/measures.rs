//! Dimension lines for the selected piece: from each of its faces straight out to the nearest
//! wall or neighbour (what stands at its height: a lamp on a nightstand measures to the shelf
//! beside it, not to the sofa below), drawn in the 3D and plan views with their lengths.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use relayout_core::geometry::{Hit, RoomShape, clearances};
use relayout_core::scene::Scene;

use crate::camera_state::EditorCamera;
use crate::coords::to_bevy;
use crate::document::SceneDoc;
use crate::schedule::{EditorSystems, UiSystems};
use crate::selection::Selection;

/// Whether dimension lines are drawn.
#[derive(Resource, Debug, Clone)]
pub struct MeasureSettings {
    /// Draw them.
    pub enabled: bool,
}

impl Default for MeasureSettings {
    fn default() -> Self {
        MeasureSettings { enabled: true }
    }
}

/// One dimension line (Bevy frame).
#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    /// On the piece's face.
    pub from: Vec3,
    /// At the wall or neighbour.
    pub to: Vec3,
    /// Length, metres.
    pub metres: f64,
    /// What it ends at: a wall's name or an object's id.
    pub to_what: String,
}

/// The dimension lines of the current selection (empty when off or nothing is selected).
#[derive(Resource, Default, Debug, Clone)]
pub struct Measures {
    /// Lines, one per face that has something ahead.
    pub lines: Vec<Measure>,
}

/// Adds dimension lines.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    app.init_resource::<MeasureSettings>()
        .init_resource::<Measures>()
        .init_resource::<Selection>()
        .add_systems(
            Update,
            (measure, draw_lines)
                .chain()
                .in_set(EditorSystems::AfterEdits),
        )
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            draw_labels.in_set(UiSystems::Windows),
        );
}

/// The dimension lines of `id` in `scene`: one per face, to the nearest wall or piece whose
/// height range meets its own (riders and what it rests on left out).
pub fn measures_of(scene: &Scene, id: &str) -> Vec<Measure> {
    let (Some(i), Some(pose)) = (scene.object_index(id), scene.poses.get(id)) else {
        return Vec::new();
    };
    let fp = |size: [f64; 3], p: &relayout_core::scene::Pose| p.footprint([size[0], size[1]]);
    let me = &scene.objects[i];
    let heights = relayout_core::placement::heights(scene, &scene.poses);
    let (lo, hi) = (heights[i], heights[i] + me.size[2]);
    let riders = scene.riders(id);
    let below: Vec<String> = scene
        .relations
        .iter()
        .filter_map(|r| match r {
            relayout_core::relation::Relation::OnTopOf { source, target } if source == id => {
                Some(target.clone())
            }
            _ => None,
        })
        .collect();
    let mut ids: Vec<&str> = Vec::new();
    let mut obstacles = Vec::new();
    for (k, o) in scene.objects.iter().enumerate() {
        let Some(p) = scene.poses.get(&o.id) else {
            continue;
        };
        let (olo, ohi) = (heights[k], heights[k] + o.size[2]);
        if k == i
            || riders.contains(&o.id)
            || below.contains(&o.id)
            || ohi <= lo + 1e-6
            || olo >= hi - 1e-6
        {
            continue;
        }
        ids.push(&o.id);
        obstacles.push(fp(o.size, p));
    }
    let room = RoomShape::new(&scene.room);
    let z = lo + 0.02;
    clearances(&fp(me.size, pose), &room, &obstacles)
        .into_iter()
        .map(|c| Measure {
            from: to_bevy(c.from.x, c.from.y, z),
            to: to_bevy(c.to.x, c.to.y, z),
            metres: c.distance,
            to_what: match c.hit {
                Hit::Wall(w) => format!("wall {}", room.walls[w].name),
                Hit::Obstacle(o) => ids[o].to_string(),
            },
        })
        .collect()
}

fn measure(
    doc: Option<Res<SceneDoc>>,
    selection: Res<Selection>,
    settings: Res<MeasureSettings>,
    mut out: ResMut<Measures>,
) {
    let lines = match (&doc, &selection.id, settings.enabled) {
        (Some(doc), Some(id), true) => measures_of(&doc.scene, id),
        _ => Vec::new(),
    };
    if out.lines != lines {
        out.lines = lines;
    }
}

const LINE: Color = Color::srgb(0.1, 0.35, 0.85);

fn draw_lines(gizmos: Option<Gizmos>, measures: Res<Measures>) {
    let Some(mut gizmos) = gizmos else { return };
    for m in &measures.lines {
        gizmos.line(m.from, m.to, LINE);
        // Ticks across the line at both ends.
        let along = (m.to - m.from).normalize_or_zero();
        let across = along.cross(Vec3::Y).normalize_or_zero() * 0.06;
        for end in [m.from, m.to] {
            gizmos.line(end - across, end + across, LINE);
        }
    }
}

fn draw_labels(
    mut contexts: EguiContexts,
    measures: Res<Measures>,
    cameras: Query<(&Camera, &GlobalTransform), With<EditorCamera>>,
) -> Result {
    if measures.lines.is_empty() {
        return Ok(());
    }
    let Ok((camera, at)) = cameras.single() else {
        return Ok(());
    };
    let view = camera.logical_viewport_rect();
    let ctx = contexts.ctx_mut()?;
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Background,
        egui::Id::new("dimension labels"),
    ));
    for m in &measures.lines {
        if m.metres < 0.005 {
            continue;
        }
        let Ok(p) = camera.world_to_viewport(at, (m.from + m.to) * 0.5) else {
            continue;
        };
        if view.is_some_and(|v| !v.contains(p)) {
            continue;
        }
        let text = format!("{:.2} m", m.metres);
        let font = egui::FontId::proportional(13.0);
        let galley = painter.layout_no_wrap(text, font, egui::Color32::WHITE);
        let rect = egui::Rect::from_center_size(egui::pos2(p.x, p.y), galley.size())
            .expand2(egui::vec2(4.0, 1.0));
        painter.rect_filled(rect, 3.0, egui::Color32::from_rgb(26, 89, 217));
        painter.galley(
            rect.min + egui::vec2(4.0, 1.0),
            galley,
            egui::Color32::WHITE,
        );
    }
    Ok(())
}
