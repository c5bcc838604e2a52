//! `relayout refine SCENE --turns T`: MetaSpatial's multi-turn refinement of one scene; prints
//! each turn's rewards and writes the trajectory (`relayout.refine/1`).

use std::path::PathBuf;

use relayout_rewards::refine::{GAMMA, RefineOptions, Renderer, Services, Trajectory, refine};

use super::CliError;
use super::policy_args::PolicyArgs;
use super::scene_file::{read_scene, write_json};

/// Arguments of `refine`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scene document (its poses are ignored: the policy places every object).
    scene: PathBuf,
    /// Turns.
    #[arg(long, default_value_t = 3)]
    turns: usize,
    /// The discount of the trajectory's reward.
    #[arg(long, default_value_t = GAMMA)]
    gamma: f64,
    /// Seed (the offline policy's draws).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Where to write the trajectory JSON.
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// Where to write the scene at the best turn's poses.
    #[arg(long)]
    best: Option<PathBuf>,
    #[command(flatten)]
    policy: PolicyArgs,
}

/// Runs the turns, prints them, writes the outputs.
pub fn run(a: Args) -> Result<(), CliError> {
    let scene = read_scene(&a.scene)?;
    super::policy_args::check_turns_and_gamma(a.turns, a.gamma)?;
    let setup = a.policy.setup()?;
    let opts = RefineOptions {
        turns: a.turns,
        gamma: a.gamma,
        weights: setup.weights,
        seed: a.seed,
    };
    let services = Services {
        policy: &setup.policy,
        judge: setup.judge.as_ref(),
        renderer: setup.renderer.as_ref().map(|r| r as &dyn Renderer),
    };
    let cancel = relayout_llm::CancellationToken::new();
    let rt = super::policy_args::runtime_cancelled_by_ctrl_c(
        &cancel,
        Some("cancelling: the turn in flight ends, then the run stops"),
    )?;
    let t = rt.block_on(refine(&scene, services, &opts, &cancel));
    print!("{}", table(&t));
    if let Some(out) = &a.out {
        write_json(out, &t)?;
        println!("wrote {}", out.display());
    }
    if let Some(path) = &a.best {
        match t.best().and_then(|b| b.poses.clone()) {
            Some(poses) => {
                let mut s = scene.clone();
                s.poses = poses;
                write_json(path, &s)?;
                println!(
                    "wrote {} (turn {})",
                    path.display(),
                    t.best().map_or(0, |b| b.turn + 1)
                );
            }
            None => eprintln!(
                "note: no turn placed every object; {} not written",
                path.display()
            ),
        }
    }
    Ok(())
}

/// The turns as a table, then the trajectory's reward.
pub fn table(t: &Trajectory) -> String {
    let mut s = format!(
        "policy {}  seed {}\nturn  format  physics  render  total  problems  policy_s  render_s\n",
        t.policy, t.seed
    );
    for turn in &t.turns {
        let b = &turn.breakdown;
        s += &format!(
            "{:>4}  {:>6.2}  {:>7.3}  {:>6}  {:>5.3}  {:>8}  {:>8.2}  {:>8}\n",
            turn.turn + 1,
            b.format,
            b.physics,
            b.render.map_or("off".into(), |r| format!("{r:.3}")),
            b.total,
            b.violations.len() + b.format_issues.len(),
            turn.policy_s,
            turn.render_s.map_or("-".into(), |r| format!("{r:.2}")),
        );
        if let Some(e) = &turn.error {
            s += &format!("      error: {e}\n");
        }
    }
    for n in t
        .turns
        .last()
        .map(|x| x.breakdown.notes.clone())
        .unwrap_or_default()
    {
        s += &format!("note: {n}\n");
    }
    s += &format!(
        "trajectory reward (discounted mean, γ = {}): {:.4}{}\n",
        t.gamma,
        t.reward,
        if t.cancelled { " (cancelled)" } else { "" }
    );
    s
}
