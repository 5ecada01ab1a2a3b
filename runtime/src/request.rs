//! [`Request`]: one call to a service operation, as generated code assembles it.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::endpoint::Endpoint;
use crate::redact::{RedactedHeaders, Redaction};
use crate::service::ServiceInfo;

/// Characters left as they are in a path segment or a query key/value: RFC 3986 unreserved
/// (`A-Z a-z 0-9 - . _ ~`). Everything else, `/ ? # % & = + ;` space and non-ASCII
/// included, is percent-encoded as UTF-8.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment or query component.
pub fn encode_component(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// The request is malformed; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// A header name or value is not valid HTTP (the value is never shown: it may be secret).
    #[error("{operation}: invalid value for header {name}")]
    InvalidHeader {
        /// The operation.
        operation: &'static str,
        /// The header name.
        name: String,
    },
    /// A path parameter is empty, `.` or `..`, which would silently address another resource.
    #[error("{operation}: path parameter {index} is {value:?}, which would change the path")]
    InvalidPathParam {
        /// The operation.
        operation: &'static str,
        /// Position among the operation's path parameters, from 0.
        index: usize,
        /// The offending value (`""`, `"."` or `".."`).
        value: String,
    },
    /// The request body could not be serialised.
    #[error("request body could not be serialised: {0}")]
    Serialize(String),
    /// The URL could not be assembled.
    #[error("{operation}: invalid URL: {reason}")]
    InvalidUrl {
        /// The operation.
        operation: &'static str,
        /// Why.
        reason: String,
    },
}

impl From<serde_json::Error> for RequestError {
    fn from(e: serde_json::Error) -> Self {
        RequestError::Serialize(e.to_string())
    }
}

/// One call to a service operation.
///
/// Generated code creates it with [`Request::new`], appends path pieces, query pairs,
/// headers and a body, and hands it to [`Client::execute`](crate::Client::execute). Setters
/// never panic: an invalid header or path parameter is remembered and reported by
/// `execute` as [`Error::Request`](crate::Error::Request) before anything is sent.
#[derive(Clone)]
pub struct Request {
    method: Method,
    service: &'static ServiceInfo,
    operation: &'static str,
    success: &'static [u16],
    retry_safe: bool,
    /// Whether the operation is declared to use the cloud's credentials.
    cloud_auth: bool,
    /// Those credentials name the domain, not the project (global services).
    domain_scoped: bool,
    base_url: Option<String>,
    path: String,
    path_params: usize,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<Bytes>,
    /// Kept apart from `headers`: most requests have no other header, so they need no map.
    content_type: Option<HeaderValue>,
    problem: Option<RequestError>,
    /// Secret query keys and path segments, masked wherever the URL is shown.
    redaction: Option<Box<Redaction>>,
}

impl Request {
    /// A request for `operation` (the snake_case operation name, used in tracing and errors).
    pub fn new(method: Method, service: &'static ServiceInfo, operation: &'static str) -> Self {
        Self {
            method,
            service,
            operation,
            success: &[],
            retry_safe: false,
            cloud_auth: true,
            domain_scoped: false,
            base_url: None,
            // Room for a typical operation path: no regrowth while it is assembled.
            path: String::with_capacity(96),
            path_params: 0,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            content_type: None,
            problem: None,
            redaction: None,
        }
    }

    /// The documented success statuses. Any 2xx is a success too; this adds e.g. `300`.
    pub fn success(&mut self, statuses: &'static [u16]) {
        self.success = statuses;
    }

    /// Marks a non-idempotent request (POST, PATCH) as safe to retry: the client then
    /// retries it after connection failures, attempt timeouts, 429, 502, 503 and 504 like
    /// an idempotent one (see [`RetryPolicy`](crate::RetryPolicy)).
    pub fn retry_safe(&mut self, yes: bool) {
        self.retry_safe = yes;
    }

    /// A base URL that replaces the service endpoint for this request (MRS Manager runs on
    /// the cluster's own address). Already filled in; used as is.
    ///
    /// The caller names this host, so the client sends it no credentials: no
    /// `X-Auth-Token`, no AK/SK signature, no `X-Project-Id`, `X-Domain-Id` or
    /// `X-Security-Token`, whatever [`Request::without_cloud_auth`] says.
    pub fn base_url(&mut self, url: String) {
        self.base_url = Some(url);
    }

    /// Declares that the operation does not use the cloud's authentication (the spec's
    /// `auth: none`): the client neither logs in for it nor adds credentials.
    pub fn without_cloud_auth(&mut self) {
        self.cloud_auth = false;
    }

    /// Declares the operation part of a global service (the spec's `auth: domain`, e.g.
    /// IAM): an AK/SK signature then carries `X-Domain-Id` (the credentials'
    /// [`domain_id`](crate::AkSkAuth::domain_id)) instead of `X-Project-Id`.
    pub fn domain_scoped(&mut self) {
        self.domain_scoped = true;
    }

    /// Whether the request was declared domain-scoped.
    pub fn is_domain_scoped(&self) -> bool {
        self.domain_scoped
    }

    /// Whether the client adds the cloud's credentials to this request: only when the
    /// operation uses them and the URL's origin is the client's own (catalog, configured
    /// override or the service's template), never for a [`Request::base_url`].
    pub fn sends_credentials(&self) -> bool {
        self.cloud_auth && self.base_url.is_none()
    }

    /// Appends a literal piece of path, as is (e.g. `"/autoscaling-api/v1/"`).
    pub fn path_literal(&mut self, s: &str) {
        self.path.push_str(s);
    }

    /// Appends a path parameter, percent-encoded as exactly one segment: `/`, space, `?`,
    /// `#`, `%` and non-ASCII are encoded. An empty value, `.` or `..` would address another
    /// resource and makes `execute` fail with [`RequestError::InvalidPathParam`].
    pub fn path_param(&mut self, value: &str) {
        if matches!(value, "" | "." | "..") && self.problem.is_none() {
            self.problem = Some(RequestError::InvalidPathParam {
                operation: self.operation,
                index: self.path_params,
                value: value.to_owned(),
            });
        }
        self.path_params += 1;
        self.path.extend(utf8_percent_encode(value, COMPONENT));
    }

    /// Adds a query pair. Calling it again with the same key repeats the key. Key and value
    /// are percent-encoded on the wire (a space becomes `%20`).
    pub fn query(&mut self, key: &str, value: &str) {
        self.query.push((key.to_owned(), value.to_owned()));
    }

    /// A path parameter whose value is secret (spec `secret: true`): as
    /// [`Request::path_param`], and the segment is shown as `***` wherever the URL is shown
    /// (errors, `Debug`, tracing).
    pub fn secret_path_param(&mut self, value: &str) {
        self.path_param(value);
        self.redaction_mut()
            .path_segment(utf8_percent_encode(value, COMPONENT).to_string());
    }

    /// A query pair whose value is secret (spec `secret: true`; e.g. the MRS Manager
    /// password parameters): as [`Request::query`], and every value of `key` is shown as
    /// `***` wherever the URL is shown (errors, `Debug`, tracing at every level).
    pub fn secret_query(&mut self, key: &str, value: &str) {
        self.query(key, value);
        self.redaction_mut().query_key(key);
    }

    /// A header whose value is secret: as [`Request::header`], with the value marked
    /// sensitive, so `Debug` output shows `***` and HTTP/2 does not index it.
    pub fn secret_header(&mut self, name: &'static str, value: &str) {
        self.header(name, value);
        if let Ok(name) = HeaderName::from_bytes(name.as_bytes())
            && let Some(v) = self.headers.get_mut(name)
        {
            v.set_sensitive(true);
        }
    }

    fn redaction_mut(&mut self) -> &mut Redaction {
        self.redaction.get_or_insert_with(Box::default)
    }

    /// The URL as it may be shown: user information, secret path segments and secret query
    /// values replaced by `***`.
    pub(crate) fn shown_url(&self, url: &str) -> String {
        match &self.redaction {
            Some(r) => r.url(url),
            None => crate::redact::redact_url(url),
        }
    }

    /// The secret parts of this request's URL, if any.
    pub(crate) fn redaction(&self) -> Option<&Redaction> {
        self.redaction.as_deref()
    }

    /// Sets a header, replacing an earlier value of the same name. An invalid value (e.g.
    /// with a line break) makes `execute` fail with [`RequestError::InvalidHeader`].
    pub fn header(&mut self, name: &'static str, value: &str) {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.set_problem(RequestError::InvalidHeader {
                operation: self.operation,
                name: name.to_owned(),
            }),
        }
    }

    /// Serialises `body` as JSON and sets `Content-Type` to `content_type`
    /// (`application/json`, `application/openstack-images-v2.1-json-patch`, ...).
    pub fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        content_type: &'static str,
    ) -> Result<(), serde_json::Error> {
        // Most request bodies are small; starting at 256 bytes saves the first few regrowths.
        let mut bytes = Vec::with_capacity(256);
        serde_json::to_writer(&mut bytes, body)?;
        self.body(bytes, content_type);
        Ok(())
    }

    /// Sets a raw body (e.g. `application/octet-stream`) and its `Content-Type`.
    pub fn body(&mut self, body: impl Into<Bytes>, content_type: &'static str) {
        self.body = Some(body.into());
        // Checked here so that `from_static` (no copy of the value) cannot panic.
        if content_type
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        {
            self.content_type = Some(HeaderValue::from_static(content_type));
        } else {
            self.set_problem(RequestError::InvalidHeader {
                operation: self.operation,
                name: CONTENT_TYPE.as_str().to_owned(),
            });
        }
    }

    pub(crate) fn set_problem(&mut self, problem: RequestError) {
        if self.problem.is_none() {
            self.problem = Some(problem);
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The service this request goes to.
    pub fn service(&self) -> &'static ServiceInfo {
        self.service
    }

    /// The operation name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The documented success statuses.
    pub fn success_statuses(&self) -> &'static [u16] {
        self.success
    }

    /// Whether `status` counts as success: any 2xx, or one of the documented statuses.
    pub fn is_success(&self, status: u16) -> bool {
        (200..300).contains(&status) || self.success.contains(&status)
    }

    /// Whether the request was marked safe to retry.
    pub fn is_retry_safe(&self) -> bool {
        self.retry_safe
    }

    /// The per-request base URL, if any.
    pub fn base_url_override(&self) -> Option<&str> {
        self.base_url.as_deref()
    }

    /// The path as it goes on the wire (already encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query pairs, not encoded, in the order added.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The encoded query string without `?` (empty when there is no query).
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        self.write_query(&mut out, '\0');
        out
    }

    /// Appends the encoded query, `first` before the first pair (unless it is `'\0'`) and
    /// `&` between pairs.
    fn write_query(&self, out: &mut String, first: char) {
        for (i, (key, value)) in self.query.iter().enumerate() {
            match i {
                0 if first == '\0' => {}
                0 => out.push(first),
                _ => out.push('&'),
            }
            out.extend(utf8_percent_encode(key, COMPONENT));
            out.push('=');
            out.extend(utf8_percent_encode(value, COMPONENT));
        }
    }

    /// The headers set with [`Request::header`] (the body's `Content-Type` is
    /// [`Request::content_type`]).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body's `Content-Type`, if a body was set.
    pub fn content_type(&self) -> Option<&HeaderValue> {
        self.content_type.as_ref()
    }

    /// The body, if any.
    pub fn body_bytes(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// The first problem found while building the request, if any.
    pub fn problem(&self) -> Option<&RequestError> {
        self.problem.as_ref()
    }

    /// The full URL of this request at `endpoint`, built in one buffer.
    pub(crate) fn url(&self, endpoint: &Endpoint) -> String {
        let path: Cow<'_, str> = if self.path.starts_with('/') {
            Cow::Borrowed(&self.path)
        } else {
            Cow::Owned(format!("/{}", self.path))
        };
        // Unencoded lengths plus `?`, `=` and `&`: exact when nothing needs encoding.
        let query_len: usize = self.query.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
        endpoint.url(&path, query_len, |out| self.write_query(out, '?'))
    }

    /// Path plus encoded query, as appended to an endpoint.
    #[cfg(test)]
    pub(crate) fn path_and_query(&self) -> String {
        let ep = Endpoint::parse("http://h", None).expect("a valid endpoint");
        self.url(&ep)["http://h".len()..].to_owned()
    }
}

impl Request {
    fn shown_path(&self) -> Cow<'_, str> {
        match &self.redaction {
            Some(r) if !r.is_empty() => {
                let shown = r.url(&format!("http://h{}", self.path));
                Cow::Owned(shown["http://h".len()..].to_owned())
            }
            _ => Cow::Borrowed(&self.path),
        }
    }

    fn shown_query(&self) -> Vec<(&str, &str)> {
        let secret = |key: &str| self.redaction.as_ref().is_some_and(|r| r.hides_key(key));
        self.query
            .iter()
            .map(|(k, v)| (k.as_str(), if secret(k) { "***" } else { v.as_str() }))
            .collect()
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("service", &self.service.name)
            .field("operation", &self.operation)
            .field("path", &self.shown_path())
            .field("query", &self.shown_query())
            .field("headers", &RedactedHeaders(&self.headers))
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("problem", &self.problem)
            .finish()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A service for request tests (also used by `request_op`'s).
    pub(crate) static SVC: ServiceInfo = ServiceInfo {
        name: "as",
        title: "Auto Scaling",
        catalog_type: "as",
        endpoint_template: "https://as.{region}.otc.t-systems.com",
    };

    fn req() -> Request {
        Request::new(Method::GET, &SVC, "show_scaling_group")
    }

    #[test]
    fn path_params_are_one_encoded_segment() {
        let mut r = req();
        r.path_literal("/autoscaling-api/v1/");
        r.path_param("p/1");
        r.path_literal("/scaling_group/");
        r.path_param("a b/ä%?#&=+;~._-");
        assert_eq!(
            r.path(),
            "/autoscaling-api/v1/p%2F1/scaling_group/a%20b%2F%C3%A4%25%3F%23%26%3D%2B%3B~._-"
        );
        assert!(r.problem().is_none());
    }

    #[test]
    fn dot_segments_and_empty_params_are_refused() {
        for bad in ["", ".", ".."] {
            let mut r = req();
            r.path_literal("/v1/");
            r.path_param("ok");
            r.path_literal("/x/");
            r.path_param(bad);
            match r.problem() {
                Some(RequestError::InvalidPathParam { index, value, .. }) => {
                    assert_eq!(*index, 1);
                    assert_eq!(value, bad);
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        let mut r = req();
        r.path_param("..."); // three dots is an ordinary name
        assert!(r.problem().is_none());
    }

    #[test]
    fn query_repeats_keys_and_encodes_both_sides() {
        let mut r = req();
        r.path_literal("/v1/x");
        r.query("tag", "a b");
        r.query("tag", "ä&=");
        r.query("dry run", "true");
        assert_eq!(
            r.path_and_query(),
            "/v1/x?tag=a%20b&tag=%C3%A4%26%3D&dry%20run=true"
        );
    }

    #[test]
    fn secret_parameters_are_sent_but_not_shown() {
        let mut r = req();
        r.path_literal("/v1/");
        r.secret_path_param("path-secret");
        r.query("user", "bob");
        r.secret_query("new_password", "query-secret");
        r.secret_header("X-Password", "header-secret");
        assert_eq!(
            r.path_and_query(),
            "/v1/path-secret?user=bob&new_password=query-secret"
        );
        assert_eq!(r.headers()["x-password"], "header-secret");
        let shown = format!("{r:?}");
        assert!(!shown.contains("-secret"), "{shown}");
        assert!(
            shown.contains("bob") && shown.contains("new_password"),
            "{shown}"
        );
        assert_eq!(
            r.shown_url("https://h/v1/path-secret?new_password=query-secret&user=bob"),
            "https://h/v1/***?new_password=***&user=bob"
        );
    }

    #[test]
    fn invalid_header_is_deferred_without_its_value() {
        let mut r = req();
        r.header("X-Language", "en-us");
        assert_eq!(r.headers()["x-language"], "en-us");
        r.header("X-Bad", "line\nbreak-secret");
        let problem = r.problem().cloned().unwrap();
        let shown = format!("{problem} {problem:?}");
        assert!(shown.contains("X-Bad"), "{shown}");
        assert!(!shown.contains("break-secret"), "{shown}");
        let mut r = req();
        r.header("Bad Name", "v");
        assert!(matches!(
            r.problem(),
            Some(RequestError::InvalidHeader { .. })
        ));
    }

    #[test]
    fn invalid_content_type_is_a_problem_not_a_panic() {
        for bad in ["application/json\n", "t\u{7f}", "ü/x"] {
            let mut r = req();
            r.body(Bytes::from_static(b"x"), bad);
            assert!(
                matches!(r.problem(), Some(RequestError::InvalidHeader { name, .. }) if name == "content-type"),
                "{bad:?}: {:?}",
                r.problem()
            );
        }
        let mut r = req();
        r.body(Bytes::from_static(b"x"), "text/plain;\tcharset=utf-8");
        assert!(r.problem().is_none());
    }

    #[test]
    fn json_body_sets_content_type() {
        let mut r = req();
        r.json(
            &serde_json::json!([{"op": "add"}]),
            "application/openstack-images-v2.1-json-patch",
        )
        .unwrap();
        assert_eq!(r.body_bytes().unwrap().as_ref(), br#"[{"op":"add"}]"#);
        assert_eq!(
            r.content_type().unwrap(),
            "application/openstack-images-v2.1-json-patch"
        );
    }

    #[test]
    fn success_statuses_add_to_2xx() {
        let mut r = req();
        assert!(r.is_success(204));
        assert!(!r.is_success(300));
        r.success(&[200, 300]);
        assert!(r.is_success(300));
        assert!(r.is_success(202));
        assert!(!r.is_success(404));
    }
}
