//! Reading MetaSpatial's `room_descriptions.json`: a list of
//! `{"description": "...", "size": {"x": 6, "y": 4, "z": 3}}`, x the width, y the depth and z the
//! height in metres. Extra fields are ignored; anything else wrong is a located error.

use serde_json::Value;

use super::error::DatasetError;

/// Rooms narrower than this (metres) are refused. MetaSpatial's file holds a 1 m hallway and a
/// 1 m balcony, which still take a plant and a side table, so the floor is 1 m rather than 1.5.
pub const MIN_ROOM_SIDE_M: f64 = 1.0;
/// Rooms wider or deeper than this (metres) are refused: larger numbers are typing mistakes.
pub const MAX_ROOM_SIDE_M: f64 = 50.0;
/// Ceilings lower than this (metres) are refused.
pub const MIN_ROOM_HEIGHT_M: f64 = 1.5;
/// The height used when `z` is absent, null or 0 (MetaSpatial writes 0 for open-air places).
pub const DEFAULT_ROOM_HEIGHT_M: f64 = 2.7;

/// One room description, checked.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RoomSpec {
    /// Index in the file.
    pub index: usize,
    pub description: String,
    pub width_m: f64,
    pub depth_m: f64,
    pub height_m: f64,
}

/// Parses and checks every item of the file.
pub(super) fn read_rooms(text: &str) -> Result<Vec<RoomSpec>, DatasetError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; the position is reported separately.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        DatasetError::NotJson {
            line: e.line(),
            column: e.column(),
            message,
        }
    })?;
    let Value::Array(items) = value else {
        return Err(DatasetError::NotAList {
            found: kind_of(&value),
        });
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| read_room(i, item))
        .collect()
}

fn read_room(index: usize, item: &Value) -> Result<RoomSpec, DatasetError> {
    let at = format!("[{index}]");
    let Value::Object(fields) = item else {
        return Err(DatasetError::item(
            at,
            format!(
                "must be an object with \"description\" and \"size\", found {}",
                kind_of(item)
            ),
        ));
    };
    let description = match fields.get("description") {
        None => return Err(DatasetError::item(format!("{at}.description"), "missing")),
        Some(Value::String(s)) if s.trim().is_empty() => {
            return Err(DatasetError::item(
                format!("{at}.description"),
                "must not be empty",
            ));
        }
        Some(Value::String(s)) => s.trim().to_string(),
        Some(other) => {
            return Err(DatasetError::item(
                format!("{at}.description"),
                format!("must be a string, found {}", kind_of(other)),
            ));
        }
    };
    let size = match fields.get("size") {
        None => return Err(DatasetError::item(format!("{at}.size"), "missing")),
        Some(Value::Object(size)) => size,
        Some(other) => {
            return Err(DatasetError::item(
                format!("{at}.size"),
                format!(
                    "must be an object {{\"x\", \"y\", \"z\"}}, found {}",
                    kind_of(other)
                ),
            ));
        }
    };
    let width_m = side(&at, "x", size.get("x"))?;
    let depth_m = side(&at, "y", size.get("y"))?;
    let height_m = height(&at, size.get("z"))?;
    Ok(RoomSpec {
        index,
        description,
        width_m,
        depth_m,
        height_m,
    })
}

fn side(at: &str, axis: &str, raw: Option<&Value>) -> Result<f64, DatasetError> {
    let path = format!("{at}.size.{axis}");
    let Some(v) = number(raw).filter(|v| *v > 0.0) else {
        return Err(DatasetError::item(
            path,
            format!("must be a positive number of metres, got {}", shown(raw)),
        ));
    };
    if v < MIN_ROOM_SIDE_M {
        return Err(DatasetError::item(
            path,
            format!("{v} m is under the smallest room side, {MIN_ROOM_SIDE_M} m"),
        ));
    }
    if v > MAX_ROOM_SIDE_M {
        return Err(DatasetError::item(
            path,
            format!("{v} m is over the largest room side, {MAX_ROOM_SIDE_M} m"),
        ));
    }
    Ok(v)
}

fn height(at: &str, raw: Option<&Value>) -> Result<f64, DatasetError> {
    let path = format!("{at}.size.z");
    if matches!(raw, None | Some(Value::Null)) {
        return Ok(DEFAULT_ROOM_HEIGHT_M);
    }
    let Some(v) = number(raw).filter(|v| *v >= 0.0) else {
        return Err(DatasetError::item(
            path,
            format!(
                "must be a number of metres ≥ 0 (0 or absent: {DEFAULT_ROOM_HEIGHT_M} m), got {}",
                shown(raw)
            ),
        ));
    };
    if v == 0.0 {
        return Ok(DEFAULT_ROOM_HEIGHT_M);
    }
    if v < MIN_ROOM_HEIGHT_M {
        return Err(DatasetError::item(
            path,
            format!("{v} m is under the lowest ceiling, {MIN_ROOM_HEIGHT_M} m"),
        ));
    }
    if v > MAX_ROOM_SIDE_M {
        return Err(DatasetError::item(
            path,
            format!("{v} m is over the highest ceiling, {MAX_ROOM_SIDE_M} m"),
        ));
    }
    Ok(v)
}

fn number(raw: Option<&Value>) -> Option<f64> {
    match raw {
        Some(Value::Number(n)) => n.as_f64().filter(|v| v.is_finite()),
        _ => None,
    }
}

/// The offending value for a message, cut short if long.
fn shown(raw: Option<&Value>) -> String {
    let Some(v) = raw else {
        return "nothing (missing)".into();
    };
    let text = v.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
