//! Shared helpers: fixtures, running the pipeline offline, geometry for the "sensible" checks.

use std::path::PathBuf;

use relayout_core::geometry::{Footprint, Frame, RoomShape, Vec2};
use relayout_core::scene::{Scene, parse_scene};
use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::{OfflineBackend, PipelineConfig, Run, generate};

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn fixture(name: &str) -> Scene {
    let text = std::fs::read_to_string(fixture_path(name)).expect("fixture exists");
    parse_scene(&text).expect("fixture is a valid scene")
}

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

pub fn run_offline(scene: &Scene) -> Run {
    block_on(generate(
        scene,
        &OfflineBackend,
        &PipelineConfig::default(),
        &NoProgress,
    ))
}

pub fn footprint(scene: &Scene, id: &str) -> Footprint<f64> {
    let o = &scene.objects[scene.object_index(id).expect("object")];
    let p = scene.poses[id];
    Footprint::new(
        Frame::new(p.x, p.y, p.rz.to_radians()),
        Vec2::cst(0.0, 0.0),
        [o.size[0], o.size[1]],
    )
}

/// Distance from the middle of the object's back edge to the nearest wall.
pub fn back_to_wall(scene: &Scene, id: &str) -> f64 {
    let fp = footprint(scene, id);
    let back = fp.center - fp.v * fp.hy;
    RoomShape::new(&scene.room).boundary_distance(back)
}

/// The object's centre in another object's frame.
pub fn in_frame_of(scene: &Scene, id: &str, of: &str) -> Vec2<f64> {
    let p = scene.poses[of];
    let c = footprint(scene, id).center;
    Frame::new(p.x, p.y, p.rz.to_radians()).to_local(c)
}

/// Yaw difference a − b in degrees, wrapped to (−180, 180].
pub fn yaw_diff(a: f64, b: f64) -> f64 {
    let mut d = (a - b).rem_euclid(360.0);
    if d > 180.0 {
        d -= 360.0;
    }
    d
}

/// Whether the object's front points at the other's centre within `tol_deg`.
pub fn faces(scene: &Scene, id: &str, target: &str, tol_deg: f64) -> bool {
    let fp = footprint(scene, id);
    let t = footprint(scene, target).center;
    let d = t - fp.center;
    let want = (-d.x).atan2(d.y).to_degrees();
    // Ortho facing points square at the target's nearest side, which is within 45° of its centre.
    yaw_diff(scene.poses[id].rz, want).abs() <= tol_deg
}
