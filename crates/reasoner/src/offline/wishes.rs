//! The designer's relations as the offline planner weighs them: a candidate pose that breaks
//! them costs more, so the planner's own choices yield to what the designer (or their
//! instruction) asked for. Only relations between objects already placed (or the room) count,
//! so the planner places what others refer to first.

use std::collections::BTreeMap;

use relayout_core::geometry::{Frame, RoomShape};
use relayout_core::placement::object_body;
use relayout_core::relation::residual::residuals;
use relayout_core::relation::{BoundTerm, Entity, Term, Tolerance, resolve};
use relayout_core::scene::Scene;

/// An object placed (or being tried): its world frame and bottom height.
pub type Placed = BTreeMap<usize, (Frame<f64>, f64)>;

/// Whether a term only turns its source (facing, align), which the solver gives from any place.
fn is_turn(term: &Term) -> bool {
    matches!(
        term,
        Term::FacingTarget { .. } | Term::FacingWall { .. } | Term::Align { .. }
    )
}

/// The designer's relations, resolved.
#[derive(Clone)]
pub struct Wishes {
    terms: Vec<BoundTerm>,
    room: RoomShape,
}

impl Wishes {
    /// The relations of `scene` (at planning time, all of them are the designer's).
    pub fn of(scene: &Scene) -> Self {
        let room = RoomShape::new(&scene.room);
        let terms = resolve(scene, &room)
            .into_iter()
            .filter(|t| !matches!(t.term, Term::OnTopOf))
            .filter(|t| {
                matches!(t.source, Entity::Object(_))
                    && t.target.is_none_or(|e| matches!(e, Entity::Object(_)))
            })
            .collect();
        Wishes { terms, room }
    }

    fn objects(t: &BoundTerm) -> impl Iterator<Item = usize> {
        std::iter::once(t.source)
            .chain(t.target)
            .filter_map(|e| match e {
                Entity::Object(i) => Some(i),
                Entity::Unit(_) => None,
            })
    }

    /// Whether any wish names one of these objects.
    pub fn touches(&self, members: &[usize]) -> bool {
        self.terms.iter().any(|t| {
            // A kept-clear area names every object, and a turn (facing, align) the solver
            // gives from any place: neither alone makes a thing wished for.
            !matches!(t.term, Term::KeepClear { .. })
                && !is_turn(&t.term)
                && Self::objects(t).any(|o| members.contains(&o))
        })
    }

    /// Whether a turn (facing, align) asks one of these objects to turn (it is the turn's
    /// source; being what another turns to asks nothing of it).
    pub fn turns(&self, members: &[usize]) -> bool {
        self.terms.iter().any(|t| {
            is_turn(&t.term) && matches!(t.source, Entity::Object(o) if members.contains(&o))
        })
    }

    /// Whether a wish places the object in the room itself (a wall, a corner, a position), not
    /// only next to others.
    fn anchored(&self, o: usize) -> bool {
        self.terms.iter().any(|t| {
            t.source == Entity::Object(o)
                && t.target.is_none()
                && !is_turn(&t.term)
                && !matches!(t.term, Term::KeepClear { .. })
        })
    }

    /// The objects outside `members` that wishes on `members` refer to. A thing the designer
    /// placed in the room (a host stand against the bottom wall, by the plants) does not wait
    /// for one only placed next to others (the plant): that one follows it.
    pub fn depends_on(&self, members: &[usize]) -> Vec<usize> {
        let anchored = members.iter().any(|&m| self.anchored(m));
        let mut out = Vec::new();
        for t in &self.terms {
            let objs: Vec<usize> = Self::objects(t).collect();
            // A turn depends on what it turns to, not the other way round.
            let asks = if is_turn(&t.term) {
                objs.first().is_some_and(|o| members.contains(o))
            } else {
                objs.iter().any(|o| members.contains(o))
            };
            if asks {
                for o in objs {
                    if !members.contains(&o) && !out.contains(&o) && (!anchored || self.anchored(o))
                    {
                        out.push(o);
                    }
                }
            }
        }
        out
    }

    /// The wishes that name any of these objects, and whose other objects are placed: the
    /// only ones a candidate pose of them can change.
    pub fn relevant(&self, members: &[usize], placed: &Placed) -> Vec<usize> {
        (0..self.terms.len())
            .filter(|&k| {
                let objs: Vec<usize> = Self::objects(&self.terms[k]).collect();
                objs.iter().any(|o| members.contains(o))
                    && objs
                        .iter()
                        .all(|o| members.contains(o) || placed.contains_key(o))
            })
            .collect()
    }

    /// The objects named by the wishes a whole plan breaks (of those whose objects are all
    /// `placed`), and how many it breaks.
    pub fn broken(&self, scene: &Scene, placed: &Placed) -> (Vec<usize>, usize) {
        let mut objects = Vec::new();
        let mut n = 0;
        for k in 0..self.terms.len() {
            let objs: Vec<usize> = Self::objects(&self.terms[k]).collect();
            if objs.iter().all(|o| placed.contains_key(o))
                && self.cost(scene, &[k], &Placed::new(), placed) >= 0.5
            {
                n += 1;
                for o in objs {
                    if !objects.contains(&o) {
                        objects.push(o);
                    }
                }
            }
        }
        (objects, n)
    }

    /// How badly the wishes `terms` (from [`Wishes::relevant`]) on `trying` (with everything
    /// `placed`) are broken: the penalty plus one for each residual out of tolerance.
    pub fn cost(&self, scene: &Scene, terms: &[usize], trying: &Placed, placed: &Placed) -> f64 {
        let at = |i: usize| trying.get(&i).or_else(|| placed.get(&i));
        let mut res = Vec::new();
        let mut cost = 0.0;
        let tol = Tolerance::default();
        for t in terms.iter().map(|&k| &self.terms[k]) {
            let objs: Vec<usize> = Self::objects(t).collect();
            let Some(&(fa, za)) = objs.first().and_then(|&o| at(o)) else {
                continue;
            };
            let b = match objs.get(1) {
                Some(&o) => match at(o) {
                    Some(&(fb, zb)) => Some(object_body(scene, o, fb, zb)),
                    None => continue,
                },
                None => None,
            };
            let a = object_body(scene, objs[0], fa, za);
            res.clear();
            residuals(&t.term, &a, b.as_ref(), &self.room, &mut res);
            for r in &res {
                cost += r.penalty();
                if !r.satisfied(tol) {
                    cost += 1.0;
                }
            }
        }
        cost
    }
}
