//! Light for the room: a sun through the ceiling with shadows, and a soft ambient fill.

use bevy::light::GlobalAmbientLight;
use bevy::prelude::*;

/// Adds the lights and the background colour.
pub fn plugin(app: &mut App) {
    app.insert_resource(ClearColor(Color::srgb(0.80, 0.83, 0.87)))
        .insert_resource(GlobalAmbientLight {
            color: Color::WHITE,
            brightness: 600.0,
            ..default()
        })
        .add_systems(Startup, spawn_sun);
}

fn spawn_sun(mut commands: Commands) {
    commands.spawn((
        Name::new("sun"),
        DirectionalLight {
            illuminance: 9_000.0,
            shadow_maps_enabled: true,
            ..default()
        },
        Transform::from_xyz(3.0, 10.0, 4.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
}
