//! Checking an answer against the request's JSON Schema.
//!
//! A deliberately small validator for the subset of JSON Schema that schema generators
//! (schemars) and structured-output servers use: `type`, `enum`, `const`, `properties`,
//! `required`, `additionalProperties`, `items` / `prefixItems`, `minItems` / `maxItems`,
//! `minLength` / `maxLength`, `minimum` / `maximum` / `exclusiveMinimum` / `exclusiveMaximum`,
//! `anyOf` / `oneOf` / `allOf` / `not`, and local `$ref`s (`#/$defs/…`, `#/definitions/…`).
//! Other keywords (`pattern`, `format`, …) are ignored: a server that supports structured output
//! enforces them, and the caller's typed parse catches the rest. Each error names the JSON path
//! of the offending value, so it can go verbatim into a repair prompt.

use serde_json::Value;

/// At most this many errors are reported (a wholly wrong answer would otherwise list hundreds).
pub const MAX_ERRORS: usize = 20;

/// Guards against `$ref` cycles.
const MAX_DEPTH: usize = 64;

/// Validates `instance` against `schema`; empty when it conforms. Each entry reads like
/// "`$.objects[2].size`: expected array, got number".
pub fn validate(schema: &Value, instance: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    Validator { root: schema }.check(schema, instance, "$", 0, &mut errors);
    errors.truncate(MAX_ERRORS);
    errors
}

struct Validator<'a> {
    root: &'a Value,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn has_type(v: &Value, ty: &str) -> bool {
    match ty {
        "integer" => v
            .as_f64()
            .is_some_and(|x| x.fract() == 0.0 && x.is_finite()),
        "number" => v.is_number(),
        other => type_name(v) == other,
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

impl Validator<'_> {
    fn check(&self, schema: &Value, v: &Value, path: &str, depth: usize, out: &mut Vec<String>) {
        if out.len() >= MAX_ERRORS {
            return;
        }
        let obj = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => {
                out.push(format!("`{path}`: no value is allowed here"));
                return;
            }
            Value::Object(obj) => obj,
            _ => return,
        };
        if depth > MAX_DEPTH {
            out.push(format!(
                "`{path}`: schema nests too deeply (a `$ref` cycle?)"
            ));
            return;
        }
        if let Some(Value::String(reference)) = obj.get("$ref") {
            match reference
                .strip_prefix('#')
                .and_then(|p| self.root.pointer(p))
            {
                Some(target) => self.check(target, v, path, depth + 1, out),
                None => out.push(format!(
                    "`{path}`: schema reference `{reference}` not found"
                )),
            }
        }

        if let Some(ty) = obj.get("type") {
            let allowed: Vec<&str> = match ty {
                Value::String(s) => vec![s.as_str()],
                Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !allowed.is_empty() && !allowed.iter().any(|t| has_type(v, t)) {
                out.push(format!(
                    "`{path}`: expected {}, got {} {}",
                    allowed.join(" or "),
                    type_name(v),
                    short(v)
                ));
                // Further keywords would only restate the type mismatch.
                return;
            }
        }
        if let Some(Value::Array(options)) = obj.get("enum")
            && !options.contains(v)
        {
            let list: Vec<String> = options.iter().map(short).collect();
            out.push(format!(
                "`{path}`: {} is not one of [{}]",
                short(v),
                list.join(", ")
            ));
        }
        if let Some(expected) = obj.get("const")
            && expected != v
        {
            out.push(format!(
                "`{path}`: expected {}, got {}",
                short(expected),
                short(v)
            ));
        }

        match v {
            Value::Object(map) => self.check_object(obj, map, path, depth, out),
            Value::Array(items) => self.check_array(obj, items, path, depth, out),
            Value::String(s) => {
                let len = s.chars().count() as u64;
                if let Some(min) = obj.get("minLength").and_then(Value::as_u64)
                    && len < min
                {
                    out.push(format!("`{path}`: string shorter than {min} characters"));
                }
                if let Some(max) = obj.get("maxLength").and_then(Value::as_u64)
                    && len > max
                {
                    out.push(format!("`{path}`: string longer than {max} characters"));
                }
            }
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(f64::NAN);
                let bound = |k: &str| obj.get(k).and_then(Value::as_f64);
                if let Some(m) = bound("minimum")
                    && x < m
                {
                    out.push(format!("`{path}`: {x} is less than the minimum {m}"));
                }
                if let Some(m) = bound("maximum")
                    && x > m
                {
                    out.push(format!("`{path}`: {x} is greater than the maximum {m}"));
                }
                if let Some(m) = bound("exclusiveMinimum")
                    && x <= m
                {
                    out.push(format!("`{path}`: {x} must be greater than {m}"));
                }
                if let Some(m) = bound("exclusiveMaximum")
                    && x >= m
                {
                    out.push(format!("`{path}`: {x} must be less than {m}"));
                }
            }
            _ => {}
        }

        if let Some(Value::Array(all)) = obj.get("allOf") {
            for sub in all {
                self.check(sub, v, path, depth + 1, out);
            }
        }
        for (keyword, exactly_one) in [("anyOf", false), ("oneOf", true)] {
            let Some(Value::Array(alternatives)) = obj.get(keyword) else {
                continue;
            };
            let results: Vec<Vec<String>> = alternatives
                .iter()
                .map(|sub| {
                    let mut errs = Vec::new();
                    self.check(sub, v, path, depth + 1, &mut errs);
                    errs
                })
                .collect();
            let matching = results.iter().filter(|e| e.is_empty()).count();
            if matching == 0 {
                let closest = results
                    .iter()
                    .min_by_key(|e| e.len())
                    .and_then(|e| e.first())
                    .map_or(String::new(), |e| format!(" (closest: {e})"));
                out.push(format!(
                    "`{path}`: matches none of the {} alternatives{closest}",
                    alternatives.len()
                ));
            } else if exactly_one && matching > 1 {
                out.push(format!(
                    "`{path}`: matches {matching} of the oneOf alternatives, expected exactly one"
                ));
            }
        }
        if let Some(not) = obj.get("not") {
            let mut errs = Vec::new();
            self.check(not, v, path, depth + 1, &mut errs);
            if errs.is_empty() {
                out.push(format!("`{path}`: matches a schema it must not match"));
            }
        }
    }

    fn check_object(
        &self,
        schema: &serde_json::Map<String, Value>,
        map: &serde_json::Map<String, Value>,
        path: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        if let Some(Value::Array(required)) = schema.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(key) {
                    out.push(format!("`{path}`: missing required property `{key}`"));
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (key, value) in map {
            let child = format!("{path}.{key}");
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => self.check(sub, value, &child, depth + 1, out),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        let known: Vec<&str> = properties
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        out.push(format!(
                            "`{path}`: unknown property `{key}` (allowed: {})",
                            known.join(", ")
                        ));
                    }
                    Some(sub @ Value::Object(_)) => {
                        self.check(sub, value, &child, depth + 1, out);
                    }
                    _ => {}
                },
            }
        }
    }

    fn check_array(
        &self,
        schema: &serde_json::Map<String, Value>,
        items: &[Value],
        path: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        let n = items.len() as u64;
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && n < min
        {
            out.push(format!("`{path}`: {n} items, at least {min} required"));
        }
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
            && n > max
        {
            out.push(format!("`{path}`: {n} items, at most {max} allowed"));
        }
        // Draft 2020-12 `prefixItems` + `items`, or the older tuple form `items: [...]`.
        let (prefix, rest) = match (schema.get("prefixItems"), schema.get("items")) {
            (Some(Value::Array(prefix)), rest) => (prefix.as_slice(), rest),
            (None, Some(Value::Array(prefix))) => {
                (prefix.as_slice(), schema.get("additionalItems"))
            }
            (_, rest) => (&[][..], rest),
        };
        for (i, item) in items.iter().enumerate() {
            let sub = prefix.get(i).or(rest);
            if let Some(sub) = sub {
                self.check(sub, item, &format!("{path}[{i}]"), depth + 1, out);
            }
        }
    }
}
