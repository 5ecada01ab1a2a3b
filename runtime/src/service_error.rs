//! [`ServiceError`]: a non-success HTTP answer, with everything parsed out of it.

use std::fmt;

use bytes::Bytes;
use http::HeaderMap;

use crate::error::ServiceErrorCode;
use crate::error_body::{Envelope, ParsedError, header_request_id, parse_error_body};
use crate::redact::{RedactedHeaders, body_excerpt};

/// How many characters of an unparsable body `Display` shows.
const EXCERPT_CHARS: usize = 200;

/// A non-success HTTP answer from a service.
///
/// Keeps the status, the parsed code (typed as `C` and raw), message and request id, the
/// headers (e.g. `Retry-After` on a 429) and the raw body.
#[derive(Clone)]
pub struct ServiceError<C: ServiceErrorCode = String> {
    service: &'static str,
    operation: &'static str,
    status: u16,
    code: Option<C>,
    parsed: Option<ParsedError>,
    request_id: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    attempts: u32,
}

impl<C: ServiceErrorCode> ServiceError<C> {
    /// Builds the error from an answer: parses the body (see
    /// [`parse_error_body`](crate::parse_error_body)) and finds the request id (headers
    /// first, then the body).
    pub fn from_response(
        service: &'static str,
        operation: &'static str,
        status: u16,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        let parsed = parse_error_body(&body);
        let request_id = header_request_id(&headers)
            .or_else(|| parsed.as_ref().and_then(|p| p.request_id.clone()));
        let code = parsed
            .as_ref()
            .and_then(|p| p.code.as_deref())
            .map(C::from_code);
        Self {
            service,
            operation,
            status,
            code,
            parsed,
            request_id,
            headers,
            body,
            attempts: 1,
        }
    }

    /// How many attempts the client made; more than 1 when the request was retried (after
    /// 429, 502, 503 or 504) and this is the answer to the last attempt.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Sets the number of attempts made.
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The error code, typed.
    pub fn code(&self) -> Option<&C> {
        self.code.as_ref()
    }

    /// The error code exactly as the service sent it (numbers rendered as text).
    pub fn raw_code(&self) -> Option<&str> {
        self.parsed.as_ref().and_then(|p| p.code.as_deref())
    }

    /// The error message.
    pub fn message(&self) -> Option<&str> {
        self.parsed.as_ref().and_then(|p| p.message.as_deref())
    }

    /// The request id (`X-Request-Id`, `X-Openstack-Request-Id`, `X-Compute-Request-Id`,
    /// else the body's `request_id`).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The operation, e.g. `"list_scaling_groups"`.
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The service name, e.g. `"as"`.
    pub fn service(&self) -> &str {
        self.service
    }

    /// The error-body shape that matched, if any.
    pub fn envelope(&self) -> Option<Envelope> {
        self.parsed.as_ref().map(|p| p.envelope.clone())
    }
}

impl<C: ServiceErrorCode> fmt::Display for ServiceError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}: HTTP {}",
            self.service, self.operation, self.status
        )?;
        match (self.raw_code(), self.message()) {
            (Some(code), Some(message)) => write!(f, " {code}: {message}")?,
            (Some(code), None) => write!(f, " {code}")?,
            (None, Some(message)) => write!(f, ": {message}")?,
            (None, None) if self.body.is_empty() => f.write_str(", empty body")?,
            (None, None) => write!(f, ", body: {}", body_excerpt(&self.body, EXCERPT_CHARS))?,
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if self.attempts > 1 {
            write!(f, ", after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

impl<C: ServiceErrorCode> fmt::Debug for ServiceError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("service", &self.service)
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message())
            .field("request_id", &self.request_id)
            .field("attempts", &self.attempts)
            .field("envelope", &self.envelope())
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &body_excerpt(&self.body, EXCERPT_CHARS))
            .finish()
    }
}

impl<C: ServiceErrorCode> std::error::Error for ServiceError<C> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: u16, headers: HeaderMap, body: &str) -> ServiceError<String> {
        ServiceError::from_response(
            "as",
            "list_scaling_groups",
            status,
            headers,
            Bytes::from(body.to_owned()),
        )
    }

    #[test]
    fn display_says_everything() {
        let mut h = HeaderMap::new();
        h.insert("x-request-id", "3f6a9".parse().unwrap());
        let e = err(
            400,
            h,
            r#"{"error":{"code":"AS.2007","message":"The AS group name is invalid."}}"#,
        );
        assert_eq!(
            e.to_string(),
            "as.list_scaling_groups: HTTP 400 AS.2007: The AS group name is invalid. (request id 3f6a9)"
        );
    }

    #[test]
    fn display_falls_back_to_a_body_excerpt() {
        let e = err(
            502,
            HeaderMap::new(),
            "<html>\n<body>Bad   Gateway</body></html>",
        );
        assert_eq!(
            e.to_string(),
            "as.list_scaling_groups: HTTP 502, body: <html> <body>Bad Gateway</body></html>"
        );
        let e = err(503, HeaderMap::new(), "");
        assert_eq!(
            e.to_string(),
            "as.list_scaling_groups: HTTP 503, empty body"
        );
        let long = "x".repeat(1000);
        let shown = err(500, HeaderMap::new(), &long).to_string();
        assert!(shown.len() < 300, "{shown}");
    }

    #[test]
    fn display_with_only_a_code_or_only_a_message() {
        let e = err(404, HeaderMap::new(), r#"{"error_code":"12000002"}"#);
        assert_eq!(e.to_string(), "as.list_scaling_groups: HTTP 404 12000002");
        let e = err(404, HeaderMap::new(), r#"{"message":"gone"}"#);
        assert_eq!(e.to_string(), "as.list_scaling_groups: HTTP 404: gone");
    }

    #[test]
    fn debug_masks_credential_headers() {
        let mut h = HeaderMap::new();
        h.insert("x-subject-token", "secret-token-value".parse().unwrap());
        let e = err(400, h, "{}");
        let shown = format!("{e:?}");
        assert!(!shown.contains("secret-token-value"), "{shown}");
    }
}
