//! The rooms of the table: rectangles and an L-shape, doors and windows on different walls.

use relayout_core::scene::{Scene, parse_scene};

fn room(json: &str) -> Scene {
    parse_scene(json).unwrap_or_else(|e| panic!("room fixture: {e}"))
}

/// 4 × 5 m bedroom: door on the bottom wall at the left, a window in the top wall.
pub fn bedroom() -> Scene {
    room(
        r#"{"schema": "relayout.scene/1",
        "room": {"width": 4.0, "depth": 5.0, "height": 2.7, "openings": [
            {"kind": "door", "wall": "B", "offset": 0.3, "width": 0.9},
            {"kind": "window", "wall": "T", "offset": 1.4, "width": 1.2, "sill": 0.9, "height": 1.2}]},
        "objects": [
          {"id": "bed-0", "category": "bed", "description": "queen bed, oak", "size": [1.6, 2.1, 0.55]},
          {"id": "nightstand-0", "category": "nightstand", "size": [0.45, 0.4, 0.55]},
          {"id": "nightstand-1", "category": "nightstand", "size": [0.45, 0.4, 0.55]},
          {"id": "desk-0", "category": "desk", "size": [1.2, 0.6, 0.75]},
          {"id": "chair-0", "category": "office_chair", "size": [0.55, 0.55, 1.0]},
          {"id": "wardrobe-0", "category": "wardrobe", "size": [1.2, 0.6, 2.0]},
          {"id": "plant-0", "category": "plant", "size": [0.4, 0.4, 1.2]},
          {"id": "armchair-0", "category": "armchair", "description": "reading chair, velvet", "size": [0.8, 0.8, 0.9]}
        ]}"#,
    )
}

/// 6 × 4.5 m living room: door on the left wall, windows on the right and top walls.
pub fn living() -> Scene {
    room(
        r#"{"schema": "relayout.scene/1",
        "room": {"width": 6.0, "depth": 4.5, "height": 2.7, "openings": [
            {"kind": "door", "wall": "L", "offset": 0.4, "width": 0.9},
            {"kind": "window", "wall": "R", "offset": 1.5, "width": 1.5, "sill": 0.8, "height": 1.4},
            {"kind": "window", "wall": "T", "offset": 2.0, "width": 1.2, "sill": 0.9, "height": 1.2}]},
        "objects": [
          {"id": "sofa-0", "category": "sofa", "description": "grey three-seater", "size": [2.2, 0.9, 0.85]},
          {"id": "coffee_table-0", "category": "coffee_table", "size": [1.1, 0.6, 0.45]},
          {"id": "armchair-0", "category": "armchair", "description": "blue", "size": [0.8, 0.8, 0.9]},
          {"id": "armchair-1", "category": "armchair", "description": "green", "size": [0.8, 0.8, 0.9]},
          {"id": "tv_stand-0", "category": "tv_stand", "size": [1.6, 0.45, 0.5]},
          {"id": "tv-0", "category": "tv", "size": [1.2, 0.08, 0.7], "support": "wall"},
          {"id": "bookshelf-0", "category": "bookshelf", "size": [0.9, 0.35, 1.9]},
          {"id": "floor_lamp-0", "category": "floor_lamp", "size": [0.4, 0.4, 1.6]},
          {"id": "plant-0", "category": "plant", "size": [0.45, 0.45, 1.3]}
        ]}"#,
    )
}

/// An L-shaped studio (7 × 6 m, the top-right 3 × 3 m cut away): door in the bottom wall,
/// a window in the left wall.
pub fn studio() -> Scene {
    room(
        r#"{"schema": "relayout.scene/1",
        "room": {"width": 7.0, "depth": 6.0, "height": 2.7,
            "polygon": [[0,0],[7,0],[7,3],[4,3],[4,6],[0,6]],
            "openings": [
              {"kind": "door", "wall": "w0", "offset": 5.5, "width": 0.9},
              {"kind": "window", "wall": "w5", "offset": 1.5, "width": 1.4, "sill": 0.9, "height": 1.2}]},
        "objects": [
          {"id": "bed-0", "category": "bed", "size": [1.4, 2.0, 0.5]},
          {"id": "nightstand-0", "category": "nightstand", "size": [0.45, 0.4, 0.55]},
          {"id": "sofa-0", "category": "sofa", "size": [1.9, 0.85, 0.8]},
          {"id": "dining_table-0", "category": "dining_table", "size": [1.2, 0.8, 0.75]},
          {"id": "dining_chair-0", "category": "dining_chair", "size": [0.45, 0.5, 0.9]},
          {"id": "dining_chair-1", "category": "dining_chair", "size": [0.45, 0.5, 0.9]},
          {"id": "kitchen_counter-0", "category": "kitchen_counter", "size": [1.8, 0.6, 0.9]},
          {"id": "fridge-0", "category": "fridge", "size": [0.7, 0.7, 1.8]},
          {"id": "desk-0", "category": "desk", "size": [1.1, 0.55, 0.75]}
        ]}"#,
    )
}

/// 5 × 5 m office: door in the top wall, a wide window in the left wall.
pub fn office() -> Scene {
    room(
        r#"{"schema": "relayout.scene/1",
        "room": {"width": 5.0, "depth": 5.0, "height": 2.8, "openings": [
            {"kind": "door", "wall": "T", "offset": 2.0, "width": 0.9},
            {"kind": "window", "wall": "L", "offset": 1.0, "width": 2.0, "sill": 0.8, "height": 1.4}]},
        "objects": [
          {"id": "desk-0", "category": "desk", "size": [1.4, 0.7, 0.75]},
          {"id": "desk-1", "category": "desk", "size": [1.4, 0.7, 0.75]},
          {"id": "office_chair-0", "category": "office_chair", "size": [0.6, 0.6, 1.0]},
          {"id": "office_chair-1", "category": "office_chair", "size": [0.6, 0.6, 1.0]},
          {"id": "bookshelf-0", "category": "bookshelf", "size": [1.0, 0.35, 2.0]},
          {"id": "filing_cabinet-0", "category": "filing_cabinet", "size": [0.5, 0.6, 1.3]},
          {"id": "plant-0", "category": "plant", "size": [0.5, 0.5, 1.4]},
          {"id": "sofa-0", "category": "sofa", "size": [1.6, 0.8, 0.8]},
          {"id": "whiteboard-0", "category": "whiteboard", "size": [1.8, 0.05, 1.2], "support": "wall"}
        ]}"#,
    )
}

/// 5 × 4 m kitchen-diner: door in the bottom wall at the right, a window in the top wall.
pub fn kitchen() -> Scene {
    room(
        r#"{"schema": "relayout.scene/1",
        "room": {"width": 5.0, "depth": 4.0, "height": 2.6, "openings": [
            {"kind": "door", "wall": "B", "offset": 3.8, "width": 0.9},
            {"kind": "window", "wall": "T", "offset": 0.8, "width": 1.2, "sill": 1.0, "height": 1.0}]},
        "objects": [
          {"id": "counter-0", "category": "kitchen_counter", "size": [2.4, 0.6, 0.9]},
          {"id": "fridge-0", "category": "fridge", "size": [0.7, 0.7, 1.8]},
          {"id": "oven-0", "category": "oven", "size": [0.6, 0.6, 0.9]},
          {"id": "sink-0", "category": "sink", "size": [0.8, 0.6, 0.9]},
          {"id": "dining_table-0", "category": "dining_table", "size": [1.4, 0.9, 0.75]},
          {"id": "chair-0", "category": "dining_chair", "size": [0.45, 0.5, 0.9]},
          {"id": "chair-1", "category": "dining_chair", "size": [0.45, 0.5, 0.9]},
          {"id": "chair-2", "category": "dining_chair", "size": [0.45, 0.5, 0.9]},
          {"id": "chair-3", "category": "dining_chair", "size": [0.45, 0.5, 0.9]}
        ]}"#,
    )
}
