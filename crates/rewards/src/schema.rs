//! The JSON Schema of `relayout.answer/1`, generated from the Rust types.

use crate::answer::Answer;

/// The schema as pretty-printed JSON (what `schema/relayout.answer.schema.json` holds).
pub fn answer_schema_json() -> String {
    relayout_core::scene::schema::schema_json::<Answer>()
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
            "/schema/relayout.answer.schema.json"
        );
        let generated = answer_schema_json();
        if std::env::var_os("RELAYOUT_UPDATE_SCHEMA").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "{path} is stale: run `RELAYOUT_UPDATE_SCHEMA=1 cargo test -p relayout-rewards committed_schema_is_current`"
        );
    }

    #[test]
    fn schema_is_a_list_of_closed_items_with_five_required_fields() {
        let v: serde_json::Value = serde_json::from_str(&answer_schema_json()).unwrap();
        assert_eq!(v["type"], "array");
        let text = v.to_string();
        assert!(text.contains("\"additionalProperties\":false"), "{text}");
        for f in ["\"id\"", "\"x\"", "\"y\"", "\"z\"", "\"rz\""] {
            assert!(text.contains(f), "{f} missing");
        }
    }
}
