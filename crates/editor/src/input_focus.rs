//! Who has the keyboard and the pointer: egui's text fields and windows first. Every shortcut
//! and every pick of the furniture asks [`UiFocus`], so typing "queen bed" into a text box
//! never turns the selected sofa, and a click on a window never selects the piece behind it.

use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;

/// What the UI holds this frame (egui's answer of the last frame; set by hand in tests).
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct UiFocus {
    /// A text field has keyboard focus: no shortcut acts.
    pub keyboard: bool,
    /// The pointer is over a window or panel, or drags in one: no pick, no drag in the view.
    pub pointer: bool,
}

impl UiFocus {
    /// Whether keys are free for shortcuts.
    pub fn keys_free(&self) -> bool {
        !self.keyboard
    }

    /// Whether the pointer is free for the 3D view.
    pub fn pointer_free(&self) -> bool {
        !self.pointer
    }
}

/// Whether Ctrl (or the platform's command key, Super) is held.
pub fn ctrl_held(keys: &ButtonInput<KeyCode>) -> bool {
    keys.any_pressed([
        KeyCode::ControlLeft,
        KeyCode::ControlRight,
        KeyCode::SuperLeft,
        KeyCode::SuperRight,
    ])
}

/// Whether either Shift is held.
pub fn shift_held(keys: &ButtonInput<KeyCode>) -> bool {
    keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight])
}

/// Adds [`UiFocus`] and keeps it up to date from egui (idempotent; every plugin that reads it
/// calls this).
pub fn register(app: &mut App) {
    if app.world().contains_resource::<UiFocus>() {
        return;
    }
    app.init_resource::<UiFocus>()
        .add_systems(PreUpdate, follow_egui);
}

fn follow_egui(egui: Option<Res<EguiWantsInput>>, mut focus: ResMut<UiFocus>) {
    let Some(e) = egui else { return };
    let now = UiFocus {
        keyboard: e.wants_keyboard_input(),
        // Over a window or panel, or dragging a widget. Not `wants_pointer_input`: egui wants
        // the click that takes the focus from a text field, and that click should still select
        // the piece under it.
        pointer: e.is_pointer_over_area() || e.is_using_pointer(),
    };
    if *focus != now {
        *focus = now;
    }
}
