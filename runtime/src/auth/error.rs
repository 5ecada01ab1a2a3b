//! [`AuthError`]: no token could be obtained.

use super::signer::SignError;
use crate::service_error::ServiceError;
use crate::transport::TransportError;

/// No token could be obtained from IAM. Never contains the password or a token.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// IAM answered the token request with an error (wrong password, unknown project, ...).
    #[error("IAM refused the token request: {0}")]
    Rejected(Box<ServiceError<String>>),
    /// IAM could not be reached.
    #[error("IAM could not be reached: {0}")]
    Transport(TransportError),
    /// IAM answered with success but the answer is unusable.
    #[error("IAM token answer unusable (HTTP {status}): {reason}{}", request_id_suffix(.request_id))]
    InvalidResponse {
        /// The HTTP status of the answer.
        status: u16,
        /// Its request id.
        request_id: Option<String>,
        /// What is wrong (no `X-Subject-Token`, undecodable body, bad `expires_at`).
        reason: String,
    },
    /// A request could not be signed with AK/SK (nothing was sent).
    #[error(transparent)]
    Signing(SignError),
}

fn request_id_suffix(id: &Option<String>) -> String {
    id.as_ref()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

impl AuthError {
    /// The request id of IAM's answer, if there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            AuthError::Rejected(e) => e.request_id(),
            AuthError::InvalidResponse { request_id, .. } => request_id.as_deref(),
            AuthError::Transport(_) | AuthError::Signing(_) => None,
        }
    }

    /// The HTTP status of IAM's answer, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            AuthError::Rejected(e) => Some(e.status()),
            AuthError::InvalidResponse { status, .. } => Some(*status),
            AuthError::Transport(_) | AuthError::Signing(_) => None,
        }
    }

    /// IAM's error, when it refused the request.
    pub fn iam_error(&self) -> Option<&ServiceError<String>> {
        match self {
            AuthError::Rejected(e) => Some(e),
            _ => None,
        }
    }
}
