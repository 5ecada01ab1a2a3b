//! Waiters: poll an operation until what it reports reaches a final state.
//!
//! A service spec declares its waiters (which operation to poll, where the state is in the
//! answer, which states mean success, failure or "not yet", the intervals and the
//! timeout); the generated crate turns each into a `wait_<name>(…)` client method that
//! returns a [`Wait`]. The loop itself lives here:
//!
//! - Poll, read the state. A success state ends the wait with the answer; a failure state
//!   ends it with [`WaitError`] of kind [`WaitErrorKind::FailureState`], keeping the state
//!   and the failure reason the service gave. Any other state (a pending one, one the spec
//!   does not list, or none at all) means "not yet".
//! - Between polls the wait doubles, from the initial interval up to the maximum interval,
//!   and never runs past the overall deadline: the last poll starts at the deadline, and
//!   if the state is still not final the wait ends with [`WaitErrorKind::TimedOut`]. A poll
//!   in flight is limited by the client's own timeouts (attempt and operation), not cut by
//!   the deadline, so its answer is never thrown away half read.
//! - Each poll is one call through [`Client`], so it is retried as the client's
//!   [`RetryPolicy`](crate::RetryPolicy) says. When such a transient failure (connection,
//!   timeout, 429, 502, 503, 504) still ends the call, the wait polls again at its next
//!   interval; any other error (a 404, a refused request, an answer that does not decode)
//!   ends the wait with [`WaitErrorKind::Poll`], which keeps the [`Error`] whole.
//! - Dropping the future cancels the wait: nothing runs in the background.
//! - The waits go through the client's [`Sleeper`], so tests need not wait.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::client::Client;
use crate::error::{Error, ServiceErrorCode};
use crate::sleep::Sleeper;
use crate::transport::TransportErrorKind;

/// What a generated crate declares about one waiter (a `static` per waiter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiterSpec {
    /// The service's short name (`ims`).
    pub service: &'static str,
    /// The waiter's name in the spec (`job_done`).
    pub name: &'static str,
    /// States that end the wait successfully.
    pub success: &'static [&'static str],
    /// States that end the wait with [`WaitErrorKind::FailureState`].
    pub failure: &'static [&'static str],
    /// States that mean the work is still going on.
    pub pending: &'static [&'static str],
    /// The wait after the first poll; it doubles after each poll.
    pub initial_interval: Duration,
    /// The wait between polls stops growing at this.
    pub max_interval: Duration,
    /// The whole wait, polls included, ends after this.
    pub timeout: Duration,
}

/// What one poll's answer says: the state, and the failure reason when the service gives one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observation {
    /// The state as sent (`RUNNING`), `None` when the answer has none.
    pub state: Option<String>,
    /// The failure reason as sent, `None` when the answer has none.
    pub reason: Option<String>,
}

impl Observation {
    /// An observation from borrowed text.
    pub fn new(state: Option<&str>, reason: Option<&str>) -> Self {
        Self {
            state: state.map(str::to_owned),
            reason: reason.map(str::to_owned),
        }
    }
}

/// Where a state stands in a waiter's declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A success state: the wait is over.
    Success,
    /// A failure state: the wait is over, in error.
    Failure,
    /// A declared pending state: poll again.
    Pending,
    /// A state the declaration does not list, or no state: poll again.
    Unlisted,
}

impl WaiterSpec {
    /// How `state` is judged.
    pub fn judge(&self, state: Option<&str>) -> Verdict {
        match state {
            Some(s) if self.success.contains(&s) => Verdict::Success,
            Some(s) if self.failure.contains(&s) => Verdict::Failure,
            Some(s) if self.pending.contains(&s) => Verdict::Pending,
            _ => Verdict::Unlisted,
        }
    }

    /// The wait after poll number `polls` (1-based): the initial interval doubled
    /// `polls - 1` times, at most `max`.
    pub fn interval_after(initial: Duration, max: Duration, polls: u32) -> Duration {
        let factor = 1u32
            .checked_shl(polls.saturating_sub(1))
            .unwrap_or(u32::MAX);
        initial.saturating_mul(factor).min(max)
    }
}

/// Why a wait ended without reaching a success state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitErrorKind<C: ServiceErrorCode = String> {
    /// The state reached one of the waiter's failure states.
    FailureState,
    /// The deadline passed before a final state was seen. Keeps the last transient poll
    /// error, when the last poll failed with one.
    TimedOut {
        /// The error of the last poll, when that poll failed transiently.
        last_error: Option<Box<Error<C>>>,
    },
    /// A poll failed with an error that polling again would not cure.
    Poll(Box<Error<C>>),
}

/// A wait that did not end in a success state: why, the last state seen, the failure
/// reason the service gave, how many polls were made and how long it took.
#[derive(Debug)]
pub struct WaitError<C: ServiceErrorCode = String> {
    service: &'static str,
    waiter: &'static str,
    kind: WaitErrorKind<C>,
    last_state: Option<String>,
    reason: Option<String>,
    polls: u32,
    elapsed: Duration,
}

impl<C: ServiceErrorCode> WaitError<C> {
    /// Why the wait ended.
    pub fn kind(&self) -> &WaitErrorKind<C> {
        &self.kind
    }

    /// The waiter's name as declared in the spec (`job_done`).
    pub fn waiter(&self) -> &str {
        self.waiter
    }

    /// The last state a poll reported, as sent.
    pub fn last_state(&self) -> Option<&str> {
        self.last_state.as_deref()
    }

    /// The failure reason the service gave with the last state, as sent.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// Polls made (answered or not).
    pub fn polls(&self) -> u32 {
        self.polls
    }

    /// Time from the first poll to the end of the wait.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The error of the poll that ended the wait ([`WaitErrorKind::Poll`]), or of the last
    /// poll before the deadline when it failed transiently.
    pub fn poll_error(&self) -> Option<&Error<C>> {
        match &self.kind {
            WaitErrorKind::Poll(e) => Some(e),
            WaitErrorKind::TimedOut { last_error } => last_error.as_deref(),
            WaitErrorKind::FailureState => None,
        }
    }

    /// True when the state reached a failure state.
    pub fn is_failure_state(&self) -> bool {
        matches!(self.kind, WaitErrorKind::FailureState)
    }

    /// True when the deadline passed first.
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind, WaitErrorKind::TimedOut { .. })
    }
}

impl<C: ServiceErrorCode> fmt::Display for WaitError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.wait_{}: ", self.service, self.waiter)?;
        match &self.kind {
            WaitErrorKind::FailureState => write!(
                f,
                "reached the failure state `{}`",
                self.last_state.as_deref().unwrap_or_default()
            )?,
            WaitErrorKind::TimedOut { .. } => {
                write!(f, "no final state within {:?}", self.elapsed)?;
                match &self.last_state {
                    Some(state) => write!(f, "; last state `{state}`")?,
                    None => f.write_str("; no state seen")?,
                }
            }
            WaitErrorKind::Poll(e) => write!(f, "poll failed: {e}")?,
        }
        if let Some(reason) = &self.reason {
            write!(f, " (reason: {reason})")?;
        }
        write!(f, ", after {} polls in {:?}", self.polls, self.elapsed)?;
        if let WaitErrorKind::TimedOut {
            last_error: Some(e),
        } = &self.kind
        {
            write!(f, "; last poll failed: {e}")?;
        }
        Ok(())
    }
}

impl<C: ServiceErrorCode> std::error::Error for WaitError<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.poll_error()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Whether a failed call is worth polling again: what the client's retry policy retries.
pub fn is_transient<C: ServiceErrorCode>(error: &Error<C>) -> bool {
    match error {
        Error::Service(e) => crate::retry::is_retryable_status(e.status()),
        Error::Transport(e) => matches!(
            e.kind(),
            TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Body
        ),
        _ => false,
    }
}

type PollFuture<T, C> = Pin<Box<dyn Future<Output = Result<T, Error<C>>> + Send>>;
type PollFn<T, C> = Box<dyn FnMut() -> PollFuture<T, C> + Send>;
type ObserveFn<T> = Box<dyn Fn(&T) -> Observation + Send + Sync>;

/// One wait, ready to run: `.timeout(…)` and `.interval(…)` adjust it, `.send().await` (or
/// `.await` on it directly) runs it and gives the answer of the poll that saw a success
/// state.
#[must_use = "a wait does nothing until it is awaited"]
pub struct Wait<T, C: ServiceErrorCode = String> {
    spec: &'static WaiterSpec,
    sleeper: Arc<dyn Sleeper>,
    initial_interval: Duration,
    max_interval: Duration,
    timeout: Duration,
    poll: PollFn<T, C>,
    observe: ObserveFn<T>,
}

impl<T, C: ServiceErrorCode> fmt::Debug for Wait<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("service", &self.spec.service)
            .field("waiter", &self.spec.name)
            .field("initial_interval", &self.initial_interval)
            .field("max_interval", &self.max_interval)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static, C: ServiceErrorCode> Wait<T, C> {
    /// A wait that polls with `poll()` and reads each answer with `observe`, with the
    /// spec's intervals and timeout and `client`'s sleeper.
    pub fn new<F, Fut, O>(
        client: &Client,
        spec: &'static WaiterSpec,
        mut poll: F,
        observe: O,
    ) -> Self
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, Error<C>>> + Send + 'static,
        O: Fn(&T) -> Observation + Send + Sync + 'static,
    {
        Self {
            spec,
            sleeper: client.sleeper(),
            initial_interval: spec.initial_interval,
            max_interval: spec.max_interval,
            timeout: spec.timeout,
            poll: Box::new(move || Box::pin(poll())),
            observe: Box::new(observe),
        }
    }

    /// The whole wait ends after `timeout` (polls included).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The wait after the first poll is `initial`; it doubles after each poll up to `max`
    /// (`max` below `initial` counts as `initial`; an `initial` below 1 ms counts as 1 ms,
    /// so a wait never polls in a busy loop).
    pub fn interval(mut self, initial: Duration, max: Duration) -> Self {
        let initial = initial.max(Duration::from_millis(1));
        self.initial_interval = initial;
        self.max_interval = max.max(initial);
        self
    }

    /// Polls until a final state or the deadline.
    ///
    /// # Errors
    ///
    /// [`WaitError`]: a failure state, the deadline, or a poll that failed for good.
    pub async fn send(mut self) -> Result<T, WaitError<C>> {
        let started = Instant::now();
        // A timeout too long to add to the clock means no deadline.
        let deadline = started.checked_add(self.timeout);
        let mut polls: u32 = 0;
        let mut last_state: Option<String> = None;
        let mut reason: Option<String> = None;
        let mut last_error: Option<Box<Error<C>>>;
        let spec = self.spec;
        let error = |kind: WaitErrorKind<C>,
                     last_state: Option<String>,
                     reason: Option<String>,
                     polls: u32| WaitError {
            service: spec.service,
            waiter: spec.name,
            kind,
            last_state,
            reason,
            polls,
            elapsed: started.elapsed(),
        };
        loop {
            polls += 1;
            match (self.poll)().await {
                Ok(value) => {
                    last_error = None;
                    let seen = (self.observe)(&value);
                    let verdict = spec.judge(seen.state.as_deref());
                    tracing::debug!(
                        target: "otc_runtime",
                        service = spec.service,
                        waiter = spec.name,
                        poll = polls,
                        state = seen.state.as_deref(),
                        verdict = ?verdict,
                        "wait poll"
                    );
                    last_state = seen.state;
                    reason = seen.reason;
                    match verdict {
                        Verdict::Success => return Ok(value),
                        Verdict::Failure => {
                            return Err(error(
                                WaitErrorKind::FailureState,
                                last_state,
                                reason,
                                polls,
                            ));
                        }
                        Verdict::Pending | Verdict::Unlisted => {}
                    }
                }
                Err(e) if is_transient(&e) => {
                    tracing::debug!(
                        target: "otc_runtime",
                        service = spec.service,
                        waiter = spec.name,
                        poll = polls,
                        error = %e,
                        "wait poll failed transiently"
                    );
                    last_error = Some(Box::new(e));
                }
                Err(e) => {
                    return Err(error(
                        WaitErrorKind::Poll(Box::new(e)),
                        last_state,
                        reason,
                        polls,
                    ));
                }
            }
            let remaining = deadline.map_or(Duration::MAX, |d| {
                d.saturating_duration_since(Instant::now())
            });
            if remaining.is_zero() {
                let kind = WaitErrorKind::TimedOut { last_error };
                return Err(error(kind, last_state, reason, polls));
            }
            let delay = WaiterSpec::interval_after(self.initial_interval, self.max_interval, polls)
                .min(remaining);
            self.sleeper.sleep(delay).await;
        }
    }
}

impl<T: Send + 'static, C: ServiceErrorCode> IntoFuture for Wait<T, C> {
    type Output = Result<T, WaitError<C>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SPEC: WaiterSpec = WaiterSpec {
        service: "ims",
        name: "job_done",
        success: &["SUCCESS"],
        failure: &["FAIL"],
        pending: &["RUNNING", "INIT"],
        initial_interval: Duration::from_secs(2),
        max_interval: Duration::from_secs(20),
        timeout: Duration::from_secs(600),
    };

    #[test]
    fn states_are_judged_by_the_declaration() {
        assert_eq!(SPEC.judge(Some("SUCCESS")), Verdict::Success);
        assert_eq!(SPEC.judge(Some("FAIL")), Verdict::Failure);
        assert_eq!(SPEC.judge(Some("INIT")), Verdict::Pending);
        assert_eq!(SPEC.judge(Some("success")), Verdict::Unlisted);
        assert_eq!(SPEC.judge(None), Verdict::Unlisted);
    }

    #[tokio::test]
    async fn a_timeout_beyond_the_clock_means_no_deadline() {
        let client = crate::Client::builder()
            .sleeper(Arc::new(crate::TokioSleeper))
            .build()
            .expect("a client without auth builds");
        let mut polls = 0;
        let answer = Wait::<u32>::new(
            &client,
            &SPEC,
            move || {
                polls += 1;
                // 0 means "still running"; the third poll answers its number.
                std::future::ready(Ok::<u32, Error>(if polls < 3 { 0 } else { polls }))
            },
            |n: &u32| Observation::new(Some(if *n == 0 { "RUNNING" } else { "SUCCESS" }), None),
        )
        .timeout(Duration::MAX)
        .interval(Duration::ZERO, Duration::ZERO)
        .await
        .expect("no overflow, no deadline");
        assert_eq!(answer, 3);
    }

    #[test]
    fn intervals_double_up_to_the_maximum() {
        let waits: Vec<u64> = (1..=7)
            .map(|n| {
                WaiterSpec::interval_after(Duration::from_secs(2), Duration::from_secs(20), n)
                    .as_secs()
            })
            .collect();
        assert_eq!(waits, [2, 4, 8, 16, 20, 20, 20]);
        let far = WaiterSpec::interval_after(Duration::from_secs(2), Duration::from_secs(20), 200);
        assert_eq!(far, Duration::from_secs(20));
    }
}
