//! [`Client`]: endpoint resolution, authentication, retries and timeouts around each call.

mod attempt;
mod builder;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use http::HeaderValue;
use tracing::Instrument;
use tracing::field::Empty;

pub use builder::ClientBuilder;

use crate::auth::{Authenticator, Credentials, DomainLookup};
use crate::clock::Clock;
use crate::config_error::ConfigError;
use crate::endpoint::{self, Endpoint, Overrides};
use crate::error::{Error, ServiceErrorCode};
use crate::request::Request;
use crate::response::RawResponse;
use crate::retry::{self, Retries, RetryPolicy};
use crate::service::ServiceInfo;
use crate::service_error::ServiceError;
use crate::sleep::Sleeper;
use crate::transport::{ReqwestTransport, Transport, TransportError, TransportErrorKind};

/// A configured OTC client, shared by every generated service crate.
///
/// Cheap to clone; clones share the token cache and the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    region: Option<String>,
    project_id: Option<String>,
    overrides: Overrides,
    auth: Authenticator,
    /// AK/SK without a domain id: finds it for requests to global services.
    domain_lookup: Option<Box<DomainLookup>>,
    transport: Arc<dyn Transport>,
    /// The same transport when it is the default one, called without boxing its future.
    direct: Option<ReqwestTransport>,
    user_agent: HeaderValue,
    clock: Arc<dyn Clock>,
    sleeper: Arc<dyn Sleeper>,
    retry: RetryPolicy,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("region", &self.inner.region)
            .field("project_id", &self.inner.project_id)
            .field("overrides", &self.inner.overrides)
            .field("auth", &self.inner.auth)
            .field("transport", &self.inner.transport)
            .field("retry", &self.inner.retry)
            .field("attempt_timeout", &self.inner.attempt_timeout)
            .field("operation_timeout", &self.inner.operation_timeout)
            .finish()
    }
}

/// What one attempt ended with, before the retry decision.
enum Outcome {
    Answer(http::Response<bytes::Bytes>),
    Failed(TransportError),
    /// The operation deadline passed during the attempt; the URL when it was known.
    OutOfTime(Option<String>),
}

/// Runs `fut` until `deadline` (no limit when `None`); `None` when the deadline came first.
///
/// A future that is ready on its first poll (a cached token) finishes without a timer.
async fn until<F: Future>(deadline: Option<Instant>, fut: F) -> Option<F::Output> {
    let mut fut = std::pin::pin!(fut);
    let Some(deadline) = deadline else {
        return Some(fut.await);
    };
    if let Poll::Ready(out) = std::future::poll_fn(|cx| Poll::Ready(fut.as_mut().poll(cx))).await {
        return Some(out);
    }
    tokio::time::timeout_at(deadline.into(), fut).await.ok()
}

/// [`until`] for a future that is never ready at once (an HTTP exchange): straight under the
/// timer, without a first poll that could only come back pending.
async fn within<F: Future>(deadline: Option<Instant>, fut: F) -> Option<F::Output> {
    match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline.into(), fut).await.ok(),
        None => Some(fut.await),
    }
}

impl Client {
    /// A builder for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The sleeper waits go through (retries, waiters).
    pub(crate) fn sleeper(&self) -> Arc<dyn Sleeper> {
        self.inner.sleeper.clone()
    }

    /// The configured region.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The project id: configured, else the id of the password scope or of the AK/SK
    /// credentials, else the project of the token (authenticating if needed). Borrowed
    /// when it is configured, so the generated calls that need it do not allocate.
    pub async fn project_id<C: ServiceErrorCode>(&self) -> Result<Cow<'_, str>, Error<C>> {
        if let Some(id) = self
            .inner
            .project_id
            .as_deref()
            .or_else(|| self.inner.auth.configured_project_id())
        {
            return Ok(Cow::Borrowed(id));
        }
        let credentials = self.inner.auth.credentials().await?;
        credentials
            .project_id()
            .map(|id| Cow::Owned(id.to_owned()))
            .ok_or(Error::Config(ConfigError::MissingProjectId))
    }

    /// The endpoint a request to `service` would go to (authenticating if the catalog is
    /// needed): override, else token catalog, else template with the region.
    pub async fn endpoint<C: ServiceErrorCode>(
        &self,
        service: &ServiceInfo,
    ) -> Result<String, Error<C>> {
        let credentials = self.inner.auth.credentials().await?;
        Ok(self.resolve(service, &credentials)?.as_url())
    }

    fn resolve(
        &self,
        service: &ServiceInfo,
        credentials: &Credentials,
    ) -> Result<Cow<'_, Endpoint>, ConfigError> {
        let project_id = self
            .inner
            .project_id
            .as_deref()
            .or_else(|| credentials.project_id());
        endpoint::resolve(
            service,
            &self.inner.overrides,
            credentials.catalog(),
            self.inner.region.as_deref(),
            project_id,
        )
    }

    /// Sends a request, retrying where that is safe, and returns the answer.
    ///
    /// Resolves the endpoint for `req.service()` (the request's base URL, else override,
    /// else token catalog, else template with the region), adds auth (`X-Auth-Token`, or
    /// the AK/SK signature), sends it through the transport and returns the answer when its
    /// status is one of the request's success statuses or any 2xx; otherwise parses the
    /// error body into [`Error::Service`].
    ///
    /// - After a 401 with a password identity, the token is renewed and the request sent
    ///   once more; a second 401 is returned as it is.
    /// - Connection failures, attempt timeouts and the answers 429, 502, 503 and 504 are
    ///   retried as the [`RetryPolicy`] says (idempotent methods, or requests marked
    ///   [`retry_safe`](Request::retry_safe)). When retrying ends, the last error is
    ///   returned whole (status, code, message, request id) with the number of attempts
    ///   ([`Error::attempts`]).
    /// - Each exchange is limited by the attempt timeout, the whole call (authentication,
    ///   attempts and waits) by the operation timeout; both end in
    ///   [`Error::Transport`] of kind [`TransportErrorKind::Timeout`].
    ///
    /// Tracing: one span `otc_request` per call (target `otc_runtime`, level debug) with
    /// `service`, `operation`, `method`, and `attempt`, `status` and `request_id` recorded
    /// as they become known.
    pub async fn execute<C: ServiceErrorCode>(
        &self,
        req: Request,
    ) -> Result<RawResponse, Error<C>> {
        let span = tracing::debug_span!(
            "otc_request",
            service = req.service().name,
            operation = req.operation(),
            method = %req.method(),
            attempt = Empty,
            status = Empty,
            request_id = Empty,
        );
        let started = Instant::now();
        let deadline = self.inner.operation_timeout.map(|t| started + t);
        let result = self
            .execute_with_retries(&req, deadline, started)
            .instrument(span.clone())
            .await;
        if let Err(error) = &result {
            span.in_scope(|| {
                tracing::debug!(
                    error = %error,
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "call failed"
                );
            });
        }
        result
    }

    /// The retry loop. The operation deadline is checked by each attempt (one timer per
    /// exchange, the earlier of the attempt and operation limits) and around waits, so a
    /// call runs no timer of its own.
    async fn execute_with_retries<C: ServiceErrorCode>(
        &self,
        req: &Request,
        deadline: Option<Instant>,
        started: Instant,
    ) -> Result<RawResponse, Error<C>> {
        if let Some(problem) = req.problem() {
            return Err(Error::Request(problem.clone()));
        }
        let span = tracing::Span::current();
        let may_retry = req.is_retry_safe() || retry::is_idempotent(req.method());
        // Built at the first retry: most calls never need a backoff.
        let mut retries: Option<Retries> = None;
        let mut attempt: u32 = 0;
        let mut last_url = None;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let outcome = self.attempt::<C>(req, deadline).await?;
            let retry_after = match &outcome {
                Outcome::Answer(response) => {
                    let status = response.status().as_u16();
                    if req.is_success(status) || !retry::is_retryable_status(status) {
                        return self.finish(req, outcome, attempt, started);
                    }
                    retry::retry_after(response.headers(), self.inner.clock.now())
                }
                Outcome::Failed(error) => {
                    last_url = Some(error.url().to_owned());
                    None
                }
                Outcome::OutOfTime(url) => {
                    let url = url.clone().or(last_url);
                    return Err(self.operation_timed_out(req, url, attempt));
                }
            };
            if !may_retry {
                return self.finish(req, outcome, attempt, started);
            }
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let retries = retries.get_or_insert_with(|| Retries::new(&self.inner.retry));
            match retries.next_delay(retry_after, remaining) {
                Ok(delay) => {
                    tracing::debug!(
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        retry_after_s = retry_after.map(|d| d.as_secs_f64()),
                        reason = %outcome_summary(&outcome),
                        "retrying"
                    );
                    // The wait is shorter than the time left; the limit only guards
                    // against a sleeper that oversleeps.
                    if until(deadline, self.inner.sleeper.sleep(delay))
                        .await
                        .is_none()
                    {
                        return Err(self.operation_timed_out(req, last_url, attempt));
                    }
                }
                Err(stop) => {
                    if attempt > 1 || stop != retry::Stop::Exhausted {
                        tracing::debug!(attempt, why = stop.as_str(), "not retrying");
                    }
                    return self.finish(req, outcome, attempt, started);
                }
            }
        }
    }

    /// Turns the last attempt's outcome into the call's result.
    fn finish<C: ServiceErrorCode>(
        &self,
        req: &Request,
        outcome: Outcome,
        attempts: u32,
        started: Instant,
    ) -> Result<RawResponse, Error<C>> {
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let response = match outcome {
            Outcome::Answer(response) => response,
            Outcome::Failed(error) => {
                return Err(Error::Transport(error.with_attempts(attempts)));
            }
            Outcome::OutOfTime(url) => return Err(self.operation_timed_out(req, url, attempts)),
        };
        let (parts, body) = response.into_parts();
        let status = parts.status.as_u16();
        if req.is_success(status) {
            let raw = RawResponse::new(
                req.service().name,
                req.operation(),
                status,
                parts.headers,
                body,
            );
            tracing::debug!(status, request_id = raw.request_id(), elapsed_ms, "answer");
            Ok(raw)
        } else {
            let error = ServiceError::<C>::from_response(
                req.service().name,
                req.operation(),
                status,
                parts.headers,
                body,
            )
            .with_attempts(attempts);
            tracing::debug!(
                status,
                code = error.raw_code(),
                request_id = error.request_id(),
                elapsed_ms,
                "error answer"
            );
            Err(Error::Service(Box::new(error)))
        }
    }

    /// The operation timeout's error: the URL of the last attempt, or the operation's name
    /// when no request was sent yet (still authenticating).
    fn operation_timed_out<C: ServiceErrorCode>(
        &self,
        req: &Request,
        url: Option<String>,
        attempts: u32,
    ) -> Error<C> {
        let limit = self.inner.operation_timeout.unwrap_or_default();
        let target = url.unwrap_or_else(|| format!("{}.{}", req.service().name, req.operation()));
        tracing::debug!(
            limit_ms = limit.as_millis() as u64,
            attempts,
            "operation timed out"
        );
        Error::Transport(
            TransportError::new(TransportErrorKind::Timeout, req.method().clone(), &target)
                .with_source(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!("the operation did not finish within its timeout of {limit:?}"),
                ))
                .with_attempts(attempts),
        )
    }
}

fn outcome_summary(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Answer(response) => format!("HTTP {}", response.status().as_u16()),
        Outcome::Failed(error) => error.kind().to_string(),
        Outcome::OutOfTime(_) => "operation timeout".to_owned(),
    }
}
