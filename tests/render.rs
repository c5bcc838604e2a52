//! `relayout render` end to end, with no display: the judge views are written, and their pixels
//! show the room and the objects where the fixed cameras project them.

use std::path::Path;
use std::process::Command;

fn relayout(args: &[&str]) -> std::process::Output {
    let runtime = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_relayout"))
        .args(args)
        .env("XDG_RUNTIME_DIR", runtime.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run relayout")
}

struct Rgb {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

impl Rgb {
    fn load(path: &Path) -> Rgb {
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb, "{}", path.display());
        buf.truncate(info.buffer_size());
        Rgb {
            w: info.width as usize,
            h: info.height as usize,
            px: buf,
        }
    }
    fn at(&self, u: usize, v: usize) -> [f64; 3] {
        let i = (v * self.w + u) * 3;
        [
            self.px[i] as f64 / 255.0,
            self.px[i + 1] as f64 / 255.0,
            self.px[i + 2] as f64 / 255.0,
        ]
    }
    /// Mean colour of a small square around a pixel (robust to grid lines and edges).
    fn around(&self, u: f64, v: f64) -> [f64; 3] {
        let mut s = [0.0; 3];
        let mut n = 0.0;
        for dv in -2..=2 {
            for du in -2..=2 {
                let p = self.at(
                    (u as i64 + du).clamp(0, self.w as i64 - 1) as usize,
                    (v as i64 + dv).clamp(0, self.h as i64 - 1) as usize,
                );
                for k in 0..3 {
                    s[k] += p[k];
                }
                n += 1.0;
            }
        }
        s.map(|c| c / n)
    }
    fn luminance_spread(&self) -> f64 {
        let lum: Vec<f64> = self
            .px
            .chunks(3)
            .map(|c| 0.3 * c[0] as f64 + 0.6 * c[1] as f64 + 0.1 * c[2] as f64)
            .collect();
        let mean = lum.iter().sum::<f64>() / lum.len() as f64;
        (lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / lum.len() as f64).sqrt()
    }
}

#[test]
fn judge_views_show_the_objects_where_the_cameras_project_them() {
    let dir = tempfile::tempdir().unwrap();
    let solved = dir.path().join("bedroom.json");
    let scene = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/scenes/bedroom.json");
    let o = relayout(&["solve", scene, "-o", solved.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.path().join("views");
    let o = relayout(&[
        "render",
        solved.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--size",
        "256",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success(),
        "render failed:\n{}\n{stderr}",
        String::from_utf8_lossy(&o.stdout)
    );
    for name in ["top", "front_left", "back_right"] {
        let img = Rgb::load(&out.join(format!("{name}.png")));
        assert_eq!((img.w, img.h), (256, 256));
        assert!(img.luminance_spread() > 12.0, "{name} is nearly uniform");
    }

    // The top view is orthographic, centred on the room, `1.08 × max(W, D)` metres across, with
    // layout +Y up the image: every layout point has a known pixel.
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&solved).unwrap()).unwrap();
    let (w, d) = (
        doc["room"]["width"].as_f64().unwrap(),
        doc["room"]["depth"].as_f64().unwrap(),
    );
    let span = w.max(d) * 1.08;
    let n = 256.0;
    let pixel = |x: f64, y: f64| {
        (
            (x - w / 2.0) / span * n + n / 2.0,
            n / 2.0 - (y - d / 2.0) / span * n,
        )
    };
    let top = Rgb::load(&out.join("top.png"));
    let bed = &doc["poses"]["bed-0"];
    let (u, v) = pixel(bed["x"].as_f64().unwrap(), bed["y"].as_f64().unwrap());
    let c = top.around(u, v);
    assert!(
        c[2] > c[0] + 0.1,
        "the bed (blue) should be at ({u:.0}, {v:.0}), found {c:?}"
    );
    // Find a floor point at least 40 cm from every object and check it is floor-coloured (warm).
    let objects = doc["objects"].as_array().unwrap();
    let clear = (1..20)
        .flat_map(|i| (1..20).map(move |j| (w * i as f64 / 20.0, d * j as f64 / 20.0)))
        .find(|&(x, y)| {
            objects.iter().all(|o| {
                let p = &doc["poses"][o["id"].as_str().unwrap()];
                let r = o["size"][0]
                    .as_f64()
                    .unwrap()
                    .hypot(o["size"][1].as_f64().unwrap())
                    / 2.0
                    + 0.4;
                (p["x"].as_f64().unwrap() - x).hypot(p["y"].as_f64().unwrap() - y) > r
            })
        })
        .expect("some free floor");
    let (u, v) = pixel(clear.0, clear.1);
    let f = top.around(u, v);
    assert!(
        f[0] > f[2] && f[0] > 0.35,
        "free floor at ({u:.0}, {v:.0}) should be warm, found {f:?}"
    );
    // Outside the room, beyond its walls: the background, which is cool.
    let bg = top.around(1.0, 1.0);
    assert!(bg[2] > bg[0], "background should be cool, found {bg:?}");
}

#[test]
fn render_refuses_a_bad_scene_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not json").unwrap();
    let o = relayout(&[
        "render",
        bad.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.json"));
}

/// Mean absolute difference of two images' channels, 0–1.
fn mean_difference(a: &Rgb, b: &Rgb) -> f64 {
    assert_eq!((a.w, a.h), (b.w, b.h));
    let sum: u64 =
        a.px.iter()
            .zip(&b.px)
            .map(|(x, y)| x.abs_diff(*y) as u64)
            .sum();
    sum as f64 / a.px.len() as f64 / 255.0
}

#[test]
fn several_scenes_render_on_one_warm_worker_as_each_would_alone() {
    let dir = tempfile::tempdir().unwrap();
    let solve = |name: &str| {
        let solved = dir.path().join(format!("{name}.json"));
        let scene = format!("{}/bench/scenes/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let o = relayout(&["solve", &scene, "-o", solved.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        solved.to_str().unwrap().to_string()
    };
    // A bigger room with more furniture first: nothing of it may be left in the next render.
    let (living, bedroom) = (solve("living_room"), solve("bedroom"));
    let pooled = dir.path().join("pooled");
    let o = relayout(&[
        "render",
        &living,
        &bedroom,
        &living,
        "--out",
        pooled.to_str().unwrap(),
        "--size",
        "128",
        "--workers",
        "1",
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout.contains("rendered 3 of 3 scenes")
            && stdout.contains("1 warm workers started, 0 replaced"),
        "{stdout}"
    );
    let cold = dir.path().join("cold");
    let o = relayout(&[
        "render",
        &bedroom,
        "--out",
        cold.to_str().unwrap(),
        "--size",
        "128",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in ["top", "front_left", "back_right"] {
        let warm = Rgb::load(&pooled.join("bedroom").join(format!("{name}.png")));
        let alone = Rgb::load(&cold.join(format!("{name}.png")));
        let d = mean_difference(&warm, &alone);
        assert!(
            d < 0.01,
            "{name}: the warm render differs from a cold one by {d:.4}"
        );
        // The living room's views are another room altogether.
        let living = Rgb::load(&pooled.join("living_room").join(format!("{name}.png")));
        assert!(mean_difference(&living, &alone) > 0.03, "{name}");
    }
    // The same scene twice, with another between, renders the same.
    for name in ["top", "front_left"] {
        let first = Rgb::load(&pooled.join("living_room").join(format!("{name}.png")));
        let again = Rgb::load(&pooled.join("living_room-2").join(format!("{name}.png")));
        assert!(mean_difference(&first, &again) < 0.01, "{name}");
    }
}

#[test]
fn a_bad_scene_among_several_is_reported_before_anything_renders() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, r#"{"schema":"relayout.scene/1","room":{"width":-1}}"#).unwrap();
    let good = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/scenes/bedroom.json");
    let out = dir.path().join("views");
    let o = relayout(&[
        "render",
        good,
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("broken.json"));
    assert!(!out.exists(), "nothing is rendered when an input is bad");
}
