//! The answer's JSON Schema narrowed to one stage's input, so that a server enforcing the schema
//! (llama.cpp, vLLM, Ollama, OpenAI strict mode) cannot produce an id that does not exist: every
//! field that names an object or a unit lists the ids it may hold, walls and corners the room's
//! names, and a global map's positions lie within the room's bounds.
//!
//! The answer is still parsed against the type's own schema, so a server that ignores the schema
//! gets its slips salvaged and reported, not refused here.

use serde_json::{Value, json};

use crate::backend::StageInput;
use relayout_core::geometry::RoomShape;

/// What each kind of field may hold.
struct Names {
    /// Ids a relation may name (`source`, `target`, `sources`).
    related: Vec<String>,
    /// Object ids (stage 1's `anchor`, `members`, `independent`).
    objects: Vec<String>,
    /// Ids a map's poses may name.
    placed: Vec<String>,
    walls: Vec<String>,
    corners: Vec<String>,
    /// The room's bounds, for a global map's `x` and `y`.
    bounds: Option<(f64, f64)>,
    /// How many poses a map lists: a unit's members (its anchor may be listed too), or every
    /// unit and independent object.
    poses: Option<(usize, usize)>,
}

fn names(input: &StageInput) -> Names {
    let scene = input.scene();
    let objects: Vec<String> = scene.objects.iter().map(|o| o.id.clone()).collect();
    let shape = RoomShape::new(&scene.room);
    // A rectangle's walls and corners answer to both their letters and their numbers.
    let mut walls: Vec<String> = shape.walls.iter().map(|w| w.name.clone()).collect();
    for i in 0..shape.walls.len() {
        let w = format!("w{i}");
        if !walls.contains(&w) {
            walls.push(w);
        }
    }
    let mut corners: Vec<String> = ["BL", "BR", "TR", "TL"]
        .into_iter()
        .filter(|c| shape.corner_index(c).is_some())
        .map(str::to_owned)
        .collect();
    corners.extend((0..shape.vertices.len()).map(|i| format!("c{i}")));
    let (related, placed, bounds) = match input {
        StageInput::Decompose { .. } => (vec![], vec![], None),
        StageInput::UnitRelations { unit, .. }
        | StageInput::ImagineUnit { unit, .. }
        | StageInput::ReviseUnit { unit, .. } => {
            let ids: Vec<String> = unit.objects().cloned().collect();
            (ids.clone(), ids, None)
        }
        StageInput::GlobalRelations { decomposition, .. }
        | StageInput::ImagineGlobal { decomposition, .. }
        | StageInput::ReviseGlobal { decomposition, .. } => {
            let top: Vec<String> = decomposition
                .units
                .iter()
                .map(|u| u.id.clone())
                .chain(decomposition.independent.iter().cloned())
                .collect();
            // Between units, a target may still be a member (a lamp beside the sofa).
            let mut related = top.clone();
            related.extend(objects.iter().filter(|o| !top.contains(o)).cloned());
            (related, top, Some((scene.room.width, scene.room.depth)))
        }
    };
    let poses = match input {
        StageInput::Decompose { .. } => None,
        StageInput::UnitRelations { unit, .. }
        | StageInput::ImagineUnit { unit, .. }
        | StageInput::ReviseUnit { unit, .. } => Some((unit.members.len(), unit.members.len() + 1)),
        _ => Some((placed.len(), placed.len())),
    };
    Names {
        related,
        objects,
        placed,
        walls,
        corners,
        bounds,
        poses,
    }
}

fn is_string(s: &Value) -> bool {
    s.get("type").and_then(Value::as_str) == Some("string")
}

fn restrict(s: &mut Value, ids: &[String]) {
    if !ids.is_empty() && is_string(s) {
        s["enum"] = json!(ids);
    }
}

fn restrict_items(s: &mut Value, ids: &[String]) {
    if let Some(items) = s.get_mut("items") {
        restrict(items, ids);
    }
}

/// Bounds an array property: a map lists each thing placed once (so many poses); a
/// relations array holds at most a few per thing. A grammar-constrained model that loops then
/// stops at the bound with a complete answer instead of running into the token limit.
fn bound_array(name: &str, s: &mut Value, n: &Names) {
    if s.get("type").and_then(Value::as_str) != Some("array") {
        return;
    }
    let things = n.placed.len().max(1);
    match name {
        "poses" => {
            if let Some((lo, hi)) = n.poses {
                s["minItems"] = json!(lo);
                s["maxItems"] = json!(hi);
            }
        }
        "relations" => s["maxItems"] = json!(4 * things + 4),
        "sources" => s["maxItems"] = json!(n.related.len().max(1)),
        _ => {}
    }
}

fn walk(v: &mut Value, n: &Names) {
    match v {
        Value::Object(obj) => {
            let pose = obj.get("properties").is_some_and(|p| {
                p.get("id").is_some() && p.get("x").is_some() && p.get("y").is_some()
            });
            if let Some(Value::Object(props)) = obj.get_mut("properties") {
                for (name, s) in props.iter_mut() {
                    bound_array(name, s, n);
                    match name.as_str() {
                        "source" | "target" => restrict(s, &n.related),
                        "sources" => restrict_items(s, &n.related),
                        "anchor" => restrict(s, &n.objects),
                        "members" | "independent" => restrict_items(s, &n.objects),
                        "wall" => restrict(s, &n.walls),
                        "corner" => restrict(s, &n.corners),
                        "id" if pose => restrict(s, &n.placed),
                        "x" | "y" if pose => {
                            if let (Some((w, d)), true) = (n.bounds, s.get("type").is_some()) {
                                let hi = if name == "x" { w } else { d };
                                s["minimum"] = json!(0.0);
                                s["maximum"] = json!(hi);
                            }
                        }
                        _ => {}
                    }
                }
            }
            for (_, child) in obj.iter_mut() {
                walk(child, n);
            }
        }
        Value::Array(items) => {
            for child in items {
                walk(child, n);
            }
        }
        _ => {}
    }
}

/// `schema` (an answer type's schema) narrowed to `input`. Stage 1 is asked in its `assign`
/// form ([`super::assign_schema`]), one required property per object.
pub fn for_input(schema: &Value, input: &StageInput) -> Value {
    if let StageInput::Decompose { scene } = input {
        let objects: Vec<String> = scene.objects.iter().map(|o| o.id.clone()).collect();
        return super::assign_schema(&objects);
    }
    let mut s = schema.clone();
    walk(&mut s, &names(input));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{Decomposition, GlobalMap, RelationsAnswer, UnitPlan, schema_of};

    fn find<'a>(v: &'a Value, key: &str, out: &mut Vec<&'a Value>) {
        match v {
            Value::Object(o) => {
                if let Some(Value::Object(p)) = o.get("properties")
                    && let Some(s) = p.get(key)
                {
                    out.push(s);
                }
                o.values().for_each(|c| find(c, key, out));
            }
            Value::Array(a) => a.iter().for_each(|c| find(c, key, out)),
            _ => {}
        }
    }

    fn all<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
        let mut out = Vec::new();
        find(v, key, &mut out);
        out
    }

    #[test]
    fn ids_walls_and_bounds_are_narrowed_to_the_input_and_unit_names_stay_free() {
        let scene = relayout_core::scene::parse_scene(
            r#"{"schema":"relayout.scene/1","room":{"width":4,"depth":3,"height":2.6},
                "objects":[{"id":"desk-0","category":"desk","size":[1.2,0.6,0.75]},
                           {"id":"chair-0","category":"chair","size":[0.5,0.5,0.9]},
                           {"id":"lamp-0","category":"floor_lamp","size":[0.3,0.3,1.6]}]}"#,
        )
        .unwrap();
        let ids = json!(["desk-0", "chair-0", "lamp-0"]);
        let s = for_input(
            &schema_of::<Decomposition>(),
            &StageInput::Decompose {
                scene: scene.clone(),
            },
        );
        assert!(all(&s, "anchor").iter().all(|a| a["enum"] == ids));
        assert!(!all(&s, "anchor").is_empty());
        assert!(
            all(&s, "members").is_empty(),
            "stage 1 is asked by `assign`"
        );
        assert_eq!(s["properties"]["assign"]["required"], ids);
        assert!(all(&s, "id").iter().all(|i| i.get("enum").is_none()));
        let d = Decomposition {
            units: vec![UnitPlan {
                id: "work".into(),
                anchor: "desk-0".into(),
                members: vec!["chair-0".into()],
                purpose: String::new(),
            }],
            independent: vec!["lamp-0".into()],
        };
        let g = for_input(
            &schema_of::<RelationsAnswer>(),
            &StageInput::GlobalRelations {
                scene: scene.clone(),
                decomposition: d.clone(),
                unit_relations: Default::default(),
            },
        );
        let sources = all(&g, "source");
        assert!(!sources.is_empty());
        assert!(
            sources
                .iter()
                .all(|s| s["enum"] == json!(["work", "lamp-0", "desk-0", "chair-0"]))
        );
        let walls = all(&g, "wall");
        assert!(walls.iter().any(|w| w.get("enum").is_some()));
        assert!(
            walls
                .iter()
                .filter(|w| w.get("enum").is_some())
                .all(|w| w["enum"] == json!(["B", "R", "T", "L", "w0", "w1", "w2", "w3"]))
        );
        let m = for_input(
            &schema_of::<GlobalMap>(),
            &StageInput::ImagineGlobal {
                scene,
                decomposition: d,
                relations: vec![],
                extents: vec![],
                local_maps: Default::default(),
            },
        );
        assert_eq!(all(&m, "x")[0]["maximum"], json!(4.0));
        assert_eq!(all(&m, "y")[0]["maximum"], json!(3.0));
        assert_eq!(all(&m, "id")[0]["enum"], json!(["work", "lamp-0"]));
        // Exactly one pose per unit and independent object; relations bounded.
        assert_eq!(all(&m, "poses")[0]["minItems"], json!(2));
        assert_eq!(all(&m, "poses")[0]["maxItems"], json!(2));
        assert_eq!(all(&g, "relations")[0]["maxItems"], json!(4 * 2 + 4));
    }
}
