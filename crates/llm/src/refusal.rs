//! Recognising a refusal written as the answer's text (rather than in `message.refusal`).
//!
//! Only consulted when a JSON answer was expected and none was found: prose is a legitimate
//! answer to a prose question.

/// Openings with which models decline. Matched case-insensitively near the start of the answer.
const REFUSAL_OPENINGS: &[&str] = &[
    "i'm sorry",
    "i am sorry",
    "sorry, i",
    "i apologize",
    "i apologise",
    "i can't",
    "i cannot",
    "i can not",
    "i'm unable",
    "i am unable",
    "i won't",
    "i will not",
    "i must decline",
    "as an ai",
    "unfortunately, i can",
];

/// How far into the answer (in characters) a refusal opening may sit.
const REFUSAL_WINDOW: usize = 120;

/// Whether `text` reads as a refusal: one of the usual openings within its first sentence or so.
pub fn looks_like_refusal(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(REFUSAL_WINDOW)
        .collect::<String>()
        .to_lowercase()
        .replace('’', "'");
    REFUSAL_OPENINGS.iter().any(|p| head.contains(p))
}
