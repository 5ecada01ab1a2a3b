//! The `OS_*` environment variables: their names, and the settings they give.

use std::collections::HashMap;
use std::time::Duration;

use super::settings::Settings;
use super::yaml_values::{check_url, parse_seconds};
use crate::config_error::ConfigError;
use crate::secret::Secret;

/// Names the cloud of `clouds.yaml` to use.
pub const OS_CLOUD: &str = "OS_CLOUD";
/// A `clouds.yaml` to read instead of searching for one.
pub const OS_CLIENT_CONFIG_FILE: &str = "OS_CLIENT_CONFIG_FILE";
/// A `secure.yaml` to read instead of searching for one.
pub const OS_CLIENT_SECURE_FILE: &str = "OS_CLIENT_SECURE_FILE";
/// `password`, `token` or `aksk`; chosen from the credentials present when unset.
pub const OS_AUTH_TYPE: &str = "OS_AUTH_TYPE";
/// IAM's URL, e.g. `https://iam.eu-de.otc.t-systems.com/v3`.
pub const OS_AUTH_URL: &str = "OS_AUTH_URL";
/// The IAM user name.
pub const OS_USERNAME: &str = "OS_USERNAME";
/// The IAM user's password.
pub const OS_PASSWORD: &str = "OS_PASSWORD";
/// The user's domain, e.g. `OTC-EU-DE-00000000001000000001`.
pub const OS_USER_DOMAIN_NAME: &str = "OS_USER_DOMAIN_NAME";
/// Fallback for the user's and the project's domain.
pub const OS_DOMAIN_NAME: &str = "OS_DOMAIN_NAME";
/// The project name, e.g. `eu-de` or `eu-de_myproject`.
pub const OS_PROJECT_NAME: &str = "OS_PROJECT_NAME";
/// The project id (scope of a password token, `X-Project-Id` with AK/SK).
pub const OS_PROJECT_ID: &str = "OS_PROJECT_ID";
/// The project's domain when it is not the user's.
pub const OS_PROJECT_DOMAIN_NAME: &str = "OS_PROJECT_DOMAIN_NAME";
/// The region, e.g. `eu-de`.
pub const OS_REGION_NAME: &str = "OS_REGION_NAME";
/// A ready token (sent as `X-Auth-Token`, never renewed).
pub const OS_TOKEN: &str = "OS_TOKEN";
/// The AK of AK/SK credentials (the name the OTC Terraform provider uses too).
pub const OS_ACCESS_KEY: &str = "OS_ACCESS_KEY";
/// The SK of AK/SK credentials.
pub const OS_SECRET_KEY: &str = "OS_SECRET_KEY";
/// The security token of temporary AK/SK credentials.
pub const OS_SECURITY_TOKEN: &str = "OS_SECURITY_TOKEN";
/// Seconds for one attempt (openstacksdk's name).
pub const OS_API_TIMEOUT: &str = "OS_API_TIMEOUT";
/// Seconds to establish a connection.
pub const OS_CONNECT_TIMEOUT: &str = "OS_CONNECT_TIMEOUT";
/// Seconds for a whole call, retries included.
pub const OS_OPERATION_TIMEOUT: &str = "OS_OPERATION_TIMEOUT";

/// The domain id (AK/SK: `X-Domain-Id` for global services).
pub const OS_DOMAIN_ID: &str = "OS_DOMAIN_ID";
/// A PEM file of CA certificates trusted besides the platform's.
pub const OS_CACERT: &str = "OS_CACERT";
/// A PEM client certificate file.
pub const OS_CERT: &str = "OS_CERT";
/// The PEM private key of the client certificate.
pub const OS_KEY: &str = "OS_KEY";
/// `OS_<SERVICE>_ENDPOINT_OVERRIDE`: prefix and suffix.
const OVERRIDE_PREFIX: &str = "OS_";
const OVERRIDE_SUFFIX: &str = "_ENDPOINT_OVERRIDE";

/// Reads the settings the `OS_*` variables give. Empty variables count as unset.
pub(super) fn settings(env: &HashMap<String, String>) -> Result<Settings, ConfigError> {
    let text = |name: &str| get(env, name).map(str::to_owned);
    // Secrets are taken as they are: a password may start or end with a space.
    let secret = |name: &str| {
        env.get(name)
            .filter(|v| !v.is_empty())
            .map(|v| Secret::new(v.as_str()))
    };
    let seconds = |name: &str| -> Result<Option<Duration>, ConfigError> {
        get(env, name)
            .map(|v| {
                parse_seconds(v).map_err(|reason| ConfigError::Env {
                    var: name.to_owned(),
                    reason,
                })
            })
            .transpose()
    };
    let auth_url = text(OS_AUTH_URL);
    if let Some(url) = &auth_url {
        check_url(url).map_err(|reason| ConfigError::Env {
            var: OS_AUTH_URL.to_owned(),
            reason,
        })?;
    }
    let mut endpoints = std::collections::BTreeMap::new();
    for (name, value) in env {
        let Some(service) = name
            .strip_prefix(OVERRIDE_PREFIX)
            .and_then(|n| n.strip_suffix(OVERRIDE_SUFFIX))
        else {
            continue;
        };
        if service.is_empty() || value.trim().is_empty() {
            continue;
        }
        check_url(value).map_err(|reason| ConfigError::Env {
            var: name.clone(),
            reason,
        })?;
        endpoints.insert(service.to_ascii_lowercase(), value.trim().to_owned());
    }
    Ok(Settings {
        auth_type: text(OS_AUTH_TYPE),
        auth_url,
        username: text(OS_USERNAME),
        password: secret(OS_PASSWORD),
        user_domain_name: text(OS_USER_DOMAIN_NAME),
        domain_name: text(OS_DOMAIN_NAME),
        project_name: text(OS_PROJECT_NAME),
        project_id: text(OS_PROJECT_ID),
        project_domain_name: text(OS_PROJECT_DOMAIN_NAME),
        domain_id: text(OS_DOMAIN_ID),
        token: secret(OS_TOKEN),
        access_key: text(OS_ACCESS_KEY),
        secret_key: secret(OS_SECRET_KEY),
        security_token: secret(OS_SECURITY_TOKEN),
        region: text(OS_REGION_NAME),
        endpoints,
        connect_timeout: seconds(OS_CONNECT_TIMEOUT)?,
        attempt_timeout: seconds(OS_API_TIMEOUT)?,
        operation_timeout: seconds(OS_OPERATION_TIMEOUT)?,
        cacert: text(OS_CACERT),
        cert: text(OS_CERT),
        key: text(OS_KEY),
        verify: None,
        regions: Vec::new(),
    })
}

/// A variable's value, trimmed; `None` when unset or blank.
pub(super) fn get<'a>(env: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}
