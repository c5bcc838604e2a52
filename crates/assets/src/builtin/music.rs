//! Upright piano, piano bench, music stand.

use super::BuiltinModel;
use super::kit::{Kit, SMALL, palette};
use crate::model::{Model, Transform};
use crate::primitives;

pub(super) fn models() -> Vec<BuiltinModel> {
    vec![
        BuiltinModel::new(
            "piano",
            "Upright piano",
            "piano",
            "Upright piano in black gloss with 88 keys, 152 × 62 × 125 cm",
            piano(),
        ),
        BuiltinModel::new(
            "piano_bench",
            "Piano bench",
            "bench",
            "Piano bench with a padded top, black, 76 × 36 × 48 cm",
            piano_bench(),
        ),
        BuiltinModel::new(
            "music_stand",
            "Music stand",
            "music_stand",
            "Folding music stand on a tripod, black metal, about 120 cm tall",
            music_stand(),
        ),
    ]
}

fn piano() -> Model {
    let mut k = Kit::new("piano");
    let black = k.mat(palette::piano_black());
    let ivory = k.mat(palette::ivory());
    let brass = k.mat(palette::brass());
    let (hw, back) = (0.76, -0.31);
    k.cube("case", black, [-hw, 0.0, back], [hw, 1.23, 0.0]);
    k.rounded(
        "lid",
        black,
        [-hw - 0.01, 1.23, back - 0.01],
        [hw + 0.01, 1.25, 0.03],
        0.006,
    );
    k.cube("knee_board", black, [-0.7, 0.05, 0.0], [0.7, 0.62, 0.04]);
    k.cube("key_bed", black, [-0.7, 0.62, 0.0], [0.7, 0.70, 0.30]);
    for (i, x) in [-hw, hw - 0.08].into_iter().enumerate() {
        k.cube(
            &format!("cheek_{i}"),
            black,
            [x, 0.0, 0.0],
            [x + 0.08, 0.78, 0.31],
        );
    }
    // 52 white keys as one board with a black key over every gap that has one (A0 to C8).
    let keys = 1.40 - 0.04;
    let white_w = keys / 52.0;
    k.cube(
        "white_keys",
        ivory,
        [-keys / 2.0, 0.70, 0.09],
        [keys / 2.0, 0.725, 0.24],
    );
    let black_key = primitives::cuboid([white_w * 0.55, 0.014, 0.09]);
    for i in 0..51 {
        // White keys run A B C D E F G; a black key follows A, C, D, F and G.
        if matches!(i % 7, 0 | 2 | 3 | 5 | 6) {
            let x = -keys / 2.0 + (i + 1) as f64 * white_w;
            k.place(
                "black_key",
                black,
                black_key.clone(),
                Transform::at(x, 0.732, 0.14),
            );
        }
    }
    k.cube("fallboard", black, [-0.7, 0.70, 0.0], [0.7, 0.86, 0.09]);
    let desk = primitives::cuboid([0.6, 0.14, 0.015]);
    k.place(
        "music_desk",
        black,
        desk,
        Transform::at(0.0, 0.95, 0.02).pitch(-12.0),
    );
    for x in [-0.06, 0.0, 0.06] {
        k.cube(
            "pedal",
            brass,
            [x - 0.012, 0.05, 0.04],
            [x + 0.012, 0.065, 0.14],
        );
    }
    k.finish()
}

fn piano_bench() -> Model {
    let mut k = Kit::new("piano_bench");
    let black = k.mat(palette::piano_black());
    let pad = k.mat(palette::leather_brown());
    let (hw, hd) = (0.38, 0.18);
    k.square_legs(black, [-hw, hw], [-hd, hd], 0.02, 0.045, 0.42);
    k.cube("frame", black, [-hw, 0.36, -hd], [hw, 0.44, hd]);
    k.rounded(
        "pad",
        pad,
        [-hw + 0.01, 0.44, -hd + 0.01],
        [hw - 0.01, 0.48, hd - 0.01],
        0.015,
    );
    k.finish()
}

fn music_stand() -> Model {
    let mut k = Kit::new("music_stand");
    let metal = k.mat(palette::black_metal());
    let (r, h): (f64, f64) = (0.26, 0.30);
    let length = (r * r + h * h).sqrt();
    let tilt = (r / h).atan().to_degrees();
    let leg = primitives::cuboid([0.015, length, 0.015]);
    for i in 0..3 {
        let yaw = 120.0 * i as f64;
        let (s, c) = yaw.to_radians().sin_cos();
        k.place(
            "leg",
            metal,
            leg.clone(),
            Transform::at(s * r / 2.0, h / 2.0, c * r / 2.0)
                .yaw(yaw)
                .pitch(-tilt),
        );
    }
    k.cylinder("tube", metal, [0.0, 0.25, 0.0], 0.014, 0.5, SMALL);
    k.cylinder("pole", metal, [0.0, 0.75, 0.0], 0.009, 0.28, SMALL);
    let desk = primitives::cuboid([0.5, 0.34, 0.008]);
    k.place(
        "desk",
        metal,
        desk,
        Transform::at(0.0, 1.05, 0.02).pitch(-20.0),
    );
    let lip = primitives::cuboid([0.5, 0.008, 0.04]);
    k.place(
        "lip",
        metal,
        lip,
        Transform::at(0.0, 0.895, 0.085).pitch(-20.0),
    );
    k.finish()
}
