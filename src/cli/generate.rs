//! `relayout generate SCENE -o OUT`: the R³L pipeline (DESIGN §7, stages 1–5) on a scene's
//! objects, with the offline planner by default, an OpenAI-compatible server, or a recorded trace.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use relayout_llm::CancellationToken;
use relayout_reasoner::pipeline::{Progress, ProgressEvent};
use relayout_reasoner::trace::{read_trace, write_trace};
use relayout_reasoner::{
    Backend, OfflineBackend, OpenAiBackend, PipelineConfig, PipelineError, ReplayBackend,
};

use super::scene_file::{read_scene, write_json};
use super::{CliError, metrics_table};

/// Which backend answers the stages.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackendKind {
    /// The embedded planner: deterministic, no network.
    Offline,
    /// Any OpenAI-compatible server (key from RELAYOUT_API_KEY or OPENAI_API_KEY).
    Openai,
    /// Re-runs a recorded trace (`--from RUN.json`), no network.
    Replay,
}

/// Arguments of `generate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scene document: room and objects. Its relations and units are kept as the designer's
    /// constraints (the planner's are produced anew, and poses always are).
    scene: PathBuf,
    /// Set aside everything the scene has, the designer's relations and units too.
    #[arg(long)]
    fresh: bool,
    /// What the designer wants (replaces the scene's instruction).
    #[arg(long)]
    instruction: Option<String>,
    /// Who answers the stages.
    #[arg(long, value_enum, default_value_t = BackendKind::Offline)]
    backend: BackendKind,
    /// Model name (openai; else RELAYOUT_MODEL or the --llm-config file).
    #[arg(long)]
    model: Option<String>,
    /// Server API root, e.g. http://localhost:11434/v1 (openai; default OpenAI's).
    #[arg(long)]
    base_url: Option<String>,
    /// TOML file with base_url, model, api_key, timeout_s, max_retries, structured_output.
    #[arg(long)]
    llm_config: Option<PathBuf>,
    /// The recorded trace to replay (with --backend replay).
    #[arg(long)]
    from: Option<PathBuf>,
    /// Where to write the laid-out scene.
    #[arg(short, long)]
    out: PathBuf,
    /// Where to write the run's trace (written on failure too).
    #[arg(long)]
    trace: Option<PathBuf>,
    /// Repair prompts per request before a stage fails.
    #[arg(long, default_value_t = 2)]
    max_repairs: usize,
    /// Imagine-and-revise rounds.
    #[arg(long, default_value_t = 3)]
    revise_budget: usize,
    /// Solver seed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Solver starts.
    #[arg(long, default_value_t = 6)]
    starts: usize,
    /// Fail when a stage's answers stay unusable after the repairs (by default that stage
    /// takes the offline planner's answer, and the run says so).
    #[arg(long)]
    strict: bool,
}

/// A spinner on stderr naming the current step, and a streamed answer's tokens so far and
/// tokens per second (hidden when stderr is not a terminal); fallbacks are printed as they
/// happen.
struct Bar {
    bar: ProgressBar,
    state: Mutex<(String, usize, usize)>,
}

impl Bar {
    fn new() -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Bar {
            bar,
            state: Mutex::new((String::new(), 0, 0)),
        }
    }
}

impl Progress for Bar {
    fn event(&self, e: &ProgressEvent) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match e {
            ProgressEvent::StepStarted { step, requests } => *s = (step.clone(), *requests, 0),
            ProgressEvent::RequestDone { .. } => s.2 += 1,
            ProgressEvent::Layout { .. } => {}
            ProgressEvent::Tokens {
                key,
                tokens,
                per_second,
            } => {
                let base = if s.1 > 1 {
                    format!("{} ({}/{})", s.0, s.2.min(s.1), s.1)
                } else {
                    s.0.clone()
                };
                self.bar.set_message(format!(
                    "{base} · {key}: {tokens} tokens, {per_second:.1} tokens/s"
                ));
                return;
            }
            ProgressEvent::Fallback { key, reason } => {
                self.bar.println(format!(
                    "note: {key}: the offline planner's answer is used ({reason})"
                ));
                return;
            }
            ProgressEvent::StepFinished { step, ms } => {
                self.bar.println(format!("  {step:<17} {ms:>9.1} ms"));
                return;
            }
        }
        let msg = if s.1 > 1 {
            format!("{} ({}/{})", s.0, s.2.min(s.1), s.1)
        } else {
            s.0.clone()
        };
        self.bar.set_message(msg);
    }
}

fn backend(
    a: &Args,
    scene: &relayout_core::scene::Scene,
    cancel: CancellationToken,
) -> Result<Box<dyn Backend>, CliError> {
    match a.backend {
        BackendKind::Offline => Ok(Box::new(OfflineBackend)),
        BackendKind::Replay => {
            let path = a.from.as_ref().ok_or_else(|| {
                CliError::Input(
                    "--backend replay needs --from RUN.json, the trace to replay".into(),
                )
            })?;
            let trace = read_trace(path).map_err(|e| CliError::Input(e.to_string()))?;
            let recorded = &trace.input;
            if recorded.objects != scene.objects || recorded.room != scene.room {
                return Err(CliError::Input(format!(
                    "{} was recorded for another scene ({} objects in a {} × {} m room);                      replay it with the scene it was recorded from",
                    path.display(),
                    recorded.objects.len(),
                    recorded.room.width,
                    recorded.room.depth
                )));
            }
            Ok(Box::new(ReplayBackend::new(
                &trace,
                path.display().to_string(),
            )))
        }
        BackendKind::Openai => {
            let client = super::llm_client::client_from(
                a.model.as_deref(),
                a.base_url.as_deref(),
                a.llm_config.as_deref(),
            )?;
            Ok(Box::new(OpenAiBackend::new(client, cancel)))
        }
    }
}

/// Lays out the scene, writes it (and the trace), prints the metrics.
pub fn run(a: Args) -> Result<(), CliError> {
    let mut scene = read_scene(&a.scene)?;
    if let Some(i) = &a.instruction {
        scene.instruction = i.clone();
    }
    // What is kept, what is set aside, and what the instruction says, before the run.
    let (input, notes) = relayout_reasoner::pipeline::prepare_input(&scene, a.fresh);
    for n in notes {
        eprintln!("note: {n}");
    }
    if !scene.poses.is_empty() {
        eprintln!(
            "note: the scene's {} pose(s) are produced anew",
            scene.poses.len()
        );
    }
    for line in relayout_reasoner::instruction::read(&input).lines() {
        eprintln!("instruction: {line}");
    }
    // Ctrl-C cancels the calls in flight; the run then ends with what it has, in the trace.
    let cancel = CancellationToken::new();
    let backend = backend(&a, &scene, cancel.clone())?;
    let config = PipelineConfig {
        max_repairs: a.max_repairs,
        revise_budget: a.revise_budget,
        seed: a.seed,
        starts: a.starts.max(1),
        fresh: a.fresh,
        strict: a.strict,
        ..PipelineConfig::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))?;
    let bar = Bar::new();
    let started = Instant::now();
    let run = runtime.block_on(async {
        let watcher = tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("cancelling: Ctrl-C");
                cancel.cancel();
            }
        });
        let run = relayout_reasoner::generate(&scene, backend.as_ref(), &config, &bar).await;
        watcher.abort();
        run
    });
    let total_ms = started.elapsed().as_secs_f64() * 1e3;
    bar.bar.finish_and_clear();
    if let Some(path) = &a.trace {
        write_trace(path, &run.trace).map_err(|e| CliError::Failure(e.to_string()))?;
    }
    let generated = run.result.map_err(|e| match e {
        PipelineError::Input(_) => CliError::Input(e.to_string()),
        other => CliError::Failure(match &a.trace {
            Some(p) => format!("{other}\n(the partial trace is in {})", p.display()),
            None => other.to_string(),
        }),
    })?;
    write_json(&a.out, &generated.scene)?;
    let t = &run.trace;
    let plan_ms: f64 = t
        .timings
        .iter()
        .filter(|x| x.step != "solve" && x.step != "evaluate")
        .map(|x| x.ms)
        .sum();
    println!(
        "generated with the {} backend in {total_ms:.1} ms: reasoning {plan_ms:.1} ms, solve {:.1} ms; \
         {} request(s), {} HTTP round trip(s), {} tokens",
        t.backend.kind,
        t.step_ms("solve"),
        t.exchanges.len(),
        t.http_attempts(),
        t.usage.total_tokens
    );
    if let Some(d) = &t.decomposition {
        println!(
            "{} unit(s), {} independent object(s), {} relation(s), {} imagine iteration(s)",
            d.units.len(),
            d.independent.len(),
            generated.scene.relations.len(),
            t.iterations.len()
        );
    }
    let sources = t.sources();
    if t.backend.kind != "offline" {
        println!(
            "answers: {} from the model as written, {} after salvage, {} from the offline planner{}",
            sources.model,
            sources.salvaged,
            sources.fallback,
            if t.usage.cached_prompt_tokens > 0 {
                format!(
                    "; {} of {} prompt tokens from the server's cache",
                    t.usage.cached_prompt_tokens, t.usage.prompt_tokens
                )
            } else {
                String::new()
            }
        );
        for f in &t.fallbacks {
            eprintln!("note: {}: from the offline planner: {}", f.key, f.reason);
        }
    }
    print!("{}", metrics_table::render(&generated.metrics));
    println!("wrote {}", a.out.display());
    if let Some(p) = &a.trace {
        println!("wrote {}", p.display());
    }
    Ok(())
}
