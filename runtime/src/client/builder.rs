//! [`ClientBuilder`]: every setting of a [`Client`], with defaults.

use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;

use super::{Client, Inner};
use crate::auth::{
    AkSkSigner, Auth, Authenticator, DomainLookup, IamGet, ProjectLookup, TokenManager,
    token_header,
};
use crate::clock::{Clock, SystemClock};
use crate::config::ConfigLoader;
use crate::config_error::ConfigError;
use crate::endpoint::Overrides;
use crate::retry::RetryPolicy;
use crate::sleep::{Sleeper, TokioSleeper};
use crate::tls::{self, TlsOptions};
use crate::transport::{ReqwestTransport, Transport};

/// Default `User-Agent`.
const DEFAULT_USER_AGENT: &str = concat!("otc-runtime/", env!("CARGO_PKG_VERSION"));

/// Builds a [`Client`].
///
/// Start from [`Client::builder`] (nothing configured), [`ClientBuilder::from_env`] or
/// [`ClientBuilder::from_cloud`] (credentials from `clouds.yaml` and `OS_*` variables);
/// every setter called afterwards overrides what the configuration said.
#[derive(Debug, Default)]
pub struct ClientBuilder {
    region: Option<String>,
    project_id: Option<String>,
    endpoints: Vec<(String, String)>,
    auth: Auth,
    transport: Option<Arc<dyn Transport>>,
    clock: Option<Arc<dyn Clock>>,
    sleeper: Option<Arc<dyn Sleeper>>,
    renew_before: Option<Duration>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Option<Duration>>,
    operation_timeout: Option<Option<Duration>>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    tls: TlsOptions,
}

impl ClientBuilder {
    /// How long before `expires_at` a token is renewed, by default.
    pub const DEFAULT_RENEW_BEFORE: Duration = Duration::from_secs(5 * 60);
    /// Default time to establish a connection (TCP and TLS).
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = ReqwestTransport::DEFAULT_CONNECT_TIMEOUT;
    /// Default time for one attempt: send the request and read the whole answer.
    pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = ReqwestTransport::DEFAULT_TIMEOUT;
    /// Default time for a whole call: authentication, every attempt and the waits between.
    pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(5 * 60);

    /// A builder configured from the `OS_*` environment variables (and, when `OS_CLOUD`
    /// is set, from that cloud in `clouds.yaml`). See the crate docs, section
    /// "Configuring real credentials", for the variables and the precedence.
    pub fn from_env() -> Result<Self, ConfigError> {
        ConfigLoader::from_process().from_env()
    }

    /// A builder configured from the cloud `name` (else `OS_CLOUD`, else the only cloud)
    /// in `clouds.yaml` (and `secure.yaml`), with the `OS_*` environment variables on top.
    pub fn from_cloud(name: Option<&str>) -> Result<Self, ConfigError> {
        ConfigLoader::from_process().from_cloud(name)
    }

    /// The region, e.g. `eu-de`: picks catalog entries and fills endpoint templates.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The project id (otherwise taken from the password scope, the AK/SK credentials or
    /// the token).
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Sends every request of service `service_name` (e.g. `"as"`) to `url`, ahead of the
    /// catalog and the template. The key may also be the service's catalog type
    /// (`"image"` for IMS), as in `clouds.yaml`'s `image_endpoint_override`; `-` and `_`
    /// are the same. See the crate docs for how a path in `url` is treated.
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

    /// The clock used to judge token freshness, to date AK/SK signatures and to read
    /// `Retry-After` dates (default: [`SystemClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// How the client waits between retries (default: [`TokioSleeper`]).
    pub fn sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Self {
        self.sleeper = Some(sleeper);
        self
    }

    /// Renew a token when less than this remains before it expires (default 5 minutes),
    /// but never earlier than half-way through its lifetime: a token valid for 4 minutes is
    /// renewed after 2, not on every call.
    pub fn token_renew_before(mut self, margin: Duration) -> Self {
        self.renew_before = Some(margin);
        self
    }

    /// Time to establish a connection, default 10 s (applies to the default transport;
    /// ignored with [`ClientBuilder::transport`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Time for one attempt (one HTTP exchange: send, read the whole answer), default
    /// 60 s; `None` for no limit. An attempt that times out counts as a failed attempt
    /// and is retried like a connection failure.
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The same as [`ClientBuilder::attempt_timeout`] (its earlier name).
    pub fn timeout(self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout(timeout)
    }

    /// Time for a whole call of [`Client::execute`]: authentication, every attempt and the
    /// waits between them, default 5 minutes; `None` for no limit.
    pub fn operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`], 4 attempts).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The `User-Agent` header (default `otc-runtime/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Trusts the CA certificates of a PEM file besides the platform's (clouds.yaml
    /// `cacert`, `OS_CACERT`), for clouds and proxies with a private CA. Applies to the
    /// default transport; read when the client is built.
    pub fn ca_certificate_file(mut self, path: impl AsRef<std::path::Path>) -> Self {
        self.tls.ca.push(tls::file(path));
        self
    }

    /// Presents a client certificate (PEM chain and PEM private key; clouds.yaml `cert` and
    /// `key`, `OS_CERT` and `OS_KEY`). Applies to the default transport; read when the
    /// client is built.
    pub fn client_certificate_files(
        mut self,
        cert: impl AsRef<std::path::Path>,
        key: impl AsRef<std::path::Path>,
    ) -> Self {
        self.tls.client = Some((tls::file(cert), tls::file(key)));
        self
    }

    /// `false` accepts **any** server certificate (clouds.yaml `verify: false`): anyone on
    /// the path can then read and change the traffic, tokens and passwords included. Only
    /// for test clouds with self-signed certificates; prefer
    /// [`ca_certificate_file`](Self::ca_certificate_file). Default `true`; a warning is
    /// logged when it is off.
    pub fn verify_certificates(mut self, verify: bool) -> Self {
        self.tls.verify = verify;
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
        let attempt_timeout = self
            .attempt_timeout
            .unwrap_or(Some(Self::DEFAULT_ATTEMPT_TIMEOUT));
        let operation_timeout = self
            .operation_timeout
            .unwrap_or(Some(Self::DEFAULT_OPERATION_TIMEOUT));
        let (transport, direct): (Arc<dyn Transport>, _) = match self.transport {
            Some(t) => (t, None),
            None => {
                let reqwest = ReqwestTransport::builder()
                    .connect_timeout(
                        self.connect_timeout
                            .unwrap_or(Self::DEFAULT_CONNECT_TIMEOUT),
                    )
                    // The client enforces the attempt timeout itself, for every transport.
                    .timeout(None)
                    .tls(self.tls)
                    .build()?;
                (Arc::new(reqwest.clone()), Some(reqwest))
            }
        };
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let sleeper = self.sleeper.unwrap_or_else(|| Arc::new(TokioSleeper));
        let iam = IamGet {
            user_agent: user_agent.clone(),
            transport: Arc::clone(&transport),
            clock: Arc::clone(&clock),
            timeout: attempt_timeout,
        };
        // AK/SK without a domain id: looked up for the first call to a global service.
        let domain_lookup = match &self.auth {
            Auth::AkSk(aksk) if aksk.domain_id.is_none() => {
                let iam_url = aksk
                    .iam_url
                    .clone()
                    .or_else(|| region.as_deref().map(crate::config::default_auth_url));
                match iam_url {
                    Some(url) => Some(Box::new(DomainLookup::new(
                        aksk.clone(),
                        &url,
                        iam.clone(),
                    )?)),
                    None => None,
                }
            }
            _ => None,
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
                Arc::clone(&clock),
                self.renew_before.unwrap_or(Self::DEFAULT_RENEW_BEFORE),
                attempt_timeout,
                (self.retry.clone().unwrap_or_default(), Arc::clone(&sleeper)),
            )?)),
            Auth::AkSk(aksk) if aksk.project_id.is_none() && project_id.is_none() => {
                match aksk.project_name.clone() {
                    None => Authenticator::AkSk(AkSkSigner::new(aksk, None)?),
                    Some(name) => {
                        let iam_url = match (&aksk.iam_url, &region) {
                            (Some(url), _) => url.clone(),
                            (None, Some(region)) => crate::config::default_auth_url(region),
                            (None, None) => {
                                return Err(ConfigError::Missing {
                                    what: "IAM's address to look the AK/SK project up".into(),
                                    hint: "set a region, or OS_AUTH_URL / auth.auth_url, or \
                                           the project id (OS_PROJECT_ID)"
                                        .into(),
                                });
                            }
                        };
                        Authenticator::AkSkByName(Box::new(ProjectLookup::new(
                            aksk, name, &iam_url, iam,
                        )?))
                    }
                }
            }
            Auth::AkSk(aksk) => Authenticator::AkSk(AkSkSigner::new(aksk, project_id.as_deref())?),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                region,
                project_id,
                overrides,
                auth,
                domain_lookup,
                transport,
                direct,
                user_agent,
                clock,
                sleeper,
                retry: self.retry.unwrap_or_default(),
                attempt_timeout,
                operation_timeout,
            }),
        })
    }
}
