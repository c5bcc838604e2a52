//! Bathtub, toilet, washbasin.

use super::BuiltinModel;
use super::kit::{Kit, ROUND, SMALL, palette};
use crate::model::{Model, Transform};
use crate::primitives;

pub(super) fn models() -> Vec<BuiltinModel> {
    vec![
        BuiltinModel::new(
            "bathtub",
            "Bathtub",
            "bathtub",
            "Built-in rectangular bathtub with a chrome spout at the left end, 170 × 75 cm",
            bathtub(),
        ),
        BuiltinModel::new(
            "toilet",
            "Toilet",
            "toilet",
            "Close-coupled toilet with a cistern at the back and an oval bowl and seat",
            toilet(),
        ),
        BuiltinModel::new(
            "washbasin",
            "Washbasin",
            "washbasin",
            "Pedestal washbasin with an oval bowl and a chrome tap, 60 × 45 cm",
            washbasin(),
        ),
    ]
}

fn bathtub() -> Model {
    let mut k = Kit::new("bathtub");
    let white = k.mat(palette::porcelain());
    let chrome = k.mat(palette::chrome());
    let (hw, hd, h, t) = (0.85, 0.375, 0.56, 0.08);
    k.rounded("bottom", white, [-hw, 0.0, -hd], [hw, 0.12, hd], 0.02);
    k.rounded(
        "wall_left",
        white,
        [-hw, 0.0, -hd],
        [-hw + 2.0 * t, h, hd],
        0.03,
    );
    k.rounded("wall_right", white, [hw - t, 0.0, -hd], [hw, h, hd], 0.03);
    k.rounded("wall_back", white, [-hw, 0.0, -hd], [hw, h, -hd + t], 0.03);
    k.rounded("wall_front", white, [-hw, 0.0, hd - t], [hw, h, hd], 0.03);
    k.cylinder("tap", chrome, [-hw + 0.08, h, 0.0], 0.022, 0.07, SMALL);
    k.cube(
        "spout",
        chrome,
        [-hw + 0.08, h + 0.045, -0.014],
        [-hw + 0.22, h + 0.07, 0.014],
    );
    k.finish()
}

fn toilet() -> Model {
    let mut k = Kit::new("toilet");
    let white = k.mat(palette::porcelain());
    let chrome = k.mat(palette::chrome());
    let oval = [1.0, 1.0, 1.3];
    let bowl = primitives::lathe(
        &[
            [0.0, 0.0],
            [0.11, 0.0],
            [0.12, 0.14],
            [0.165, 0.36],
            [0.175, 0.39],
            [0.135, 0.39],
            [0.07, 0.24],
            [0.0, 0.24],
        ],
        ROUND,
        true,
    );
    let z = 0.35 - 0.175 * oval[2];
    k.place(
        "bowl",
        white,
        primitives::scaled(bowl, oval),
        Transform::at(0.0, 0.0, z),
    );
    let seat = primitives::lathe(
        &[
            [0.105, 0.0],
            [0.178, 0.0],
            [0.178, 0.025],
            [0.105, 0.025],
            [0.105, 0.0],
        ],
        ROUND,
        false,
    );
    k.place(
        "seat",
        white,
        primitives::scaled(seat, oval),
        Transform::at(0.0, 0.39, z),
    );
    k.rounded(
        "cistern",
        white,
        [-0.19, 0.40, -0.35],
        [0.19, 0.78, -0.16],
        0.03,
    );
    k.rounded(
        "cistern_foot",
        white,
        [-0.1, 0.2, -0.33],
        [0.1, 0.41, -0.12],
        0.02,
    );
    k.cylinder(
        "flush_button",
        chrome,
        [0.0, 0.78, -0.255],
        0.025,
        0.01,
        SMALL,
    );
    k.finish()
}

fn washbasin() -> Model {
    let mut k = Kit::new("washbasin");
    let white = k.mat(palette::porcelain());
    let chrome = k.mat(palette::chrome());
    let oval = [1.0, 1.0, 0.75];
    k.frustum(
        "pedestal",
        white,
        [0.0, 0.0, -0.04],
        0.10,
        0.075,
        0.70,
        ROUND,
    );
    let bowl = primitives::lathe(
        &[
            [0.0, 0.66],
            [0.12, 0.66],
            [0.27, 0.78],
            [0.30, 0.84],
            [0.265, 0.84],
            [0.2, 0.72],
            [0.0, 0.72],
        ],
        ROUND,
        true,
    );
    k.place(
        "basin",
        white,
        primitives::scaled(bowl, oval),
        Transform::default(),
    );
    k.cylinder("tap", chrome, [0.0, 0.80, -0.18], 0.018, 0.12, SMALL);
    k.cube("spout", chrome, [-0.012, 0.90, -0.18], [0.012, 0.92, -0.07]);
    k.finish()
}
