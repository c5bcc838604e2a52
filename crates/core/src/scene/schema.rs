//! The JSON Schema of `relayout.scene/1`, generated from the Rust types.

use super::model::Scene;

/// The schema as pretty-printed JSON (what `schema/relayout.scene.schema.json` holds).
pub fn scene_schema_json() -> String {
    schema_json::<Scene>()
}

/// The JSON Schema of any document type, pretty-printed with a final newline, as the project
/// commits its schema files.
pub fn schema_json<T: schemars::JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schema must be what the types generate. Set `RELAYOUT_UPDATE_SCHEMA=1` to
    /// rewrite it after changing the types.
    #[test]
    fn committed_schema_is_current() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schema/relayout.scene.schema.json"
        );
        let generated = scene_schema_json();
        if std::env::var_os("RELAYOUT_UPDATE_SCHEMA").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "{path} is stale: run `RELAYOUT_UPDATE_SCHEMA=1 cargo test -p relayout-core committed_schema_is_current`"
        );
    }

    #[test]
    fn schema_forbids_unknown_fields_and_lists_relation_types() {
        let v: serde_json::Value = serde_json::from_str(&scene_schema_json()).unwrap();
        assert_eq!(v["additionalProperties"], serde_json::Value::Bool(false));
        let text = v.to_string();
        for kind in [
            "against_wall",
            "left_of",
            "around",
            "clear_front",
            "on_top_of",
        ] {
            assert!(text.contains(kind), "{kind} missing");
        }
    }
}
