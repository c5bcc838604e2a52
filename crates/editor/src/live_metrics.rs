//! The metrics and design rules of the document, kept current as it changes (the metrics panel
//! and the warnings read them). While a piece is dragged the design rules run without the
//! walkers' grid searches (the fast set); every rule runs again when the drag ends.

use bevy::prelude::*;
use relayout_core::metrics::{Metrics, evaluate};
use relayout_core::rules::{DesignReport, RuleSet, check};

use crate::document::SceneDoc;
use crate::selection::Hovered;

/// The metrics of the current poses.
#[derive(Resource, Default, Debug)]
pub struct LiveMetrics {
    /// The document revision they were computed for.
    pub revision: u64,
    /// The metrics, when every object has a pose.
    pub metrics: Option<Metrics>,
    /// The design rules, when every object has a pose.
    pub design: Option<DesignReport>,
    /// Which rules `design` ran: the fast set while dragging, all of them otherwise.
    pub rules: Option<RuleSet>,
    /// Why there are none.
    pub error: Option<String>,
}

/// Adds the live metrics.
pub fn plugin(app: &mut App) {
    app.init_resource::<LiveMetrics>()
        .add_systems(PostUpdate, update_metrics);
}

/// Recomputes the metrics after a change, and every design rule once a drag ends.
pub fn update_metrics(
    doc: Option<Res<SceneDoc>>,
    hovered: Option<Res<Hovered>>,
    mut live: ResMut<LiveMetrics>,
) {
    let Some(doc) = doc else { return };
    let set = if hovered.is_some_and(|h| h.dragging) {
        RuleSet::Fast
    } else {
        RuleSet::All
    };
    let changed = live.revision != doc.revision;
    // A drag that ended leaves the fast set's report: run every rule on the same poses.
    let fuller = live.rules == Some(RuleSet::Fast) && set == RuleSet::All;
    if !changed && !fuller {
        return;
    }
    live.revision = doc.revision;
    if changed {
        match evaluate(&doc.scene, &doc.scene.poses) {
            Ok(m) => {
                live.metrics = Some(m);
                live.error = None;
            }
            Err(e) => {
                live.metrics = None;
                live.design = None;
                live.rules = None;
                live.error = Some(e.to_string());
                return;
            }
        }
    }
    if live.metrics.is_some() {
        live.design = check(&doc.scene, &doc.scene.poses, set).ok();
        live.rules = live.design.as_ref().map(|_| set);
    }
}
