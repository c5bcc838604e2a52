//! The scene document being edited, as a resource: the one source of truth the views follow.

use std::path::PathBuf;

use bevy::prelude::*;
use layout_core::scene::Scene;

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
