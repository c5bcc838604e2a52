//! Relations drawn in 3D: a line from each relation's source to its target (or to the wall it
//! names), green when the relation holds and red when it does not.

use bevy::prelude::*;
use relayout_core::geometry::RoomShape;
use relayout_core::relation::{Entity as RelEntity, resolve};

use crate::coords::to_bevy;
use crate::document::SceneDoc;
use crate::live_metrics::LiveMetrics;

/// Whether relation gizmos are drawn.
#[derive(Resource, Debug, Clone)]
pub struct RelationGizmoSettings {
    /// Draw them.
    pub enabled: bool,
    /// Draw only this relation (selected in a panel), when set.
    pub only: Option<usize>,
}

impl Default for RelationGizmoSettings {
    fn default() -> Self {
        RelationGizmoSettings {
            enabled: true,
            only: None,
        }
    }
}

/// Adds relation gizmos.
pub fn plugin(app: &mut App) {
    app.init_resource::<RelationGizmoSettings>()
        .init_resource::<LiveMetrics>()
        .add_systems(Update, draw_relations);
}

fn draw_relations(
    gizmos: Option<Gizmos>,
    doc: Option<Res<SceneDoc>>,
    live: Res<LiveMetrics>,
    settings: Res<RelationGizmoSettings>,
) {
    // No gizmos without the gizmo plugin (headless tests).
    let (Some(mut gizmos), Some(doc), Some(m)) = (gizmos, doc, live.metrics.as_ref()) else {
        return;
    };
    if !settings.enabled {
        return;
    }
    let scene = &doc.scene;
    let room = RoomShape::new(&scene.room);
    let centre = |e: RelEntity| -> Option<Vec3> {
        let ids: Vec<&String> = match e {
            RelEntity::Object(i) => vec![&scene.objects[i].id],
            RelEntity::Unit(u) => std::iter::once(&scene.units[u].anchor)
                .chain(&scene.units[u].members)
                .collect(),
        };
        let ps: Vec<_> = ids.iter().filter_map(|id| scene.poses.get(*id)).collect();
        (!ps.is_empty()).then(|| {
            let n = ps.len() as f64;
            to_bevy(
                ps.iter().map(|p| p.x).sum::<f64>() / n,
                ps.iter().map(|p| p.y).sum::<f64>() / n,
                0.03,
            )
        })
    };
    for t in resolve(scene, &room) {
        if settings.only.is_some_and(|o| o != t.relation) {
            continue;
        }
        let ok = !m.unsatisfied.contains(&t.relation);
        let color = if ok {
            Color::srgb(0.1, 0.75, 0.3)
        } else {
            Color::srgb(0.9, 0.1, 0.1)
        };
        let Some(a) = centre(t.source) else { continue };
        let b = match t.target {
            Some(e) => centre(e),
            None => match t.term {
                relayout_core::relation::Term::AgainstWall { wall, .. }
                | relayout_core::relation::Term::Corner { wall, .. } => {
                    let w = &room.walls[wall];
                    let (x, y, _) = crate::coords::to_layout(a);
                    let along = ((relayout_core::geometry::Vec2::cst(x, y) - w.a).dot(w.t))
                        .clamp(0.0, w.len);
                    let p = w.a + w.t * along;
                    Some(to_bevy(p.x, p.y, 0.03))
                }
                _ => None,
            },
        };
        if let Some(b) = b {
            gizmos.line(a, b, color);
            gizmos.sphere(Isometry3d::from_translation(b), 0.04, color);
        }
    }
}
