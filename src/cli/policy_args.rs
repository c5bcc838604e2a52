//! The flags `refine` and `rollout` share: the policy, the judge, rendering and the weights.

use std::path::PathBuf;

use relayout_rewards::Weights;
use relayout_rewards::judge::Judge;
use relayout_rewards::policy::Policy;

use super::CliError;
use super::judge_args::{JudgeArgs, RenderArgs};
use super::llm_client::client_from;
use super::render_pool::RenderPool;

/// Who answers.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    /// A stand-in with no network: random first answer, then solver repairs.
    Offline,
    /// A model behind an OpenAI-compatible server (vLLM, Ollama, OpenAI…).
    Openai,
}

/// The reward's weighting.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightsKind {
    /// λ1 = λ2 = λ3 = 1; physics from CR, OR and 1 − RS.
    Default,
    /// MetaSpatial's: 0.5·format + judge/50 − 0.2·CR − 0.2·OR (shifted by +0.4).
    Metaspatial,
}

impl From<WeightsKind> for Weights {
    fn from(k: WeightsKind) -> Self {
        match k {
            WeightsKind::Default => Weights::default(),
            WeightsKind::Metaspatial => Weights::metaspatial(),
        }
    }
}

/// Policy, judge, render and weights flags.
#[derive(clap::Args, Debug)]
pub struct PolicyArgs {
    /// Who answers each turn.
    #[arg(long, value_enum, default_value_t = PolicyKind::Offline)]
    pub policy: PolicyKind,
    /// The policy's model (openai; else RELAYOUT_MODEL or --llm-config).
    #[arg(long)]
    pub model: Option<String>,
    /// The policy server's API root, e.g. http://localhost:8000/v1 (vLLM).
    #[arg(long)]
    pub base_url: Option<String>,
    /// TOML file with the policy server's base_url, model, api_key, timeout_s, max_retries.
    #[arg(long)]
    pub llm_config: Option<PathBuf>,
    /// Sampling temperature of the policy.
    #[arg(long, default_value_t = 1.0)]
    pub temperature: f32,
    /// Send the previous turn's renders to the policy (a vision model); renders each turn.
    #[arg(long)]
    pub vision: bool,
    /// Score each layout's renders with a VLM judge (configured like the policy, with the
    /// --judge-* flags); renders each turn. Off: the render reward is off, and says so.
    #[arg(long)]
    pub judge: bool,
    /// The judge's server.
    #[command(flatten)]
    pub judge_args: JudgeArgs,
    /// The renderer.
    #[command(flatten)]
    pub render: RenderArgs,
    /// The reward's weighting.
    #[arg(long, value_enum, default_value_t = WeightsKind::Default)]
    pub weights: WeightsKind,
    /// Weight of the design rules in the physics reward (0: not checked); failing rules are
    /// fed back to the policy with the other problems.
    #[arg(long, default_value_t = 0.0)]
    pub design_weight: f64,
}

/// Checks a `--design-weight`.
pub fn check_design_weight(w: f64) -> Result<f64, CliError> {
    if w.is_finite() && (0.0..=100.0).contains(&w) {
        Ok(w)
    } else {
        Err(CliError::Input(format!(
            "--design-weight {w} is outside 0..100"
        )))
    }
}

/// Checks `--turns` and `--gamma`, shared by `refine` and `rollout`.
pub fn check_turns_and_gamma(turns: usize, gamma: f64) -> Result<(), CliError> {
    if !(1..=50).contains(&turns) {
        return Err(CliError::Input(format!("--turns {turns} is outside 1..50")));
    }
    if !(gamma > 0.0 && gamma <= 1.0) {
        return Err(CliError::Input(format!(
            "--gamma {gamma} is outside (0, 1]"
        )));
    }
    Ok(())
}

/// The runtime for `refine` and `rollout` (two workers: renders and solver repairs block one
/// while the other drives HTTP calls), with Ctrl-C cancelling `cancel` (and printing `note`).
pub fn runtime_cancelled_by_ctrl_c(
    cancel: &relayout_llm::CancellationToken,
    note: Option<&'static str>,
) -> Result<tokio::runtime::Runtime, CliError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))?;
    let c = cancel.clone();
    rt.spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            if let Some(note) = note {
                eprintln!("{note}");
            }
            c.cancel();
        }
    });
    Ok(rt)
}

/// What the flags set up.
pub struct Setup {
    pub policy: Policy,
    pub judge: Option<Judge>,
    pub renderer: Option<RenderPool>,
    pub weights: Weights,
}

impl PolicyArgs {
    /// Builds the policy, the judge and the renderer the flags ask for.
    pub fn setup(&self) -> Result<Setup, CliError> {
        if !(0.0..=2.0).contains(&self.temperature) {
            return Err(CliError::Input(format!(
                "--temperature {} is outside 0..2",
                self.temperature
            )));
        }
        let policy = match self.policy {
            PolicyKind::Offline => {
                if self.vision {
                    return Err(CliError::Input(
                        "--vision needs --policy openai (the offline policy reads no images)"
                            .into(),
                    ));
                }
                Policy::Offline
            }
            PolicyKind::Openai => Policy::Remote {
                client: client_from(
                    self.model.as_deref(),
                    self.base_url.as_deref(),
                    self.llm_config.as_deref(),
                )?,
                vision: self.vision,
                temperature: self.temperature,
            },
        };
        let judge = self.judge.then(|| self.judge_args.judge()).transpose()?;
        let renderer = (self.judge || self.vision)
            .then(|| self.render.pool())
            .transpose()?;
        let mut weights = Weights::from(self.weights);
        weights.physics_terms.design = check_design_weight(self.design_weight)?;
        Ok(Setup {
            policy,
            judge,
            renderer,
            weights,
        })
    }
}
