//! AK/SK credentials without a domain id, calling a global service (IAM, `auth: domain`):
//! the domain id is looked up once with a signed `GET {iam}/v3/auth/domains` and kept.

use std::sync::Arc;

use serde::Deserialize;
use tokio::sync::OnceCell;

use super::iam_get::{IamGet, iam_v3_url};
use super::{AkSkAuth, AkSkSigner, AuthError};
use crate::config_error::ConfigError;

/// Finds the domain id of AK/SK credentials once, then signs domain-scoped requests with it.
pub(crate) struct DomainLookup {
    /// The credentials without a project: the lookup is signed with them.
    unscoped: Arc<AkSkSigner>,
    credentials: AkSkAuth,
    /// `{iam}/v3/auth/domains`.
    url: String,
    iam: IamGet,
    /// The signer with the domain id, once found; a failed lookup is tried again by the
    /// next call.
    resolved: OnceCell<Arc<AkSkSigner>>,
}

impl std::fmt::Debug for DomainLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DomainLookup")
            .field("url", &self.url)
            .field(
                "domain_id",
                &self
                    .resolved
                    .get()
                    .and_then(|s| s.domain_id().map(str::to_owned)),
            )
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct Domains {
    #[serde(default)]
    domains: Vec<DomainEntry>,
}

#[derive(Deserialize)]
struct DomainEntry {
    id: String,
}

impl DomainLookup {
    pub(crate) fn new(
        mut credentials: AkSkAuth,
        iam_url: &str,
        iam: IamGet,
    ) -> Result<Self, ConfigError> {
        credentials.project_id = None;
        let url = iam_v3_url(iam_url, "auth/domains")?;
        Ok(Self {
            unscoped: AkSkSigner::new(credentials.clone(), None)?,
            credentials,
            url,
            iam,
            resolved: OnceCell::new(),
        })
    }

    /// The signer with the domain id (looked up on the first call).
    pub(crate) async fn signer(&self) -> Result<Arc<AkSkSigner>, AuthError> {
        self.resolved
            .get_or_try_init(|| async {
                let (status, request_id, body) = self
                    .iam
                    .get(&self.unscoped, &self.url, "list_auth_domains")
                    .await?;
                let invalid = |reason: String| AuthError::InvalidResponse {
                    status,
                    request_id: request_id.clone(),
                    reason,
                };
                let listed: Domains = serde_json::from_slice(&body)
                    .map_err(|e| invalid(format!("the domain list does not decode: {e}")))?;
                let id = match listed.domains.as_slice() {
                    [one] => one.id.clone(),
                    [] => return Err(invalid("IAM lists no domain for these credentials".into())),
                    _ => {
                        return Err(invalid(
                            "IAM lists several domains: set the domain id (OS_DOMAIN_ID)".into(),
                        ));
                    }
                };
                tracing::debug!(domain_id = %id, "AK/SK domain id found");
                let mut credentials = self.credentials.clone();
                credentials.domain_id = Some(id);
                AkSkSigner::new(credentials, None).map_err(|e| AuthError::InvalidResponse {
                    status,
                    request_id: request_id.clone(),
                    reason: format!("the domain id IAM gave is unusable: {e}"),
                })
            })
            .await
            .cloned()
    }
}
