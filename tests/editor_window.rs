//! The editor end to end in a virtual X display (Xvfb) with Mesa's software Vulkan: it opens a
//! scene, draws, saves a screenshot of its window and closes; the pixels show the panel on the
//! left, the floor and the relation gizmos in the 3D view.

use std::process::Command;

fn decode(path: &std::path::Path) -> (usize, usize, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width as usize, info.height as usize, buf)
}

#[test]
fn editor_window_shows_panel_floor_and_gizmos() {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        panic!("xvfb-run is missing: scripts/test.sh installs it (apt-get install xvfb)");
    }
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("editor.png");
    let scene = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/scenes/bedroom.json");
    let o = Command::new("xvfb-run")
        .args([
            "-a",
            "-s",
            "-screen 0 1400x900x24",
            env!("CARGO_BIN_EXE_relayout"),
            "edit",
            scene,
        ])
        .args(["--autosave", dir.path().join("autosave").to_str().unwrap()])
        .args(["--screenshot", shot.to_str().unwrap(), "--frames", "12"])
        .env("XDG_RUNTIME_DIR", dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("time to first frame"), "{stdout}");
    let (w, h, px) = decode(&shot);
    assert_eq!((w, h), (1400, 900));
    let at = |x: usize, y: usize| {
        let i = (y * w + x) * 3;
        [
            px[i] as f64 / 255.0,
            px[i + 1] as f64 / 255.0,
            px[i + 2] as f64 / 255.0,
        ]
    };
    // The panel: egui's dark theme fills the left strip below its buttons (the windows open
    // beside the panel, over the 3D view, and hide none of it).
    let mut dark = 0;
    for y in (830..890).step_by(10) {
        for x in (10..250).step_by(10) {
            let c = at(x, y);
            if c[0] + c[1] + c[2] < 0.5 {
                dark += 1;
            }
        }
    }
    assert!(
        dark > 130,
        "the left panel should be dark, {dark} of 144 samples were"
    );
    // The Instruction window lists what the reader understood of the scene's instruction, in
    // green (the bedroom's "the queen bed's head against the left wall…").
    let mut understood = 0;
    for y in 580..760 {
        for x in 312..640 {
            let c = at(x, y);
            if c[1] > 0.6 && c[1] > c[0] + 0.2 && c[1] > c[2] + 0.15 {
                understood += 1;
            }
        }
    }
    assert!(
        understood > 300,
        "the understood phrases in green: {understood} pixels"
    );
    // The 3D view: warm floor pixels, and green relation gizmos (every relation holds).
    let (mut floor, mut green) = (0, 0);
    for y in 0..h {
        for x in 320..w {
            if x < 650 && y > 540 {
                continue; // the Instruction window, whose understood phrases are green too
            }
            let c = at(x, y);
            if c[0] > c[2] + 0.05 && c[0] > 0.6 {
                floor += 1;
            }
            if c[1] > c[0] + 0.3 && c[1] > c[2] + 0.3 {
                green += 1;
            }
        }
    }
    assert!(floor > 5_000, "too little floor in view: {floor} px");
    assert!(green > 30, "no relation gizmos drawn: {green} px");
    // No red: nothing collides in the solved bedroom.
    let red = (0..h)
        .flat_map(|y| (320..w).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let c = at(x, y);
            c[0] > 0.75 && c[1] < 0.3 && c[2] < 0.3
        });
    assert_eq!(red.count(), 0, "something is painted as colliding");
}

#[test]
fn without_a_display_the_editor_says_what_to_do_instead_of_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_relayout"))
        .args([
            "edit",
            "--autosave",
            dir.path().join("autosave").to_str().unwrap(),
        ])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_RUNTIME_DIR", dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no X display") && stderr.contains("relayout render"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A recorded run replayed in the editor: the run window shows the timeline and the cognitive
/// maps, with the conflict of the first iteration in red.
#[test]
fn a_replayed_trace_shows_its_maps_with_the_conflict_in_red() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("run.json");
    let scene = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/scenes/bedroom.json");
    let o = Command::new(env!("CARGO_BIN_EXE_relayout"))
        .args(["generate", scene, "-o"])
        .arg(dir.path().join("out.json"))
        .arg("--trace")
        .arg(&trace)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The offline planner revises nothing in this room: give its first map a conflict, as an
    // LLM's first imagination has.
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&trace).unwrap()).unwrap();
    v["iterations"][0]["conflicts"] = serde_json::json!([{
        "kind": "overlap", "objects": ["bed-0", "wardrobe-0"], "depth_m": 0.3,
        "message": "bed-0 and wardrobe-0 overlap by 30 cm"
    }]);
    std::fs::write(&trace, v.to_string()).unwrap();
    let shot = dir.path().join("run.png");
    let o = Command::new("xvfb-run")
        .args([
            "-a",
            "-s",
            "-screen 0 1400x900x24",
            env!("CARGO_BIN_EXE_relayout"),
        ])
        .args(["edit", "--trace", trace.to_str().unwrap()])
        .args(["--autosave", dir.path().join("autosave").to_str().unwrap()])
        .args(["--screenshot", shot.to_str().unwrap(), "--frames", "12"])
        .env("XDG_RUNTIME_DIR", dir.path())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let (w, h, px) = decode(&shot);
    assert_eq!((w, h), (1400, 900));
    // The run window is on the right: count the maps' light background and the conflict red
    // (the bed's and the wardrobe's footprints) there.
    let (mut paper, mut red) = (0, 0);
    for y in 0..h {
        for x in 830..w {
            let i = (y * w + x) * 3;
            let (r, g, b) = (px[i] as i32, px[i + 1] as i32, px[i + 2] as i32);
            if r == 245 && g == 245 && b == 245 {
                paper += 1;
            }
            // The conflict fill, (236, 112, 104).
            if (r - 236).abs() <= 8 && (g - 112).abs() <= 8 && (b - 104).abs() <= 8 {
                red += 1;
            }
        }
    }
    assert!(paper > 30_000, "the maps' background: {paper} pixels");
    assert!(red > 3_000, "the conflict's red footprints: {red} pixels");
}
