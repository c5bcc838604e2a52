//! Category knowledge: what an object is for the planner (its [`Role`]), read from its category
//! (and its support and size when the category says nothing), and the rules each role follows:
//! where it stands, how much floor it keeps free in front, what it gathers around it.

use relayout_core::scene::{Object, Support};

/// What an object is, for planning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Head against a wall, nightstands beside it.
    Bed,
    /// Beside a bed, backs flush with it.
    Nightstand,
    /// Against a wall, a chair in front facing it.
    Desk,
    /// A desk or office chair (also any chair a desk can take).
    Chair,
    /// Chairs around it; stands free in the room.
    DiningTable,
    /// Around a dining table, facing it.
    DiningChair,
    /// The centre of a seating group, facing the TV.
    CoffeeTable,
    /// Behind the coffee table, facing it (and the TV).
    Sofa,
    /// Beside the coffee table, facing it.
    Armchair,
    /// Beside a sofa.
    SideTable,
    /// Beside a sofa, or in a corner.
    FloorLamp,
    /// On a nightstand, side table or desk.
    TableLamp,
    /// Against a wall; the TV above it; the seating faces it.
    TvStand,
    /// On a wall, above its stand when there is one.
    Tv,
    /// Against a wall, in a corner if it can, its doors kept clear.
    Wardrobe,
    /// Shelves, cabinets, sideboards, dressers: against a wall.
    Storage,
    /// Fridges, copiers, water coolers, stoves: against a wall.
    Appliance,
    /// In a corner.
    Plant,
    /// Paintings, mirrors, whiteboards, clocks: on a wall.
    WallDecor,
    /// A cooker hood: on the wall above the hob.
    Hood,
    /// A kitchen island: free in the room, stools in front.
    Island,
    /// At an island or a counter, facing it.
    Stool,
    /// A rug: flat, under things; anywhere free.
    Rug,
    /// Anything else: against a wall.
    Other,
}

/// Lower case with `-` and spaces as `_`.
fn normalise(category: &str) -> String {
    category.trim().to_lowercase().replace(['-', ' '], "_")
}

/// The role of an object.
pub fn role_of(o: &Object) -> Role {
    let c = normalise(&o.category);
    let has = |words: &[&str]| words.iter().any(|w| c.contains(w));
    let role = if has(&["nightstand", "night_stand", "bedside"]) {
        Role::Nightstand
    } else if has(&["bed"]) && !has(&["bedside", "sofa_bed"]) {
        Role::Bed
    } else if has(&["dining_chair", "side_chair"]) {
        Role::DiningChair
    } else if has(&[
        "armchair",
        "arm_chair",
        "lounge_chair",
        "accent_chair",
        "recliner",
    ]) {
        Role::Armchair
    } else if has(&["stool"]) {
        Role::Stool
    } else if has(&["chair"]) {
        Role::Chair
    } else if has(&["coffee_table"]) {
        Role::CoffeeTable
    } else if has(&["side_table", "end_table"]) {
        Role::SideTable
    } else if has(&["dining_table", "kitchen_table"]) {
        Role::DiningTable
    } else if has(&["island", "bar_counter", "breakfast_bar"]) || c == "bar" {
        // A bar counter takes its stools as an island does.
        Role::Island
    } else if has(&["desk"]) && !has(&["lamp"]) {
        Role::Desk
    } else if has(&["table_lamp", "desk_lamp", "bedside_lamp"]) {
        Role::TableLamp
    } else if has(&["lamp", "light"]) {
        Role::FloorLamp
    } else if has(&[
        "tv_stand",
        "tv_cabinet",
        "media",
        "tv_unit",
        "entertainment",
    ]) {
        Role::TvStand
    } else if has(&["tv", "television", "monitor_wall"]) {
        Role::Tv
    } else if has(&["sofa", "couch", "loveseat", "settee"]) {
        Role::Sofa
    } else if has(&["wardrobe", "closet", "armoire"]) {
        Role::Wardrobe
    } else if has(&["plant", "tree", "ficus"]) {
        Role::Plant
    } else if has(&["hood", "extractor"]) {
        Role::Hood
    } else if has(&[
        "painting",
        "picture",
        "poster",
        "whiteboard",
        "blackboard",
        "clock",
        "artwork",
        "frame",
    ]) {
        Role::WallDecor
    } else if has(&["rug", "carpet", "mat"]) {
        Role::Rug
    } else if has(&[
        "shelf",
        "bookcase",
        "cabinet",
        "dresser",
        "sideboard",
        "console",
        "chest",
        "drawer",
        "cupboard",
        "buffet",
        "counter",
        "locker",
    ]) {
        Role::Storage
    } else if has(&[
        "fridge",
        "refrigerator",
        "copier",
        "printer",
        "cooler",
        "stove",
        "oven",
        "sink",
        "dishwasher",
        "washer",
        "dryer",
        "piano",
    ]) {
        Role::Appliance
    } else if has(&["table"]) {
        // A plain "table": the dining kind when it is big enough to sit at.
        if o.size[0].max(o.size[1]) >= 0.7 && o.size[2] >= 0.6 {
            Role::DiningTable
        } else {
            Role::SideTable
        }
    } else if has(&["mirror"]) {
        if o.support == Support::Wall {
            Role::WallDecor
        } else {
            Role::Storage
        }
    } else {
        Role::Other
    };
    // The support the document gives wins over the category where they disagree.
    match (o.support, role) {
        (Support::Wall, Role::Tv | Role::WallDecor | Role::Hood) => role,
        (Support::Wall, _) => Role::WallDecor,
        (Support::Object, _) => Role::TableLamp,
        (Support::Floor, Role::TableLamp) if o.size[2] > 1.0 => Role::FloorLamp,
        _ => role,
    }
}

/// Floor kept free in front of a thing of this role, metres (doors, drawers, sitting down).
pub fn front_clear(role: Role) -> f64 {
    match role {
        Role::Wardrobe => 0.8,
        Role::Bed => 0.7,
        Role::Storage | Role::Appliance | Role::TvStand => 0.6,
        Role::Plant | Role::FloorLamp | Role::Rug => 0.4,
        _ => 0.6,
    }
}

/// Floor kept free in front of an object: its role's, or more where the design rules ask more
/// to open it (a fridge's door, a counter's cupboards: `fronts_clear`).
pub fn front_clear_of(o: &Object, role: Role) -> f64 {
    use relayout_core::rules::roles::{Role as RuleRole, front_clearance_m, role as rule_role};
    let opened = matches!(
        rule_role(o),
        Some(
            RuleRole::Storage
                | RuleRole::Fridge
                | RuleRole::Counter
                | RuleRole::Sink
                | RuleRole::Hob
        )
    );
    if opened {
        front_clear(role).max(front_clearance_m(o))
    } else {
        front_clear(role)
    }
}

/// Whether an object belongs to the kitchen's run (sink, hob, fridge, worktops, dishwasher):
/// the planner keeps these together, as the work triangle asks.
pub fn in_kitchen(o: &Object) -> bool {
    use relayout_core::rules::roles::{Role as RuleRole, role as rule_role};
    matches!(
        rule_role(o),
        Some(RuleRole::Sink | RuleRole::Hob | RuleRole::Fridge | RuleRole::Counter)
    ) || {
        let c = normalise(&o.category);
        c.contains("dishwasher") || c.contains("oven")
    }
}

/// Whether an object belongs beside the sink (a dishwasher: its pipes, the plates' way).
pub fn beside_sink(o: &Object) -> bool {
    normalise(&o.category).contains("dishwasher")
}

/// Whether an object is a sink, as the work triangle reads it.
pub fn is_sink(o: &Object) -> bool {
    use relayout_core::rules::roles::{Role as RuleRole, role as rule_role};
    rule_role(o) == Some(RuleRole::Sink)
}

/// Whether a thing of this role sits on top of another.
pub fn sits_on_top(role: Role) -> bool {
    role == Role::TableLamp
}

/// How well a thing of this role carries an object on top (lower is better; `None`: not at all).
pub fn surface_rank(role: Role) -> Option<u8> {
    match role {
        Role::Nightstand => Some(0),
        Role::SideTable => Some(1),
        Role::Desk => Some(2),
        Role::Storage => Some(3),
        Role::TvStand => Some(4),
        Role::CoffeeTable | Role::DiningTable | Role::Island => Some(5),
        _ => None,
    }
}

/// Bottom height of a wall-mounted thing of this role and height, metres, below a ceiling.
pub fn wall_height(role: Role, height_m: f64, ceiling_m: f64) -> f64 {
    let want: f64 = match role {
        Role::Tv => 1.0,
        // Its bottom 0.65 m above a worktop's 0.9 m (NKBA: 24–30 in over the cooktop).
        Role::Hood => 1.55,
        Role::WallDecor if height_m >= 1.0 => 0.9,
        _ => 1.4,
    };
    want.min((ceiling_m - height_m - 0.05).max(0.0))
}
