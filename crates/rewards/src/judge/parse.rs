//! Reading a judge's answer, leniently: the JSON may sit in prose or a code fence, keys may be
//! spelt with spaces or capitals, a grade may be a number, a numeric string ("8", "8/10",
//! "8.5"), a bare number instead of an object, or "unknown". Anything else for an aspect makes
//! that aspect unknown, with a note; an answer with no JSON object at all is an error.

use serde_json::{Map, Value};

use super::scores::{Grade, METASPATIAL_ASPECTS, R3L_ASPECTS};

/// One judge answer, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedAnswer {
    /// R³L's three, in order.
    pub r3l: Vec<Grade>,
    /// MetaSpatial's five, in order.
    pub metaspatial: Vec<Grade>,
    /// What was odd.
    pub notes: Vec<String>,
}

/// Why nothing could be read from a judge's answer.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    /// The answer holds no JSON.
    #[error(transparent)]
    NoJson(#[from] relayout_llm::ExtractError),
    /// The JSON is not an object.
    #[error("the judge answered JSON that is not an object (a {found})")]
    NotAnObject {
        /// What it is instead, e.g. `list`.
        found: &'static str,
    },
    /// No aspect has a grade.
    #[error("the judge's answer grades none of the aspects ({})", notes.join("; "))]
    NoGrades {
        /// Why each aspect is ungraded, e.g. `realism: not in the answer`.
        notes: Vec<String>,
    },
}

/// Why one aspect's value is not a grade (the aspect is then unknown, with a note).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GradeError {
    /// A JSON number that is not an `f64`.
    #[error("not a number")]
    NotANumber,
    /// A string that does not start with a number.
    #[error("grade {text:?} is not a number")]
    Unparsable {
        /// The string as the judge wrote it.
        text: String,
    },
    /// Neither a number, a string nor null.
    #[error("grade is a {found}, not a number")]
    WrongType {
        /// What it is, e.g. `list`.
        found: &'static str,
    },
    /// A number outside 1..=10 (or not finite).
    #[error("grade {grade} is outside 1..10")]
    OutOfRange {
        /// The number.
        grade: f64,
    },
}

/// Parses one answer text. `Err` says why nothing could be read.
pub fn parse_answer(text: &str) -> Result<ParsedAnswer, AnswerError> {
    let (value, _) = relayout_llm::extract_json(text)?;
    let Value::Object(map) = value else {
        return Err(AnswerError::NotAnObject {
            found: kind(&value),
        });
    };
    let map: Map<String, Value> = map.into_iter().map(|(k, v)| (normalise(&k), v)).collect();
    let mut notes = Vec::new();
    let mut read = |names: &[&str]| -> Vec<Grade> {
        names
            .iter()
            .map(|name| read_grade(name, map.get(*name), &mut notes))
            .collect()
    };
    let r3l = read(&R3L_ASPECTS);
    let metaspatial = read(&METASPATIAL_ASPECTS);
    if r3l.iter().chain(&metaspatial).all(|g| g.grade.is_none()) {
        return Err(AnswerError::NoGrades { notes });
    }
    Ok(ParsedAnswer {
        r3l,
        metaspatial,
        notes,
    })
}

fn read_grade(name: &str, v: Option<&Value>, notes: &mut Vec<String>) -> Grade {
    let mut g = Grade {
        aspect: name.to_string(),
        grade: None,
        std: 0.0,
        comment: String::new(),
    };
    let Some(v) = v else {
        notes.push(format!("{name}: not in the answer"));
        return g;
    };
    let raw = match v {
        Value::Object(o) => {
            if let Some(Value::String(c)) = o.get("comment") {
                g.comment = c.clone();
            }
            o.get("grade").or_else(|| o.get("score"))
        }
        other => Some(other),
    };
    match raw.map(grade_value) {
        Some(Ok(Some(x))) => g.grade = Some(x),
        Some(Ok(None)) => {}
        Some(Err(why)) => notes.push(format!("{name}: {why}")),
        None => notes.push(format!("{name}: no grade")),
    }
    g
}

/// `Ok(None)` for "unknown"; `Err` for anything that is not a grade in 1..=10.
fn grade_value(v: &Value) -> Result<Option<f64>, GradeError> {
    let x = match v {
        Value::Number(n) => n.as_f64().ok_or(GradeError::NotANumber)?,
        Value::String(s) => {
            let t = s.trim().to_ascii_lowercase();
            if t.is_empty() || t == "unknown" || t == "n/a" {
                return Ok(None);
            }
            let head = t.split('/').next().unwrap_or("").trim();
            head.parse::<f64>()
                .map_err(|_| GradeError::Unparsable { text: s.clone() })?
        }
        Value::Null => return Ok(None),
        other => {
            return Err(GradeError::WrongType { found: kind(other) });
        }
    };
    if !x.is_finite() || !(1.0..=10.0).contains(&x) {
        return Err(GradeError::OutOfRange { grade: x });
    }
    Ok(Some(x))
}

/// "Layout and Furniture" and "layout-and-furniture" both become "layout_and_furniture".
fn normalise(key: &str) -> String {
    let mut out = String::new();
    for c in key.trim().replace('&', " and ").chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').replace("3_d", "3d")
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalised() {
        assert_eq!(normalise("Layout and Furniture"), "layout_and_furniture");
        assert_eq!(
            normalise("Realism & 3D Geometric Consistency"),
            "realism_and_3d_geometric_consistency"
        );
        assert_eq!(normalise("instruction-following"), "instruction_following");
    }

    #[test]
    fn grades_are_read_leniently() {
        assert_eq!(grade_value(&serde_json::json!(8)), Ok(Some(8.0)));
        assert_eq!(grade_value(&serde_json::json!("7/10")), Ok(Some(7.0)));
        assert_eq!(grade_value(&serde_json::json!(" 6.5 ")), Ok(Some(6.5)));
        assert_eq!(grade_value(&serde_json::json!("Unknown")), Ok(None));
        assert!(grade_value(&serde_json::json!(85)).is_err());
        assert!(grade_value(&serde_json::json!(0)).is_err());
        assert!(grade_value(&serde_json::json!("great")).is_err());
        assert!(grade_value(&serde_json::json!([8])).is_err());
    }
}
