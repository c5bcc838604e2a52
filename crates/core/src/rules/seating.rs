//! Seats where they are used: chairs at their tables and desks, the sofa facing the TV.

use super::roles::Role;
use super::{
    Layout, RuleOutcome, SEAT_ANGLE_MAX, SEAT_GAP_MAX, VIEW_ANGLE_MAX, VIEW_DISTANCE, angle_between,
};
use crate::geometry::{Footprint, Vec2, gap};

/// The point of `f` nearest to `p` (`p` itself when inside).
fn closest_point(f: &Footprint<f64>, p: Vec2<f64>) -> Vec2<f64> {
    let d = p - f.center;
    let x = d.dot(f.u).clamp(-f.hx, f.hx);
    let y = d.dot(f.v).clamp(-f.hy, f.hy);
    f.center + f.u * x + f.v * y
}

pub(super) fn chairs_at_tables(l: &Layout<'_>) -> RuleOutcome {
    const RULE: &str = "chairs_at_tables";
    let seats = l.with_role(Role::TableSeat);
    let mut tables = l.with_role(Role::Table);
    tables.extend(l.with_role(Role::Desk));
    // Stools stand at a bar counter or a kitchen island.
    tables.extend(l.with_role(Role::Counter));
    if seats.is_empty() {
        return RuleOutcome::not_applicable(RULE, "no chair that belongs at a table or desk");
    }
    if tables.is_empty() {
        return RuleOutcome::not_applicable(RULE, "no table or desk for the chairs");
    }
    let mut failures = Vec::new();
    for &c in &seats {
        let centre = l.fps[c].center;
        // The angle between the chair's front and the nearest point of table `t`.
        let turned = |t: usize| {
            let towards = closest_point(&l.fps[t], centre) - centre;
            if towards.len() > 1e-6 {
                angle_between(l.fps[c].v, towards)
            } else {
                0.0
            }
        };
        // The exact gap only for tables whose boxes come within reach (and, for the message,
        // the nearest by box when none does).
        let reach = l.boxes[c].grown(SEAT_GAP_MAX);
        let mut near: Vec<(usize, f64)> = tables
            .iter()
            .filter(|&&t| l.boxes[t].touches(&reach))
            .map(|&t| (t, gap(&l.fps[c], &l.fps[t])))
            .collect();
        if near.is_empty()
            && let Some(&t) = tables.iter().min_by(|&&a, &&b| {
                let d = |t: usize| (l.fps[t].center - l.fps[c].center).len();
                d(a).total_cmp(&d(b))
            })
        {
            near.push((t, gap(&l.fps[c], &l.fps[t])));
        }
        // Of the tables within reach, the one the chair faces best; else the nearest.
        let at = near
            .iter()
            .filter(|(_, g)| *g <= SEAT_GAP_MAX)
            .map(|&(t, _)| (t, turned(t)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match at {
            Some((t, a)) if a > SEAT_ANGLE_MAX => l.fail(&mut failures, vec![l.id(c)], || {
                format!(
                    "{} is turned {a:.0}° away from {} (at most {SEAT_ANGLE_MAX}°)",
                    l.id(c),
                    l.id(t)
                )
            }),
            Some(_) => {}
            None => {
                if let Some(&(t, g)) = near.iter().min_by(|a, b| a.1.total_cmp(&b.1)) {
                    l.fail(&mut failures, vec![l.id(c)], || {
                        format!(
                            "{} is {g:.2} m from the nearest table or desk ({}; at most \
                             {SEAT_GAP_MAX} m)",
                            l.id(c),
                            l.id(t)
                        )
                    });
                }
            }
        }
    }
    RuleOutcome::from_cases(
        RULE,
        seats.len(),
        failures,
        || l.ids(&seats),
        || {
            format!(
                "{} chair(s) at their tables and desks, facing them",
                seats.len()
            )
        },
    )
}

/// A screen's diagonal from its width (16:9), metres.
pub fn diagonal_m(width: f64) -> f64 {
    width / 0.8716
}

pub(super) fn seating_faces_tv(l: &Layout<'_>) -> RuleOutcome {
    const RULE: &str = "seating_faces_tv";
    let (tv, screen_width) = match (
        l.with_role(Role::Tv).first(),
        l.with_role(Role::TvStand).first(),
    ) {
        (Some(&t), _) => (t, l.scene.objects[t].size[0]),
        // A stand without a screen: a screen about as wide as the stand.
        (None, Some(&s)) => (s, 0.8 * l.scene.objects[s].size[0]),
        (None, None) => return RuleOutcome::not_applicable(RULE, "no TV"),
    };
    let Some(seat) = l.largest(Role::Lounge) else {
        return RuleOutcome::not_applicable(RULE, "no sofa or armchair to watch from");
    };
    let (s, t) = (&l.fps[seat], &l.fps[tv]);
    let mut failures = Vec::new();
    let a = angle_between(s.v, t.center - s.center);
    if a > VIEW_ANGLE_MAX {
        l.fail(&mut failures, vec![l.id(seat)], || {
            format!(
                "{} is turned {a:.0}° from {} (at most {VIEW_ANGLE_MAX}°)",
                l.id(seat),
                l.id(tv)
            )
        });
    }
    let b = angle_between(t.v, s.center - t.center);
    if b > VIEW_ANGLE_MAX {
        l.fail(&mut failures, vec![l.id(tv)], || {
            format!(
                "{} faces {b:.0}° away from {} (at most {VIEW_ANGLE_MAX}°)",
                l.id(tv),
                l.id(seat)
            )
        });
    }
    let d = (t.center - s.center).len();
    let diag = diagonal_m(screen_width);
    let (lo, hi) = (VIEW_DISTANCE[0] * diag, VIEW_DISTANCE[1] * diag);
    if d < lo || d > hi {
        l.fail(&mut failures, vec![l.id(seat), l.id(tv)], || {
            format!(
                "{} is {d:.1} m from {}; {lo:.1}–{hi:.1} m suits its {:.0}-inch screen",
                l.id(seat),
                l.id(tv),
                diag / 0.0254
            )
        });
    }
    RuleOutcome::from_cases(
        RULE,
        3,
        failures,
        || vec![l.id(seat), l.id(tv)],
        || format!("{} faces {} at {d:.1} m", l.id(seat), l.id(tv)),
    )
}
