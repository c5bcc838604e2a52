//! MetaSpatial's format ladder (DESIGN §5): 1 when the answer parses and covers each object of
//! the scene exactly once; 0.5 when the object set is wrong; 0.1 when the JSON is invalid (or
//! holds a non-finite or enormous value); 0 when there is no answer.

use std::collections::{BTreeMap, BTreeSet};

use relayout_core::scene::{Pose, Scene};
use serde::{Deserialize, Serialize};

use crate::answer::{AnswerItem, extract, null_non_finite};

/// The largest coordinate magnitude an answer may hold, metres (and degrees for `rz`).
pub const MAX_COORDINATE: f64 = 1e4;

/// Format reward for a covering answer.
pub const FORMAT_OK: f64 = 1.0;
/// Format reward for a parsed answer with the wrong object set.
pub const FORMAT_WRONG_SET: f64 = 0.5;
/// Format reward for invalid JSON or invalid values.
pub const FORMAT_INVALID: f64 = 0.1;
/// Format reward for no answer.
pub const FORMAT_NONE: f64 = 0.0;

/// The format step and why.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FormatReport {
    /// 1, 0.5, 0.1 or 0.
    pub reward: f64,
    /// Problems in words (empty at 1).
    pub issues: Vec<String>,
    /// Ids in the answer that the scene does not have.
    pub unknown: Vec<String>,
    /// Scene objects the answer does not place.
    pub missing: Vec<String>,
    /// Ids the answer places more than once.
    pub duplicated: Vec<String>,
    /// The poses, by id, when the answer covers the scene exactly (reward 1).
    #[serde(skip)]
    pub poses: Option<BTreeMap<String, Pose>>,
}

impl FormatReport {
    fn step(reward: f64, issues: Vec<String>) -> Self {
        FormatReport {
            reward,
            issues,
            unknown: vec![],
            missing: vec![],
            duplicated: vec![],
            poses: None,
        }
    }
}

/// Grades an answer text against a scene. Never panics.
pub fn format_reward(scene: &Scene, text: &str) -> FormatReport {
    let Some(json) = extract(text) else {
        return FormatReport::step(FORMAT_NONE, vec!["no answer".into()]);
    };
    let items = match parse_items(json) {
        Ok(items) => items,
        Err(issues) => return FormatReport::step(FORMAT_INVALID, issues),
    };
    let bad: Vec<String> = items
        .iter()
        .enumerate()
        .filter_map(|(k, it)| {
            let fields = [("x", it.x), ("y", it.y), ("z", it.z), ("rz", it.rz)];
            let wrong: Vec<String> = fields
                .iter()
                .filter(|(_, v)| !v.is_finite() || v.abs() > MAX_COORDINATE)
                .map(|(f, v)| format!("{f} = {v}"))
                .collect();
            (!wrong.is_empty()).then(|| {
                format!(
                    "item {k} ({:?}): {} (coordinates must be finite and within ±{MAX_COORDINATE})",
                    it.id,
                    wrong.join(", ")
                )
            })
        })
        .collect();
    if !bad.is_empty() {
        return FormatReport::step(FORMAT_INVALID, bad);
    }
    let scene_ids: BTreeSet<&str> = scene.objects.iter().map(|o| o.id.as_str()).collect();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for it in &items {
        *seen.entry(it.id.as_str()).or_default() += 1;
    }
    let unknown: Vec<String> = seen
        .keys()
        .filter(|id| !scene_ids.contains(*id))
        .map(|s| s.to_string())
        .collect();
    let missing: Vec<String> = scene
        .objects
        .iter()
        .filter(|o| !seen.contains_key(o.id.as_str()))
        .map(|o| o.id.clone())
        .collect();
    let duplicated: Vec<String> = seen
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, _)| id.to_string())
        .collect();
    if unknown.is_empty() && missing.is_empty() && duplicated.is_empty() {
        let poses = items
            .iter()
            .map(|it| {
                let pose = Pose {
                    x: it.x,
                    y: it.y,
                    z: it.z,
                    rz: it.rz,
                };
                (it.id.clone(), pose)
            })
            .collect();
        return FormatReport {
            poses: Some(poses),
            ..FormatReport::step(FORMAT_OK, vec![])
        };
    }
    let mut issues = Vec::new();
    let list = |v: &[String]| v.join(", ");
    if !unknown.is_empty() {
        issues.push(format!("unknown ids: {}", list(&unknown)));
    }
    if !missing.is_empty() {
        issues.push(format!("missing objects: {}", list(&missing)));
    }
    if !duplicated.is_empty() {
        issues.push(format!("placed more than once: {}", list(&duplicated)));
    }
    FormatReport {
        unknown,
        missing,
        duplicated,
        ..FormatReport::step(FORMAT_WRONG_SET, issues)
    }
}

/// Parses the JSON list; errors name the item where one can be named.
fn parse_items(json: &str) -> Result<Vec<AnswerItem>, Vec<String>> {
    let value: serde_json::Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            let (clean, changed) = null_non_finite(json);
            let parsed = if changed {
                serde_json::from_str::<serde_json::Value>(&clean).ok()
            } else {
                None
            };
            let Some(v) = parsed else {
                return Err(vec![format!("invalid JSON: {e}")]);
            };
            let named = non_finite_items(&v);
            return Err(if named.is_empty() {
                vec!["invalid JSON: a number is not finite".into()]
            } else {
                named
            });
        }
    };
    let serde_json::Value::Array(list) = value else {
        return Err(vec![format!(
            "the answer must be a JSON list of {{\"id\", \"x\", \"y\", \"z\", \"rz\"}}, not {}",
            kind(&value)
        )]);
    };
    let mut items = Vec::with_capacity(list.len());
    let mut issues = Vec::new();
    for (k, v) in list.into_iter().enumerate() {
        let id = v.get("id").and_then(|i| i.as_str()).map(str::to_owned);
        match serde_json::from_value::<AnswerItem>(v) {
            Ok(it) => items.push(it),
            Err(e) => issues.push(match id {
                Some(id) => format!("item {k} ({id:?}): {e}"),
                None => format!("item {k}: {e}"),
            }),
        }
    }
    if issues.is_empty() {
        Ok(items)
    } else {
        Err(issues)
    }
}

/// Items whose fields were non-finite numbers (now `null`).
fn non_finite_items(v: &serde_json::Value) -> Vec<String> {
    let Some(list) = v.as_array() else {
        return vec![];
    };
    list.iter()
        .enumerate()
        .filter_map(|(k, item)| {
            let obj = item.as_object()?;
            let fields: Vec<&str> = ["x", "y", "z", "rz"]
                .into_iter()
                .filter(|f| obj.get(*f).is_some_and(|x| x.is_null()))
                .collect();
            (!fields.is_empty()).then(|| {
                let id = obj.get("id").and_then(|i| i.as_str()).unwrap_or("?");
                format!(
                    "item {k} ({id:?}): {} not a finite number",
                    fields.join(", ")
                )
            })
        })
        .collect()
}

fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}
