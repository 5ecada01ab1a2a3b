//! One signed AK/SK `GET` to IAM, for the lookups the client makes on its own (the project
//! id of a project name, the domain id).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method};

use super::{AkSkSigner, AuthError};
use crate::clock::Clock;
use crate::config_error::ConfigError;
use crate::error_body::header_request_id;
use crate::service_error::ServiceError;
use crate::transport::{Transport, TransportError, TransportErrorKind, TransportRequest};

/// What a lookup needs to reach IAM.
#[derive(Clone)]
pub(crate) struct IamGet {
    pub(crate) user_agent: HeaderValue,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) timeout: Option<Duration>,
}

/// `{iam}/v3/{rest}` from the configured IAM URL (with or without its `/v3`), checked to
/// parse; the error shows the configured URL without credentials.
pub(crate) fn iam_v3_url(iam_url: &str, rest: &str) -> Result<String, ConfigError> {
    let base = iam_url.trim().trim_end_matches('/');
    let base = base.strip_suffix("/v3").unwrap_or(base);
    let url = format!("{base}/v3/{rest}");
    url::Url::parse(&url).map_err(|e| ConfigError::InvalidAuthUrl {
        url: crate::redact::redact_url(iam_url),
        reason: e.to_string(),
    })?;
    Ok(url)
}

impl IamGet {
    /// Signs `GET url` with `signer` and returns the status, the request id and the body of
    /// a 2xx answer; another status is [`AuthError::Rejected`] as IAM's `operation`.
    pub(crate) async fn get(
        &self,
        signer: &AkSkSigner,
        url: &str,
        operation: &'static str,
    ) -> Result<(u16, Option<String>, Bytes), AuthError> {
        let mut headers = HeaderMap::with_capacity(8);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.user_agent.clone());
        let signed = signer
            .sign(&Method::GET, url, &headers, b"", self.clock.now())
            .map_err(AuthError::Signing)?;
        headers.extend(signed.headers);
        let url = signed.url;
        let parsed = url::Url::parse(&url).map_err(|e| {
            AuthError::Transport(
                TransportError::new(TransportErrorKind::Request, Method::GET, &url)
                    .with_source(std::io::Error::other(e.to_string())),
            )
        })?;
        tracing::debug!(url = %url, operation, "signed IAM lookup");
        let sent = self.transport.send(TransportRequest::new(
            Method::GET,
            parsed,
            headers,
            Bytes::new(),
        ));
        let response = match self.timeout {
            Some(limit) => match tokio::time::timeout(limit, sent).await {
                Ok(r) => r,
                Err(_) => Err(
                    TransportError::new(TransportErrorKind::Timeout, Method::GET, &url)
                        .with_source(std::io::Error::new(
                            std::io::ErrorKind::TimedOut,
                            format!("no answer from IAM within {limit:?}"),
                        )),
                ),
            },
            None => sent.await,
        }
        .map_err(AuthError::Transport)?;
        let (parts, body) = response.into_parts();
        let status = parts.status.as_u16();
        if !parts.status.is_success() {
            return Err(AuthError::Rejected(Box::new(ServiceError::from_response(
                "iam",
                operation,
                status,
                parts.headers,
                body,
            ))));
        }
        Ok((status, header_request_id(&parts.headers), body))
    }
}
