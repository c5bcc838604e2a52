//! Last, the design rules on the whole plan. A piece a rule names as failing (a desk lit from
//! behind, a dresser whose drawers meet the bed) is tried at the best places of its kind in the
//! room emptied of what the planner may move, the movable pieces in its way lifted and placed
//! again after it; of those trials, the one that holds the most rules (then scores highest) is
//! kept, if it beats the plan. A greedy planner places the bed first, in the middle of its
//! wall, and the desk later finds the one wall its window lights taken; this gives it that wall
//! and the bed the next best place. Bounded: each piece tried once, [`TRIALS`] trials a plan
//! (fewer in a room of more than [`TRIAL_PIECES`] / [`TRIALS`] pieces: each trial checks every
//! piece, so the pass costs about as much in any room),
//! at most [`BLOCKERS`] pieces lifted in one.

use relayout_core::rules::{DesignReport, RuleSet};

use super::{Planner, Thing};

/// Most trials (one place for one piece, with what was in its way re-placed) in one plan.
const TRIALS: usize = 48;
/// Trials times pieces, at most, in one plan.
const TRIAL_PIECES: usize = 48 * 20;
/// Most pieces lifted out of the way of one.
const BLOCKERS: usize = 3;

/// What makes one plan better than another: rules held, then their mean score.
fn key(r: &DesignReport) -> (usize, f64) {
    (r.held_of_applicable().0, r.score.unwrap_or(1.0))
}

fn better(a: (usize, f64), b: (usize, f64)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 > b.1 + 1e-9)
}

impl Planner<'_> {
    /// The design rules on the pieces placed so far.
    pub(super) fn design_report(&self) -> DesignReport {
        let (placed, _) = self.placed_layout();
        self.rules
            .check(self.scene, &self.room, &placed, RuleSet::All)
    }

    /// Moves pieces the rules name as failing (see the module's note); `movable`: the things
    /// the planner may move, in the order they were placed.
    pub(super) fn polish(&mut self, movable: &[Thing]) {
        let mut trials = TRIALS.min(TRIAL_PIECES / self.scene.objects.len().max(1));
        let mut tried: Vec<&str> = Vec::new();
        while trials > 0 {
            let report = self.design_report();
            let now = key(&report);
            let failing: Vec<usize> = report
                .failed()
                .flat_map(|r| r.objects.iter())
                .filter_map(|id| self.scene.object_index(id))
                .collect();
            let Some(t) = movable.iter().find(|t| {
                !tried.contains(&t.id.as_str()) && t.members.iter().any(|m| failing.contains(&m.0))
            }) else {
                return;
            };
            tried.push(&t.id);
            // Its best places with nothing movable in the room.
            let mut empty = self.clone();
            for m in movable {
                drop(empty.lift(m));
            }
            let mut best: Option<((usize, f64), Self)> = None;
            // The spots were found with every movable piece lifted: one must keep the
            // designer's relations with those that stay put.
            let keeps = self.keeps_wishes(t);
            for spot in empty.spread_spots(t) {
                if trials == 0 {
                    break;
                }
                let blockers: Vec<&Thing> = movable
                    .iter()
                    .filter(|m| {
                        m.id != t.id
                            && self.blocks.iter().any(|b| {
                                b.owner.as_deref() == Some(m.id.as_str())
                                    && b.meets(&spot.parts, &spot.clear)
                            })
                    })
                    .collect();
                if blockers.len() > BLOCKERS || !keeps(spot.frame) {
                    continue;
                }
                trials -= 1;
                let mut trial = self.clone();
                drop(trial.lift(t));
                for b in &blockers {
                    drop(trial.lift(b));
                }
                if !trial.free(&spot.parts, &spot.clear) {
                    continue;
                }
                trial.follow_on_top(t, spot.frame);
                trial.take_with_relations(t, spot);
                let replaced = blockers.iter().all(|b| {
                    let ok = trial.place_again(b);
                    if let Some(f) = ok.then(|| trial.placed.last().map(|p| p.1.frame)).flatten() {
                        trial.follow_on_top(b, f);
                    }
                    ok
                });
                if !replaced {
                    continue;
                }
                let k = key(&trial.design_report());
                if better(k, best.as_ref().map_or(now, |b| b.0)) {
                    best = Some((k, trial));
                }
            }
            drop(keeps);
            if let Some((_, trial)) = best {
                *self = trial;
            }
        }
    }
}
