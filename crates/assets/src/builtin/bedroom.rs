//! Beds, nightstand, wardrobe, dresser.

use super::BuiltinModel;
use super::kit::{Kit, SMALL, palette};
use crate::model::Transform;
use crate::primitives;

pub(super) fn models() -> Vec<BuiltinModel> {
    vec![
        BuiltinModel::new(
            "bed_single",
            "Single bed",
            "bed",
            "Single bed, 90 × 200 cm mattress, oak frame with a headboard, one pillow",
            bed("bed_single", 0.90, 2.00, 1),
        ),
        BuiltinModel::new(
            "bed_double",
            "Double bed",
            "bed",
            "Double bed, 140 × 200 cm mattress, oak frame with a headboard, two pillows",
            bed("bed_double", 1.40, 2.00, 2),
        ),
        BuiltinModel::new(
            "bed_queen",
            "Queen bed",
            "bed",
            "Queen bed, 160 × 210 cm mattress, oak frame with a headboard, two pillows",
            bed("bed_queen", 1.60, 2.10, 2),
        ),
        BuiltinModel::new(
            "nightstand",
            "Nightstand",
            "nightstand",
            "Nightstand with two drawers, walnut, 45 × 40 × 55 cm",
            nightstand(),
        ),
        BuiltinModel::new(
            "wardrobe",
            "Wardrobe",
            "wardrobe",
            "Two-door wardrobe, white, 100 × 60 × 200 cm",
            wardrobe(),
        ),
        BuiltinModel::new(
            "dresser",
            "Dresser",
            "dresser",
            "Chest of six drawers on legs, oak, 120 × 50 × 80 cm",
            dresser(),
        ),
    ]
}

/// A bed for a `mw` × `ml` mattress: legs, frame, headboard at the back (−Z), mattress,
/// duvet over the front three quarters, pillows at the head.
fn bed(id: &str, mw: f64, ml: f64, pillows: usize) -> crate::model::Model {
    let mut k = Kit::new(id);
    let wood = k.mat(palette::oak());
    let linen = k.mat(palette::linen());
    let duvet = k.mat(palette::duvet());
    let (hw, frame) = (mw / 2.0 + 0.035, 0.035);
    let (back, front) = (-(ml / 2.0 + frame + 0.03), ml / 2.0 + frame);
    let head = back + 0.06;
    k.square_legs(wood, [-hw, hw], [back, front], 0.02, 0.06, 0.12);
    k.cube("frame", wood, [-hw, 0.12, head], [hw, 0.32, front]);
    k.rounded("headboard", wood, [-hw, 0.0, back], [hw, 1.0, head], 0.02);
    k.rounded(
        "mattress",
        linen,
        [-mw / 2.0, 0.32, head + 0.01],
        [mw / 2.0, 0.54, front - 0.01],
        0.05,
    );
    k.rounded(
        "duvet",
        duvet,
        [-mw / 2.0 - 0.015, 0.40, head + 0.55],
        [mw / 2.0 + 0.015, 0.57, front + 0.01],
        0.04,
    );
    let pw = (mw - 0.1) / pillows as f64;
    for p in 0..pillows {
        let x0 = -mw / 2.0 + 0.05 + p as f64 * pw;
        k.rounded(
            "pillow",
            linen,
            [x0 + 0.02, 0.53, head + 0.08],
            [x0 + pw - 0.02, 0.66, head + 0.45],
            0.05,
        );
    }
    k.finish()
}

fn nightstand() -> crate::model::Model {
    let mut k = Kit::new("nightstand");
    let wood = k.mat(palette::walnut());
    let front = k.mat(palette::oak());
    let brass = k.mat(palette::brass());
    let (w, d) = (0.45, 0.40);
    k.square_legs(
        wood,
        [-w / 2.0, w / 2.0],
        [-d / 2.0, d / 2.0],
        0.01,
        0.04,
        0.10,
    );
    k.cube(
        "body",
        wood,
        [-w / 2.0, 0.10, -d / 2.0],
        [w / 2.0, 0.53, d / 2.0 - 0.01],
    );
    k.rounded(
        "top",
        wood,
        [-w / 2.0 - 0.01, 0.53, -d / 2.0 - 0.01],
        [w / 2.0 + 0.01, 0.55, d / 2.0 + 0.01],
        0.005,
    );
    for (i, (y0, y1)) in [(0.12, 0.31), (0.33, 0.51)].into_iter().enumerate() {
        k.cube(
            &format!("drawer_{i}"),
            front,
            [-w / 2.0 + 0.02, y0, d / 2.0 - 0.01],
            [w / 2.0 - 0.02, y1, d / 2.0 + 0.005],
        );
        knob(&mut k, brass, [0.0, (y0 + y1) / 2.0, d / 2.0 + 0.005]);
    }
    k.finish()
}

/// A round knob sticking out toward +Z from `at`.
pub(super) fn knob(k: &mut Kit, mat: usize, at: [f64; 3]) {
    let mesh = primitives::cylinder(0.014, 0.025, SMALL);
    k.place(
        "knob",
        mat,
        mesh,
        Transform::at(at[0], at[1], at[2] + 0.0125).pitch(90.0),
    );
}

fn wardrobe() -> crate::model::Model {
    let mut k = Kit::new("wardrobe");
    let body = k.mat(palette::white_paint());
    let plinth = k.mat(palette::grey_paint());
    let steel = k.mat(palette::steel());
    let (w, d, h) = (1.0, 0.6, 2.0);
    k.cube(
        "plinth",
        plinth,
        [-w / 2.0 + 0.03, 0.0, -d / 2.0 + 0.03],
        [w / 2.0 - 0.03, 0.08, d / 2.0 - 0.05],
    );
    k.cube(
        "body",
        body,
        [-w / 2.0, 0.08, -d / 2.0],
        [w / 2.0, h - 0.02, d / 2.0 - 0.02],
    );
    k.cube(
        "top",
        body,
        [-w / 2.0 - 0.01, h - 0.02, -d / 2.0],
        [w / 2.0 + 0.01, h, d / 2.0],
    );
    for (i, side) in [-1.0, 1.0].into_iter().enumerate() {
        let (x0, x1) = if side < 0.0 {
            (-w / 2.0 + 0.005, -0.003)
        } else {
            (0.003, w / 2.0 - 0.005)
        };
        k.cube(
            &format!("door_{i}"),
            body,
            [x0, 0.09, d / 2.0 - 0.02],
            [x1, h - 0.03, d / 2.0],
        );
        let x = side * 0.04;
        k.cube(
            &format!("handle_{i}"),
            steel,
            [x - 0.008, 0.9, d / 2.0],
            [x + 0.008, 1.3, d / 2.0 + 0.025],
        );
    }
    k.finish()
}

fn dresser() -> crate::model::Model {
    let mut k = Kit::new("dresser");
    let wood = k.mat(palette::oak());
    let drawer = k.mat(palette::pine());
    let brass = k.mat(palette::brass());
    let (w, d) = (1.2, 0.5);
    k.round_legs(
        wood,
        [-w / 2.0, w / 2.0],
        [-d / 2.0, d / 2.0],
        0.03,
        0.025,
        0.015,
        0.15,
    );
    k.cube(
        "body",
        wood,
        [-w / 2.0, 0.15, -d / 2.0],
        [w / 2.0, 0.77, d / 2.0 - 0.01],
    );
    k.rounded(
        "top",
        wood,
        [-w / 2.0 - 0.015, 0.77, -d / 2.0 - 0.01],
        [w / 2.0 + 0.015, 0.80, d / 2.0 + 0.015],
        0.008,
    );
    for row in 0..3 {
        let y0 = 0.17 + row as f64 * 0.2;
        for (col, (x0, x1)) in [(-w / 2.0 + 0.02, -0.005), (0.005, w / 2.0 - 0.02)]
            .into_iter()
            .enumerate()
        {
            k.cube(
                &format!("drawer_{row}_{col}"),
                drawer,
                [x0, y0, d / 2.0 - 0.01],
                [x1, y0 + 0.18, d / 2.0 + 0.008],
            );
            knob(&mut k, brass, [(x0 + x1) / 2.0, y0 + 0.09, d / 2.0 + 0.008]);
        }
    }
    k.finish()
}
