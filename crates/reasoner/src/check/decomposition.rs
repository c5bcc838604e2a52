//! Stage 1: every object exactly once, no invented ids, unit ids that are new.

use std::collections::{BTreeMap, HashSet};

use relayout_core::scene::Scene;

use crate::answer::Decomposition;

/// Problems of a decomposition of `scene`'s objects.
pub fn check_decomposition(scene: &Scene, d: &Decomposition) -> Vec<String> {
    let mut out = Vec::new();
    let objects: HashSet<&str> = scene.objects.iter().map(|o| o.id.as_str()).collect();
    let mut unit_ids = HashSet::new();
    // Where each object was put, to report the second placement against the first.
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    let mut place = |out: &mut Vec<String>, id: &str, at: String| {
        if !objects.contains(id) {
            out.push(format!(
                "{at}: unknown object \"{id}\"; use only the listed object ids"
            ));
            return;
        }
        if let Some(first) = seen.get(id) {
            out.push(format!(
                "{at}: \"{id}\" is already placed at {first}; each object belongs to exactly one \
                 unit or is independent"
            ));
        } else {
            seen.insert(scene_id(&objects, id), at);
        }
    };
    for (i, u) in d.units.iter().enumerate() {
        let at = format!("units[{i}]");
        if u.id.trim().is_empty() {
            out.push(format!("{at}.id: must not be empty"));
        } else if objects.contains(u.id.as_str()) {
            out.push(format!(
                "{at}.id: \"{}\" is an object id; give the unit a new name",
                u.id
            ));
        } else if !unit_ids.insert(u.id.as_str()) {
            out.push(format!("{at}.id: duplicate unit id \"{}\"", u.id));
        }
        place(&mut out, &u.anchor, format!("{at}.anchor"));
        for (k, m) in u.members.iter().enumerate() {
            if *m == u.anchor {
                out.push(format!(
                    "{at}.members[{k}]: \"{m}\" is the unit's anchor; list only the other objects"
                ));
                continue;
            }
            place(&mut out, m, format!("{at}.members[{k}]"));
        }
    }
    for (k, id) in d.independent.iter().enumerate() {
        place(&mut out, id, format!("independent[{k}]"));
    }
    let missing: Vec<&str> = scene
        .objects
        .iter()
        .map(|o| o.id.as_str())
        .filter(|id| !seen.contains_key(id))
        .collect();
    if !missing.is_empty() {
        out.push(format!(
            "objects missing from the answer: {}; each must be an anchor, a member or independent",
            quoted(&missing)
        ));
    }
    out
}

fn scene_id<'a>(objects: &HashSet<&'a str>, id: &str) -> &'a str {
    objects.get(id).copied().unwrap_or("")
}

/// `"a", "b"`.
pub(crate) fn quoted(ids: &[&str]) -> String {
    ids.iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
