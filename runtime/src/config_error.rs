//! [`ConfigError`]: the client configuration cannot serve a call.

/// The client configuration is invalid or cannot serve a call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No endpoint could be found for a service.
    #[error("no endpoint for service \"{service}\": {reason}")]
    NoEndpoint {
        /// The service name, e.g. `"as"`.
        service: String,
        /// What was tried.
        reason: String,
    },
    /// An endpoint URL (override, catalog entry, template or per-request base URL) is unusable.
    #[error("invalid endpoint for service \"{service}\" ({url}): {reason}")]
    InvalidEndpoint {
        /// The service name.
        service: String,
        /// The URL, with any user information removed.
        url: String,
        /// Why it is unusable.
        reason: String,
    },
    /// No project id is configured and none can be taken from a token.
    #[error(
        "no project id: set ClientBuilder::project_id, or authenticate with a password \
         identity scoped to a project"
    )]
    MissingProjectId,
    /// The IAM `auth_url` is unusable.
    #[error("invalid IAM auth_url ({url}): {reason}")]
    InvalidAuthUrl {
        /// The URL, with any user information removed.
        url: String,
        /// Why it is unusable.
        reason: String,
    },
    /// Another invalid setting.
    #[error("invalid client configuration: {0}")]
    Invalid(String),
    /// The default HTTP transport could not be built.
    #[error("the HTTP transport could not be built: {0}")]
    Transport(String),
}
