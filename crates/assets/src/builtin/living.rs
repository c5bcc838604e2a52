//! Sofas, armchair, tables, TV furniture, lamps, plant, rug.

use super::BuiltinModel;
use super::kit::{Kit, ROUND, SMALL, palette};
use crate::model::{Model, Transform};
use crate::primitives;

pub(super) fn models() -> Vec<BuiltinModel> {
    vec![
        BuiltinModel::new(
            "sofa_2seat",
            "Two-seat sofa",
            "sofa",
            "Two-seat sofa in grey fabric with arms, seat and back cushions, 160 × 90 cm",
            sofa("sofa_2seat", 2, 1.6, 0.18, palette::fabric_grey()),
        ),
        BuiltinModel::new(
            "sofa_3seat",
            "Three-seat sofa",
            "sofa",
            "Three-seat sofa in blue fabric with arms, seat and back cushions, 220 × 90 cm",
            sofa("sofa_3seat", 3, 2.2, 0.18, palette::fabric_blue()),
        ),
        BuiltinModel::new(
            "sofa_sectional",
            "Sectional sofa",
            "sofa",
            "L-shaped sectional sofa, chaise on the right, grey fabric, 280 × 160 cm",
            sectional(),
        ),
        BuiltinModel::new(
            "armchair",
            "Armchair",
            "armchair",
            "Upholstered armchair in green fabric, 85 × 85 cm",
            sofa("armchair", 1, 0.85, 0.15, palette::fabric_green()),
        ),
        BuiltinModel::new(
            "coffee_table",
            "Coffee table",
            "coffee_table",
            "Rectangular coffee table with a lower shelf, walnut, 110 × 60 × 42 cm",
            coffee_table(),
        ),
        BuiltinModel::new(
            "side_table",
            "Side table",
            "side_table",
            "Square side table with a lower shelf, oak, 50 × 50 × 55 cm",
            side_table(),
        ),
        BuiltinModel::new(
            "tv_stand",
            "TV stand",
            "tv_stand",
            "Low TV stand with two doors and an open middle compartment, walnut, 160 × 40 × 50 cm",
            tv_stand(),
        ),
        BuiltinModel::new(
            "tv_wall",
            "Wall TV",
            "tv",
            "55-inch flat TV for wall mounting, 123 × 72 cm, 6 cm deep with its bracket",
            tv_wall(),
        ),
        BuiltinModel::new(
            "floor_lamp",
            "Floor lamp",
            "floor_lamp",
            "Floor lamp with a round base, a thin pole and a fabric shade, 162 cm tall",
            floor_lamp(),
        ),
        BuiltinModel::new(
            "table_lamp",
            "Table lamp",
            "table_lamp",
            "Table lamp with a ceramic base and a fabric shade, 48 cm tall",
            table_lamp(),
        ),
        BuiltinModel::new(
            "potted_plant",
            "Potted plant",
            "plant",
            "Leafy plant in a terracotta pot, about 1.2 m tall",
            potted_plant(),
        ),
        BuiltinModel::new(
            "rug",
            "Rug",
            "rug",
            "Rectangular rug, red field with a sand border, 200 × 140 cm",
            rug(),
        ),
    ]
}

/// A sofa (or an armchair with `seats` 1): legs, base, backrest with leaning cushions, arms
/// of width `arm`, seat cushions. Back toward −Z.
fn sofa(id: &str, seats: usize, width: f64, arm: f64, fabric: crate::model::Material) -> Model {
    let mut k = Kit::new(id);
    let cloth = k.mat(fabric);
    let wood = k.mat(palette::walnut());
    let (hw, hd) = (width / 2.0, 0.45);
    k.round_legs(wood, [-hw, hw], [-hd, hd], 0.04, 0.022, 0.016, 0.10);
    k.rounded(
        "base",
        cloth,
        [-hw + arm - 0.01, 0.10, -hd + 0.15],
        [hw - arm + 0.01, 0.40, hd - 0.02],
        0.03,
    );
    k.rounded(
        "back",
        cloth,
        [-hw, 0.10, -hd],
        [hw, 0.85, -hd + 0.18],
        0.05,
    );
    for (i, x) in [(-hw, -hw + arm), (hw - arm, hw)].into_iter().enumerate() {
        k.rounded(
            &format!("arm_{i}"),
            cloth,
            [x.0, 0.10, -hd],
            [x.1, 0.64, hd],
            0.06,
        );
    }
    let inner = width - 2.0 * arm;
    let cw = inner / seats as f64;
    for s in 0..seats {
        let x0 = -hw + arm + s as f64 * cw;
        k.rounded(
            "seat_cushion",
            cloth,
            [x0 + 0.005, 0.40, -hd + 0.18],
            [x0 + cw - 0.005, 0.53, hd - 0.01],
            0.05,
        );
        let cushion = primitives::rounded_cuboid([cw - 0.03, 0.42, 0.16], 0.06, 2);
        let t = Transform::at(x0 + cw / 2.0, 0.73, -hd + 0.25).pitch(-10.0);
        k.place("back_cushion", cloth, cushion, t);
    }
    k.finish()
}

/// An L-shaped sofa: a two-seat run along the back and a chaise on the right that reaches
/// the front.
fn sectional() -> Model {
    let mut k = Kit::new("sofa_sectional");
    let cloth = k.mat(palette::fabric_grey());
    let wood = k.mat(palette::walnut());
    let (hw, hd, arm) = (1.4, 0.8, 0.18);
    let run_front = -hd + 0.92;
    let chaise_x = 0.55;
    for (x, z) in [
        (-hw + 0.06, -hd + 0.06),
        (hw - 0.06, -hd + 0.06),
        (-hw + 0.06, run_front - 0.06),
        (hw - 0.06, hd - 0.06),
        (chaise_x + 0.06, hd - 0.06),
    ] {
        k.frustum("leg", wood, [x, 0.0, z], 0.016, 0.022, 0.10, SMALL);
    }
    k.rounded(
        "base_run",
        cloth,
        [-hw + arm - 0.01, 0.10, -hd + 0.15],
        [chaise_x, 0.40, run_front - 0.02],
        0.03,
    );
    k.rounded(
        "base_chaise",
        cloth,
        [chaise_x, 0.10, -hd + 0.15],
        [hw - arm + 0.01, 0.40, hd - 0.02],
        0.03,
    );
    k.rounded(
        "back",
        cloth,
        [-hw, 0.10, -hd],
        [hw, 0.85, -hd + 0.18],
        0.05,
    );
    k.rounded(
        "arm_left",
        cloth,
        [-hw, 0.10, -hd],
        [-hw + arm, 0.64, run_front],
        0.06,
    );
    k.rounded(
        "arm_right",
        cloth,
        [hw - arm, 0.10, -hd],
        [hw, 0.64, hd],
        0.06,
    );
    let cw = (chaise_x - (-hw + arm)) / 2.0;
    for s in 0..2 {
        let x0 = -hw + arm + s as f64 * cw;
        k.rounded(
            "seat_cushion",
            cloth,
            [x0 + 0.005, 0.40, -hd + 0.18],
            [x0 + cw - 0.005, 0.53, run_front - 0.01],
            0.05,
        );
    }
    k.rounded(
        "chaise_cushion",
        cloth,
        [chaise_x + 0.005, 0.40, -hd + 0.18],
        [hw - arm - 0.005, 0.53, hd - 0.01],
        0.05,
    );
    let backs = [(-hw + arm, chaise_x), (chaise_x, hw - arm)];
    let (first, second) = (backs[0], backs[1]);
    for (x0, x1) in [
        (first.0, (first.0 + first.1) / 2.0),
        ((first.0 + first.1) / 2.0, first.1),
        second,
    ] {
        let cushion = primitives::rounded_cuboid([x1 - x0 - 0.03, 0.42, 0.16], 0.06, 2);
        k.place(
            "back_cushion",
            cloth,
            cushion,
            Transform::at((x0 + x1) / 2.0, 0.73, -hd + 0.25).pitch(-10.0),
        );
    }
    k.finish()
}

fn coffee_table() -> Model {
    let mut k = Kit::new("coffee_table");
    let wood = k.mat(palette::walnut());
    let (hw, hd) = (0.55, 0.30);
    k.rounded("top", wood, [-hw, 0.38, -hd], [hw, 0.42, hd], 0.012);
    k.square_legs(wood, [-hw, hw], [-hd, hd], 0.03, 0.045, 0.38);
    k.cube(
        "shelf",
        wood,
        [-hw + 0.05, 0.10, -hd + 0.05],
        [hw - 0.05, 0.12, hd - 0.05],
    );
    k.finish()
}

fn side_table() -> Model {
    let mut k = Kit::new("side_table");
    let wood = k.mat(palette::oak());
    let h = 0.25;
    k.rounded("top", wood, [-h, 0.52, -h], [h, 0.55, h], 0.008);
    k.square_legs(wood, [-h, h], [-h, h], 0.02, 0.035, 0.52);
    k.cube(
        "shelf",
        wood,
        [-h + 0.04, 0.18, -h + 0.04],
        [h - 0.04, 0.20, h - 0.04],
    );
    k.finish()
}

fn tv_stand() -> Model {
    let mut k = Kit::new("tv_stand");
    let wood = k.mat(palette::walnut());
    let metal = k.mat(palette::black_metal());
    let dark = k.mat(palette::black_plastic());
    let brass = k.mat(palette::brass());
    let (hw, hd) = (0.8, 0.2);
    k.square_legs(metal, [-hw, hw], [-hd, hd], 0.04, 0.03, 0.08);
    k.cube("body", wood, [-hw, 0.08, -hd], [hw, 0.50, hd - 0.01]);
    k.cube(
        "opening",
        dark,
        [-0.26, 0.11, hd - 0.012],
        [0.26, 0.47, hd - 0.005],
    );
    for (i, (x0, x1)) in [(-hw + 0.01, -0.275), (0.275, hw - 0.01)]
        .into_iter()
        .enumerate()
    {
        k.cube(
            &format!("door_{i}"),
            wood,
            [x0, 0.10, hd - 0.01],
            [x1, 0.48, hd + 0.005],
        );
        let x = if i == 0 { x1 - 0.04 } else { x0 + 0.04 };
        super::bedroom::knob(&mut k, brass, [x, 0.29, hd + 0.005]);
    }
    k.finish()
}

fn tv_wall() -> Model {
    let mut k = Kit::new("tv_wall");
    let frame = k.mat(palette::black_plastic());
    let screen = k.mat(palette::screen());
    let metal = k.mat(palette::black_metal());
    k.cube("bracket", metal, [-0.15, 0.20, -0.03], [0.15, 0.50, -0.01]);
    k.rounded(
        "frame",
        frame,
        [-0.615, 0.0, -0.01],
        [0.615, 0.72, 0.028],
        0.006,
    );
    k.cube(
        "screen",
        screen,
        [-0.602, 0.013, 0.028],
        [0.602, 0.707, 0.03],
    );
    k.finish()
}

fn floor_lamp() -> Model {
    let mut k = Kit::new("floor_lamp");
    let metal = k.mat(palette::black_metal());
    let shade = k.mat(palette::lamp_shade());
    let bulb = k.mat(palette::bulb());
    k.frustum("base", metal, [0.0, 0.0, 0.0], 0.16, 0.15, 0.03, ROUND);
    k.cylinder("pole", metal, [0.0, 0.03, 0.0], 0.012, 1.36, SMALL);
    k.cylinder("socket", metal, [0.0, 1.36, 0.0], 0.022, 0.05, SMALL);
    k.ball("bulb", bulb, [0.0, 1.45, 0.0], [0.045; 3]);
    k.place(
        "shade",
        shade,
        primitives::open_frustum(0.22, 0.15, 0.32, ROUND),
        Transform::at(0.0, 1.46, 0.0),
    );
    k.finish()
}

fn table_lamp() -> Model {
    let mut k = Kit::new("table_lamp");
    let ceramic = k.mat(palette::terracotta());
    let shade = k.mat(palette::lamp_shade());
    let bulb = k.mat(palette::bulb());
    let metal = k.mat(palette::brass());
    let vase = primitives::lathe(
        &[
            [0.0, 0.0],
            [0.06, 0.0],
            [0.085, 0.06],
            [0.08, 0.15],
            [0.04, 0.22],
            [0.02, 0.25],
            [0.0, 0.25],
        ],
        ROUND,
        true,
    );
    k.place("base", ceramic, vase, Transform::default());
    k.cylinder("stem", metal, [0.0, 0.25, 0.0], 0.008, 0.06, SMALL);
    k.ball("bulb", bulb, [0.0, 0.34, 0.0], [0.035; 3]);
    k.place(
        "shade",
        shade,
        primitives::open_frustum(0.15, 0.10, 0.20, ROUND),
        Transform::at(0.0, 0.38, 0.0),
    );
    k.finish()
}

fn potted_plant() -> Model {
    let mut k = Kit::new("potted_plant");
    let pot = k.mat(palette::terracotta());
    let soil = k.mat(palette::soil());
    let bark = k.mat(palette::bark());
    let leaf = k.mat(palette::leaf());
    let leaf_dark = k.mat(palette::leaf_dark());
    let pot_mesh = primitives::lathe(
        &[
            [0.0, 0.0],
            [0.12, 0.0],
            [0.16, 0.30],
            [0.18, 0.31],
            [0.18, 0.35],
            [0.16, 0.35],
            [0.15, 0.31],
            [0.0, 0.31],
        ],
        ROUND,
        false,
    );
    k.place("pot", pot, pot_mesh, Transform::default());
    k.cylinder("soil", soil, [0.0, 0.30, 0.0], 0.15, 0.02, ROUND);
    k.frustum("trunk", bark, [0.0, 0.31, 0.0], 0.025, 0.015, 0.45, SMALL);
    let blobs = [
        ([0.0, 0.92, 0.0], [0.26, 0.24, 0.26], leaf),
        ([0.14, 0.74, 0.08], [0.17, 0.15, 0.17], leaf_dark),
        ([-0.13, 0.76, -0.07], [0.17, 0.16, 0.17], leaf_dark),
        ([-0.06, 0.70, 0.14], [0.14, 0.12, 0.14], leaf),
        ([0.07, 1.08, -0.05], [0.17, 0.14, 0.17], leaf_dark),
    ];
    for (i, (centre, radii, mat)) in blobs.into_iter().enumerate() {
        k.ball(&format!("foliage_{i}"), mat, centre, radii);
    }
    k.finish()
}

fn rug() -> Model {
    let mut k = Kit::new("rug");
    let border = k.mat(palette::rug_border());
    let field = k.mat(palette::rug_field());
    k.cube("border", border, [-1.0, 0.0, -0.7], [1.0, 0.008, 0.7]);
    k.cube("field", field, [-0.88, 0.008, -0.58], [0.88, 0.011, 0.58]);
    k.finish()
}
