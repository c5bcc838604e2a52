//! What the words name among the scene's objects: ids, categories and their plurals, the usual
//! synonyms of each kind of furniture (from the planner's category knowledge), words of the
//! descriptions ("the oak bed"), the scene's units, and room-type groups ("the kitchen", "the
//! bed area").

use relayout_core::scene::Scene;

use crate::offline::knowledge::{Role, role_of};

/// How many of the named kind a mention asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// One: `the bed` (definite) or `a chair` (a fresh one).
    One {
        /// `the …` rather than `a …`.
        definite: bool,
    },
    /// A number: `the two armchairs`, `both nightstands`.
    Exactly(usize),
    /// Every one: `the chairs`, `all the stools`.
    All,
}

/// A group of objects named by the room's purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// Named by a room type ("the kitchen"): room relations apply to each member.
    Each,
    /// An area around an anchor ("the bed area"): relations apply to the anchor, the first.
    Anchored,
}

/// A mention of objects in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// The objects it may mean, in the scene's order (for a group, the anchor first).
    pub objects: Vec<usize>,
    /// How many.
    pub count: Count,
    /// The words matched (for messages).
    pub text: String,
    /// Set for room-type groups and units.
    pub group: Option<Group>,
    /// Every object of the kind named, before its modifiers chose among them ("the blue
    /// armchair": all armchairs), for "the green one".
    pub kind: Vec<usize>,
    /// "the left nightstand" (`Some(true)`), "the right one" (`Some(false)`).
    pub side: Option<bool>,
}

/// One vocabulary entry: a phrase and what it names.
#[derive(Clone, Debug)]
struct Entry {
    words: Vec<String>,
    /// The objects the words name: first those they name fully (their id, category, a name of
    /// their kind), then those they name by a compound's last word ("bar" of "back bar").
    objects: Vec<usize>,
    /// How many of `objects` come first as named fully.
    full: usize,
    plural: bool,
    group: Option<Group>,
}

/// The scene's vocabulary.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    entries: Vec<Entry>,
    /// Every word any entry uses (for typo correction).
    pub words: Vec<String>,
    /// Description words by object, for modifiers ("the oak bed").
    descriptions: Vec<Vec<String>>,
}

/// Synonyms by role: what people call each kind.
fn role_words(role: Role) -> &'static [&'static str] {
    match role {
        Role::Bed => &[
            "bed",
            "double bed",
            "single bed",
            "queen bed",
            "king bed",
            "twin bed",
            "headboard",
            "bedhead",
            "head of the bed",
            "bed head",
        ],
        Role::Nightstand => &[
            "nightstand",
            "night stand",
            "bedside table",
            "bedside cabinet",
            "night table",
            "bedside",
        ],
        Role::Desk => &[
            "desk",
            "writing desk",
            "work desk",
            "workstation",
            "computer desk",
        ],
        Role::Chair => &["chair", "desk chair", "office chair"],
        Role::DiningTable => &["dining table", "table", "kitchen table"],
        Role::DiningChair => &["dining chair", "chair"],
        Role::CoffeeTable => &["coffee table", "table", "low table", "cocktail table"],
        Role::Sofa => &[
            "sofa",
            "couch",
            "settee",
            "loveseat",
            "love seat",
            "sectional",
        ],
        Role::Armchair => &[
            "armchair",
            "arm chair",
            "easy chair",
            "lounge chair",
            "chair",
        ],
        Role::SideTable => &["side table", "end table", "table"],
        Role::FloorLamp => &["floor lamp", "lamp", "standing lamp", "light"],
        Role::TableLamp => &["table lamp", "lamp", "desk lamp", "bedside lamp", "light"],
        Role::TvStand => &[
            "tv stand",
            "tv unit",
            "tv cabinet",
            "media console",
            "media unit",
            "entertainment center",
            "stand",
        ],
        Role::Tv => &["tv", "television", "screen"],
        Role::Wardrobe => &["wardrobe", "closet", "armoire"],
        Role::Storage => &["storage", "shelf", "cabinet"],
        Role::Appliance => &["appliance"],
        Role::Plant => &["plant", "potted plant", "houseplant", "tree"],
        Role::WallDecor => &["painting", "picture", "artwork", "art", "poster", "frame"],
        Role::Hood => &[
            "hood",
            "cooker hood",
            "range hood",
            "extractor",
            "extractor hood",
            "extractor fan",
        ],
        Role::Island => &["island", "kitchen island"],
        Role::Stool => &["stool", "bar stool", "barstool"],
        Role::Rug => &["rug", "carpet", "mat"],
        Role::Other => &[],
    }
}

/// Other names people give a piece of a category (its words, as split; a key matches the whole
/// category or one of its words): those of its kind only,
/// not of its whole role ("a bookcase" is no filing cabinet, though both are storage).
fn category_synonyms(category: &[String]) -> &'static [&'static str] {
    const SYNONYMS: &[(&str, &[&str])] = &[
        (
            "bookshelf",
            &[
                "bookcase",
                "book shelf",
                "book case",
                "shelving unit",
                "shelves",
            ],
        ),
        (
            "bookcase",
            &["bookshelf", "book shelf", "shelving unit", "shelves"],
        ),
        ("dresser", &["chest of drawers", "drawers"]),
        ("sideboard", &["credenza", "buffet"]),
        ("credenza", &["sideboard", "buffet"]),
        (
            "ottoman",
            &["footstool", "foot stool", "pouf", "pouffe", "footrest"],
        ),
        ("footstool", &["ottoman", "pouf", "pouffe", "footrest"]),
        ("plant", &["fern", "palm", "ficus", "cactus", "greenery"]),
        ("fridge", &["refrigerator", "fridge freezer"]),
        ("refrigerator", &["fridge"]),
        // Not "oven" nor "range": a kitchen may have a wall oven beside its stove.
        ("stove", &["cooker", "hob"]),
        ("cooktop", &["hob", "stove"]),
        ("bean", &["beanbag", "bean bag chair"]),
        ("whiteboard", &["board", "white board"]),
        ("bar counter", &["bar", "bar top"]),
    ];
    let whole = category.join(" ");
    SYNONYMS
        .iter()
        .find(|(word, _)| whole == *word || category.iter().any(|c| c == word))
        .map_or(&[], |(_, names)| names)
}

/// Room-type groups: their names and which roles or category words make them up. The anchor
/// is the first member of the first role listed that the scene has.
/// A room-type group: its names, the roles and the category words that make it up.
type GroupSpec = (
    &'static [&'static str],
    &'static [Role],
    &'static [&'static str],
    Group,
);

const GROUPS: &[GroupSpec] = &[
    (
        &[
            "kitchen",
            "kitchen area",
            "kitchen units",
            "cooking area",
            "kitchenette",
        ],
        &[],
        &[
            "counter",
            "fridge",
            "refrigerator",
            "oven",
            "stove",
            "cooktop",
            "range",
            "sink",
            "dishwasher",
            "microwave",
            "kitchen",
            "pantry",
        ],
        Group::Each,
    ),
    (
        &[
            "bed area",
            "sleeping area",
            "sleep area",
            "bed corner",
            "bed zone",
            "bed unit",
        ],
        &[Role::Bed, Role::Nightstand],
        &[],
        Group::Anchored,
    ),
    (
        &[
            "dining area",
            "dining set",
            "dining zone",
            "dining corner",
            "eating area",
        ],
        &[Role::DiningTable, Role::DiningChair],
        &[],
        Group::Anchored,
    ),
    (
        &[
            "seating area",
            "seating group",
            "living area",
            "lounge area",
            "sitting area",
            "seating",
        ],
        &[
            Role::Sofa,
            Role::CoffeeTable,
            Role::Armchair,
            Role::SideTable,
        ],
        &[],
        Group::Anchored,
    ),
    (
        &[
            "work area",
            "workspace",
            "work space",
            "office area",
            "desk area",
            "work corner",
            "study area",
            "study corner",
            "home office",
        ],
        &[Role::Desk, Role::Chair],
        &[],
        Group::Anchored,
    ),
];

/// A plural of an English noun (enough for furniture).
pub fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("shelf") {
        return format!("{stem}shelves");
    }
    if word.ends_with('s') || word.ends_with("ch") || word.ends_with("sh") || word.ends_with('x') {
        format!("{word}es")
    } else if word.ends_with('y') && !word.ends_with("ay") && !word.ends_with("ey") {
        format!("{}ies", &word[..word.len() - 1])
    } else {
        format!("{word}s")
    }
}

fn split_words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Vocabulary {
    /// The vocabulary of a scene.
    pub fn of(scene: &Scene) -> Self {
        let mut v = Vocabulary::default();
        // `full`: the words name the objects fully, not by a compound's last word alone.
        let mut add =
            |words: Vec<String>, objects: Vec<usize>, group: Option<Group>, full: bool| {
                if words.is_empty() || objects.is_empty() {
                    return;
                }
                let mut pl = words.clone();
                if let Some(last) = pl.last_mut() {
                    *last = plural(last);
                }
                for (w, plural) in [(words, false), (pl, true)] {
                    match v
                        .entries
                        .iter_mut()
                        .find(|e| e.words == w && e.plural == plural && e.group == group)
                    {
                        Some(e) => {
                            for &o in &objects {
                                match e.objects.iter().position(|&x| x == o) {
                                    // Named fully now, by a last word before: it moves up.
                                    Some(at) if full && at >= e.full => {
                                        e.objects.remove(at);
                                        e.objects.insert(e.full, o);
                                        e.full += 1;
                                    }
                                    Some(_) => {}
                                    None if full => {
                                        e.objects.insert(e.full, o);
                                        e.full += 1;
                                    }
                                    None => e.objects.push(o),
                                }
                            }
                        }
                        None => v.entries.push(Entry {
                            words: w,
                            objects: objects.clone(),
                            full: if full { objects.len() } else { 0 },
                            plural,
                            group,
                        }),
                    }
                }
            };
        for (i, o) in scene.objects.iter().enumerate() {
            add(vec![o.id.to_lowercase()], vec![i], None, true);
            let cat = split_words(&o.category);
            if !cat.is_empty() {
                add(cat.clone(), vec![i], None, true);
                if cat.len() > 1 {
                    add(vec![cat[cat.len() - 1].clone()], vec![i], None, false);
                }
            }
            for phrase in role_words(role_of(o)) {
                add(split_words(phrase), vec![i], None, true);
            }
            for phrase in category_synonyms(&cat) {
                add(split_words(phrase), vec![i], None, true);
            }
            if let Some(asset) = &o.asset {
                let name = asset.rsplit(':').next().unwrap_or(asset);
                let words = split_words(name);
                if words.len() > 1 {
                    add(words, vec![i], None, true);
                }
            }
        }
        for u in &scene.units {
            let objects: Vec<usize> = std::iter::once(&u.anchor)
                .chain(&u.members)
                .filter_map(|id| scene.object_index(id))
                .collect();
            add(
                split_words(&u.id),
                objects.clone(),
                Some(Group::Anchored),
                true,
            );
            add(
                vec![u.id.to_lowercase()],
                objects,
                Some(Group::Anchored),
                true,
            );
        }
        for (names, roles, words, group) in GROUPS {
            let mut objects: Vec<usize> = Vec::new();
            for r in *roles {
                for (i, o) in scene.objects.iter().enumerate() {
                    if role_of(o) == *r && !objects.contains(&i) {
                        objects.push(i);
                    }
                }
            }
            for (i, o) in scene.objects.iter().enumerate() {
                let cat = o.category.to_lowercase();
                if words.iter().any(|w| cat.contains(w))
                    && !objects.contains(&i)
                    && role_of(o) != Role::Island
                {
                    objects.push(i);
                }
            }
            for n in *names {
                add(split_words(n), objects.clone(), Some(*group), true);
            }
        }
        // Longest phrases first; an exact category before a synonym.
        v.entries.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
        let mut words: Vec<String> = v.entries.iter().flat_map(|e| e.words.clone()).collect();
        words.sort();
        words.dedup();
        v.words = words;
        v.descriptions = scene
            .objects
            .iter()
            .map(|o| {
                let mut w = split_words(&o.description);
                w.extend(split_words(&o.category));
                if let Some(a) = &o.asset {
                    w.extend(split_words(a));
                }
                w.retain(|w| w.len() > 2);
                w
            })
            .collect();
        v
    }

    /// The objects among `objects` whose description, category or asset has every word of
    /// `mods`.
    fn described(&self, objects: &[usize], mods: &[String]) -> Vec<usize> {
        objects
            .iter()
            .copied()
            .filter(|&o| {
                mods.iter()
                    .all(|m| self.descriptions[o].iter().any(|d| d == m))
            })
            .collect()
    }

    /// "the green one": the objects of `kind` that the words before "one" describe. Returns
    /// the mention and its length.
    pub fn one_of(&self, tokens: &[String], k: usize, kind: &Mention) -> Option<(Mention, usize)> {
        let mut j = k;
        while j < tokens.len() && super::lexicon::ARTICLES.contains(&tokens[j].as_str()) {
            j += 1;
        }
        let mods_start = j;
        while j < tokens.len() && j < mods_start + 2 && tokens[j] != "one" {
            j += 1;
        }
        if tokens.get(j).map(String::as_str) != Some("one") || j == mods_start {
            return None;
        }
        let mods = &tokens[mods_start..j];
        let fit = self.described(&kind.kind, mods);
        if fit.is_empty() {
            return None;
        }
        Some((
            Mention {
                objects: fit,
                count: Count::One { definite: true },
                text: tokens[k..=j].join(" "),
                group: None,
                kind: kind.kind.clone(),
                side: None,
            },
            j + 1 - k,
        ))
    }

    /// The mention starting at `tokens[k]`, if one does: the objects, and how many tokens it
    /// spans (its determiner and modifiers included).
    pub fn mention_at(&self, tokens: &[String], k: usize) -> Option<(Mention, usize)> {
        // Determiners and quantities, then modifiers, then the noun phrase.
        let mut j = k;
        let mut count: Option<Count> = None;
        let mut definite = false;
        let mut all = false;
        while j < tokens.len() && j < k + 3 {
            let w = tokens[j].as_str();
            if super::lexicon::ARTICLES.contains(&w) {
                definite |= w != "a" && w != "an";
                if w == "a" || w == "an" {
                    count = Some(Count::One { definite: false });
                }
            } else if w == "both" || w == "pair" {
                count = Some(Count::Exactly(2));
            } else if super::lexicon::ALL.contains(&w) {
                all = true;
            } else if let Some(n) = super::text::number_of(w).filter(|n| n.fract() == 0.0) {
                count = Some(if n == 1.0 {
                    Count::One { definite: false }
                } else {
                    Count::Exactly(n as usize)
                });
            } else if super::lexicon::INDEFINITE.contains(&w) {
                count = Some(Count::One { definite: false });
            } else if w != "of" {
                break;
            }
            j += 1;
        }
        // Up to two modifiers that match description words.
        for skip in 0..=2 {
            let start = j + skip;
            if start >= tokens.len() {
                break;
            }
            let Some(e) = self.entries.iter().find(|e| {
                e.words.len() + start <= tokens.len()
                    && e.words.iter().zip(&tokens[start..]).all(|(a, b)| a == b)
            }) else {
                continue;
            };
            // "A family kitchen: …", "a dining room": the room's type, not its pieces.
            if e.group.is_some() && (k..j).any(|i| matches!(tokens[i].as_str(), "a" | "an")) {
                return None;
            }
            let mods = &tokens[j..start];
            // Modifiers are plain words: never punctuation, articles or joining words.
            if mods.iter().any(|m| {
                !m.chars().all(char::is_alphabetic)
                    || super::lexicon::FILLER.contains(&m.as_str())
                    || super::lexicon::ARTICLES.contains(&m.as_str())
            }) {
                continue;
            }
            let mut objects = e.objects.clone();
            if !mods.is_empty() {
                let fit = self.described(&objects, mods);
                if fit.is_empty() {
                    // Words before the noun that describe nothing here ("a six-seat table"):
                    // the noun still names the kind, and a number before them counts them,
                    // not the noun (unless the noun is plural: "two tall bookcases").
                    if matches!(count, Some(Count::Exactly(_))) && !e.plural {
                        count = Some(Count::One { definite: false });
                    }
                } else {
                    objects = fit;
                }
            }
            let count = if all {
                Count::All
            } else {
                match count {
                    Some(c) => c,
                    None if e.plural => Count::All,
                    None => Count::One { definite },
                }
            };
            let end = start + e.words.len();
            let text = tokens[k..end].join(" ");
            return Some((
                Mention {
                    objects,
                    count,
                    text,
                    group: e.group,
                    kind: e.objects.clone(),
                    side: None,
                },
                end - k,
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relayout_core::scene::parse_scene;

    fn scene() -> Scene {
        parse_scene(
            r#"{"schema": "relayout.scene/1",
            "room": {"width": 5, "depth": 4, "height": 2.7},
            "objects": [
              {"id": "bed-0", "category": "bed", "description": "oak queen bed", "size": [1.6, 2, 0.5]},
              {"id": "nightstand-0", "category": "nightstand", "size": [0.4, 0.4, 0.5]},
              {"id": "nightstand-1", "category": "nightstand", "size": [0.4, 0.4, 0.5]},
              {"id": "armchair-0", "category": "armchair", "description": "blue velvet", "size": [0.8, 0.8, 0.9]},
              {"id": "armchair-1", "category": "armchair", "description": "green", "size": [0.8, 0.8, 0.9]},
              {"id": "fridge-0", "category": "fridge", "size": [0.7, 0.7, 1.8]},
              {"id": "counter-0", "category": "kitchen_counter", "size": [2, 0.6, 0.9]}
            ]}"#,
        )
        .unwrap()
    }

    fn mention(text: &str) -> Option<Mention> {
        let v = Vocabulary::of(&scene());
        let t: Vec<String> = text.split(' ').map(str::to_owned).collect();
        v.mention_at(&t, 0).map(|(m, _)| m)
    }

    #[test]
    fn names_plurals_counts_and_modifiers() {
        let m = mention("the two armchairs").unwrap();
        assert_eq!((m.objects, m.count), (vec![3, 4], Count::Exactly(2)));
        let m = mention("both bedside tables").unwrap();
        assert_eq!((m.objects, m.count), (vec![1, 2], Count::Exactly(2)));
        let m = mention("the green armchair").unwrap();
        assert_eq!(m.objects, vec![4]);
        let m = mention("the oak bed").unwrap();
        assert_eq!(
            (m.objects, m.count),
            (vec![0], Count::One { definite: true })
        );
        let m = mention("a chair").unwrap();
        assert_eq!(m.count, Count::One { definite: false });
        assert_eq!(mention("nightstand-1").unwrap().objects, vec![2]);
        assert!(mention("the piano").is_none());
    }

    #[test]
    fn room_type_groups() {
        let m = mention("the kitchen").unwrap();
        assert_eq!((m.objects, m.group), (vec![5, 6], Some(Group::Each)));
        let m = mention("the bed area").unwrap();
        assert_eq!((m.objects, m.group), (vec![0, 1, 2], Some(Group::Anchored)));
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("bookshelf"), "bookshelves");
        assert_eq!(plural("couch"), "couches");
        assert_eq!(plural("stool"), "stools");
        assert_eq!(plural("ivy"), "ivies");
    }
}
