//! The scene document's JSON form: [`Scene`]'s fields, with each relation's origin written on
//! the relation itself (`"origin"`, and `"phrase"` for one read from the instruction).

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::model::{Object, Pose, Room, Scene, Unit};
use crate::relation::{Origin, OriginKind, Relation};

/// The document as written.
#[derive(Serialize)]
struct SceneOut<'a> {
    schema: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    instruction: &'a str,
    room: &'a Room,
    objects: &'a [Object],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    units: &'a [Unit],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relations: Vec<RelationOut<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    poses: &'a BTreeMap<String, Pose>,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    #[serde(flatten)]
    relation: &'a Relation,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<OriginKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phrase: Option<&'a str>,
}

/// The document as read (and the schema's source).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename = "Scene")]
#[schemars(
    rename = "Scene",
    description = "A whole scene: the room, its objects, their grouping into units, the relations between them, and (once solved or imported) their poses."
)]
struct SceneIn {
    /// Always `relayout.scene/1`.
    schema: String,
    /// What the designer asked for, in their words.
    #[serde(default)]
    instruction: String,
    /// The room the objects go into.
    room: Room,
    /// Every object of the scene; ids are unique.
    objects: Vec<Object>,
    /// Groups of objects arranged around an anchor (R³L's units).
    #[serde(default)]
    units: Vec<Unit>,
    /// Relative and room-referenced relations the layout should satisfy; each may say where it
    /// came from (`origin`, absent = the designer's).
    #[serde(default)]
    relations: Vec<RelationIn>,
    /// Poses by object id, once known.
    #[serde(default)]
    poses: BTreeMap<String, Pose>,
}

/// A relation with its origin.
struct RelationIn(Relation, Origin);

impl<'de> Deserialize<'de> for RelationIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let origin = match map.remove("origin") {
            None => None,
            Some(v) => Some(OriginKind::deserialize(v).map_err(|e| {
                D::Error::custom(format!("origin: {e} (designer, instruction or planner)"))
            })?),
        };
        let phrase = match map.remove("phrase") {
            None => None,
            Some(serde_json::Value::String(s)) => Some(s),
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "phrase: expected the instruction's words as a string, got {other}"
                )));
            }
        };
        let origin = match (origin, phrase) {
            (None | Some(OriginKind::Designer), None) => Origin::Designer,
            (Some(OriginKind::Planner), None) => Origin::Planner,
            (Some(OriginKind::Instruction), Some(phrase)) => Origin::Instruction { phrase },
            (Some(OriginKind::Instruction), None) => {
                return Err(D::Error::custom(
                    "origin \"instruction\" needs the \"phrase\" it was read from",
                ));
            }
            (_, Some(_)) => {
                return Err(D::Error::custom(
                    "phrase: only a relation with origin \"instruction\" has one",
                ));
            }
        };
        let relation = Relation::deserialize(serde_json::Value::Object(map))
            .map_err(|e| D::Error::custom(e.to_string()))?;
        Ok(RelationIn(relation, origin))
    }
}

impl JsonSchema for RelationIn {
    fn schema_name() -> Cow<'static, str> {
        "Relation".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = Relation::json_schema(generator);
        let origin = generator.subschema_for::<OriginKind>();
        let extra = serde_json::json!({
            "origin": {
                "description": "Where the relation came from; absent means the designer's.",
                "allOf": [origin],
            },
            "phrase": {
                "description": "For origin `instruction`: the words it was read from.",
                "type": "string",
            },
        });
        if let Some(variants) = schema.get_mut("oneOf").and_then(|v| v.as_array_mut()) {
            for v in variants {
                if let Some(props) = v.get_mut("properties").and_then(|p| p.as_object_mut())
                    && let Some(extra) = extra.as_object()
                {
                    for (k, val) in extra {
                        props.insert(k.clone(), val.clone());
                    }
                }
            }
        }
        schema
    }
}

impl Serialize for Scene {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let relations = self
            .relations_with_origins()
            .map(|(relation, origin)| RelationOut {
                relation,
                origin: match origin {
                    Origin::Designer => None,
                    o => Some(o.kind()),
                },
                phrase: origin.phrase(),
            })
            .collect();
        SceneOut {
            schema: &self.schema,
            instruction: &self.instruction,
            room: &self.room,
            objects: &self.objects,
            units: &self.units,
            relations,
            poses: &self.poses,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Scene {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = SceneIn::deserialize(d)?;
        let (relations, mut origins): (Vec<Relation>, Vec<Origin>) =
            w.relations.into_iter().map(|r| (r.0, r.1)).unzip();
        while origins.last() == Some(&Origin::Designer) {
            origins.pop();
        }
        Ok(Scene {
            schema: w.schema,
            instruction: w.instruction,
            room: w.room,
            objects: w.objects,
            units: w.units,
            relations,
            origins,
            poses: w.poses,
        })
    }
}

impl JsonSchema for Scene {
    fn schema_name() -> Cow<'static, str> {
        "Scene".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        SceneIn::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use crate::relation::{Origin, Relation};
    use crate::scene::parse_scene;

    const ROOM: &str = r#""room": {"width": 4, "depth": 3, "height": 2.5},
        "objects": [{"id": "bed-0", "category": "bed", "size": [1.6, 2, 0.5]}]"#;

    #[test]
    fn origins_round_trip_on_the_relations() {
        let text = format!(
            r#"{{"schema": "relayout.scene/1", {ROOM}, "relations": [
              {{"type": "against_wall", "source": "bed-0", "wall": "L"}},
              {{"type": "position", "source": "bed-0", "y": 1.5, "origin": "planner"}},
              {{"type": "corner", "source": "bed-0", "corner": "TL", "wall": "L",
                "origin": "instruction", "phrase": "the bed in the top-left corner"}}]}}"#
        );
        let s = parse_scene(&text).unwrap();
        assert_eq!(s.origin(0), &Origin::Designer);
        assert_eq!(s.origin(1), &Origin::Planner);
        assert_eq!(s.origin(2).phrase(), Some("the bed in the top-left corner"));
        let out = serde_json::to_value(&s).unwrap();
        assert!(out["relations"][0].get("origin").is_none());
        assert_eq!(out["relations"][1]["origin"], "planner");
        assert_eq!(out["relations"][2]["origin"], "instruction");
        assert_eq!(out["relations"][2]["type"], "corner");
        let back: crate::scene::Scene = serde_json::from_value(out).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn bad_origins_are_refused_with_the_reason() {
        for (rel, want) in [
            (r#""origin": "robot""#, "origin: unknown variant `robot`"),
            (r#""origin": "instruction""#, "needs the \"phrase\""),
            (
                r#""phrase": "x""#,
                "only a relation with origin \"instruction\"",
            ),
            (
                r#""origin": "planner", "colour": 1"#,
                "unknown field `colour`",
            ),
        ] {
            let text = format!(
                r#"{{"schema": "relayout.scene/1", {ROOM}, "relations": [
                  {{"type": "against_wall", "source": "bed-0", "wall": "L", {rel}}}]}}"#
            );
            let e = parse_scene(&text).unwrap_err().to_string();
            assert!(e.contains(want) && e.starts_with("relations[0]"), "{e}");
        }
    }

    #[test]
    fn the_helpers_keep_origins_beside_their_relations() {
        let text = format!(r#"{{"schema": "relayout.scene/1", {ROOM}}}"#);
        let mut s = parse_scene(&text).unwrap();
        let wall = |w: &str| Relation::AgainstWall {
            source: "bed-0".into(),
            wall: w.into(),
        };
        s.relations.push(wall("L")); // pushed without an origin: the designer's
        s.push_relation(wall("R"), Origin::Planner);
        s.push_relation(
            wall("T"),
            Origin::Instruction {
                phrase: "top".into(),
            },
        );
        // Built by hand or parsed, equal scenes compare equal.
        let mut built = s.clone();
        built.push_relation(wall("B"), Origin::Designer);
        let parsed: crate::scene::Scene =
            serde_json::from_value(serde_json::to_value(&built).unwrap()).unwrap();
        assert_eq!(parsed, built);
        assert_eq!(s.origin(0), &Origin::Designer);
        assert_eq!(s.origin(1), &Origin::Planner);
        let (r, o) = s.remove_relation(1);
        assert_eq!((r, o), (wall("R"), Origin::Planner));
        assert_eq!(s.origin(1).phrase(), Some("top"));
        s.retain_relations(|_, o| !o.is_designers() || o.phrase().is_some());
        assert_eq!(s.relations, vec![wall("T")]);
        assert_eq!(s.origin(0).phrase(), Some("top"));
    }
}
