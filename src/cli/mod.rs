//! The command line: one file per subcommand.

mod assets;
mod bench;
mod bench_planner;
mod bench_reader;
mod bench_rewards;
mod critique;
mod dataset;
mod design_text;
mod edit;
mod error;
mod eval;
mod export;
mod generate;
mod import_r3l;
mod judge_args;
mod llm_client;
mod metrics_table;
mod policy_args;
mod refine;
mod render;
mod render_pool;
mod rollout;
mod room;
mod scene_file;
mod serve;
mod solve;
mod trace;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use error::CliError;

/// relayout: lay out rooms from relative spatial relations. Without a command, opens the editor.
#[derive(Parser, Debug)]
#[command(name = "relayout", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Open the editor on a run (a trace or a refinement trajectory) to step through it.
    #[arg(long, value_name = "RUN.json")]
    trace: Option<std::path::PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Open the editor (on SCENE, or the built-in bedroom).
    Edit(edit::Args),
    /// Render the judge views of a scene as PNG files, with no display.
    Render(render::Args),
    /// The furniture library: build the built-in models, import glTF, OBJ and Sweet Home 3D.
    #[command(subcommand)]
    Assets(assets::Command),
    /// Solve a scene's relations into poses; write the scene with poses and print the metrics.
    Solve(solve::Args),
    /// Show or change the room: size, doors and windows, polygon corners (as the editor does).
    Room(room::Args),
    /// Write the arranged room as one .glb (floor, walls, a node per object with its model).
    Export(export::Args),
    /// Print the metrics of the poses in a scene, and the design rules that fail.
    Eval(eval::Args),
    /// Check a layout against the design rules (kitchen triangle, walkways, TV, …), in words.
    Critique(critique::Args),
    /// Convert R³L's compiled constraint JSON into a scene document.
    ImportR3l(import_r3l::Args),
    /// Solve the benchmark scenes and print a table of times and metrics.
    Bench(bench::Args),
    /// Print the JSON Schema of the scene document.
    Schema,
    /// Lay out a scene's objects with the R³L pipeline (offline planner by default, or an LLM).
    Generate(generate::Args),
    /// Print a summary of a run's trace.
    Trace(trace::Args),
    /// Refine a layout over several turns with rewards fed back (MetaSpatial).
    Refine(refine::Args),
    /// GRPO rollout groups over a dataset of prompts, with group-relative advantages (JSONL).
    Rollout(rollout::Args),
    /// Build rollout prompts from room descriptions (MetaSpatial's, say).
    Dataset(dataset::Args),
    /// Serve rewards over HTTP for an RL trainer.
    Serve(serve::Args),
    /// A warm renderer for the render pool: render jobs in on stdin, replies out on stdout.
    #[command(hide = true)]
    RenderWorker,
}

/// Parses the arguments, runs the command, and maps errors to exit codes (input errors: 2).
pub fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = Cli::parse();
    let default_edit = edit::Args::with_trace(cli.trace.clone());
    let result = match cli.command.unwrap_or(Command::Edit(default_edit)) {
        Command::Edit(a) => edit::run(a),
        Command::Render(a) => render::run(a),
        Command::Assets(c) => assets::run(c),
        Command::Solve(a) => solve::run(a),
        Command::Room(a) => room::run(a),
        Command::Export(a) => export::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Critique(a) => critique::run(a),
        Command::ImportR3l(a) => import_r3l::run(a),
        Command::Bench(a) => bench::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Trace(a) => trace::run(a),
        Command::Refine(a) => refine::run(a),
        Command::Rollout(a) => rollout::run(a),
        Command::Dataset(a) => dataset::run(a),
        Command::Serve(a) => serve::run(a),
        Command::RenderWorker => render_pool::worker::run(),
        Command::Schema => {
            print!("{}", relayout_core::scene::schema::scene_schema_json());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

/// Rust ignores SIGPIPE, which turns `relayout eval … | head` into a panic on the next print;
/// a command-line tool should end quietly instead, as `cat` does.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
