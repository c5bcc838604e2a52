//! Clauses to relations: who is placed (the subjects), what each cue asks of them and against
//! what (an object, a wall, a corner, an opening, the middle), and what cannot be done, in
//! words.

use std::collections::BTreeMap;

use relayout_core::geometry::Vec2;
use relayout_core::relation::{Align, AlignName, FacingMode, Relation};
use relayout_core::scene::{OpeningKind, Support};

use super::clause::{Clause, Item};
use super::lexicon::Cue;
use super::place::{Place, Room};
use super::refer::{Count, Group, Mention, Vocabulary};
use crate::offline::knowledge::{Role, role_of, wall_height};

/// What one clause gave.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Relations understood.
    pub relations: Vec<Relation>,
    /// What could not be understood or done, in words.
    pub problems: Vec<String>,
}

/// Where an object was put by an earlier clause: the walls its back is against (two for a
/// corner), the phrase that said so, and whether it was the middle.
#[derive(Clone, Debug)]
struct Claim {
    walls: Vec<usize>,
    middle: bool,
    phrase: String,
}

/// The state carried from clause to clause.
pub struct Translator<'a> {
    room: Room<'a>,
    vocab: &'a Vocabulary,
    /// Objects taken by indefinite mentions ("a chair", then "another chair").
    used: Vec<usize>,
    /// The subjects of the last clause (for "it", "them").
    last: Vec<usize>,
    /// Objects in the order they were last mentioned.
    recent: Vec<usize>,
    claims: BTreeMap<usize, Claim>,
    corners_taken: Vec<usize>,
    /// Relations read so far (for "the left nightstand").
    pub said: Vec<Relation>,
    middle_kept_clear: Option<String>,
    /// Walls the instruction's clauses name as a place ([`Translator::foresee`]): a run that
    /// does not fit its wall turns the corner towards one of these (the sink's run towards
    /// the stove's wall).
    named_walls: Vec<usize>,
}

fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

impl<'a> Translator<'a> {
    /// A translator for a scene.
    pub fn new(room: Room<'a>, vocab: &'a Vocabulary) -> Self {
        let mut t = Translator {
            room,
            vocab,
            used: vec![],
            last: vec![],
            recent: vec![],
            claims: BTreeMap::new(),
            corners_taken: vec![],
            said: vec![],
            middle_kept_clear: None,
            named_walls: vec![],
        };
        // The designer's own wall relations are claims too: the instruction does not overrule
        // them.
        let scene = t.room.scene;
        for (i, (r, o)) in scene.relations_with_origins().enumerate() {
            if o.phrase().is_some() || !o.is_designers() {
                continue;
            }
            let walls = match r {
                Relation::AgainstWall { wall, .. } | Relation::OnWall { wall, .. } => {
                    t.room.shape.wall_index(wall).into_iter().collect()
                }
                Relation::Corner { corner, .. } => t
                    .room
                    .shape
                    .corner_index(corner)
                    .map(|c| t.room.shape.corner_walls(c).to_vec())
                    .unwrap_or_default(),
                _ => continue,
            };
            let Some(src) = r.source().and_then(|s| scene.object_index(s)) else {
                continue;
            };
            t.claims.insert(
                src,
                Claim {
                    walls,
                    middle: false,
                    phrase: format!(
                        "the designer's relations[{i}] ({})",
                        relayout_core::relation::describe(r)
                    ),
                },
            );
        }
        t
    }

    /// Notes the walls every clause names, before the first is translated.
    pub fn foresee(&mut self, clauses: &[super::clause::Clause]) {
        for c in clauses {
            for item in &c.items {
                if let super::clause::Item::Place(Place::Wall(w)) = item
                    && !self.named_walls.contains(w)
                {
                    self.named_walls.push(*w);
                }
            }
        }
    }

    fn id(&self, i: usize) -> String {
        self.room.scene.objects[i].id.clone()
    }

    fn size(&self, i: usize) -> [f64; 3] {
        self.room.scene.objects[i].size
    }

    fn role(&self, i: usize) -> Role {
        role_of(&self.room.scene.objects[i])
    }

    /// The objects a mention stands for, taking fresh ones for "a …".
    fn resolve(&mut self, m: &Mention, want: Option<usize>, out: &mut Outcome) -> Vec<usize> {
        let pick_fresh = |this: &Self, n: usize| -> Vec<usize> {
            let fresh: Vec<usize> = m
                .objects
                .iter()
                .copied()
                .filter(|o| !this.used.contains(o))
                .collect();
            let mut got: Vec<usize> = fresh.into_iter().take(n).collect();
            for &o in &m.objects {
                if got.len() >= n {
                    break;
                }
                if !got.contains(&o) {
                    got.push(o);
                }
            }
            got
        };
        let got = match (m.group, m.count) {
            (Some(_), _) => m.objects.clone(),
            (None, Count::All) => m.objects.clone(),
            (None, Count::Exactly(n)) => {
                if n > m.objects.len() {
                    out.problems.push(format!(
                        "asked for {n} {}; the room has {}",
                        m.text,
                        m.objects.len()
                    ));
                }
                pick_fresh(self, n)
            }
            (None, Count::One { .. }) if m.side.is_some() && m.objects.len() >= 2 => {
                let left = m.side == Some(true);
                let scene = self.room.scene;
                // The one an earlier clause put on that side, else the first (left) or second.
                let by_relation = m.objects.iter().copied().find(|&o| {
                    scene.relations.iter().chain(&self.said).any(|r| match r {
                        Relation::LeftOf { source, .. } => left && *source == scene.objects[o].id,
                        Relation::RightOf { source, .. } => !left && *source == scene.objects[o].id,
                        _ => false,
                    })
                });
                vec![by_relation.unwrap_or(m.objects[usize::from(!left)])]
            }
            (None, Count::One { definite }) => {
                let n = want.unwrap_or(1);
                if n > 1 {
                    pick_fresh(self, n)
                } else if definite {
                    // The one mentioned last, or the first.
                    let last = self
                        .recent
                        .iter()
                        .rev()
                        .find(|o| m.objects.contains(o))
                        .copied();
                    vec![last.unwrap_or(m.objects[0])]
                } else {
                    pick_fresh(self, 1)
                }
            }
        };
        for &o in &got {
            if !self.used.contains(&o) {
                self.used.push(o);
            }
            self.recent.retain(|r| *r != o);
            self.recent.push(o);
        }
        got
    }

    /// The subjects a group stands for in room relations (each member, or the anchor).
    fn room_subjects(&self, m: Option<&Mention>, objs: &[usize]) -> Vec<usize> {
        match m.and_then(|m| m.group) {
            Some(Group::Anchored) => objs.first().copied().into_iter().collect(),
            _ => objs.to_vec(),
        }
    }

    fn claim(
        &mut self,
        o: usize,
        walls: Vec<usize>,
        middle: bool,
        phrase: &str,
        out: &mut Outcome,
    ) -> bool {
        if let Some(c) = self.claims.get(&o) {
            let clash = if middle || c.middle {
                !(middle && c.middle)
            } else {
                !walls.iter().any(|w| c.walls.contains(w))
            };
            if clash {
                out.problems.push(format!(
                    "{} cannot be {} and as {}; kept the earlier",
                    self.id(o),
                    if middle {
                        "in the middle".to_owned()
                    } else {
                        format!("against {}", self.room.wall_words(walls[0]))
                    },
                    if c.phrase.starts_with("the designer") {
                        c.phrase.clone()
                    } else {
                        format!("\u{201c}{}\u{201d} says", c.phrase)
                    }
                ));
                return false;
            }
            return true;
        }
        self.claims.insert(
            o,
            Claim {
                walls,
                middle,
                phrase: phrase.to_owned(),
            },
        );
        true
    }

    /// Back against wall `w` (on it, for wall-mounted things).
    fn wall_relation(&mut self, o: usize, w: usize, phrase: &str, out: &mut Outcome) -> bool {
        let s = self.size(o);
        let wall = &self.room.shape.walls[w];
        if s[0] > wall.len + 0.01 {
            out.problems.push(format!(
                "{} ({:.2} m wide) is longer than {} ({:.2} m)",
                self.id(o),
                s[0],
                self.room.wall_words(w),
                wall.len
            ));
            return false;
        }
        if !self.claim(o, vec![w], false, phrase, out) {
            return false;
        }
        let name = self.room.wall_name(w);
        let scene = self.room.scene;
        out.relations
            .push(if scene.objects[o].support == Support::Wall {
                Relation::OnWall {
                    source: self.id(o),
                    wall: name,
                    height: round(wall_height(self.role(o), s[2], scene.room.height)),
                }
            } else {
                Relation::AgainstWall {
                    source: self.id(o),
                    wall: name,
                }
            });
        true
    }

    /// A bed along wall `w`: its long side to the wall, so its centre half its width out from
    /// it (which end its head takes is the planner's choice: the corner either way). A bed no
    /// longer than wide, or a wall off the axes, gets its back to the wall instead.
    fn bed_along(&mut self, o: usize, w: usize, phrase: &str, out: &mut Outcome) {
        let s = self.size(o);
        let wall = &self.room.shape.walls[w];
        let across = wall.a + wall.n.scale(0.5 * s[0] + 0.002);
        let position = if wall.t.y.abs() > 0.99 {
            Some((Some(round(across.x)), None))
        } else if wall.t.x.abs() > 0.99 {
            Some((None, Some(round(across.y))))
        } else {
            None
        };
        let Some((x, y)) = position.filter(|_| s[1] > s[0] && s[1] <= wall.len + 0.01) else {
            self.wall_relation(o, w, phrase, out);
            return;
        };
        if self.claim(o, vec![w], false, phrase, out) {
            out.relations.push(Relation::Position {
                source: self.id(o),
                x,
                y,
            });
        }
    }

    /// Where along wall `w` the centre goes, for walls along an axis.
    fn along(&self, o: usize, w: usize, p: Vec2<f64>) -> Option<Relation> {
        let t = self.room.shape.walls[w].t;
        let (x, y) = if t.x.abs() > 0.99 {
            (Some(round(p.x)), None)
        } else if t.y.abs() > 0.99 {
            (None, Some(round(p.y)))
        } else {
            return None;
        };
        Some(Relation::Position {
            source: self.id(o),
            x,
            y,
        })
    }

    /// The floor an object takes in corner `v` with its back against wall `w`.
    fn corner_box(&self, o: usize, v: usize, w: usize) -> [f64; 4] {
        let s = self.size(o);
        let p = self.room.shape.vertices[v];
        let wall = &self.room.shape.walls[w];
        // Along the wall, away from the corner.
        let dir = if (wall.a - p).len() < 1e-6 {
            wall.t
        } else {
            -wall.t
        };
        aabb(&[
            p,
            p + dir.scale(s[0]),
            p + wall.n.scale(s[1]),
            p + dir.scale(s[0]) + wall.n.scale(s[1]),
        ])
    }

    /// The wall of corner `v` the object's back can go against: it fits along both walls and
    /// keeps out of door swings (the longer wall first).
    fn corner_wall(&self, o: usize, v: usize) -> Option<usize> {
        let s = self.size(o);
        let mut order = self.room.shape.corner_walls(v);
        // Its back to a wall another piece stands against, in line with it, rather than turned
        // to face that piece's end; else to the longer wall.
        let lined: Vec<usize> = self
            .claims
            .iter()
            .filter(|(k, c)| **k != o && !c.middle && c.walls.len() == 1)
            .map(|(_, c)| c.walls[0])
            .collect();
        order.sort_by(|a, b| {
            lined.contains(b).cmp(&lined.contains(a)).then(
                self.room.shape.walls[*b]
                    .len
                    .total_cmp(&self.room.shape.walls[*a].len),
            )
        });
        let floor = self.room.scene.objects[o].support == Support::Floor;
        order.into_iter().find(|&w| {
            let other = self
                .room
                .shape
                .corner_walls(v)
                .into_iter()
                .find(|&x| x != w);
            let fits = self.room.shape.walls[w].len + 0.01 >= s[0]
                && other.is_none_or(|x| self.room.shape.walls[x].len + 0.01 >= s[1]);
            let b = self.corner_box(o, v, w);
            let blocks_door = floor
                && self.room.shape.door_swings.iter().any(|d| {
                    let a = d.aabb().to_array();
                    b[0] < a[2] - 0.01
                        && a[0] + 0.01 < b[2]
                        && b[1] < a[3] - 0.01
                        && a[1] + 0.01 < b[3]
                });
            // Nor a tall piece across a window on the wall at its back.
            let blocks_window = floor
                && self
                    .room
                    .openings_of(OpeningKind::Window)
                    .filter(|&op| self.room.opening_wall(op) == Some(w))
                    .filter(|&op| {
                        s[2] > self.room.scene.room.openings[op].sill.unwrap_or(0.9) + 0.05
                    })
                    .filter_map(|op| self.area_in_front(op, 0.1, 0.0))
                    .any(|a| {
                        b[0] < a[2] - 0.01
                            && a[0] + 0.01 < b[2]
                            && b[1] < a[3] - 0.01
                            && a[1] + 0.01 < b[3]
                    });
            fits && !blocks_door && !blocks_window
        })
    }

    fn corner_relation(&mut self, o: usize, v: usize, phrase: &str, out: &mut Outcome) -> bool {
        let walls = self.room.shape.corner_walls(v);
        let claimed = self.claims.get(&o).and_then(|c| c.walls.first().copied());
        let Some(w) = claimed
            .filter(|w| walls.contains(w) && self.corner_wall(o, v).is_some())
            .or_else(|| self.corner_wall(o, v))
        else {
            out.problems.push(format!(
                "{} does not fit in corner {} (too big, or in the door's way)",
                self.id(o),
                self.room.corner_name(v)
            ));
            return false;
        };
        if !self.claim(o, walls.to_vec(), false, phrase, out) {
            return false;
        }
        self.corners_taken.push(v);
        out.relations.push(Relation::Corner {
            source: self.id(o),
            corner: self.room.corner_name(v),
            wall: self.room.wall_name(w),
        });
        true
    }

    fn free_corner(&self, o: usize) -> Option<usize> {
        let door = self
            .room
            .first(OpeningKind::Door)
            .and_then(|d| self.room.opening_centre(d));
        let mut corners: Vec<usize> = (0..self.room.shape.vertices.len())
            .filter(|v| !self.room.shape.reflex.contains(v) && !self.corners_taken.contains(v))
            .filter(|&v| self.corner_wall(o, v).is_some())
            .collect();
        if let Some(d) = door {
            corners.sort_by(|a, b| {
                (self.room.shape.vertices[*b] - d)
                    .len()
                    .total_cmp(&(self.room.shape.vertices[*a] - d).len())
            });
        }
        corners.first().copied()
    }

    fn middle(&mut self, o: usize, phrase: &str, out: &mut Outcome) {
        if let Some(p) = &self.middle_kept_clear {
            out.problems.push(format!(
                "{} in the middle contradicts \u{201c}{p}\u{201d}; kept the middle clear",
                self.id(o)
            ));
            return;
        }
        if !self.claim(o, vec![], true, phrase, out) {
            return;
        }
        let c = self.room.middle();
        out.relations.push(Relation::Position {
            source: self.id(o),
            x: Some(round(c.x)),
            y: Some(round(c.y)),
        });
    }

    /// A floor area in front of an opening, `depth` deep, `pad` wider at each side.
    fn area_in_front(&self, o: usize, depth: f64, pad: f64) -> Option<[f64; 4]> {
        let (a, b) = self.room.opening_ends(o)?;
        let w = &self.room.shape.walls[self.room.opening_wall(o)?];
        let (a, b) = (a - w.t.scale(pad), b + w.t.scale(pad));
        let pts = [a, b, a + w.n.scale(depth), b + w.n.scale(depth)];
        Some(aabb(&pts))
    }

    /// Near an opening: against its wall, centred on it (`beside` = just past its edge).
    fn by_opening(
        &mut self,
        o: usize,
        op: usize,
        (beside, shift): (bool, f64),
        phrase: &str,
        out: &mut Outcome,
    ) {
        self.by_opening_on(o, op, (beside, shift), None, phrase, out);
    }

    /// As `by_opening`; `side` picks the side of the opening when beside it (`Some(false)`:
    /// towards the wall's start, `Some(true)`: towards its end; `None`: the side with more wall).
    /// Beside it, `shift` is how far this one stands past the first of a row of them; else it
    /// is its offset from the opening's centre.
    fn by_opening_on(
        &mut self,
        o: usize,
        op: usize,
        (beside, shift): (bool, f64),
        side: Option<bool>,
        phrase: &str,
        out: &mut Outcome,
    ) {
        let Some(w) = self.room.opening_wall(op) else {
            return;
        };
        if !self.wall_relation(o, w, phrase, out) {
            return;
        }
        let Some((a, b)) = self.room.opening_ends(op) else {
            return;
        };
        let wall = &self.room.shape.walls[w];
        let p = if beside {
            let half = 0.5 * self.size(o)[0];
            let door = self.room.scene.room.openings[op].kind == OpeningKind::Door;
            let gap = if door { 0.15 } else { 0.1 } + half;
            // The side asked for, else the one with more wall left.
            let (sa, sb) = ((a - wall.a).dot(wall.t), (b - wall.a).dot(wall.t));
            let (lo, hi) = (sa.min(sb), sa.max(sb));
            let low_fits = lo - gap - shift - half >= 0.0;
            let roomier_low =
                low_fits && (lo > wall.len - hi || hi + gap + shift + half > wall.len);
            // `shift`: how far past the first of a row beside the opening this one stands.
            let s = if side.map_or(roomier_low, |high| !high) {
                lo - gap - shift
            } else {
                hi + gap + shift
            };
            // Where neither side has room for it, it stays on the wall, as near as it can.
            wall.a
                + wall.t.scale(s.clamp(
                    half.min(0.5 * wall.len),
                    (wall.len - half).max(0.5 * wall.len),
                ))
        } else {
            (a + b).scale(0.5) + wall.t.scale(shift)
        };
        if let Some(r) = self.along(o, w, p) {
            out.relations.push(r);
        }
    }

    /// Away from an opening: against the opposite wall (things that stand free go to the far
    /// side's middle instead).
    fn away_from(&mut self, o: usize, op: usize, phrase: &str, out: &mut Outcome) {
        let Some(w) = self.room.opening_wall(op) else {
            return;
        };
        let Some(opp) = self.room.opposite(w) else {
            return;
        };
        if stands_free(self.role(o)) {
            let wall = &self.room.shape.walls[opp];
            let mid = (wall.a + wall.b).scale(0.5);
            let p = mid
                + wall
                    .n
                    .scale(0.5 * self.size(o)[1].max(self.size(o)[0]) + 0.8);
            if self.claim(o, vec![], true, phrase, out) {
                out.relations.push(Relation::Position {
                    source: self.id(o),
                    x: Some(round(p.x)),
                    y: Some(round(p.y)),
                });
            }
        } else {
            self.wall_relation(o, opp, phrase, out);
        }
    }

    /// A clause's relations.
    pub fn clause(&mut self, c: &Clause, phrase: &str) -> Outcome {
        let mut out = Outcome::default();
        let items = &c.items;
        let cues: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, i)| matches!(i, Item::Cue(..)))
            .map(|(k, _)| k)
            .collect();
        let unknown_words = |range: &[Item]| -> Vec<String> {
            range
                .iter()
                .filter_map(|i| match i {
                    Item::Word(w) if is_noun_like(w) => Some(w.clone()),
                    _ => None,
                })
                .collect()
        };
        if c.negated {
            out.problems.push(
                "says what not to do; the reader cannot forbid a place yet (say where instead, or \"keep … clear\")".to_owned(),
            );
            return out;
        }
        // "… with a coffee table and two armchairs": they go with what was just placed; "each
        // with a chair": one for each of those.
        if c.companion
            && cues.is_empty()
            && let Some(&first) = self.last.first()
        {
            let last = self.last.clone();
            let each = last.len() > 1
                && items
                    .iter()
                    .any(|i| matches!(i, Item::Word(w) if w == "each"));
            for it in items {
                if let Item::Mention(m) = it {
                    let want = each.then_some(last.len());
                    for (k, o) in self.resolve(m, want, &mut out).into_iter().enumerate() {
                        let anchor = if each { last[k % last.len()] } else { first };
                        if o != anchor {
                            out.relations.push(Relation::Distance {
                                source: self.id(o),
                                target: self.id(anchor),
                                min: 0.0,
                                max: 0.8,
                            });
                        }
                    }
                }
            }
            if out.relations.is_empty() && out.problems.is_empty() {
                out.problems
                    .push("holds no placement the reader understands".to_owned());
            }
            return out;
        }
        // No cue: "the sofa: left wall", "bed north wall", "the window clear".
        if cues.is_empty() {
            let has_clear = items
                .iter()
                .any(|i| matches!(i, Item::Clear | Item::Walkway(_)))
                && items
                    .iter()
                    .any(|i| matches!(i, Item::Place(_) | Item::Mention(_) | Item::Walkway(_)));
            if has_clear {
                self.keep(items, phrase, &mut out);
                return out;
            }
            let mention = items.iter().find_map(|i| match i {
                Item::Mention(m) => Some(m.clone()),
                _ => None,
            });
            let place = items.iter().find_map(|i| match i {
                Item::Place(p) => Some(p.clone()),
                _ => None,
            });
            match (mention, place) {
                (Some(m), Some(p)) => {
                    let objs = self.resolve(&m, None, &mut out);
                    let subj = self.room_subjects(Some(&m), &objs);
                    self.place(&subj, Cue::In, &p, phrase, &mut out);
                    self.last = objs;
                }
                (Some(m), None) => out
                    .problems
                    .push(format!("found {} but not where it should go", m.text)),
                _ => {
                    out.problems.push(
                        "names no object and no place: a description of the room, not a placement"
                            .to_owned(),
                    );
                }
            }
            return out;
        }

        // Keep … clear: the rest of the clause is what to keep free.
        if let Item::Cue(Cue::Keep, _) = items[cues[0]] {
            self.keep(&items[cues[0] + 1..], phrase, &mut out);
            return out;
        }

        // Subjects: before the first cue, or (inverted: "next to the bed, a nightstand") after
        // its reference.
        let first = cues[0];
        let mut subject_mentions: Vec<(Option<Mention>, Vec<usize>)> = Vec::new();
        let want = match items[first] {
            Item::Cue(Cue::EitherSide | Cue::EachOther, _) => Some(2),
            _ => None,
        };
        let mut inverted_from: Option<usize> = None;
        for (k, it) in items[..first].iter().enumerate() {
            match it {
                Item::Mention(m) => {
                    let mut objs = self.resolve(m, want, &mut out);
                    // "desks with chairs": as many chairs as desks, not every chair in the
                    // room (the teacher's too).
                    let with = k > 0 && matches!(&items[k - 1], Item::Word(w) if w == "with");
                    if let (true, Count::All, Some((_, before))) =
                        (with, m.count, subject_mentions.last())
                        && before.len() > 1
                    {
                        objs.truncate(before.len());
                    }
                    subject_mentions.push((Some(m.clone()), objs));
                }
                Item::Pronoun if subject_mentions.is_empty() => {
                    subject_mentions.push((None, self.last.clone()));
                }
                _ => {}
            }
        }
        if subject_mentions.is_empty() {
            // The reference is the first mention or place after the cue; subjects follow it.
            let reference = items[first + 1..]
                .iter()
                .position(|i| matches!(i, Item::Mention(_) | Item::Place(_)))
                .map(|p| first + 1 + p);
            if let Some(r) = reference {
                let mut k = r + 1;
                if matches!(items[first], Item::Cue(Cue::Between, _)) {
                    // Skip the second of "between A and B".
                    if let Some(p) = items[k..]
                        .iter()
                        .position(|i| matches!(i, Item::Mention(_) | Item::Place(_)))
                    {
                        k += p + 1;
                    }
                }
                for (q, it) in items.iter().enumerate().skip(k) {
                    if matches!(it, Item::Cue(..)) {
                        break;
                    }
                    if let Item::Mention(m) = it {
                        let objs = self.resolve(m, want, &mut out);
                        subject_mentions.push((Some(m.clone()), objs));
                        inverted_from.get_or_insert(q);
                    }
                }
            }
        }
        if subject_mentions.is_empty()
            && first == 0
            && !self.last.is_empty()
            && !matches!(items[first], Item::Cue(Cue::Center, _))
        {
            // A clause that starts with a cue continues the last one's subjects ("the bed
            // against the left wall, under the window").
            subject_mentions.push((None, self.last.clone()));
        }
        if subject_mentions.is_empty() && matches!(items[first], Item::Cue(Cue::Center, _)) {
            // "center the table": the subject follows the cue.
            if let Some(Item::Mention(m)) = items.get(first + 1) {
                let objs = self.resolve(m, None, &mut out);
                subject_mentions.push((Some(m.clone()), objs));
                inverted_from = Some(first + 1);
            }
        }
        let mut subjects: Vec<usize> = Vec::new();
        for o in subject_mentions.iter().flat_map(|(_, o)| o.clone()) {
            if !subjects.contains(&o) {
                subjects.push(o);
            }
        }
        if subjects.is_empty() {
            let words = unknown_words(&items[..first]);
            out.problems.push(if words.is_empty() {
                "does not say what to place".to_owned()
            } else {
                format!("no object matches \u{201c}{}\u{201d}", words.join(" "))
            });
            return out;
        }
        let group_mention = subject_mentions
            .iter()
            .find_map(|(m, _)| m.as_ref().filter(|m| m.group.is_some()));
        let room_subjects = if subject_mentions.len() == 1 {
            self.room_subjects(subject_mentions[0].0.as_ref(), &subjects)
        } else {
            subjects.clone()
        };
        let anchor_subjects: Vec<usize> = if group_mention.is_some() {
            subjects.first().copied().into_iter().collect()
        } else {
            subjects.clone()
        };

        // Each cue with its references.
        for (n, &ci) in cues.iter().enumerate() {
            let Item::Cue(cue, len) = items[ci] else {
                continue;
            };
            let end = cues.get(n + 1).copied().unwrap_or(items.len());
            let end = inverted_from.filter(|&s| s > ci && s < end).unwrap_or(end);
            let refs = &items[ci + 1..end];
            // "facing the whiteboard on the top wall": a room cue right after the previous
            // cue's object places that object, not the clause's subjects.
            if n > 0
                && matches!(cue, Cue::On | Cue::In | Cue::Against | Cue::Along)
                && let Some(Item::Mention(prev)) = ci.checked_sub(1).map(|p| &items[p])
                && refs.iter().any(|r| matches!(r, Item::Place(_)))
                && prev.objects.iter().all(|o| !subjects.contains(o))
            {
                let objs = self.resolve(prev, None, &mut out);
                for r in refs {
                    if let Item::Place(p) = r {
                        self.place(&objs, cue, p, phrase, &mut out);
                    }
                }
                continue;
            }
            let mut targets: Vec<(Mention, Vec<usize>)> = Vec::new();
            let mut places: Vec<Place> = Vec::new();
            for r in refs {
                match r {
                    Item::Mention(m) => {
                        let objs = self.resolve(m, None, &mut out);
                        let objs: Vec<usize> =
                            objs.into_iter().filter(|o| !subjects.contains(o)).collect();
                        if objs.is_empty() {
                            out.problems
                                .push(format!("{} cannot be placed relative to itself", m.text));
                        } else {
                            targets.push((m.clone(), objs));
                        }
                    }
                    Item::Place(p) => places.push(p.clone()),
                    Item::Pronoun if !self.last.is_empty() => {
                        let objs: Vec<usize> = self
                            .last
                            .iter()
                            .copied()
                            .filter(|o| !subjects.contains(o))
                            .collect();
                        if !objs.is_empty() {
                            targets.push((
                                Mention {
                                    objects: objs.clone(),
                                    count: Count::One { definite: true },
                                    text: "it".into(),
                                    group: None,
                                    kind: vec![],
                                    side: None,
                                },
                                objs,
                            ));
                        }
                    }
                    _ => {}
                }
            }
            let target = targets.first().map(|(_, o)| o[0]);
            match cue {
                Cue::EachOther => {
                    if anchor_subjects.len() < 2 {
                        out.problems
                            .push("\u{201c}each other\u{201d} needs two things".into());
                    } else {
                        let (a, b) = (anchor_subjects[0], anchor_subjects[1]);
                        out.relations.push(facing(self.id(a), self.id(b), true));
                        out.relations.push(Relation::Distance {
                            source: self.id(a),
                            target: self.id(b),
                            min: 0.6,
                            max: round(self.room.diagonal()),
                        });
                    }
                }
                Cue::InARow => {
                    for w in anchor_subjects.windows(2) {
                        out.relations.push(Relation::RightOf {
                            source: self.id(w[1]),
                            target: self.id(w[0]),
                            clearance: 0.1,
                            align: Align::Named(AlignName::Back),
                        });
                        out.relations.push(Relation::Align {
                            source: self.id(w[1]),
                            target: self.id(w[0]),
                            angle: 0.0,
                        });
                    }
                    for p in &places {
                        self.place(&room_subjects, Cue::Against, p, phrase, &mut out);
                    }
                }
                Cue::Center => {
                    let wall = places.iter().find_map(|p| match p {
                        Place::Wall(w) | Place::WallMiddle(w) => Some(*w),
                        _ => None,
                    });
                    for &o in &room_subjects {
                        match wall {
                            Some(w) => {
                                self.place(&[o], cue, &Place::WallMiddle(w), phrase, &mut out)
                            }
                            None => self.middle(o, phrase, &mut out),
                        }
                    }
                }
                Cue::Between => {
                    let pair: Vec<usize> = targets.iter().map(|(_, o)| o[0]).collect();
                    let pair = if pair.len() == 1 && targets[0].1.len() >= 2 {
                        targets[0].1[..2].to_vec()
                    } else {
                        pair
                    };
                    let same_kind = pair.len() >= 2
                        && self.room.scene.objects[pair[0]].category
                            == self.room.scene.objects[pair[1]].category;
                    if pair.len() < 2 {
                        out.problems
                            .push("\u{201c}between\u{201d} needs two objects".into());
                    } else if same_kind && anchor_subjects.len() == 1 {
                        // "the bed between two nightstands": one on each side of it.
                        let o = anchor_subjects[0];
                        for (k, &t) in pair[..2].iter().enumerate() {
                            out.relations
                                .extend(beside(self.id(t), self.id(o), k == 0, 0.05));
                        }
                    } else {
                        for &o in &anchor_subjects {
                            for &t in &pair[..2] {
                                out.relations.push(Relation::Distance {
                                    source: self.id(o),
                                    target: self.id(t),
                                    min: 0.0,
                                    max: 1.2,
                                });
                            }
                        }
                    }
                }
                Cue::MoreSpace => {
                    for (_, objs) in &targets {
                        out.relations.push(Relation::ClearFront {
                            source: self.id(objs[0]),
                            depth: 1.0,
                        });
                    }
                    if targets.is_empty() {
                        for &o in &anchor_subjects {
                            out.relations.push(Relation::ClearFront {
                                source: self.id(o),
                                depth: 1.0,
                            });
                        }
                    }
                }
                Cue::EitherSide => {
                    let Some(t) = target else {
                        if let Some(Place::Opening(op)) = places.first() {
                            // One on each side; a lone one goes to the roomier side.
                            let sides: &[Option<bool>] = if anchor_subjects.len() >= 2 {
                                &[Some(false), Some(true)]
                            } else {
                                &[None]
                            };
                            for (&o, &side) in anchor_subjects.iter().zip(sides) {
                                self.by_opening_on(o, *op, (true, 0.0), side, phrase, &mut out);
                            }
                        } else {
                            out.problems
                                .push("\u{201c}either side of\u{201d} what?".into());
                        }
                        continue;
                    };
                    if anchor_subjects.len() < 2 {
                        out.problems.push(format!(
                            "only one {} for both sides of {}; it goes on one side",
                            self.id(anchor_subjects[0]),
                            self.id(t)
                        ));
                    }
                    for (k, &o) in anchor_subjects.iter().take(2).enumerate() {
                        out.relations
                            .extend(beside(self.id(o), self.id(t), k == 0, 0.05));
                    }
                }
                Cue::Around => match target {
                    Some(t) => out.relations.push(Relation::Around {
                        sources: anchor_subjects.iter().map(|&o| self.id(o)).collect(),
                        target: self.id(t),
                        distance: 0.1,
                        sweep: 360.0,
                    }),
                    None => out.problems.push("\u{201c}around\u{201d} what?".into()),
                },
                _ => {
                    let diag = self.room.diagonal();
                    if let Some(d) = len.filter(|d| !(d.is_finite() && *d >= 0.0 && *d <= diag)) {
                        out.problems.push(if d < 0.0 || !d.is_finite() {
                            format!("{} is not a length", metres(d))
                        } else {
                            format!(
                                "{} is more than the room allows (its diagonal is {diag:.1} m)",
                                metres(d)
                            )
                        });
                        continue;
                    }
                    if let Some(t) = target {
                        // "an island with three stools facing the sink": the seats face it
                        // across their table, whose front (where they sit) is then turned
                        // away; the table itself is not turned towards it.
                        let seat_with = cue == Cue::Facing
                            && anchor_subjects.iter().any(|&o| {
                                matches!(
                                    self.role(o),
                                    Role::Chair | Role::DiningChair | Role::Stool
                                )
                            });
                        for &o in &anchor_subjects {
                            if seat_with
                                && matches!(
                                    self.role(o),
                                    Role::Island | Role::DiningTable | Role::Desk
                                )
                            {
                                continue;
                            }
                            self.relative(o, t, cue, len, &mut out);
                        }
                    }
                    for p in &places {
                        self.place(&room_subjects, cue, p, phrase, &mut out);
                    }
                    if let (Some(d), None, true) = (len, target, places.is_empty()) {
                        out.problems.push(format!("{} from what?", metres(d)));
                    }
                    if target.is_none() && places.is_empty() && len.is_none() {
                        let words = unknown_words(refs);
                        out.problems.push(if words.is_empty() {
                            "the place is missing".to_owned()
                        } else {
                            format!(
                                "no object or place matches \u{201c}{}\u{201d}",
                                words.join(" ")
                            )
                        });
                    }
                }
            }
        }
        self.last = subjects;
        out
    }

    /// A subject relative to a target object.
    fn relative(&mut self, o: usize, t: usize, cue: Cue, len: Option<f64>, out: &mut Outcome) {
        let (s, tid) = (self.id(o), self.id(t));
        let diag = round(self.room.diagonal());
        let seat = matches!(
            self.role(o),
            Role::Chair | Role::Armchair | Role::DiningChair | Role::Stool | Role::Sofa
        );
        let dist = |min: f64, max: f64| Relation::Distance {
            source: s.clone(),
            target: tid.clone(),
            min: round(min),
            max: round(max),
        };
        let check_len = |d: f64, out: &mut Outcome| -> bool {
            if !(d.is_finite() && d >= 0.0) {
                out.problems.push(format!("{} is not a length", metres(d)));
                false
            } else if d > diag {
                out.problems.push(format!(
                    "{} is more than the room allows (its diagonal is {:.1} m)",
                    metres(d),
                    diag
                ));
                false
            } else {
                true
            }
        };
        match cue {
            Cue::NextTo => out.relations.push(dist(0.0, 0.3)),
            Cue::Near => out.relations.push(dist(0.0, 1.0)),
            Cue::Far => out
                .relations
                .push(dist((0.4 * diag).max(1.5).min(diag), diag)),
            Cue::AtLeast => {
                if let Some(d) = len.filter(|d| check_len(*d, out)) {
                    out.relations.push(dist(d, diag.max(d)));
                }
            }
            Cue::Within => {
                if let Some(d) = len.filter(|d| check_len(*d, out)) {
                    out.relations.push(dist(0.0, d));
                }
            }
            Cue::About => {
                if let Some(d) = len.filter(|d| check_len(*d, out)) {
                    out.relations.push(dist((d - 0.15).max(0.0), d + 0.15));
                }
            }
            Cue::InFront => {}
            Cue::Behind => out.relations.push(Relation::Behind {
                source: s,
                target: tid,
                clearance: 0.1,
                align: Align::default(),
            }),
            Cue::LeftOf | Cue::RightOf => {
                // Side by side, turned the same way (an armchair beside a sofa).
                out.relations
                    .extend(beside(s, tid, cue == Cue::LeftOf, 0.1));
            }
            // Whoever sits at a desk faces over its back: the desk itself turns away.
            Cue::Facing if self.role(o) == Role::Desk => out.problems.push(format!(
                "{s} faces away from what its user looks at; put it against a wall instead (\u{201c}{s} against the left wall\u{201d})"
            )),
            Cue::Facing => out.relations.push(facing(s, tid, false)),
            Cue::Opposite => {
                out.relations.push(facing(s.clone(), tid.clone(), false));
                out.relations.push(dist(1.0_f64.min(diag), diag));
            }
            Cue::On => {
                let (a, b) = (self.size(o), self.size(t));
                let fits = a[0].min(a[1]) <= b[0].min(b[1]) + 1e-9
                    && a[0].max(a[1]) <= b[0].max(b[1]) + 1e-9;
                if self.room.scene.objects[t].support == Support::Wall {
                    out.problems
                        .push(format!("{tid} hangs on a wall; nothing rests on it"));
                } else if !fits {
                    out.problems.push(format!(
                        "{s} ({:.2} × {:.2} m) is too big to rest on {tid} ({:.2} × {:.2} m)",
                        a[0], a[1], b[0], b[1]
                    ));
                } else {
                    out.relations.push(Relation::OnTopOf {
                        source: s,
                        target: tid,
                    });
                }
            }
            Cue::Under => {
                if self.role(o) == Role::Rug || self.size(o)[2] < 0.05 {
                    out.relations.push(dist(0.0, 0.0));
                } else {
                    out.problems.push(format!("{s} cannot go under {tid}"));
                }
            }
            Cue::Above => {
                let wall = self.claims.get(&t).and_then(|c| c.walls.first().copied());
                match wall {
                    Some(w) if self.room.scene.objects[o].support == Support::Wall => {
                        let phrase = format!("above {tid}");
                        self.wall_relation(o, w, &phrase, out);
                    }
                    _ => out.problems.push(format!(
                        "\u{201c}above {tid}\u{201d} needs {s} hung on a wall and {tid}'s wall said first"
                    )),
                }
            }
            Cue::In | Cue::Against | Cue::Along => out.relations.push(dist(0.0, 0.3)),
            _ => {}
        }
        if cue == Cue::InFront {
            let clearance = match (self.role(o), self.role(t)) {
                (Role::CoffeeTable, _) => 0.4,
                (_, Role::Desk | Role::DiningTable | Role::Island) if seat => 0.05,
                (Role::Rug, _) => 0.0,
                _ => 0.3,
            };
            out.relations.push(Relation::InFrontOf {
                source: self.id(o),
                target: self.id(t),
                clearance,
                align: Align::default(),
            });
            if seat {
                out.relations.push(facing(self.id(o), self.id(t), false));
            }
        }
    }

    /// Subjects at a place.
    fn place(&mut self, subjects: &[usize], cue: Cue, p: &Place, phrase: &str, out: &mut Outcome) {
        // Several things at one opening stand side by side, centred on it.
        let widths: Vec<f64> = subjects.iter().map(|&o| self.size(o)[0]).collect();
        let total: f64 = widths.iter().sum::<f64>() + 0.1 * (widths.len().max(1) - 1) as f64;
        let mut shifts = Vec::new();
        // Beside an opening they stand in a row away from it: how far each is past the first.
        let mut past = Vec::new();
        let mut at = -0.5 * total;
        for w in &widths {
            shifts.push(at + 0.5 * w);
            past.push(at + 0.5 * total);
            at += w + 0.1;
        }
        // Several things on one wall must fit along it; those that do not go on round the
        // corner (a kitchen run turning an L): onto the wall beside it that another clause
        // names (where the run's other pieces are), else the longer. The pieces named once
        // ("the sink") keep the wall; of several alike ("counters") the later ones go on.
        let mut wrapped: Vec<(usize, usize)> = Vec::new();
        if let Place::Wall(w) = p
            && subjects.len() > 1
            && total > self.room.shape.walls[*w].len
        {
            let walls = &self.room.shape.walls;
            let n = walls.len();
            let (prev, next) = ((*w + n - 1) % n, (*w + 1) % n);
            let named = |v: usize| self.named_walls.contains(&v);
            let beside = if (named(next), walls[next].len) >= (named(prev), walls[prev].len) {
                next
            } else {
                prev
            };
            let category = |k: usize| self.room.scene.objects[subjects[k]].category.as_str();
            let alike = |k: usize| {
                (0..subjects.len())
                    .filter(|&j| category(j) == category(k))
                    .count()
            };
            let mut order: Vec<usize> = (0..subjects.len()).collect();
            order.sort_by_key(|&k| alike(k) > 1);
            let mut used = 0.0;
            for (q, &k) in order.iter().enumerate() {
                used += widths[k] + if q > 0 { 0.1 } else { 0.0 };
                if used > walls[*w].len && q > 0 {
                    wrapped.push((k, beside));
                }
            }
            wrapped.sort_unstable();
            let ids = |ks: &mut dyn Iterator<Item = usize>| {
                ks.map(|k| self.id(subjects[k]))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.problems.push(format!(
                "{} need {:.1} m of wall; {} is {:.1} m long: {} go on along {}",
                ids(&mut (0..subjects.len())),
                total,
                self.room.wall_words(*w),
                walls[*w].len,
                ids(&mut wrapped.iter().map(|(k, _)| *k)),
                self.room.wall_words(beside),
            ));
        }
        for (k, &o) in subjects.iter().enumerate() {
            if let Some(&(_, beside)) = wrapped.iter().find(|(j, _)| *j == k) {
                self.wall_relation(o, beside, phrase, out);
                continue;
            }
            // Along a wall is against it, except for a bed: its long side goes to the wall.
            let cue = match (cue, p) {
                (Cue::Along, Place::Wall(w)) if self.role(o) == Role::Bed => {
                    self.bed_along(o, *w, phrase, out);
                    continue;
                }
                (Cue::Along, _) => Cue::Against,
                _ => cue,
            };
            match (cue, p) {
                (_, Place::Missing(what)) => {
                    out.problems.push(format!("the room has no {what}"));
                    return;
                }
                // Whoever sits at a desk faces its back: "the desk facing the window" puts its
                // back to the window's wall.
                (Cue::Facing, Place::Opening(op)) if self.role(o) == Role::Desk => {
                    self.by_opening(o, *op, (false, shifts[k]), phrase, out);
                }
                (Cue::Facing, Place::Wall(w)) if self.role(o) == Role::Desk => {
                    self.wall_relation(o, *w, phrase, out);
                }
                (Cue::Facing, Place::Wall(w)) => out
                    .relations
                    .push(facing_wall(self.id(o), self.room.wall_name(*w))),
                (Cue::Facing, Place::Opening(op)) => {
                    if let Some(w) = self.room.opening_wall(*op) {
                        out.relations
                            .push(facing_wall(self.id(o), self.room.wall_name(w)));
                    }
                }
                (Cue::Facing, Place::Middle) => {
                    if !self.claims.contains_key(&o) {
                        out.problems.push(format!(
                            "{} facing the middle: say which wall it stands against",
                            self.id(o)
                        ));
                    }
                }
                (Cue::Opposite, Place::Wall(w)) => {
                    if let Some(opp) = self.room.opposite(*w) {
                        self.wall_relation(o, opp, phrase, out);
                    }
                }
                (Cue::Opposite, Place::Opening(op)) => {
                    if let Some(opp) = self
                        .room
                        .opening_wall(*op)
                        .and_then(|w| self.room.opposite(w))
                    {
                        self.wall_relation(o, opp, phrase, out);
                    }
                }
                (Cue::Far, Place::Opening(op)) => self.away_from(o, *op, phrase, out),
                (Cue::Far, Place::Wall(w)) => {
                    if let Some(opp) = self.room.opposite(*w) {
                        self.wall_relation(o, opp, phrase, out);
                    }
                }
                (Cue::AtLeast, Place::Opening(op)) => {
                    // Everything keeps that far from it: the floor in front stays clear.
                    out.problems.push(format!(
                        "kept the floor in front of the {} clear instead of measuring from {}",
                        opening_kind(self, *op),
                        self.id(o)
                    ));
                }
                (_, Place::Opening(op)) => {
                    let is_door = self.room.scene.room.openings[*op].kind == OpeningKind::Door;
                    let sill = self.room.scene.room.openings[*op].sill.unwrap_or(0.9);
                    let low = self.size(o)[2] <= sill + 0.05;
                    let beside = match cue {
                        Cue::Under | Cue::InFront => is_door,
                        Cue::NextTo | Cue::Near | Cue::LeftOf | Cue::RightOf => is_door || !low,
                        _ => is_door || !low,
                    };
                    if matches!(cue, Cue::Under) && is_door {
                        out.problems
                            .push("nothing goes under a door; put it beside".into());
                    }
                    let shift = if beside { past[k] } else { shifts[k] };
                    self.by_opening(o, *op, (beside, shift), phrase, out);
                }
                (_, Place::Windows) => {
                    let windows: Vec<usize> = self.room.openings_of(OpeningKind::Window).collect();
                    let op = windows[k % windows.len()];
                    let beside = !matches!(cue, Cue::Under | Cue::InFront);
                    self.by_opening(o, op, (beside, 0.0), phrase, out);
                }
                (_, Place::Wall(w)) => {
                    self.wall_relation(o, *w, phrase, out);
                }
                (_, Place::WallMiddle(w)) => {
                    if self.wall_relation(o, *w, phrase, out) {
                        let wall = &self.room.shape.walls[*w];
                        let mid = (wall.a + wall.b).scale(0.5);
                        if let Some(r) = self.along(o, *w, mid) {
                            out.relations.push(r);
                        }
                    }
                }
                (_, Place::AnyWall) => {
                    if !self.claims.contains_key(&o) {
                        let fits = |w: usize| self.room.shape.walls[w].len >= self.size(o)[0];
                        let w = self
                            .room
                            .by_length(true)
                            .filter(|&w| fits(w))
                            .or_else(|| (0..self.room.shape.walls.len()).find(|&w| fits(w)));
                        if let Some(w) = w {
                            self.wall_relation(o, w, phrase, out);
                        }
                    }
                }
                (_, Place::Corner(v)) => {
                    self.corner_relation(o, *v, phrase, out);
                }
                (_, Place::SideCorner(dir)) => {
                    // Of the wall claimed for it (its two ends), else of every corner.
                    let claimed: Vec<usize> = self
                        .claims
                        .get(&o)
                        .map(|c| c.walls.clone())
                        .unwrap_or_default();
                    let n = self.room.shape.vertices.len();
                    let mut cands: Vec<usize> = if let Some(&w) = claimed.first() {
                        vec![w, (w + 1) % n]
                    } else {
                        (0..n).collect()
                    };
                    cands.retain(|v| !self.room.shape.reflex.contains(v));
                    let v = cands.into_iter().max_by(|&a, &b| {
                        let key = |v: usize| -self.room.shape.vertices[v].dot(*dir);
                        key(a).total_cmp(&key(b))
                    });
                    match v {
                        Some(v) => {
                            self.corner_relation(o, v, phrase, out);
                        }
                        None => out.problems.push("which corner?".into()),
                    }
                }
                (_, Place::CornerNear(list)) => {
                    match list.iter().find(|&&v| {
                        !self.corners_taken.contains(&v) && self.corner_wall(o, v).is_some()
                    }) {
                        Some(&v) => {
                            self.corner_relation(o, v, phrase, out);
                        }
                        None => out
                            .problems
                            .push(format!("{} fits in no free corner", self.id(o))),
                    }
                }
                (_, Place::AnyCorner) => match self.free_corner(o) {
                    Some(v) => {
                        self.corner_relation(o, v, phrase, out);
                    }
                    None => out.problems.push("no corner is left".into()),
                },
                (_, Place::Middle) => self.middle(o, phrase, out),
                (_, Place::WallOf(objs)) => {
                    let wall = objs
                        .iter()
                        .find_map(|t| self.claims.get(t).and_then(|c| c.walls.first().copied()));
                    match (wall, cue) {
                        (Some(w), Cue::Facing) if self.role(o) != Role::Desk => {
                            out.relations.push(facing_wall(self.id(o), self.room.wall_name(w)))
                        }
                        (Some(w), Cue::Opposite) => {
                            if let Some(opp) = self.room.opposite(w) {
                                self.wall_relation(o, opp, phrase, out);
                            }
                        }
                        (Some(w), _) => {
                            self.wall_relation(o, w, phrase, out);
                        }
                        (None, Cue::Facing) => {
                            if let Some(&t) = objs.first().filter(|&&t| t != o) {
                                self.relative(o, t, Cue::Facing, None, out);
                            }
                        }
                        (None, _) => out.problems.push(format!(
                            "which wall is {}'s? say it first (\u{201c}the {} on the left wall\u{201d})",
                            self.id(objs[0]),
                            self.room.scene.objects[objs[0]].category
                        )),
                    }
                }
                (_, Place::OppositeOf(word)) => {
                    let t = self
                        .vocab
                        .mention_at(std::slice::from_ref(word), 0)
                        .map(|(m, _)| m.objects)
                        .and_then(|objs| objs.first().copied());
                    match t {
                        Some(t) if t != o => {
                            match self.claims.get(&t).and_then(|c| c.walls.first().copied()) {
                                Some(w) => {
                                    if let Some(opp) = self.room.opposite(w) {
                                        self.wall_relation(o, opp, phrase, out);
                                    }
                                }
                                None => {
                                    self.relative(o, t, Cue::Opposite, None, out);
                                }
                            }
                        }
                        _ => out
                            .problems
                            .push(format!("no object or place matches \u{201c}{word}\u{201d}")),
                    }
                }
            }
        }
    }

    /// What to keep free: openings, the middle, walkways, the floor in front of objects.
    fn keep(&mut self, items: &[Item], phrase: &str, out: &mut Outcome) {
        let before = out.relations.len();
        let depth = items.iter().find_map(|i| match i {
            Item::Length(m) | Item::Cue(_, Some(m)) => Some(*m),
            _ => None,
        });
        let diag = self.room.diagonal();
        if let Some(d) = depth
            && !(d > 0.0 && d <= diag)
        {
            out.problems.push(format!(
                "{} is more than the room allows (its diagonal is {:.1} m)",
                metres(d),
                diag
            ));
            return;
        }
        let mut walkway: Option<Option<f64>> = None;
        for it in items {
            match it {
                Item::Place(Place::Opening(op)) => {
                    let is_door = self.room.scene.room.openings[*op].kind == OpeningKind::Door;
                    let w = self.room.scene.room.openings[*op].width;
                    let d = depth.unwrap_or(if is_door { w.max(1.0) } else { 0.8 });
                    if let Some(area) = self.area_in_front(*op, d, 0.1) {
                        out.relations.push(Relation::KeepClear { area });
                    }
                }
                Item::Place(Place::Windows) => {
                    let windows: Vec<usize> = self.room.openings_of(OpeningKind::Window).collect();
                    for op in windows {
                        if let Some(area) = self.area_in_front(op, depth.unwrap_or(0.8), 0.1) {
                            out.relations.push(Relation::KeepClear { area });
                        }
                    }
                }
                Item::Place(Place::Middle) => {
                    if let Some((id, _)) = self.claims.iter().find(|(_, c)| c.middle) {
                        out.problems.push(format!(
                            "keeping the middle clear contradicts {} in the middle; kept {} there",
                            self.id(*id),
                            self.id(*id)
                        ));
                        continue;
                    }
                    let b = self.room.shape.bounds();
                    let c = self.room.middle();
                    let hw = depth.map_or((0.35 * (b[2] - b[0])).min(1.5), |d| d) * 0.5;
                    let hd = depth.map_or((0.35 * (b[3] - b[1])).min(1.5), |d| d) * 0.5;
                    out.relations.push(Relation::KeepClear {
                        area: [c.x - hw, c.y - hd, c.x + hw, c.y + hd].map(round),
                    });
                    self.middle_kept_clear = Some(phrase.to_owned());
                }
                Item::Place(Place::Wall(w)) => {
                    let wall = &self.room.shape.walls[*w];
                    let d = depth.unwrap_or(0.6);
                    let area = aabb(&[
                        wall.a,
                        wall.b,
                        wall.a + wall.n.scale(d),
                        wall.b + wall.n.scale(d),
                    ]);
                    out.relations.push(Relation::KeepClear { area });
                }
                Item::Place(Place::Corner(v)) => {
                    let p = self.room.shape.vertices[*v];
                    let [wa, wb] = self.room.shape.corner_walls(*v);
                    let (na, nb) = (self.room.shape.walls[wa].n, self.room.shape.walls[wb].n);
                    let d = depth.unwrap_or(1.0);
                    let area = aabb(&[p, p + na.scale(d), p + nb.scale(d), p + (na + nb).scale(d)]);
                    out.relations.push(Relation::KeepClear { area });
                }
                Item::Place(Place::Missing(what)) => {
                    out.problems.push(format!("the room has no {what}"));
                }
                Item::Mention(m) => {
                    let objs = self.resolve(m, None, out);
                    for o in objs {
                        out.relations.push(Relation::ClearFront {
                            source: self.id(o),
                            depth: depth.unwrap_or(0.8),
                        });
                    }
                }
                Item::Walkway(w) => walkway = Some(*w),
                _ => {}
            }
        }
        if let Some(w) = walkway {
            let width = w.or(depth).unwrap_or(0.9);
            if !(0.3..=self.room.diagonal()).contains(&width) {
                out.problems
                    .push(format!("a walkway {} wide does not fit", metres(width)));
            } else {
                out.relations.push(Relation::KeepClear {
                    area: self.walkway(width),
                });
            }
        }
        if out.relations.len() == before && out.problems.is_empty() {
            out.problems.push("does not say what to keep clear".into());
        }
    }

    /// A walkway of a width from the door into the room, as far as its middle (across the
    /// room's long side when there is no door).
    fn walkway(&self, width: f64) -> [f64; 4] {
        let c = self.room.middle();
        let h = 0.5 * width;
        if let Some((op, wall)) = self
            .room
            .first(OpeningKind::Door)
            .and_then(|d| Some((d, self.room.opening_wall(d)?)))
        {
            let door = self.room.opening_centre(op).unwrap_or(c);
            let w = &self.room.shape.walls[wall];
            let reach = (c - door).dot(w.n).max(1.0);
            let a = door - w.t.scale(h);
            let b = door + w.t.scale(h);
            return aabb(&[a, b, a + w.n.scale(reach), b + w.n.scale(reach)]).map(round);
        }
        let b = self.room.shape.bounds();
        if b[2] - b[0] >= b[3] - b[1] {
            [b[0], c.y - h, b[2], c.y + h].map(round)
        } else {
            [c.x - h, b[1], c.x + h, b[3]].map(round)
        }
    }
}

fn opening_kind(t: &Translator, op: usize) -> &'static str {
    match t.room.scene.room.openings[op].kind {
        OpeningKind::Door => "door",
        OpeningKind::Window => "window",
    }
}

/// `source`'s front turned squarely towards `target` (and back, `mutual`).
fn facing(source: String, target: String, mutual: bool) -> Relation {
    Relation::Facing {
        source,
        target: Some(target),
        wall: None,
        mode: FacingMode::Ortho,
        mutual,
    }
}

/// `source`'s front turned towards a wall.
fn facing_wall(source: String, wall: String) -> Relation {
    Relation::Facing {
        source,
        target: None,
        wall: Some(wall),
        mode: FacingMode::Ortho,
        mutual: false,
    }
}

/// Side by side: `source` on `target`'s own left (or right), backs aligned, turned the same way.
fn beside(source: String, target: String, left: bool, clearance: f64) -> [Relation; 2] {
    let align = Align::Named(AlignName::Back);
    let turn = Relation::Align {
        source: source.clone(),
        target: target.clone(),
        angle: 0.0,
    };
    let side = if left {
        Relation::LeftOf {
            source,
            target,
            clearance,
            align,
        }
    } else {
        Relation::RightOf {
            source,
            target,
            clearance,
            align,
        }
    };
    [turn, side]
}

/// Whether a role stands free in the room rather than against a wall.
fn stands_free(role: Role) -> bool {
    matches!(
        role,
        Role::DiningTable | Role::CoffeeTable | Role::Island | Role::Rug
    )
}

fn aabb(pts: &[Vec2<f64>]) -> [f64; 4] {
    [
        pts.iter().map(|p| p.x).fold(f64::MAX, f64::min),
        pts.iter().map(|p| p.y).fold(f64::MAX, f64::min),
        pts.iter().map(|p| p.x).fold(f64::MIN, f64::max),
        pts.iter().map(|p| p.y).fold(f64::MIN, f64::max),
    ]
    .map(round)
}

/// A length in words.
pub fn metres(d: f64) -> String {
    if d.abs() >= 1000.0 {
        format!("{} km", d / 1000.0)
    } else if d.abs() < 1.0 {
        format!("{:.0} cm", d * 100.0)
    } else {
        format!("{} m", round(d))
    }
}

/// Whether a word the reader did not use looks like the name of a thing (for "no object
/// matches …").
fn is_noun_like(w: &str) -> bool {
    w.len() > 2
        && w.chars().all(|c| c.is_alphabetic())
        && !super::lexicon::FILLER.contains(&w)
        && !super::lexicon::NEGATIONS.contains(&w)
}
