//! relayout: a studio in which an LLM arranges a room's 3D assets from relative spatial
//! relations. This binary is the command line; the editor arrives with its issue.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
