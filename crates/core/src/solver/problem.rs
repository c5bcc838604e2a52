//! The solver's objective over the mixed pose representation (DESIGN §6): independent objects
//! and units carry poses in the room frame; unit members carry poses in their anchor's frame, and
//! their world pose is `P_unit ⊕ p_local`. Every loss term has an exact gradient (dual numbers
//! for the geometry, the chain rule through ⊕ by hand).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::geometry::{Aabb2, Dual, Footprint, Frame, Real, RoomShape, Vec2, penetration};
use crate::placement::{UnitBox, heights, object_body, stacked_pairs, unit_box};
use crate::relation::residual::{Residual, blocks_floor, front_strip, residuals};
use crate::relation::{Body, BoundTerm, Entity, Term, resolve};
use crate::scene::{Pose, Scene};

/// A unit's joint box in its anchor's frame, and for each bound (min x, min y, max x, max y)
/// the object and corner offset (in that object's frame) that attains it.
#[derive(Clone, Copy, Debug)]
pub struct UnitExtent {
    /// Least x and y, metres.
    pub lo: [f64; 2],
    /// Greatest x and y, metres.
    pub hi: [f64; 2],
    /// Attaining object and corner offset per bound.
    pub arg: [(usize, Vec2<f64>); 4],
    /// Lowest bottom, metres.
    pub z0: f64,
    /// Height of the whole, metres.
    pub height: f64,
}

/// Where an object's pose lives in the parameter vector.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Placement {
    /// An independent object: parameters `p..p+3` are its world pose.
    Free {
        /// Parameter offset.
        p: usize,
    },
    /// A unit's anchor: its world pose is the unit's pose.
    Anchor {
        /// Unit index.
        unit: usize,
    },
    /// A unit member: parameters `p..p+3` are its pose in the anchor's frame.
    Member {
        /// Unit index.
        unit: usize,
        /// Parameter offset.
        p: usize,
    },
}

/// Weights of the loss terms.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Relation residuals.
    pub relation: f64,
    /// Squared penetration between objects.
    pub collision: f64,
    /// Squared distance outside the room.
    pub boundary: f64,
    /// Squared penetration into door swings.
    pub door: f64,
    /// Pull of yaws towards multiples of 90°.
    pub prior: f64,
}

/// The weighted value of each loss term.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Relations.
    pub relation: f64,
    /// Collisions.
    pub collision: f64,
    /// Out of the room.
    pub boundary: f64,
    /// Door swings.
    pub door: f64,
    /// Yaw prior.
    pub prior: f64,
}

impl Breakdown {
    /// The total loss.
    pub fn total(&self) -> f64 {
        self.relation + self.collision + self.boundary + self.door + self.prior
    }
}

/// A scene prepared for optimisation.
pub struct Problem<'a> {
    /// The scene.
    pub scene: &'a Scene,
    /// Its room.
    pub room: RoomShape,
    /// Its relations as terms.
    pub terms: Vec<BoundTerm>,
    /// Where each object's pose lives.
    pub placement: Vec<Placement>,
    /// Parameter offset of each unit's pose.
    pub unit_param: Vec<usize>,
    /// Objects of each unit, anchor first.
    pub unit_objects: Vec<Vec<usize>>,
    /// Bottom height of each object.
    pub z: Vec<f64>,
    /// Pairs that may collide: they overlap in height and neither rests on the other.
    pub pairs: Vec<(usize, usize)>,
    /// Objects that must keep out of door swings.
    pub door_blockers: Vec<usize>,
    /// Parameter indices of yaws.
    pub yaws: Vec<usize>,
    /// Number of parameters.
    pub n_params: usize,
}

impl<'a> Problem<'a> {
    /// Prepares a valid scene.
    pub fn new(scene: &'a Scene) -> Self {
        let room = RoomShape::new(&scene.room);
        let terms = resolve(scene, &room);
        let n = scene.objects.len();
        let mut placement = vec![Placement::Free { p: usize::MAX }; n];
        let mut next = 0;
        let mut unit_param = Vec::new();
        let mut unit_objects = Vec::new();
        let mut yaws = Vec::new();
        for (u, _) in scene.units.iter().enumerate() {
            let objs = crate::relation::resolve::entity_objects(scene, Entity::Unit(u));
            unit_param.push(next);
            yaws.push(next + 2);
            next += 3;
            for (k, &i) in objs.iter().enumerate() {
                placement[i] = if k == 0 {
                    Placement::Anchor { unit: u }
                } else {
                    yaws.push(next + 2);
                    next += 3;
                    Placement::Member {
                        unit: u,
                        p: next - 3,
                    }
                };
            }
            unit_objects.push(objs);
        }
        for pl in placement.iter_mut() {
            if let Placement::Free { p } = pl
                && *p == usize::MAX
            {
                *p = next;
                yaws.push(next + 2);
                next += 3;
            }
        }
        let z = heights(scene, &scene.poses);
        let stacked: HashSet<(usize, usize)> = stacked_pairs(scene).into_iter().collect();
        let mut pairs = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                let top = (z[a] + scene.objects[a].size[2]).min(z[b] + scene.objects[b].size[2]);
                if top - z[a].max(z[b]) > crate::metrics::COLLISION_TOL
                    && !stacked.contains(&(a, b))
                {
                    pairs.push((a, b));
                }
            }
        }
        let door_blockers = (0..n)
            .filter(|&i| blocks_floor(z[i], scene.objects[i].size[2]))
            .collect();
        Problem {
            scene,
            room,
            terms,
            placement,
            unit_param,
            unit_objects,
            z,
            pairs,
            door_blockers,
            yaws,
            n_params: next,
        }
    }

    /// The unit's pose, from the parameters.
    pub fn unit_frame(&self, x: &[f64], u: usize) -> Frame<f64> {
        let p = self.unit_param[u];
        Frame::new(x[p], x[p + 1], x[p + 2])
    }

    /// An object's pose in its anchor's frame (identity for anchors; world pose for free objects).
    fn local_frame(&self, x: &[f64], i: usize) -> Frame<f64> {
        match self.placement[i] {
            Placement::Free { p } | Placement::Member { p, .. } => {
                Frame::new(x[p], x[p + 1], x[p + 2])
            }
            Placement::Anchor { .. } => Frame::new(0.0, 0.0, 0.0),
        }
    }

    /// World frames of every object.
    pub fn frames(&self, x: &[f64]) -> Vec<Frame<f64>> {
        (0..self.scene.objects.len())
            .map(|i| match self.placement[i] {
                Placement::Free { .. } => self.local_frame(x, i),
                Placement::Anchor { unit } => self.unit_frame(x, unit),
                Placement::Member { unit, .. } => {
                    self.unit_frame(x, unit).compose(self.local_frame(x, i))
                }
            })
            .collect()
    }

    /// Joint boxes of every unit at the parameters.
    pub fn unit_boxes(&self, x: &[f64]) -> Vec<UnitBox> {
        self.unit_objects
            .iter()
            .map(|objs| unit_box(self.scene, objs, |i| self.local_frame(x, i), &self.z))
            .collect()
    }

    /// Parameters that put the objects at these world frames.
    pub fn params_from_frames(&self, frames: &[Frame<f64>]) -> Vec<f64> {
        let mut x = vec![0.0; self.n_params];
        for (u, objs) in self.unit_objects.iter().enumerate() {
            let f = frames[objs[0]];
            let p = self.unit_param[u];
            x[p..p + 3].copy_from_slice(&[f.x, f.y, f.yaw]);
        }
        for (i, pl) in self.placement.iter().enumerate() {
            let f = match *pl {
                Placement::Free { .. } => frames[i],
                Placement::Member { unit, .. } => frames[self.unit_objects[unit][0]]
                    .inverse()
                    .compose(frames[i]),
                Placement::Anchor { .. } => continue,
            };
            if let Placement::Free { p } | Placement::Member { p, .. } = *pl {
                x[p..p + 3].copy_from_slice(&[f.x, f.y, f.yaw]);
            }
        }
        x
    }

    /// Poses (degrees, yaw wrapped to (−180°, 180°]) for the document.
    pub fn poses(&self, x: &[f64]) -> std::collections::BTreeMap<String, Pose> {
        self.frames(x)
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let rz = crate::geometry::wrap_angle(f.yaw).to_degrees();
                let pose = Pose {
                    x: f.x,
                    y: f.y,
                    z: self.z[i],
                    rz: if rz <= -180.0 + 1e-9 { 180.0 } else { rz },
                };
                (self.scene.objects[i].id.clone(), pose)
            })
            .collect()
    }

    /// A unit's joint box in its anchor's frame, with the member corner attaining each bound.
    pub fn unit_extent(&self, x: &[f64], u: usize) -> UnitExtent {
        let mut lo = [f64::MAX; 2];
        let mut hi = [f64::MIN; 2];
        let mut arg = [(0, Vec2::cst(0.0, 0.0)); 4];
        let (mut z0, mut top) = (f64::MAX, f64::MIN);
        for &i in &self.unit_objects[u] {
            let s = self.scene.objects[i].size;
            let local = self.local_frame(x, i);
            for (sx, sy) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
                let off = Vec2::cst(0.5 * s[0] * sx, 0.5 * s[1] * sy);
                let c = local.apply(off);
                for (k, v) in [c.x, c.y].into_iter().enumerate() {
                    if v < lo[k] {
                        lo[k] = v;
                        arg[k] = (i, off);
                    }
                    if v > hi[k] {
                        hi[k] = v;
                        arg[k + 2] = (i, off);
                    }
                }
            }
            z0 = z0.min(self.z[i]);
            top = top.max(self.z[i] + s[2]);
        }
        UnitExtent {
            lo,
            hi,
            arg,
            z0,
            height: top - z0,
        }
    }

    /// The body of an entity with derivatives: its frame is inputs `3·slot..3·slot+3`, and a
    /// unit's box bounds (min x, min y, max x, max y) inputs `6+4·slot..` when `N` has room.
    fn entity_body<const N: usize>(
        &self,
        e: Entity,
        x: &[f64],
        frames: &[Frame<f64>],
        ext: &[UnitExtent],
        slot: usize,
    ) -> Body<Dual<N>> {
        let f = match e {
            Entity::Object(i) => frames[i],
            Entity::Unit(u) => self.unit_frame(x, u),
        };
        let fr = Frame::new(
            Dual::var(f.x, 3 * slot),
            Dual::var(f.y, 3 * slot + 1),
            Dual::var(f.yaw, 3 * slot + 2),
        );
        match e {
            Entity::Object(i) => object_body(self.scene, i, fr, self.z[i]),
            Entity::Unit(u) => {
                let ex = &ext[u];
                let bound = |k: usize, v: f64| {
                    if N >= 14 {
                        Dual::var(v, 6 + 4 * slot + k)
                    } else {
                        Dual::cst(v)
                    }
                };
                let (x0, y0, x1, y1) = (
                    bound(0, ex.lo[0]),
                    bound(1, ex.lo[1]),
                    bound(2, ex.hi[0]),
                    bound(3, ex.hi[1]),
                );
                let center = fr.apply(Vec2::new((x0 + x1) * 0.5, (y0 + y1) * 0.5));
                let fp = Footprint::from_parts(center, fr.yaw, [(x1 - x0) * 0.5, (y1 - y0) * 0.5]);
                Body {
                    frame: fr,
                    fp,
                    z0: ex.z0,
                    height: ex.height,
                }
            }
        }
    }

    fn term_penalty<const N: usize>(
        &self,
        t: &BoundTerm,
        x: &[f64],
        frames: &[Frame<f64>],
        ext: &[UnitExtent],
    ) -> Dual<N> {
        let a = self.entity_body::<N>(t.source, x, frames, ext, 0);
        let b = t
            .target
            .map(|e| self.entity_body::<N>(e, x, frames, ext, 1));
        let mut res: Vec<Residual<Dual<N>>> = Vec::new();
        residuals(&t.term, &a, b.as_ref(), &self.room, &mut res);
        let mut pen = Dual::<N>::cst(0.0);
        for r in &res {
            pen += r.penalty();
        }
        pen
    }

    /// Passes the gradient on a unit's box bounds to the members whose corners attain them.
    fn add_extent_grad(&self, x: &[f64], ext: &UnitExtent, d: &[f64], w: f64, grad: &mut [f64]) {
        for (k, &(i, off)) in ext.arg.iter().enumerate() {
            let Placement::Member { p, .. } = self.placement[i] else {
                continue;
            };
            let (c, s) = (x[p + 2].cos(), x[p + 2].sin());
            let g = w * d[k];
            if k % 2 == 0 {
                grad[p] += g;
                grad[p + 2] += g * (-s * off.x - c * off.y);
            } else {
                grad[p + 1] += g;
                grad[p + 2] += g * (c * off.x - s * off.y);
            }
        }
    }

    /// The loss at `x` and its gradient (written into `grad`).
    pub fn eval(&self, x: &[f64], w: &Weights, grad: &mut [f64]) -> Breakdown {
        grad.iter_mut().for_each(|g| *g = 0.0);
        let frames = self.frames(x);
        let n = frames.len();
        let mut obj_grad = vec![[0.0; 3]; n];
        let mut unit_grad = vec![[0.0; 3]; self.unit_param.len()];
        let mut out = Breakdown::default();
        let fps: Vec<Footprint<f64>> = (0..n)
            .map(|i| object_body(self.scene, i, frames[i], self.z[i]).fp)
            .collect();
        let aabbs: Vec<Aabb2> = fps.iter().map(|f| f.aabb()).collect();

        // Relations. Terms over units also differentiate through the unit's joint box, whose
        // bounds move with the members that attain them.
        if w.relation > 0.0 {
            let extents: Vec<UnitExtent> = (0..self.unit_objects.len())
                .map(|u| self.unit_extent(x, u))
                .collect();
            for t in &self.terms {
                if let (Term::ClearFront { depth }, Some(Entity::Object(k))) = (&t.term, t.target) {
                    // Cheap rejection: most objects are nowhere near the strip.
                    let fa = self
                        .entity_body::<6>(t.source, x, &frames, &extents, 0)
                        .fp
                        .val();
                    if !front_strip(&fa, *depth).aabb().touches(&aabbs[k]) {
                        continue;
                    }
                }
                if let (Term::KeepClear { area }, Entity::Object(k)) = (&t.term, t.source)
                    && !Aabb2::from_array(*area).touches(&aabbs[k])
                {
                    continue;
                }
                let wr = w.relation * t.weight;
                let has_unit = matches!(t.source, Entity::Unit(_))
                    || matches!(t.target, Some(Entity::Unit(_)));
                let (value, d) = if has_unit {
                    let p = self.term_penalty::<14>(t, x, &frames, &extents);
                    (p.v, p.d.to_vec())
                } else {
                    let p = self.term_penalty::<6>(t, x, &frames, &extents);
                    (p.v, p.d.to_vec())
                };
                out.relation += wr * value;
                add_grad(&mut obj_grad, &mut unit_grad, t.source, &d[0..3], wr);
                if let Some(e) = t.target {
                    add_grad(&mut obj_grad, &mut unit_grad, e, &d[3..6], wr);
                }
                if has_unit {
                    for (slot, e) in [(0, Some(t.source)), (1, t.target)] {
                        if let Some(Entity::Unit(u)) = e {
                            self.add_extent_grad(
                                x,
                                &extents[u],
                                &d[6 + 4 * slot..10 + 4 * slot],
                                wr,
                                grad,
                            );
                        }
                    }
                }
            }
        }

        // Collisions between objects.
        if w.collision > 0.0 {
            for &(a, b) in &self.pairs {
                if !aabbs[a].touches(&aabbs[b]) || penetration(&fps[a], &fps[b]).depth <= 0.0 {
                    continue;
                }
                let (fa, fb) = (frames[a], frames[b]);
                let da = object_body(
                    self.scene,
                    a,
                    Frame::new(
                        Dual::<6>::var(fa.x, 0),
                        Dual::var(fa.y, 1),
                        Dual::var(fa.yaw, 2),
                    ),
                    0.0,
                );
                let db = object_body(
                    self.scene,
                    b,
                    Frame::new(
                        Dual::<6>::var(fb.x, 3),
                        Dual::var(fb.y, 4),
                        Dual::var(fb.yaw, 5),
                    ),
                    0.0,
                );
                let pen = penetration(&da.fp, &db.fp).depth.pos().sq();
                out.collision += w.collision * pen.v;
                add_grad(
                    &mut obj_grad,
                    &mut unit_grad,
                    Entity::Object(a),
                    &pen.d[0..3],
                    w.collision,
                );
                add_grad(
                    &mut obj_grad,
                    &mut unit_grad,
                    Entity::Object(b),
                    &pen.d[3..6],
                    w.collision,
                );
            }
        }

        // The room's outline, and door swings.
        for i in 0..n {
            let outside = w.boundary > 0.0 && self.room.violation(&fps[i]) > 0.0;
            let blocks_door = w.door > 0.0
                && self.door_blockers.contains(&i)
                && self
                    .room
                    .door_swings
                    .iter()
                    .any(|s| s.aabb().touches(&aabbs[i]));
            if !outside && !blocks_door {
                continue;
            }
            let f = frames[i];
            let d = object_body(
                self.scene,
                i,
                Frame::new(
                    Dual::<3>::var(f.x, 0),
                    Dual::var(f.y, 1),
                    Dual::var(f.yaw, 2),
                ),
                0.0,
            );
            if outside {
                let v = self.room.violation(&d.fp);
                out.boundary += w.boundary * v.v;
                add_grad(
                    &mut obj_grad,
                    &mut unit_grad,
                    Entity::Object(i),
                    &v.d,
                    w.boundary,
                );
            }
            if blocks_door {
                for s in &self.room.door_swings {
                    let sd = Footprint::lift(s);
                    let v = penetration(&d.fp, &sd).depth.pos().sq();
                    out.door += w.door * v.v;
                    add_grad(
                        &mut obj_grad,
                        &mut unit_grad,
                        Entity::Object(i),
                        &v.d,
                        w.door,
                    );
                }
            }
        }

        // Chain rule from world poses to parameters.
        for (i, g) in obj_grad.iter().enumerate() {
            match self.placement[i] {
                Placement::Free { p } => {
                    for k in 0..3 {
                        grad[p + k] += g[k];
                    }
                }
                Placement::Anchor { unit } => {
                    for k in 0..3 {
                        unit_grad[unit][k] += g[k];
                    }
                }
                Placement::Member { unit, p } => {
                    let uf = self.unit_frame(x, unit);
                    let wf = frames[i];
                    let (c, s) = (uf.yaw.cos(), uf.yaw.sin());
                    unit_grad[unit][0] += g[0];
                    unit_grad[unit][1] += g[1];
                    unit_grad[unit][2] += -g[0] * (wf.y - uf.y) + g[1] * (wf.x - uf.x) + g[2];
                    grad[p] += g[0] * c + g[1] * s;
                    grad[p + 1] += -g[0] * s + g[1] * c;
                    grad[p + 2] += g[2];
                }
            }
        }
        for (u, g) in unit_grad.iter().enumerate() {
            let p = self.unit_param[u];
            for k in 0..3 {
                grad[p + k] += g[k];
            }
        }

        // Yaws drift towards multiples of 90° unless a relation says otherwise.
        if w.prior > 0.0 {
            for &k in &self.yaws {
                let s = (2.0 * x[k]).sin();
                out.prior += w.prior * s * s;
                grad[k] += w.prior * 2.0 * (4.0 * x[k]).sin();
            }
        }
        out
    }
}

fn add_grad(obj: &mut [[f64; 3]], unit: &mut [[f64; 3]], e: Entity, d: &[f64], w: f64) {
    let slot = match e {
        Entity::Object(i) => &mut obj[i],
        Entity::Unit(u) => &mut unit[u],
    };
    for k in 0..3 {
        slot[k] += w * d[k];
    }
}
