//! The editing verbs on the keyboard, none of them while a text field has keyboard focus:
//! Delete / Backspace delete the selection (its relations and unit places go in the same undo
//! step), Ctrl+D duplicates it, Ctrl+C / Ctrl+V copy and paste it (a fresh id, beside the
//! original), Escape clears it; Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo; Ctrl+S saves,
//! Ctrl+Shift+S saves as, Ctrl+O opens; F frames the selection; F1 or ? shows every key. Each verb is one undo step.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use relayout_core::scene::{Object, Pose};

use crate::document::SceneDoc;
use crate::edit::Edit;
use crate::messages::{DialogPurpose, DialogRequest, SaveRequest};
use crate::schedule::{EditorSystems, UiSystems};
use crate::selection::Selection;
use crate::status::StatusLog;

/// The editor's own clipboard for furniture (the system clipboard is for text fields).
#[derive(Resource, Default, Debug, Clone)]
pub struct FurnitureClipboard {
    /// The objects copied and where they stood.
    pub items: Vec<(Object, Option<Pose>)>,
}

/// Whether the key help window is open.
#[derive(Resource, Default, Debug)]
pub struct KeyHelp {
    /// Shown.
    pub open: bool,
}

/// Every key, for the help window (and the README).
pub const KEYS: &[(&str, &str)] = &[
    ("click", "select a piece"),
    (
        "Shift+click",
        "add a piece to the selection, or take it out",
    ),
    ("drag on empty floor", "select what the rectangle covers"),
    (
        "drag",
        "move the selection (snaps to walls and the grid; drop a piece onto another to rest it on it)",
    ),
    ("drag the ring handle", "turn it freely (Shift: 15° steps)"),
    ("Q / E", "turn it 15° left / right"),
    ("Delete / Backspace", "delete it (its relations go with it)"),
    ("Ctrl+D", "duplicate it"),
    ("Ctrl+C / Ctrl+V", "copy / paste it (beside the original)"),
    ("Escape", "clear the selection"),
    (
        "F",
        "frame the selection (the room when nothing is selected)",
    ),
    ("Ctrl+Z", "undo"),
    ("Ctrl+Shift+Z / Ctrl+Y", "redo"),
    ("Ctrl+S / Ctrl+Shift+S", "save / save as"),
    ("Ctrl+O", "open"),
    ("T", "top-down / orbit view"),
    (
        "R",
        "room tool: drag corners, split walls, move and resize doors and windows",
    ),
    ("right drag / middle drag / wheel", "orbit / pan / zoom"),
    ("F1 or ?", "this help"),
];

/// Adds the shortcuts and the help window.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    crate::messages::register(app);
    crate::input_focus::register(app);
    app.init_resource::<Selection>()
        .init_resource::<crate::camera_state::OrbitState>()
        .init_resource::<FurnitureClipboard>()
        .init_resource::<KeyHelp>()
        .init_resource::<StatusLog>()
        .init_resource::<ButtonInput<KeyCode>>()
        .add_message::<Edit>()
        .add_systems(Update, shortcuts.in_set(EditorSystems::Input))
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            draw_help.in_set(UiSystems::Windows),
        );
}

#[allow(clippy::too_many_arguments)]
fn shortcuts(
    keys: Res<ButtonInput<KeyCode>>,
    focus: Res<crate::input_focus::UiFocus>,
    doc: Option<Res<SceneDoc>>,
    mut selection: ResMut<Selection>,
    mut clipboard: ResMut<FurnitureClipboard>,
    mut help: ResMut<KeyHelp>,
    mut orbit: ResMut<crate::camera_state::OrbitState>,
    mut log: ResMut<StatusLog>,
    tool: Option<Res<crate::room_handles::RoomTool>>,
    mut out: (
        MessageWriter<Edit>,
        MessageWriter<SaveRequest>,
        MessageWriter<DialogRequest>,
    ),
) {
    if !focus.keys_free() {
        return;
    }
    let ctrl = crate::input_focus::ctrl_held(&keys);
    let shift = crate::input_focus::shift_held(&keys);
    let pressed = |k: KeyCode| keys.just_pressed(k);
    let (edits, saves, dialogs) = &mut out;
    if pressed(KeyCode::F1) || (shift && pressed(KeyCode::Slash)) {
        help.open = !help.open;
    }
    if ctrl && pressed(KeyCode::KeyZ) {
        edits.write(if shift { Edit::Redo } else { Edit::Undo });
        return;
    }
    if ctrl && pressed(KeyCode::KeyY) {
        edits.write(Edit::Redo);
        return;
    }
    if ctrl && pressed(KeyCode::KeyS) {
        if shift {
            dialogs.write(DialogRequest(DialogPurpose::SaveAs));
        } else {
            saves.write(SaveRequest { to: None });
        }
        return;
    }
    if ctrl && pressed(KeyCode::KeyO) {
        dialogs.write(DialogRequest(DialogPurpose::Open));
        return;
    }
    if pressed(KeyCode::Escape) {
        selection.clear();
        return;
    }
    let Some(doc) = doc else { return };
    if !ctrl && pressed(KeyCode::KeyF) {
        // Look at the selected piece from close by; with nothing selected, the whole room.
        let r = &doc.scene.room;
        let (target, distance) = match selection
            .id
            .as_ref()
            .and_then(|id| Some((doc.scene.poses.get(id)?, doc.scene.object_index(id)?)))
        {
            Some((p, i)) => {
                let s = doc.scene.objects[i].size;
                (
                    crate::coords::to_bevy(p.x, p.y, p.z + 0.5 * s[2]),
                    (s[0].hypot(s[1]).hypot(s[2]) * 2.5).max(1.5) as f32,
                )
            }
            None => (
                crate::coords::to_bevy(0.5 * r.width, 0.5 * r.depth, 0.0),
                (r.width.hypot(r.depth) * 1.7).max(4.0) as f32,
            ),
        };
        orbit.target = target;
        orbit.distance = distance;
        return;
    }
    if ctrl && pressed(KeyCode::KeyV) {
        if clipboard.items.is_empty() {
            log.info("nothing to paste: copy a piece first (select it, Ctrl+C)");
            return;
        }
        // Beside the originals where they still stand, else beside where they stood.
        let items: Vec<(Object, Option<Pose>)> = clipboard
            .items
            .iter()
            .map(|(o, p)| (o.clone(), doc.scene.poses.get(&o.id).copied().or(*p)))
            .collect();
        let mut scene = doc.scene.clone();
        let ids = scene.add_copies(&items);
        edits.write(Edit::Replace {
            scene: Box::new(scene),
            label: format!("paste {}", ids.join(", ")),
        });
        selection.set_many(ids);
        return;
    }
    // With the room tool on, Delete is its own (the selected corner or opening).
    if tool.is_some_and(|t| t.enabled) {
        return;
    }
    let delete = pressed(KeyCode::Delete) || pressed(KeyCode::Backspace);
    let duplicate = ctrl && pressed(KeyCode::KeyD);
    let copy = ctrl && pressed(KeyCode::KeyC);
    if !(delete || duplicate || copy) {
        return;
    }
    let ids: Vec<String> = selection
        .all()
        .into_iter()
        .filter(|id| doc.scene.object_index(id).is_some())
        .collect();
    if ids.is_empty() {
        selection.clear();
        log.info("nothing selected: click a piece first");
        return;
    }
    let items: Vec<(Object, Option<Pose>)> = ids
        .iter()
        .filter_map(|id| {
            let i = doc.scene.object_index(id)?;
            Some((
                doc.scene.objects[i].clone(),
                doc.scene.poses.get(id).copied(),
            ))
        })
        .collect();
    let names = ids.join(", ");
    if copy {
        clipboard.items = items;
        log.info(format!("copied {names}"));
        return;
    }
    let mut scene = doc.scene.clone();
    if delete {
        let relations = scene.remove_objects(&ids);
        edits.write(Edit::Replace {
            scene: Box::new(scene),
            label: if relations > 0 {
                format!("delete {names} and {relations} relation(s)")
            } else {
                format!("delete {names}")
            },
        });
        selection.clear();
    } else {
        let new = scene.add_copies(&items);
        edits.write(Edit::Replace {
            scene: Box::new(scene),
            label: format!("duplicate {names} as {}", new.join(", ")),
        });
        selection.set_many(new);
    }
}

fn draw_help(mut contexts: EguiContexts, mut help: ResMut<KeyHelp>) -> Result {
    if !help.open {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let mut open = help.open;
    egui::Window::new("Keys")
        .id(egui::Id::new("key help"))
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::Grid::new("keys grid").striped(true).show(ui, |ui| {
                for (k, what) in KEYS {
                    ui.monospace(*k);
                    ui.label(*what);
                    ui.end_row();
                }
            });
        });
    help.open = open;
    Ok(())
}
