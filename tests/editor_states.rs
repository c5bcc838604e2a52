//! States on the furniture itself, end to end under Xvfb: a scene whose sofa overlaps the
//! coffee table shows red on the furniture in the 3D view, whatever draws it (the glTF model
//! hides the box; the state shell around the piece shows the colour).

use std::process::Command;

fn decode(path: &std::path::Path) -> (usize, usize, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width as usize, info.height as usize, buf)
}

fn shoot(
    scene: &serde_json::Value,
    dir: &std::path::Path,
    extra: &[&str],
) -> (usize, usize, Vec<u8>) {
    let path = dir.join("scene.json");
    std::fs::write(&path, scene.to_string()).unwrap();
    let shot = dir.join("shot.png");
    let o = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1400x900x24"])
        .arg(env!("CARGO_BIN_EXE_relayout"))
        .args(["edit", path.to_str().unwrap()])
        .args(["--autosave", dir.join("autosave").to_str().unwrap()])
        .args(["--screenshot", shot.to_str().unwrap(), "--frames", "12"])
        .args(extra)
        .env("XDG_RUNTIME_DIR", dir)
        .output()
        .expect("xvfb-run (scripts/test.sh installs it)");
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    decode(&shot)
}

/// Pixels of the 3D view (right of the panel) for which `keep` holds, on 0..1 channels.
fn count(w: usize, h: usize, px: &[u8], keep: impl Fn(f64, f64, f64) -> bool) -> usize {
    (0..h)
        .flat_map(|y| (320..w).map(move |x| (y * w + x) * 3))
        .filter(|&i| {
            keep(
                px[i] as f64 / 255.0,
                px[i + 1] as f64 / 255.0,
                px[i + 2] as f64 / 255.0,
            )
        })
        .count()
}

/// The collision red.
fn red_pixels(w: usize, h: usize, px: &[u8]) -> usize {
    count(w, h, px, |r, g, b| r > 0.6 && r > 2.0 * g && r > 2.0 * b)
}

/// The selection's light blue, over the room (not the grey-blue sky).
fn blue_pixels(w: usize, h: usize, px: &[u8]) -> usize {
    count(w, h, px, |r, g, b| b > 0.55 && b > r + 0.25 && g > r + 0.1)
}

/// The rotation ring's amber.
fn ring_pixels(w: usize, h: usize, px: &[u8]) -> usize {
    count(w, h, px, |r, g, b| {
        r > 0.7 && (0.42..0.65).contains(&g) && b < 0.3 && r > g + 0.2
    })
}

/// The dimension labels' blue boxes.
fn label_pixels(w: usize, h: usize, px: &[u8]) -> usize {
    let near = |v: f64, c: f64| (v * 255.0 - c).abs() < 14.0;
    count(w, h, px, |r, g, b| {
        near(r, 26.0) && near(g, 89.0) && near(b, 217.0)
    })
}

#[test]
fn an_overlap_shows_red_on_the_furniture_and_the_selection_its_highlight() {
    let dir = tempfile::tempdir().unwrap();
    let solved = dir.path().join("solved.json");
    let o = Command::new(env!("CARGO_BIN_EXE_relayout"))
        .args([
            "solve",
            concat!(env!("CARGO_MANIFEST_DIR"), "/bench/scenes/living_room.json"),
        ])
        .args(["-o", solved.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut scene: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&solved).unwrap()).unwrap();
    // Solved first: nothing is red.
    let (w, h, px) = shoot(&scene, dir.path(), &[]);
    let clean = red_pixels(w, h, &px);
    let clean_blue = blue_pixels(w, h, &px);
    let (clean_ring, clean_labels) = (ring_pixels(w, h, &px), label_pixels(w, h, &px));
    // The selected piece shows its highlight.
    let (w, h, px) = shoot(&scene, dir.path(), &["--select", "sofa-0"]);
    let blue = blue_pixels(w, h, &px);
    assert!(
        blue > clean_blue + 2_000,
        "the selected sofa shows {blue} highlight pixels, {clean_blue} without"
    );
    // Its rotation ring and its dimension lines' labels show too, and only with a selection.
    let (ring, labels) = (ring_pixels(w, h, &px), label_pixels(w, h, &px));
    assert!(
        ring > clean_ring + 300,
        "ring: {ring} pixels selected, {clean_ring} not"
    );
    assert!(
        labels > clean_labels + 300,
        "dimension labels: {labels} pixels selected, {clean_labels} not"
    );
    // The sofa moved onto the coffee table.
    let table = scene["poses"]["coffee-table-0"].clone();
    scene["poses"]["sofa-0"]["x"] = table["x"].clone();
    scene["poses"]["sofa-0"]["y"] = table["y"].clone();
    let (w, h, px) = shoot(&scene, dir.path(), &[]);
    let red = red_pixels(w, h, &px);
    assert!(clean < 50, "the solved room shows {clean} red pixels");
    assert!(
        red > 2_000,
        "the overlap shows only {red} red pixels (clean: {clean})"
    );
}

/// Pixels within 14 of an sRGB colour, in the 3D view.
fn colour_pixels(w: usize, h: usize, px: &[u8], c: [f64; 3]) -> usize {
    let near = |v: f64, c: f64| (v * 255.0 - c).abs() < 14.0;
    count(w, h, px, |r, g, b| {
        near(r, c[0]) && near(g, c[1]) && near(b, c[2])
    })
}

#[test]
fn the_room_tool_draws_its_corners_doors_and_windows_on_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/bench/scenes/bedroom.json"
    ))
    .unwrap();
    let scene: serde_json::Value = serde_json::from_str(&text).unwrap();
    const DOOR: [f64; 3] = [176.0, 112.0, 48.0];
    const WINDOW: [f64; 3] = [40.0, 150.0, 220.0];
    let white = |w, h, px: &[u8]| colour_pixels(w, h, px, [255.0, 255.0, 255.0]);
    // Without the tool (the orbit view): no door or window bars, no white grips.
    let (w, h, px) = shoot(&scene, dir.path(), &[]);
    let off = (
        colour_pixels(w, h, &px, DOOR),
        colour_pixels(w, h, &px, WINDOW),
        white(w, h, &px),
    );
    // With it: the plan from above, the bedroom's one door (brown) and one window (blue) as
    // bars along their walls, four corners and four `+` as white marks, two grips per opening.
    let (w, h, px) = shoot(&scene, dir.path(), &["--room-tool"]);
    let on = (
        colour_pixels(w, h, &px, DOOR),
        colour_pixels(w, h, &px, WINDOW),
        white(w, h, &px),
    );
    assert!(
        on.0 > off.0 + 150,
        "door bar: {} pixels on, {} off",
        on.0,
        off.0
    );
    assert!(
        on.1 > off.1 + 250,
        "window bar: {} pixels on, {} off",
        on.1,
        off.1
    );
    assert!(
        on.2 > off.2 + 8 * 40,
        "corner and grip marks: {} on, {} off",
        on.2,
        off.2
    );
    // The window (1.4 m) is drawn longer than the door (0.9 m): the bars follow the openings.
    assert!(on.1 > on.0, "window {} vs door {} pixels", on.1, on.0);
}
