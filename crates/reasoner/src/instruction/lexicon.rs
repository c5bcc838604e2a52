//! The words the reader knows: spatial cues (multi-word, longest first), the names of walls and
//! corners, and the everyday words it never "corrects" into furniture.

/// What a cue asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// Back against a wall ("against", "along", "with its back to").
    Against,
    /// On a wall, or on top of something ("on", "onto", "on top of").
    On,
    /// In a place ("in", "at", "into", "inside").
    In,
    /// Under a window, or on the floor under something.
    Under,
    /// Above something (wall-mounted things).
    Above,
    /// In front of.
    InFront,
    /// Behind.
    Behind,
    /// Beside, close ("next to", "beside", "by", "adjacent to").
    NextTo,
    /// Within about a metre ("near", "close to").
    Near,
    /// Away ("away from", "far from").
    Far,
    /// Front turned towards ("facing", "looking at", "toward").
    Facing,
    /// Across from ("opposite", "across from").
    Opposite,
    /// Between two things.
    Between,
    /// Spread around ("around", "surrounding").
    Around,
    /// One on each side ("on either side of", "flanking").
    EitherSide,
    /// On the target's left.
    LeftOf,
    /// On the target's right.
    RightOf,
    /// Keep something free ("keep", "leave", "don't block").
    Keep,
    /// More floor around something.
    MoreSpace,
    /// Several things side by side ("in a row", "side by side").
    InARow,
    /// At least a length from (`at least 1 m from`).
    AtLeast,
    /// At most a length from (`within 2 m of`).
    Within,
    /// About a length from (`1 m from`).
    About,
    /// In the middle ("center the table", "centered").
    Center,
    /// Facing one another (the subjects).
    EachOther,
}

/// Multi-word cues, as normalised words. Longest first where one starts another.
pub const CUES: &[(&str, Cue)] = &[
    ("on either side of", Cue::EitherSide),
    ("on each side of", Cue::EitherSide),
    ("on both sides of", Cue::EitherSide),
    ("on opposite sides of", Cue::EitherSide),
    ("to either side of", Cue::EitherSide),
    ("either side of", Cue::EitherSide),
    ("each side of", Cue::EitherSide),
    ("both sides of", Cue::EitherSide),
    ("flanking", Cue::EitherSide),
    ("to the left hand side of", Cue::LeftOf),
    ("on the left hand side of", Cue::LeftOf),
    ("on the left side of", Cue::LeftOf),
    ("to the left of", Cue::LeftOf),
    ("on the left of", Cue::LeftOf),
    ("at the left of", Cue::LeftOf),
    ("left of", Cue::LeftOf),
    ("to the right hand side of", Cue::RightOf),
    ("on the right hand side of", Cue::RightOf),
    ("on the right side of", Cue::RightOf),
    ("to the right of", Cue::RightOf),
    ("on the right of", Cue::RightOf),
    ("at the right of", Cue::RightOf),
    ("right of", Cue::RightOf),
    ("facing each other", Cue::EachOther),
    ("face each other", Cue::EachOther),
    ("facing one another", Cue::EachOther),
    ("face one another", Cue::EachOther),
    ("opposite each other", Cue::EachOther),
    ("across from each other", Cue::EachOther),
    ("more space around", Cue::MoreSpace),
    ("more room around", Cue::MoreSpace),
    ("plenty of space around", Cue::MoreSpace),
    ("plenty of room around", Cue::MoreSpace),
    ("space around", Cue::MoreSpace),
    ("room around", Cue::MoreSpace),
    ("breathing room around", Cue::MoreSpace),
    ("in a row", Cue::InARow),
    ("in a line", Cue::InARow),
    ("side by side", Cue::InARow),
    ("lined up", Cue::InARow),
    ("in line", Cue::InARow),
    ("with its back against", Cue::Against),
    ("with its back to", Cue::Against),
    ("with the back against", Cue::Against),
    ("with its head against", Cue::Against),
    ("with the head against", Cue::Against),
    ("head against", Cue::Against),
    ("headboard against", Cue::Against),
    ("backed against", Cue::Against),
    ("up against", Cue::Against),
    ("flush against", Cue::Against),
    ("flush with", Cue::Against),
    ("against", Cue::Against),
    ("along", Cue::Against),
    ("lining", Cue::Against),
    ("on top of", Cue::On),
    ("on to", Cue::On),
    ("onto", Cue::On),
    ("atop", Cue::On),
    ("upon", Cue::On),
    ("mounted on", Cue::On),
    ("hung on", Cue::On),
    ("hanging on", Cue::On),
    ("on", Cue::On),
    ("in front of", Cue::InFront),
    ("before", Cue::InFront),
    ("in back of", Cue::Behind),
    ("behind", Cue::Behind),
    ("right next to", Cue::NextTo),
    ("next to", Cue::NextTo),
    ("beside", Cue::NextTo),
    ("besides", Cue::NextTo),
    ("alongside", Cue::NextTo),
    ("adjacent to", Cue::NextTo),
    ("by the side of", Cue::NextTo),
    ("at the side of", Cue::NextTo),
    ("by", Cue::NextTo),
    ("not far from", Cue::Near),
    ("close to", Cue::Near),
    ("closer to", Cue::Near),
    ("near to", Cue::Near),
    ("nearby", Cue::Near),
    ("near", Cue::Near),
    ("as far as possible from", Cue::Far),
    ("far away from", Cue::Far),
    ("far from", Cue::Far),
    ("away from", Cue::Far),
    ("distant from", Cue::Far),
    ("underneath", Cue::Under),
    ("beneath", Cue::Under),
    ("below", Cue::Under),
    ("under", Cue::Under),
    ("above", Cue::Above),
    ("over", Cue::Above),
    ("facing toward", Cue::Facing),
    ("facing", Cue::Facing),
    ("faces", Cue::Facing),
    ("face", Cue::Facing),
    ("looking at", Cue::Facing),
    ("looking toward", Cue::Facing),
    ("looks at", Cue::Facing),
    ("looks toward", Cue::Facing),
    ("turned toward", Cue::Facing),
    ("turned to", Cue::Facing),
    ("pointing at", Cue::Facing),
    ("pointing toward", Cue::Facing),
    ("oriented toward", Cue::Facing),
    ("aimed at", Cue::Facing),
    ("overlooking", Cue::Facing),
    ("toward", Cue::Facing),
    ("across the room from", Cue::Opposite),
    ("across from", Cue::Opposite),
    ("opposite to", Cue::Opposite),
    ("opposite of", Cue::Opposite),
    ("opposite", Cue::Opposite),
    ("in between", Cue::Between),
    ("between", Cue::Between),
    ("surrounding", Cue::Around),
    ("encircling", Cue::Around),
    ("around", Cue::Around),
    ("round", Cue::Around),
    ("do not block", Cue::Keep),
    ("don't block", Cue::Keep),
    ("dont block", Cue::Keep),
    ("without blocking", Cue::Keep),
    ("not blocking", Cue::Keep),
    ("never block", Cue::Keep),
    ("nothing in front of", Cue::Keep),
    ("nothing under", Cue::Keep),
    ("keep", Cue::Keep),
    ("leave", Cue::Keep),
    ("centered in", Cue::Center),
    ("centered on", Cue::Center),
    ("centrally in", Cue::Center),
    ("centered", Cue::Center),
    ("centrally", Cue::Center),
    ("center", Cue::Center),
    ("inside", Cue::In),
    ("into", Cue::In),
    ("in", Cue::In),
    ("at", Cue::In),
];

/// Distance phrases around a length token (`L`): the words before and after it.
pub const DISTANCE_CUES: &[(&str, &str, Cue)] = &[
    ("at least", "from", Cue::AtLeast),
    ("at least", "away from", Cue::AtLeast),
    ("at least", "of", Cue::AtLeast),
    ("at least", "to", Cue::AtLeast),
    ("at least", "", Cue::AtLeast),
    ("no closer than", "to", Cue::AtLeast),
    ("no closer than", "from", Cue::AtLeast),
    ("no less than", "from", Cue::AtLeast),
    ("more than", "from", Cue::AtLeast),
    ("minimum", "from", Cue::AtLeast),
    ("", "or more from", Cue::AtLeast),
    ("", "clear of", Cue::AtLeast),
    ("within", "of", Cue::Within),
    ("within", "from", Cue::Within),
    ("within", "", Cue::Within),
    ("at most", "from", Cue::Within),
    ("no more than", "from", Cue::Within),
    ("no further than", "from", Cue::Within),
    ("less than", "from", Cue::Within),
    ("", "away from", Cue::About),
    ("about", "from", Cue::About),
    ("around", "from", Cue::About),
    ("roughly", "from", Cue::About),
    ("", "from", Cue::About),
];

/// Words that mean "free".
pub const CLEAR: &[&str] = &[
    "clear",
    "free",
    "open",
    "empty",
    "unobstructed",
    "unblocked",
    "accessible",
    "uncluttered",
];

/// Words for walkways.
pub const WALKWAY: &[&str] = &[
    "walkway", "path", "passage", "corridor", "aisle", "pathway", "route", "gangway",
];

/// Words that negate the clause they are in.
pub const NEGATIONS: &[&str] = &[
    "not", "never", "don't", "dont", "no", "avoid", "without", "nothing", "isn't", "aren't",
];

/// Words that refer back to what the previous clause placed.
pub const PRONOUNS: &[&str] = &["it", "them", "they", "its", "their", "these", "those"];

/// Words that only join or decorate (skipped between the parts of a clause).
pub const FILLER: &[&str] = &[
    "the", "a", "an", "and", "put", "place", "set", "move", "position", "arrange", "stand",
    "should", "be", "is", "are", "go", "goes", "please", "i", "want", "would", "like", "to",
    "let", "make", "sure", "with", "so", "that", "then", "also", "of", "room", "wall", "walls",
    "there", "we", "need", "have", "has", "can", "could", "my", "our", "this", "some", "all",
    "each", "every", "both", "any", "one", "for", "it", "its", "side", "against", "area",
    "space", "part", "corner", "s", "me", "us", "you", "your", "very", "just", "right", "left",
    "way", "from", "bit", "lot", "more", "other", "another", "two", "get", "give", "keep",
    "up", "down", "out", "well", "nice", "good", "here",
];

/// Everyday words that are never corrected into the vocabulary (a typo fix turns `bad` into
/// `bed` otherwise).
pub const COMMON: &[&str] = &[
    "bad", "best", "red", "bet", "beds", "fed", "led", "wed", "bat", "cat", "car", "chart",
    "chain", "share", "cheer", "sofa", "desk", "dusk", "disk", "task", "rest", "test", "lamb",
    "lamp", "limp", "lump", "damp", "camp", "ramp", "plan", "plant", "plane", "planet",
    "light", "night", "right", "might", "sight", "tight", "fight", "eight", "table", "cable",
    "stable", "fable", "able", "chair", "hair", "pair", "fair", "stair", "stairs", "rug",
    "hug", "bug", "mug", "rag", "rig", "door", "poor", "floor", "four", "your", "hour",
    "pour", "wall", "ball", "call", "fall", "hall", "tall", "small", "wail", "will", "well",
    "shelf", "self", "side", "wide", "ride", "hide", "tide", "aside", "inside", "beside",
    "stool", "tool", "cool", "pool", "fool", "wool", "school", "room", "roof", "boom",
    "bloom", "broom", "zoom", "dish", "wish", "fish", "sink", "link", "pink", "think", "wink",
    "oven", "even", "over", "oval", "cover", "lover", "mover", "clock", "block", "lock",
    "rock", "sock", "stock", "calm", "warm", "cozy", "cosy", "bright", "dark", "modern",
    "rustic", "reading", "relaxing", "quiet", "family", "guest", "kids", "child", "work",
    "study", "office", "living", "dining", "kitchen", "bedroom", "bathroom", "lounge",
    "style", "feel", "look", "looks", "view", "views", "space", "spaces", "open", "plenty",
    "light", "lights", "natural", "sunlight", "morning", "evening", "tidy", "clean",
    "minimal", "simple", "elegant", "sunny", "room", "rooms", "lots", "enough", "spacious",
    "small", "large", "big", "long", "short", "high", "low", "wood", "wooden", "oak",
    "walnut", "pine", "white", "black", "blue", "green", "gray", "brown", "beige", "cream",
    "yellow", "orange", "purple", "pink", "velvet", "leather", "fabric", "linen", "glass",
    "metal", "steel", "marble", "stone", "round", "square", "rectangular", "corner", "near",
    "these", "those", "there", "where", "when", "what", "which", "while", "whole", "where",
    "place", "space", "piece", "pieces", "item", "items", "thing", "things", "stuff",
    "furniture", "layout", "design", "arrangement", "like", "love", "want", "need", "make",
    "sure", "keep", "leave", "have", "give", "take", "turn", "turned", "move", "moved",
];

/// Determiners and quantities before a noun.
pub const ARTICLES: &[&str] = &["the", "a", "an", "this", "that", "my", "our", "your"];

/// Indefinite determiners: a fresh object of the kind.
pub const INDEFINITE: &[&str] = &["a", "an", "one", "another", "other", "second", "extra"];

/// Words for "every one of them".
pub const ALL: &[&str] = &["all", "every", "each", "both"];
