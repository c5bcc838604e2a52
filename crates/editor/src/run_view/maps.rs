//! The cognitive maps of the selected imagine-and-revise iteration: one map per unit in its
//! anchor's frame and the global map in the room frame, drawn as footprints with front arrows;
//! objects in a conflict in red, with the conflicts and the revisions that followed listed
//! below. Hovering a footprint selects the object, which highlights it in 3D.

use bevy_egui::egui::{self, Color32, Pos2, Shape, Stroke, Vec2};
use relayout_core::scene::Scene;
use relayout_reasoner::trace::MapIteration;

use super::{LoadedRun, RunSource};
use crate::selection::Selection;

/// Conflict red (outlines and text).
pub const CONFLICT: Color32 = Color32::from_rgb(230, 40, 35);
/// The fill of a footprint in a conflict.
pub const CONFLICT_FILL: Color32 = Color32::from_rgb(236, 112, 104);

/// One footprint on a map.
struct Item {
    id: String,
    size: [f64; 2],
    at: [f64; 3],
    conflict: bool,
}

/// Draws the maps tab.
pub fn show(ui: &mut egui::Ui, run: &LoadedRun, scene: &Scene, selection: &mut Selection) {
    let RunSource::Trace(trace) = &run.source else {
        ui.label("A refinement run has no cognitive maps: each turn's layout is shown in 3D, with its rewards in the details.");
        return;
    };
    let at = run
        .steps
        .get(..=run.current)
        .unwrap_or(&run.steps)
        .iter()
        .rev()
        .find_map(|s| s.iteration);
    let Some(k) = at else {
        ui.label("No cognitive map yet at this step: the maps come with the imagine stage.");
        return;
    };
    let Some(it) = trace.iterations.get(k) else {
        return;
    };
    let mut hovered = None;
    egui::ScrollArea::vertical().id_salt("maps").show(ui, |ui| {
        ui.label(format!(
            "Iteration {} — {} conflict(s){}",
            it.index + 1,
            it.conflicts.len(),
            if run.steps.get(run.current).and_then(|s| s.iteration) == Some(k) {
                ""
            } else {
                " (the last maps before this step)"
            }
        ));
        if let Some(h) = global_map(ui, it, scene) {
            hovered = Some(h);
        }
        ui.horizontal_wrapped(|ui| {
            for (unit, poses) in &it.local_maps {
                if let Some(h) = local_map(ui, it, scene, unit, poses) {
                    hovered = Some(h);
                }
            }
        });
        for c in &it.conflicts {
            ui.colored_label(CONFLICT, format!("conflict: {}", c.message));
        }
        for r in &it.revised {
            ui.label(format!("revised: {r}"));
        }
    });
    if let Some(id) = hovered
        && selection.id.as_deref() != Some(id.as_str())
    {
        selection.set(id);
    }
}

fn conflicted(it: &MapIteration, id: &str, unit: Option<&str>) -> bool {
    it.conflicts
        .iter()
        .any(|c| c.objects.iter().any(|o| o == id) && (unit.is_none() || c.unit.as_deref() == unit))
}

fn size_of(scene: &Scene, id: &str) -> Option<[f64; 2]> {
    if let Some(i) = scene.object_index(id) {
        let s = scene.objects[i].size;
        return Some([s[0], s[1]]);
    }
    None
}

fn global_map(ui: &mut egui::Ui, it: &MapIteration, scene: &Scene) -> Option<String> {
    let items: Vec<Item> = it
        .world
        .iter()
        .filter_map(|(id, p)| {
            Some(Item {
                id: id.clone(),
                size: size_of(scene, id)?,
                at: [p.x, p.y, p.rz],
                conflict: conflicted(it, id, None),
            })
        })
        .collect();
    let room = room_outline(scene);
    draw_map(ui, "global map (room frame)", &items, Some(&room), 260.0)
}

fn local_map(
    ui: &mut egui::Ui,
    it: &MapIteration,
    scene: &Scene,
    unit: &str,
    poses: &[relayout_reasoner::answer::MapPose],
) -> Option<String> {
    let anchor = scene
        .units
        .iter()
        .find(|u| u.id == unit)
        .map(|u| u.anchor.clone());
    let mut items = Vec::new();
    if let Some(a) = &anchor
        && !poses.iter().any(|p| &p.id == a)
        && let Some(size) = size_of(scene, a)
    {
        items.push(Item {
            id: a.clone(),
            size,
            at: [0.0, 0.0, 0.0],
            conflict: conflicted(it, a, Some(unit)),
        });
    }
    for p in poses {
        if let Some(size) = size_of(scene, &p.id) {
            items.push(Item {
                id: p.id.clone(),
                size,
                at: [p.x, p.y, p.rz],
                conflict: conflicted(it, &p.id, Some(unit)),
            });
        }
    }
    draw_map(ui, &format!("{unit} (anchor frame)"), &items, None, 150.0)
}

fn room_outline(scene: &Scene) -> Vec<[f64; 2]> {
    match &scene.room.polygon {
        Some(p) => p.clone(),
        None => {
            let (w, d) = (scene.room.width, scene.room.depth);
            vec![[0.0, 0.0], [w, 0.0], [w, d], [0.0, d]]
        }
    }
}

fn corners(it: &Item) -> [[f64; 2]; 4] {
    let (s, c) = it.at[2].to_radians().sin_cos();
    let (hx, hy) = (it.size[0] * 0.5, it.size[1] * 0.5);
    [[-hx, -hy], [hx, -hy], [hx, hy], [-hx, hy]]
        .map(|[x, y]| [it.at[0] + c * x - s * y, it.at[1] + s * x + c * y])
}

/// Draws footprints (and the room) fitted into a `side`-pixel square; returns the id under the
/// pointer.
fn draw_map(
    ui: &mut egui::Ui,
    title: &str,
    items: &[Item],
    room: Option<&[[f64; 2]]>,
    side: f32,
) -> Option<String> {
    let mut pts: Vec<[f64; 2]> = items.iter().flat_map(corners).collect();
    if let Some(r) = room {
        pts.extend_from_slice(r);
    }
    if pts.is_empty() {
        return None;
    }
    let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
    for p in &pts {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    let span = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(0.5) * 1.08;
    let mut hovered = None;
    ui.vertical(|ui| {
        ui.label(title);
        let (rect, response) = ui.allocate_exact_size(Vec2::splat(side), egui::Sense::hover());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 4.0, Color32::from_gray(245));
        let scale = side as f64 / span;
        let mid = [(lo[0] + hi[0]) * 0.5, (lo[1] + hi[1]) * 0.5];
        let to_screen = |p: [f64; 2]| {
            Pos2::new(
                rect.center().x + ((p[0] - mid[0]) * scale) as f32,
                rect.center().y - ((p[1] - mid[1]) * scale) as f32,
            )
        };
        if let Some(r) = room {
            let outline: Vec<Pos2> = r.iter().map(|p| to_screen(*p)).collect();
            painter.add(Shape::closed_line(
                outline,
                Stroke::new(2.0, Color32::from_gray(90)),
            ));
        }
        let pointer = response.hover_pos();
        for it in items {
            let poly: Vec<Pos2> = corners(it).iter().map(|p| to_screen(*p)).collect();
            let under = pointer.is_some_and(|p| inside(&poly, p));
            if under {
                hovered = Some(it.id.clone());
            }
            let fill = if it.conflict {
                CONFLICT_FILL
            } else {
                Color32::from_rgb(184, 200, 226)
            };
            let stroke = if under {
                Stroke::new(2.5, Color32::from_rgb(250, 190, 20))
            } else if it.conflict {
                Stroke::new(1.5, CONFLICT)
            } else {
                Stroke::new(1.0, Color32::from_rgb(40, 70, 120))
            };
            painter.add(Shape::convex_polygon(poly.clone(), fill, stroke));
            let (s, c) = it.at[2].to_radians().sin_cos();
            let reach = it.size[1] * 0.5 + 0.12;
            let tip = to_screen([it.at[0] - s * reach, it.at[1] + c * reach]);
            painter.line_segment(
                [to_screen([it.at[0], it.at[1]]), tip],
                Stroke::new(1.5, Color32::from_gray(30)),
            );
        }
        if let Some(id) = &hovered {
            painter.text(
                rect.left_top() + Vec2::new(4.0, 4.0),
                egui::Align2::LEFT_TOP,
                id,
                egui::FontId::proportional(12.0),
                Color32::BLACK,
            );
        }
    });
    hovered
}

/// Point in a convex polygon (either winding).
fn inside(poly: &[Pos2], p: Pos2) -> bool {
    let mut sign = 0.0f32;
    for i in 0..poly.len() {
        let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if cross != 0.0 {
            if sign == 0.0 {
                sign = cross.signum();
            } else if cross.signum() != sign {
                return false;
            }
        }
    }
    true
}
