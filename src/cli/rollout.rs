//! `relayout rollout DATASET --group G --turns T -o rollouts.jsonl`: GRPO groups — G refinement
//! trajectories per prompt from the policy, their discounted rewards and group-relative
//! advantages, one JSON record per rollout (`relayout.rollout/1`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use relayout_core::scene::{Scene, parse_scene};
use relayout_rewards::refine::{GAMMA, RefineOptions, Renderer, Services};
use relayout_rewards::rollout::{RolloutOptions, rollout};

use super::CliError;
use super::policy_args::PolicyArgs;
use super::scene_file::read_text;

/// Arguments of `rollout`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Prompts, one JSON object per line with `id` and `scene` (as `relayout dataset` writes).
    dataset: PathBuf,
    /// G, rollouts per prompt.
    #[arg(long, default_value_t = 8)]
    group: usize,
    /// Refinement turns per rollout.
    #[arg(long, default_value_t = 1)]
    turns: usize,
    /// The discount of each trajectory's reward.
    #[arg(long, default_value_t = GAMMA)]
    gamma: f64,
    /// Where to write the records (JSONL).
    #[arg(short, long)]
    out: PathBuf,
    /// Use only the first N prompts.
    #[arg(long)]
    limit: Option<usize>,
    /// Groups in flight at once.
    #[arg(long, default_value_t = 2)]
    concurrency: usize,
    /// Base seed (rollout i of prompt p gets seed + p·G + i).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[command(flatten)]
    policy: PolicyArgs,
}

/// Reads the prompts: `(id, scene)` per line, each scene validated.
pub fn read_prompts(path: &Path, limit: Option<usize>) -> Result<Vec<(String, Scene)>, CliError> {
    let text = read_text(path)?;
    let mut out = Vec::new();
    for (k, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if limit.is_some_and(|n| out.len() >= n) {
            break;
        }
        let at = format!("{}:{}", path.display(), k + 1);
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| CliError::Input(format!("{at}: not JSON: {e}")))?;
        let id = match &v["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => format!("line-{}", k + 1),
            other => other.to_string(),
        };
        let scene = v
            .get("scene")
            .ok_or_else(|| CliError::Input(format!("{at}: no `scene` field")))?;
        let scene = parse_scene(&scene.to_string()).map_err(|e| {
            CliError::Input(format!(
                "{at}: the scene is not valid: {}",
                e.to_string().replace('\n', "; ")
            ))
        })?;
        out.push((id, scene));
    }
    if out.is_empty() {
        return Err(CliError::Input(format!("{}: no prompts", path.display())));
    }
    Ok(out)
}

/// Rolls out, writing each group as it finishes; prints a summary.
pub fn run(a: Args) -> Result<(), CliError> {
    if !(1..=1024).contains(&a.group) {
        return Err(CliError::Input(format!(
            "--group {} is outside 1..1024",
            a.group
        )));
    }
    super::policy_args::check_turns_and_gamma(a.turns, a.gamma)?;
    let prompts = read_prompts(&a.dataset, a.limit)?;
    let setup = a.policy.setup()?;
    let opts = RolloutOptions {
        group: a.group,
        refine: RefineOptions {
            turns: a.turns,
            gamma: a.gamma,
            weights: setup.weights,
            seed: a.seed,
        },
        concurrency: a.concurrency.max(1),
    };
    let services = Services {
        policy: &setup.policy,
        judge: setup.judge.as_ref(),
        renderer: setup.renderer.as_ref().map(|r| r as &dyn Renderer),
    };
    let mut file = std::fs::File::create(&a.out)
        .map_err(|e| CliError::Failure(format!("cannot write {}: {e}", a.out.display())))?;
    let bar =
        ProgressBar::with_draw_target(Some(prompts.len() as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} groups  {elapsed}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let cancel = relayout_llm::CancellationToken::new();
    let rt = super::policy_args::runtime_cancelled_by_ctrl_c(&cancel, None)?;
    let started = Instant::now();
    let mut records = 0usize;
    let mut reward_sum = 0.0;
    let mut write_error: Option<String> = None;
    rt.block_on(async {
        rollout(&prompts, services, &opts, &cancel, |group| {
            for r in &group {
                records += 1;
                reward_sum += r.reward;
                let line = serde_json::to_string(r).unwrap_or_default();
                if let Err(e) = writeln!(file, "{line}") {
                    write_error.get_or_insert(e.to_string());
                }
            }
            let _ = file.flush();
            bar.inc(1);
            bar.set_message(format!(
                "mean reward {:.3}",
                reward_sum / records.max(1) as f64
            ));
        })
        .await;
    });
    bar.finish_and_clear();
    if let Some(e) = write_error {
        return Err(CliError::Failure(format!(
            "writing {}: {e}",
            a.out.display()
        )));
    }
    let s = started.elapsed().as_secs_f64();
    println!(
        "{} rollouts ({} prompts × {}, {} turn(s) each) in {s:.1} s: mean reward {:.4}; wrote {}",
        records,
        prompts.len(),
        a.group,
        a.turns,
        reward_sum / records.max(1) as f64,
        a.out.display()
    );
    if cancel.is_cancelled() {
        println!("cancelled: the groups finished before Ctrl-C are in the file");
    }
    Ok(())
}
