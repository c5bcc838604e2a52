//! `relayout dataset [DESCRIPTIONS] -o prompts.jsonl`: rollout prompts (a scene to lay out per
//! room description) from MetaSpatial's room descriptions, each with the policy's first-turn
//! prompt (`prompt`), ready for a trainer's dataset.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use relayout_rewards::dataset::{DatasetOptions, METASPATIAL_DESCRIPTIONS, build_dataset};
use relayout_rewards::policy::policy_prompt;

use super::CliError;
use super::scene_file::read_text;

/// Arguments of `dataset`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The descriptions: a JSON list of {"description", "size": {"x", "y", "z"}}. Without it,
    /// MetaSpatial's 9,744 room descriptions (built in; data/metaspatial/).
    descriptions: Option<PathBuf>,
    /// Where to write the prompts, one JSON object per line.
    #[arg(short, long)]
    out: PathBuf,
    /// How many descriptions to draw (all when absent).
    #[arg(long)]
    count: Option<usize>,
    /// The draw's seed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Most objects per room.
    #[arg(long, default_value_t = 12)]
    max_objects: usize,
}

/// Builds and writes the prompts; prints how many of each room type.
pub fn run(a: Args) -> Result<(), CliError> {
    let (text, source) = match &a.descriptions {
        Some(path) => (read_text(path)?, path.display().to_string()),
        None => (
            METASPATIAL_DESCRIPTIONS.to_string(),
            "MetaSpatial's room descriptions (built in)".to_string(),
        ),
    };
    let opts = DatasetOptions {
        count: a.count,
        seed: a.seed,
        max_objects: a.max_objects,
    };
    let prompts =
        build_dataset(&text, &opts).map_err(|e| CliError::Input(format!("{source}: {e}")))?;
    let mut out = Vec::new();
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &prompts {
        let mut v = serde_json::to_value(p).map_err(|e| CliError::Failure(e.to_string()))?;
        let prompt =
            policy_prompt(&p.scene, 0, None).map_err(|e| CliError::Failure(e.to_string()))?;
        v["prompt"] = serde_json::Value::String(prompt);
        let line = serde_json::to_string(&v).map_err(|e| CliError::Failure(e.to_string()))?;
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
        *by_type.entry(p.room_type.as_str()).or_default() += 1;
    }
    std::fs::File::create(&a.out)
        .and_then(|mut f| f.write_all(&out))
        .map_err(|e| CliError::Failure(format!("cannot write {}: {e}", a.out.display())))?;
    let objects: usize = prompts.iter().map(|p| p.scene.objects.len()).sum();
    println!(
        "wrote {} prompts ({} objects, {:.1} per room) to {}",
        prompts.len(),
        objects,
        objects as f64 / prompts.len().max(1) as f64,
        a.out.display()
    );
    for (t, n) in by_type {
        println!("  {t:<12} {n:>6}");
    }
    Ok(())
}
