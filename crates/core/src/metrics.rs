//! The metrics of DESIGN §5, exactly as defined there: CR, PCR, CF, OR, OOB@0.1, RS, AC.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::geometry::{Aabb2, Footprint, RoomShape, penetration};
use crate::placement::{Placed, stacked_pairs};
use crate::relation::residual::{Residual, Tolerance, front_strip, residuals};
use crate::relation::{BoundTerm, Entity, resolve};
use crate::scene::{Pose, Scene, Support};
use crate::walk_grid::WalkGrid;

/// Penetration (and vertical overlap) beyond which two objects collide, metres.
pub const COLLISION_TOL: f64 = 0.01;
/// Distance outside the room beyond which a corner is out of bounds, metres.
pub const OUT_TOL: f64 = 0.01;
/// Depth of the strip in front of an object that must be reachable, metres.
pub const ACCESS_STRIP: f64 = 0.4;
/// Width of the walker, metres.
pub const WALKER_WIDTH: f64 = 0.5;
/// Grid step of the accessibility search, metres.
pub const GRID: f64 = 0.05;
/// Most cells along a side of the accessibility grid: a room longer than `GRID × MAX_GRID_SIDE`
/// (100 m) on a side is searched with a coarser step, `longest side / MAX_GRID_SIDE`, so that
/// the grid stays within about 4 M cells however large a (valid) room is.
pub const MAX_GRID_SIDE: f64 = 2000.0;

/// The metrics of one layout.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Metrics {
    /// Number of objects.
    pub objects: usize,
    /// Number of relations.
    pub relations: usize,
    /// Collision rate: share of objects that penetrate another by more than 1 cm.
    pub cr: f64,
    /// Colliding pairs / (N(N−1)/2), MetaSpatial's form.
    pub pcr: f64,
    /// Collision-free: no colliding pair.
    pub cf: bool,
    /// Out-of-bound rate: share of objects with a corner more than 1 cm outside, or above the ceiling.
    #[serde(rename = "or")]
    pub or_: f64,
    /// Any corner more than 0.1 m outside (LayoutGPT's form).
    #[serde(rename = "oob@0.1")]
    pub oob_0_1: bool,
    /// Relation satisfaction: share of relations whose predicate holds (`null` without relations).
    pub rs: Option<f64>,
    /// Accessibility: share of floor objects reachable from a door (`null` without floor objects).
    pub ac: Option<f64>,
    /// The colliding pairs, by id.
    pub colliding_pairs: Vec<[String; 2]>,
    /// The objects out of bounds.
    pub out_of_room: Vec<String>,
    /// Indices of the relations not satisfied.
    pub unsatisfied: Vec<usize>,
    /// Floor objects whose access strip no walker reaches.
    pub inaccessible: Vec<String>,
}

/// Why metrics could not be computed.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MetricsError {
    /// Some objects have no pose.
    #[error("poses: no pose for {}", .0.join(", "))]
    MissingPoses(Vec<String>),
}

/// Computes the metrics of a (valid) scene at the given poses.
pub fn evaluate(scene: &Scene, poses: &BTreeMap<String, Pose>) -> Result<Metrics, MetricsError> {
    let placed = Placed::from_poses(scene, poses).map_err(MetricsError::MissingPoses)?;
    let room = RoomShape::new(&scene.room);
    let terms = resolve(scene, &room);
    Ok(evaluate_placed(
        scene,
        &room,
        &terms,
        &placed,
        Tolerance::default(),
    ))
}

/// Computes the metrics from prepared parts (the solver calls this on every start).
pub fn evaluate_placed(
    scene: &Scene,
    room: &RoomShape,
    terms: &[BoundTerm],
    placed: &Placed,
    tol: Tolerance,
) -> Metrics {
    measure(
        scene,
        room,
        terms,
        placed,
        &placed.footprints(scene),
        tol,
        true,
    )
}

/// The metrics without AC (`ac` is `None`, `inaccessible` empty): collisions, bounds and
/// relations only. AC's grid search costs more than all the rest together; the physics reward,
/// which does not weigh AC, is computed with this one. `fps` are `placed`'s
/// [`Placed::footprints`], which the caller may hand on to the design rules too.
pub fn evaluate_placed_without_access(
    scene: &Scene,
    room: &RoomShape,
    terms: &[BoundTerm],
    placed: &Placed,
    fps: &[Footprint<f64>],
    tol: Tolerance,
) -> Metrics {
    measure(scene, room, terms, placed, fps, tol, false)
}

fn measure(
    scene: &Scene,
    room: &RoomShape,
    terms: &[BoundTerm],
    placed: &Placed,
    fps: &[Footprint<f64>],
    tol: Tolerance,
    with_access: bool,
) -> Metrics {
    let n = scene.objects.len();
    let colliding_pairs = collisions(scene, placed, fps);
    let mut colliding = vec![false; n];
    for &(a, b) in &colliding_pairs {
        colliding[a] = true;
        colliding[b] = true;
    }
    let mut oob = false;
    let out_of_room: Vec<usize> = (0..n)
        .filter(|&i| {
            let worst = fps[i]
                .corners()
                .iter()
                .map(|c| room.outside_distance(*c))
                .fold(0.0, f64::max);
            oob |= worst > 0.1;
            worst > OUT_TOL || placed.z[i] + scene.objects[i].size[2] > room.height + OUT_TOL
        })
        .collect();
    let unsatisfied = unsatisfied_relations(scene, room, terms, placed, tol);
    let (ac, inaccessible) = if with_access {
        accessibility(scene, room, terms, placed, fps)
    } else {
        (None, vec![])
    };
    let pairs = (n * n.saturating_sub(1) / 2).max(1) as f64;
    let nf = n.max(1) as f64;
    let rels = scene.relations.len();
    Metrics {
        objects: n,
        relations: rels,
        cr: colliding.iter().filter(|c| **c).count() as f64 / nf,
        pcr: colliding_pairs.len() as f64 / pairs,
        cf: colliding_pairs.is_empty(),
        or_: out_of_room.len() as f64 / nf,
        oob_0_1: oob,
        rs: (rels > 0).then(|| (rels - unsatisfied.len()) as f64 / rels as f64),
        ac,
        colliding_pairs: colliding_pairs
            .iter()
            .map(|&(a, b)| [scene.objects[a].id.clone(), scene.objects[b].id.clone()])
            .collect(),
        out_of_room: out_of_room
            .iter()
            .map(|&i| scene.objects[i].id.clone())
            .collect(),
        unsatisfied,
        inaccessible: inaccessible
            .iter()
            .map(|&i| scene.objects[i].id.clone())
            .collect(),
    }
}

/// Pairs `(a, b)`, `a < b`, that penetrate by more than 1 cm in plan and in height.
pub fn collisions(scene: &Scene, placed: &Placed, fps: &[Footprint<f64>]) -> Vec<(usize, usize)> {
    let stacked = stacked_pairs(scene);
    let n = fps.len();
    let aabbs: Vec<Aabb2> = fps.iter().map(|f| f.aabb()).collect();
    let mut out = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            if !aabbs[a].touches(&aabbs[b]) || stacked.contains(&(a, b)) {
                continue;
            }
            let top = (placed.z[a] + scene.objects[a].size[2])
                .min(placed.z[b] + scene.objects[b].size[2]);
            if top - placed.z[a].max(placed.z[b]) <= COLLISION_TOL {
                continue;
            }
            if penetration(&fps[a], &fps[b]).depth > COLLISION_TOL {
                out.push((a, b));
            }
        }
    }
    out
}

fn unsatisfied_relations(
    scene: &Scene,
    room: &RoomShape,
    terms: &[BoundTerm],
    placed: &Placed,
    tol: Tolerance,
) -> Vec<usize> {
    let mut ok = vec![true; scene.relations.len()];
    let mut res: Vec<Residual<f64>> = Vec::new();
    for t in terms {
        res.clear();
        let a = placed.body(scene, t.source);
        let b = t.target.map(|e| placed.body(scene, e));
        residuals(&t.term, &a, b.as_ref(), room, &mut res);
        if !res.iter().all(|r| r.satisfied(tol)) {
            ok[t.relation] = false;
        }
    }
    (0..ok.len()).filter(|&i| !ok[i]).collect()
}

/// AC: a walker `WALKER_WIDTH` wide moves on a `GRID` lattice (coarser in rooms over 100 m a
/// side, see [`MAX_GRID_SIDE`]) through free floor from the doors (or, in a room without doors,
/// within the largest free region); a floor object is accessible when the walker touches its
/// front strip.
///
/// One refinement of DESIGN §5, for a reason: a seat tucked at the thing it is related to (a
/// dining chair at its table, an office chair at its desk) has its front strip under that thing
/// by design and is reached from behind, as one pulls a chair out; for such objects the strip
/// behind them counts too.
fn accessibility(
    scene: &Scene,
    room: &RoomShape,
    terms: &[BoundTerm],
    placed: &Placed,
    fps: &[Footprint<f64>],
) -> (Option<f64>, Vec<usize>) {
    let floor: Vec<usize> = (0..fps.len())
        .filter(|&i| scene.objects[i].support == Support::Floor && scene.objects[i].size[2] > 0.02)
        .collect();
    if floor.is_empty() {
        return (None, vec![]);
    }
    let grid = WalkGrid::new(scene, room, placed, fps, WALKER_WIDTH);
    let touches = |strip: &Footprint<f64>| grid.touches(strip);
    let mut inaccessible = Vec::new();
    for &i in &floor {
        let front = front_strip(&fps[i], ACCESS_STRIP);
        let tucked = terms.iter().any(|t| {
            t.source == Entity::Object(i)
                && t.target
                    .is_some_and(|e| penetration(&front, &placed.body(scene, e).fp).depth > 0.0)
        });
        let back = Footprint {
            v: -fps[i].v,
            u: -fps[i].u,
            ..fps[i]
        };
        if !(touches(&front) || (tucked && touches(&front_strip(&back, ACCESS_STRIP)))) {
            inaccessible.push(i);
        }
    }
    let ac = (floor.len() - inaccessible.len()) as f64 / floor.len() as f64;
    (Some(ac), inaccessible)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::parse::parse_scene_unvalidated;

    /// Validation refuses rooms over 1 km (`MAX_ROOM_SIDE`); the metrics still must not fall
    /// over on a scene built in code without it.
    fn one_bed_in(width: &str, depth: &str) -> Scene {
        parse_scene_unvalidated(&format!(
            r#"{{"schema":"relayout.scene/1","room":{{"width":{width},"depth":{depth},"height":2.7}},
               "objects":[{{"id":"bed-0","category":"bed","size":[1.6,2.1,0.55]}}],
               "poses":{{"bed-0":{{"x":2,"y":1.5}}}}}}"#
        ))
        .unwrap()
    }

    /// Found with the `scene_parse` fuzz target (`fuzz/`): a valid room 5.5e124 m wide made the
    /// accessibility grid's cell count `nx * ny` overflow (a panic), and one 555 km wide asked
    /// for 6.7 GB of cells (out of memory). Past 100 m a side the grid is now coarsened, so it
    /// stays within about 4 M cells; AC is then only approximate.
    #[test]
    fn huge_room_accessibility_grid_overflow() {
        for (w, d) in [
            ("4e300", "3e300"),
            ("1.7e308", "1e308"),
            ("5000", "5e3"),
            ("1e6", "2.2"),
        ] {
            let scene = one_bed_in(w, d);
            let m = evaluate(&scene, &scene.poses).unwrap();
            assert!(m.ac.is_some(), "{w} × {d}: {m:?}");
        }
        // 100 m a side is still searched on the 5 cm grid: the bed is reached.
        let scene = one_bed_in("100", "100");
        assert_eq!(evaluate(&scene, &scene.poses).unwrap().ac, Some(1.0));
    }
}
