//! Import of R³L's compiled constraint JSON (the `tests/fixtures/*.json` files of the public R³L
//! repository, MIT) into a `relayout.scene/1` [`Scene`].
//!
//! # What is converted
//!
//! - `objects` (in that order) with `size = [bbox.x[i], bbox.y[i], bbox.z[i]]`, `category` = the
//!   id without its trailing `-<digits>` (`floor-lamp-0` → `floor-lamp`), support `floor`.
//! - The room: `room_size = [W, D]`, no polygon, no openings. R³L carries no ceiling height, so
//!   the room gets [`R3L_ROOM_HEIGHT`] (2.8 m), raised to the tallest object's height when an
//!   object would not fit under it.
//! - `constr_json.scene_entities.clusters` → units: id = `cluster_id`, anchor =
//!   `anchor.anchor_object_id`, members = `members` without the anchor. Only object anchors exist
//!   in R³L (`anchor_kind: "object"`); anything else is refused.
//! - Relations, in this order: `composition` (`against_wall`, `corner`, `horizontal` → `position
//!   {x}`, `vertical` → `position {y}`), then each cluster's `cluster_internal` block in the order
//!   of `scene_entities.clusters`, then `scene_relational`. Inside a block the kinds come in the
//!   order `facing`, `left_of`, `right_of`, `in_front_of`, `behind_of` (→ `behind`), `around`,
//!   `angle` (→ `align`). Directional items keep their `clearance` and turn `percentile` into
//!   [`Align::Fraction`] (R³L's percentile and relayout's fraction agree: 0 = back/left edges
//!   flush, 1 = front/right). `facing` keeps `mode` and `mutual`; a `tar_kind: "wall"` facing
//!   becomes `facing {source, wall}`.
//! - `pose` (`x`, `y`, `rz` in radians) → poses with `z = 0` and `rz` in degrees, unnormalised
//!   (4.712 rad → 270°). Nothing else is carried over: `constraint_params` (the learnable
//!   variables: their priors are already inlined in each item), the `*_param` names and the
//!   `snapshot` losses are dropped, and the instruction is left empty for the caller to set.
//!
//! Endpoints: `src_kind`/`tar_kind` `"object"` names an object id, `"cluster"` a unit id, and
//! `"anchor"` (only inside `cluster_internal.<cluster>`) that cluster's anchor object. Inside a
//! cluster, objects must be members of that cluster.
//!
//! # Assumptions about the format
//!
//! The format is not specified beyond R³L's compiler (`solvers/r3l/compile.py`), so:
//!
//! - `around` items look like `{src: [{src_kind, src_id}...], tar_kind, tar_id, distance,
//!   sweep_deg, centerline}` (R³L's DSL emitter). R³L's `distance` is centre to centre; relayout's
//!   is the gap between footprints, so the importer subtracts each footprint's mean half-extent
//!   (`(sx + sy) / 4`; a unit counts as its anchor; the sources' mean is used) and clamps at 0.
//!   relayout spreads `around` sources over the target's front, which is R³L's centerline `T`
//!   (its default); another centerline is refused unless the sweep is 360°, where it does not
//!   matter.
//! - `horizontal`/`vertical` in R³L's absolute form (`x`/`y` in metres, its default
//!   `hv_absolute: true`) are imported; the relative `percentile` form depends on the solved
//!   rotation and is refused with an error rather than guessed.
//! - Unknown top-level fields and unknown fields of `constr_json`, `pose` and `bbox` are ignored
//!   (they carry no constraints). Inside `constraints` every field must be known: an unknown
//!   block, relation kind or item field is an error naming its place, never silently dropped.
//!   Missing blocks and kinds mean "none"; `src_kind`/`tar_kind` default to `"object"`,
//!   `percentile` to 0.5, `mode` to `ortho`, `mutual` to false.
//! - A percentile must lie in `0..=1` and a clearance must be ≥ 0 (R³L clamps neither prior).
//!
//! The result is checked with [`validate`](crate::scene::validate::validate); a scene that
//! breaks relayout's rules is an [`ImportError::Scene`].

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;

use crate::relation::{Align, FacingMode, Relation};
use crate::scene::validate::{Issue, validate};
use crate::scene::{Object, Pose, Room, SCENE_SCHEMA, Scene, Support, Unit};

/// The ceiling height given to imported rooms: R³L's format has none.
pub const R3L_ROOM_HEIGHT: f64 = 2.8;

/// Why an R³L document could not be imported. Every message starts with the place in the R³L
/// document (or, for [`ImportError::Scene`], in the resulting scene).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The text is not JSON, or does not have R³L's shape (a missing field, a wrong type, an
    /// unknown constraint kind).
    #[error("{}", json_message(path, *line, *column, message))]
    Json {
        /// Where, e.g. `constr_json.constraints.scene_relational.near`; empty at the top level.
        path: String,
        /// Line (1-based; 0 when unknown).
        line: usize,
        /// Column (1-based; 0 when unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The document has R³L's shape but its content cannot be imported (an unknown object, a
    /// list of the wrong length, a value out of range).
    #[error("{path}: {message}")]
    Invalid {
        /// Where, e.g. `constr_json.constraints.cluster_internal.sleeping_area.left_of[0].src_id`.
        path: String,
        /// What is wrong, e.g. `unknown object "foo"`.
        message: String,
    },
    /// The converted scene breaks the rules of DESIGN §3 (each issue names its place in the
    /// scene, e.g. an object larger than the room).
    #[error("the imported scene is invalid:\n{}", format_issues(.0))]
    Scene(Vec<Issue>),
}

fn json_message(path: &str, line: usize, column: usize, message: &str) -> String {
    let at = if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("{path}: ")
    };
    if line == 0 {
        format!("{at}{message}")
    } else {
        format!("{at}{message} (line {line}, column {column})")
    }
}

fn format_issues(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> ImportError {
    ImportError::Invalid {
        path: path.into(),
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// The R³L document as serde types.

#[derive(Deserialize)]
struct R3lFile {
    objects: Vec<String>,
    bbox: BBox,
    room_size: [f64; 2],
    #[serde(default)]
    pose: Option<PoseLists>,
    constr_json: ConstrJson,
}

#[derive(Deserialize)]
struct BBox {
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
}

#[derive(Deserialize)]
struct PoseLists {
    x: Vec<f64>,
    y: Vec<f64>,
    rz: Vec<f64>,
}

#[derive(Deserialize)]
struct ConstrJson {
    #[serde(default)]
    scene_entities: SceneEntities,
    #[serde(default)]
    constraints: Constraints,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SceneEntities {
    #[serde(default)]
    independent_objects: Vec<String>,
    #[serde(default)]
    clusters: Vec<Cluster>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cluster {
    cluster_id: String,
    anchor: ClusterAnchor,
    #[serde(default)]
    members: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClusterAnchor {
    #[serde(default = "object_str")]
    anchor_kind: String,
    anchor_object_id: String,
}

fn object_str() -> String {
    "object".into()
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Constraints {
    #[serde(default)]
    composition: Composition,
    #[serde(default)]
    cluster_internal: BTreeMap<String, Relational>,
    #[serde(default)]
    scene_relational: Relational,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Composition {
    #[serde(default)]
    against_wall: Vec<WallItem>,
    #[serde(default)]
    corner: Vec<CornerItem>,
    #[serde(default)]
    horizontal: Vec<HorizontalItem>,
    #[serde(default)]
    vertical: Vec<VerticalItem>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Relational {
    #[serde(default)]
    facing: Vec<FacingItem>,
    #[serde(default)]
    left_of: Vec<DirItem>,
    #[serde(default)]
    right_of: Vec<DirItem>,
    #[serde(default)]
    in_front_of: Vec<DirItem>,
    #[serde(default)]
    behind_of: Vec<DirItem>,
    #[serde(default)]
    around: Vec<AroundItem>,
    #[serde(default)]
    angle: Vec<AngleItem>,
}

/// What an endpoint id refers to.
#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
enum Kind {
    #[default]
    Object,
    Cluster,
    Anchor,
    Wall,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WallItem {
    #[serde(default)]
    src_kind: Kind,
    src_id: String,
    wall: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CornerItem {
    #[serde(default)]
    src_kind: Kind,
    src_id: String,
    corner: String,
    wall: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // the *_param names are accepted and dropped
struct HorizontalItem {
    #[serde(default)]
    src_kind: Kind,
    src_id: String,
    #[serde(default)]
    x: Option<f64>,
    #[serde(default)]
    x_param: Option<String>,
    #[serde(default)]
    percentile: Option<f64>,
    #[serde(default)]
    percentile_param: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct VerticalItem {
    #[serde(default)]
    src_kind: Kind,
    src_id: String,
    #[serde(default)]
    y: Option<f64>,
    #[serde(default)]
    y_param: Option<String>,
    #[serde(default)]
    percentile: Option<f64>,
    #[serde(default)]
    percentile_param: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DirItem {
    #[serde(default)]
    src_kind: Kind,
    src_id: String,
    #[serde(default)]
    tar_kind: Kind,
    tar_id: String,
    clearance: f64,
    #[serde(default = "half")]
    percentile: f64,
    #[serde(default)]
    clearance_param: Option<String>,
    #[serde(default)]
    percentile_param: Option<String>,
}

fn half() -> f64 {
    0.5
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FacingItem {
    #[serde(default)]
    src_kind: Kind,
    src_id: String,
    #[serde(default)]
    tar_kind: Kind,
    tar_id: String,
    #[serde(default)]
    mutual: bool,
    #[serde(default)]
    mode: FacingMode,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct AngleItem {
    #[serde(default)]
    src_kind: Kind,
    src_id: String,
    #[serde(default)]
    tar_kind: Kind,
    tar_id: String,
    angle: f64,
    #[serde(default)]
    angle_param: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct AroundItem {
    src: Vec<AroundSource>,
    #[serde(default)]
    tar_kind: Kind,
    tar_id: String,
    distance: f64,
    sweep_deg: f64,
    #[serde(default)]
    centerline: Option<String>,
    #[serde(default)]
    distance_param: Option<String>,
    #[serde(default)]
    sweep_deg_param: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AroundSource {
    #[serde(default)]
    src_kind: Kind,
    src_id: String,
}

// ---------------------------------------------------------------------------------------------
// Conversion.

const WALLS: [&str; 4] = ["L", "R", "B", "T"];
const CORNERS: [&str; 4] = ["BL", "BR", "TR", "TL"];
const CENTERLINES: [&str; 8] = ["T", "B", "L", "R", "TL", "TR", "BL", "BR"];

/// Imports an R³L compiled constraint document (see the module docs for the mapping).
///
/// The scene has the objects, room, units, relations and R³L's poses; its instruction is empty.
/// It passes [`validate`](crate::scene::validate::validate).
pub fn import_r3l(json_text: &str) -> Result<Scene, ImportError> {
    let file = parse(json_text)?;
    let scene = convert(&file)?;
    let issues = validate(&scene);
    if issues.is_empty() {
        Ok(scene)
    } else {
        Err(ImportError::Scene(issues))
    }
}

fn parse(text: &str) -> Result<R3lFile, ImportError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let file: R3lFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        json_error(path, &inner)
    })?;
    de.end().map_err(|e| json_error(String::new(), &e))?;
    Ok(file)
}

fn json_error(path: String, e: &serde_json::Error) -> ImportError {
    let full = e.to_string();
    // serde_json appends " at line L column C"; it is reported separately.
    let mut message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    // Inside `constraints`, an unknown field of a block (not of an item, whose path has an index)
    // is an unknown constraint kind or block: say so.
    if path.starts_with("constr_json.constraints.")
        && !path.contains('[')
        && message.starts_with("unknown field")
    {
        message = message.replacen("unknown field", "unknown constraint kind", 1);
    }
    ImportError::Json {
        path,
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// Strips a trailing `-<digits>` from an id.
fn category_of(id: &str) -> String {
    if let Some((head, tail)) = id.rsplit_once('-')
        && !head.is_empty()
        && !tail.is_empty()
        && tail.bytes().all(|b| b.is_ascii_digit())
    {
        return head.to_string();
    }
    id.to_string()
}

fn convert(file: &R3lFile) -> Result<Scene, ImportError> {
    let n = file.objects.len();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, id) in file.objects.iter().enumerate() {
        if id.trim().is_empty() {
            return Err(invalid(format!("objects[{i}]"), "an object id is empty"));
        }
        if let Some(first) = index.insert(id.as_str(), i) {
            return Err(invalid(
                format!("objects[{i}]"),
                format!("duplicate object id \"{id}\" (also objects[{first}])"),
            ));
        }
    }
    for (name, list) in [
        ("x", &file.bbox.x),
        ("y", &file.bbox.y),
        ("z", &file.bbox.z),
    ] {
        if list.len() != n {
            return Err(invalid(
                format!("bbox.{name}"),
                format!("has {} entries for {n} objects", list.len()),
            ));
        }
        for (i, v) in list.iter().enumerate() {
            if !v.is_finite() || *v <= 0.0 {
                return Err(invalid(
                    format!("bbox.{name}[{i}]"),
                    format!(
                        "\"{}\" needs a positive size in metres, got {v}",
                        file.objects[i]
                    ),
                ));
            }
        }
    }
    for (i, v) in file.room_size.iter().enumerate() {
        if !v.is_finite() || *v <= 0.0 {
            return Err(invalid(
                format!("room_size[{i}]"),
                format!("must be a positive number of metres, got {v}"),
            ));
        }
    }

    let objects: Vec<Object> = file
        .objects
        .iter()
        .enumerate()
        .map(|(i, id)| Object {
            id: id.clone(),
            category: category_of(id),
            description: String::new(),
            size: [file.bbox.x[i], file.bbox.y[i], file.bbox.z[i]],
            asset: None,
            support: Support::Floor,
        })
        .collect();
    let tallest = objects.iter().map(|o| o.size[2]).fold(0.0, f64::max);
    let room = Room {
        width: file.room_size[0],
        depth: file.room_size[1],
        height: R3L_ROOM_HEIGHT.max(tallest),
        polygon: None,
        openings: vec![],
    };

    let entities = &file.constr_json.scene_entities;
    for (i, id) in entities.independent_objects.iter().enumerate() {
        if !index.contains_key(id.as_str()) {
            return Err(invalid(
                format!("constr_json.scene_entities.independent_objects[{i}]"),
                format!("unknown object \"{id}\""),
            ));
        }
    }
    let mut units = Vec::with_capacity(entities.clusters.len());
    let mut cluster_index: HashMap<&str, usize> = HashMap::new();
    for (k, c) in entities.clusters.iter().enumerate() {
        let path = format!("constr_json.scene_entities.clusters[{k}]");
        if index.contains_key(c.cluster_id.as_str()) {
            return Err(invalid(
                format!("{path}.cluster_id"),
                format!("\"{}\" is already an object id", c.cluster_id),
            ));
        }
        if cluster_index.insert(c.cluster_id.as_str(), k).is_some() {
            return Err(invalid(
                format!("{path}.cluster_id"),
                format!("duplicate cluster id \"{}\"", c.cluster_id),
            ));
        }
        if c.anchor.anchor_kind != "object" {
            return Err(invalid(
                format!("{path}.anchor.anchor_kind"),
                format!(
                    "only object anchors can be imported, got \"{}\"",
                    c.anchor.anchor_kind
                ),
            ));
        }
        let anchor = &c.anchor.anchor_object_id;
        if !index.contains_key(anchor.as_str()) {
            return Err(invalid(
                format!("{path}.anchor.anchor_object_id"),
                format!("unknown object \"{anchor}\""),
            ));
        }
        for (m, id) in c.members.iter().enumerate() {
            if !index.contains_key(id.as_str()) {
                return Err(invalid(
                    format!("{path}.members[{m}]"),
                    format!("unknown object \"{id}\""),
                ));
            }
        }
        units.push(Unit {
            id: c.cluster_id.clone(),
            anchor: anchor.clone(),
            members: c.members.iter().filter(|m| *m != anchor).cloned().collect(),
        });
    }

    let ctx = Ctx {
        objects: &index,
        sizes: &objects,
        clusters: &entities.clusters,
        cluster_index: &cluster_index,
    };
    let mut relations = Vec::new();
    let cons = &file.constr_json.constraints;
    ctx.composition(&cons.composition, &mut relations)?;
    let known: HashSet<&str> = cluster_index.keys().copied().collect();
    for cid in cons.cluster_internal.keys() {
        if !known.contains(cid.as_str()) {
            return Err(invalid(
                format!("constr_json.constraints.cluster_internal.{cid}"),
                format!("unknown cluster \"{cid}\" (not in scene_entities.clusters)"),
            ));
        }
    }
    for c in &entities.clusters {
        if let Some(block) = cons.cluster_internal.get(&c.cluster_id) {
            let path = format!("constr_json.constraints.cluster_internal.{}", c.cluster_id);
            ctx.relational(block, Some(c), &path, &mut relations)?;
        }
    }
    ctx.relational(
        &cons.scene_relational,
        None,
        "constr_json.constraints.scene_relational",
        &mut relations,
    )?;

    let mut poses = BTreeMap::new();
    if let Some(p) = &file.pose {
        for (name, list) in [("x", &p.x), ("y", &p.y), ("rz", &p.rz)] {
            if list.len() != n {
                return Err(invalid(
                    format!("pose.{name}"),
                    format!("has {} entries for {n} objects", list.len()),
                ));
            }
        }
        for (i, id) in file.objects.iter().enumerate() {
            poses.insert(
                id.clone(),
                Pose {
                    x: p.x[i],
                    y: p.y[i],
                    z: 0.0,
                    rz: p.rz[i].to_degrees(),
                },
            );
        }
    }

    Ok(Scene {
        schema: SCENE_SCHEMA.to_string(),
        instruction: String::new(),
        room,
        objects,
        units,
        relations,
        origins: vec![],
        poses,
    })
}

struct Ctx<'a> {
    objects: &'a HashMap<&'a str, usize>,
    sizes: &'a [Object],
    clusters: &'a [Cluster],
    cluster_index: &'a HashMap<&'a str, usize>,
}

impl Ctx<'_> {
    /// Resolves an endpoint to an object or unit id. `path` is the item's path, `side` `src` or
    /// `tar`; walls are handled by the caller.
    fn resolve(
        &self,
        kind: Kind,
        id: &str,
        cluster: Option<&Cluster>,
        path: &str,
        side: &str,
    ) -> Result<String, ImportError> {
        match kind {
            Kind::Object => {
                if !self.objects.contains_key(id) {
                    return Err(invalid(
                        format!("{path}.{side}_id"),
                        format!("unknown object \"{id}\""),
                    ));
                }
                if let Some(c) = cluster
                    && id != c.anchor.anchor_object_id
                    && !c.members.iter().any(|m| m == id)
                {
                    return Err(invalid(
                        format!("{path}.{side}_id"),
                        format!("\"{id}\" is not a member of cluster \"{}\"", c.cluster_id),
                    ));
                }
                Ok(id.to_string())
            }
            Kind::Cluster => {
                if let Some(c) = cluster {
                    return Err(invalid(
                        format!("{path}.{side}_kind"),
                        format!(
                            "a relation inside cluster \"{}\" can name only its members or \"anchor\"",
                            c.cluster_id
                        ),
                    ));
                }
                if !self.cluster_index.contains_key(id) {
                    return Err(invalid(
                        format!("{path}.{side}_id"),
                        format!("unknown cluster \"{id}\""),
                    ));
                }
                Ok(id.to_string())
            }
            Kind::Anchor => match cluster {
                Some(c) => Ok(c.anchor.anchor_object_id.clone()),
                None => Err(invalid(
                    format!("{path}.{side}_kind"),
                    "\"anchor\" is only meaningful inside cluster_internal",
                )),
            },
            Kind::Wall => Err(invalid(
                format!("{path}.{side}_kind"),
                "a wall can only be the target of facing",
            )),
        }
    }

    /// Mean half-extent of an object's footprint, or of a unit's anchor.
    fn radius(&self, id: &str) -> f64 {
        let obj = self.objects.get(id).copied().or_else(|| {
            self.cluster_index
                .get(id)
                .and_then(|&k| {
                    self.objects
                        .get(self.clusters[k].anchor.anchor_object_id.as_str())
                })
                .copied()
        });
        obj.map_or(0.0, |i| {
            (self.sizes[i].size[0] + self.sizes[i].size[1]) / 4.0
        })
    }

    fn composition(&self, c: &Composition, out: &mut Vec<Relation>) -> Result<(), ImportError> {
        let base = "constr_json.constraints.composition";
        for (i, it) in c.against_wall.iter().enumerate() {
            let path = format!("{base}.against_wall[{i}]");
            let source = self.resolve(it.src_kind, &it.src_id, None, &path, "src")?;
            check_wall(&path, "wall", &it.wall)?;
            out.push(Relation::AgainstWall {
                source,
                wall: it.wall.clone(),
            });
        }
        for (i, it) in c.corner.iter().enumerate() {
            let path = format!("{base}.corner[{i}]");
            let source = self.resolve(it.src_kind, &it.src_id, None, &path, "src")?;
            if !CORNERS.contains(&it.corner.as_str()) {
                return Err(invalid(
                    format!("{path}.corner"),
                    format!(
                        "unknown corner \"{}\" (corners are BL, BR, TR, TL)",
                        it.corner
                    ),
                ));
            }
            check_wall(&path, "wall", &it.wall)?;
            if !it.corner.contains(it.wall.as_str()) {
                return Err(invalid(
                    format!("{path}.wall"),
                    format!(
                        "wall \"{}\" does not meet corner \"{}\"",
                        it.wall, it.corner
                    ),
                ));
            }
            out.push(Relation::Corner {
                source,
                corner: it.corner.clone(),
                wall: it.wall.clone(),
            });
        }
        for (i, it) in c.horizontal.iter().enumerate() {
            let path = format!("{base}.horizontal[{i}]");
            let source = self.resolve(it.src_kind, &it.src_id, None, &path, "src")?;
            let x = absolute(&path, "x", it.x, it.percentile)?;
            out.push(Relation::Position {
                source,
                x: Some(x),
                y: None,
            });
        }
        for (i, it) in c.vertical.iter().enumerate() {
            let path = format!("{base}.vertical[{i}]");
            let source = self.resolve(it.src_kind, &it.src_id, None, &path, "src")?;
            let y = absolute(&path, "y", it.y, it.percentile)?;
            out.push(Relation::Position {
                source,
                x: None,
                y: Some(y),
            });
        }
        Ok(())
    }

    fn relational(
        &self,
        r: &Relational,
        cluster: Option<&Cluster>,
        base: &str,
        out: &mut Vec<Relation>,
    ) -> Result<(), ImportError> {
        for (i, it) in r.facing.iter().enumerate() {
            let path = format!("{base}.facing[{i}]");
            let source = self.resolve(it.src_kind, &it.src_id, cluster, &path, "src")?;
            if it.tar_kind == Kind::Wall {
                check_wall(&path, "tar_id", &it.tar_id)?;
                if it.mutual {
                    return Err(invalid(
                        format!("{path}.mutual"),
                        "a wall cannot face back: mutual must be false",
                    ));
                }
                out.push(Relation::Facing {
                    source,
                    target: None,
                    wall: Some(it.tar_id.clone()),
                    mode: it.mode,
                    mutual: false,
                });
            } else {
                let target = self.resolve(it.tar_kind, &it.tar_id, cluster, &path, "tar")?;
                out.push(Relation::Facing {
                    source,
                    target: Some(target),
                    wall: None,
                    mode: it.mode,
                    mutual: it.mutual,
                });
            }
        }
        type MakeDir = fn(String, String, f64, Align) -> Relation;
        let directional: [(&str, &Vec<DirItem>, MakeDir); 4] = [
            ("left_of", &r.left_of, |source, target, clearance, align| {
                Relation::LeftOf {
                    source,
                    target,
                    clearance,
                    align,
                }
            }),
            (
                "right_of",
                &r.right_of,
                |source, target, clearance, align| Relation::RightOf {
                    source,
                    target,
                    clearance,
                    align,
                },
            ),
            (
                "in_front_of",
                &r.in_front_of,
                |source, target, clearance, align| Relation::InFrontOf {
                    source,
                    target,
                    clearance,
                    align,
                },
            ),
            (
                "behind_of",
                &r.behind_of,
                |source, target, clearance, align| Relation::Behind {
                    source,
                    target,
                    clearance,
                    align,
                },
            ),
        ];
        for (kind, items, make) in directional {
            for (i, it) in items.iter().enumerate() {
                let path = format!("{base}.{kind}[{i}]");
                let source = self.resolve(it.src_kind, &it.src_id, cluster, &path, "src")?;
                let target = self.resolve(it.tar_kind, &it.tar_id, cluster, &path, "tar")?;
                if !it.clearance.is_finite() || it.clearance < 0.0 {
                    return Err(invalid(
                        format!("{path}.clearance"),
                        format!("must be ≥ 0 metres, got {}", it.clearance),
                    ));
                }
                if !(0.0..=1.0).contains(&it.percentile) {
                    return Err(invalid(
                        format!("{path}.percentile"),
                        format!("must be within 0..1, got {}", it.percentile),
                    ));
                }
                out.push(make(
                    source,
                    target,
                    it.clearance,
                    Align::Fraction(it.percentile),
                ));
            }
        }
        for (i, it) in r.around.iter().enumerate() {
            let path = format!("{base}.around[{i}]");
            if it.src.is_empty() {
                return Err(invalid(format!("{path}.src"), "needs at least one source"));
            }
            let mut sources = Vec::with_capacity(it.src.len());
            for (k, s) in it.src.iter().enumerate() {
                let p = format!("{path}.src[{k}]");
                sources.push(self.resolve(s.src_kind, &s.src_id, cluster, &p, "src")?);
            }
            let target = self.resolve(it.tar_kind, &it.tar_id, cluster, &path, "tar")?;
            if !(it.sweep_deg > 0.0 && it.sweep_deg <= 360.0) {
                return Err(invalid(
                    format!("{path}.sweep_deg"),
                    format!("must be in (0, 360] degrees, got {}", it.sweep_deg),
                ));
            }
            if let Some(cl) = &it.centerline {
                if !CENTERLINES.contains(&cl.as_str()) {
                    return Err(invalid(
                        format!("{path}.centerline"),
                        format!("unknown centerline \"{cl}\" (T, B, L, R, TL, TR, BL, BR)"),
                    ));
                }
                if cl != "T" && it.sweep_deg < 360.0 {
                    return Err(invalid(
                        format!("{path}.centerline"),
                        format!(
                            "relayout's around spreads over the target's front (centerline T); \
                             centerline \"{cl}\" with a {}° sweep cannot be imported",
                            it.sweep_deg
                        ),
                    ));
                }
            }
            if !it.distance.is_finite() || it.distance < 0.0 {
                return Err(invalid(
                    format!("{path}.distance"),
                    format!("must be ≥ 0 metres, got {}", it.distance),
                ));
            }
            let src_r = sources.iter().map(|s| self.radius(s)).sum::<f64>() / sources.len() as f64;
            let distance = (it.distance - self.radius(&target) - src_r).max(0.0);
            out.push(Relation::Around {
                sources,
                target,
                distance,
                sweep: it.sweep_deg,
            });
        }
        for (i, it) in r.angle.iter().enumerate() {
            let path = format!("{base}.angle[{i}]");
            let source = self.resolve(it.src_kind, &it.src_id, cluster, &path, "src")?;
            let target = self.resolve(it.tar_kind, &it.tar_id, cluster, &path, "tar")?;
            out.push(Relation::Align {
                source,
                target,
                angle: it.angle,
            });
        }
        Ok(())
    }
}

fn check_wall(path: &str, field: &str, wall: &str) -> Result<(), ImportError> {
    if WALLS.contains(&wall) {
        Ok(())
    } else {
        Err(invalid(
            format!("{path}.{field}"),
            format!("unknown wall \"{wall}\" (walls are L, R, B, T)"),
        ))
    }
}

/// The metres of a `horizontal`/`vertical` item; the percentile form is refused.
fn absolute(
    path: &str,
    field: &str,
    value: Option<f64>,
    percentile: Option<f64>,
) -> Result<f64, ImportError> {
    match (value, percentile) {
        (Some(v), _) => Ok(v),
        (None, Some(_)) => Err(invalid(
            format!("{path}.percentile"),
            format!(
                "the relative (percentile) form cannot be imported: its position depends on the \
                 solved rotation; export with hv_absolute = true to get `{field}` in metres"
            ),
        )),
        (None, None) => Err(invalid(path, format!("missing field `{field}`"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relation::AlignName;

    const SAMPLE: &str = include_str!("../tests/fixtures/r3l_bedroom_1.json");

    fn sample() -> Scene {
        import_r3l(SAMPLE).unwrap()
    }

    /// The sample with one substring replaced (which must occur).
    fn edited(from: &str, to: &str) -> String {
        assert!(SAMPLE.contains(from), "{from:?} not in the sample");
        SAMPLE.replacen(from, to, 1)
    }

    fn err(text: &str) -> String {
        import_r3l(text).unwrap_err().to_string()
    }

    #[test]
    fn sample_objects_room_and_units() {
        let s = sample();
        assert_eq!(s.schema, SCENE_SCHEMA);
        assert!(s.instruction.is_empty());
        assert_eq!(s.objects.len(), 14);
        assert_eq!(s.objects[0].id, "floor-lamp-0");
        assert_eq!(s.objects[0].category, "floor-lamp");
        assert_eq!(s.objects[3].category, "office-chair");
        let bed = &s.objects[s.object_index("bed-0").unwrap()];
        assert_eq!(bed.category, "bed");
        assert_eq!(
            bed.size,
            [2.2976999282836914, 2.6053802967071533, 1.2309107780456543]
        );
        assert!(s.objects.iter().all(|o| o.support == Support::Floor));
        assert_eq!((s.room.width, s.room.depth, s.room.height), (5.0, 5.0, 2.8));
        assert!(s.room.openings.is_empty() && s.room.polygon.is_none());
        assert_eq!(s.units.len(), 3);
        assert_eq!(
            s.units[0],
            Unit {
                id: "sleeping_area".into(),
                anchor: "bed-0".into(),
                members: vec!["nightstand-0".into(), "nightstand-1".into()],
            }
        );
        assert_eq!(s.units[1].anchor, "desk-0");
        assert_eq!(s.units[2].members, vec!["side-table-0", "floor-lamp-1"]);
        assert!(validate(&s).is_empty());
    }

    #[test]
    fn sample_relations() {
        let s = sample();
        // composition: 4 against_wall + 4 corner + 1 horizontal + 3 vertical = 12;
        // sleeping_area 4, work_nook 4, reading_nook 4; scene_relational is all empty.
        assert_eq!(s.relations.len(), 24);
        let count = |k: &str| s.relations.iter().filter(|r| r.kind() == k).count();
        assert_eq!(count("against_wall"), 4);
        assert_eq!(count("corner"), 4);
        assert_eq!(count("position"), 4);
        assert_eq!(count("left_of"), 3);
        assert_eq!(count("right_of"), 2);
        assert_eq!(count("in_front_of"), 1);
        assert_eq!(count("facing"), 1);
        assert_eq!(count("align"), 5);
        assert_eq!(
            s.relations[0],
            Relation::AgainstWall {
                source: "sleeping_area".into(),
                wall: "L".into()
            }
        );
        assert!(s.relations.contains(&Relation::LeftOf {
            source: "nightstand-0".into(),
            target: "bed-0".into(),
            clearance: 0.2,
            align: Align::Fraction(0.0),
        }));
        assert!(s.relations.contains(&Relation::Corner {
            source: "work_nook".into(),
            corner: "BR".into(),
            wall: "B".into(),
        }));
        assert!(s.relations.contains(&Relation::Position {
            source: "sleeping_area".into(),
            x: None,
            y: Some(2.5),
        }));
        assert!(s.relations.contains(&Relation::Facing {
            source: "office-chair-0".into(),
            target: Some("desk-0".into()),
            wall: None,
            mode: FacingMode::Radial,
            mutual: false,
        }));
        assert!(s.relations.contains(&Relation::InFrontOf {
            source: "office-chair-0".into(),
            target: "desk-0".into(),
            clearance: 0.3,
            align: Align::Fraction(0.5),
        }));
        assert_eq!(
            Align::Fraction(0.0).fraction(),
            Align::Named(AlignName::Back).fraction()
        );
    }

    #[test]
    fn sample_poses_in_degrees() {
        let s = sample();
        assert_eq!(s.poses.len(), 14);
        let bed = s.poses["bed-0"];
        assert!((bed.rz - 270.0).abs() < 1e-3, "{}", bed.rz);
        assert!((bed.x - 1.3026978969573975).abs() < 1e-12);
        assert_eq!(bed.z, 0.0);
        assert!((s.poses["mirror-0"].rz - 180.0).abs() < 1e-3);
    }

    #[test]
    fn imported_scene_round_trips_through_the_document() {
        let s = sample();
        let text = serde_json::to_string_pretty(&s).unwrap();
        let back = crate::scene::parse_scene(&text).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn truncated_json_is_a_located_syntax_error() {
        let e = err(&SAMPLE[..SAMPLE.len() / 2]);
        assert!(e.contains("EOF"), "{e}");
        assert!(e.contains("line "), "{e}");
        assert!(matches!(
            import_r3l(&SAMPLE[..100]),
            Err(ImportError::Json { .. })
        ));
        let trailing = format!("{SAMPLE} x");
        assert!(err(&trailing).contains("trailing"), "{}", err(&trailing));
    }

    #[test]
    fn short_bbox_list_is_named() {
        let text = edited("0.33772584795951843,\n", "");
        assert_eq!(err(&text), "bbox.x: has 13 entries for 14 objects");
        let neg = edited("2.0628862380981445", "-2.0");
        assert!(err(&neg).starts_with("bbox.x[13]: \"wardrobe-0\" needs a positive size"));
    }

    #[test]
    fn unknown_object_in_a_relation_is_named() {
        let text = edited(
            r#""src_id": "nightstand-0",
              "tar_kind": "anchor","#,
            r#""src_id": "foo",
              "tar_kind": "anchor","#,
        );
        assert_eq!(
            err(&text),
            "constr_json.constraints.cluster_internal.sleeping_area.left_of[0].src_id: unknown object \"foo\""
        );
        let wall = edited(
            r#""src_id": "wardrobe-0",
            "wall": "R""#,
            r#""src_id": "wardrobe-9",
            "wall": "R""#,
        );
        assert_eq!(
            err(&wall),
            "constr_json.constraints.composition.against_wall[2].src_id: unknown object \"wardrobe-9\""
        );
    }

    #[test]
    fn unknown_constraint_kind_is_named() {
        let text = edited(
            r#""scene_relational": {"#,
            r#""scene_relational": {
            "near": [],"#,
        );
        let e = err(&text);
        assert!(
            e.starts_with(
                "constr_json.constraints.scene_relational.near: unknown constraint kind `near`"
            ),
            "{e}"
        );
        let comp = edited(
            r#""composition": {"#,
            r#""composition": { "on_ceiling": [],"#,
        );
        let e = err(&comp);
        assert!(
            e.starts_with(
                "constr_json.constraints.composition.on_ceiling: unknown constraint kind"
            ),
            "{e}"
        );
        let cluster = edited(
            r#""sleeping_area": {
          "facing": [],"#,
            r#""sleeping_area": {
          "stacked_on": [], "facing": [],"#,
        );
        let e = err(&cluster);
        assert!(
            e.starts_with(
                "constr_json.constraints.cluster_internal.sleeping_area.stacked_on: unknown constraint kind"
            ),
            "{e}"
        );
    }

    #[test]
    fn bad_item_fields_are_named() {
        let typo = edited(r#""clearance": 0.3,"#, r#""clearence": 0.3,"#);
        let e = err(&typo);
        assert!(
            e.starts_with(
                "constr_json.constraints.cluster_internal.work_nook.in_front_of[0].clearence: unknown field"
            ),
            "{e}"
        );
        let kind = edited(r#""mode": "radial""#, r#""mode": "diagonal""#);
        let e = err(&kind);
        assert!(
            e.starts_with(
                "constr_json.constraints.cluster_internal.work_nook.facing[0].mode: unknown variant `diagonal`"
            ),
            "{e}"
        );
        let pct = edited(r#""percentile": 0.5,"#, r#""percentile": 1.5,"#);
        assert_eq!(
            err(&pct),
            "constr_json.constraints.cluster_internal.work_nook.in_front_of[0].percentile: must be within 0..1, got 1.5"
        );
        let wall = edited(r#""wall": "L""#, r#""wall": "N""#);
        assert_eq!(
            err(&wall),
            "constr_json.constraints.composition.against_wall[0].wall: unknown wall \"N\" (walls are L, R, B, T)"
        );
        let anchor_outside = with_scene_relational(serde_json::json!({
            "facing": [{"src_kind": "object", "src_id": "bed-0", "tar_kind": "anchor",
                        "tar_id": "anchor", "mutual": false, "mode": "ortho"}]
        }));
        assert_eq!(
            err(&anchor_outside),
            "constr_json.constraints.scene_relational.facing[0].tar_kind: \"anchor\" is only meaningful inside cluster_internal"
        );
    }

    #[test]
    fn non_member_inside_a_cluster_is_refused() {
        let text = edited(
            r#""src_id": "nightstand-1",
              "tar_kind": "anchor","#,
            r#""src_id": "desk-0",
              "tar_kind": "anchor","#,
        );
        assert_eq!(
            err(&text),
            "constr_json.constraints.cluster_internal.sleeping_area.right_of[0].src_id: \"desk-0\" is not a member of cluster \"sleeping_area\""
        );
    }

    /// The sample with its `scene_relational` block replaced.
    fn with_scene_relational(block: serde_json::Value) -> String {
        let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
        v["constr_json"]["constraints"]["scene_relational"] = block;
        v.to_string()
    }

    #[test]
    fn around_and_wall_facing_and_behind_are_mapped() {
        let text = with_scene_relational(serde_json::json!({
            "facing": [{"src_kind": "cluster", "src_id": "work_nook", "tar_kind": "wall",
                        "tar_id": "B", "mutual": false, "mode": "ortho"}],
            "behind_of": [{"src_kind": "object", "src_id": "wardrobe-0", "tar_kind": "cluster",
                           "tar_id": "sleeping_area", "clearance": 0.5, "percentile": 1.0}],
            "around": [{"src": [{"src_kind": "object", "src_id": "potted-plant-0"},
                                {"src_kind": "object", "src_id": "potted-plant-1"}],
                        "tar_kind": "object", "tar_id": "bed-0", "distance": 2.5,
                        "sweep_deg": 180.0, "centerline": "T",
                        "distance_param": "d", "sweep_deg_param": "s"}]
        }));
        let s = import_r3l(&text).unwrap_or_else(|e| panic!("{e}"));
        let last = &s.relations[s.relations.len() - 3..];
        assert_eq!(
            last[0],
            Relation::Facing {
                source: "work_nook".into(),
                target: None,
                wall: Some("B".into()),
                mode: FacingMode::Ortho,
                mutual: false,
            }
        );
        assert_eq!(
            last[1],
            Relation::Behind {
                source: "wardrobe-0".into(),
                target: "sleeping_area".into(),
                clearance: 0.5,
                align: Align::Fraction(1.0),
            }
        );
        let Relation::Around {
            sources,
            target,
            distance,
            sweep,
        } = &last[2]
        else {
            panic!("{:?}", last[2]);
        };
        assert_eq!(sources, &["potted-plant-0", "potted-plant-1"]);
        assert_eq!(target, "bed-0");
        assert_eq!(*sweep, 180.0);
        // 2.5 − (2.298 + 2.605)/4 − (0.237 + 0.282)/4
        let expect = 2.5
            - (2.2976999282836914 + 2.6053802967071533) / 4.0
            - (0.23730042576789856 + 0.2824835181236267) / 4.0;
        assert!((distance - expect).abs() < 1e-12, "{distance} vs {expect}");
    }

    #[test]
    fn unsupported_forms_are_refused_not_guessed() {
        let side = with_scene_relational(serde_json::json!({
            "around": [{"src": [{"src_id": "potted-plant-0"}, {"src_id": "potted-plant-1"}],
                        "tar_id": "bed-0", "distance": 2.0, "sweep_deg": 90.0, "centerline": "L"}]
        }));
        let e = err(&side);
        assert!(
            e.starts_with("constr_json.constraints.scene_relational.around[0].centerline: relayout's around spreads over the target's front"),
            "{e}"
        );
        // All round, the centerline does not matter.
        let full = side.replace("90.0", "360.0");
        assert!(import_r3l(&full).is_ok());
        let rel = edited(r#""x": 1.0,"#, r#""percentile": 0.2,"#);
        let e = err(&rel);
        assert!(
            e.starts_with("constr_json.constraints.composition.horizontal[0].percentile: the relative (percentile) form cannot be imported"),
            "{e}"
        );
        let virt = edited(r#""anchor_kind": "object""#, r#""anchor_kind": "virtual""#);
        assert_eq!(
            err(&virt),
            "constr_json.scene_entities.clusters[0].anchor.anchor_kind: only object anchors can be imported, got \"virtual\""
        );
    }

    #[test]
    fn category_strips_only_a_numeric_suffix() {
        assert_eq!(category_of("floor-lamp-12"), "floor-lamp");
        assert_eq!(category_of("floor-lamp"), "floor-lamp");
        assert_eq!(category_of("lamp-"), "lamp-");
        assert_eq!(category_of("-3"), "-3");
        assert_eq!(category_of("chair"), "chair");
    }
}
