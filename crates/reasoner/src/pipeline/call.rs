//! One stage request with its repair loop: ask, parse strictly, salvage what has one obvious
//! fix, check the meaning, and on problems ask again with a repair prompt naming each one, up
//! to `max_repairs` times. When the answers stay unusable (or the backend fails), the stage takes
//! the offline planner's answer for the same input, unless the run is strict. Every attempt
//! lands in the trace, accepted or not, with its fixes and where the accepted answer came from.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use super::error::PipelineError;
use super::progress::{Progress, ProgressEvent};
use crate::answer::{scene_schema, schema_of};
use crate::backend::{Backend, BackendError, RepairContext, StageInput, StageRequest};
use crate::salvage::Salvage;
use crate::stage::{StageKey, StageKind};
use crate::trace::{AnswerSource, Exchange, FallbackRecord, Outcome, Trace};

/// Backend failures in a row after which the remaining stages go straight to the fallback (a
/// server that is down costs two stages' retries, not every stage's).
const FAILURES_BEFORE_SKIPPING: usize = 2;

/// What every request needs.
pub(crate) struct Ctx<'a> {
    pub backend: &'a dyn Backend,
    pub trace: &'a Mutex<Trace>,
    pub max_repairs: usize,
    pub progress: &'a dyn Progress,
    /// Fail instead of falling back.
    pub strict: bool,
    /// Backend failures in a row.
    pub failures: AtomicUsize,
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
pub(crate) async fn ask<T: DeserializeOwned + JsonSchema + Salvage>(
    ctx: &Ctx<'_>,
    stage: StageKind,
    unit: Option<String>,
    iteration: usize,
    schema_name: &'static str,
    input: StageInput,
    check: impl Fn(&T) -> Vec<String>,
) -> Result<T, PipelineError> {
    let schema = schema_of::<T>();
    // Sent to the server: ids, walls and corners narrowed to this input. Parsed against the
    // type's own schema, so slips a server let through are salvaged rather than refused.
    let sent_schema = scene_schema::for_input(&schema, &input);
    let mut repair: Option<RepairContext> = None;
    let mut last_errors = Vec::new();
    let mut last_text: Option<String> = None;
    let mut key = StageKey {
        stage,
        unit,
        iteration,
        attempt: 0,
    };
    let skipping = ctx.failures.load(Ordering::Relaxed) >= FAILURES_BEFORE_SKIPPING;
    if skipping && !ctx.strict {
        let reason = "the backend failed on the stages before; the planner answers the rest";
        let failed = PipelineError::Backend {
            key: key.clone(),
            message: reason.into(),
        };
        return fall_back(
            ctx,
            key,
            schema_name,
            &schema,
            &input,
            &check,
            reason.into(),
        )
        .map_err(|_| failed);
    }
    for attempt in 0..=ctx.max_repairs {
        key.attempt = attempt;
        let request = StageRequest {
            key: key.clone(),
            input: input.clone(),
            schema_name,
            schema: sent_schema.clone(),
            parse_schema: schema.clone(),
            repair: repair.take(),
        };
        let on_tokens = |p: relayout_llm::StreamProgress| {
            ctx.progress.event(&ProgressEvent::Tokens {
                key: request.key.clone(),
                tokens: p.tokens,
                per_second: p.per_second,
            })
        };
        let reply = ctx.backend.answer_observed(&request, &on_tokens).await;
        if !matches!(reply, Err(BackendError::Failed { .. })) {
            ctx.failures.store(0, Ordering::Relaxed);
        }
        let mut salvaged = Vec::new();
        let (outcome, call, problems, text, parsed) = match reply {
            Ok(reply) => {
                let (problems, parsed) = match parse::<T>(&schema, &reply.json) {
                    Ok(mut v) => {
                        salvaged = v.salvage(&input);
                        (check(&v), Some(v))
                    }
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
            Err(
                BackendError::Cancelled { message, record }
                | BackendError::Config { message, record },
            ) => {
                record_failure(ctx, &key, schema_name, record, &message, None);
                return Err(PipelineError::Backend { key, message });
            }
            Err(BackendError::Failed {
                message,
                record,
                text,
            }) => {
                record_failure(ctx, &key, schema_name, record, &message, text);
                ctx.failures.fetch_add(1, Ordering::Relaxed);
                if ctx.strict {
                    return Err(PipelineError::Backend { key, message });
                }
                let failed = PipelineError::Backend {
                    key: key.clone(),
                    message: message.clone(),
                };
                return fall_back(ctx, key, schema_name, &schema, &input, &check, message)
                    .map_err(|_| failed);
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
            salvaged,
            source: AnswerSource::Model,
        });
        ctx.progress.event(&ProgressEvent::RequestDone {
            key: key.clone(),
            accepted,
        });
        if let (true, Some(v)) = (accepted, parsed) {
            return Ok(v);
        }
        last_errors = problems.clone();
        // The same answer again after a repair prompt: more prompts will not change it.
        let repeated = attempt > 0 && last_text.as_deref() == Some(text.as_str());
        last_text = Some(text.clone());
        if repeated {
            if ctx.strict {
                return Err(PipelineError::Unrepaired {
                    key,
                    repairs: attempt,
                    errors: last_errors,
                });
            }
            let reason = format!(
                "the model gave the same unusable answer after a repair prompt: {}",
                last_errors.first().map_or("", String::as_str)
            );
            let unrepaired = PipelineError::Unrepaired {
                key: key.clone(),
                repairs: attempt,
                errors: last_errors.clone(),
            };
            return fall_back(ctx, key, schema_name, &schema, &input, &check, reason)
                .map_err(|_| unrepaired);
        }
        repair = Some(RepairContext {
            previous_answer: text,
            errors: problems,
        });
    }
    let unrepaired = PipelineError::Unrepaired {
        key: key.clone(),
        repairs: ctx.max_repairs,
        errors: last_errors.clone(),
    };
    if ctx.strict {
        return Err(unrepaired);
    }
    let reason = format!(
        "still unusable after {} repair(s): {}",
        ctx.max_repairs,
        last_errors.first().map_or("", String::as_str)
    );
    fall_back(ctx, key, schema_name, &schema, &input, &check, reason).map_err(|_| unrepaired)
}

fn record_failure(
    ctx: &Ctx<'_>,
    key: &StageKey,
    schema_name: &str,
    record: Option<Box<crate::backend::CallRecord>>,
    message: &str,
    text: Option<String>,
) {
    ctx.record(Exchange {
        key: key.clone(),
        schema: schema_name.to_owned(),
        call: record.map(|r| *r).unwrap_or_default(),
        outcome: Outcome::Failed {
            error: message.to_owned(),
            text,
        },
        problems: vec![],
        salvaged: vec![],
        source: AnswerSource::Model,
    });
    ctx.progress.event(&ProgressEvent::RequestDone {
        key: key.clone(),
        accepted: false,
    });
}

/// The offline planner's answer for the same input, checked like the model's; `Err` with its
/// problems when even that does not pass (the caller then reports the model's failure).
fn fall_back<T: DeserializeOwned>(
    ctx: &Ctx<'_>,
    key: StageKey,
    schema_name: &str,
    schema: &serde_json::Value,
    input: &StageInput,
    check: &impl Fn(&T) -> Vec<String>,
    reason: String,
) -> Result<T, Vec<String>> {
    let started = std::time::Instant::now();
    let json = crate::offline::answer(input, key.iteration);
    let value: T = parse(schema, &json)?;
    let problems = check(&value);
    if !problems.is_empty() {
        return Err(problems);
    }
    ctx.record(Exchange {
        key: key.clone(),
        schema: schema_name.to_owned(),
        call: crate::backend::CallRecord {
            latency_ms: started.elapsed().as_secs_f64() * 1e3,
            ..Default::default()
        },
        outcome: Outcome::Answer {
            text: serde_json::to_string(&json).unwrap_or_default(),
            json,
        },
        problems: vec![],
        salvaged: vec![],
        source: AnswerSource::Fallback,
    });
    ctx.with_trace(|t| {
        t.fallbacks.push(FallbackRecord {
            key: key.clone(),
            reason: reason.clone(),
        })
    });
    ctx.progress.event(&ProgressEvent::Fallback { key, reason });
    Ok(value)
}
