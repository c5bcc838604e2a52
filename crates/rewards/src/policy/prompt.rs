//! The policy's prompt for one turn: the request, the room, the objects, the relations in
//! words, the answer format, and from the second turn on the previous answer with its rewards
//! and violations (`prompts/policy.jinja`).

use minijinja::context;
use relayout_core::relation::describe;
use relayout_core::scene::{Scene, Support};
use serde::Serialize;

use crate::breakdown::RewardBreakdown;
use crate::prompts::PromptError;

/// What the policy saw of its previous turn.
#[derive(Serialize, Clone, Debug)]
pub struct Feedback {
    /// The previous answer's text.
    pub answer: String,
    /// Its format reward.
    pub format: f64,
    /// Its physics reward.
    pub physics: f64,
    /// Its render reward, when judged.
    pub render: Option<f64>,
    /// Its total.
    pub total: f64,
    /// Everything wrong with it, in words.
    pub problems: Vec<String>,
    /// Whether the renders of the previous layout are attached.
    pub images: bool,
}

impl Feedback {
    /// The feedback of a scored answer.
    pub fn of(answer: &str, b: &RewardBreakdown, images: bool) -> Self {
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        let mut problems: Vec<String> = b.format_issues.clone();
        problems.extend(b.violations.iter().map(|v| v.words.clone()));
        Feedback {
            answer: answer.to_string(),
            format: round(b.format),
            physics: round(b.physics),
            render: b.render.map(round),
            total: round(b.total),
            problems,
            images,
        }
    }
}

#[derive(Serialize)]
struct ObjectLine {
    id: String,
    category: String,
    description: String,
    size: String,
    support: &'static str,
}

#[derive(Serialize)]
struct OpeningLine {
    kind: &'static str,
    wall: String,
    offset: String,
    width: String,
}

fn metres(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The prompt text of turn `turn` (0-based) for `scene` (its poses are not shown).
pub fn policy_prompt(
    scene: &Scene,
    turn: usize,
    previous: Option<&Feedback>,
) -> Result<String, PromptError> {
    let objects: Vec<ObjectLine> = scene
        .objects
        .iter()
        .map(|o| ObjectLine {
            id: o.id.clone(),
            category: o.category.clone(),
            description: o.description.clone(),
            size: format!(
                "{} × {} × {}",
                metres(o.size[0]),
                metres(o.size[1]),
                metres(o.size[2])
            ),
            support: match o.support {
                Support::Floor => "on the floor",
                Support::Wall => "mounted on a wall",
                Support::Object => "standing on another object",
            },
        })
        .collect();
    let openings: Vec<OpeningLine> = scene
        .room
        .openings
        .iter()
        .map(|o| OpeningLine {
            kind: match o.kind {
                relayout_core::scene::OpeningKind::Door => "door",
                relayout_core::scene::OpeningKind::Window => "window",
            },
            wall: o.wall.clone(),
            offset: metres(o.offset),
            width: metres(o.width),
        })
        .collect();
    let polygon = scene.room.polygon.as_ref().map(|p| {
        p.iter()
            .map(|v| format!("({}, {})", metres(v[0]), metres(v[1])))
            .collect::<Vec<_>>()
            .join(", ")
    });
    let relations: Vec<String> = scene.relations.iter().map(describe).collect();
    crate::prompts::render(
        "policy",
        context! {
            instruction => if scene.instruction.trim().is_empty() { "a well-arranged room" } else { scene.instruction.trim() },
            width => metres(scene.room.width),
            depth => metres(scene.room.depth),
            height => metres(scene.room.height),
            polygon => polygon,
            openings => openings,
            objects => objects,
            relations => relations,
            turn => turn + 1,
            previous => previous,
            first_id => scene.objects.first().map(|o| o.id.clone()).unwrap_or_default(),
        },
    )
}
