//! relayout's pure core: the `relayout.scene/1` document, planar geometry, relations with
//! differentiable penalties, the layout solver, and the metrics of DESIGN §5.
//!
//! No Bevy and no network; everything goes through serde values and plain data, and the one
//! file module ([`file`]) writes files atomically for every crate.
#![warn(missing_docs)]

pub mod file;
pub mod geometry;
pub mod metrics;
pub mod placement;
pub mod r3l;
pub mod relation;
pub mod rules;
pub mod scene;
pub mod solver;
pub mod timeline;
pub mod walk_grid;
