//! One attempt of a call: credentials, URL, headers, signing, one exchange (two after a
//! 401 that a new token may cure), each exchange under the attempt timeout.

use http::HeaderValue;
use http::header::{ACCEPT, USER_AGENT};

use super::{Client, Outcome, Progress};
use crate::auth::{AuthError, Credentials};
use crate::config_error::ConfigError;
use crate::endpoint::Endpoint;
use crate::error::{Error, ErrorCode};
use crate::redact::redact_url;
use crate::request::{Request, RequestError};
use crate::transport::{TransportError, TransportErrorKind};

impl Client {
    /// Makes one attempt. Transport failures are an [`Outcome`] (the retry loop decides);
    /// anything else that goes wrong before an answer (auth, endpoint, signing) is final.
    pub(super) async fn attempt<C: ErrorCode>(
        &self,
        req: &Request,
        progress: &Progress,
    ) -> Result<Outcome, Error<C>> {
        let credentials = self.inner.auth.credentials().await?;
        let outcome = self.send_once(req, &credentials, progress).await?;
        match outcome {
            Outcome::Answer(response)
                if response.status() == http::StatusCode::UNAUTHORIZED
                    && self.inner.auth.can_reauthenticate() =>
            {
                tracing::debug!("401: renewing the token and retrying once");
                self.inner.auth.reject(&credentials).await;
                let credentials = self.inner.auth.credentials().await?;
                self.send_once(req, &credentials, progress).await
            }
            outcome => Ok(outcome),
        }
    }

    async fn send_once<C: ErrorCode>(
        &self,
        req: &Request,
        credentials: &Credentials,
        progress: &Progress,
    ) -> Result<Outcome, Error<C>> {
        let endpoint = match req.base_url_override() {
            Some(base) => {
                Endpoint::parse(base, self.inner.project_id.as_deref()).map_err(|reason| {
                    ConfigError::InvalidEndpoint {
                        service: req.service().name.to_owned(),
                        url: redact_url(base),
                        reason,
                    }
                })?
            }
            None => self.resolve(req.service(), credentials)?,
        };
        let mut url = endpoint.join(&req.path_and_query());
        let mut headers = req.headers().clone();
        if !headers.contains_key(ACCEPT) {
            // A constant of visible ASCII: `from_static` cannot panic.
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        if !headers.contains_key(USER_AGENT) {
            headers.insert(USER_AGENT, self.inner.user_agent.clone());
        }
        let body = req.body_bytes().cloned().unwrap_or_default();
        credentials
            .authorize(
                req.method(),
                &mut url,
                &mut headers,
                &body,
                self.inner.clock.now(),
            )
            .map_err(|e| Error::Auth(AuthError::Signing(e)))?;
        progress.set_url(&url);
        tracing::trace!(url = %redact_url(&url), "sending");
        let mut http_req = http::Request::builder()
            .method(req.method().clone())
            .uri(url.as_str())
            .body(body)
            .map_err(|e| RequestError::InvalidUrl {
                operation: req.operation(),
                reason: format!("{} ({e})", redact_url(&url)),
            })?;
        *http_req.headers_mut() = headers;
        let sent = self.inner.transport.send(http_req);
        let result = match self.inner.attempt_timeout {
            Some(limit) => match tokio::time::timeout(limit, sent).await {
                Ok(result) => result,
                Err(_) => Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    req.method().clone(),
                    &url,
                )
                .with_source(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!("no answer within the attempt timeout of {limit:?}"),
                ))),
            },
            None => sent.await,
        };
        match result {
            Ok(response) => {
                let span = tracing::Span::current();
                span.record("status", response.status().as_u16());
                if let Some(id) = crate::error_body::header_request_id(response.headers()) {
                    span.record("request_id", id.as_str());
                }
                Ok(Outcome::Answer(response))
            }
            Err(error) => {
                tracing::debug!(error = %error, "attempt failed");
                Ok(Outcome::Failed(error))
            }
        }
    }
}
