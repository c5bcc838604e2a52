//! The `replay` backend: answers each request from a recorded trace, with no network.
//!
//! Requests are matched by stage, unit, iteration and attempt. A recorded answer is returned as
//! it was; a recorded unusable answer or failure is returned as the same error, so the repair
//! loop and the run unfold exactly as they did (fallbacks to the planner included). A request the
//! trace lacks is a clear error.

use std::collections::HashMap;

use super::{Backend, BackendError, BackendInfo, BoxFuture, Reply, StageRequest};
use crate::stage::StageKey;
use crate::trace::{Exchange, Outcome, Trace};

/// Replays a trace.
#[derive(Debug, Clone)]
pub struct ReplayBackend {
    recorded: HashMap<StageKey, Exchange>,
    original: BackendInfo,
    source: String,
}

impl ReplayBackend {
    /// A backend answering from `trace`; `source` names it in errors (a file name).
    pub fn new(trace: &Trace, source: impl Into<String>) -> Self {
        // The planner's fallback answers are not the backend's: the replay reaches them again
        // the way the run did, after the recorded failures.
        let recorded = trace
            .exchanges
            .iter()
            .filter(|e| e.source == crate::trace::AnswerSource::Model)
            .map(|e| (e.key.clone(), e.clone()))
            .collect();
        ReplayBackend {
            recorded,
            original: trace.backend.clone(),
            source: source.into(),
        }
    }

    fn lookup(&self, req: &StageRequest) -> Result<Reply, BackendError> {
        let Some(ex) = self.recorded.get(&req.key) else {
            // A replay that lacks the request cannot be what was recorded: the run stops, it
            // does not fall back.
            return Err(BackendError::Config {
                message: format!(
                    "the recorded trace {} has no answer for {} (iteration {}, attempt {}); \
                     it was recorded from another scene or other settings",
                    self.source, req.key, req.key.iteration, req.key.attempt
                ),
                record: None,
            });
        };
        // Nothing was spent this time: no round trip, no tokens, no wait.
        let mut record = Box::new(ex.call.clone());
        record.http_attempts = 0;
        record.usage = None;
        record.latency_ms = 0.0;
        match &ex.outcome {
            Outcome::Answer { text, json } => Ok(Reply {
                json: json.clone(),
                text: text.clone(),
                record: *record,
            }),
            Outcome::Unusable { text, errors } => Err(BackendError::Unusable {
                text: text.clone(),
                errors: errors.clone(),
                record,
            }),
            Outcome::Failed { error, text } => Err(BackendError::Failed {
                message: format!("(replayed) {error}"),
                record: Some(record),
                text: text.clone(),
            }),
        }
    }
}

impl Backend for ReplayBackend {
    fn info(&self) -> BackendInfo {
        BackendInfo {
            kind: "replay".to_owned(),
            model: None,
            endpoint: None,
            replaying: Some(Box::new(self.original.clone())),
        }
    }

    fn answer<'a>(
        &'a self,
        request: &'a StageRequest,
    ) -> BoxFuture<'a, Result<Reply, BackendError>> {
        Box::pin(std::future::ready(self.lookup(request)))
    }
}
