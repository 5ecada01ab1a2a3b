//! [`Client`]: configuration, authentication and sending of requests.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::HeaderValue;
use http::header::{ACCEPT, USER_AGENT};
use tracing::Instrument;

use crate::auth::{Auth, Authenticator, Credentials, TokenManager, token_header};
use crate::clock::{Clock, SystemClock};
use crate::config_error::ConfigError;
use crate::endpoint::{self, Endpoint, Overrides};
use crate::error::{Error, ErrorCode};
use crate::redact::redact_url;
use crate::request::{Request, RequestError};
use crate::response::RawResponse;
use crate::service::ServiceInfo;
use crate::service_error::ServiceError;
use crate::transport::{ReqwestTransport, Transport};

/// Default `User-Agent`.
const DEFAULT_USER_AGENT: &str = concat!("otc-runtime/", env!("CARGO_PKG_VERSION"));

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
    transport: Arc<dyn Transport>,
    user_agent: HeaderValue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("region", &self.inner.region)
            .field("project_id", &self.inner.project_id)
            .field("overrides", &self.inner.overrides)
            .field("auth", &self.inner.auth)
            .field("transport", &self.inner.transport)
            .finish()
    }
}

impl Client {
    /// A builder for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The configured region.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The project id: configured, else the id of the password scope, else the project of
    /// the token (authenticating if needed).
    pub async fn project_id<C: ErrorCode>(&self) -> Result<String, Error<C>> {
        if let Some(id) = self
            .inner
            .project_id
            .as_deref()
            .or_else(|| self.inner.auth.configured_project_id())
        {
            return Ok(id.to_owned());
        }
        let credentials = self.inner.auth.credentials().await?;
        credentials
            .project_id()
            .map(str::to_owned)
            .ok_or(Error::Config(ConfigError::MissingProjectId))
    }

    /// The endpoint a request to `service` would go to (authenticating if the catalog is
    /// needed): override, else token catalog, else template with the region.
    pub async fn endpoint<C: ErrorCode>(&self, service: &ServiceInfo) -> Result<String, Error<C>> {
        let credentials = self.inner.auth.credentials().await?;
        Ok(self.resolve(service, &credentials)?.as_url())
    }

    fn resolve(
        &self,
        service: &ServiceInfo,
        credentials: &Credentials,
    ) -> Result<Endpoint, ConfigError> {
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

    /// Sends one request.
    ///
    /// Resolves the endpoint for `req.service()` (the request's base URL, else override,
    /// else token catalog, else template with the region), adds auth (`X-Auth-Token`), sends
    /// it through the transport and returns the answer when its status is one of the
    /// request's success statuses or any 2xx; otherwise parses the error body into
    /// [`Error::Service`]. After a 401 with a password identity, the token is renewed and
    /// the request sent once more; a second 401 is returned as it is.
    pub async fn execute<C: ErrorCode>(&self, req: Request) -> Result<RawResponse, Error<C>> {
        let span = tracing::debug_span!(
            "otc_request",
            service = req.service().name,
            operation = req.operation(),
            method = %req.method(),
        );
        self.execute_inner(req).instrument(span).await
    }

    async fn execute_inner<C: ErrorCode>(&self, req: Request) -> Result<RawResponse, Error<C>> {
        if let Some(problem) = req.problem() {
            return Err(Error::Request(problem.clone()));
        }
        let started = Instant::now();
        let mut credentials = self.inner.auth.credentials().await?;
        let mut response = self.send_once(&req, &credentials).await?;
        if response.status() == http::StatusCode::UNAUTHORIZED
            && self.inner.auth.can_reauthenticate()
        {
            tracing::debug!("401: renewing the token and retrying once");
            self.inner.auth.reject(&credentials).await;
            credentials = self.inner.auth.credentials().await?;
            response = self.send_once(&req, &credentials).await?;
        }
        let (parts, body) = response.into_parts();
        let status = parts.status.as_u16();
        let elapsed_ms = started.elapsed().as_millis() as u64;
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
            );
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

    async fn send_once<C: ErrorCode>(
        &self,
        req: &Request,
        credentials: &Credentials,
    ) -> Result<http::Response<Bytes>, Error<C>> {
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
        let url = endpoint.join(&req.path_and_query());
        tracing::trace!(url = %url, "sending");
        let mut builder = http::Request::builder()
            .method(req.method().clone())
            .uri(url.as_str());
        if let Some(headers) = builder.headers_mut() {
            headers.extend(req.headers().clone());
            if !headers.contains_key(ACCEPT) {
                // A constant of visible ASCII: `from_static` cannot panic.
                headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
            }
            if !headers.contains_key(USER_AGENT) {
                headers.insert(USER_AGENT, self.inner.user_agent.clone());
            }
            credentials.apply(headers);
        }
        let http_req = builder
            .body(req.body_bytes().cloned().unwrap_or_default())
            .map_err(|e| RequestError::InvalidUrl {
                operation: req.operation(),
                reason: format!("{} ({e})", redact_url(&url)),
            })?;
        Ok(self.inner.transport.send(http_req).await?)
    }
}

/// Builds a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    region: Option<String>,
    project_id: Option<String>,
    endpoints: Vec<(String, String)>,
    auth: Auth,
    transport: Option<Arc<dyn Transport>>,
    clock: Option<Arc<dyn Clock>>,
    renew_before: Option<Duration>,
    connect_timeout: Option<Duration>,
    timeout: Option<Option<Duration>>,
    user_agent: Option<String>,
}

impl ClientBuilder {
    /// How long before `expires_at` a token is renewed, by default.
    pub const DEFAULT_RENEW_BEFORE: Duration = Duration::from_secs(5 * 60);

    /// The region, e.g. `eu-de`: picks catalog entries and fills endpoint templates.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The project id (otherwise taken from the password scope or the token).
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Sends every request of service `service_name` (e.g. `"as"`) to `url`, ahead of the
    /// catalog and the template. See the crate docs for how a path in `url` is treated.
    pub fn endpoint(mut self, service_name: impl Into<String>, url: impl Into<String>) -> Self {
        self.endpoints.push((service_name.into(), url.into()));
        self
    }

    /// How to authenticate (default: [`Auth::None`]).
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// The transport (default: [`ReqwestTransport`]).
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The clock used to judge token freshness (default: [`SystemClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Renew a token when less than this remains before it expires (default 5 minutes).
    pub fn token_renew_before(mut self, margin: Duration) -> Self {
        self.renew_before = Some(margin);
        self
    }

    /// Connect timeout of the default transport (ignored with [`ClientBuilder::transport`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Whole-request timeout of the default transport, `None` for no limit (ignored with
    /// [`ClientBuilder::transport`]).
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default `otc-runtime/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let region = match self.region {
            Some(r) if r.trim().is_empty() => {
                return Err(ConfigError::Invalid("empty region".into()));
            }
            r => r,
        };
        let project_id = match self.project_id {
            Some(p) if p.trim().is_empty() => {
                return Err(ConfigError::Invalid("empty project id".into()));
            }
            p => p,
        };
        let mut overrides = Overrides::default();
        for (service, url) in self.endpoints {
            overrides.insert(service, &url)?;
        }
        let user_agent = match self.user_agent {
            // A constant of visible ASCII (crate name and version): `from_static` cannot panic.
            None => HeaderValue::from_static(DEFAULT_USER_AGENT),
            Some(ua) => HeaderValue::from_str(&ua).map_err(|_| {
                ConfigError::Invalid("User-Agent is not a valid header value".into())
            })?,
        };
        let transport: Arc<dyn Transport> = match self.transport {
            Some(t) => t,
            None => {
                let mut builder = ReqwestTransport::builder();
                if let Some(t) = self.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                if let Some(t) = self.timeout {
                    builder = builder.timeout(t);
                }
                Arc::new(builder.build()?)
            }
        };
        let auth = match self.auth {
            Auth::None => Authenticator::None,
            Auth::Token(token) => Authenticator::Static(token_header(&token).ok_or_else(|| {
                ConfigError::Invalid(
                    "the token contains characters not allowed in an HTTP header".into(),
                )
            })?),
            Auth::Password(password) => Authenticator::Password(Box::new(TokenManager::new(
                password,
                user_agent.clone(),
                Arc::clone(&transport),
                self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
                self.renew_before.unwrap_or(Self::DEFAULT_RENEW_BEFORE),
            )?)),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                region,
                project_id,
                overrides,
                auth,
                transport,
                user_agent,
            }),
        })
    }
}
