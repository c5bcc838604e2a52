//! Backoff, Retry-After and which statuses are retried.

use std::time::{Duration, SystemTime};

use relayout_llm::retry::{backoff_delay, is_retryable_status, parse_retry_after, wait_from_secs};

#[test]
fn backoff_doubles_within_its_jitter_band_and_respects_the_cap() {
    let base = Duration::from_millis(100);
    let cap = Duration::from_secs(1);
    for _ in 0..50 {
        let first = backoff_delay(base, cap, 1);
        assert!(
            first >= Duration::from_millis(50) && first <= Duration::from_millis(100),
            "{first:?}"
        );
        let third = backoff_delay(base, cap, 3);
        assert!(
            third >= Duration::from_millis(200) && third <= Duration::from_millis(400),
            "{third:?}"
        );
        let late = backoff_delay(base, cap, 40);
        assert!(
            late >= Duration::from_millis(500) && late <= cap,
            "{late:?}"
        );
    }
    // No overflow on absurd retry counts.
    assert!(backoff_delay(base, cap, u32::MAX) <= cap);
}

#[test]
fn retry_after_takes_seconds_or_an_http_date() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
    assert_eq!(
        parse_retry_after(" 0.25 ", now),
        Some(Duration::from_millis(250))
    );
    let in_30_s = httpdate::fmt_http_date(now + Duration::from_secs(30));
    assert_eq!(
        parse_retry_after(&in_30_s, now),
        Some(Duration::from_secs(30))
    );
    let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
    assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
    assert_eq!(parse_retry_after("-3", now), None);
    assert_eq!(parse_retry_after("soon", now), None);
}

#[test]
fn absurd_retry_after_values_are_an_endless_wait_not_a_panic() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    // Too long for a Duration: the longest wait there is, which no client honours.
    for v in ["1e20", "1e300", "inf", "18446744073709551616"] {
        assert_eq!(parse_retry_after(v, now), Some(Duration::MAX), "{v}");
    }
    assert_eq!(parse_retry_after("NaN", now), None);
    assert_eq!(wait_from_secs(-1e20), None);
    assert_eq!(wait_from_secs(2.5), Some(Duration::from_millis(2500)));
}

#[test]
fn only_transient_statuses_are_retried() {
    for s in [408, 429, 500, 502, 503, 504, 529] {
        assert!(is_retryable_status(s), "{s}");
    }
    for s in [200, 400, 401, 403, 404, 422, 501, 505] {
        assert!(!is_retryable_status(s), "{s}");
    }
}
