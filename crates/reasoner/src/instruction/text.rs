//! The instruction's text as words: lower case, British spellings made American, numbers with
//! their units read as metres, sentences and commas kept as boundaries, and each word's place
//! in the original text (so a phrase can be quoted back exactly).

/// One word of the instruction.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The normalised word (`center`, `meter`, `bed-0` for an id, `,` or `.` for a boundary).
    pub word: String,
    /// Byte range in the original text.
    pub span: (usize, usize),
    /// A length in metres, for a number followed by a unit (`80 cm` is one token, 0.8).
    pub metres: Option<f64>,
    /// A bare number (a count, or a length without a unit).
    pub number: Option<f64>,
}

impl Token {
    /// Whether this ends a sentence (`.`, `!`, `?`, `;`, a new line).
    pub fn is_sentence_end(&self) -> bool {
        self.word == "."
    }
}

/// British spellings and common variants, as the reader's vocabulary spells them.
const SPELLINGS: &[(&str, &str)] = &[
    ("centre", "center"),
    ("centred", "centered"),
    ("centres", "centers"),
    ("centrally", "centrally"),
    ("metre", "meter"),
    ("metres", "meters"),
    ("centimetre", "centimeter"),
    ("centimetres", "centimeters"),
    ("millimetre", "millimeter"),
    ("millimetres", "millimeters"),
    ("colour", "color"),
    ("grey", "gray"),
    ("favourite", "favorite"),
    ("neighbouring", "neighboring"),
    ("towards", "toward"),
    ("infront", "in front"),
    ("nextto", "next to"),
    ("tv's", "tv"),
    ("t.v.", "tv"),
    ("telly", "tv"),
    ("organise", "organize"),
    ("arrange", "arrange"),
    ("upto", "up to"),
    ("armour", "armor"),
];

/// Units of length, metres per unit.
const UNITS: &[(&str, f64)] = &[
    ("m", 1.0),
    ("meter", 1.0),
    ("meters", 1.0),
    ("metre", 1.0),
    ("metres", 1.0),
    ("cm", 0.01),
    ("centimeter", 0.01),
    ("centimeters", 0.01),
    ("mm", 0.001),
    ("millimeter", 0.001),
    ("millimeters", 0.001),
    ("km", 1000.0),
    ("kilometer", 1000.0),
    ("kilometers", 1000.0),
    ("ft", 0.3048),
    ("foot", 0.3048),
    ("feet", 0.3048),
    ("inch", 0.0254),
    ("inches", 0.0254),
];

/// Number words up to twelve, and halves.
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("half", 0.5),
    ("a couple of", 2.0),
    ("pair", 2.0),
];

/// The number a word stands for (`2`, `1.5`, `two`).
pub fn number_of(word: &str) -> Option<f64> {
    if let Ok(v) = word.parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, v)| *v)
}

fn unit_of(word: &str) -> Option<f64> {
    UNITS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// Splits a raw piece (no spaces) into a number and a glued unit: `80cm` → (`80`, `cm`).
fn split_glued(piece: &str) -> Option<(f64, &str)> {
    let end = piece
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map(|(i, _)| i)?;
    if end == 0 {
        return None;
    }
    let (num, unit) = piece.split_at(end);
    let v: f64 = num.trim_end_matches('.').parse().ok()?;
    unit_of(unit).map(|_| (v, unit))
}

/// The words of `text`. Ids of the scene (`bed-0`, `sleeping_area`) are kept whole; other
/// hyphenated words are split (`top-left` → `top`, `left`).
pub fn tokenize(text: &str, ids: &[String]) -> Vec<Token> {
    let mut raw: Vec<(String, (usize, usize))> = Vec::new();
    let mut start: Option<usize> = None;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let push_word = |raw: &mut Vec<(String, (usize, usize))>, s: usize, e: usize| {
        raw.push((text[s..e].to_lowercase(), (s, e)));
    };
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let next = bytes.get(k + 1).map(|&(_, c)| c);
        let prev = k.checked_sub(1).map(|j| bytes[j].1);
        // A full stop inside a number (1.5) or an id stays in the word.
        let inner_dot = c == '.'
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        let inner_apostrophe = (c == '\'' || c == '\u{2019}')
            && prev.is_some_and(char::is_alphanumeric)
            && next.is_some_and(char::is_alphanumeric);
        let word_char = c.is_alphanumeric() || c == '-' || c == '_' || inner_dot;
        if word_char || inner_apostrophe {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            push_word(&mut raw, s, i);
        }
        let boundary = match c {
            '.' | '!' | '?' | ';' | ':' | '\n' => Some("."),
            ',' | '(' | ')' => Some(","),
            _ => None,
        };
        if let Some(b) = boundary {
            raw.push((b.to_owned(), (i, i + c.len_utf8())));
        }
    }
    if let Some(s) = start {
        push_word(&mut raw, s, text.len());
    }

    // Ids whole; hyphenated words split; spellings normalised.
    let ids_lower: Vec<String> = ids.iter().map(|i| i.to_lowercase()).collect();
    let mut words: Vec<(String, (usize, usize))> = Vec::new();
    for (w, span) in raw {
        let w = w.replace('\u{2019}', "'");
        // A minus sign stays on a number ("-3 m" is not "3 m").
        let negative = w.starts_with('-') && w[1..].starts_with(|c: char| c.is_ascii_digit());
        let trimmed = w.trim_matches(|c| c == '-' || c == '_').to_owned();
        if negative {
            words.push((format!("-{trimmed}"), span));
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        if ids_lower.contains(&trimmed) {
            words.push((trimmed, span));
            continue;
        }
        let w = trimmed.strip_suffix("'s").unwrap_or(&trimmed).to_owned();
        // Byte offsets of the parts hold only when lower case kept the word's length; else
        // each part is quoted as the whole word.
        let same_len = text[span.0..span.1].len() == w.len()
            || text[span.0..span.1].to_lowercase().len() == text[span.0..span.1].len();
        let mut offset = span.0;
        for part in w.split(['-', '_']) {
            if part.is_empty() {
                offset += 1;
                continue;
            }
            let (at, end) = if same_len {
                let at = text[offset..span.1]
                    .to_lowercase()
                    .find(part)
                    .map_or(offset, |i| offset + i);
                (at, (at + part.len()).min(span.1))
            } else {
                (span.0, span.1)
            };
            let (at, end) = if text.is_char_boundary(at) && text.is_char_boundary(end) && at <= end
            {
                (at, end)
            } else {
                (span.0, span.1)
            };
            let spelled = SPELLINGS
                .iter()
                .find(|(b, _)| *b == part)
                .map_or(part.to_owned(), |(_, a)| (*a).to_owned());
            for sub in spelled.split(' ') {
                words.push((sub.to_owned(), (at, end)));
            }
            offset = end;
        }
    }

    // Numbers with their units.
    let mut out: Vec<Token> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let (w, span) = &words[k];
        if let Some((v, unit)) = split_glued(w) {
            out.push(Token {
                word: format!("{v}{unit}"),
                span: *span,
                metres: Some(v * unit_of(unit).unwrap_or(1.0)),
                number: None,
            });
            k += 1;
            continue;
        }
        // "a couple of" counts as two.
        if w == "couple" && k > 0 && words[k - 1].0 == "a" {
            if let Some(last) = out.last_mut() {
                last.word = "two".into();
                last.number = Some(2.0);
                last.span.1 = span.1;
            }
            k += 1;
            if words.get(k).is_some_and(|(w, _)| w == "of") {
                k += 1;
            }
            continue;
        }
        if let Some(v) = number_of(w).filter(|_| w != "pair") {
            // "half a meter", "a meter and a half" are rare; "1.5 m", "80 cm", "two meters" are not.
            let unit_at = match words.get(k + 1).map(|(w, _)| w.as_str()) {
                Some("a" | "an") if w == "half" => k + 2,
                _ => k + 1,
            };
            if let Some(u) = words.get(unit_at).and_then(|(u, _)| unit_of(u)) {
                // "in" after a number is a unit only when spelled out ("inches").
                out.push(Token {
                    word: format!("{v}{}", words[unit_at].0),
                    span: (span.0, words[unit_at].1.1),
                    metres: Some(v * u),
                    number: None,
                });
                k = unit_at + 1;
                continue;
            }
            out.push(Token {
                word: w.clone(),
                span: *span,
                metres: None,
                number: Some(v),
            });
            k += 1;
            continue;
        }
        // "a meter", "a foot": one unit.
        if (w == "a" || w == "an")
            && let Some(u) = words.get(k + 1).and_then(|(u, _)| unit_of(u))
            && words[k + 1].0.len() > 2
        {
            out.push(Token {
                word: format!("1{}", words[k + 1].0),
                span: (span.0, words[k + 1].1.1),
                metres: Some(u),
                number: None,
            });
            k += 2;
            continue;
        }
        out.push(Token {
            word: w.clone(),
            span: *span,
            metres: None,
            number: None,
        });
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text, &["bed-0".into()])
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    #[test]
    fn words_are_normalised_and_ids_kept() {
        assert_eq!(
            words("Put bed-0 in the Centre; the top-left corner!"),
            [
                "put", "bed-0", "in", "the", "center", ".", "the", "top", "left", "corner", "."
            ]
        );
        assert_eq!(words("the TV's stand"), ["the", "tv", "stand"]);
        assert_eq!(words("the bed infront"), ["the", "bed", "in", "front"]);
    }

    #[test]
    fn lengths_are_read_in_metres() {
        let m = |t: &str| {
            tokenize(t, &[])
                .into_iter()
                .find_map(|t| t.metres)
                .unwrap_or(f64::NAN)
        };
        assert_eq!(m("at least 80 cm"), 0.8);
        assert_eq!(m("at least 80cm"), 0.8);
        assert_eq!(m("1.5 metres"), 1.5);
        assert_eq!(m("two meters"), 2.0);
        assert_eq!(m("half a metre"), 0.5);
        assert_eq!(m("a meter from"), 1.0);
        assert_eq!(m("10 km"), 10_000.0);
        assert!((m("3 ft") - 0.9144).abs() < 1e-9);
        let spans = tokenize("keep 1.2 m free", &[]);
        assert_eq!(spans[1].span, (5, 10));
    }

    #[test]
    fn counts_are_numbers() {
        let t = tokenize("the two armchairs and a couple of chairs", &[]);
        assert_eq!(t[1].number, Some(2.0));
        assert!(t.iter().any(|t| t.word == "two" && t.span.1 > 20));
    }
}
