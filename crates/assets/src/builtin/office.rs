//! Desks, office chair, bookshelf, classroom desk, whiteboard.

use super::BuiltinModel;
use super::kit::{Kit, SMALL, palette};
use crate::model::{Model, Transform};
use crate::primitives;

pub(super) fn models() -> Vec<BuiltinModel> {
    vec![
        BuiltinModel::new(
            "desk",
            "Desk",
            "desk",
            "Office desk with a laminate top, black metal legs and a drawer, 140 × 70 × 75 cm",
            desk(),
        ),
        BuiltinModel::new(
            "office_chair",
            "Office chair",
            "office_chair",
            "Swivel office chair on five casters with arms and a reclined back, 66 × 66 × 112 cm",
            office_chair(),
        ),
        BuiltinModel::new(
            "bookshelf",
            "Bookshelf",
            "bookshelf",
            "Open bookshelf with five shelves and books, pine, 80 × 30 × 180 cm",
            bookshelf(),
        ),
        BuiltinModel::new(
            "classroom_desk",
            "Classroom desk",
            "classroom_desk",
            "Single student desk with a book tray, laminate top on a grey metal frame, 70 × 50 × 76 cm",
            classroom_desk(),
        ),
        BuiltinModel::new(
            "whiteboard",
            "Whiteboard",
            "whiteboard",
            "Wall-mounted whiteboard with an aluminium frame and a marker tray, 180 × 120 cm",
            whiteboard(),
        ),
    ]
}

fn desk() -> Model {
    let mut k = Kit::new("desk");
    let top = k.mat(palette::laminate());
    let metal = k.mat(palette::black_metal());
    let white = k.mat(palette::white_paint());
    let steel = k.mat(palette::steel());
    let (hw, hd) = (0.7, 0.35);
    k.rounded("top", top, [-hw, 0.72, -hd], [hw, 0.75, hd], 0.005);
    k.square_legs(metal, [-hw, hw], [-hd, hd], 0.03, 0.045, 0.72);
    k.cube(
        "modesty_panel",
        metal,
        [-hw + 0.08, 0.40, -hd + 0.04],
        [hw - 0.08, 0.70, -hd + 0.05],
    );
    k.cube(
        "drawer_box",
        white,
        [0.22, 0.60, -hd + 0.06],
        [0.62, 0.72, hd - 0.04],
    );
    k.cube(
        "drawer_front",
        white,
        [0.225, 0.605, hd - 0.04],
        [0.615, 0.715, hd - 0.025],
    );
    k.cube(
        "drawer_handle",
        steel,
        [0.36, 0.65, hd - 0.025],
        [0.48, 0.665, hd - 0.01],
    );
    k.finish()
}

fn office_chair() -> Model {
    let mut k = Kit::new("office_chair");
    let plastic = k.mat(palette::black_plastic());
    let chrome = k.mat(palette::chrome());
    let mesh_fabric = k.mat(palette::fabric_grey());
    // Five-star base with casters.
    let arm = primitives::cuboid([0.04, 0.035, 0.30]);
    for i in 0..5 {
        let yaw = 18.0 + 72.0 * i as f64;
        let (s, c) = yaw.to_radians().sin_cos();
        k.place(
            "base_arm",
            plastic,
            arm.clone(),
            Transform::at(0.15 * s, 0.075, 0.15 * c).yaw(yaw),
        );
        k.ball("caster", plastic, [0.30 * s, 0.03, 0.30 * c], [0.03; 3]);
    }
    k.cylinder("hub", plastic, [0.0, 0.055, 0.0], 0.045, 0.04, SMALL);
    k.cylinder("gas_lift", chrome, [0.0, 0.09, 0.0], 0.025, 0.31, SMALL);
    k.cube("mechanism", plastic, [-0.1, 0.38, -0.1], [0.1, 0.42, 0.1]);
    k.rounded(
        "seat",
        mesh_fabric,
        [-0.25, 0.42, -0.22],
        [0.25, 0.51, 0.26],
        0.04,
    );
    k.cube(
        "back_bar",
        plastic,
        [-0.03, 0.42, -0.30],
        [0.03, 0.70, -0.26],
    );
    let back = primitives::rounded_cuboid([0.46, 0.56, 0.07], 0.035, 2);
    k.place(
        "back",
        mesh_fabric,
        back,
        Transform::at(0.0, 0.84, -0.28).pitch(-8.0),
    );
    for (i, x) in [-0.27, 0.27].into_iter().enumerate() {
        k.cube(
            &format!("armrest_post_{i}"),
            plastic,
            [x - 0.015, 0.47, -0.04],
            [x + 0.015, 0.67, 0.0],
        );
        k.rounded(
            &format!("armrest_pad_{i}"),
            plastic,
            [x - 0.035, 0.67, -0.16],
            [x + 0.035, 0.70, 0.10],
            0.012,
        );
    }
    k.finish()
}

fn bookshelf() -> Model {
    let mut k = Kit::new("bookshelf");
    let wood = k.mat(palette::pine());
    let (hw, hd, h, t) = (0.4, 0.15, 1.8, 0.02);
    k.cube("side_left", wood, [-hw, 0.0, -hd], [-hw + t, h, hd]);
    k.cube("side_right", wood, [hw - t, 0.0, -hd], [hw, h, hd]);
    k.cube("back", wood, [-hw + t, 0.0, -hd], [hw - t, h, -hd + 0.01]);
    k.cube(
        "plinth",
        wood,
        [-hw + t, 0.0, hd - 0.03],
        [hw - t, 0.06, hd - 0.01],
    );
    let shelves = [0.06, 0.40, 0.74, 1.08, 1.42, h - t];
    for (i, y) in shelves.into_iter().enumerate() {
        k.cube(
            &format!("shelf_{i}"),
            wood,
            [-hw + t, y, -hd + 0.01],
            [hw - t, y + t, hd],
        );
    }
    // Books on four shelves: a fixed pattern of widths and heights, colours cycling.
    let widths = [0.032, 0.025, 0.04, 0.03, 0.036, 0.028];
    let heights = [0.24, 0.27, 0.22, 0.29, 0.25, 0.26];
    let mut n = 0;
    for (row, y) in shelves[..4].iter().enumerate() {
        let mut x = -hw + t + 0.01 + 0.02 * row as f64;
        let end = hw - t - 0.08 - 0.05 * (row % 2) as f64;
        while x + widths[n % widths.len()] < end {
            let (w, bh) = (
                widths[n % widths.len()],
                heights[(n * 5 + row) % heights.len()],
            );
            let colour = k.mat(palette::book(n * 7 % 6));
            k.cube(
                "book",
                colour,
                [x, y + t, -hd + 0.03],
                [x + w, y + t + bh, -hd + 0.23],
            );
            x += w + 0.002;
            n += 1;
        }
    }
    k.finish()
}

fn classroom_desk() -> Model {
    let mut k = Kit::new("classroom_desk");
    let top = k.mat(palette::laminate());
    let metal = k.mat(palette::grey_paint());
    let (hw, hd) = (0.35, 0.25);
    k.rounded("top", top, [-hw, 0.73, -hd], [hw, 0.76, hd], 0.006);
    k.square_legs(metal, [-hw, hw], [-hd, hd], 0.02, 0.03, 0.73);
    k.cube(
        "tray",
        metal,
        [-hw + 0.05, 0.60, -hd + 0.05],
        [hw - 0.05, 0.61, hd - 0.08],
    );
    k.cube(
        "tray_back",
        metal,
        [-hw + 0.05, 0.61, -hd + 0.05],
        [hw - 0.05, 0.70, -hd + 0.06],
    );
    k.cube(
        "tray_left",
        metal,
        [-hw + 0.05, 0.61, -hd + 0.05],
        [-hw + 0.06, 0.70, hd - 0.08],
    );
    k.cube(
        "tray_right",
        metal,
        [hw - 0.06, 0.61, -hd + 0.05],
        [hw - 0.05, 0.70, hd - 0.08],
    );
    k.cube(
        "footbar",
        metal,
        [-hw + 0.035, 0.08, -0.01],
        [hw - 0.035, 0.10, 0.01],
    );
    k.cube(
        "foot_left",
        metal,
        [-hw + 0.02, 0.08, -hd + 0.035],
        [-hw + 0.05, 0.10, hd - 0.035],
    );
    k.cube(
        "foot_right",
        metal,
        [hw - 0.05, 0.08, -hd + 0.035],
        [hw - 0.02, 0.10, hd - 0.035],
    );
    k.finish()
}

fn whiteboard() -> Model {
    let mut k = Kit::new("whiteboard");
    let board = k.mat(palette::whiteboard());
    let frame = k.mat(palette::aluminium());
    let black = k.mat(palette::black_plastic());
    let (hw, y0, y1, f) = (0.9, 0.04, 1.2, 0.02);
    k.cube(
        "board",
        board,
        [-hw + f, y0 + f, -0.02],
        [hw - f, y1 - f, 0.0],
    );
    k.cube("frame_top", frame, [-hw, y1 - f, -0.02], [hw, y1, 0.008]);
    k.cube("frame_bottom", frame, [-hw, y0, -0.02], [hw, y0 + f, 0.008]);
    k.cube(
        "frame_left",
        frame,
        [-hw, y0 + f, -0.02],
        [-hw + f, y1 - f, 0.008],
    );
    k.cube(
        "frame_right",
        frame,
        [hw - f, y0 + f, -0.02],
        [hw, y1 - f, 0.008],
    );
    k.cube("tray", frame, [-0.35, 0.0, -0.02], [0.35, y0, 0.05]);
    k.cube(
        "tray_lip",
        frame,
        [-0.35, y0, 0.04],
        [0.35, y0 + 0.012, 0.05],
    );
    for (i, x) in [-0.2, -0.12].into_iter().enumerate() {
        let marker = primitives::cylinder(0.009, 0.13, SMALL);
        k.place(
            &format!("marker_{i}"),
            black,
            marker,
            Transform::at(x, y0 + 0.009, 0.015).roll(90.0),
        );
    }
    k.finish()
}
