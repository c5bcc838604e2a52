//! The kitchen work triangle.

use super::roles::{Role, counter_holds};
use super::{Layout, RuleOutcome, TRIANGLE_LEG_MAX, TRIANGLE_TOTAL_MAX};
use crate::geometry::Vec2;
use crate::geometry::vec2::point_segment_distance;
use crate::scene::{Object, Scene};

const RULE: &str = "work_triangle";

/// The ends of a piece's front edge.
fn front_edge(l: &Layout<'_>, i: usize) -> (Vec2<f64>, Vec2<f64>) {
    let f = &l.fps[i];
    let c = l.front_centre(i);
    (c - f.u * f.hx, c + f.u * f.hx)
}

/// A leg's length: front centre to front centre; a counter's whole front edge counts (one
/// works anywhere along it).
fn leg(l: &Layout<'_>, a: usize, b: usize) -> f64 {
    let counter = |i: usize| l.roles[i] == Some(Role::Counter);
    if !counter(a) && !counter(b) {
        return (l.front_centre(a) - l.front_centre(b)).len();
    }
    let (a0, a1) = front_edge(l, a);
    let (b0, b1) = front_edge(l, b);
    let d = [
        point_segment_distance(a0, b0, b1),
        point_segment_distance(a1, b0, b1),
        point_segment_distance(b0, a0, a1),
        point_segment_distance(b1, a0, a1),
    ];
    d.into_iter().fold(f64::INFINITY, f64::min)
}

/// The corners of the kitchen's work triangle among `objects` (with their `roles`), by index,
/// each once: the sink, the hob and the fridge; a counter stands for the sink or the hob it
/// holds (by its description), or for both when the room has no separate ones.
fn corners(objects: &[Object], roles: &[Option<Role>]) -> Vec<(usize, &'static str)> {
    let with_role = |role: Role| {
        (0..roles.len())
            .filter(move |&i| roles[i] == Some(role))
            .collect::<Vec<_>>()
    };
    let counters = with_role(Role::Counter);
    let pick = |role: Role, words: &[&str]| {
        with_role(role)
            .first()
            .copied()
            .or_else(|| {
                counters
                    .iter()
                    .copied()
                    .find(|&c| counter_holds(&objects[c], words))
            })
            .or_else(|| counters.first().copied())
    };
    let sink = pick(Role::Sink, &["sink", "basin"]);
    let hob = pick(Role::Hob, &["hob", "stove", "cooktop", "cooker", "range"]);
    let fridge = with_role(Role::Fridge).first().copied();
    let mut points: Vec<(usize, &'static str)> = Vec::new();
    for (p, name) in [(sink, "sink"), (hob, "hob"), (fridge, "fridge")] {
        if let Some(i) = p
            && !points.iter().any(|(j, _)| *j == i)
        {
            points.push((i, name));
        }
    }
    points
}

/// The pieces of `scene` the work triangle joins (the sink, the hob and the fridge, or the
/// counters standing for them), by index: what a planner keeps within reach of each other.
pub fn triangle_pieces(scene: &Scene) -> Vec<usize> {
    let roles: Vec<Option<Role>> = scene.objects.iter().map(super::roles::role).collect();
    corners(&scene.objects, &roles)
        .into_iter()
        .map(|(i, _)| i)
        .collect()
}

pub(super) fn work_triangle(l: &Layout<'_>) -> RuleOutcome {
    let points = corners(&l.scene.objects, l.roles);
    if points.len() < 2 {
        return RuleOutcome::not_applicable(
            RULE,
            if points.is_empty() {
                "no kitchen in the room"
            } else {
                "one kitchen piece: no triangle to make"
            },
        );
    }
    let mut failures = Vec::new();
    let mut total = 0.0;
    let mut legs = 0;
    for x in 0..points.len() {
        for y in x + 1..points.len() {
            let ((a, _), (b, _)) = (points[x], points[y]);
            let d = leg(l, a, b);
            total += d;
            legs += 1;
            if d > TRIANGLE_LEG_MAX {
                l.fail(&mut failures, vec![l.id(a), l.id(b)], || {
                    format!(
                        "{} is {d:.1} m from {} (at most {TRIANGLE_LEG_MAX} m)",
                        l.id(b),
                        l.id(a)
                    )
                });
            }
        }
    }
    let mut cases = legs;
    if points.len() == 3 {
        cases += 1;
        if total > TRIANGLE_TOTAL_MAX {
            l.fail(&mut failures, points.iter().map(|(i, _)| l.id(*i)).collect(), || format!("the work triangle's legs add up to {total:.1} m (at most {TRIANGLE_TOTAL_MAX} m)"));
        }
    }
    let ids: Vec<String> = points.iter().map(|(i, _)| l.id(*i)).collect();
    RuleOutcome::from_cases(
        RULE,
        cases,
        failures,
        || ids.clone(),
        || {
            format!(
                "{} within reach of each other ({total:.1} m in all)",
                ids.join(", ")
            )
        },
    )
}
