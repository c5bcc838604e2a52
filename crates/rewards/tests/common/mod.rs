//! A small bedroom for the reward tests.
#![allow(dead_code)]

use relayout_core::scene::{Scene, parse_scene};

/// 4 × 4 × 2.7 m, a door on wall B, three objects, the bed against wall T.
pub fn bedroom() -> Scene {
    parse_scene(
        r#"{"schema":"relayout.scene/1","instruction":"a bedroom",
            "room":{"width":4,"depth":4,"height":2.7,
                    "openings":[{"kind":"door","wall":"B","offset":3.0,"width":0.9}]},
            "objects":[
              {"id":"bed-0","category":"bed","size":[1.6,2.0,0.5]},
              {"id":"desk-0","category":"desk","size":[1.2,0.6,0.75]},
              {"id":"wardrobe-0","category":"wardrobe","size":[1.0,0.6,2.0]}],
            "relations":[{"type":"against_wall","source":"bed-0","wall":"T"}]}"#,
    )
    .expect("the test scene is valid")
}

/// A clean layout: nothing collides, everything is inside, the bed is against wall T.
pub const CLEAN: &str = r#"[
  {"id":"bed-0","x":2.0,"y":3.0,"z":0,"rz":180},
  {"id":"desk-0","x":0.7,"y":0.5,"z":0,"rz":0},
  {"id":"wardrobe-0","x":0.4,"y":2.0,"z":0,"rz":270}
]"#;

/// The desk inside the bed, the wardrobe half out of the room, the bed off its wall.
pub const COLLIDING: &str = r#"[
  {"id":"bed-0","x":2.0,"y":2.0,"z":0,"rz":0},
  {"id":"desk-0","x":2.0,"y":2.2,"z":0,"rz":0},
  {"id":"wardrobe-0","x":-0.2,"y":2.0,"z":0,"rz":90}
]"#;
