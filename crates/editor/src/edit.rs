//! Edits to the document as messages (from the mouse, the keyboard, the panels or a test), applied
//! in one place with undo and redo. Each applied edit snapshots the scene before it.

use bevy::prelude::*;
use relayout_core::scene::{Pose, RoomEdit, Scene};

use crate::document::SceneDoc;
use crate::schedule::EditorSystems;
use crate::status::StatusLog;

/// An edit to the open scene.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum Edit {
    /// Put an object at a pose. `merge` joins it to the previous undo step (a drag in progress).
    SetPose {
        /// Object id.
        id: String,
        /// New pose.
        pose: Pose,
        /// Part of the same gesture as the previous edit.
        merge: bool,
    },
    /// Put several objects at poses at once (a multi-selection moved or turned, what rides on a
    /// piece moved with it). `merge` as for `SetPose`.
    SetPoses {
        /// Object ids and their new poses.
        poses: Vec<(String, Pose)>,
        /// Part of the same gesture as the previous edit.
        merge: bool,
    },
    /// Replace the whole scene as the end of the open gesture (a drop onto another piece ends
    /// a drag): one undo step with the drag. Without an open gesture, as `Replace`.
    FinishGesture {
        /// The new scene.
        scene: Box<Scene>,
        /// What it was, for the status line.
        label: String,
    },
    /// Close the open gesture (a drag ended): the next gesture is an undo step of its own.
    EndGesture,
    /// Turn an object by degrees (counter-clockwise).
    Rotate {
        /// Object id.
        id: String,
        /// Degrees.
        by: f64,
    },
    /// Replace the whole scene (a solve, a relation edit, an opened file keeps its own history).
    Replace {
        /// The new scene.
        scene: Box<Scene>,
        /// What it was, for the status line.
        label: String,
    },
    /// Change the room (size, an opening, a corner). Refused edits leave the scene as it was and
    /// say why in the messages; pieces left outside are named there. `merge` as for `SetPose`
    /// (a corner or an opening being dragged).
    Room {
        /// The change.
        edit: RoomEdit,
        /// Part of the same gesture as the previous edit.
        merge: bool,
    },
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
}

/// Undo and redo stacks of whole scenes (scenes are small; snapshots are simple and exact).
#[derive(Resource, Default, Debug)]
pub struct History {
    /// Scenes before each edit, newest last.
    pub undo: Vec<Scene>,
    /// Scenes undone, newest last.
    pub redo: Vec<Scene>,
    /// A gesture (drag) is open: `SetPose { merge: true }` extends the last step.
    gesture_open: bool,
}

/// Most undo steps kept.
pub const UNDO_LIMIT: usize = 200;

/// Adds edits and history.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    app.add_message::<Edit>()
        .init_resource::<History>()
        .init_resource::<StatusLog>()
        .add_systems(Update, apply_edits.in_set(EditorSystems::ApplyEdits));
}

/// Applies every pending edit to the document.
pub fn apply_edits(
    mut edits: MessageReader<Edit>,
    doc: Option<ResMut<SceneDoc>>,
    mut history: ResMut<History>,
    mut log: ResMut<StatusLog>,
) {
    let Some(mut doc) = doc else {
        edits.clear();
        return;
    };
    for edit in edits.read() {
        match edit {
            Edit::SetPose { id, pose, merge } => {
                if doc.scene.object_index(id).is_none() || !pose_is_finite(pose) {
                    continue;
                }
                if !(*merge && history.gesture_open) {
                    push_undo(&mut history, &doc.scene);
                }
                history.gesture_open = *merge;
                doc.scene.poses.insert(id.clone(), *pose);
                doc.touch();
            }
            Edit::SetPoses { poses, merge } => {
                let poses: Vec<&(String, Pose)> = poses
                    .iter()
                    .filter(|(id, p)| doc.scene.object_index(id).is_some() && pose_is_finite(p))
                    .collect();
                if poses.is_empty() {
                    continue;
                }
                if !(*merge && history.gesture_open) {
                    push_undo(&mut history, &doc.scene);
                }
                history.gesture_open = *merge;
                for (id, p) in poses {
                    doc.scene.poses.insert(id.clone(), *p);
                }
                doc.touch();
            }
            Edit::FinishGesture { scene, .. } => {
                if !history.gesture_open {
                    push_undo(&mut history, &doc.scene);
                }
                history.gesture_open = false;
                doc.scene = (**scene).clone();
                doc.touch();
            }
            Edit::EndGesture => history.gesture_open = false,
            Edit::Room { edit, merge } => {
                let before = doc.scene.clone();
                let outside_before = before.objects_outside();
                match doc.scene.edit_room(edit) {
                    Ok(out) => {
                        if !(*merge && history.gesture_open) {
                            push_undo(&mut history, &before);
                        }
                        history.gesture_open = *merge;
                        doc.touch();
                        let newly: Vec<&String> = out
                            .outside
                            .iter()
                            .filter(|id| !outside_before.contains(id))
                            .collect();
                        if !newly.is_empty() {
                            let ids: Vec<&str> = newly.iter().map(|s| s.as_str()).collect();
                            log.error(format!(
                                "now outside the room (not moved; drag them back in or undo): {}",
                                ids.join(", ")
                            ));
                        }
                    }
                    // A refused drag step is not worth a message per frame: only the first.
                    Err(e) => {
                        if log.lines.last().is_none_or(|l| l.text != e.to_string()) {
                            log.error(e.to_string());
                        }
                    }
                }
            }
            Edit::Rotate { id, by } => {
                let Some(mut pose) = doc.scene.poses.get(id).copied() else {
                    continue;
                };
                push_undo(&mut history, &doc.scene);
                history.gesture_open = false;
                pose.rz = wrap_degrees(pose.rz + by);
                doc.scene.poses.insert(id.clone(), pose);
                doc.touch();
            }
            Edit::Replace { scene, .. } => {
                push_undo(&mut history, &doc.scene);
                history.gesture_open = false;
                doc.scene = (**scene).clone();
                doc.touch();
            }
            Edit::Undo => {
                if let Some(prev) = history.undo.pop() {
                    let now = std::mem::replace(&mut doc.scene, prev);
                    history.redo.push(now);
                    history.gesture_open = false;
                    doc.touch();
                }
            }
            Edit::Redo => {
                if let Some(next) = history.redo.pop() {
                    let now = std::mem::replace(&mut doc.scene, next);
                    history.undo.push(now);
                    history.gesture_open = false;
                    doc.touch();
                }
            }
        }
    }
}

fn push_undo(history: &mut History, scene: &Scene) {
    history.undo.push(scene.clone());
    if history.undo.len() > UNDO_LIMIT {
        history.undo.remove(0);
    }
    history.redo.clear();
}

fn pose_is_finite(p: &Pose) -> bool {
    p.x.is_finite() && p.y.is_finite() && p.z.is_finite() && p.rz.is_finite()
}

/// Degrees wrapped into (−180, 180].
pub fn wrap_degrees(d: f64) -> f64 {
    let r = (d + 180.0).rem_euclid(360.0) - 180.0;
    if r <= -180.0 { 180.0 } else { r }
}
