//! [`ConfigError`]: the client configuration is unreadable, incomplete or cannot serve a call.

use std::path::PathBuf;

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
        "no project id: set ClientBuilder::project_id (or OS_PROJECT_ID, or project_id in \
         clouds.yaml), or authenticate with a password identity scoped to a project"
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
    /// A configuration file (`clouds.yaml`, `secure.yaml`) cannot be read or is invalid.
    /// Never contains a secret value.
    #[error("{}{}: {reason}", path.display(), position(*line, *column, key.as_deref()))]
    File {
        /// The file.
        path: PathBuf,
        /// The line (from 1) of the offending value, when known.
        line: Option<usize>,
        /// The column (from 1) of the offending value, when known.
        column: Option<usize>,
        /// The key path of the offending value (e.g. `clouds.otc.auth.password`), when known.
        key: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// An environment variable has an unusable value.
    #[error("environment variable {var}: {reason}")]
    Env {
        /// The variable, e.g. `OS_API_TIMEOUT`.
        var: String,
        /// What is wrong (never the value of a secret).
        reason: String,
    },
    /// The cloud asked for is not in the configuration files.
    #[error(
        "cloud \"{name}\" not found: {}",
        unknown_cloud_detail(files, available)
    )]
    UnknownCloud {
        /// The cloud name asked for.
        name: String,
        /// The `clouds.yaml` files read or looked for.
        files: Vec<PathBuf>,
        /// The clouds that are configured.
        available: Vec<String>,
    },
    /// A setting the chosen authentication needs is missing.
    #[error("{what} is missing: {hint}")]
    Missing {
        /// What is missing, e.g. `"the password"`.
        what: String,
        /// Where it can be set.
        hint: String,
    },
}

fn position(line: Option<usize>, column: Option<usize>, key: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(line) = line {
        out.push_str(&format!(", line {line}"));
        if let Some(column) = column {
            out.push_str(&format!(", column {column}"));
        }
    }
    if let Some(key) = key.filter(|k| !k.is_empty() && *k != ".") {
        out.push_str(&format!(", key {key}"));
    }
    out
}

fn unknown_cloud_detail(files: &[PathBuf], available: &[String]) -> String {
    let files = if files.is_empty() {
        "no clouds.yaml found".to_owned()
    } else {
        format!(
            "looked in {}",
            files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    if available.is_empty() {
        format!("{files}; no clouds are configured")
    } else {
        format!("{files}; configured clouds: {}", available.join(", "))
    }
}
