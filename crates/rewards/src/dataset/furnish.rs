//! Adding furniture to a room within its limits: the object count, the floor budget
//! ([`MAX_FOOTPRINT_RATIO`] of the floor), the room's sides and its ceiling; and the relations
//! between pieces, written only when every piece they name made it in.

use std::collections::BTreeMap;

use relayout_core::relation::{Align, AlignName, FacingMode, Relation};
use relayout_core::scene::{Object, Support};

use super::catalog::{CatalogEntry, catalog_entry};

/// The furniture of a prompt covers at most this fraction of the floor (every object's footprint
/// counted, lamps on tables and wall-mounted pieces included), so that layouts stay feasible.
pub const MAX_FOOTPRINT_RATIO: f64 = 0.35;

/// Floor kept free by the first piece for a second, small one (a side table), m².
const SECOND_PIECE_RESERVE_M2: f64 = 0.25;
/// Head room left above standing furniture and wall-mounted pieces, metres.
const HEADROOM_M: f64 = 0.1;
/// Preferred bottom height of wall-mounted pieces, metres.
const WALL_MOUNT_HEIGHT_M: f64 = 1.0;
/// Lowest bottom height accepted for wall-mounted pieces, metres.
const MIN_WALL_MOUNT_HEIGHT_M: f64 = 0.3;

/// The objects and relations of one room, built piece by piece.
pub(super) struct Furnisher {
    width_m: f64,
    depth_m: f64,
    height_m: f64,
    max_objects: usize,
    budget_m2: f64,
    used_m2: f64,
    pub objects: Vec<Object>,
    pub relations: Vec<Relation>,
    counters: BTreeMap<&'static str, usize>,
    /// Keep room for a second piece when placing the first (off for the last-resort decor).
    reserve_second: bool,
}

impl Furnisher {
    pub fn new(width_m: f64, depth_m: f64, height_m: f64, max_objects: usize) -> Self {
        Furnisher {
            width_m,
            depth_m,
            height_m,
            max_objects,
            budget_m2: MAX_FOOTPRINT_RATIO * width_m * depth_m,
            used_m2: 0.0,
            objects: vec![],
            relations: vec![],
            counters: BTreeMap::new(),
            reserve_second: true,
        }
    }

    /// Floor area, m².
    pub fn area_m2(&self) -> f64 {
        self.width_m * self.depth_m
    }

    /// Adds a floor-standing piece; `None` when it does not fit.
    pub fn add(&mut self, catalog_id: &str) -> Option<String> {
        let entry = catalog_entry(catalog_id)?;
        if entry.size_m[2] > self.height_m - HEADROOM_M {
            return None;
        }
        self.push(entry, Support::Floor)
    }

    /// Adds the first of these pieces that fits.
    pub fn add_first(&mut self, catalog_ids: &[&str]) -> Option<String> {
        catalog_ids.iter().find_map(|id| self.add(id))
    }

    /// Adds a piece resting on `target` (`on_top_of`); it must fit on the target's top and under
    /// the ceiling.
    pub fn add_on(&mut self, catalog_id: &str, target: &str) -> Option<String> {
        let entry = catalog_entry(catalog_id)?;
        let below = self.objects.iter().find(|o| o.id == target)?;
        let fits_on_top = entry.size_m[0] <= below.size[0] && entry.size_m[1] <= below.size[1];
        if !fits_on_top || below.size[2] + entry.size_m[2] > self.height_m - HEADROOM_M {
            return None;
        }
        let id = self.push(entry, Support::Object)?;
        self.relations.push(Relation::OnTopOf {
            source: id.clone(),
            target: target.to_string(),
        });
        Some(id)
    }

    /// Adds a wall-mounted piece on `wall` (`on_wall`), at 1 m or lower if the ceiling asks.
    pub fn add_on_wall(&mut self, catalog_id: &str, wall: &str) -> Option<String> {
        let entry = catalog_entry(catalog_id)?;
        let height = (self.height_m - HEADROOM_M - entry.size_m[2]).min(WALL_MOUNT_HEIGHT_M);
        if height < MIN_WALL_MOUNT_HEIGHT_M {
            return None;
        }
        let id = self.push(entry, Support::Wall)?;
        self.relations.push(Relation::OnWall {
            source: id.clone(),
            wall: wall.to_string(),
            height: (height * 100.0).round() / 100.0,
        });
        Some(id)
    }

    fn push(&mut self, entry: &CatalogEntry, support: Support) -> Option<String> {
        let [w, d, _] = entry.size_m;
        let (lo, hi) = (w.min(d), w.max(d));
        let (room_lo, room_hi) = (
            self.width_m.min(self.depth_m),
            self.width_m.max(self.depth_m),
        );
        let fits_room = lo <= room_lo && hi <= room_hi;
        let reserve_m2 = if self.objects.is_empty() && self.reserve_second {
            SECOND_PIECE_RESERVE_M2
        } else {
            0.0
        };
        let fits_budget = self.used_m2 + entry.footprint_m2() <= self.budget_m2 - reserve_m2;
        if self.objects.len() >= self.max_objects || !fits_room || !fits_budget {
            return None;
        }
        let n = self.counters.entry(entry.category).or_insert(0);
        let id = format!("{}-{n}", entry.category.replace('_', "-"));
        *n += 1;
        self.used_m2 += entry.footprint_m2();
        self.objects.push(Object {
            id: id.clone(),
            category: entry.category.to_string(),
            description: entry.name.to_string(),
            size: entry.size_m,
            asset: Some(format!("builtin:{}", entry.id)),
            support,
        });
        Some(id)
    }

    /// `against_wall`: back to `wall`.
    pub fn against_wall(&mut self, source: &Option<String>, wall: &str) {
        if let Some(source) = source {
            self.relations.push(Relation::AgainstWall {
                source: source.clone(),
                wall: wall.to_string(),
            });
        }
    }

    /// `left_of` (or `right_of`) the target, backs flush, 5 cm apart.
    pub fn beside(&mut self, source: &Option<String>, target: &Option<String>, left: bool) {
        let (Some(source), Some(target)) = (source, target) else {
            return;
        };
        let (source, target) = (source.clone(), target.clone());
        let (clearance, align) = (0.05, Align::Named(AlignName::Back));
        self.relations.push(if left {
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
        });
    }

    /// `in_front_of` the target, centred, `clearance_m` apart.
    pub fn in_front(&mut self, source: &Option<String>, target: &Option<String>, clearance_m: f64) {
        if let (Some(source), Some(target)) = (source, target) {
            self.relations.push(Relation::InFrontOf {
                source: source.clone(),
                target: target.clone(),
                clearance: clearance_m,
                align: Align::Named(AlignName::Center),
            });
        }
    }

    /// `facing` the target squarely.
    pub fn facing(&mut self, source: &Option<String>, target: &Option<String>) {
        if let (Some(source), Some(target)) = (source, target) {
            self.relations.push(Relation::Facing {
                source: source.clone(),
                target: Some(target.clone()),
                wall: None,
                mode: FacingMode::Ortho,
                mutual: false,
            });
        }
    }

    /// A seat at a desk or table: in front of it, 5 cm off, facing it.
    pub fn seat_at(&mut self, seat: &Option<String>, desk: &Option<String>) {
        self.in_front(seat, desk, 0.05);
        self.facing(seat, desk);
    }

    /// `around`: the seats that made it in, all round the table, 5 cm off.
    pub fn around(&mut self, seats: &[Option<String>], table: &Option<String>) {
        let sources: Vec<String> = seats.iter().flatten().cloned().collect();
        if let (false, Some(table)) = (sources.is_empty(), table) {
            self.relations.push(Relation::Around {
                sources,
                target: table.clone(),
                distance: 0.05,
                sweep: 360.0,
            });
        }
    }

    /// Small decor until the room holds at least two pieces (a room of one thing teaches
    /// nothing about arrangement).
    pub fn ensure_two(&mut self) {
        // A tiny room (1 × 1 m) has no room for a large piece plus a reserve: decor goes in
        // without one, smallest first when nothing fitted at all, so that every room holds two
        // things to arrange.
        self.reserve_second = false;
        let order: &[&str] = if self.objects.is_empty() {
            &["bar_stool", "floor_lamp", "side_table", "potted_plant"]
        } else {
            &["potted_plant", "side_table", "floor_lamp", "bar_stool"]
        };
        for _ in 0..2 {
            for id in order {
                if self.objects.len() >= 2 {
                    return;
                }
                if self.add(id).is_some() {
                    break;
                }
            }
        }
    }
}
