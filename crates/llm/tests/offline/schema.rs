//! The schema-subset validator.

use relayout_llm::schema::validate;
use serde_json::json;

#[test]
fn a_conforming_value_has_no_errors() {
    let schema = json!({
        "type": "object",
        "properties": { "ids": { "type": "array", "items": { "type": "string" }, "minItems": 1 } },
        "required": ["ids"]
    });
    assert!(validate(&schema, &json!({ "ids": ["a", "b"], "extra": 1 })).is_empty());
}

#[test]
fn errors_name_the_path_of_nested_items() {
    let schema = json!({
        "type": "object",
        "properties": { "poses": { "type": "array", "items": {
            "type": "object",
            "properties": { "rz": { "type": "number", "minimum": -180, "maximum": 180 } },
            "required": ["rz"]
        } } }
    });
    let errors = validate(
        &schema,
        &json!({ "poses": [{ "rz": 0 }, { "rz": 270 }, {}] }),
    );
    assert_eq!(
        errors,
        vec![
            "`$.poses[1].rz`: 270 is greater than the maximum 180".to_owned(),
            "`$.poses[2]`: missing required property `rz`".to_owned(),
        ]
    );
}

#[test]
fn integers_enums_and_counts_are_checked() {
    let schema = json!({
        "type": "object",
        "properties": {
            "n": { "type": "integer" },
            "wall": { "enum": ["L", "R", "B", "T"] },
            "list": { "type": "array", "maxItems": 1 }
        }
    });
    assert!(
        validate(&schema, &json!({ "n": 2.0 })).is_empty(),
        "2.0 is an integer in JSON Schema"
    );
    let errors = validate(&schema, &json!({ "n": 2.5, "wall": "X", "list": [1, 2] }));
    assert_eq!(errors.len(), 3, "{errors:?}");
    for expected in [
        "`$.n`: expected integer, got number 2.5",
        "`$.wall`: \"X\" is not one of [\"L\", \"R\", \"B\", \"T\"]",
        "`$.list`: 2 items, at most 1 allowed",
    ] {
        assert!(
            errors.contains(&expected.to_owned()),
            "{expected} not in {errors:?}"
        );
    }
}

#[test]
fn refs_to_defs_and_any_of_are_followed() {
    // The shape schemars generates for an enum of structs.
    let schema = json!({
        "$defs": {
            "Rel": { "anyOf": [
                { "type": "object", "properties": { "type": { "const": "left_of" }, "target": { "type": "string" } }, "required": ["type", "target"] },
                { "type": "object", "properties": { "type": { "const": "against_wall" }, "wall": { "type": "string" } }, "required": ["type", "wall"] }
            ] }
        },
        "type": "array",
        "items": { "$ref": "#/$defs/Rel" }
    });
    assert!(validate(&schema, &json!([{ "type": "against_wall", "wall": "L" }])).is_empty());
    let errors = validate(&schema, &json!([{ "type": "left_of" }]));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("`$[0]`: matches none of the 2 alternatives (closest: `$[0]`: missing required property `target`)"),
        "{errors:?}"
    );
    let errors = validate(&json!({ "$ref": "#/$defs/Missing" }), &json!(1));
    assert_eq!(
        errors,
        vec!["`$`: schema reference `#/$defs/Missing` not found".to_owned()]
    );
}

#[test]
fn a_wholly_wrong_answer_is_capped() {
    let schema = json!({ "type": "array", "items": { "type": "string" } });
    let errors = validate(&schema, &json!((0..100).collect::<Vec<_>>()));
    assert_eq!(errors.len(), relayout_llm::schema::MAX_ERRORS);
}
