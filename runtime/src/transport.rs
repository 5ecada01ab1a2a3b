//! [`Transport`]: the seam between the client and the network, and its default,
//! [`ReqwestTransport`] (reqwest + rustls on the `ring` provider).

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method};
use url::Url;

use crate::config_error::ConfigError;
use crate::redact::{RedactedHeaders, Redaction, redact_url};
use crate::tls::{self, Pem, TlsOptions};

/// Sends one HTTP request and returns the whole answer.
///
/// The client calls it once per attempt, with the URL, auth headers and body already in
/// place. Implement it to run the client without a network in tests, or to put another
/// HTTP stack underneath ([`TransportRequest::into_http`] gives an [`http::Request`]).
#[async_trait::async_trait]
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `req` and returns the answer with its body fully read. Any HTTP status is an
    /// `Ok`; only failing to exchange a request and an answer is an error.
    async fn send(&self, req: TransportRequest) -> Result<http::Response<Bytes>, TransportError>;
}

/// One request as it goes on the wire: method, absolute URL (parsed once, by the client),
/// headers with credentials, and body.
///
/// `Debug` shows credential headers as `***`.
#[derive(Clone)]
pub struct TransportRequest {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
    /// Secret parts of the URL, masked by `Debug`.
    redaction: Option<Redaction>,
}

impl TransportRequest {
    /// A request of `method` to `url`.
    pub fn new(method: Method, url: Url, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            method,
            url,
            headers,
            body,
            redaction: None,
        }
    }

    /// Marks secret parts of the URL, so `Debug` shows them as `***`.
    pub(crate) fn with_redaction(mut self, redaction: Option<&Redaction>) -> Self {
        self.redaction = redaction.cloned();
        self
    }

    /// The URL as it may be shown: user information and secret parameters masked.
    pub fn shown_url(&self) -> String {
        match &self.redaction {
            Some(r) => r.url(self.url.as_str()),
            None => redact_url(self.url.as_str()),
        }
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The absolute URL, query included.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body (empty when the request has none).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Method, URL, headers and body, by value.
    pub fn into_parts(self) -> (Method, Url, HeaderMap, Bytes) {
        (self.method, self.url, self.headers, self.body)
    }

    /// The same request as an [`http::Request`], for transports built on the `http` types.
    ///
    /// # Errors
    ///
    /// When the URL is not a valid `http::Uri` (it was parsed as a URL already, so this
    /// does not happen for URLs the client builds).
    pub fn into_http(self) -> Result<http::Request<Bytes>, http::Error> {
        let mut out = http::Request::builder()
            .method(self.method)
            .uri(self.url.as_str())
            .body(self.body)?;
        *out.headers_mut() = self.headers;
        Ok(out)
    }
}

impl fmt::Debug for TransportRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportRequest")
            .field("method", &self.method)
            .field("url", &self.shown_url())
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (DNS, refused, TLS handshake).
    Connect,
    /// The connect or request timeout elapsed.
    Timeout,
    /// The request could not be built or written.
    Request,
    /// The answer's body could not be read.
    Body,
    /// Anything else.
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Request => "request could not be sent",
            TransportErrorKind::Body => "answer body could not be read",
            TransportErrorKind::Other => "transport error",
        })
    }
}

/// A request and an answer could not be exchanged. Keeps the method, the URL (without
/// user information; credentials never travel in URLs here) and the underlying error.
#[derive(Debug, Clone)]
pub struct TransportError {
    kind: TransportErrorKind,
    method: Method,
    url: String,
    source: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
    attempts: u32,
}

impl TransportError {
    /// A transport error for `method url`.
    pub fn new(kind: TransportErrorKind, method: Method, url: &str) -> Self {
        Self {
            kind,
            method,
            url: redact_url(url),
            source: None,
            attempts: 1,
        }
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The request method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The request URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many attempts the client made before giving up with this error (1 when the
    /// request was not retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Replaces the URL shown (the client masks secret parameters in it).
    pub(crate) fn with_url(mut self, url: String) -> Self {
        self.url = url;
        self
    }

    /// Sets the number of attempts made.
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.method, self.url, self.kind)?;
        // Name the root cause in the message itself: most users print only `Display`.
        let mut cause: Option<&(dyn std::error::Error + 'static)> =
            self.source.as_deref().map(|e| e as _);
        let mut root = None;
        while let Some(e) = cause {
            root = Some(e);
            cause = e.source();
        }
        if let Some(root) = root {
            write!(f, " ({root})")?;
        }
        if self.attempts > 1 {
            write!(f, ", after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// The default transport: reqwest 0.13 over rustls with the `ring` crypto provider and the
/// platform's certificate verifier. Redirects are not followed (a redirect would carry the
/// `X-Auth-Token` header to wherever it points); a 3xx answer reaches the caller as is.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// Default connect timeout.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// Default timeout for a whole request (connect, send, read the answer).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// A transport with the default timeouts.
    pub fn new() -> Result<Self, ConfigError> {
        Self::builder().build()
    }

    /// A builder to set timeouts.
    pub fn builder() -> ReqwestTransportBuilder {
        ReqwestTransportBuilder::default()
    }
}

/// Builds a [`ReqwestTransport`].
#[derive(Debug, Clone)]
pub struct ReqwestTransportBuilder {
    connect_timeout: Duration,
    timeout: Option<Duration>,
    tls: TlsOptions,
}

impl Default for ReqwestTransportBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: ReqwestTransport::DEFAULT_CONNECT_TIMEOUT,
            timeout: Some(ReqwestTransport::DEFAULT_TIMEOUT),
            tls: TlsOptions::default(),
        }
    }
}

impl ReqwestTransportBuilder {
    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Timeout for a whole request (default 60 s); `None` for no limit.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Replaces the TLS settings (the client builder passes its own).
    pub(crate) fn tls(mut self, tls: TlsOptions) -> Self {
        self.tls = tls;
        self
    }

    /// Trusts the CA certificates of a PEM file (clouds.yaml `cacert`, `OS_CACERT`) besides
    /// the platform's. May be called more than once. The file is read by
    /// [`build`](Self::build).
    pub fn ca_certificate_file(mut self, path: impl AsRef<Path>) -> Self {
        self.tls.ca.push(tls::file(path));
        self
    }

    /// Trusts the CA certificates of PEM text besides the platform's.
    pub fn ca_certificate_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.tls.ca.push(Pem::Text(Arc::from(pem.as_ref())));
        self
    }

    /// Presents a client certificate: the PEM certificate chain and the PEM private key
    /// (clouds.yaml `cert` and `key`, `OS_CERT` and `OS_KEY`). Read by
    /// [`build`](Self::build).
    pub fn client_certificate_files(
        mut self,
        cert: impl AsRef<Path>,
        key: impl AsRef<Path>,
    ) -> Self {
        self.tls.client = Some((tls::file(cert), tls::file(key)));
        self
    }

    /// Presents a client certificate given as PEM text (chain, then key).
    pub fn client_certificate_pem(mut self, cert: impl AsRef<[u8]>, key: impl AsRef<[u8]>) -> Self {
        self.tls.client = Some((
            Pem::Text(Arc::from(cert.as_ref())),
            Pem::Text(Arc::from(key.as_ref())),
        ));
        self
    }

    /// `false` accepts **any** server certificate (clouds.yaml `verify: false`): anyone on
    /// the path can then read and change the traffic, tokens and passwords included. For
    /// test clouds with self-signed certificates only; prefer
    /// [`ca_certificate_file`](Self::ca_certificate_file). Default `true`.
    pub fn verify_certificates(mut self, verify: bool) -> Self {
        self.tls.verify = verify;
        self
    }

    /// Builds the transport. Fails when a certificate or key file cannot be read or holds
    /// no usable PEM item.
    ///
    /// Proxies come from the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
    /// `NO_PROXY`, in upper or lower case), as reqwest's system-proxy support reads them.
    pub fn build(self) -> Result<ReqwestTransport, ConfigError> {
        if !self.tls.verify {
            tracing::warn!(
                "TLS certificate verification is OFF: any server certificate is accepted"
            );
        }
        let mut tls = self.tls.client_config()?;
        tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];

        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none());
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        let client = builder
            .build()
            .map_err(|e| ConfigError::Transport(e.to_string()))?;
        Ok(ReqwestTransport { client })
    }
}

#[async_trait::async_trait]
impl Transport for ReqwestTransport {
    async fn send(&self, req: TransportRequest) -> Result<http::Response<Bytes>, TransportError> {
        self.exchange(req).await
    }
}

impl ReqwestTransport {
    /// [`Transport::send`] without the boxed future: the client calls this directly when it
    /// runs on the default transport.
    pub(crate) async fn exchange(
        &self,
        mut req: TransportRequest,
    ) -> Result<http::Response<Bytes>, TransportError> {
        // Kept for errors (secrets masked only on failure); the request itself takes the
        // parsed URL as is (no second parse).
        let redaction = req.redaction.take();
        let (method, url, headers, body) = req.into_parts();
        let shown = url.clone();
        let fail = |kind, e: reqwest::Error| {
            let shown = match &redaction {
                Some(r) => r.url(shown.as_str()),
                None => redact_url(shown.as_str()),
            };
            TransportError::new(kind, method.clone(), &shown).with_source(e.without_url())
        };
        let mut request = reqwest::Request::new(method.clone(), url);
        *request.headers_mut() = headers;
        *request.body_mut() = Some(body.into());
        let mut response = self
            .client
            .execute(request)
            .await
            .map_err(|e| fail(classify(&e), e))?;
        let status = response.status();
        let version = response.version();
        let headers = std::mem::take(response.headers_mut());
        let body = response
            .bytes()
            .await
            .map_err(|e| fail(classify(&e).or_body(), e))?;
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(out)
    }
}

fn classify(e: &reqwest::Error) -> TransportErrorKind {
    if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_body() || e.is_decode() {
        TransportErrorKind::Body
    } else if e.is_request() || e.is_builder() {
        TransportErrorKind::Request
    } else {
        TransportErrorKind::Other
    }
}

impl TransportErrorKind {
    /// While reading a body, anything but a timeout is a body failure.
    fn or_body(self) -> Self {
        match self {
            TransportErrorKind::Timeout => self,
            _ => TransportErrorKind::Body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("connection refused")]
    struct Inner;

    #[test]
    fn display_names_method_url_kind_and_root_cause() {
        let e = TransportError::new(
            TransportErrorKind::Connect,
            Method::GET,
            "https://user:pw@as.eu-de.otc.t-systems.com/autoscaling-api/v1",
        )
        .with_source(Outer(Inner));
        let shown = e.to_string();
        assert_eq!(
            shown,
            "GET https://***@as.eu-de.otc.t-systems.com/autoscaling-api/v1: connection failed (connection refused)"
        );
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn transport_request_debug_hides_credentials_and_converts_to_http() {
        let mut headers = HeaderMap::new();
        headers.insert("x-auth-token", "token-secret".parse().unwrap());
        headers.insert("x-language", "en-us".parse().unwrap());
        let url = Url::parse("https://user:pw-secret@ims.example/v2/images?limit=2").unwrap();
        let req = TransportRequest::new(Method::PATCH, url, headers, Bytes::from_static(b"[]"));
        let shown = format!("{req:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(
            shown.contains("en-us") && shown.contains("body_len: 2"),
            "{shown}"
        );
        let http = req.into_http().unwrap();
        assert_eq!(http.method(), Method::PATCH);
        assert_eq!(
            http.uri().to_string(),
            "https://user:pw-secret@ims.example/v2/images?limit=2"
        );
        assert_eq!(http.headers()["x-auth-token"], "token-secret");
        assert_eq!(http.body().as_ref(), b"[]");
    }

    #[test]
    fn default_transport_builds_with_ring() {
        let t = ReqwestTransport::builder()
            .connect_timeout(Duration::from_secs(1))
            .timeout(None)
            .build();
        assert!(t.is_ok(), "{t:?}");
    }
}
