//! Doors and windows: swings and windows kept clear, desks lit from the side or front.

use super::roles::Role;
use super::{BLOCK_TOL, DAYLIGHT_ANGLE_MAX, Layout, RuleOutcome, angle_between};
use crate::geometry::{Footprint, Vec2};
use crate::scene::{Opening, OpeningKind};

/// Depth of floor in front of a window that a tall piece must leave, metres.
const WINDOW_STRIP: f64 = 0.3;
/// A window's sill when the scene does not give one, metres.
const DEFAULT_SILL: f64 = 0.9;

/// A window's centre and the strip of floor in front of it.
fn window_strip(l: &Layout<'_>, o: &Opening) -> Option<(Vec2<f64>, Footprint<f64>)> {
    let (a, b) = l.room.opening_segment(&o.wall, o.offset, o.width)?;
    let n = l.room.wall(&o.wall)?.n;
    let mid = (a + b) * 0.5;
    let strip = Footprint {
        center: mid + n * (0.5 * WINDOW_STRIP),
        u: Vec2::cst(n.y, -n.x),
        v: n,
        hx: 0.5 * o.width,
        hy: 0.5 * WINDOW_STRIP,
        yaw: (-n.x).atan2(n.y),
    };
    Some((mid, strip))
}

fn windows<'a>(l: &Layout<'a>) -> Vec<&'a Opening> {
    l.scene
        .room
        .openings
        .iter()
        .filter(|o| o.kind == OpeningKind::Window)
        .collect()
}

pub(super) fn openings_clear(l: &Layout<'_>) -> RuleOutcome {
    const RULE: &str = "openings_clear";
    let doors: Vec<&Opening> = l
        .scene
        .room
        .openings
        .iter()
        .filter(|o| o.kind == OpeningKind::Door)
        .collect();
    let windows = windows(l);
    if doors.is_empty() && windows.is_empty() {
        return RuleOutcome::not_applicable(RULE, "no door or window");
    }
    let mut failures = Vec::new();
    let mut cases = 0;
    for (d, swing) in doors.iter().zip(&l.room.door_swings) {
        cases += 1;
        let blockers = l.blockers(swing, &[]);
        if !blockers.is_empty() {
            l.fail(&mut failures, l.ids(&blockers), || {
                format!(
                    "{} in the swing of the door on wall {}",
                    l.ids(&blockers).join(", "),
                    d.wall
                )
            });
        }
    }
    for w in &windows {
        let Some((_, strip)) = window_strip(l, w) else {
            continue;
        };
        cases += 1;
        let sill = w.sill.unwrap_or(DEFAULT_SILL);
        let tall: Vec<usize> = (0..l.fps.len())
            .filter(|&i| !l.at_window[i])
            .filter(|&i| l.placed.z[i] + l.scene.objects[i].size[2] > sill + 0.05)
            .filter(|&i| l.placed.z[i] < sill + w.height.unwrap_or(1.2))
            .filter(|&i| l.boxes[i].overlaps_by(&strip.aabb(), BLOCK_TOL))
            .filter(|&i| crate::geometry::penetration(&strip, &l.fps[i]).depth > BLOCK_TOL)
            .collect();
        if !tall.is_empty() {
            l.fail(&mut failures, l.ids(&tall), || {
                format!(
                    "{} stands against the window on wall {} (taller than its {sill} m sill)",
                    l.ids(&tall).join(", "),
                    w.wall
                )
            });
        }
    }
    RuleOutcome::from_cases(RULE, cases, failures, Vec::new, || {
        "door swings and windows clear".to_owned()
    })
}

pub(super) fn desk_daylight(l: &Layout<'_>) -> RuleOutcome {
    const RULE: &str = "desk_daylight";
    let desks = l.with_role(Role::Desk);
    if desks.is_empty() {
        return RuleOutcome::not_applicable(RULE, "no desk");
    }
    let centres: Vec<Vec2<f64>> = windows(l)
        .iter()
        .filter_map(|w| window_strip(l, w).map(|(c, _)| c))
        .collect();
    if centres.is_empty() {
        return RuleOutcome::not_applicable(RULE, "no window");
    }
    let mut failures = Vec::new();
    for &d in &desks {
        let f = &l.fps[d];
        // The person at the desk sits at its front and looks across it, towards its back.
        let gaze = -f.v;
        let best = centres
            .iter()
            .map(|c| angle_between(gaze, *c - f.center))
            .fold(f64::INFINITY, f64::min);
        if best > DAYLIGHT_ANGLE_MAX {
            l.fail(&mut failures, vec![l.id(d)], || {
                format!(
                    "the daylight on {} comes from behind whoever sits there (the best window is \
                     {best:.0}° off their view; at most {DAYLIGHT_ANGLE_MAX}°)",
                    l.id(d)
                )
            });
        }
    }
    RuleOutcome::from_cases(
        RULE,
        desks.len(),
        failures,
        || l.ids(&desks),
        || format!("{} desk(s) lit from the front or side", desks.len()),
    )
}
