//! Prompt templates (`prompts/` at the repository root, embedded at build time) and their
//! rendering with minijinja.
//!
//! Every stage template receives `input` (the stage's [`StageInput`] as data); the scene in
//! words, once: `room` (size, outline, doors and windows), `objects` (one line each) and
//! `constraints` (the designer's relations), narrowed to the unit for the per-unit stages; and
//! `input_json`, the stage's own data ([`stage_data`]: decomposition, relations, maps, conflicts),
//! which ends each prompt. Fields the document leaves out when empty (an instruction, a
//! description) are undefined and render as nothing, so templates test them with `{% if … %}`.

use std::sync::LazyLock;

use minijinja::{Environment, context};

use crate::backend::{StageInput, StageRequest};
use crate::stage::StageKind;
use relayout_llm::message::Message;

mod data;
mod scene_words;

pub use data::{input_from_data, stage_data};
use scene_words::{constraint_lines, object_lines, room_lines, stage_ids};

/// Template names and their text.
pub const TEMPLATES: [(&str, &str); 9] = [
    ("system", include_str!("../../../../prompts/system.jinja")),
    (
        "decompose",
        include_str!("../../../../prompts/decompose.jinja"),
    ),
    (
        "unit_relations",
        include_str!("../../../../prompts/unit_relations.jinja"),
    ),
    (
        "global_relations",
        include_str!("../../../../prompts/global_relations.jinja"),
    ),
    (
        "imagine_unit",
        include_str!("../../../../prompts/imagine_unit.jinja"),
    ),
    (
        "imagine_global",
        include_str!("../../../../prompts/imagine_global.jinja"),
    ),
    (
        "revise_unit",
        include_str!("../../../../prompts/revise_unit.jinja"),
    ),
    (
        "revise_global",
        include_str!("../../../../prompts/revise_global.jinja"),
    ),
    ("repair", include_str!("../../../../prompts/repair.jinja")),
];

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, text) in TEMPLATES {
        // The templates are ours and tested; a broken one fails every render with its name.
        if let Err(e) = env.add_template(name, text) {
            tracing::error!(template = name, error = %e, "prompt template does not parse");
        }
    }
    env
});

/// A template that failed to render.
#[derive(Debug, thiserror::Error)]
#[error("prompt template `{template}`: {message}")]
pub struct PromptError {
    /// The template.
    pub template: &'static str,
    /// minijinja's message, with the line.
    pub message: String,
}

fn render(template: &'static str, ctx: minijinja::Value) -> Result<String, PromptError> {
    let err = |e: minijinja::Error| PromptError {
        template,
        message: match e.line() {
            Some(l) => format!("line {l}: {e}"),
            None => e.to_string(),
        },
    };
    let t = ENV.get_template(template).map_err(err)?;
    t.render(ctx).map_err(err).map(|s| s.trim().to_owned())
}

/// The template of a stage.
pub fn stage_template(stage: StageKind) -> &'static str {
    stage.name()
}

/// The user prompt of a stage.
pub fn render_stage(input: &StageInput, stage: StageKind) -> Result<String, PromptError> {
    let json = stage_data(input).map_err(|e| PromptError {
        template: stage_template(stage),
        message: e.to_string(),
    })?;
    let scene = input.scene();
    let ids = stage_ids(input);
    render(
        stage_template(stage),
        context! {
            input => minijinja::Value::from_serialize(input),
            input_json => json,
            constraints => constraint_lines(scene, ids.as_ref()),
            objects => object_lines(scene, ids.as_ref()),
            room => room_lines(scene),
        },
    )
}

/// The system prompt shared by every stage.
pub fn render_system() -> Result<String, PromptError> {
    render("system", context! {})
}

/// The repair prompt: the exact errors of the previous answer.
pub fn render_repair(errors: &[String]) -> Result<String, PromptError> {
    render("repair", context! { errors => errors })
}

/// The conversation for a request: system, stage prompt, and for a repair the previous answer
/// and the repair prompt.
pub fn messages(req: &StageRequest) -> Result<Vec<Message>, PromptError> {
    let mut out = vec![
        Message::system(render_system()?),
        Message::user(render_stage(&req.input, req.key.stage)?),
    ];
    if let Some(r) = &req.repair {
        out.push(Message::assistant(r.previous_answer.clone()));
        out.push(Message::user(render_repair(&r.errors)?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Decomposition;
    use relayout_core::scene::parse_scene;

    #[test]
    fn prompts_name_walls_in_words_and_keep_the_designers_constraints() {
        let mut scene = parse_scene(
            r#"{"schema": "relayout.scene/1",
            "room": {"width": 4, "depth": 5, "height": 2.7, "openings": [
                {"kind": "window", "wall": "T", "offset": 1, "width": 1.2}]},
            "objects": [{"id": "bed-0", "category": "bed", "size": [1.6, 2, 0.5]}]}"#,
        )
        .unwrap();
        scene.instruction = "the bed against the left wall".into();
        crate::instruction::read(&scene).apply(&mut scene);
        let input = StageInput::GlobalRelations {
            scene,
            decomposition: Decomposition {
                units: vec![],
                independent: vec!["bed-0".into()],
            },
            unit_relations: Default::default(),
        };
        let text = render_stage(&input, StageKind::GlobalRelations).unwrap();
        assert!(
            text.contains("window on wall T (the top wall, north)"),
            "{text}"
        );
        assert!(
            text.contains(
                "The designer's constraints (keep them; contradict none):\n- bed-0 against wall L (from \u{201c}the bed against the left wall\u{201d})"
            ),
            "{text}"
        );
        assert!(render_system().unwrap().contains("north is the top (+Y)"));
    }
}
