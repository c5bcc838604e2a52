//! Relations (DESIGN §4): the document types, and their residuals, which give both the solver's
//! penalty (with exact gradients) and the `satisfied` predicate.

mod model;
mod origin;
pub mod residual;

pub use model::*;
pub use origin::{Origin, OriginKind};
pub mod resolve;

pub use residual::{Body, Residual, Tolerance};
pub use resolve::{BoundTerm, Entity, Side, Term, entity, resolve};
mod describe;
pub use describe::describe;
