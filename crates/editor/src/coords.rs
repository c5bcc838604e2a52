//! The one place where the layout frame meets Bevy's (DESIGN §2): layout (x, y, z) with +Z up
//! maps to Bevy (x, z, −y) with +Y up; a yaw `rz` (degrees, counter-clockwise seen from above)
//! maps to a rotation about Bevy's +Y by `rz`.

use bevy::prelude::*;
use relayout_core::scene::Pose;

/// A layout point (metres) in Bevy's frame.
pub fn to_bevy(x: f64, y: f64, z: f64) -> Vec3 {
    Vec3::new(x as f32, z as f32, -(y as f32))
}

/// A Bevy point in the layout frame `(x, y, z)`.
pub fn to_layout(v: Vec3) -> (f64, f64, f64) {
    (v.x as f64, -(v.z as f64), v.y as f64)
}

/// The rotation of a layout yaw (degrees).
pub fn yaw_rotation(rz_deg: f64) -> Quat {
    Quat::from_rotation_y((rz_deg as f32).to_radians())
}

/// The layout yaw (degrees) of a Bevy rotation about +Y.
pub fn rotation_yaw(q: Quat) -> f64 {
    let (yaw, _, _) = q.to_euler(EulerRot::YXZ);
    (yaw as f64).to_degrees()
}

/// The transform of an object's local frame (origin at the footprint's centre, on its bottom).
pub fn pose_transform(p: &Pose) -> Transform {
    Transform::from_translation(to_bevy(p.x, p.y, p.z)).with_rotation(yaw_rotation(p.rz))
}

/// The pose a transform stands for.
pub fn transform_pose(t: &Transform) -> Pose {
    let (x, y, z) = to_layout(t.translation);
    Pose {
        x,
        y,
        z,
        rz: rotation_yaw(t.rotation),
    }
}

/// An object's local direction in Bevy's frame: layout local (x, y, z) → Bevy (x, z, −y). Its
/// front (layout local +Y) is Bevy local −Z.
pub fn local_to_bevy(v: [f64; 3]) -> Vec3 {
    to_bevy(v[0], v[1], v[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_axes_land_on_bevy_axes() {
        assert_eq!(to_bevy(1.0, 0.0, 0.0), Vec3::X);
        assert_eq!(to_bevy(0.0, 1.0, 0.0), -Vec3::Z);
        assert_eq!(to_bevy(0.0, 0.0, 1.0), Vec3::Y);
        let (x, y, z) = to_layout(to_bevy(1.5, -2.0, 0.3));
        assert!((x - 1.5).abs() < 1e-6 && (y + 2.0).abs() < 1e-6 && (z - 0.3).abs() < 1e-6);
    }

    #[test]
    fn yaw_ninety_turns_the_front_to_minus_x() {
        // Front is layout local +Y = Bevy local −Z; at rz = 90° it must face layout −X = Bevy −X.
        let front = yaw_rotation(90.0) * local_to_bevy([0.0, 1.0, 0.0]);
        assert!((front - Vec3::NEG_X).length() < 1e-6, "{front}");
        for rz in [-170.0, -90.0, 0.0, 45.0, 135.0] {
            assert!((rotation_yaw(yaw_rotation(rz)) - rz).abs() < 1e-4);
        }
    }

    #[test]
    fn pose_round_trips_through_a_transform() {
        let p = Pose {
            x: 1.25,
            y: 3.5,
            z: 0.55,
            rz: -90.0,
        };
        let q = transform_pose(&pose_transform(&p));
        assert!((q.x - p.x).abs() < 1e-5 && (q.y - p.y).abs() < 1e-5 && (q.z - p.z).abs() < 1e-5);
        assert!((q.rz - p.rz).abs() < 1e-3);
    }
}
