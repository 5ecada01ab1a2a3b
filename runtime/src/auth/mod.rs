//! Authentication: what the user configures ([`Auth`]) and how the client turns it into
//! request headers (the internal `Authenticator`, one variant per scheme: none, static
//! token, IAM password tokens, AK/SK signing).

mod aksk;
mod catalog;
mod domain_lookup;
mod error;
mod iam_get;
mod project_lookup;
pub mod signer;
mod token;

use std::sync::Arc;
use std::time::SystemTime;

use http::{HeaderMap, HeaderValue, Method};

use crate::secret::Secret;

pub use aksk::AkSkAuth;
pub(crate) use aksk::AkSkSigner;
pub(crate) use catalog::Catalog;
pub(crate) use domain_lookup::DomainLookup;
pub use error::AuthError;
pub(crate) use iam_get::IamGet;
pub(crate) use project_lookup::ProjectLookup;
pub(crate) use token::{IssuedToken, TokenManager};

/// Header carrying the token on service requests (a `HeaderName` constant: inserting by
/// `&str` would parse the name on every call).
pub(crate) const AUTH_TOKEN_HEADER: http::HeaderName =
    http::HeaderName::from_static("x-auth-token");

/// How the client authenticates.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum Auth {
    /// No authentication headers (for tests and public endpoints).
    #[default]
    None,
    /// A ready token, sent as `X-Auth-Token`. It cannot be renewed and brings no catalog:
    /// configure the project id and the region (or endpoints) too.
    Token(Secret),
    /// IAM password identity: the client obtains, caches and renews tokens itself.
    Password(PasswordAuth),
    /// Access key / secret key: every request is signed (`SDK-HMAC-SHA256`); no token, no
    /// catalog.
    AkSk(AkSkAuth),
}

/// An IAM password identity scoped to a project.
#[derive(Debug, Clone)]
pub struct PasswordAuth {
    /// IAM endpoint including the version, e.g. `https://iam.eu-de.otc.t-systems.com/v3`.
    /// Tokens are requested from `{auth_url}/auth/tokens`; a URL without a path gets `/v3`.
    pub auth_url: String,
    /// The IAM user name.
    pub user_name: String,
    /// The password.
    pub password: Secret,
    /// The domain (tenant) the user belongs to, e.g. `OTC-EU-DE-00000000001000000001`.
    pub user_domain_name: String,
    /// The project the token is scoped to.
    pub scope: ProjectScope,
}

impl PasswordAuth {
    /// A password identity.
    pub fn new(
        auth_url: impl Into<String>,
        user_name: impl Into<String>,
        password: Secret,
        user_domain_name: impl Into<String>,
        scope: ProjectScope,
    ) -> Self {
        Self {
            auth_url: auth_url.into(),
            user_name: user_name.into(),
            password,
            user_domain_name: user_domain_name.into(),
            scope,
        }
    }
}

/// The project a token is scoped to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectScope {
    /// By project id.
    Id(String),
    /// By project name (e.g. `eu-de_myproject`) within a domain.
    Name {
        /// The project name.
        name: String,
        /// The domain the project belongs to.
        domain_name: String,
    },
}

/// The credentials for one attempt.
#[derive(Debug, Clone)]
pub(crate) enum Credentials {
    None,
    Static(HeaderValue),
    Issued(Arc<IssuedToken>),
    AkSk(Arc<AkSkSigner>),
}

impl Credentials {
    pub(crate) fn catalog(&self) -> Option<&Catalog> {
        match self {
            Credentials::Issued(t) => Some(&t.catalog),
            _ => None,
        }
    }

    pub(crate) fn project_id(&self) -> Option<&str> {
        match self {
            Credentials::Issued(t) => t.project_id.as_deref(),
            Credentials::AkSk(s) => s.project_id(),
            _ => None,
        }
    }

    /// Adds the auth headers to a request about to be sent. With AK/SK this signs the
    /// request as of `now` and puts the query of `url` into the signed (canonical) order.
    /// `domain`: the request goes to a global service, so an AK/SK signature names the
    /// domain (`X-Domain-Id`) instead of the project.
    pub(crate) fn authorize(
        &self,
        method: &Method,
        url: &mut String,
        headers: &mut HeaderMap,
        body: &[u8],
        now: SystemTime,
        domain: bool,
    ) -> Result<(), signer::SignError> {
        let value = match self {
            Credentials::None => return Ok(()),
            Credentials::Static(v) => v.clone(),
            Credentials::Issued(t) => t.header.clone(),
            Credentials::AkSk(s) => {
                let signed = if domain {
                    s.sign_for_domain(method, url, headers, body, now)?
                } else {
                    s.sign(method, url, headers, body, now)?
                };
                headers.extend(signed.headers);
                *url = signed.url;
                return Ok(());
            }
        };
        headers.insert(AUTH_TOKEN_HEADER, value);
        Ok(())
    }
}

/// The configured authentication, ready to produce credentials.
#[derive(Debug)]
pub(crate) enum Authenticator {
    None,
    Static(HeaderValue),
    Password(Box<TokenManager>),
    AkSk(Arc<AkSkSigner>),
    /// AK/SK with a project name: the id is looked up on first use.
    AkSkByName(Box<ProjectLookup>),
}

impl Authenticator {
    /// Credentials for the next attempt (may request a token from IAM).
    pub(crate) async fn credentials(&self) -> Result<Credentials, AuthError> {
        match self {
            Authenticator::None => Ok(Credentials::None),
            Authenticator::Static(v) => Ok(Credentials::Static(v.clone())),
            Authenticator::Password(m) => m.token().await.map(Credentials::Issued),
            Authenticator::AkSk(s) => Ok(Credentials::AkSk(Arc::clone(s))),
            Authenticator::AkSkByName(l) => l.signer().await.map(Credentials::AkSk),
        }
    }

    /// Whether a 401 can be answered by authenticating again.
    pub(crate) fn can_reauthenticate(&self) -> bool {
        matches!(self, Authenticator::Password(_))
    }

    /// Forgets `rejected` (a service answered 401 to it) so the next call authenticates again.
    pub(crate) async fn reject(&self, rejected: &Credentials) {
        if let (Authenticator::Password(m), Credentials::Issued(t)) = (self, rejected) {
            m.forget(t).await;
        }
    }

    /// A project id known without asking IAM (the scope's id, the AK/SK project id).
    pub(crate) fn configured_project_id(&self) -> Option<&str> {
        match self {
            Authenticator::Password(m) => m.scope_project_id(),
            Authenticator::AkSk(s) => s.project_id(),
            Authenticator::AkSkByName(l) => l.project_id(),
            _ => None,
        }
    }
}

/// A header value holding a token, marked sensitive so HTTP stacks do not log or index it.
pub(crate) fn token_header(token: &Secret) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(token.expose()).ok()?;
    v.set_sensitive(true);
    Some(v)
}
