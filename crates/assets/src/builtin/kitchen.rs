//! Kitchen counter, fridge, stove.

use super::BuiltinModel;
use super::kit::{Kit, SMALL, palette};
use crate::model::{Model, Transform};
use crate::primitives;

pub(super) fn models() -> Vec<BuiltinModel> {
    vec![
        BuiltinModel::new(
            "kitchen_counter",
            "Kitchen counter",
            "kitchen_counter",
            "Base cabinets with three doors, a stone worktop and an inset sink, 180 × 60 × 90 cm",
            kitchen_counter(),
        ),
        BuiltinModel::new(
            "fridge",
            "Fridge",
            "fridge",
            "Fridge-freezer, freezer drawer below, stainless steel, 70 × 70 × 180 cm",
            fridge(),
        ),
        BuiltinModel::new(
            "stove",
            "Stove",
            "stove",
            "Freestanding cooker: four-zone glass hob, oven with a window, knobs, 60 × 60 × 90 cm",
            stove(),
        ),
    ]
}

fn kitchen_counter() -> Model {
    let mut k = Kit::new("kitchen_counter");
    let body = k.mat(palette::white_paint());
    let plinth = k.mat(palette::grey_paint());
    let stone = k.mat(palette::stone());
    let steel = k.mat(palette::steel());
    let dark = k.mat(palette::black_metal());
    let (hw, hd) = (0.9, 0.3);
    k.cube("plinth", plinth, [-hw, 0.0, -hd], [hw, 0.10, hd - 0.06]);
    k.cube("cabinet", body, [-hw, 0.10, -hd], [hw, 0.86, hd - 0.02]);
    let doors = [(-hw + 0.003, -0.303), (-0.297, 0.297), (0.303, hw - 0.003)];
    for (i, (x0, x1)) in doors.into_iter().enumerate() {
        k.cube(
            &format!("door_{i}"),
            body,
            [x0, 0.11, hd - 0.02],
            [x1, 0.85, hd],
        );
        let x = if i == 2 { x0 + 0.04 } else { x1 - 0.04 };
        k.cube(
            &format!("handle_{i}"),
            steel,
            [x - 0.006, 0.62, hd],
            [x + 0.006, 0.80, hd + 0.025],
        );
    }
    k.cube("worktop", stone, [-hw, 0.86, -hd], [hw, 0.90, hd]);
    k.cube("sink_rim", steel, [-0.6, 0.90, -0.22], [-0.1, 0.902, 0.2]);
    k.cube(
        "sink_basin",
        dark,
        [-0.57, 0.902, -0.19],
        [-0.13, 0.903, 0.17],
    );
    k.finish()
}

fn fridge() -> Model {
    let mut k = Kit::new("fridge");
    let steel = k.mat(palette::steel());
    let dark = k.mat(palette::black_plastic());
    let chrome = k.mat(palette::chrome());
    let (hw, hd) = (0.35, 0.35);
    k.cube(
        "feet",
        dark,
        [-hw + 0.03, 0.0, -hd + 0.03],
        [hw - 0.03, 0.02, hd - 0.08],
    );
    k.rounded("body", steel, [-hw, 0.02, -hd], [hw, 1.8, hd - 0.05], 0.02);
    k.rounded(
        "freezer_door",
        steel,
        [-hw + 0.005, 0.03, hd - 0.05],
        [hw - 0.005, 0.62, hd - 0.02],
        0.012,
    );
    k.rounded(
        "fridge_door",
        steel,
        [-hw + 0.005, 0.635, hd - 0.05],
        [hw - 0.005, 1.79, hd - 0.02],
        0.012,
    );
    k.rounded(
        "freezer_handle",
        chrome,
        [-0.2, 0.54, hd - 0.02],
        [0.2, 0.565, hd],
        0.006,
    );
    k.rounded(
        "fridge_handle",
        chrome,
        [hw - 0.06, 0.8, hd - 0.02],
        [hw - 0.035, 1.3, hd],
        0.006,
    );
    k.finish()
}

fn stove() -> Model {
    let mut k = Kit::new("stove");
    let body = k.mat(palette::white_paint());
    let glass = k.mat(palette::screen());
    let ring = k.mat(palette::black_metal());
    let chrome = k.mat(palette::chrome());
    let knob = k.mat(palette::black_plastic());
    let (hw, hd) = (0.3, 0.3);
    k.cube("body", body, [-hw, 0.0, -hd], [hw, 0.85, hd - 0.01]);
    k.cube("hob", glass, [-hw, 0.85, -hd], [hw, 0.87, hd]);
    for (x, z, r) in [
        (-0.14, -0.12, 0.09),
        (0.14, -0.12, 0.07),
        (-0.14, 0.13, 0.07),
        (0.14, 0.13, 0.09),
    ] {
        k.cylinder("zone", ring, [x, 0.87, z], r, 0.002, 32);
    }
    k.cube(
        "drawer",
        body,
        [-hw + 0.01, 0.02, hd - 0.01],
        [hw - 0.01, 0.10, hd + 0.005],
    );
    k.cube(
        "oven_door",
        body,
        [-hw + 0.01, 0.11, hd - 0.01],
        [hw - 0.01, 0.66, hd + 0.005],
    );
    k.cube(
        "oven_window",
        glass,
        [-0.2, 0.2, hd + 0.005],
        [0.2, 0.5, hd + 0.007],
    );
    let bar = primitives::cylinder(0.01, 0.44, SMALL);
    k.place(
        "oven_handle",
        chrome,
        bar,
        Transform::at(0.0, 0.6, hd + 0.035).roll(90.0),
    );
    for x in [-0.18, 0.18] {
        k.cube(
            "handle_mount",
            chrome,
            [x - 0.01, 0.59, hd + 0.005],
            [x + 0.01, 0.61, hd + 0.03],
        );
    }
    k.cube(
        "panel",
        body,
        [-hw + 0.01, 0.68, hd - 0.01],
        [hw - 0.01, 0.83, hd + 0.002],
    );
    for i in 0..4 {
        let x = -0.195 + 0.13 * i as f64;
        let mesh = primitives::cylinder(0.018, 0.025, SMALL);
        k.place(
            "knob",
            knob,
            mesh,
            Transform::at(x, 0.755, hd + 0.0145).pitch(90.0),
        );
    }
    k.finish()
}
