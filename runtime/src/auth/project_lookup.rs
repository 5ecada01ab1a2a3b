//! AK/SK credentials configured with a project *name*: the project id is looked up once,
//! with a signed `GET {iam}/v3/projects?name=…`, and kept for every later request.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method};
use serde::Deserialize;
use tokio::sync::OnceCell;

use super::{AkSkAuth, AkSkSigner, AuthError};
use crate::clock::Clock;
use crate::config_error::ConfigError;
use crate::error_body::header_request_id;
use crate::request::encode_component;
use crate::service_error::ServiceError;
use crate::transport::{Transport, TransportError, TransportErrorKind, TransportRequest};

/// Finds the project id of a project name once, then signs with it.
pub(crate) struct ProjectLookup {
    /// The credentials without a project id: the lookup itself is signed with them.
    unscoped: Arc<AkSkSigner>,
    credentials: AkSkAuth,
    name: String,
    /// `{iam}/v3/projects?name=<name>`.
    url: String,
    user_agent: HeaderValue,
    transport: Arc<dyn Transport>,
    clock: Arc<dyn Clock>,
    timeout: Option<Duration>,
    /// The signer with the project id, once found. Concurrent first callers wait for one
    /// lookup; a failed lookup is tried again by the next call.
    resolved: OnceCell<Arc<AkSkSigner>>,
}

impl std::fmt::Debug for ProjectLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProjectLookup")
            .field("credentials", &self.credentials)
            .field("project_name", &self.name)
            .field("url", &self.url)
            .field(
                "project_id",
                &self.resolved.get().and_then(|s| s.project_id()),
            )
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct Projects {
    #[serde(default)]
    projects: Vec<ProjectEntry>,
}

#[derive(Deserialize)]
struct ProjectEntry {
    id: String,
    #[serde(default)]
    name: Option<String>,
}

impl ProjectLookup {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        credentials: AkSkAuth,
        name: String,
        iam_url: &str,
        user_agent: HeaderValue,
        transport: Arc<dyn Transport>,
        clock: Arc<dyn Clock>,
        timeout: Option<Duration>,
    ) -> Result<Self, ConfigError> {
        let base = iam_url.trim().trim_end_matches('/');
        let base = base.strip_suffix("/v3").unwrap_or(base);
        let url = format!("{base}/v3/projects?name={}", encode_component(&name));
        url::Url::parse(&url).map_err(|e| ConfigError::InvalidAuthUrl {
            url: crate::redact::redact_url(iam_url),
            reason: e.to_string(),
        })?;
        Ok(Self {
            unscoped: AkSkSigner::new(credentials.clone(), None)?,
            credentials,
            name,
            url,
            user_agent,
            transport,
            clock,
            timeout,
            resolved: OnceCell::new(),
        })
    }

    /// The project id, when it was found already.
    pub(crate) fn project_id(&self) -> Option<&str> {
        self.resolved.get().and_then(|s| s.project_id())
    }

    /// The signer with the project id (looked up on the first call).
    pub(crate) async fn signer(&self) -> Result<Arc<AkSkSigner>, AuthError> {
        self.resolved
            .get_or_try_init(|| async {
                let id = self.look_up().await?;
                let mut credentials = self.credentials.clone();
                credentials.project_id = Some(id);
                AkSkSigner::new(credentials, None).map_err(|e| AuthError::InvalidResponse {
                    status: 200,
                    request_id: None,
                    reason: format!("the project id IAM gave is unusable: {e}"),
                })
            })
            .await
            .cloned()
    }

    async fn look_up(&self) -> Result<String, AuthError> {
        let mut url = self.url.clone();
        let mut headers = HeaderMap::with_capacity(8);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.user_agent.clone());
        let signed = self
            .unscoped
            .sign(&Method::GET, &url, &headers, b"", self.clock.now())
            .map_err(AuthError::Signing)?;
        headers.extend(signed.headers);
        url = signed.url;
        let failed = |kind, e: &dyn std::fmt::Display| {
            AuthError::Transport(
                TransportError::new(kind, Method::GET, &url)
                    .with_source(std::io::Error::other(e.to_string())),
            )
        };
        let parsed = url::Url::parse(&url).map_err(|e| failed(TransportErrorKind::Request, &e))?;
        tracing::debug!(url = %url, project_name = %self.name, "looking up the AK/SK project id");
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
                "list_projects",
                status,
                parts.headers,
                body,
            ))));
        }
        let request_id = header_request_id(&parts.headers);
        let invalid = |reason: String| AuthError::InvalidResponse {
            status,
            request_id: request_id.clone(),
            reason,
        };
        let listed: Projects = serde_json::from_slice(&body)
            .map_err(|e| invalid(format!("the project list does not decode: {e}")))?;
        let mut matching = listed
            .projects
            .into_iter()
            .filter(|p| p.name.as_deref().is_none_or(|n| n == self.name));
        match (matching.next(), matching.next()) {
            (Some(project), None) => {
                tracing::debug!(project_id = %project.id, "AK/SK project id found");
                Ok(project.id)
            }
            (None, _) => Err(invalid(format!(
                "IAM knows no project named {:?} for these credentials",
                self.name
            ))),
            (Some(_), Some(_)) => Err(invalid(format!(
                "IAM lists several projects named {:?}",
                self.name
            ))),
        }
    }
}
