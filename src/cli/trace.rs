//! `relayout trace RUN.json`: a summary of a recorded run.

use std::path::PathBuf;

use relayout_reasoner::trace::{read_trace, summary};

use super::CliError;

/// Arguments of `trace`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The trace file `relayout generate --trace` wrote.
    trace: PathBuf,
}

/// Prints the summary.
pub fn run(a: Args) -> Result<(), CliError> {
    let t = read_trace(&a.trace).map_err(|e| CliError::Input(e.to_string()))?;
    print!("{}", summary(&t));
    Ok(())
}
