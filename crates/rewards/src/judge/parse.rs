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

/// Parses one answer text. `Err` says why nothing could be read.
pub fn parse_answer(text: &str) -> Result<ParsedAnswer, String> {
    let (value, _) = reasoner::extract_json(text).map_err(|e| e.to_string())?;
    let Value::Object(map) = value else {
        return Err(format!(
            "the judge answered JSON that is not an object (a {})",
            kind(&value)
        ));
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
        return Err(format!(
            "the judge's answer grades none of the aspects ({})",
            notes.join("; ")
        ));
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
fn grade_value(v: &Value) -> Result<Option<f64>, String> {
    let x = match v {
        Value::Number(n) => n.as_f64().ok_or("not a number")?,
        Value::String(s) => {
            let t = s.trim().to_ascii_lowercase();
            if t.is_empty() || t == "unknown" || t == "n/a" {
                return Ok(None);
            }
            let head = t.split('/').next().unwrap_or("").trim();
            head.parse::<f64>()
                .map_err(|_| format!("grade {s:?} is not a number"))?
        }
        Value::Null => return Ok(None),
        other => return Err(format!("grade is a {}, not a number", kind(other))),
    };
    if !x.is_finite() || !(1.0..=10.0).contains(&x) {
        return Err(format!("grade {x} is outside 1..10"));
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
