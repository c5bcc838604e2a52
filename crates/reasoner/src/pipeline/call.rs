//! One stage request with its repair loop: ask, parse strictly, check the meaning, and on
//! problems ask again with a repair prompt naming each one, up to `max_repairs` times. Every
//! attempt lands in the trace, accepted or not.

use std::sync::Mutex;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use super::error::PipelineError;
use super::progress::{Progress, ProgressEvent};
use crate::answer::schema_of;
use crate::backend::{Backend, BackendError, RepairContext, StageInput, StageRequest};
use crate::stage::{StageKey, StageKind};
use crate::trace::{Exchange, Outcome, Trace};

/// What every request needs.
pub(crate) struct Ctx<'a> {
    pub backend: &'a dyn Backend,
    pub trace: &'a Mutex<Trace>,
    pub max_repairs: usize,
    pub progress: &'a dyn Progress,
}

impl Ctx<'_> {
    /// Runs `f` on the trace. A poisoned lock only means a panic elsewhere mid-update of plain
    /// data; the trace is still worth keeping.
    pub fn with_trace<R>(&self, f: impl FnOnce(&mut Trace) -> R) -> R {
        let mut t = self.trace.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut t)
    }

    fn record(&self, exchange: Exchange) {
        self.with_trace(|t| {
            if let Some(u) = exchange.call.usage {
                t.usage += u;
            }
            t.exchanges.push(exchange);
        });
    }
}

/// Parses an answer's JSON into `T`: the schema first (every violation with its path), then
/// serde (the first mismatch with its path).
fn parse<T: DeserializeOwned>(
    schema: &serde_json::Value,
    json: &serde_json::Value,
) -> Result<T, Vec<String>> {
    let errors = relayout_llm::schema::validate(schema, json);
    if !errors.is_empty() {
        return Err(errors);
    }
    serde_path_to_error::deserialize::<_, T>(json.clone()).map_err(|e| {
        let path = e.path().to_string();
        vec![format!("`{path}`: {}", e.into_inner())]
    })
}

/// Asks for one answer of type `T` and returns it once `check` finds no problem.
pub(crate) async fn ask<T: DeserializeOwned + JsonSchema>(
    ctx: &Ctx<'_>,
    stage: StageKind,
    unit: Option<String>,
    iteration: usize,
    schema_name: &'static str,
    input: StageInput,
    check: impl Fn(&T) -> Vec<String>,
) -> Result<T, PipelineError> {
    let schema = schema_of::<T>();
    let mut repair: Option<RepairContext> = None;
    let mut last_errors = Vec::new();
    let mut key = StageKey {
        stage,
        unit,
        iteration,
        attempt: 0,
    };
    for attempt in 0..=ctx.max_repairs {
        key.attempt = attempt;
        let request = StageRequest {
            key: key.clone(),
            input: input.clone(),
            schema_name,
            schema: schema.clone(),
            repair: repair.take(),
        };
        let reply = ctx.backend.answer(&request).await;
        let (outcome, call, problems, text, parsed) = match reply {
            Ok(reply) => {
                let (problems, parsed) = match parse::<T>(&schema, &reply.json) {
                    Ok(v) => (check(&v), Some(v)),
                    Err(e) => (e, None),
                };
                let outcome = Outcome::Answer {
                    text: reply.text.clone(),
                    json: reply.json,
                };
                (outcome, reply.record, problems, reply.text, parsed)
            }
            Err(BackendError::Unusable {
                text,
                errors,
                record,
            }) => {
                let outcome = Outcome::Unusable {
                    text: text.clone(),
                    errors: errors.clone(),
                };
                (outcome, *record, errors, text, None)
            }
            Err(BackendError::Failed {
                message,
                record,
                text,
            }) => {
                ctx.record(Exchange {
                    key: key.clone(),
                    schema: schema_name.to_owned(),
                    call: record.map(|r| *r).unwrap_or_default(),
                    outcome: Outcome::Failed {
                        error: message.clone(),
                        text,
                    },
                    problems: vec![],
                });
                ctx.progress.event(&ProgressEvent::RequestDone {
                    key: key.clone(),
                    accepted: false,
                });
                return Err(PipelineError::Backend { key, message });
            }
        };
        let accepted = problems.is_empty() && parsed.is_some();
        let recorded_problems = match &outcome {
            Outcome::Answer { .. } => problems.clone(),
            _ => vec![],
        };
        ctx.record(Exchange {
            key: key.clone(),
            schema: schema_name.to_owned(),
            call,
            outcome,
            problems: recorded_problems,
        });
        ctx.progress.event(&ProgressEvent::RequestDone {
            key: key.clone(),
            accepted,
        });
        if let (true, Some(v)) = (accepted, parsed) {
            return Ok(v);
        }
        last_errors = problems.clone();
        repair = Some(RepairContext {
            previous_answer: text,
            errors: problems,
        });
    }
    Err(PipelineError::Unrepaired {
        key,
        repairs: ctx.max_repairs,
        errors: last_errors,
    })
}
