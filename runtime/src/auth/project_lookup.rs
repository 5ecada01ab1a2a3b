//! AK/SK credentials configured with a project *name*: the project id is looked up once,
//! with a signed `GET {iam}/v3/projects?name=…`, and kept for every later request.

use std::sync::Arc;

use serde::Deserialize;
use tokio::sync::OnceCell;

use super::iam_get::{IamGet, iam_v3_url};
use super::{AkSkAuth, AkSkSigner, AuthError};
use crate::config_error::ConfigError;
use crate::request::encode_component;

/// Finds the project id of a project name once, then signs with it.
pub(crate) struct ProjectLookup {
    /// The credentials without a project id: the lookup itself is signed with them.
    unscoped: Arc<AkSkSigner>,
    credentials: AkSkAuth,
    name: String,
    /// `{iam}/v3/projects?name=<name>`.
    url: String,
    iam: IamGet,
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
    pub(crate) fn new(
        credentials: AkSkAuth,
        name: String,
        iam_url: &str,
        iam: IamGet,
    ) -> Result<Self, ConfigError> {
        let url = iam_v3_url(
            iam_url,
            &format!("projects?name={}", encode_component(&name)),
        )?;
        Ok(Self {
            unscoped: AkSkSigner::new(credentials.clone(), None)?,
            credentials,
            name,
            url,
            iam,
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
        let (status, request_id, body) = self
            .iam
            .get(&self.unscoped, &self.url, "list_projects")
            .await?;
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
