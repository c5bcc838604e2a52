//! Errors of the command line and their exit codes.

use std::process::ExitCode;

/// What went wrong, split by whose fault it is.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input: a file that cannot be read or parsed, an invalid scene. Exit status 2.
    #[error("{0}")]
    Input(String),
    /// Something failed while working on good input (writing the output, say). Exit status 1.
    #[error("{0}")]
    Failure(String),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Input(_) => ExitCode::from(2),
            CliError::Failure(_) => ExitCode::from(1),
        }
    }
}
