//! One attempt of a call: credentials, URL, headers, signing, one exchange (two after a
//! 401 that a new token may cure), each exchange under the attempt timeout.

use std::borrow::Cow;
use std::time::Instant;

use http::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue};

use super::{Client, Outcome, until, within};
use crate::auth::{AuthError, Credentials};
use crate::config_error::ConfigError;
use crate::endpoint::Endpoint;
use crate::error::{Error, ServiceErrorCode};
use crate::redact::redact_url;
use crate::request::{Request, RequestError};
use crate::transport::{TransportError, TransportErrorKind, TransportRequest};
use url::Url;

impl Client {
    /// Makes one attempt. Transport failures are an [`Outcome`] (the retry loop decides);
    /// anything else that goes wrong before an answer (auth, endpoint, signing) is final.
    /// Nothing here outlives `deadline`, the operation deadline.
    pub(super) async fn attempt<C: ServiceErrorCode>(
        &self,
        req: &Request,
        deadline: Option<Instant>,
    ) -> Result<Outcome, Error<C>> {
        if !req.sends_credentials() {
            // A host the caller names, or an operation without the cloud's auth: no login,
            // and nothing of the credentials goes on the wire.
            return self.send_once(req, &Credentials::None, deadline).await;
        }
        let Some(credentials) = until(deadline, self.inner.auth.credentials()).await else {
            return Ok(Outcome::OutOfTime(None));
        };
        let mut credentials = credentials?;
        if let (Credentials::AkSk(signer), Some(lookup)) = (&credentials, &self.inner.domain_lookup)
            && req.is_domain_scoped()
            && signer.domain_id().is_none()
        {
            let Some(signer) = until(deadline, lookup.signer()).await else {
                return Ok(Outcome::OutOfTime(None));
            };
            credentials = Credentials::AkSk(signer?);
        }
        let outcome = self.send_once(req, &credentials, deadline).await?;
        match outcome {
            Outcome::Answer(response)
                if response.status() == http::StatusCode::UNAUTHORIZED
                    && self.inner.auth.can_reauthenticate() =>
            {
                tracing::debug!("401: renewing the token and retrying once");
                self.inner.auth.reject(&credentials).await;
                let Some(credentials) = until(deadline, self.inner.auth.credentials()).await else {
                    return Ok(Outcome::OutOfTime(None));
                };
                self.send_once(req, &credentials?, deadline).await
            }
            outcome => Ok(outcome),
        }
    }

    async fn send_once<C: ServiceErrorCode>(
        &self,
        req: &Request,
        credentials: &Credentials,
        deadline: Option<Instant>,
    ) -> Result<Outcome, Error<C>> {
        let endpoint = match req.base_url_override() {
            Some(base) => Cow::Owned(
                Endpoint::parse(base, self.inner.project_id.as_deref()).map_err(|reason| {
                    ConfigError::InvalidEndpoint {
                        service: req.service().name.to_owned(),
                        url: redact_url(base),
                        reason,
                    }
                })?,
            ),
            None => self.resolve(req.service(), credentials)?,
        };
        let mut url = req.url(&endpoint);
        // Sized once: the request's own headers and content type, the three added here
        // (accept, user agent, credentials) and the few the HTTP stack adds (host,
        // content-length).
        let extra = 6 + usize::from(req.content_type().is_some());
        let mut headers = HeaderMap::with_capacity(req.headers().len() + extra);
        for (name, value) in req.headers() {
            headers.append(name, value.clone());
        }
        if let Some(content_type) = req.content_type() {
            headers.insert(CONTENT_TYPE, content_type.clone());
        }
        if !headers.contains_key(ACCEPT) {
            // A constant of visible ASCII: `from_static` cannot panic.
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        if !headers.contains_key(USER_AGENT) {
            headers.insert(USER_AGENT, self.inner.user_agent.clone());
        }
        let body = req.body_bytes().cloned().unwrap_or_default();
        // Checked again here, whoever called: credentials never go to a host the caller named.
        let credentials = if req.sends_credentials() {
            credentials
        } else {
            &Credentials::None
        };
        credentials
            .authorize(
                req.method(),
                &mut url,
                &mut headers,
                &body,
                self.inner.clock.now(),
                req.is_domain_scoped(),
            )
            .map_err(|e| Error::Auth(AuthError::Signing(e)))?;
        // What errors and logs show, secret parameters masked; built only when needed (the
        // event's fields are evaluated only when TRACE is on).
        let shown = || req.shown_url(&url);
        tracing::trace!(url = %shown(), "sending");
        // The only parse of the URL: the transport takes it as it is.
        let parsed = Url::parse(&url).map_err(|e| RequestError::InvalidUrl {
            operation: req.operation(),
            reason: format!("{} ({e})", shown()),
        })?;
        let request = TransportRequest::new(req.method().clone(), parsed, headers, body)
            .with_redaction(req.redaction());
        // One timer: the earlier of the attempt limit and the operation deadline.
        let attempt_deadline = self.inner.attempt_timeout.map(|t| Instant::now() + t);
        let limit = match (attempt_deadline, deadline) {
            (Some(a), Some(d)) => Some(a.min(d)),
            (a, d) => a.or(d),
        };
        // The reqwest future is large; boxed once here, it is not copied again each time an
        // enclosing future moves.
        let answer = match &self.inner.direct {
            Some(reqwest) => within(limit, Box::pin(reqwest.exchange(request))).await,
            None => within(limit, self.inner.transport.send(request)).await,
        };
        let result = match answer {
            Some(result) => result,
            None if deadline.is_some() && deadline == limit => {
                return Ok(Outcome::OutOfTime(Some(shown())));
            }
            None => Err(self.attempt_timed_out(req, &shown())),
        };
        match result {
            Ok(response) => {
                let span = tracing::Span::current();
                if !span.is_disabled() {
                    span.record("status", response.status().as_u16());
                    if let Some(id) = crate::error_body::header_request_id(response.headers()) {
                        span.record("request_id", id.as_str());
                    }
                }
                Ok(Outcome::Answer(response))
            }
            Err(error) => {
                // A custom transport names the URL as it was sent: mask it here.
                let error = error.with_url(shown());
                tracing::debug!(error = %error, "attempt failed");
                Ok(Outcome::Failed(error))
            }
        }
    }

    fn attempt_timed_out(&self, req: &Request, url: &str) -> TransportError {
        let limit = self.inner.attempt_timeout.unwrap_or_default();
        TransportError::new(TransportErrorKind::Timeout, req.method().clone(), url).with_source(
            std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("no answer within the attempt timeout of {limit:?}"),
            ),
        )
    }
}
