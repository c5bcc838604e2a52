//! Semantic checks of parsed answers. Each problem is one precise line naming the place and the
//! offending id, ready for a repair prompt: unknown (hallucinated) or missing ids, objects in two
//! units, anchors that are not members, duplicate, contradictory or cyclic relations, and
//! relations that break the scene document's rules once merged into the scene (checked by
//! `relayout_core::scene::validate`, which names the exact field).

mod decomposition;
mod map;
mod relations;
pub(crate) use relations::is_room_relation;

pub use decomposition::check_decomposition;
pub use map::{check_global_map, check_local_map};
pub use relations::{RelationScope, check_relations};
