//! The last room plan, kept for the next stage that asks for the same one: stage 3 (the global
//! relations) and the global map are both the same plan of the same units, asked for in two
//! calls. The key is the plan's whole input, so a different scene, unit map or revision's
//! options plans afresh; and a kept plan is served once.

use std::collections::BTreeMap;
use std::sync::Mutex;

use relayout_core::scene::Scene;

use super::room_plan::{PlanOptions, RoomPlan, plan_room};
use crate::answer::{Decomposition, MapPose};
use crate::backend::UnitExtent;

static LAST: Mutex<Option<(String, RoomPlan)>> = Mutex::new(None);

/// [`plan_room`], or the plan it made last for the same input.
pub fn plan_room_once(
    scene: &Scene,
    d: &Decomposition,
    extents: &[UnitExtent],
    local_maps: &BTreeMap<String, Vec<MapPose>>,
    opts: &PlanOptions,
) -> RoomPlan {
    let key = serde_json::to_string(&(scene, d, extents, local_maps))
        .map(|k| format!("{k}{opts:?}"))
        .ok();
    // Served once: the next run of the same scene (a benchmark's repeat) plans afresh.
    if let Some(k) = &key
        && let Ok(mut last) = LAST.lock()
        && last.as_ref().is_some_and(|(lk, _)| lk == k)
        && let Some((_, plan)) = last.take()
    {
        return plan;
    }
    let plan = plan_room(scene, d, extents, local_maps, opts);
    if let (Some(k), Ok(mut last)) = (key, LAST.lock()) {
        *last = Some((k, plan.clone()));
    }
    plan
}
