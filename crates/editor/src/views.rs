//! Everything that draws a scene document, shared by the editor window and headless rendering.

use bevy::prelude::*;

use crate::status::StatusLog;

/// Adds the floor, lighting, room, furniture, models and judge views.
pub fn plugin(app: &mut App) {
    app.init_resource::<StatusLog>().add_plugins((
        crate::floor_grid::plugin,
        crate::lighting::plugin,
        crate::room_view::plugin,
        crate::furniture::plugin,
        crate::models::plugin,
        crate::judge_views::plugin,
    ));
}
