//! How long each stage's prompt is on the benchmark scenes, against a small server's context:
//! `cargo run --release -p relayout-reasoner --example prompt_sizes`. Runs the offline pipeline,
//! renders the prompt every request would have had, and prints the largest per stage in
//! characters and estimated tokens (characters / 3, what SmolLM2's tokenizer gives
//! on this JSON-heavy text; measured against llama.cpp's `/tokenize` in README.md), plus the
//! schema sent for structured output.

use std::collections::BTreeMap;
use std::sync::Mutex;

use relayout_reasoner::backend::{Backend, BackendInfo, BoxFuture, Reply, StageRequest};
use relayout_reasoner::pipeline::NoProgress;
use relayout_reasoner::{BackendError, OfflineBackend, PipelineConfig, StageKind, generate};

/// The offline planner, noting each request's prompt and schema sizes.
struct Sizes(Mutex<BTreeMap<StageKind, (usize, usize)>>);

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
        let mut s = self.0.lock().unwrap();
        let e = s.entry(request.key.stage).or_default();
        e.0 = e.0.max(chars);
        e.1 = e.1.max(schema);
        OfflineBackend.answer(request)
    }
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/scenes");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("bench/scenes")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    println!(
        "{:<16} {:>4}  {:<17} {:>7} {:>7} {:>8}",
        "scene", "objs", "largest stage", "chars", "~tokens", "schema B"
    );
    for f in files {
        let Ok(scene) = relayout_core::scene::parse_scene(&std::fs::read_to_string(&f).unwrap())
        else {
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
        let (stage, (chars, schema)) = s
            .iter()
            .max_by_key(|(_, (c, _))| *c)
            .map(|(k, v)| (*k, *v))
            .unwrap_or((StageKind::Decompose, (0, 0)));
        println!(
            "{:<16} {:>4}  {:<17} {:>7} {:>7} {:>8}",
            f.file_stem().unwrap().to_string_lossy(),
            scene.objects.len(),
            stage.name(),
            chars,
            (chars as f64 / 3.0).round(),
            schema
        );
    }
}
