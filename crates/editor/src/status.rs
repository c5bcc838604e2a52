//! Messages for the user: what was saved, what failed, what an autosave restored.

use bevy::prelude::*;

/// The status log shown in the editor, newest last.
#[derive(Resource, Default, Debug)]
pub struct StatusLog {
    /// Lines, newest last.
    pub lines: Vec<StatusLine>,
}

/// One line of the status log.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusLine {
    /// An error (shown in red) or information.
    pub error: bool,
    /// The text.
    pub text: String,
}

impl StatusLog {
    /// Adds information.
    pub fn info(&mut self, text: impl std::fmt::Display) {
        self.push(false, text.to_string());
    }
    /// Adds an error (a message or an error value, shown with its `Display`).
    pub fn error(&mut self, text: impl std::fmt::Display) {
        self.push(true, text.to_string());
    }
    fn push(&mut self, error: bool, text: String) {
        if error {
            warn!("{text}");
        } else {
            info!("{text}");
        }
        self.lines.push(StatusLine { error, text });
        if self.lines.len() > 200 {
            self.lines.remove(0);
        }
    }
}
