//! relayout's furniture library: the built-in models, generated from primitives by this crate's
//! own code, and importers that turn third-party furniture into the same form.
//!
//! Everything this crate writes is a directory of `.glb` files with a `catalog.json` beside
//! them ([`catalog`]). Two entry points, called by `relayout assets …`:
//!
//! - [`build_builtin`] writes the built-in library (`assets/furniture` in the repository);
//!   the output is byte-for-byte deterministic.
//! - [`import()`] converts a `.glb`/`.gltf`, an OBJ with its MTL, a Sweet Home 3D furniture
//!   library (`.sh3f`) or a directory of those, and merges the entries into the catalog.
//!
//! # Frames
//!
//! Every model is stored in glTF's convention: +Y up, the front toward +Z, metres (models
//! this crate writes also have their origin at the centre of the footprint, on the bottom
//! face). The layout frame (DESIGN §2) is +Z up with the front on local +Y; a model point
//! `(x, y, z)` in glTF becomes the layout point `(x, −z, y)` (the inverse of DESIGN's
//! layout → Bevy map), so a glTF front (+Z) points to layout −Y. A catalog entry's
//! `front_yaw` (degrees, counter-clockwise seen from above, about layout +Z, which is glTF
//! +Y) turns that front onto local +Y: 180 for every model in glTF's convention. See
//! [`catalog::CatalogEntry`] for the full recipe, `origin` and `scale` included.
//!
//! [`export_room`] writes an arranged scene as one `.glb` with its models ([`room_export`]);
//! [`Library`] finds an object's model on the built-in and the user's shelves.
//!
//! No Bevy, no network.
#![warn(missing_docs)]

pub mod builtin;
pub mod catalog;
pub mod error;
pub mod glb_writer;
pub mod import;
pub mod inspect;
pub mod library;
pub mod mesh;
pub mod model;
pub mod primitives;
pub mod room_export;

pub use builtin::{BuiltinReport, build_builtin};
pub use catalog::{Catalog, CatalogEntry};
pub use error::AssetsError;
pub use import::{ImportError, ImportOptions, ImportReport, ItemError, Unit, UnitError, import};
pub use library::{Library, ShelfKind};
pub use room_export::{RoomExport, export_room};
