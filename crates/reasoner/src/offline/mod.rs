//! The `offline` backend (placeholder while the planner is written).
use crate::backend::{Backend, BackendError, BackendInfo, BoxFuture, Reply, StageRequest};

/// Deterministic planner.
#[derive(Debug, Clone, Default)]
pub struct OfflineBackend;

impl Backend for OfflineBackend {
    fn info(&self) -> BackendInfo {
        BackendInfo {
            kind: "offline".into(),
            model: None,
            endpoint: None,
            replaying: None,
        }
    }
    fn answer<'a>(
        &'a self,
        _request: &'a StageRequest,
    ) -> BoxFuture<'a, Result<Reply, BackendError>> {
        Box::pin(std::future::ready(Err(BackendError::Failed {
            message: "todo".into(),
            record: None,
            text: None,
        })))
    }
}
