//! Dining tables, chair and bar stool.

use super::BuiltinModel;
use super::kit::{Kit, ROUND, palette};
use crate::model::Model;

pub(super) fn models() -> Vec<BuiltinModel> {
    vec![
        BuiltinModel::new(
            "dining_table_rect",
            "Rectangular dining table",
            "dining_table",
            "Rectangular dining table for six, oak, 160 × 90 × 75 cm",
            dining_table_rect(),
        ),
        BuiltinModel::new(
            "dining_table_round",
            "Round dining table",
            "dining_table",
            "Round pedestal dining table for four, walnut, 110 cm across, 75 cm tall",
            dining_table_round(),
        ),
        BuiltinModel::new(
            "dining_chair",
            "Dining chair",
            "dining_chair",
            "Wooden dining chair with a slatted back and a fabric seat pad, 45 × 52 × 90 cm",
            dining_chair(),
        ),
        BuiltinModel::new(
            "bar_stool",
            "Bar stool",
            "stool",
            "Round bar stool with a footrest, black metal and oak, 75 cm seat height",
            bar_stool(),
        ),
    ]
}

fn dining_table_rect() -> Model {
    let mut k = Kit::new("dining_table_rect");
    let wood = k.mat(palette::oak());
    let (hw, hd) = (0.8, 0.45);
    k.rounded("top", wood, [-hw, 0.72, -hd], [hw, 0.75, hd], 0.01);
    k.square_legs(wood, [-hw, hw], [-hd, hd], 0.05, 0.065, 0.72);
    let (ax, az) = (hw - 0.08, hd - 0.08);
    k.cube(
        "apron_back",
        wood,
        [-ax, 0.62, -az - 0.01],
        [ax, 0.72, -az + 0.01],
    );
    k.cube(
        "apron_front",
        wood,
        [-ax, 0.62, az - 0.01],
        [ax, 0.72, az + 0.01],
    );
    k.cube(
        "apron_left",
        wood,
        [-ax - 0.01, 0.62, -az],
        [-ax + 0.01, 0.72, az],
    );
    k.cube(
        "apron_right",
        wood,
        [ax - 0.01, 0.62, -az],
        [ax + 0.01, 0.72, az],
    );
    k.finish()
}

fn dining_table_round() -> Model {
    let mut k = Kit::new("dining_table_round");
    let wood = k.mat(palette::walnut());
    k.frustum("base", wood, [0.0, 0.0, 0.0], 0.30, 0.22, 0.06, ROUND);
    k.frustum("pedestal", wood, [0.0, 0.06, 0.0], 0.08, 0.06, 0.655, ROUND);
    k.cylinder("top", wood, [0.0, 0.715, 0.0], 0.55, 0.035, 48);
    k.finish()
}

fn dining_chair() -> Model {
    let mut k = Kit::new("dining_chair");
    let wood = k.mat(palette::walnut());
    let pad = k.mat(palette::fabric_sand());
    let (hw, hd) = (0.225, 0.26);
    let leg = 0.035;
    k.cube(
        "leg_front_left",
        wood,
        [-hw, 0.0, hd - leg],
        [-hw + leg, 0.44, hd],
    );
    k.cube(
        "leg_front_right",
        wood,
        [hw - leg, 0.0, hd - leg],
        [hw, 0.44, hd],
    );
    k.cube(
        "post_left",
        wood,
        [-hw, 0.0, -hd],
        [-hw + leg, 0.90, -hd + leg],
    );
    k.cube(
        "post_right",
        wood,
        [hw - leg, 0.0, -hd],
        [hw, 0.90, -hd + leg],
    );
    k.cube("seat", wood, [-hw, 0.42, -hd + 0.01], [hw, 0.46, hd]);
    k.rounded(
        "seat_pad",
        pad,
        [-hw + 0.015, 0.46, -hd + 0.05],
        [hw - 0.015, 0.49, hd - 0.01],
        0.012,
    );
    k.cube(
        "top_rail",
        wood,
        [-hw + leg, 0.80, -hd + 0.005],
        [hw - leg, 0.88, -hd + 0.03],
    );
    for i in 0..3 {
        let x = (i as f64 - 1.0) * 0.09;
        k.cube(
            "slat",
            wood,
            [x - 0.015, 0.49, -hd + 0.008],
            [x + 0.015, 0.80, -hd + 0.027],
        );
    }
    k.cube(
        "stretcher_left",
        wood,
        [-hw + 0.005, 0.15, -hd + leg],
        [-hw + 0.03, 0.18, hd - leg],
    );
    k.cube(
        "stretcher_right",
        wood,
        [hw - 0.03, 0.15, -hd + leg],
        [hw - 0.005, 0.18, hd - leg],
    );
    k.finish()
}

fn bar_stool() -> Model {
    let mut k = Kit::new("bar_stool");
    let metal = k.mat(palette::black_metal());
    let wood = k.mat(palette::oak());
    k.cylinder("seat", wood, [0.0, 0.71, 0.0], 0.19, 0.04, ROUND);
    k.round_legs(metal, [-0.17, 0.17], [-0.17, 0.17], 0.0, 0.014, 0.014, 0.71);
    let (a, t) = (0.17 - 0.014, 0.012);
    k.cube("footrest_front", metal, [-a, 0.25, a - t], [a, 0.27, a + t]);
    k.cube(
        "footrest_back",
        metal,
        [-a, 0.25, -a - t],
        [a, 0.27, -a + t],
    );
    k.cube(
        "footrest_left",
        metal,
        [-a - t, 0.25, -a],
        [-a + t, 0.27, a],
    );
    k.cube("footrest_right", metal, [a - t, 0.25, -a], [a + t, 0.27, a]);
    k.finish()
}
