//! `relayout serve --port P`: the reward server (`GET /health`, `POST /v1/rewards`) for RL
//! trainers; see `relayout_rewards::server` and `examples/trainer/`.

use std::sync::Arc;

use relayout_rewards::Weights;
use relayout_rewards::server::{RenderTerm, ServerConfig, serve};

use super::CliError;
use super::judge_args::{JudgeArgs, RenderArgs};
use super::policy_args::WeightsKind;

/// Arguments of `serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Port (0 picks a free one).
    #[arg(long, default_value_t = 8047)]
    port: u16,
    /// Address to listen on (loopback by default; 0.0.0.0 to accept other machines).
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Batches scored at once (default: the machine's cores).
    #[arg(long)]
    workers: Option<usize>,
    /// Batches admitted at once, running or waiting; beyond that, 503 with Retry-After.
    #[arg(long)]
    queue: Option<usize>,
    /// Largest request body, MiB.
    #[arg(long, default_value_t = 8)]
    max_body_mb: usize,
    /// Most items in one batch.
    #[arg(long, default_value_t = 4096)]
    max_items: usize,
    /// The weighting used when a batch names none.
    #[arg(long, value_enum, default_value_t = WeightsKind::Default)]
    weights: WeightsKind,
    /// Weight of the design rules in the physics reward when a batch names no weights (0: not
    /// checked).
    #[arg(long, default_value_t = 0.0)]
    design_weight: f64,
    /// Seconds a request's headers may take; a client slower than that is disconnected.
    #[arg(long, default_value_t = 10.0)]
    header_timeout_s: f64,
    /// Seconds a request's body may take once its headers are in; slower gets 408.
    #[arg(long, default_value_t = 30.0)]
    body_timeout_s: f64,
    /// Connections open at once; more wait to be accepted.
    #[arg(long, default_value_t = 256)]
    max_connections: usize,
    /// Offer the render term: items with `"render": true` are rendered by a pool of warm
    /// render workers and graded by the VLM judge the --judge-* flags name.
    #[arg(long)]
    judge: bool,
    /// The judge's server.
    #[command(flatten)]
    judge_args: JudgeArgs,
    /// The renderer.
    #[command(flatten)]
    render: RenderArgs,
    /// Layouts rendering or waiting at once, over every request; a batch beyond gets 503 with
    /// Retry-After (default: 4 per render worker).
    #[arg(long)]
    render_queue: Option<usize>,
    /// Judge calls at once.
    #[arg(long, default_value_t = 8)]
    judge_concurrency: usize,
    /// Seconds a batch may spend on the render term unless it asks for less or more (at most
    /// 600); layouts not graded by then say so.
    #[arg(long, default_value_t = 120.0)]
    render_budget_s: f64,
}

/// A time limit given in seconds, between a tenth of a second and an hour.
fn seconds(flag: &str, v: f64) -> Result<std::time::Duration, CliError> {
    if !(0.1..=3600.0).contains(&v) {
        return Err(CliError::Input(format!(
            "{flag} {v} is outside 0.1..3600 seconds"
        )));
    }
    Ok(std::time::Duration::from_secs_f64(v))
}

/// The render term the flags ask for: the warm pool and the judge.
fn render_term(a: &Args) -> Result<Option<RenderTerm>, CliError> {
    if !a.judge {
        return Ok(None);
    }
    let judge = a.judge_args.judge()?;
    let pool = a.render.pool()?;
    let workers = pool.workers();
    let name = judge.describe();
    let mut term = RenderTerm::new(Arc::new(pool), Some(judge), name);
    term.budget = seconds("--render-budget-s", a.render_budget_s)?.min(term.max_budget);
    term.queue = match a.render_queue {
        Some(q) if (1..=4096).contains(&q) => q,
        Some(q) => {
            return Err(CliError::Input(format!(
                "--render-queue {q} is outside 1..4096"
            )));
        }
        None => 4 * workers,
    };
    if !(1..=256).contains(&a.judge_concurrency) {
        return Err(CliError::Input(format!(
            "--judge-concurrency {} is outside 1..256",
            a.judge_concurrency
        )));
    }
    term.judge_concurrency = a.judge_concurrency;
    Ok(Some(term))
}

/// Serves until Ctrl-C.
pub fn run(a: Args) -> Result<(), CliError> {
    if !(1..=1024).contains(&a.max_body_mb) {
        return Err(CliError::Input(format!(
            "--max-body-mb {} is outside 1..1024",
            a.max_body_mb
        )));
    }
    let mut weights = Weights::from(a.weights);
    weights.physics_terms.design = super::policy_args::check_design_weight(a.design_weight)?;
    let mut config = ServerConfig {
        max_body_bytes: a.max_body_mb << 20,
        max_items: a.max_items.max(1),
        weights,
        header_timeout: seconds("--header-timeout-s", a.header_timeout_s)?,
        body_timeout: seconds("--body-timeout-s", a.body_timeout_s)?,
        max_connections: if (1..=65_536).contains(&a.max_connections) {
            a.max_connections
        } else {
            return Err(CliError::Input(format!(
                "--max-connections {} is outside 1..65536",
                a.max_connections
            )));
        },
        ..ServerConfig::default()
    };
    config.render = render_term(&a)?;
    if let Some(w) = a.workers {
        config.workers = w.max(1);
        config.queue = 4 * config.workers;
    }
    if let Some(q) = a.queue {
        config.queue = q.max(1);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Scoring takes up to `workers` blocking threads; each layout of the render queue one
        // more while it renders or waits for a render worker.
        .max_blocking_threads(config.workers.max(1) + config.render.as_ref().map_or(0, |t| t.queue))
        .enable_all()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(async {
        let addr = format!("{}:{}", a.host, a.port);
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|e| CliError::Input(format!("cannot listen on {addr}: {e}")))?;
        let local = listener
            .local_addr()
            .map_err(|e| CliError::Failure(e.to_string()))?;
        println!(
            "relayout reward server on http://{local} (POST /v1/rewards, GET /health); {} workers, queue {}, bodies up to {} MiB; {}; Ctrl-C stops",
            config.workers,
            config.queue,
            a.max_body_mb,
            config.render.as_ref().map_or_else(
                || "render term off (--judge offers it)".to_string(),
                |t| format!("render term judged by {}", t.judge_name)
            )
        );
        serve(listener, config, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| CliError::Failure(format!("server: {e}")))
    })
}
