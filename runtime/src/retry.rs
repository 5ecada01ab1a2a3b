//! [`RetryPolicy`]: which failures are retried, how often and how long the client waits.
//!
//! The delays come from [`backon`]'s exponential backoff (factor 2, optional jitter); the
//! client drives the loop itself so that it can honour `Retry-After`, keep the last
//! answer for the final error, and stop at the operation deadline.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use http::{HeaderMap, Method};

/// When and how often a failed request is sent again.
///
/// Retried are transport failures (connection refused or reset, TLS, an answer cut off, an
/// attempt that timed out) and the answers 429, 502, 503 and 504; only for idempotent methods (GET, HEAD, PUT, DELETE) unless the request
/// is marked [`retry_safe`](crate::Request::retry_safe). The wait before attempt *n + 1*
/// is the larger of the backoff (`initial_delay · 2^(n-1)`, at most `max_delay`, plus up
/// to as much again in random jitter) and the answer's `Retry-After` (seconds or an HTTP
/// date). Retrying stops after `max_attempts` attempts, when `Retry-After` asks for more
/// than `max_retry_after`, or when the wait would end after the operation's deadline
/// ([`ClientBuilder::operation_timeout`](crate::ClientBuilder::operation_timeout)); the
/// last error is returned then, saying how many attempts were made.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry). Default 4.
    pub max_attempts: u32,
    /// The backoff before the second attempt. Default 500 ms.
    pub initial_delay: Duration,
    /// The backoff stops growing at this. Default 10 s.
    pub max_delay: Duration,
    /// A `Retry-After` asking for a longer wait ends the retries. Default 60 s.
    pub max_retry_after: Duration,
    /// Whether to add random jitter (up to the backoff itself) to each wait. Default on.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets [`max_attempts`](Self::max_attempts) (0 counts as 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets [`initial_delay`](Self::initial_delay).
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// Sets [`max_delay`](Self::max_delay).
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets [`max_retry_after`](Self::max_retry_after).
    pub fn with_max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Sets [`jitter`](Self::jitter).
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }
}

/// Whether the method may be sent twice without changing the outcome.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE
    )
}

/// Answers that ask for a later retry.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: delay-seconds, or an HTTP date judged
/// against `now` (a date in the past means no wait). `None` without a usable header.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).ok();
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Why the client stops retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// `max_attempts` reached.
    Exhausted,
    /// `Retry-After` asks for more than `max_retry_after`.
    RetryAfterTooLong,
    /// The wait would end after the operation deadline.
    NoTimeLeft,
}

impl Stop {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Stop::Exhausted => "attempts exhausted",
            Stop::RetryAfterTooLong => "Retry-After longer than the policy allows",
            Stop::NoTimeLeft => "the wait would pass the operation deadline",
        }
    }
}

/// The retry state of one operation.
#[derive(Debug)]
pub(crate) struct Retries {
    policy: RetryPolicy,
    backoff: ExponentialBackoff,
}

impl Retries {
    pub(crate) fn new(policy: &RetryPolicy) -> Self {
        Self::with_seed(policy, None)
    }

    /// With a fixed jitter seed, for reproducible tests.
    pub(crate) fn with_seed(policy: &RetryPolicy, seed: Option<u64>) -> Self {
        let mut builder = ExponentialBuilder::default()
            .with_factor(2.0)
            .with_min_delay(policy.initial_delay)
            .with_max_delay(policy.max_delay.max(policy.initial_delay))
            .with_max_times(policy.max_attempts.saturating_sub(1) as usize);
        if policy.jitter {
            builder = builder.with_jitter();
        }
        if let Some(seed) = seed {
            builder = builder.with_jitter_seed(seed);
        }
        Self {
            policy: policy.clone(),
            backoff: builder.build(),
        }
    }

    /// After a retryable failure: how long to wait before the next attempt, or why not to
    /// make one. `remaining` is the time left before the operation deadline.
    pub(crate) fn next_delay(
        &mut self,
        retry_after: Option<Duration>,
        remaining: Option<Duration>,
    ) -> Result<Duration, Stop> {
        if retry_after.is_some_and(|d| d > self.policy.max_retry_after) {
            return Err(Stop::RetryAfterTooLong);
        }
        let backoff = round_to_millis(self.backoff.next().ok_or(Stop::Exhausted)?);
        let delay = backoff.max(retry_after.unwrap_or(Duration::ZERO));
        if remaining.is_some_and(|left| delay >= left) {
            return Err(Stop::NoTimeLeft);
        }
        Ok(delay)
    }
}

/// The backoff computes in `f32`; whole milliseconds read better in logs and tests.
fn round_to_millis(d: Duration) -> Duration {
    let millis = d.as_micros().saturating_add(500) / 1000;
    Duration::from_millis(u64::try_from(millis).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn exact() -> RetryPolicy {
        RetryPolicy::default()
            .with_jitter(false)
            .with_max_attempts(6)
            .with_initial_delay(MS(100))
            .with_max_delay(MS(1000))
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_stops_after_max_attempts() {
        let mut r = Retries::new(&exact());
        let delays: Vec<_> = std::iter::from_fn(|| r.next_delay(None, None).ok()).collect();
        assert_eq!(delays, [MS(100), MS(200), MS(400), MS(800), MS(1000)]);
        assert_eq!(r.next_delay(None, None), Err(Stop::Exhausted));
    }

    #[test]
    fn jitter_stays_between_the_backoff_and_twice_it() {
        for seed in 0..50 {
            let policy = exact().with_jitter(true);
            let mut r = Retries::with_seed(&policy, Some(seed));
            let mut base = MS(100);
            while let Ok(d) = r.next_delay(None, None) {
                assert!(
                    d >= base && d <= base * 2,
                    "seed {seed}: {d:?} for {base:?}"
                );
                base = (base * 2).min(MS(1000));
            }
        }
    }

    #[test]
    fn retry_after_wins_when_longer_and_is_capped() {
        let mut r = Retries::new(&exact().with_max_retry_after(Duration::from_secs(5)));
        assert_eq!(
            r.next_delay(Some(Duration::from_secs(2)), None),
            Ok(Duration::from_secs(2))
        );
        assert_eq!(r.next_delay(Some(MS(1)), None), Ok(MS(200)));
        assert_eq!(
            r.next_delay(Some(Duration::from_secs(6)), None),
            Err(Stop::RetryAfterTooLong)
        );
    }

    #[test]
    fn no_wait_past_the_deadline() {
        let mut r = Retries::new(&exact());
        assert_eq!(r.next_delay(None, Some(MS(50))), Err(Stop::NoTimeLeft));
        let mut r = Retries::new(&exact());
        assert_eq!(r.next_delay(None, Some(MS(150))), Ok(MS(100)));
    }

    #[test]
    fn never_retries_with_one_attempt() {
        let mut r = Retries::new(&RetryPolicy::never());
        assert_eq!(r.next_delay(None, None), Err(Stop::Exhausted));
        assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts, 1);
    }

    #[test]
    fn retry_after_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        let h = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(http::header::RETRY_AFTER, v.parse().unwrap());
            h
        };
        assert_eq!(retry_after(&h("3"), now), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(&h(" 0 "), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&h("1.5"), now), Some(MS(1500)));
        assert_eq!(
            retry_after(&h("Sun, 06 Nov 1994 08:49:47 GMT"), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            retry_after(&h("Sun, 06 Nov 1994 08:40:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&h("soon"), now), None);
        assert_eq!(retry_after(&h("-1"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn idempotent_methods_and_retryable_statuses() {
        for m in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE] {
            assert!(is_idempotent(&m), "{m}");
        }
        for m in [Method::POST, Method::PATCH] {
            assert!(!is_idempotent(&m), "{m}");
        }
        for s in [429, 502, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [400, 401, 404, 409, 500, 501] {
            assert!(!is_retryable_status(s));
        }
    }
}
