//! Reading `clouds.yaml` and `secure.yaml`: the file format, and errors that name the file,
//! the line and column, and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::settings::Settings;
use super::yaml_values::{Seconds, SecretText, Text, UrlText, check_url};
use crate::config_error::ConfigError;

/// Suffix of the per-service endpoint override keys (`as_endpoint_override`).
const OVERRIDE_SUFFIX: &str = "_endpoint_override";

/// A `clouds.yaml` (or `secure.yaml`) file.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct CloudsFile {
    pub(super) clouds: BTreeMap<String, CloudEntry>,
}

/// One entry under `clouds:`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct CloudEntry {
    auth: AuthEntry,
    auth_type: Option<Text>,
    region_name: Option<Text>,
    /// Per attempt (openstacksdk's name).
    api_timeout: Option<Seconds>,
    connect_timeout: Option<Seconds>,
    operation_timeout: Option<Seconds>,
    /// PEM files: CA certificates, client certificate, its key.
    cacert: Option<Text>,
    cert: Option<Text>,
    key: Option<Text>,
    /// `false` accepts any server certificate.
    verify: Option<bool>,
    /// The cloud's regions: names, or maps with a `name`.
    regions: Option<Vec<RegionEntry>>,
    /// Everything else: `<service>_endpoint_override` keys are picked out of it, the rest
    /// (`interface`, `identity_api_version`, ...) is ignored.
    #[serde(flatten)]
    other: BTreeMap<String, serde_yaml::Value>,
}

/// An entry of `regions`: a name, or a map with a `name`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RegionEntry {
    Name(String),
    Map { name: String },
}

/// The `auth:` mapping of a cloud.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AuthEntry {
    auth_url: Option<UrlText>,
    #[serde(alias = "user_name")]
    username: Option<Text>,
    password: Option<SecretText>,
    user_domain_name: Option<Text>,
    domain_name: Option<Text>,
    project_name: Option<Text>,
    project_id: Option<Text>,
    project_domain_name: Option<Text>,
    domain_id: Option<Text>,
    token: Option<SecretText>,
    #[serde(alias = "access_key")]
    ak: Option<Text>,
    #[serde(alias = "secret_key")]
    sk: Option<SecretText>,
    security_token: Option<SecretText>,
}

impl CloudsFile {
    /// Reads and parses `path`. An empty file has no clouds.
    pub(super) fn read(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
            path: path.to_owned(),
            line: None,
            column: None,
            key: None,
            reason: format!("cannot be read: {e}"),
        })?;
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        let deserializer = serde_yaml::Deserializer::from_str(&text);
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            // `?` stands for a key serde never got to (a syntax error inside a mapping).
            let key = e.path().to_string();
            let key = key
                .split('.')
                .take_while(|segment| *segment != "?")
                .collect::<Vec<_>>()
                .join(".");
            let inner = e.into_inner();
            let location = inner.location();
            ConfigError::File {
                path: path.to_owned(),
                line: location.as_ref().map(|l| l.line()),
                column: location.as_ref().map(|l| l.column()),
                key: Some(key).filter(|k| !k.is_empty() && k != "."),
                reason: bare_message(&inner),
            }
        })
    }

    /// The configured cloud names.
    pub(super) fn names(&self) -> Vec<String> {
        self.clouds.keys().cloned().collect()
    }
}

/// serde_yaml's message without the location and key it appends (we show them apart).
fn bare_message(e: &serde_yaml::Error) -> String {
    let mut message = e.to_string();
    if let Some(l) = e.location() {
        let suffix = format!(" at line {} column {}", l.line(), l.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_owned();
        }
    }
    // serde_yaml puts `path: ` in front when it knows the path.
    if let Some((head, rest)) = message.split_once(": ") {
        if !head.contains(' ') && head.contains('.') {
            return rest.to_owned();
        }
    }
    message
}

impl CloudEntry {
    /// The settings of this entry; `file` and `cloud` name it in errors.
    pub(super) fn settings(&self, file: &Path, cloud: &str) -> Result<Settings, ConfigError> {
        let text = |t: &Option<Text>| t.as_ref().map(|t| t.0.clone());
        let secret = |t: &Option<SecretText>| t.as_ref().map(|t| t.0.clone());
        let a = &self.auth;
        let mut endpoints = BTreeMap::new();
        for (key, value) in &self.other {
            let Some(service) = key.strip_suffix(OVERRIDE_SUFFIX) else {
                continue;
            };
            let error = |reason: String| ConfigError::File {
                path: file.to_owned(),
                line: None,
                column: None,
                key: Some(format!("clouds.{cloud}.{key}")),
                reason,
            };
            let url = value
                .as_str()
                .ok_or_else(|| error("expected a URL string".into()))?;
            check_url(url).map_err(error)?;
            endpoints.insert(service.to_owned(), url.to_owned());
        }
        Ok(Settings {
            auth_type: text(&self.auth_type),
            auth_url: a.auth_url.as_ref().map(|u| u.0.clone()),
            username: text(&a.username),
            password: secret(&a.password),
            user_domain_name: text(&a.user_domain_name),
            domain_name: text(&a.domain_name),
            project_name: text(&a.project_name),
            project_id: text(&a.project_id),
            project_domain_name: text(&a.project_domain_name),
            domain_id: text(&a.domain_id),
            token: secret(&a.token),
            access_key: text(&a.ak),
            secret_key: secret(&a.sk),
            security_token: secret(&a.security_token),
            region: text(&self.region_name),
            endpoints,
            connect_timeout: self.connect_timeout.map(|s| s.0),
            attempt_timeout: self.api_timeout.map(|s| s.0),
            operation_timeout: self.operation_timeout.map(|s| s.0),
            cacert: text(&self.cacert),
            cert: text(&self.cert),
            key: text(&self.key),
            verify: self.verify,
            regions: self
                .regions
                .iter()
                .flatten()
                .map(|r| match r {
                    RegionEntry::Name(name) | RegionEntry::Map { name } => name.clone(),
                })
                .collect(),
        })
    }
}

/// The first of `names` that exists in one of `dirs` (directories in order).
pub(super) fn find_file(dirs: &[PathBuf], names: &[&str]) -> Option<PathBuf> {
    dirs.iter()
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}
