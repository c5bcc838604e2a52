//! When to try again and how long to wait: backoff, `Retry-After`, retryable statuses.

use std::time::{Duration, SystemTime};

/// Whether an HTTP status is worth retrying: 408, 429 and the 5xx family, except 501 and 505
/// (the server will never support the request, so waiting cannot help).
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429) || ((500..=599).contains(&status) && !matches!(status, 501 | 505))
}

/// The wait before retry number `retry` (1 for the first retry): `base · 2^(retry−1)`, capped at
/// `cap`, then jittered into its upper half so that clients hit by the same outage spread out
/// without waiting less than half the schedule.
pub fn backoff_delay(base: Duration, cap: Duration, retry: u32) -> Duration {
    let exp = base.saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
    let full = exp.min(cap);
    full.mul_f64(0.5 + 0.5 * fastrand::f64())
}

/// A wait in seconds from a server, as a duration: `None` when negative or not a number; a wait
/// too long for a [`Duration`] (`1e20`, `inf`) is [`Duration::MAX`], which is beyond any
/// `max_retry_after`, so the client gives up at once and says so instead of overflowing.
pub fn wait_from_secs(secs: f64) -> Option<Duration> {
    if secs.is_nan() || secs < 0.0 {
        return None;
    }
    Some(Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX))
}

/// Parses a `Retry-After` value: delay seconds (integer or decimal) or an HTTP date, relative to
/// `now`. A date in the past means "now" (zero); see [`wait_from_secs`] for absurd values.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return wait_from_secs(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The server's requested wait, from `retry-after-ms` (Azure, OpenAI) or `Retry-After`.
pub(crate) fn retry_after_from_headers(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(wait) = header("retry-after-ms")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .and_then(|ms| wait_from_secs(ms / 1000.0))
    {
        return Some(wait);
    }
    parse_retry_after(header("retry-after")?, SystemTime::now())
}
