//! Reading a scene document: strict JSON parsing with the path of the first error, then
//! validation that reports every problem with its place.

use std::fmt;

use super::model::Scene;
use super::validate::{Issue, validate};

/// Why a scene document was refused.
#[derive(Debug, thiserror::Error)]
pub enum SceneError {
    /// The text is not JSON, or does not match the document's shape.
    #[error("{0}")]
    Syntax(SyntaxError),
    /// The document parsed but breaks the rules of DESIGN §3 (each issue names its place).
    #[error("{}", format_issues(.0))]
    Invalid(Vec<Issue>),
}

/// A JSON or shape error, located by path and by line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Where in the document, e.g. `objects[2].size[1]`; empty at the top level.
    pub path: String,
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based).
    pub column: usize,
    /// What serde said.
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.path.is_empty() || self.path == "." {
            String::new()
        } else {
            format!("{}: ", self.path)
        };
        write!(
            f,
            "{at}{} (line {}, column {})",
            self.message, self.line, self.column
        )
    }
}

fn format_issues(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses and validates a scene document.
pub fn parse_scene(text: &str) -> Result<Scene, SceneError> {
    let scene = parse_scene_unvalidated(text)?;
    let issues = validate(&scene);
    if issues.is_empty() {
        Ok(scene)
    } else {
        Err(SceneError::Invalid(issues))
    }
}

/// Parses a scene document without checking the rules that span fields.
pub fn parse_scene_unvalidated(text: &str) -> Result<Scene, SceneError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let scene: Scene = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // serde_json appends " at line L column C"; we report those separately.
        let message = inner.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        SceneError::Syntax(SyntaxError {
            path,
            line: inner.line(),
            column: inner.column(),
            message,
        })
    })?;
    // Text after the document is an error too, not silently ignored.
    de.end().map_err(|e| {
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.clone(), |i| message[..i].to_string());
        SceneError::Syntax(SyntaxError {
            path: String::new(),
            line: e.line(),
            column: e.column(),
            message,
        })
    })?;
    Ok(scene)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
      "schema": "relayout.scene/1",
      "room": { "width": 4.0, "depth": 3.0, "height": 2.7 },
      "objects": [ { "id": "bed-0", "category": "bed", "size": [1.6, 2.1, 0.55] } ]
    }"#;

    #[test]
    fn minimal_scene_parses() {
        let s = parse_scene(GOOD).unwrap();
        assert_eq!(s.objects[0].size, [1.6, 2.1, 0.55]);
    }

    #[test]
    fn unknown_field_is_named_with_its_path() {
        let bad = GOOD.replace(
            r#""category": "bed""#,
            r#""category": "bed", "colour": "red""#,
        );
        let err = parse_scene(&bad).unwrap_err().to_string();
        assert!(
            err.starts_with("objects[0].colour: unknown field `colour`"),
            "{err}"
        );
        assert!(err.contains("line 4"), "{err}");
    }

    #[test]
    fn wrong_type_names_the_element() {
        let bad = GOOD.replace("[1.6, 2.1, 0.55]", r#"[1.6, "wide", 0.55]"#);
        let err = parse_scene(&bad).unwrap_err().to_string();
        assert!(
            err.starts_with("objects[0].size[1]: invalid type: string \"wide\""),
            "{err}"
        );
    }

    #[test]
    fn text_after_the_document_is_refused() {
        let err = parse_scene(&format!("{GOOD} ]]")).unwrap_err().to_string();
        assert!(err.starts_with("trailing characters"), "{err}");
    }

    #[test]
    fn nan_literal_and_truncated_text_are_syntax_errors() {
        let nan = GOOD.replace("2.1", "NaN");
        assert!(matches!(parse_scene(&nan), Err(SceneError::Syntax(_))));
        let cut = &GOOD[..GOOD.len() / 2];
        let err = parse_scene(cut).unwrap_err().to_string();
        assert!(err.contains("EOF"), "{err}");
    }
}
