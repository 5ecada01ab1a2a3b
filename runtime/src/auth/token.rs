//! Obtaining, caching and renewing IAM tokens for a password identity.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::Mutex;

use super::catalog::Catalog;
use super::{AuthError, PasswordAuth, ProjectScope, token_header};
use crate::clock::Clock;
use crate::config_error::ConfigError;
use crate::error_body::header_request_id;
use crate::redact::redact_url;
use crate::retry::{self, Retries, RetryPolicy};
use crate::service_error::ServiceError;
use crate::sleep::Sleeper;
use crate::transport::{Transport, TransportError, TransportErrorKind, TransportRequest};

/// Header in which IAM returns the token.
const SUBJECT_TOKEN_HEADER: &str = "x-subject-token";

/// A token obtained from IAM, with what came along with it.
pub(crate) struct IssuedToken {
    /// `X-Auth-Token` value, marked sensitive.
    pub(crate) header: HeaderValue,
    pub(crate) expires_at: SystemTime,
    /// When the token stops counting as fresh: `expires_at` minus the renewal margin,
    /// clamped to half the lifetime the token had when it was obtained.
    pub(crate) renew_at: SystemTime,
    pub(crate) project_id: Option<String>,
    pub(crate) catalog: Catalog,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedToken")
            .field("token", &"***")
            .field("expires_at", &self.expires_at)
            .field("renew_at", &self.renew_at)
            .field("project_id", &self.project_id)
            .field("catalog_services", &self.catalog.len())
            .finish()
    }
}

#[derive(Default)]
struct State {
    current: Option<Arc<IssuedToken>>,
    /// The outcome of the last attempt when it failed, with the attempt's number.
    last_failure: Option<(u64, AuthError)>,
}

/// Obtains tokens from IAM, one request at a time, and caches them for every clone of the
/// client.
///
/// Callers queue on one async mutex; the first finds no fresh token and asks IAM while
/// holding it, the others then find the fresh token. If that attempt fails, the callers
/// that were already waiting get its error instead of each asking IAM again (which, with a
/// wrong password, could lock the IAM user).
pub(crate) struct TokenManager {
    auth: PasswordAuth,
    token_url: String,
    user_agent: HeaderValue,
    transport: Arc<dyn Transport>,
    clock: Arc<dyn Clock>,
    renew_before: Duration,
    /// Limit for one IAM exchange.
    timeout: Option<Duration>,
    /// Retries of the token request, as for idempotent calls.
    retry: RetryPolicy,
    sleeper: Arc<dyn Sleeper>,
    state: Mutex<State>,
    /// Number of finished IAM attempts.
    finished: AtomicU64,
}

impl fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenManager")
            .field("auth", &self.auth)
            .field("token_url", &self.token_url)
            .field("renew_before", &self.renew_before)
            .finish_non_exhaustive()
    }
}

impl TokenManager {
    pub(crate) fn new(
        auth: PasswordAuth,
        user_agent: HeaderValue,
        transport: Arc<dyn Transport>,
        clock: Arc<dyn Clock>,
        renew_before: Duration,
        timeout: Option<Duration>,
        (retry, sleeper): (RetryPolicy, Arc<dyn Sleeper>),
    ) -> Result<Self, ConfigError> {
        let token_url = token_url(&auth.auth_url)?;
        if auth.user_name.trim().is_empty() {
            return Err(ConfigError::Invalid(
                "password auth: empty user name".into(),
            ));
        }
        Ok(Self {
            auth,
            token_url,
            user_agent,
            transport,
            clock,
            renew_before,
            timeout,
            retry,
            sleeper,
            state: Mutex::new(State::default()),
            finished: AtomicU64::new(0),
        })
    }

    /// The project id of the scope, when it is given by id.
    pub(crate) fn scope_project_id(&self) -> Option<&str> {
        match &self.auth.scope {
            ProjectScope::Id(id) => Some(id),
            ProjectScope::Name { .. } => None,
        }
    }

    fn is_fresh(&self, token: &IssuedToken) -> bool {
        self.clock.now() < token.renew_at
    }

    /// When a token obtained at `now` and expiring at `expires_at` is renewed:
    /// `renew_before` ahead of expiry, but never more than half its lifetime ahead
    /// (keystoneauth clamps the same way). A token shorter-lived than twice the margin is
    /// so used for half its life, not renewed on every call.
    fn renew_at(&self, now: SystemTime, expires_at: SystemTime) -> SystemTime {
        let lifetime = expires_at.duration_since(now).unwrap_or_default();
        let margin = self.renew_before.min(lifetime / 2);
        expires_at.checked_sub(margin).unwrap_or(now)
    }

    /// A token that is valid for at least the renewal margin (clamped to half its lifetime),
    /// from the cache or from IAM.
    pub(crate) async fn token(&self) -> Result<Arc<IssuedToken>, AuthError> {
        let finished_before = self.finished.load(Ordering::Acquire);
        let mut state = self.state.lock().await;
        if let Some(token) = &state.current {
            if self.is_fresh(token) {
                return Ok(Arc::clone(token));
            }
        }
        if let Some((attempt, error)) = &state.last_failure {
            if *attempt > finished_before {
                // An attempt that ended while we waited failed: share its outcome.
                return Err(error.clone());
            }
        }
        let result = self.request_token().await;
        let attempt = self.finished.fetch_add(1, Ordering::AcqRel) + 1;
        match result {
            Ok(token) => {
                let token = Arc::new(token);
                state.current = Some(Arc::clone(&token));
                state.last_failure = None;
                Ok(token)
            }
            Err(error) => {
                state.current = None;
                state.last_failure = Some((attempt, error.clone()));
                Err(error)
            }
        }
    }

    /// Drops `rejected` from the cache if it is still the current token.
    pub(crate) async fn forget(&self, rejected: &Arc<IssuedToken>) {
        let mut state = self.state.lock().await;
        if state
            .current
            .as_ref()
            .is_some_and(|current| Arc::ptr_eq(current, rejected))
        {
            state.current = None;
        }
    }

    /// One token request, retried like an idempotent call: after connection failures,
    /// timeouts and the answers 429, 502, 503 and 504, with the client's [`RetryPolicy`]
    /// (`Retry-After` honoured). A refusal (401, 400, ...) is never retried: repeated bad
    /// logins can lock the IAM user.
    async fn request_token(&self) -> Result<IssuedToken, AuthError> {
        let mut retries: Option<Retries> = None;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let outcome = self.request_token_once().await;
            let retry_after = match &outcome {
                Err(AuthError::Transport(_)) => None,
                Err(AuthError::Rejected(error)) if retry::is_retryable_status(error.status()) => {
                    retry::retry_after(error.headers(), self.clock.now())
                }
                _ => return outcome,
            };
            let retries = retries.get_or_insert_with(|| Retries::new(&self.retry));
            match retries.next_delay(retry_after, None) {
                Ok(delay) => {
                    tracing::debug!(
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        "retrying the IAM token request"
                    );
                    self.sleeper.sleep(delay).await;
                }
                Err(_) => {
                    return match outcome {
                        Err(AuthError::Transport(e)) => {
                            Err(AuthError::Transport(e.with_attempts(attempt)))
                        }
                        Err(AuthError::Rejected(e)) => {
                            Err(AuthError::Rejected(Box::new(e.with_attempts(attempt))))
                        }
                        other => other,
                    };
                }
            }
        }
    }

    async fn request_token_once(&self) -> Result<IssuedToken, AuthError> {
        let started = std::time::Instant::now();
        tracing::debug!(url = %self.token_url, "requesting IAM token");
        let request = self.token_request()?;
        let sent = self.transport.send(request);
        let response = match self.timeout {
            Some(limit) => tokio::time::timeout(limit, sent).await.unwrap_or_else(|_| {
                Err(
                    TransportError::new(TransportErrorKind::Timeout, Method::POST, &self.token_url)
                        .with_source(std::io::Error::new(
                            std::io::ErrorKind::TimedOut,
                            format!("no answer from IAM within {limit:?}"),
                        )),
                )
            }),
            None => sent.await,
        }
        .map_err(AuthError::Transport)?;
        let (parts, body) = response.into_parts();
        let status = parts.status.as_u16();
        if !parts.status.is_success() {
            let error =
                ServiceError::from_response("iam", "create_token", status, parts.headers, body);
            tracing::debug!(
                status,
                request_id = error.request_id(),
                "IAM refused the token request"
            );
            return Err(AuthError::Rejected(Box::new(error)));
        }
        let request_id = header_request_id(&parts.headers);
        let invalid = |reason: String| AuthError::InvalidResponse {
            status,
            request_id: request_id.clone(),
            reason,
        };
        let header = parts
            .headers
            .get(SUBJECT_TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .and_then(|v| token_header(&crate::Secret::new(v)))
            .ok_or_else(|| invalid("no usable X-Subject-Token header".into()))?;
        let body: TokenBody = serde_json::from_slice(&body)
            .map_err(|e| invalid(format!("body does not decode: {e}")))?;
        let expires_at = parse_expires_at(&body.token.expires_at)
            .ok_or_else(|| invalid(format!("unreadable expires_at {:?}", body.token.expires_at)))?;
        let now = self.clock.now();
        let token = IssuedToken {
            header,
            expires_at,
            renew_at: self.renew_at(now, expires_at),
            project_id: body.token.project.and_then(|p| p.id),
            catalog: body.token.catalog,
        };
        tracing::debug!(
            status,
            request_id = request_id.as_deref(),
            project_id = token.project_id.as_deref(),
            catalog_services = token.catalog.len(),
            valid_for_s = expires_at
                .duration_since(now)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            renew_in_s = token
                .renew_at
                .duration_since(now)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "IAM token obtained"
        );
        Ok(token)
    }

    fn token_request(&self) -> Result<TransportRequest, AuthError> {
        let scope = match &self.auth.scope {
            ProjectScope::Id(id) => json!({ "project": { "id": id } }),
            ProjectScope::Name { name, domain_name } => {
                json!({ "project": { "name": name, "domain": { "name": domain_name } } })
            }
        };
        let body = json!({
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.auth.user_name,
                            "password": self.auth.password.expose(),
                            "domain": { "name": self.auth.user_domain_name }
                        }
                    }
                },
                "scope": scope
            }
        });
        let build_failed = |e: &dyn fmt::Display| {
            AuthError::Transport(
                TransportError::new(TransportErrorKind::Request, Method::POST, &self.token_url)
                    .with_source(std::io::Error::other(e.to_string())),
            )
        };
        let body = serde_json::to_vec(&body).map_err(|e| build_failed(&e))?;
        let url = url::Url::parse(&self.token_url).map_err(|e| build_failed(&e))?;
        let mut headers = HeaderMap::with_capacity(3);
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=utf8"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.user_agent.clone());
        Ok(TransportRequest::new(
            Method::POST,
            url,
            headers,
            Bytes::from(body),
        ))
    }
}

/// `{auth_url}/auth/tokens`, with `/v3` added when the URL has no path.
fn token_url(auth_url: &str) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidAuthUrl {
        url: redact_url(auth_url),
        reason: reason.to_owned(),
    };
    let trimmed = auth_url.trim().trim_end_matches('/');
    let uri: http::Uri = trimmed.parse().map_err(|_| invalid("not a URL"))?;
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") || s.eq_ignore_ascii_case("http") => {}
        _ => return Err(invalid("the scheme must be https or http")),
    }
    let Some(authority) = uri.authority() else {
        return Err(invalid("no host"));
    };
    if authority.as_str().contains('@') {
        return Err(invalid("user information in the URL is not supported"));
    }
    if uri.query().is_some() {
        return Err(invalid("a query string is not supported"));
    }
    let base = if uri.path().is_empty() || uri.path() == "/" {
        format!("{trimmed}/v3")
    } else {
        trimmed.to_owned()
    };
    Ok(format!("{base}/auth/tokens"))
}

/// Keystone's `expires_at`: RFC 3339 with 0–9 fraction digits; a time without zone is UTC.
fn parse_expires_at(s: &str) -> Option<SystemTime> {
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;
    let s = s.trim();
    OffsetDateTime::parse(s, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(&format!("{s}Z"), &Rfc3339))
        .ok()
        .map(SystemTime::from)
}

#[derive(Deserialize)]
struct TokenBody {
    token: TokenInfo,
}

#[derive(Deserialize)]
struct TokenInfo {
    expires_at: String,
    #[serde(default)]
    project: Option<ProjectRef>,
    #[serde(default)]
    catalog: Catalog,
}

#[derive(Deserialize)]
struct ProjectRef {
    #[serde(default)]
    id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn token_urls() {
        assert_eq!(
            token_url("https://iam.eu-de.otc.t-systems.com/v3").unwrap(),
            "https://iam.eu-de.otc.t-systems.com/v3/auth/tokens"
        );
        assert_eq!(
            token_url("https://iam.eu-de.otc.t-systems.com/v3/").unwrap(),
            "https://iam.eu-de.otc.t-systems.com/v3/auth/tokens"
        );
        assert_eq!(
            token_url("https://iam-pub.eu-ch2.sc.otc.t-systems.com").unwrap(),
            "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3/auth/tokens"
        );
        assert!(token_url("iam.eu-de.otc.t-systems.com/v3").is_err());
        assert!(token_url("ftp://iam.example/v3").is_err());
        let e = token_url("https://user:hunter2@iam.example/v3").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }

    #[test]
    fn expires_at_formats() {
        let at = |s| {
            parse_expires_at(s)
                .unwrap()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs()
        };
        assert_eq!(at("2015-11-09T01:42:57.527363Z"), 1_447_033_377);
        assert_eq!(at("2015-11-09T01:42:57Z"), 1_447_033_377);
        assert_eq!(at("2015-11-09T01:42:57.000+00:00"), 1_447_033_377);
        assert_eq!(at("2015-11-09T02:42:57.123456789+01:00"), 1_447_033_377);
        assert_eq!(at("2015-11-09T01:42:57.527363"), 1_447_033_377);
        assert!(parse_expires_at("tomorrow").is_none());
        assert!(parse_expires_at("").is_none());
    }
}
