//! How long each stage's prompt is on the benchmark scenes, against a small server's context:
//! `cargo run --release -p relayout-reasoner --example prompt_sizes`. Runs the offline pipeline,
//! renders the prompt every request would have had, and prints the largest per stage in
//! characters and estimated tokens (characters / 3, what SmolLM2's tokenizer gives
//! on this JSON-heavy text; measured against llama.cpp's `/tokenize` in README.md), plus the
//! schema sent for structured output; "+answer" is the most any request needs of the server's
//! context: its prompt plus the answer bound it asks for (`max_tokens`). Scene files named on
//! the command line are measured after the bench scenes.

use std::collections::BTreeMap;
use std::sync::Mutex;

use relayout_reasoner::backend::{Backend, BackendInfo, BoxFuture, Reply, StageRequest};
use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::{BackendError, OfflineBackend, PipelineConfig, StageKind, generate};

/// Per stage: the largest prompt (characters), schema (bytes), and prompt plus answer bound
/// (estimated tokens: what a server's context must hold).
#[derive(Default, Clone, Copy)]
struct Size {
    chars: usize,
    schema: usize,
    with_answer: u64,
}

/// The offline planner, noting each request's sizes.
struct Sizes(Mutex<BTreeMap<StageKind, Size>>);

impl Backend for Sizes {
    fn info(&self) -> BackendInfo {
        OfflineBackend.info()
    }

    fn answer<'a>(
        &'a self,
        request: &'a StageRequest,
    ) -> BoxFuture<'a, Result<Reply, BackendError>> {
        let chars: usize = relayout_reasoner::prompt::messages(request)
            .map(|m| m.iter().map(|m| m.text_chars()).sum())
            .unwrap_or(0);
        let schema = request.schema.to_string().len();
        let with_answer = relayout_llm::server_info::estimate_tokens(chars)
            + u64::from(request.input.answer_budget());
        let mut s = self.0.lock().unwrap();
        let e = s.entry(request.key.stage).or_default();
        e.chars = e.chars.max(chars);
        e.schema = e.schema.max(schema);
        e.with_answer = e.with_answer.max(with_answer);
        OfflineBackend.answer(request)
    }
}

fn main() {
    // The bench scenes, then any scene files named on the command line.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/scenes");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("bench/scenes")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files.extend(std::env::args().skip(1).map(std::path::PathBuf::from));
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    println!(
        "{:<16} {:>4}  {:<17} {:>7} {:>7} {:>9} {:>8}",
        "scene", "objs", "largest stage", "chars", "~tokens", "+answer", "schema B"
    );
    for f in files {
        let Ok(scene) = std::fs::read_to_string(&f)
            .map_err(|e| e.to_string())
            .and_then(|t| relayout_core::scene::parse_scene(&t).map_err(|e| e.to_string()))
        else {
            eprintln!("{}: not a scene", f.display());
            continue;
        };
        let sizes = Sizes(Mutex::new(BTreeMap::new()));
        let _ = rt.block_on(generate(
            &scene,
            &sizes,
            &PipelineConfig::default(),
            &NoProgress,
        ));
        let s = sizes.0.into_inner().unwrap();
        let (stage, largest) = s
            .iter()
            .max_by_key(|(_, z)| z.chars)
            .map(|(k, v)| (*k, *v))
            .unwrap_or((StageKind::Decompose, Size::default()));
        let with_answer = s.values().map(|z| z.with_answer).max().unwrap_or(0);
        println!(
            "{:<16} {:>4}  {:<17} {:>7} {:>7} {:>9} {:>8}",
            f.file_stem().unwrap().to_string_lossy(),
            scene.objects.len(),
            stage.name(),
            largest.chars,
            relayout_llm::server_info::estimate_tokens(largest.chars),
            with_answer,
            largest.schema
        );
    }
}
