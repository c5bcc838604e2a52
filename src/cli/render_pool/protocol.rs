//! What the pool and a render worker say to each other: one JSON job per line on the worker's
//! standard input, one reply per line on its standard output, marked with [`REPLY_PREFIX`] so
//! that anything else a library prints there is passed over.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The start of every reply line.
pub const REPLY_PREFIX: &str = "relayout-render-worker: ";

/// The views a worker writes into a job's folder, in the order the judge gets them.
pub const VIEWS: [&str; 3] = ["top", "front_left", "back_right"];

/// One layout to render.
#[derive(Serialize, Deserialize, Debug)]
pub struct Job {
    /// Numbered from 1 by the pool; the reply names it.
    pub id: u64,
    /// The posed scene document (`relayout.scene/1`).
    pub scene: serde_json::Value,
    /// The folder for the views' PNG files.
    pub out: PathBuf,
    /// Side of each view, pixels.
    pub size: u32,
}

/// A worker's answer: to a job, or (id 0) that it is ready.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Reply {
    /// The job's id; 0 for the line a worker writes once it has started.
    pub id: u64,
    /// Whether every view was written.
    pub ok: bool,
    /// Why not, when not.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl Reply {
    /// The reply as the line the worker writes.
    pub fn line(&self) -> String {
        format!(
            "{REPLY_PREFIX}{}",
            serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
        )
    }

    /// A reply read back from a line, if the line is one.
    pub fn parse(line: &str) -> Option<Reply> {
        serde_json::from_str(line.strip_prefix(REPLY_PREFIX)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_survives_its_line_and_other_output_is_not_a_reply() {
        let r = Reply {
            id: 7,
            ok: false,
            message: "gave up after 608 frames".into(),
        };
        assert_eq!(Reply::parse(&r.line()), Some(r));
        assert_eq!(
            Reply::parse("2026-12-02 INFO bevy_render: AdapterInfo"),
            None
        );
        assert_eq!(Reply::parse(&format!("{REPLY_PREFIX}not json")), None);
    }
}
