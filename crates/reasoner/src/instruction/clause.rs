//! The instruction's sentences as clauses: each a list of items (mentions of objects, places,
//! cues, lengths), split where a new placement starts ("the bed against the left wall, and the
//! desk under the window") but not inside "between A and B".

use super::lexicon::{CLEAR, CUES, Cue, DISTANCE_CUES, NEGATIONS, PRONOUNS, WALKWAY};
use super::place::{Place, Room};
use super::refer::{Mention, Vocabulary};
use super::text::Token;

/// One item of a clause.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// Objects.
    Mention(Mention),
    /// A place of the room.
    Place(Place),
    /// A cue, with the length it carries (`at least 1 m from`).
    Cue(Cue, Option<f64>),
    /// "clear", "free".
    Clear,
    /// A walkway of a width (metres, if said).
    Walkway(Option<f64>),
    /// A length on its own.
    Length(f64),
    /// "it", "them": what the previous clause placed.
    Pronoun,
    /// A word the reader does not use (kept for messages).
    Word(String),
}

/// A clause: its items, whether it is negated, and its place in the text.
#[derive(Clone, Debug)]
pub struct Clause {
    /// The items, in order.
    pub items: Vec<Item>,
    /// "not", "never", "don't" before its first cue.
    pub negated: bool,
    /// Byte range in the original text.
    pub span: (usize, usize),
    /// Split off at "with": what it names goes with the last clause's subjects ("a sofa
    /// facing the TV with a coffee table and two armchairs").
    pub companion: bool,
}

impl Clause {
    /// Whether it has a cue.
    pub fn has_cue(&self) -> bool {
        self.items.iter().any(|i| matches!(i, Item::Cue(..)))
    }
}

fn matches_at(words: &[String], k: usize, phrase: &str) -> usize {
    let p: Vec<&str> = phrase.split(' ').collect();
    if k + p.len() <= words.len() && p.iter().zip(&words[k..]).all(|(a, b)| *a == b) {
        p.len()
    } else {
        0
    }
}

/// The items of a run of tokens, with the token range each came from.
fn items_of(tokens: &[Token], vocab: &Vocabulary, room: &Room) -> Vec<(Item, usize, usize)> {
    let words: Vec<String> = tokens.iter().map(|t| t.word.clone()).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        // Distance cues around a length: "at least 1 m from", "2 m or more from".
        let mut done = false;
        for (before, after, cue) in DISTANCE_CUES {
            let nb = if before.is_empty() {
                0
            } else {
                matches_at(&words, k, before)
            };
            if !before.is_empty() && nb == 0 {
                continue;
            }
            let Some(m) = tokens.get(k + nb).and_then(|t| t.metres.or(t.number)) else {
                continue;
            };
            let na = if after.is_empty() {
                0
            } else {
                matches_at(&words, k + nb + 1, after)
            };
            if !after.is_empty() && na == 0 {
                continue;
            }
            if before.is_empty() && tokens[k + nb].metres.is_none() {
                continue;
            }
            let m = if tokens[k + nb].metres.is_some() {
                m
            } else if m > 10.0 {
                m * 0.01
            } else {
                m
            };
            let n = nb + 1 + na;
            out.push((Item::Cue(*cue, Some(m)), k, k + n));
            k += n;
            done = true;
            break;
        }
        if done {
            continue;
        }
        // Walkways: "a 1 m walkway", "a walkway of 90 cm".
        if WALKWAY.contains(&words[k].as_str()) {
            let before = k.checked_sub(1).and_then(|j| tokens[j].metres).filter(|_| {
                out.last()
                    .is_some_and(|(i, _, _)| matches!(i, Item::Length(_)))
            });
            let after = if matches!(words.get(k + 1).map(String::as_str), Some("of" | "at")) {
                tokens.get(k + 2).and_then(|t| t.metres)
            } else {
                None
            };
            if before.is_some() {
                out.pop();
            }
            let n = if after.is_some() { 3 } else { 1 };
            out.push((Item::Walkway(before.or(after)), k, k + n));
            k += n;
            continue;
        }
        if let Some(m) = tokens[k].metres {
            out.push((Item::Length(m), k, k + 1));
            k += 1;
            continue;
        }
        // Cues (a direction word followed by "of" is a cue; "the left wall" is a place).
        if let Some((cue, n)) = CUES
            .iter()
            .map(|(p, c)| (*c, matches_at(&words, k, p)))
            .find(|(_, n)| *n > 0)
        {
            // "center" is a cue only when it is not "the center of …".
            let is_noun_center =
                cue == Cue::Center && k > 0 && matches!(words[k - 1].as_str(), "the" | "in" | "at");
            if !is_noun_center {
                out.push((Item::Cue(cue, None), k, k + n));
                k += n;
                continue;
            }
        }
        // "the left nightstand": a side that picks one of several.
        let dir_at = |i: usize| matches!(words.get(i).map(String::as_str), Some("left" | "right"));
        let d = if dir_at(k) {
            Some(k)
        } else if matches!(words[k].as_str(), "the" | "a") && dir_at(k + 1) {
            Some(k + 1)
        } else {
            None
        };
        if let Some(d) = d
            && let Some((mut m, n)) = vocab.mention_at(&words, d + 1)
            && m.objects.len() >= 2
        {
            m.side = Some(words[d] == "left");
            m.count = super::refer::Count::One { definite: true };
            out.push((Item::Mention(m), k, d + 1 + n));
            k = d + 1 + n;
            continue;
        }
        if let Some((place, n)) = room.place_at(&words, k) {
            out.push((Item::Place(place), k, k + n));
            k += n;
            continue;
        }
        if let Some((m, n)) = vocab.mention_at(&words, k) {
            // "the TV wall": the wall the TV is on.
            if words.get(k + n).is_some_and(|w| w == "wall") {
                out.push((Item::Place(Place::WallOf(m.objects)), k, k + n + 1));
                k += n + 1;
                continue;
            }
            out.push((Item::Mention(m), k, k + n));
            k += n;
            continue;
        }
        // "the green one": the latest kind mentioned that the words describe.
        let one = out.iter().rev().find_map(|(i, _, _)| match i {
            Item::Mention(m) => vocab.one_of(&words, k, m),
            _ => None,
        });
        if let Some((m, n)) = one {
            out.push((Item::Mention(m), k, k + n));
            k += n;
            continue;
        }
        let w = words[k].as_str();
        let item = if CLEAR.contains(&w) {
            Item::Clear
        } else if PRONOUNS.contains(&w) {
            Item::Pronoun
        } else {
            Item::Word(w.to_owned())
        };
        out.push((item, k, k + 1));
        k += 1;
    }
    out
}

/// Whether an item starts a new placement (a subject or a cue).
/// The clauses of the whole text.
pub fn clauses(tokens: &[Token], vocab: &Vocabulary, room: &Room) -> Vec<Clause> {
    let mut out = Vec::new();
    for sentence in tokens.split(|t| t.is_sentence_end()) {
        if sentence.is_empty() {
            continue;
        }
        let items = items_of(sentence, vocab, room);
        // Split points: commas and joining words, where the part before has a cue and the
        // part after has one too (so "between the sofa and the TV" stays whole).
        let joins = |it: &Item, tok: &Token| {
            matches!(it, Item::Word(w) if matches!(w.as_str(), "and" | "but" | "then" | "while" | "plus" | "also" | "with" | "whereas"))
                || tok.word == ","
        };
        let mut pieces: Vec<Vec<(Item, usize, usize)>> = vec![vec![]];
        let mut companion: Vec<bool> = vec![false];
        let mut after_between = false;
        for (idx, it) in items.iter().enumerate() {
            let (item, a, _) = it;
            if matches!(item, Item::Cue(Cue::Between, _)) {
                after_between = true;
            }
            let cur = pieces.last().expect("one piece");
            let before_has_cue = cur.iter().any(|(i, _, _)| matches!(i, Item::Cue(..)));
            let rest = &items[idx + 1..];
            // What follows, up to its first cue: a new subject (or a cue of its own, which
            // continues the same subjects: "the bed against the left wall, under the window").
            let next_cue = rest.iter().position(|(i, _, _)| matches!(i, Item::Cue(..)));
            let after_has_cue = next_cue.is_some();
            let after_has_content = match next_cue {
                Some(c) => {
                    c == 0
                        || rest[..c]
                            .iter()
                            .any(|(i, _, _)| matches!(i, Item::Mention(_) | Item::Pronoun))
                }
                None => false,
            };
            let is_join = joins(item, &sentence[*a]);
            let is_with = matches!(item, Item::Word(w) if w == "with");
            // A companion piece ("with a coffee table and two armchairs") ends at a comma
            // that a new placement follows.
            let in_companion = *companion.last().expect("one piece") && !before_has_cue;
            if in_companion && sentence[*a].word == "," && after_has_cue && after_has_content {
                pieces.push(vec![]);
                companion.push(false);
                continue;
            }
            // A piece with no cue of its own after a placed one ("two desks under the window,
            // each with an office chair, two bookcases on the left wall"): what it names goes
            // with that clause's subjects, and a comma before a new placement ends it.
            let tagging_along = pieces.len() > 1
                && !before_has_cue
                && cur
                    .iter()
                    .any(|(i, _, _)| matches!(i, Item::Word(w) if w == "with"))
                && cur.iter().any(|(i, _, _)| matches!(i, Item::Mention(_)));
            if tagging_along && sentence[*a].word == "," && after_has_cue && after_has_content {
                *companion.last_mut().expect("one piece") = true;
                pieces.push(vec![]);
                companion.push(false);
                continue;
            }
            // A bare "and" between two subjects of one cue ("the sofa and the armchair
            // against the wall") never splits: the part before has no cue.
            if is_join && before_has_cue && after_has_cue && after_has_content {
                // "between A and B": the "and" right after A does not split.
                let between_open = after_between
                    && cur
                        .iter()
                        .rev()
                        .take_while(|(i, _, _)| !matches!(i, Item::Cue(Cue::Between, _)))
                        .map(|(i, _, _)| match i {
                            // "between two nightstands" names both at once.
                            Item::Mention(m)
                                if !matches!(m.count, super::refer::Count::One { .. }) =>
                            {
                                2
                            }
                            Item::Mention(_) | Item::Place(_) => 1,
                            _ => 0,
                        })
                        .sum::<usize>()
                        < 2;
                if !between_open {
                    after_between = false;
                    pieces.push(vec![]);
                    companion.push(is_with);
                    continue;
                }
            }
            pieces.last_mut().expect("one piece").push(it.clone());
        }
        for (p, companion) in pieces.into_iter().zip(companion) {
            let (Some(first), Some(last)) = (p.first(), p.last()) else {
                continue;
            };
            let span = (sentence[first.1].span.0, sentence[last.2 - 1].span.1);
            let first_cue = p
                .iter()
                .position(|(i, _, _)| matches!(i, Item::Cue(..)))
                .unwrap_or(p.len());
            let negated = p[..first_cue.min(p.len())].iter().any(|(i, a, b)| {
                matches!(i, Item::Word(_))
                    && (*a..*b).any(|t| NEGATIONS.contains(&sentence[t].word.as_str()))
            });
            out.push(Clause {
                items: p.into_iter().map(|(i, _, _)| i).collect(),
                negated,
                span,
                companion,
            });
        }
    }
    out
}
