//! `relayout room SCENE [changes…] [-o OUT]`: the editor's room tools for scripts. Without a
//! change it prints the room (walls with their names and lengths, openings); with changes it
//! applies them in a fixed order (size, removed openings, added openings, split walls, moved
//! corners, removed corners), each checked as the editor checks it, and writes the scene.
//! Pieces the new outline leaves outside are listed, not moved.

use std::path::PathBuf;

use relayout_core::geometry::RoomShape;
use relayout_core::scene::{Opening, OpeningKind, RoomEdit, Scene, kind_name};

use super::CliError;
use super::scene_file::{read_scene, write_json};

/// Arguments of `room`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scene document.
    scene: PathBuf,
    /// Where to write the changed scene (required with any change).
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// New width (extent along x), metres.
    #[arg(long)]
    width: Option<f64>,
    /// New depth (extent along y), metres.
    #[arg(long)]
    depth: Option<f64>,
    /// New floor-to-ceiling height, metres.
    #[arg(long)]
    height: Option<f64>,
    /// Add a door: WALL:OFFSET:WIDTH[:HEIGHT] (OFFSET `mid` centres it), e.g. `B:0.4:0.9`.
    #[arg(long, value_name = "WALL:OFFSET:WIDTH[:HEIGHT]")]
    add_door: Vec<String>,
    /// Add a window: WALL:OFFSET:WIDTH[:SILL[:HEIGHT]], e.g. `T:1.2:1.0` or `L:mid:1.4:0.8:1.3`.
    #[arg(long, value_name = "WALL:OFFSET:WIDTH[:SILL[:HEIGHT]]")]
    add_window: Vec<String>,
    /// Remove the opening with this index (as listed without changes); may repeat.
    #[arg(long, value_name = "INDEX")]
    remove_opening: Vec<usize>,
    /// Split a wall with a new corner AT metres from its first corner: WALL:AT, e.g. `w2:1.5`
    /// (a rectangle becomes a polygon: B R T L become w0 w1 w2 w3).
    #[arg(long, value_name = "WALL:AT")]
    split_wall: Vec<String>,
    /// Move corner INDEX (c0, c1…; a rectangle's BL BR TR TL are 0..3) to X,Y: INDEX:X:Y.
    #[arg(long, value_name = "INDEX:X:Y")]
    move_corner: Vec<String>,
    /// Remove corner INDEX, joining its two walls.
    #[arg(long, value_name = "INDEX")]
    remove_corner: Vec<usize>,
}

/// Applies the changes, or prints the room.
pub fn run(a: Args) -> Result<(), CliError> {
    let mut scene = read_scene(&a.scene)?;
    let edits = edits(&a)?;
    if edits.is_empty() {
        print!("{}", describe(&scene));
        return Ok(());
    }
    let Some(out) = &a.out else {
        return Err(CliError::Input(
            "changes to the room need -o OUT (where to write the changed scene)".into(),
        ));
    };
    let mut outside = Vec::new();
    for (flag, build) in edits {
        let edit = build(&scene)?;
        let result = scene
            .edit_room(&edit)
            .map_err(|e| CliError::Input(format!("{flag}: {e}")))?;
        outside = result.outside;
    }
    write_json(out, &scene)?;
    print!("{}", describe(&scene));
    if !outside.is_empty() {
        eprintln!(
            "warning: {} now outside the room (not moved): {}",
            if outside.len() == 1 {
                "one piece is"
            } else {
                "pieces are"
            },
            outside.join(", ")
        );
    }
    Ok(())
}

/// An edit, built against the scene as the earlier edits left it.
type Build = Box<dyn Fn(&Scene) -> Result<RoomEdit, CliError>>;

fn edits(a: &Args) -> Result<Vec<(String, Build)>, CliError> {
    let mut v: Vec<(String, Build)> = Vec::new();
    if a.width.is_some() || a.depth.is_some() || a.height.is_some() {
        let (w, d, h) = (a.width, a.depth, a.height);
        v.push((
            "--width/--depth/--height".into(),
            Box::new(move |s: &Scene| {
                Ok(RoomEdit::Size {
                    width: w.unwrap_or(s.room.width),
                    depth: d.unwrap_or(s.room.depth),
                    height: h.unwrap_or(s.room.height),
                })
            }),
        ));
    }
    let mut removed = a.remove_opening.clone();
    removed.sort_unstable();
    removed.dedup();
    for index in removed.into_iter().rev() {
        v.push((
            format!("--remove-opening {index}"),
            Box::new(move |_| Ok(RoomEdit::RemoveOpening { index })),
        ));
    }
    for (kind, specs) in [
        (OpeningKind::Door, &a.add_door),
        (OpeningKind::Window, &a.add_window),
    ] {
        for spec in specs {
            let flag = format!("--add-{} {spec}", kind_name(kind));
            let spec = spec.clone();
            let f = flag.clone();
            v.push((
                flag,
                Box::new(move |s: &Scene| opening(&f, &spec, kind, s).map(RoomEdit::AddOpening)),
            ));
        }
    }
    for spec in &a.split_wall {
        let flag = format!("--split-wall {spec}");
        let parts: Vec<&str> = spec.split(':').collect();
        let [wall, at] = parts[..] else {
            return Err(CliError::Input(format!(
                "{flag}: expected WALL:AT (e.g. w2:1.5)"
            )));
        };
        let at = number(&flag, "AT", at)?;
        let wall = wall.to_string();
        let f = flag.clone();
        v.push((
            flag,
            Box::new(move |s: &Scene| {
                let shape = RoomShape::new(&s.room);
                let i = shape.wall_index(&wall).ok_or_else(|| {
                    CliError::Input(format!("{f}: {}", unknown_wall(&wall, &shape)))
                })?;
                Ok(RoomEdit::SplitWall { wall: i, at })
            }),
        ));
    }
    for spec in &a.move_corner {
        let flag = format!("--move-corner {spec}");
        let parts: Vec<&str> = spec.split(':').collect();
        let [i, x, y] = parts[..] else {
            return Err(CliError::Input(format!(
                "{flag}: expected INDEX:X:Y (e.g. 3:4.0:2.5)"
            )));
        };
        let index: usize = i.trim_start_matches('c').parse().map_err(|_| {
            CliError::Input(format!("{flag}: INDEX \"{i}\" is not a corner number"))
        })?;
        let to = [number(&flag, "X", x)?, number(&flag, "Y", y)?];
        v.push((
            flag,
            Box::new(move |_| Ok(RoomEdit::MoveVertex { index, to })),
        ));
    }
    let mut corners = a.remove_corner.clone();
    corners.sort_unstable();
    corners.dedup();
    for index in corners.into_iter().rev() {
        v.push((
            format!("--remove-corner {index}"),
            Box::new(move |_| Ok(RoomEdit::RemoveVertex { index })),
        ));
    }
    Ok(v)
}

fn number(flag: &str, what: &str, text: &str) -> Result<f64, CliError> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| {
            CliError::Input(format!(
                "{flag}: {what} \"{text}\" is not a number of metres"
            ))
        })
}

fn unknown_wall(wall: &str, shape: &RoomShape) -> String {
    let names: Vec<&str> = shape.walls.iter().map(|w| w.name.as_str()).collect();
    format!("no wall \"{wall}\" (the walls are {})", names.join(", "))
}

/// `WALL:OFFSET:WIDTH[:SILL[:HEIGHT]]` (windows) or `WALL:OFFSET:WIDTH[:HEIGHT]` (doors).
fn opening(flag: &str, spec: &str, kind: OpeningKind, s: &Scene) -> Result<Opening, CliError> {
    let parts: Vec<&str> = spec.split(':').collect();
    let most = if kind == OpeningKind::Door { 4 } else { 5 };
    if parts.len() < 3 || parts.len() > most {
        let form = if kind == OpeningKind::Door {
            "WALL:OFFSET:WIDTH[:HEIGHT] (e.g. B:0.4:0.9)"
        } else {
            "WALL:OFFSET:WIDTH[:SILL[:HEIGHT]] (e.g. T:1.2:1.0)"
        };
        return Err(CliError::Input(format!("{flag}: expected {form}")));
    }
    let shape = RoomShape::new(&s.room);
    let wall = shape
        .wall(parts[0])
        .ok_or_else(|| CliError::Input(format!("{flag}: {}", unknown_wall(parts[0], &shape))))?;
    let width = number(flag, "WIDTH", parts[2])?;
    let offset = if parts[1].trim() == "mid" {
        ((wall.len - width) / 2.0).max(0.0)
    } else {
        number(flag, "OFFSET", parts[1])?
    };
    let (sill, height) = match kind {
        OpeningKind::Door => (
            None,
            parts
                .get(3)
                .map(|h| number(flag, "HEIGHT", h))
                .transpose()?,
        ),
        OpeningKind::Window => (
            parts.get(3).map(|h| number(flag, "SILL", h)).transpose()?,
            parts
                .get(4)
                .map(|h| number(flag, "HEIGHT", h))
                .transpose()?,
        ),
    };
    Ok(Opening {
        kind,
        wall: parts[0].to_string(),
        offset,
        width,
        sill,
        height,
    })
}

/// The room as text: size, walls, openings.
pub fn describe(s: &Scene) -> String {
    let r = &s.room;
    let shape = RoomShape::new(r);
    let mut out = format!(
        "room {} × {} m, {} m high, {}\n",
        r.width,
        r.depth,
        r.height,
        if shape.rectangle {
            "a rectangle".to_string()
        } else {
            format!("a polygon of {} corners", shape.vertices.len())
        }
    );
    for (i, w) in shape.walls.iter().enumerate() {
        out += &format!(
            "  wall {:<3} c{i} ({:.2}, {:.2}) → ({:.2}, {:.2})  {:.2} m\n",
            w.name, w.a.x, w.a.y, w.b.x, w.b.y, w.len
        );
    }
    for (i, o) in r.openings.iter().enumerate() {
        let (lo, hi) = o.span_z();
        out += &format!(
            "  opening {i}: {} on {} at {:.2}–{:.2} m, {:.2}–{:.2} m above the floor\n",
            kind_name(o.kind),
            o.wall,
            o.offset,
            o.offset + o.width,
            lo,
            hi
        );
    }
    let outside = s.objects_outside();
    if !outside.is_empty() {
        out += &format!("  outside the room: {}\n", outside.join(", "));
    }
    out
}
