//! Why a model, a library or a library item could not be imported.

use super::gltf::GltfError;
use super::obj::{BakeError, ObjError};
use super::sh3f::{CATALOG_ENTRY, CatalogItemError, ConvertError, MissingCatalog};

/// Why an input (a file, or an item inside a library) could not be imported. A whole file's
/// error becomes [`crate::AssetsError::Input`]; an item's is reported in
/// [`crate::ImportReport::errors`] and the other items still import.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A `.glb` or `.gltf` that cannot be read or packed.
    #[error(transparent)]
    Gltf(#[from] GltfError),
    /// An OBJ (or its MTL) that cannot be read.
    #[error(transparent)]
    Obj(#[from] ObjError),
    /// A model that cannot be scaled and centred.
    #[error(transparent)]
    Bake(#[from] BakeError),
    /// An OBJ without a single vertex.
    #[error("the OBJ has no vertices")]
    NoVertices,
    /// A Sweet Home 3D item's model that cannot be converted.
    #[error(transparent)]
    Convert(#[from] ConvertError),
    /// A Sweet Home 3D catalogue entry that cannot be read.
    #[error(transparent)]
    CatalogItem(#[from] CatalogItemError),
    /// A zip without the Sweet Home 3D catalogue; `problem` is the first thing that went wrong
    /// reading the zip, which often explains why.
    #[error("{source}{}", problem.as_ref().map_or(String::new(), |p| format!(" ({p})")))]
    NotALibrary {
        /// The missing catalogue.
        #[source]
        source: MissingCatalog,
        /// The archive's first problem, e.g. `not a complete zip (…)`.
        problem: Option<String>,
    },
    /// A Sweet Home 3D catalogue that lists nothing importable.
    #[error("`{}` lists no furniture", CATALOG_ENTRY)]
    NoFurniture,
    /// A directory with nothing to import.
    #[error("no .glb, .gltf, .obj or .sh3f files in it")]
    EmptyDirectory,
    /// A third-party model reader panicked on the file.
    #[error("a model reader failed on this file (a bug worth reporting)")]
    ReaderPanicked,
}
