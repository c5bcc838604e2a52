//! The command line: one file per subcommand.

mod bench;
mod bench_planner;
mod error;
mod eval;
mod generate;
mod import_r3l;
mod metrics_table;
mod scene_file;
mod solve;
mod trace;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use error::CliError;

/// relayout: lay out rooms from relative spatial relations.
#[derive(Parser, Debug)]
#[command(name = "relayout", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Solve a scene's relations into poses; write the scene with poses and print the metrics.
    Solve(solve::Args),
    /// Print the metrics of the poses in a scene.
    Eval(eval::Args),
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
}

/// Parses the arguments, runs the command, and maps errors to exit codes (input errors: 2).
pub fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Solve(a) => solve::run(a),
        Command::Eval(a) => eval::run(a),
        Command::ImportR3l(a) => import_r3l::run(a),
        Command::Bench(a) => bench::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Trace(a) => trace::run(a),
        Command::Schema => {
            print!("{}", layout_core::scene::schema::scene_schema_json());
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
