//! relayout's pure core: the `relayout.scene/1` document, planar geometry, relations with
//! differentiable penalties, the layout solver, and the metrics of DESIGN §5.
//!
//! No Bevy, no network, no files: everything goes through serde values and plain data.
#![warn(missing_docs)]

pub mod geometry;
pub mod metrics;
pub mod placement;
pub mod r3l;
pub mod relation;
pub mod scene;
pub mod solver;
