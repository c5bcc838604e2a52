//! The judge's and the renderer's flags, shared by `refine`, `rollout` and `serve`.

use std::path::PathBuf;
use std::time::Duration;

use relayout_rewards::judge::Judge;

use super::CliError;
use super::llm_client::judge_client_from;
use super::render_pool::{PoolOptions, RenderPool};

/// How to reach the VLM judge.
#[derive(clap::Args, Debug)]
pub struct JudgeArgs {
    /// The judge's model (its key: RELAYOUT_JUDGE_API_KEY, the --judge-config file, or
    /// OPENAI_API_KEY; never the policy's RELAYOUT_API_KEY).
    #[arg(long)]
    pub judge_model: Option<String>,
    /// The judge server's API root.
    #[arg(long)]
    pub judge_base_url: Option<String>,
    /// TOML file for the judge's server.
    #[arg(long)]
    pub judge_config: Option<PathBuf>,
    /// Judge answers averaged per layout.
    #[arg(long, default_value_t = 1)]
    pub judge_samples: usize,
}

impl JudgeArgs {
    /// The judge these flags (and the environment) describe.
    pub fn judge(&self) -> Result<Judge, CliError> {
        if !(1..=16).contains(&self.judge_samples) {
            return Err(CliError::Input(format!(
                "--judge-samples {} is outside 1..16",
                self.judge_samples
            )));
        }
        let client = judge_client_from(
            self.judge_model.as_deref(),
            self.judge_base_url.as_deref(),
            self.judge_config.as_deref(),
        )?;
        Ok(Judge::new(client, self.judge_samples))
    }
}

/// How to render the judge views: a pool of warm render workers.
#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// Side of the rendered judge views, pixels.
    #[arg(long, default_value_t = 512)]
    pub render_size: u32,
    /// Render workers at most (default: one per two cores, 1 to 4).
    #[arg(long)]
    pub render_workers: Option<usize>,
    /// Seconds a render worker may take over one layout before it is replaced and the layout
    /// tried again on a fresh one.
    #[arg(long, default_value_t = 120.0)]
    pub render_timeout_s: f64,
}

impl RenderArgs {
    /// Checks the flags and makes the pool (no worker starts until the first layout).
    pub fn pool(&self) -> Result<RenderPool, CliError> {
        if !(64..=4096).contains(&self.render_size) {
            return Err(CliError::Input(format!(
                "--render-size {} is outside 64..4096 pixels",
                self.render_size
            )));
        }
        if !(1.0..=3600.0).contains(&self.render_timeout_s) {
            return Err(CliError::Input(format!(
                "--render-timeout-s {} is outside 1..3600 seconds",
                self.render_timeout_s
            )));
        }
        let mut opts = PoolOptions::for_this_machine(self.render_size);
        opts.job_timeout = Duration::from_secs_f64(self.render_timeout_s);
        if let Some(n) = self.render_workers {
            if !(1..=64).contains(&n) {
                return Err(CliError::Input(format!(
                    "--render-workers {n} is outside 1..64"
                )));
            }
            opts.workers = n;
        }
        RenderPool::new(opts)
    }
}
