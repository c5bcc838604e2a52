//! The metrics and design rules of the document, kept current as it changes (the metrics panel
//! and the warnings read them).

use bevy::prelude::*;
use relayout_core::metrics::{Metrics, evaluate};
use relayout_core::rules::{DesignReport, RuleSet, check};

use crate::document::SceneDoc;

/// The metrics of the current poses.
#[derive(Resource, Default, Debug)]
pub struct LiveMetrics {
    /// The document revision they were computed for.
    pub revision: u64,
    /// The metrics, when every object has a pose.
    pub metrics: Option<Metrics>,
    /// The design rules, when every object has a pose.
    pub design: Option<DesignReport>,
    /// Why there are none.
    pub error: Option<String>,
}

/// Adds the live metrics.
pub fn plugin(app: &mut App) {
    app.init_resource::<LiveMetrics>()
        .add_systems(PostUpdate, update_metrics);
}

/// Recomputes the metrics after a change.
pub fn update_metrics(doc: Option<Res<SceneDoc>>, mut live: ResMut<LiveMetrics>) {
    let Some(doc) = doc else { return };
    if live.revision == doc.revision {
        return;
    }
    live.revision = doc.revision;
    match evaluate(&doc.scene, &doc.scene.poses) {
        Ok(m) => {
            live.metrics = Some(m);
            live.design = check(&doc.scene, &doc.scene.poses, RuleSet::All).ok();
            live.error = None;
        }
        Err(e) => {
            live.metrics = None;
            live.design = None;
            live.error = Some(e.to_string());
        }
    }
}
