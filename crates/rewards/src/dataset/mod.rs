//! The dataset builder: MetaSpatial's room descriptions turned into rollout prompts, each a
//! `relayout.scene/1` scene to lay out.
//!
//! Each item `{"description", "size": {"x", "y", "z"}}` becomes a room `x` wide, `y` deep and
//! `z` high (2.7 m when `z` is absent or 0) with one door in wall `B`, furnished for the room type
//! its description names ([`classify`]): a list of built-in catalog pieces, the essential ones
//! first, cut off by [`DatasetOptions::max_objects`] and by the floor budget
//! ([`MAX_FOOTPRINT_RATIO`] of the floor), with a few relations between them. No poses.
//!
//! ```
//! use relayout_rewards::dataset::{DatasetOptions, build_dataset};
//!
//! let json = r#"[{"description": "A cozy bedroom", "size": {"x": 4, "y": 5, "z": 2.7}}]"#;
//! let prompts = build_dataset(json, &DatasetOptions::default()).unwrap();
//! assert_eq!(prompts[0].id, "ms-00000");
//! assert!(prompts[0].scene.objects.iter().any(|o| o.category == "bed"));
//! ```

mod catalog;
mod error;
mod furnish;
mod input;
mod plans;
mod prompt;
mod room_type;
mod select;

pub use catalog::{CATALOG, CatalogEntry, catalog_entry};
pub use error::DatasetError;
pub use furnish::MAX_FOOTPRINT_RATIO;
pub use input::{DEFAULT_ROOM_HEIGHT_M, MAX_ROOM_SIDE_M, MIN_ROOM_HEIGHT_M, MIN_ROOM_SIDE_M};
pub use prompt::Prompt;
pub use room_type::{RoomType, classify};

/// MetaSpatial's 9,744 room descriptions (Apache-2.0; `data/metaspatial/` holds the file, its
/// licence and its source), embedded: the default input of `relayout dataset`.
pub const METASPATIAL_DESCRIPTIONS: &str =
    include_str!("../../../../data/metaspatial/room_descriptions.json");

/// How many prompts to build and how full to make their rooms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatasetOptions {
    /// How many items to draw from the file; `None` takes them all.
    pub count: Option<usize>,
    /// Seed of the draw when `count` is set.
    pub seed: u64,
    /// The most objects one scene gets (at least 1).
    pub max_objects: usize,
}

impl Default for DatasetOptions {
    fn default() -> Self {
        DatasetOptions {
            count: None,
            seed: 0,
            max_objects: 12,
        }
    }
}

/// Builds prompts from the JSON text of MetaSpatial's `room_descriptions.json`. Every item of the
/// file is checked, drawn or not; the prompts come in file order. Never panics.
pub fn build_dataset(
    descriptions_json: &str,
    opts: &DatasetOptions,
) -> Result<Vec<Prompt>, DatasetError> {
    if opts.max_objects == 0 {
        return Err(DatasetError::Options {
            message: "max_objects must be at least 1: a scene needs an object to lay out".into(),
        });
    }
    let rooms = input::read_rooms(descriptions_json)?;
    select::select(rooms.len(), opts.count, opts.seed)?
        .into_iter()
        .map(|i| prompt::build_prompt(&rooms[i], opts.max_objects))
        .collect()
}
