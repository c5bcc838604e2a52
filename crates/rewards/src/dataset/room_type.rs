//! Which kind of room a description is about, from its words.
//!
//! Room names ("bedroom", "home office") are strong evidence and the first one mentioned wins;
//! descriptive words ("children", "piano") only decide when no room name appears, so that "a
//! children's bedroom" is a bedroom and "a nook full of children's toys" a playroom.

use std::fmt;

/// The kinds of room the builder furnishes differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoomType {
    /// Bedroom, guest room, dormitory.
    Bedroom,
    /// Living room, lounge, den, sunroom.
    LivingRoom,
    /// Kitchen, kitchenette, pantry.
    Kitchen,
    /// Dining room, breakfast nook.
    DiningRoom,
    /// Office, study, conference room.
    Office,
    /// Library, reading nook, bookshop.
    Library,
    /// Bathroom, powder room, spa.
    Bathroom,
    /// Classroom, lecture hall.
    Classroom,
    /// Café, restaurant, bakery, bar.
    Cafe,
    /// Studio, workshop, garage, craft room.
    Studio,
    /// Playroom, nursery, game room.
    Playroom,
    /// Music room, recording studio.
    MusicRoom,
    /// Anything else.
    Room,
}

impl RoomType {
    /// Every room type, the fallback last.
    pub const ALL: [RoomType; 13] = [
        RoomType::Bedroom,
        RoomType::LivingRoom,
        RoomType::Kitchen,
        RoomType::DiningRoom,
        RoomType::Office,
        RoomType::Library,
        RoomType::Bathroom,
        RoomType::Classroom,
        RoomType::Cafe,
        RoomType::Studio,
        RoomType::Playroom,
        RoomType::MusicRoom,
        RoomType::Room,
    ];

    /// The name written in [`Prompt::room_type`](super::Prompt::room_type), e.g. `living_room`.
    pub fn as_str(self) -> &'static str {
        match self {
            RoomType::Bedroom => "bedroom",
            RoomType::LivingRoom => "living_room",
            RoomType::Kitchen => "kitchen",
            RoomType::DiningRoom => "dining_room",
            RoomType::Office => "office",
            RoomType::Library => "library",
            RoomType::Bathroom => "bathroom",
            RoomType::Classroom => "classroom",
            RoomType::Cafe => "cafe",
            RoomType::Studio => "studio",
            RoomType::Playroom => "playroom",
            RoomType::MusicRoom => "music_room",
            RoomType::Room => "room",
        }
    }
}

impl fmt::Display for RoomType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Room names: the first one mentioned decides.
const ROOM_NAMES: &[(RoomType, &[&str])] = &[
    // Named rooms that none of the furniture lists suits; listed so that "yoga studio" is not
    // furnished as a workshop.
    (
        RoomType::Room,
        &[
            "yoga studio",
            "dance studio",
            "pilates studio",
            "meditation room",
            "gym",
            "ballroom",
            "wine cellar",
            "walk in closet",
            "boutique",
            "gallery",
        ],
    ),
    (
        RoomType::Bedroom,
        &[
            "bedroom",
            "guest room",
            "master suite",
            "dorm",
            "dorm room",
            "dormitory",
            "bunk room",
            "bedchamber",
        ],
    ),
    (
        RoomType::LivingRoom,
        &[
            "living room",
            "living area",
            "studio apartment",
            "lounge",
            "den",
            "family room",
            "sitting room",
            "parlor",
            "parlour",
            "sunroom",
            "media room",
            "home theater",
            "home theatre",
            "great room",
            "drawing room",
            "conservatory",
        ],
    ),
    (
        RoomType::Kitchen,
        &["kitchen", "kitchenette", "pantry", "galley"],
    ),
    (
        RoomType::DiningRoom,
        &["dining", "breakfast nook", "breakfast room", "banquet hall"],
    ),
    (
        RoomType::Office,
        &[
            "office",
            "study",
            "newsroom",
            "conference room",
            "boardroom",
            "meeting room",
            "coworking",
            "co working",
            "workspace",
        ],
    ),
    (
        RoomType::Library,
        &[
            "library",
            "reading nook",
            "reading room",
            "reading corner",
            "bookstore",
            "bookshop",
            "archive",
        ],
    ),
    (
        RoomType::Bathroom,
        &[
            "bathroom",
            "powder room",
            "restroom",
            "washroom",
            "lavatory",
            "ensuite",
            "en suite",
            "spa",
            "shower room",
            "sauna",
        ],
    ),
    (
        RoomType::Classroom,
        &[
            "classroom",
            "lecture hall",
            "lecture room",
            "schoolroom",
            "seminar room",
            "training room",
            "school",
            "kindergarten",
        ],
    ),
    (
        RoomType::Cafe,
        &[
            "café",
            "cafe",
            "coffee shop",
            "restaurant",
            "bistro",
            "diner",
            "bakery",
            "tea room",
            "tea shop",
            "teahouse",
            "bar",
            "pub",
            "cafeteria",
            "eatery",
            "pizzeria",
            "tavern",
        ],
    ),
    (
        RoomType::Studio,
        &[
            "studio",
            "workshop",
            "atelier",
            "garage",
            "craft room",
            "sewing room",
            "art room",
            "woodshop",
            "workroom",
            "laboratory",
            "lab",
        ],
    ),
    (
        RoomType::Playroom,
        &[
            "playroom",
            "play room",
            "play area",
            "nursery",
            "game room",
            "toy room",
        ],
    ),
    (
        RoomType::MusicRoom,
        &[
            "music room",
            "music studio",
            "recording studio",
            "practice room",
            "rehearsal room",
        ],
    ),
];

/// Descriptive words: used only when no room name appears; the first one mentioned decides.
const HINTS: &[(RoomType, &[&str])] = &[
    (RoomType::Playroom, &["children", "kids", "kid", "toy"]),
    (
        RoomType::MusicRoom,
        &["music", "piano", "instrument", "guitar"],
    ),
    (RoomType::Cafe, &["coffee", "espresso", "pastry"]),
    (RoomType::Bathroom, &["bathtub", "shower", "toilet"]),
    (RoomType::Kitchen, &["stove", "oven", "fridge", "cooking"]),
    (RoomType::Office, &["desk", "computer", "laptop"]),
    (RoomType::Library, &["book", "bookshelf", "bookshelves"]),
    (
        RoomType::Studio,
        &["easel", "canvas", "canvases", "art", "artist"],
    ),
    (
        RoomType::LivingRoom,
        &["sofa", "couch", "fireplace", "television"],
    ),
];

/// The room type of a description: the first room name it mentions, else the first hint word,
/// else [`RoomType::Room`]. Words match whole (an optional plural `s` allowed), case-insensitive.
pub fn classify(description: &str) -> RoomType {
    let words = normalize(description);
    first_mention(&words, ROOM_NAMES)
        .or_else(|| first_mention(&words, HINTS))
        .unwrap_or(RoomType::Room)
}

/// Lower case, every run of non-letters one space, padded with spaces at both ends.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

fn first_mention(words: &str, table: &[(RoomType, &[&str])]) -> Option<RoomType> {
    let mut best: Option<(usize, RoomType)> = None;
    for (room, keywords) in table {
        for keyword in *keywords {
            if let Some(at) = find_word(words, keyword)
                && best.is_none_or(|(b, _)| at < b)
            {
                best = Some((at, *room));
            }
        }
    }
    best.map(|(_, room)| room)
}

/// Byte position of the first whole-word match of `keyword` (or its plural) in `words`.
fn find_word(words: &str, keyword: &str) -> Option<usize> {
    let needle = format!(" {keyword}");
    let mut from = 0;
    while let Some(rel) = words.get(from..).and_then(|rest| rest.find(&needle)) {
        let at = from + rel;
        let after = &words[at + needle.len()..];
        if after.starts_with(' ') || after.starts_with("s ") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}
