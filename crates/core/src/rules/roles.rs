//! What a piece is for, as the design rules need to know it: read from its category (and, when
//! the category says nothing, the word its id starts with), with a few words of its description
//! for a kitchen counter that holds the sink or the hob. A piece with no known role is left out
//! of every rule that needs one.

use crate::scene::Object;

/// A piece's role in the design rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Slept in; reached along a long side.
    Bed,
    /// A chair that belongs at a table or desk.
    TableSeat,
    /// Eaten or worked at by several (dining, kitchen, meeting tables).
    Table,
    /// Worked at by one.
    Desk,
    /// Watched.
    Tv,
    /// Holds the TV.
    TvStand,
    /// Sat on to watch or talk (sofas, armchairs).
    Lounge,
    /// Opened from its front: wardrobes, dressers, shelves, cabinets, appliances.
    Storage,
    /// Washing up.
    Sink,
    /// Cooking.
    Hob,
    /// Cold storage (also [`Role::Storage`]'s front rule).
    Fridge,
    /// A kitchen worktop: stands for the sink and the hob when the room has none apart.
    Counter,
}

/// The category in one spelling: lower case, words joined by `_`.
fn normal(word: &str) -> String {
    word.trim()
        .to_lowercase()
        .replace(['-', ' '], "_")
        .trim_matches('_')
        .to_owned()
}

fn role_of_word(w: &str) -> Option<Role> {
    use Role::*;
    Some(match w {
        "bed" | "double_bed" | "single_bed" | "queen_bed" | "king_bed" | "twin_bed"
        | "bunk_bed" | "day_bed" | "daybed" | "crib" => Bed,
        "chair" | "dining_chair" | "side_chair" | "desk_chair" | "office_chair" | "stool"
        | "bar_stool" | "kitchen_chair" | "task_chair" => TableSeat,
        "table" | "dining_table" | "kitchen_table" | "meeting_table" | "conference_table"
        | "round_table" | "dinner_table" => Table,
        "desk" | "writing_desk" | "computer_desk" | "office_desk" | "study_desk" | "work_desk" => {
            Desk
        }
        "tv" | "television" | "monitor_wall" | "tv_screen" => Tv,
        "tv_stand"
        | "tv_unit"
        | "tv_cabinet"
        | "media_console"
        | "media"
        | "entertainment"
        | "entertainment_center" => TvStand,
        "sofa" | "couch" | "loveseat" | "settee" | "armchair" | "arm_chair" | "accent_chair"
        | "lounge_chair" | "recliner" | "sofa_bed" | "sectional" => Lounge,
        "wardrobe" | "closet" | "armoire" | "dresser" | "chest" | "chest_of_drawers" | "drawer"
        | "drawers" | "bookshelf" | "bookcase" | "shelf" | "shelving" | "cabinet" | "cupboard"
        | "sideboard" | "buffet" | "locker" | "filing_cabinet" | "dishwasher" | "oven"
        | "washer" | "dryer" | "washing_machine" => Storage,
        "sink" | "basin" => Sink,
        "stove" | "hob" | "cooktop" | "range" | "cooker" => Hob,
        "fridge" | "refrigerator" | "fridge_freezer" => Fridge,
        "counter" | "kitchen_counter" | "countertop" | "worktop" | "kitchen" | "island"
        | "kitchen_island" | "bar_counter" | "bar" => Counter,
        _ => return None,
    })
}

/// The id's leading word: `dining-chair-3` → `dining_chair`.
fn id_stem(id: &str) -> String {
    let n = normal(id);
    let stem = n.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_');
    stem.to_owned()
}

/// The piece's role, if the rules know it.
pub fn role(o: &Object) -> Option<Role> {
    role_of_word(&normal(&o.category)).or_else(|| role_of_word(&id_stem(&o.id)))
}

/// Pieces that stand at a window by design (they want its light), not in its way.
pub fn belongs_at_window(o: &Object) -> bool {
    let c = normal(&o.category);
    let words = [c.as_str(), &id_stem(&o.id)];
    words.iter().any(|w| {
        w.contains("plant")
            || w.contains("tree")
            || w.contains("lamp")
            || w.contains("curtain")
            || *w == "ficus"
    })
}

/// Whether a counter's description says it holds `what` (`sink`, `hob`).
pub fn counter_holds(o: &Object, words: &[&str]) -> bool {
    let d = o.description.to_lowercase();
    words.iter().any(|w| d.contains(w))
}

/// How deep the floor in front of a storage piece must stay free to open it and stand there,
/// metres: a fridge's or wardrobe's door swing and a person; drawers; open shelves.
pub fn front_clearance_m(o: &Object) -> f64 {
    let c = normal(&o.category);
    let w = if role_of_word(&c).is_some() {
        c
    } else {
        id_stem(&o.id)
    };
    match w.as_str() {
        "bookshelf" | "bookcase" | "shelf" | "shelving" => 0.5,
        "fridge" | "refrigerator" | "fridge_freezer" | "wardrobe" | "closet" | "armoire" => 0.8,
        _ => 0.7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(id: &str, category: &str) -> Object {
        Object {
            id: id.into(),
            category: category.into(),
            description: String::new(),
            size: [1.0, 1.0, 1.0],
            asset: None,
            support: crate::scene::Support::Floor,
        }
    }

    #[test]
    fn roles_come_from_the_category_then_the_id() {
        assert_eq!(role(&obj("a", "Dining Chair")), Some(Role::TableSeat));
        assert_eq!(role(&obj("a", "coffee_table")), None);
        assert_eq!(role(&obj("fridge-2", "appliance")), Some(Role::Fridge));
        assert_eq!(role(&obj("thing-0", "thing")), None);
        assert_eq!(role(&obj("a", "TV-Stand")), Some(Role::TvStand));
    }
}
