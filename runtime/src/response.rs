//! [`RawResponse`] (an answer that counted as success) and [`Response`] (its decoded form),
//! plus the helpers generated typed headers use.

use std::fmt;
use std::str::FromStr;

use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;

use crate::decode_error::{DecodeError, DecodeLocation};
use crate::error::{Error, ServiceErrorCode};
use crate::redact::{RedactedHeaders, body_excerpt};
use crate::secret::Secret;

/// A success answer, body not decoded yet.
pub struct RawResponse {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    request_id: Option<String>,
    service: &'static str,
    operation: &'static str,
}

impl RawResponse {
    /// Assembles a raw answer (the client does this; public for tests of generated code).
    pub fn new(
        service: &'static str,
        operation: &'static str,
        status: u16,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        let request_id = crate::error_body::success_request_id(&headers, &body);
        Self {
            status,
            headers,
            body,
            request_id,
            service,
            operation,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The request id (`X-Request-Id`, `X-Openstack-Request-Id`, `X-Compute-Request-Id`,
    /// else a `request_id` in the body).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Decodes the JSON body as `T`. A failure is [`Error::Decode`] keeping the status,
    /// request id, raw body and the serde path where decoding stopped.
    pub fn json<T: DeserializeOwned, C: ServiceErrorCode>(self) -> Result<Response<T>, Error<C>> {
        // One decode; the path of a failure comes from the position serde_json reports
        // (`json_path`), not from decoding again with path tracking, which would compile every
        // response type's `Deserialize` twice into each service crate.
        let decoded = serde_json::from_slice::<T>(&self.body).map_err(|e| {
            let path = crate::json_path::path_at(&self.body, e.line(), e.column());
            (path, e)
        });
        match decoded {
            Ok(body) => Ok(self.with_body(body)),
            Err((path, e)) => {
                let location = DecodeLocation::Body { path };
                Err(self.decode_error(location, e.to_string()).into())
            }
        }
    }

    /// For answers without a meaningful body (204 etc.): whatever came is ignored.
    pub fn empty(self) -> Response<()> {
        self.with_body(())
    }

    /// The raw body as the response body (e.g. `application/octet-stream` downloads).
    pub fn bytes(self) -> Response<Bytes> {
        let body = self.body.clone();
        self.with_body(body)
    }

    fn with_body<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            request_id: self.request_id,
            body,
            service: self.service,
            operation: self.operation,
        }
    }

    fn decode_error(&self, location: DecodeLocation, message: String) -> DecodeError {
        DecodeError {
            service: self.service,
            operation: self.operation,
            status: self.status,
            request_id: self.request_id.clone(),
            body: self.body.clone(),
            location,
            message,
        }
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &body_excerpt(&self.body, 200))
            .finish()
    }
}

/// A decoded success answer.
pub struct Response<T> {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The request id, if the answer carried one.
    pub request_id: Option<String>,
    /// The decoded body.
    pub body: T,
    service: &'static str,
    operation: &'static str,
}

impl<T> Response<T> {
    /// The decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Transforms the body, keeping status, headers and request id.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            request_id: self.request_id,
            body: f(self.body),
            service: self.service,
            operation: self.operation,
        }
    }

    /// Decodes the typed headers `H` and pairs them with the body:
    /// `raw.json::<Body, C>()?.with_headers::<Headers, C>()?` gives `Response<(Body, Headers)>`.
    /// A header that does not decode is [`Error::Decode`] naming the header.
    pub fn with_headers<H: FromHeaders, C: ServiceErrorCode>(
        self,
    ) -> Result<Response<(T, H)>, Error<C>> {
        match H::from_headers(&self.headers) {
            Ok(h) => Ok(self.map(|body| (body, h))),
            Err(e) => Err(Error::from(DecodeError {
                service: self.service,
                operation: self.operation,
                status: self.status,
                request_id: self.request_id.clone(),
                body: Bytes::new(),
                location: DecodeLocation::Header { name: e.name },
                message: e.reason,
            })),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

/// Typed response headers, implemented by generated header structs (usually with
/// [`header_string`], [`header_required`], [`header_parse`] and [`header_secret`]).
pub trait FromHeaders: Sized {
    /// Reads the typed headers out of `headers`.
    fn from_headers(headers: &HeaderMap) -> Result<Self, HeaderError>;
}

impl FromHeaders for () {
    fn from_headers(_: &HeaderMap) -> Result<Self, HeaderError> {
        Ok(())
    }
}

/// A response header is missing or does not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("header {name}: {reason}")]
pub struct HeaderError {
    /// The header name.
    pub name: String,
    /// What is wrong (never the value, which may be a secret).
    pub reason: String,
}

impl HeaderError {
    /// A required header is absent.
    pub fn missing(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            reason: "missing".to_owned(),
        }
    }

    /// A header is present but its value is unusable.
    pub fn invalid(name: &str, reason: impl Into<String>) -> Self {
        Self {
            name: name.to_owned(),
            reason: reason.into(),
        }
    }
}

/// The first value of header `name` as a string; `None` when absent or not valid UTF-8.
pub fn header_string(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
        .map(str::to_owned)
}

/// The first value of header `name`, which must be present and valid UTF-8.
pub fn header_required(headers: &HeaderMap, name: &str) -> Result<String, HeaderError> {
    match headers.get(name) {
        None => Err(HeaderError::missing(name)),
        Some(v) => std::str::from_utf8(v.as_bytes())
            .map(str::to_owned)
            .map_err(|_| HeaderError::invalid(name, "not valid UTF-8")),
    }
}

/// Header `name` parsed with `FromStr` (numbers, booleans, ...); `Ok(None)` when absent.
pub fn header_parse<T>(headers: &HeaderMap, name: &str) -> Result<Option<T>, HeaderError>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    match headers.get(name) {
        None => Ok(None),
        Some(v) => {
            let s = std::str::from_utf8(v.as_bytes())
                .map_err(|_| HeaderError::invalid(name, "not valid UTF-8"))?;
            s.trim()
                .parse()
                .map(Some)
                .map_err(|e: T::Err| HeaderError::invalid(name, e.to_string()))
        }
    }
}

/// Header `name` as a [`Secret`] (e.g. IAM's `X-Subject-Token`); `None` when absent.
pub fn header_secret(headers: &HeaderMap, name: &str) -> Option<Secret> {
    header_string(headers, name).map(Secret::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, headers: HeaderMap, body: &str) -> RawResponse {
        RawResponse::new(
            "as",
            "list_scaling_groups",
            status,
            headers,
            Bytes::from(body.to_owned()),
        )
    }

    #[derive(Debug, serde::Deserialize)]
    struct Groups {
        scaling_groups: Vec<Group>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Group {
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn json_decodes_and_keeps_metadata() {
        let mut h = HeaderMap::new();
        h.insert("x-request-id", "rid-1".parse().unwrap());
        let r = raw(200, h, r#"{"scaling_groups":[{"name":"a"}]}"#)
            .json::<Groups, String>()
            .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.request_id.as_deref(), Some("rid-1"));
        assert_eq!(r.body.scaling_groups.len(), 1);
    }

    #[test]
    fn decode_failure_keeps_path_status_request_id_and_body() {
        let mut h = HeaderMap::new();
        h.insert("x-openstack-request-id", "rid-2".parse().unwrap());
        let body = r#"{"scaling_groups":[{"name":"a"},{"name":5}]}"#;
        let err = raw(200, h, body).json::<Groups, String>().unwrap_err();
        let Error::Decode(d) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(d.path(), Some("scaling_groups[1].name"));
        assert_eq!(d.status(), 200);
        assert_eq!(d.request_id(), Some("rid-2"));
        assert_eq!(d.body(), body.as_bytes());
        assert_eq!(err.status(), Some(200));
        assert_eq!(err.request_id(), Some("rid-2"));
        let shown = err.to_string();
        assert!(
            shown.starts_with(
                "as.list_scaling_groups: HTTP 200 body does not decode at `scaling_groups[1].name`"
            ),
            "{shown}"
        );
    }

    #[test]
    fn trailing_garbage_and_empty_bodies_are_decode_errors() {
        let err = raw(200, HeaderMap::new(), r#"{"scaling_groups":[]} x"#)
            .json::<Groups, String>()
            .unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
        let err = raw(200, HeaderMap::new(), "")
            .json::<Groups, String>()
            .unwrap_err();
        assert!(err.to_string().contains("empty body"), "{err}");
    }

    #[test]
    fn empty_ignores_the_body() {
        let r = raw(204, HeaderMap::new(), "whatever").empty();
        assert_eq!(r.status, 204);
        let r = r.map(|()| 5);
        assert_eq!(r.into_body(), 5);
    }

    #[derive(Debug)]
    struct TokenHeaders {
        token: Secret,
        count: Option<u32>,
    }

    impl FromHeaders for TokenHeaders {
        fn from_headers(h: &HeaderMap) -> Result<Self, HeaderError> {
            Ok(Self {
                token: header_secret(h, "X-Subject-Token")
                    .ok_or_else(|| HeaderError::missing("X-Subject-Token"))?,
                count: header_parse(h, "X-Count")?,
            })
        }
    }

    #[test]
    fn typed_headers() {
        let mut h = HeaderMap::new();
        h.insert("x-subject-token", "tok-abc".parse().unwrap());
        h.insert("x-count", " 7 ".parse().unwrap());
        let r = raw(201, h, "{}")
            .empty()
            .with_headers::<TokenHeaders, String>()
            .unwrap();
        assert_eq!(r.body.1.token.expose(), "tok-abc");
        assert_eq!(r.body.1.count, Some(7));
        let shown = format!("{r:?}");
        assert!(!shown.contains("tok-abc"), "{shown}");

        let mut h = HeaderMap::new();
        h.insert("x-subject-token", "t".parse().unwrap());
        h.insert("x-count", "many".parse().unwrap());
        let err = raw(201, h, "{}")
            .empty()
            .with_headers::<TokenHeaders, String>()
            .unwrap_err();
        let Error::Decode(d) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            d.location(),
            &DecodeLocation::Header {
                name: "X-Count".into()
            }
        );
        let err = raw(201, HeaderMap::new(), "{}")
            .empty()
            .with_headers::<TokenHeaders, String>()
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("header X-Subject-Token does not decode: missing"),
            "{err}"
        );
    }

    #[test]
    fn header_helpers() {
        let mut h = HeaderMap::new();
        h.insert("a", "x".parse().unwrap());
        h.insert("b", http::HeaderValue::from_bytes(&[0xff]).unwrap());
        assert_eq!(header_string(&h, "A").as_deref(), Some("x"));
        assert_eq!(header_string(&h, "b"), None);
        assert_eq!(header_string(&h, "c"), None);
        assert_eq!(header_required(&h, "a").unwrap(), "x");
        assert_eq!(
            header_required(&h, "c").unwrap_err(),
            HeaderError::missing("c")
        );
        assert!(header_required(&h, "b").is_err());
        assert_eq!(header_parse::<bool>(&h, "c").unwrap(), None);
    }
}
