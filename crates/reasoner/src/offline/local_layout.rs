//! Stage 4, offline, inside a unit: poses in the anchor's frame that satisfy the unit's
//! relations exactly, found by following the placement chains from the anchor outwards
//! (each member placed from a target already placed), with the same geometry as relayout-core's
//! residuals: side gaps and alignments measured in the target's frame, `facing` (ortho) turning
//! the source square to the side it stands on, `around` spreading sources over the sweep.

use std::collections::BTreeMap;
use std::f64::consts::{FRAC_PI_2, PI};

use relayout_core::geometry::{Footprint, Frame, Vec2, yaw_facing};
use relayout_core::relation::{FacingMode, Relation};
use relayout_core::scene::Scene;

use crate::answer::{MapPose, UnitPlan};

struct Ctx<'a> {
    scene: &'a Scene,
    frames: BTreeMap<String, Frame<f64>>,
}

impl Ctx<'_> {
    fn size(&self, id: &str) -> [f64; 3] {
        self.scene
            .object_index(id)
            .map_or([0.5, 0.5, 0.5], |i| self.scene.objects[i].size)
    }

    fn footprint(&self, id: &str, f: Frame<f64>) -> Footprint<f64> {
        let s = self.size(id);
        Footprint::new(f, Vec2::cst(0.0, 0.0), [s[0], s[1]])
    }
}

/// The yaw a relation set asks of `source` once it stands at `pos` (relative to `target`'s
/// frame `tf`), or the target's yaw when nothing asks.
fn wanted_yaw(
    ctx: &Ctx<'_>,
    relations: &[Relation],
    source: &str,
    pos: Vec2<f64>,
    tf: Frame<f64>,
) -> f64 {
    for r in relations {
        match r {
            Relation::Facing {
                source: s,
                target: Some(t),
                mode,
                ..
            } if s == source => {
                let Some(&f) = ctx.frames.get(t) else {
                    continue;
                };
                let fp = ctx.footprint(t, f);
                return match mode {
                    FacingMode::Radial => yaw_facing(fp.center - pos),
                    FacingMode::Ortho => {
                        let d = pos - fp.center;
                        let (qx, qy) = (d.dot(fp.u), d.dot(fp.v));
                        let turn = if qx.abs() / fp.hx.max(1e-6) > qy.abs() / fp.hy.max(1e-6) {
                            if qx > 0.0 { FRAC_PI_2 } else { -FRAC_PI_2 }
                        } else if qy > 0.0 {
                            PI
                        } else {
                            0.0
                        };
                        f.yaw + turn
                    }
                };
            }
            Relation::Align {
                source: s,
                target: t,
                angle,
            } if s == source => {
                if let Some(f) = ctx.frames.get(t) {
                    return f.yaw + angle.to_radians();
                }
            }
            _ => {}
        }
    }
    tf.yaw
}

/// Where a side relation puts `source` (yaw given) next to the target at `tf`.
fn side_position(
    ctx: &Ctx<'_>,
    r: &Relation,
    source: &str,
    yaw: f64,
    target: &str,
    tf: Frame<f64>,
) -> Vec2<f64> {
    let fb = ctx.footprint(target, tf);
    let fa = ctx.footprint(source, Frame::new(0.0, 0.0, yaw));
    let (ex, ey) = (fa.radius_along(fb.u), fa.radius_along(fb.v));
    let (hx, hy) = (fb.hx, fb.hy);
    let (c, a) = match r {
        Relation::LeftOf {
            clearance, align, ..
        }
        | Relation::RightOf {
            clearance, align, ..
        }
        | Relation::InFrontOf {
            clearance, align, ..
        }
        | Relation::Behind {
            clearance, align, ..
        } => (*clearance, align.fraction()),
        _ => (0.0, 0.5),
    };
    let lerp = |lo: f64, hi: f64| lo + (hi - lo) * a;
    let (qx, qy) = match r {
        Relation::LeftOf { .. } => (-(ex + hx + c), lerp(ey - hy, hy - ey)),
        Relation::RightOf { .. } => (ex + hx + c, lerp(ey - hy, hy - ey)),
        Relation::InFrontOf { .. } => (lerp(ex - hx, hx - ex), ey + hy + c),
        _ => (lerp(ex - hx, hx - ex), -(ey + hy + c)),
    };
    fb.center + fb.u * qx + fb.v * qy
}

/// Places `source` by relation `r` from its placed target; `None` when the target is not placed.
fn place(
    ctx: &Ctx<'_>,
    relations: &[Relation],
    r: &Relation,
    source: &str,
    k: usize,
) -> Option<Frame<f64>> {
    match r {
        Relation::LeftOf { target, .. }
        | Relation::RightOf { target, .. }
        | Relation::InFrontOf { target, .. }
        | Relation::Behind { target, .. } => {
            let tf = *ctx.frames.get(target)?;
            // Position with the target's yaw, then turn as asked, then position again: the
            // extents along the target's axes depend on the turn.
            let p0 = side_position(ctx, r, source, tf.yaw, target, tf);
            let yaw = wanted_yaw(ctx, relations, source, p0, tf);
            let p = side_position(ctx, r, source, yaw, target, tf);
            Some(Frame::new(p.x, p.y, yaw))
        }
        Relation::OnTopOf { target, .. } => {
            let tf = *ctx.frames.get(target)?;
            let (s, t) = (ctx.size(source), ctx.size(target));
            // Towards the back-left corner when there is room, so a lamp leaves the top usable.
            let dx = (0.5 * (t[0] - s[0]) - 0.05).max(0.0);
            let dy = (0.5 * (t[1] - s[1]) - 0.05).max(0.0);
            let p = tf.apply(Vec2::cst(-dx.min(0.25), -dy.min(0.15)));
            Some(Frame::new(p.x, p.y, tf.yaw))
        }
        Relation::Around {
            sources,
            target,
            distance,
            sweep,
        } => {
            let tf = *ctx.frames.get(target)?;
            let n = sources.len().max(1) as f64;
            let sweep = sweep.to_radians();
            let phi = if sweep >= 2.0 * PI - 1e-9 {
                2.0 * PI * k as f64 / n
            } else {
                -0.5 * sweep + sweep * (k as f64 + 0.5) / n
            };
            let fb = ctx.footprint(target, tf);
            let d = fb.u * (-phi.sin()) + fb.v * phi.cos();
            let s = ctx.size(source);
            let reach = fb.radius_along(d) + distance + 0.5 * s[1];
            let p = fb.center + d * reach;
            Some(Frame::new(p.x, p.y, yaw_facing(-d)))
        }
        _ => None,
    }
}

/// The members' poses in the anchor's frame.
pub fn local_layout(scene: &Scene, unit: &UnitPlan, relations: &[Relation]) -> Vec<MapPose> {
    let mut ctx = Ctx {
        scene,
        frames: BTreeMap::from([(unit.anchor.clone(), Frame::new(0.0, 0.0, 0.0))]),
    };
    // Follow the chains: each pass places what can be placed, at most one pass per member.
    for _ in 0..=unit.members.len() {
        let mut progress = false;
        for m in &unit.members {
            if ctx.frames.contains_key(m) {
                continue;
            }
            let found = relations.iter().find_map(|r| match r {
                Relation::Around { sources, .. } => {
                    let k = sources.iter().position(|s| s == m)?;
                    place(&ctx, relations, r, m, k)
                }
                _ => {
                    let refs = r.references();
                    let is_source = refs
                        .first()
                        .is_some_and(|(f, id)| f == "source" && *id == m);
                    if is_source {
                        place(&ctx, relations, r, m, 0)
                    } else {
                        None
                    }
                }
            });
            if let Some(f) = found {
                ctx.frames.insert(m.clone(), f);
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    // Whatever no chain reached goes in front of the anchor, in a row, so that it shows.
    let anchor = ctx.size(&unit.anchor);
    let mut x = -0.5 * anchor[0];
    for m in &unit.members {
        if !ctx.frames.contains_key(m) {
            let s = ctx.size(m);
            let f = Frame::new(x + 0.5 * s[0], 0.5 * anchor[1] + 0.3 + 0.5 * s[1], PI);
            x += s[0] + 0.1;
            ctx.frames.insert(m.clone(), f);
        }
    }
    unit.members
        .iter()
        .filter_map(|m| {
            let f = ctx.frames.get(m)?;
            Some(MapPose {
                id: m.clone(),
                x: round(f.x),
                y: round(f.y),
                rz: round(relayout_core::geometry::wrap_angle(f.yaw).to_degrees()),
            })
        })
        .collect()
}

/// Millimetres and thousandths of a degree are plenty for a map, and keep traces readable.
pub fn round(v: f64) -> f64 {
    let r = (v * 1000.0).round() / 1000.0;
    if r == 0.0 { 0.0 } else { r }
}
