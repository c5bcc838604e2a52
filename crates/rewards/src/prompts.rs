//! The judge's rubric and the policy's prompt: templates in the repository's `prompts/`,
//! embedded at build time and rendered with minijinja.

use std::sync::LazyLock;

use minijinja::Environment;

const TEMPLATES: [(&str, &str); 2] = [
    ("judge", include_str!("../../../prompts/judge.jinja")),
    ("policy", include_str!("../../../prompts/policy.jinja")),
];

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_trim_blocks(false);
    for (name, text) in TEMPLATES {
        // Both are ours and tested: a template that does not parse fails each render with
        // minijinja's message.
        let _ = env.add_template(name, text);
    }
    env
});

/// A prompt template that failed to load or render.
#[derive(Debug, thiserror::Error)]
#[error("prompt template `{name}`: {source:#}")]
pub struct PromptError {
    /// The template, e.g. `judge`.
    pub name: String,
    /// minijinja's error (its alternate form shows the line).
    #[source]
    pub source: minijinja::Error,
}

/// Renders template `name` with `ctx`; the error is minijinja's message with the line.
pub fn render(name: &str, ctx: minijinja::Value) -> Result<String, PromptError> {
    ENV.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|source| PromptError {
            name: name.to_string(),
            source,
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_judge_rubric_names_the_request_and_all_eight_aspects() {
        let text =
            super::render("judge", minijinja::context! { instruction => "a calm den" }).unwrap();
        assert!(text.contains("```a calm den```"));
        for a in crate::judge::R3L_ASPECTS
            .iter()
            .chain(&crate::judge::METASPATIAL_ASPECTS)
        {
            assert!(text.contains(&format!("\"{a}\"")), "{a} missing");
        }
    }
}
