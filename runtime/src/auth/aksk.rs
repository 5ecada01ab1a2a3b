//! [`AkSkAuth`]: an access key / secret key pair, and the per-client state that signs with it.

use std::sync::Arc;
use std::time::SystemTime;

use http::{HeaderMap, Method};

use super::signer::{self, SignError, Signed};

/// Header naming the domain of a call to a global service under AK/SK.
const DOMAIN_ID_HEADER: http::HeaderName = http::HeaderName::from_static("x-domain-id");
use crate::config_error::ConfigError;
use crate::secret::Secret;

/// AK/SK credentials: every request is signed with `SDK-HMAC-SHA256` (see
/// [`signer`](crate::signer)). No token is requested, so no catalog is available:
/// configure a region (or endpoints) with it, and a project id for project-scoped calls.
///
/// Temporary credentials (from IAM's `securitytokens` API or an agency) add the
/// security token, sent as `X-Security-Token`.
#[derive(Debug, Clone)]
pub struct AkSkAuth {
    /// The access key id (AK). Not a secret: it names the key, like a user name.
    pub access_key: String,
    /// The secret key (SK).
    pub secret_key: Secret,
    /// The security token of temporary credentials.
    pub security_token: Option<Secret>,
    /// The project id sent as `X-Project-Id` (else the client's
    /// [`project_id`](crate::ClientBuilder::project_id) is used).
    pub project_id: Option<String>,
    /// The project's name, when its id is not known (e.g. `eu-de_myproject`): the client
    /// looks the id up once with a signed `GET {iam}/v3/projects?name=…` and keeps it.
    pub project_name: Option<String>,
    /// IAM's address for that lookup, e.g. `https://iam.eu-de.otc.t-systems.com/v3`; by
    /// default derived from the client's region.
    pub iam_url: Option<String>,
    /// The domain (account) id, sent as `X-Domain-Id` to global services (IAM) instead of
    /// `X-Project-Id`.
    pub domain_id: Option<String>,
}

impl AkSkAuth {
    /// Permanent AK/SK credentials without a project id.
    pub fn new(access_key: impl Into<String>, secret_key: Secret) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key,
            security_token: None,
            project_id: None,
            project_name: None,
            iam_url: None,
            domain_id: None,
        }
    }

    /// Adds the security token of temporary credentials.
    pub fn with_security_token(mut self, token: Secret) -> Self {
        self.security_token = Some(token);
        self
    }

    /// Sets the project id sent as `X-Project-Id`.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Names the project when its id is not known: the id is looked up once from IAM.
    pub fn with_project_name(mut self, project_name: impl Into<String>) -> Self {
        self.project_name = Some(project_name.into());
        self
    }

    /// Sets the domain id sent as `X-Domain-Id` to global services.
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = Some(domain_id.into());
        self
    }

    /// IAM's address for the project lookup (default: derived from the region).
    pub fn with_iam_url(mut self, iam_url: impl Into<String>) -> Self {
        self.iam_url = Some(iam_url.into());
        self
    }
}

/// The configured AK/SK credentials of a client, checked once.
#[derive(Debug)]
pub(crate) struct AkSkSigner {
    credentials: AkSkAuth,
    /// The same credentials without the project, for global services.
    domain_credentials: AkSkAuth,
}

impl AkSkSigner {
    /// Checks the credentials; `client_project_id` fills in a missing project id.
    pub(crate) fn new(
        mut credentials: AkSkAuth,
        client_project_id: Option<&str>,
    ) -> Result<Arc<Self>, ConfigError> {
        let visible = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic());
        if !visible(&credentials.access_key) {
            return Err(ConfigError::Invalid(
                "AK/SK: the access key is empty or contains spaces or non-ASCII characters".into(),
            ));
        }
        if credentials.secret_key.is_empty() {
            return Err(ConfigError::Invalid(
                "AK/SK: the secret key is empty".into(),
            ));
        }
        if credentials
            .security_token
            .as_ref()
            .is_some_and(|t| !visible(t.expose()))
        {
            return Err(ConfigError::Invalid(
                "AK/SK: the security token is empty or contains characters not allowed in a header"
                    .into(),
            ));
        }
        if credentials.project_id.is_none() {
            credentials.project_id = client_project_id.map(str::to_owned);
        }
        if credentials
            .project_id
            .as_deref()
            .is_some_and(|p| !visible(p))
        {
            return Err(ConfigError::Invalid(
                "AK/SK: the project id is empty or contains characters not allowed in a header"
                    .into(),
            ));
        }
        if credentials
            .domain_id
            .as_deref()
            .is_some_and(|d| !visible(d))
        {
            return Err(ConfigError::Invalid(
                "AK/SK: the domain id is empty or contains characters not allowed in a header"
                    .into(),
            ));
        }
        let domain_credentials = AkSkAuth {
            project_id: None,
            ..credentials.clone()
        };
        Ok(Arc::new(Self {
            credentials,
            domain_credentials,
        }))
    }

    pub(crate) fn project_id(&self) -> Option<&str> {
        self.credentials.project_id.as_deref()
    }

    pub(crate) fn domain_id(&self) -> Option<&str> {
        self.credentials.domain_id.as_deref()
    }

    pub(crate) fn sign(
        &self,
        method: &Method,
        url: &str,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Signed, SignError> {
        signer::sign(method, url, headers, body, now, &self.credentials)
    }

    /// Signs a request to a global service: `X-Domain-Id` (added to `headers`, so it is
    /// signed) instead of `X-Project-Id`.
    pub(crate) fn sign_for_domain(
        &self,
        method: &Method,
        url: &str,
        headers: &mut HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Signed, SignError> {
        let domain_id =
            self.credentials
                .domain_id
                .as_deref()
                .ok_or(SignError::InvalidCredentials(
                    "a global service (IAM) needs the domain id under AK/SK: set auth.domain_id \
                 in clouds.yaml or OS_DOMAIN_ID",
                ))?;
        let value = http::HeaderValue::from_str(domain_id)
            .map_err(|_| SignError::InvalidCredentials("the domain id cannot go in a header"))?;
        headers.insert(DOMAIN_ID_HEADER, value);
        signer::sign(method, url, headers, body, now, &self.domain_credentials)
    }
}
