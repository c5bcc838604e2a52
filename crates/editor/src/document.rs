//! The scene document being edited, as a resource: the one source of truth the views follow;
//! and the poses previewed over it (a run's step, a run in flight) without changing it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use bevy::prelude::*;
use relayout_core::scene::{Pose, Scene};

/// The open scene.
#[derive(Resource, Clone, Debug)]
pub struct SceneDoc {
    /// The document.
    pub scene: Scene,
    /// Where it was opened from or last saved to.
    pub path: Option<PathBuf>,
    /// Bumped on every change; views compare it to what they last drew.
    pub revision: u64,
    /// Changes since the last save.
    pub dirty: bool,
}

impl SceneDoc {
    /// A document for a scene.
    pub fn new(scene: Scene, path: Option<PathBuf>) -> Self {
        SceneDoc {
            scene,
            path,
            revision: 1,
            dirty: false,
        }
    }

    /// Marks a change made through `scene`.
    pub fn touch(&mut self) {
        self.revision += 1;
        self.dirty = true;
    }
}

/// Poses drawn instead of the document's, while a run's step is shown.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct PosePreview {
    /// The poses by object id; `None`: the document's are drawn.
    pub poses: Option<BTreeMap<String, Pose>>,
    /// Objects outlined in red.
    pub flagged: Vec<String>,
    /// Bumped on every change.
    pub generation: u64,
}
