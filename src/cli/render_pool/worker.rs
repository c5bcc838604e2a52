//! `relayout render-worker` (hidden): a warm headless renderer that reads render jobs from its
//! standard input until it closes, and answers each on its standard output. The pool
//! ([`super::RenderPool`]) starts and watches these.

use std::io::{BufRead, Write};

use relayout_core::scene::parse_scene;
use relayout_editor::WarmRenderer;

use super::protocol::{Job, Reply};
use crate::cli::CliError;

/// Renders jobs until standard input closes.
pub fn run() -> Result<(), CliError> {
    let mut renderer = WarmRenderer::new();
    say(&Reply {
        id: 0,
        ok: true,
        message: "ready".into(),
    })?;
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| CliError::Failure(format!("reading jobs: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let reply = match serde_json::from_str::<Job>(&line) {
            Err(e) => Reply {
                id: 0,
                ok: false,
                message: format!("not a render job: {e}"),
            },
            Ok(job) => render(&mut renderer, job),
        };
        say(&reply)?;
    }
    Ok(())
}

fn render(renderer: &mut WarmRenderer, job: Job) -> Reply {
    let failed = |message: String| Reply {
        id: job.id,
        ok: false,
        message,
    };
    if !(16..=8192).contains(&job.size) {
        return failed(format!("size {} is outside 16..8192 pixels", job.size));
    }
    let scene = match parse_scene(&job.scene.to_string()) {
        Ok(s) => s,
        Err(e) => return failed(format!("scene: {e}")),
    };
    match renderer.render(scene, &job.out, job.size) {
        Ok(_) => Reply {
            id: job.id,
            ok: true,
            message: String::new(),
        },
        Err(e) => failed(e.to_string()),
    }
}

/// Writes one reply line (stdout is locked per line: the renderer's threads may print too).
fn say(r: &Reply) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", r.line())
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Failure(format!("answering the pool: {e}")))
}
