//! Units and relations: every unit with its anchor and members, every relation in words marked
//! held or not; select one to highlight its objects and its gizmo in 3D; edit one (as JSON),
//! delete one or add one, and the scene is re-solved. An edit that makes the scene invalid is
//! refused with the place and the reason, and changes nothing.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use relayout_core::relation::{Relation, describe};
use relayout_core::scene::validate::validate;

use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::live_metrics::LiveMetrics;
use crate::messages::SolveRequest;
use crate::relation_gizmos::RelationGizmoSettings;
use crate::schedule::{EditorSystems, UiSystems};
use crate::selection::Selection;
use crate::status::StatusLog;

/// A change to the relations, followed by a solve.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum RelationEdit {
    /// Remove relation `i`.
    Delete(usize),
    /// Replace relation `i` by this JSON.
    Replace(usize, String),
    /// Add a relation from this JSON.
    Add(String),
}

/// The window's state.
#[derive(Resource, Default, Debug)]
pub struct RelationsPanel {
    /// The relation being edited (`None` for a new one) and its text.
    pub editing: Option<(Option<usize>, String)>,
    /// The document revision the edit began at: an edit of an existing relation is dropped
    /// when the document changes under it (its index may no longer be that relation).
    pub editing_revision: u64,
    /// Why the last edit was refused.
    pub error: Option<String>,
}

/// Adds the window and the edits.
pub fn plugin(app: &mut App) {
    crate::messages::register(app);
    crate::schedule::configure(app);
    app.init_resource::<RelationsPanel>()
        .init_resource::<StatusLog>()
        .init_resource::<LiveMetrics>()
        .init_resource::<Selection>()
        .init_resource::<RelationGizmoSettings>()
        .add_message::<RelationEdit>()
        .add_message::<Edit>()
        .add_systems(
            Update,
            apply_relation_edits.in_set(EditorSystems::PrepareEdits),
        )
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            draw_relations_window.in_set(UiSystems::Windows),
        );
}

/// A relation typed as JSON that is not one.
#[derive(Debug, thiserror::Error)]
#[error("the relation is not valid: {}{source}", place.as_ref().map(|p| format!("{p}: ")).unwrap_or_default())]
pub struct RelationParseError {
    /// Where in the JSON (`None`: the whole text).
    pub place: Option<String>,
    /// What.
    pub source: serde_json::Error,
}

/// A relation edit that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum RelationEditError {
    /// The JSON is not a relation.
    #[error(transparent)]
    Parse(#[from] RelationParseError),
    /// The relation edited or deleted is not there (any more).
    #[error("there is no relation {number} (the scene has {count})")]
    NoSuchRelation {
        /// Its number, from 1.
        number: usize,
        /// Relations in the scene.
        count: usize,
    },
}

fn parse_relation(text: &str) -> Result<Relation, RelationParseError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        RelationParseError {
            place: (path != ".").then_some(path),
            source: e.into_inner(),
        }
    })
}

/// Applies relation edits: valid ones become one undoable edit and a solve; invalid ones are
/// refused with the reason.
pub fn apply_relation_edits(
    mut requests: MessageReader<RelationEdit>,
    doc: Option<Res<SceneDoc>>,
    mut panel: ResMut<RelationsPanel>,
    mut edits: MessageWriter<Edit>,
    mut solves: MessageWriter<SolveRequest>,
    mut log: ResMut<StatusLog>,
) {
    let Some(doc) = doc else {
        requests.clear();
        return;
    };
    let mut scene = doc.scene.clone();
    let mut labels = Vec::new();
    for r in requests.read() {
        let n = scene.relations.len();
        let result =
            match r {
                RelationEdit::Delete(i) if *i < n => {
                    // With its origin, so the others keep theirs.
                    let (gone, _) = scene.remove_relation(*i);
                    Ok(format!("deleted: {}", describe(&gone)))
                }
                RelationEdit::Replace(i, text) if *i < n => parse_relation(text)
                    .map_err(RelationEditError::from)
                    .map(|rel| {
                        let label = format!("changed: {}", describe(&rel));
                        scene.relations[*i] = rel;
                        // Edited by the designer: theirs now.
                        if *i < scene.origins.len() {
                            scene.origins[*i] = relayout_core::relation::Origin::Designer;
                            scene.normalize_origins();
                        }
                        label
                    }),
                RelationEdit::Add(text) => parse_relation(text)
                    .map_err(RelationEditError::from)
                    .map(|rel| {
                        let label = format!("added: {}", describe(&rel));
                        scene.push_relation(rel, relayout_core::relation::Origin::Designer);
                        label
                    }),
                RelationEdit::Delete(i) | RelationEdit::Replace(i, _) => {
                    Err(RelationEditError::NoSuchRelation {
                        number: i + 1,
                        count: n,
                    })
                }
            };
        match result {
            Ok(label) => labels.push(label),
            Err(e) => {
                log.error(&e);
                panel.error = Some(e.to_string());
                return;
            }
        }
    }
    if labels.is_empty() {
        return;
    }
    let issues = validate(&scene);
    if !issues.is_empty() {
        let e = format!(
            "relation edit refused: {}",
            issues
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        );
        log.error(e.clone());
        panel.error = Some(e);
        return;
    }
    panel.error = None;
    panel.editing = None;
    for l in &labels {
        log.info(l.clone());
    }
    edits.write(Edit::Replace {
        scene: Box::new(scene),
        label: labels.join("; "),
    });
    solves.write(SolveRequest);
}

const NEW_RELATION: &str = r#"{"type": "against_wall", "source": "", "wall": "L"}"#;

#[allow(clippy::too_many_arguments)]
fn draw_relations_window(
    mut contexts: EguiContexts,
    doc: Option<Res<SceneDoc>>,
    live: Res<LiveMetrics>,
    mut panel: ResMut<RelationsPanel>,
    mut selection: ResMut<Selection>,
    mut gizmo: ResMut<RelationGizmoSettings>,
    mut edits: MessageWriter<RelationEdit>,
) -> Result {
    let Some(doc) = doc else { return Ok(()) };
    if matches!(panel.editing, Some((Some(_), _))) && panel.editing_revision != doc.revision {
        panel.editing = None;
    }
    let ctx = contexts.ctx_mut()?;
    let scene = &doc.scene;
    let unsatisfied = live
        .metrics
        .as_ref()
        .map(|m| m.unsatisfied.clone())
        .unwrap_or_default();
    egui::Window::new(format!(
        "Units & relations ({} / {})",
        scene.units.len(),
        scene.relations.len()
    ))
    .id(egui::Id::new("relations window"))
    .default_open(false)
    // Just right of the tools panel (300 px wide at first), over the 3D view's lower left, so
    // that it hides none of the panel (the design rules, the selection).
    .default_pos([312.0, 420.0])
    .default_width(300.0)
    .show(ctx, |ui| {
        for u in &scene.units {
            ui.label(format!(
                "▣ {}: anchor {}, members {}",
                u.id,
                u.anchor,
                u.members.join(", ")
            ));
        }
        ui.separator();
        let mut delete = None;
        egui::ScrollArea::vertical()
            .id_salt("relations")
            .max_height(300.0)
            .show(ui, |ui| {
                for (i, r) in scene.relations.iter().enumerate() {
                    let held = live.metrics.is_some() && !unsatisfied.contains(&i);
                    ui.horizontal(|ui| {
                        let (mark, color) = if held {
                            ("✔", egui::Color32::from_rgb(40, 170, 80))
                        } else {
                            ("✘", egui::Color32::from_rgb(220, 60, 50))
                        };
                        ui.colored_label(color, mark);
                        let focused = gizmo.only == Some(i);
                        if ui.selectable_label(focused, describe(r)).clicked() {
                            gizmo.only = if focused { None } else { Some(i) };
                            match r.references().first() {
                                Some((_, id)) => selection.set(*id),
                                None => selection.clear(),
                            }
                        }
                        if ui.small_button("edit").clicked() {
                            let text = serde_json::to_string(r).unwrap_or_default();
                            panel.editing = Some((Some(i), text));
                            panel.editing_revision = doc.revision;
                        }
                        if ui
                            .small_button("✖")
                            .on_hover_text("delete and re-solve")
                            .clicked()
                        {
                            delete = Some(i);
                        }
                    });
                }
            });
        if let Some(i) = delete {
            gizmo.only = None;
            edits.write(RelationEdit::Delete(i));
        }
        if ui.button("Add a relation…").clicked() {
            panel.editing = Some((None, NEW_RELATION.to_string()));
        }
        let mut close = false;
        if let Some((which, text)) = &mut panel.editing {
            ui.label(match which {
                Some(i) => format!("relation {} as JSON (DESIGN §4):", *i + 1),
                None => "a new relation as JSON (DESIGN §4):".to_string(),
            });
            ui.add(
                egui::TextEdit::multiline(text)
                    .code_editor()
                    .desired_rows(3),
            );
            ui.horizontal(|ui| {
                if ui.button("Apply and re-solve").clicked() {
                    edits.write(match which {
                        Some(i) => RelationEdit::Replace(*i, text.clone()),
                        None => RelationEdit::Add(text.clone()),
                    });
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        }
        if close {
            panel.editing = None;
            panel.error = None;
        }
        if let Some(e) = &panel.error {
            ui.colored_label(egui::Color32::from_rgb(220, 60, 50), e);
        }
    });
    Ok(())
}
