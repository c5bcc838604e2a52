//! Fuzzes the scene-document parser and, on every document it accepts, the metrics.
//!
//! `parse_scene` must return `Ok` or `Err` on any text, never panic. When the document is valid
//! and carries a pose for every object (at most 30 of them), `metrics::evaluate` runs on those
//! poses too: it returns a `Result` and must not panic on any valid numbers either.
#![no_main]

use relayout_core::{metrics, scene::parse_scene};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scene) = parse_scene(text) else {
        return;
    };
    if scene.poses.len() == scene.objects.len() && scene.objects.len() <= 30 {
        let _ = metrics::evaluate(&scene, &scene.poses);
    }
});
