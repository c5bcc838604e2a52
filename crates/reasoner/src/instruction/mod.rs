//! The instruction reader: the designer's typed text as relations on the scene's objects, with
//! no network, deterministic and fast, and what it could not understand or do said in words.
//!
//! - [`text`]: words, spellings, lengths in metres;
//! - [`lexicon`]: cues and the words the reader knows;
//! - [`refer`]: what words name among the objects (ids, categories, plurals, synonyms,
//!   description words, units, room-type groups);
//! - [`place`]: walls, corners, openings and the middle in words;
//! - [`clause`]: sentences as clauses of items;
//! - [`translate`]: clauses to relations.
//!
//! Relative words ("left of the bed") are in the target's own frame, as DESIGN §4 defines
//! `left_of`; walls by name ("the left wall") are as the plan is drawn, north at the top.
//! Small typos are corrected against the scene's vocabulary and the reader's own words.

pub mod bench;
pub mod clause;
pub mod lexicon;
pub mod place;
pub mod refer;
pub mod text;
pub mod translate;

use relayout_core::relation::{Origin, Relation, describe};
use relayout_core::scene::Scene;
use relayout_core::scene::validate::validate;
use serde::{Deserialize, Serialize};

use place::Room;
use refer::Vocabulary;
use translate::Translator;

/// The most text the reader reads; the rest is reported as left unread.
pub const MAX_CHARS: usize = 20_000;

/// A phrase understood, and the relations it became.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Understood {
    /// The words of the instruction.
    pub phrase: String,
    /// The relations read from them.
    pub relations: Vec<Relation>,
    /// The relations in words (also those the scene has already, marked so, which are not
    /// added again).
    pub words: Vec<String>,
}

/// A phrase not understood, or asking for what cannot be done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotUnderstood {
    /// The words of the instruction.
    pub phrase: String,
    /// Why, in words.
    pub why: String,
}

/// What the reader made of an instruction.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// Phrases understood, in the text's order.
    pub understood: Vec<Understood>,
    /// Phrases not understood or not doable.
    pub not_understood: Vec<NotUnderstood>,
}

impl Reading {
    /// Every relation read, with its phrase.
    pub fn relations(&self) -> impl Iterator<Item = (&Relation, &str)> {
        self.understood
            .iter()
            .flat_map(|u| u.relations.iter().map(|r| (r, u.phrase.as_str())))
    }

    /// The reading as lines of text (for stderr and logs).
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for u in &self.understood {
            out.push(format!(
                "understood \u{201c}{}\u{201d}: {}",
                u.phrase,
                u.words.join("; ")
            ));
        }
        for n in &self.not_understood {
            out.push(format!(
                "not understood \u{201c}{}\u{201d}: {}",
                n.phrase, n.why
            ));
        }
        out
    }

    /// Adds the relations read to a scene, marked with their phrases, after taking out those a
    /// previous reading added.
    pub fn apply(&self, scene: &mut Scene) {
        scene.retain_relations(|_, o| o.phrase().is_none());
        for (r, phrase) in self.relations() {
            scene.push_relation(
                r.clone(),
                Origin::Instruction {
                    phrase: phrase.to_owned(),
                },
            );
        }
    }
}

/// Corrects small typos: a word not known that is one edit (two for long words) from exactly
/// one known word becomes that word.
fn correct(tokens: &mut [text::Token], known: &[String]) {
    for t in tokens.iter_mut() {
        let w = t.word.as_str();
        if w.len() < 4
            || !w.chars().all(|c| c.is_ascii_alphabetic())
            || known.iter().any(|k| k == w)
            || lexicon::COMMON.contains(&w)
            || lexicon::FILLER.contains(&w)
            || text::number_of(w).is_some()
        {
            continue;
        }
        let limit = if w.len() >= 8 { 2 } else { 1 };
        let mut best: Option<(usize, &String)> = None;
        let mut tie = false;
        for k in known {
            if k.len() < 4 || k.len().abs_diff(w.len()) > limit {
                continue;
            }
            let d = strsim::osa_distance(w, k);
            if d > limit {
                continue;
            }
            match best {
                Some((bd, _)) if d > bd => {}
                Some((bd, _)) if d == bd => tie = true,
                _ => {
                    best = Some((d, k));
                    tie = false;
                }
            }
        }
        if let (Some((_, k)), false) = (best, tie) {
            t.word = k.clone();
        }
    }
}

fn known_words(vocab: &Vocabulary) -> Vec<String> {
    let mut known: Vec<String> = vocab.words.clone();
    for (p, _) in lexicon::CUES {
        known.extend(p.split(' ').map(str::to_owned));
    }
    for (a, b, _) in lexicon::DISTANCE_CUES {
        known.extend(a.split(' ').chain(b.split(' ')).map(str::to_owned));
    }
    known.extend(
        lexicon::CLEAR
            .iter()
            .chain(lexicon::WALKWAY)
            .chain(place::PLACE_WORDS)
            .map(|w| (*w).to_owned()),
    );
    known.retain(|w| !w.is_empty());
    known.sort();
    known.dedup();
    known
}

/// Whether two relations put the same source on opposite sides of the same target.
fn opposite_sides(a: &Relation, b: &Relation) -> bool {
    use Relation::*;
    let side = |r: &Relation| -> Option<(String, String, i8)> {
        Some(match r {
            LeftOf { source, target, .. } => (source.clone(), target.clone(), 1),
            RightOf { source, target, .. } => (source.clone(), target.clone(), -1),
            InFrontOf { source, target, .. } => (source.clone(), target.clone(), 2),
            Behind { source, target, .. } => (source.clone(), target.clone(), -2),
            _ => return None,
        })
    };
    match (side(a), side(b)) {
        (Some((s1, t1, k1)), Some((s2, t2, k2))) => s1 == s2 && t1 == t2 && k1 == -k2,
        _ => false,
    }
}

/// Reads the scene's instruction.
pub fn read(scene: &Scene) -> Reading {
    read_text(scene, &scene.instruction)
}

/// A chair named with its desk or table ("a desk and chair under the window"), or a stool with
/// its bar or island, goes where the desk goes by sitting at it: the clause's walls, corners
/// and positions are the desk's, not the chair's too (which would stand it against the wall
/// beside the desk, turned away).
fn seats_follow_their_table(scene: &Scene, relations: &mut Vec<Relation>) {
    use relayout_core::rules::roles::{Role, role};
    let role_of = |id: &str| scene.object_index(id).and_then(|i| role(&scene.objects[i]));
    let placing = |r: &Relation| {
        matches!(
            r,
            Relation::AgainstWall { .. } | Relation::Corner { .. } | Relation::Position { .. }
        )
    };
    let table_placed = relations.iter().any(|r| {
        placing(r)
            && r.source().is_some_and(|s| {
                matches!(role_of(s), Some(Role::Table | Role::Desk | Role::Counter))
            })
    });
    if table_placed {
        relations.retain(|r| {
            !(placing(r)
                && r.source()
                    .is_some_and(|s| role_of(s) == Some(Role::TableSeat)))
        });
    }
}

/// Reads a text against a scene (its objects, units, room, and the designer's relations,
/// which the text does not overrule).
pub fn read_text(scene: &Scene, text: &str) -> Reading {
    let mut reading = Reading::default();
    if text.trim().is_empty() {
        return reading;
    }
    let mut cut = text.len();
    if text.chars().count() > MAX_CHARS {
        cut = text
            .char_indices()
            .nth(MAX_CHARS)
            .map_or(text.len(), |(i, _)| i);
        reading.not_understood.push(NotUnderstood {
            phrase: format!("{}…", text[cut..].chars().take(40).collect::<String>()),
            why: format!(
                "the instruction is {} characters long; only the first {MAX_CHARS} were read",
                text.chars().count()
            ),
        });
    }
    let text = &text[..cut];
    let vocab = Vocabulary::of(scene);
    let ids: Vec<String> = scene
        .objects
        .iter()
        .map(|o| o.id.clone())
        .chain(scene.units.iter().map(|u| u.id.clone()))
        .collect();
    let mut tokens = text::tokenize(text, &ids);
    correct(&mut tokens, &known_words(&vocab));
    let room = Room::new(scene);
    let clauses = clause::clauses(&tokens, &vocab, &room);
    let mut tr = Translator::new(Room::new(scene), &vocab);
    tr.foresee(&clauses);
    // Accepted relations so far, checked against the scene's rules one by one.
    let mut probe = scene.clone();
    probe.retain_relations(|_, o| o.phrase().is_none());
    for c in &clauses {
        let phrase = text[c.span.0..c.span.1].trim().to_owned();
        if phrase.is_empty() {
            continue;
        }
        let mut out = tr.clause(c, &phrase);
        seats_follow_their_table(scene, &mut out.relations);
        tr.said.extend(out.relations.iter().cloned());
        let mut kept = Vec::new();
        let mut already = Vec::new();
        for r in out.relations {
            if kept.contains(&r) {
                continue;
            }
            if probe.relations.contains(&r) {
                already.push(format!("{} (already in the scene)", describe(&r)));
                continue;
            }
            if let Some(c) = probe
                .relations
                .iter()
                .chain(&kept)
                .find(|q| opposite_sides(q, &r))
            {
                reading.not_understood.push(NotUnderstood {
                    phrase: phrase.clone(),
                    why: format!(
                        "{} contradicts {}; kept the earlier",
                        describe(&r),
                        describe(c)
                    ),
                });
                continue;
            }
            probe.relations.push(r.clone());
            let issues = validate(&probe);
            if issues.is_empty() {
                kept.push(r);
            } else {
                probe.relations.pop();
                reading.not_understood.push(NotUnderstood {
                    phrase: phrase.clone(),
                    why: format!(
                        "{} cannot be: {}",
                        describe(&r),
                        issues
                            .iter()
                            .map(|i| i.message.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                });
            }
        }
        for why in out.problems {
            reading.not_understood.push(NotUnderstood {
                phrase: phrase.clone(),
                why,
            });
        }
        if !kept.is_empty() || !already.is_empty() {
            let mut words: Vec<String> = kept.iter().map(describe).collect();
            words.extend(already);
            reading.understood.push(Understood {
                phrase,
                words,
                relations: kept,
            });
        }
    }
    reading
}

#[cfg(test)]
mod tests;
