//! Stage 4: cognitive maps list exactly the expected ids, with finite numbers.

use std::collections::BTreeSet;

use crate::answer::{Decomposition, MapPose, UnitPlan};

fn check_poses(
    poses: &[MapPose],
    expected: &[&str],
    allowed_extra: &[&str],
    what: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, p) in poses.iter().enumerate() {
        let at = format!("poses[{i}]");
        if !expected.contains(&p.id.as_str()) && !allowed_extra.contains(&p.id.as_str()) {
            out.push(format!(
                "{at}.id: \"{}\" is not {what}; expected one of {}",
                p.id,
                super::decomposition::quoted(expected)
            ));
            continue;
        }
        if !seen.insert(p.id.as_str()) {
            out.push(format!("{at}.id: \"{}\" is listed twice", p.id));
        }
        for (name, v) in [("x", p.x), ("y", p.y), ("rz", p.rz)] {
            if !v.is_finite() || v.abs() > 1e4 {
                out.push(format!(
                    "{at}.{name}: must be a finite, plausible number, got {v}"
                ));
            }
        }
    }
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|id| !seen.contains(id))
        .collect();
    if !missing.is_empty() {
        out.push(format!(
            "poses missing for {}",
            super::decomposition::quoted(&missing)
        ));
    }
    out
}

/// Problems of a unit's local map: every member once; the anchor, if listed, at the origin.
pub fn check_local_map(unit: &UnitPlan, poses: &[MapPose]) -> Vec<String> {
    let members: Vec<&str> = unit.members.iter().map(String::as_str).collect();
    let mut out = check_poses(
        poses,
        &members,
        &[unit.anchor.as_str()],
        "a member of this unit",
    );
    for (i, p) in poses.iter().enumerate() {
        if p.id == unit.anchor && (p.x.abs() > 0.01 || p.y.abs() > 0.01 || p.rz.abs() > 0.5) {
            out.push(format!(
                "poses[{i}]: the anchor \"{}\" is the map's origin; give it x = 0, y = 0, rz = 0 or leave it out",
                p.id
            ));
        }
    }
    out
}

/// Problems of the global map: every unit and independent object once.
pub fn check_global_map(d: &Decomposition, poses: &[MapPose]) -> Vec<String> {
    let expected: Vec<&str> = d
        .units
        .iter()
        .map(|u| u.id.as_str())
        .chain(d.independent.iter().map(String::as_str))
        .collect();
    check_poses(poses, &expected, &[], "a unit or an independent object")
}
