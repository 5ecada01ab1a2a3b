//! Configuration from `clouds.yaml`, `secure.yaml` and the `OS_*` environment variables.
//!
//! [`ConfigLoader`] does the work; [`ClientBuilder::from_env`](crate::ClientBuilder::from_env)
//! and [`ClientBuilder::from_cloud`](crate::ClientBuilder::from_cloud) use it with the
//! process environment. Tests (and programs that keep their settings elsewhere) give the
//! loader a map of variables and the directories to search instead, so nothing depends
//! on the machine.
//!
//! Precedence, lowest first: `clouds.yaml`, `secure.yaml` (the same cloud's entry), the
//! `OS_*` variables, then whatever is set on the returned [`ClientBuilder`].

mod clouds_yaml;
pub mod environment;
mod settings;
mod yaml_values;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use clouds_yaml::{CloudsFile, find_file};
use settings::Settings;
pub(crate) use settings::default_auth_url;

use crate::auth::Auth;
use crate::client::ClientBuilder;
use crate::config_error::ConfigError;

/// File names of the cloud configuration, in the order looked for in each directory.
const CLOUDS_FILES: &[&str] = &["clouds.yaml", "clouds.yml"];
/// File names of the secrets that go with it.
const SECURE_FILES: &[&str] = &["secure.yaml", "secure.yml"];

/// A client configuration read from files and the environment, before it becomes a
/// [`ClientBuilder`] ([`CloudConfig::into_builder`]). `Debug` never shows a secret.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CloudConfig {
    /// The cloud of `clouds.yaml` that was used, if any.
    pub cloud: Option<String>,
    /// The files that were read (`clouds.yaml`, `secure.yaml`).
    pub files: Vec<PathBuf>,
    /// The authentication.
    pub auth: Auth,
    /// The region (`region_name`, `OS_REGION_NAME`).
    pub region: Option<String>,
    /// The project id (`auth.project_id`, `OS_PROJECT_ID`).
    pub project_id: Option<String>,
    /// Endpoint overrides by service name or catalog type (`as_endpoint_override`,
    /// `OS_AS_ENDPOINT_OVERRIDE`).
    pub endpoints: BTreeMap<String, String>,
    /// Connect timeout (`connect_timeout`, `OS_CONNECT_TIMEOUT`).
    pub connect_timeout: Option<Duration>,
    /// Attempt timeout (`api_timeout`, `OS_API_TIMEOUT`).
    pub attempt_timeout: Option<Duration>,
    /// Operation timeout (`operation_timeout`, `OS_OPERATION_TIMEOUT`).
    pub operation_timeout: Option<Duration>,
    /// A PEM file of CA certificates trusted besides the platform's (`cacert`,
    /// `OS_CACERT`).
    pub cacert: Option<PathBuf>,
    /// A PEM client certificate file (`cert`, `OS_CERT`).
    pub client_cert: Option<PathBuf>,
    /// Its PEM private key (`key`, `OS_KEY`); when absent, looked for in the certificate
    /// file.
    pub client_key: Option<PathBuf>,
    /// Whether server certificates are verified (`verify`; default `true`).
    pub verify: Option<bool>,
    /// The cloud's regions (`regions`); the first is the region when `region_name` is not
    /// set.
    pub regions: Vec<String>,
}

impl CloudConfig {
    /// A builder with these settings; unset ones keep the builder's defaults.
    pub fn into_builder(self) -> ClientBuilder {
        let mut builder = ClientBuilder::default().auth(self.auth);
        if let Some(region) = self.region {
            builder = builder.region(region);
        }
        if let Some(project_id) = self.project_id {
            builder = builder.project_id(project_id);
        }
        for (service, url) in self.endpoints {
            builder = builder.endpoint(service, url);
        }
        if let Some(t) = self.connect_timeout {
            builder = builder.connect_timeout(t);
        }
        if let Some(t) = self.attempt_timeout {
            builder = builder.attempt_timeout(Some(t));
        }
        if let Some(t) = self.operation_timeout {
            builder = builder.operation_timeout(Some(t));
        }
        if let Some(path) = self.cacert {
            builder = builder.ca_certificate_file(path);
        }
        if let Some(cert) = self.client_cert {
            let key = self.client_key.unwrap_or_else(|| cert.clone());
            builder = builder.client_certificate_files(cert, key);
        }
        if let Some(verify) = self.verify {
            builder = builder.verify_certificates(verify);
        }
        builder
    }
}

/// Reads client configuration from `clouds.yaml` / `secure.yaml` and `OS_*` variables.
///
/// `clouds.yaml` is `$OS_CLIENT_CONFIG_FILE` when set (it must exist), else the first
/// `clouds.yaml` (or `clouds.yml`) in the current directory, `~/.config/openstack/` and
/// `/etc/openstack/`. `secure.yaml` is `$OS_CLIENT_SECURE_FILE`, else the first found in
/// the same directories; its entries are laid over the `clouds.yaml` entries of the same
/// name (keep passwords there).
#[derive(Clone)]
pub struct ConfigLoader {
    env: HashMap<String, String>,
    dirs: Option<Vec<PathBuf>>,
}

impl fmt::Debug for ConfigLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Variable names only: values may be secrets.
        let mut names: Vec<&str> = self.env.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("ConfigLoader")
            .field("env_names", &names)
            .field("dirs", &self.search_dirs_in_use())
            .finish()
    }
}

impl ConfigLoader {
    /// A loader reading this process's environment (variables that are not valid
    /// Unicode are skipped) and the standard directories.
    pub fn from_process() -> Self {
        Self::with_env(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        )
    }

    /// A loader that sees only these variables (`HOME` among them locates
    /// `~/.config/openstack/`), and the standard directories.
    pub fn with_env<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            env: vars
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            dirs: None,
        }
    }

    /// Searches these directories, in order, instead of the standard ones.
    pub fn search_dirs<I, P>(mut self, dirs: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        self.dirs = Some(dirs.into_iter().map(Into::into).collect());
        self
    }

    /// The directories searched: those given to [`ConfigLoader::search_dirs`], else the
    /// current directory, `$HOME/.config/openstack` and `/etc/openstack`.
    pub fn search_dirs_in_use(&self) -> Vec<PathBuf> {
        if let Some(dirs) = &self.dirs {
            return dirs.clone();
        }
        let mut dirs = Vec::new();
        if let Ok(cwd) = std::env::current_dir() {
            dirs.push(cwd);
        }
        let home = environment::get(&self.env, "HOME")
            .or_else(|| environment::get(&self.env, "USERPROFILE"));
        if let Some(home) = home {
            dirs.push(PathBuf::from(home).join(".config").join("openstack"));
        }
        dirs.push(PathBuf::from("/etc/openstack"));
        dirs
    }

    /// A builder from the environment: when `OS_CLOUD` is set, as
    /// [`ConfigLoader::from_cloud`]`(None)`; otherwise from the `OS_*` variables alone
    /// (no file is read).
    pub fn from_env(&self) -> Result<ClientBuilder, ConfigError> {
        self.load_env().map(CloudConfig::into_builder)
    }

    /// A builder from the cloud `name` (else `OS_CLOUD`, else the only cloud configured)
    /// with the `OS_*` variables laid on top. Without a name, `OS_CLOUD` or any
    /// `clouds.yaml`, the variables alone are used.
    pub fn from_cloud(&self, name: Option<&str>) -> Result<ClientBuilder, ConfigError> {
        self.load(name).map(CloudConfig::into_builder)
    }

    /// The configuration [`ConfigLoader::from_env`] builds from.
    pub fn load_env(&self) -> Result<CloudConfig, ConfigError> {
        if environment::get(&self.env, environment::OS_CLOUD).is_some() {
            return self.load(None);
        }
        finish(environment::settings(&self.env)?, None, Vec::new())
    }

    /// The configuration [`ConfigLoader::from_cloud`] builds from.
    pub fn load(&self, name: Option<&str>) -> Result<CloudConfig, ConfigError> {
        let env_settings = environment::settings(&self.env)?;
        let wanted = name
            .map(str::to_owned)
            .or_else(|| environment::get(&self.env, environment::OS_CLOUD).map(str::to_owned));
        let dirs = self.search_dirs_in_use();
        let clouds_path = match environment::get(&self.env, environment::OS_CLIENT_CONFIG_FILE) {
            Some(path) => Some(named_file(path, environment::OS_CLIENT_CONFIG_FILE)?),
            None => find_file(&dirs, CLOUDS_FILES),
        };
        let Some(clouds_path) = clouds_path else {
            return match wanted {
                Some(name) => Err(ConfigError::UnknownCloud {
                    name,
                    files: Vec::new(),
                    available: Vec::new(),
                }),
                None => finish(env_settings, None, Vec::new()),
            };
        };
        let clouds = CloudsFile::read(&clouds_path)?;
        let cloud = match wanted {
            Some(name) => name,
            None => match clouds.names().as_slice() {
                [only] => only.clone(),
                [] => return finish(env_settings, None, vec![clouds_path]),
                several => {
                    return Err(ConfigError::Missing {
                        what: "the cloud to use".into(),
                        hint: format!(
                            "{} configures {}; pass a name or set {}",
                            clouds_path.display(),
                            several.join(", "),
                            environment::OS_CLOUD
                        ),
                    });
                }
            },
        };
        let Some(entry) = clouds.clouds.get(&cloud) else {
            return Err(ConfigError::UnknownCloud {
                name: cloud,
                files: vec![clouds_path],
                available: clouds.names(),
            });
        };
        let mut settings = entry.settings(&clouds_path, &cloud)?;
        let mut files = vec![clouds_path];
        let secure_path = match environment::get(&self.env, environment::OS_CLIENT_SECURE_FILE) {
            Some(path) => Some(named_file(path, environment::OS_CLIENT_SECURE_FILE)?),
            None => find_file(&dirs, SECURE_FILES),
        };
        if let Some(secure_path) = secure_path {
            let secure = CloudsFile::read(&secure_path)?;
            if let Some(entry) = secure.clouds.get(&cloud) {
                settings.overlay(entry.settings(&secure_path, &cloud)?);
            }
            files.push(secure_path);
        }
        settings.overlay(env_settings);
        tracing::debug!(cloud = %cloud, files = ?files, "cloud configuration read");
        finish(settings, Some(cloud), files)
    }
}

/// The file a variable names, which must exist.
fn named_file(path: &str, var: &str) -> Result<PathBuf, ConfigError> {
    let path = PathBuf::from(path);
    if path.is_file() {
        Ok(path)
    } else {
        Err(ConfigError::File {
            path,
            line: None,
            column: None,
            key: None,
            reason: format!("not found (named by {var})"),
        })
    }
}

fn finish(
    mut settings: Settings,
    cloud: Option<String>,
    files: Vec<PathBuf>,
) -> Result<CloudConfig, ConfigError> {
    // `regions` gives the region when `region_name` does not, before the IAM URL is
    // derived from it.
    settings.region = match (settings.region.take(), settings.regions.first()) {
        (Some(region), _)
            if !settings.regions.is_empty() && !settings.regions.contains(&region) =>
        {
            return Err(ConfigError::Invalid(format!(
                "region {region:?} is not one of the cloud's regions ({})",
                settings.regions.join(", ")
            )));
        }
        (Some(region), _) => Some(region),
        (None, first) => first.cloned(),
    };
    if settings.key.is_some() && settings.cert.is_none() {
        return Err(ConfigError::Missing {
            what: "the client certificate for the client key".to_owned(),
            hint: "set cert in clouds.yaml or OS_CERT, or remove key / OS_KEY".to_owned(),
        });
    }
    let auth = settings
        .auth()
        .map_err(|e| match (e, &cloud, files.first()) {
            (ConfigError::Missing { what, hint }, Some(cloud), Some(file)) => {
                ConfigError::Missing {
                    what: format!("{what} of cloud \"{cloud}\" ({})", file.display()),
                    hint,
                }
            }
            (e, _, _) => e,
        })?;
    Ok(CloudConfig {
        auth,
        cloud,
        files,
        cacert: settings.cacert.map(PathBuf::from),
        client_cert: settings.cert.map(PathBuf::from),
        client_key: settings.key.map(PathBuf::from),
        verify: settings.verify,
        regions: settings.regions,
        region: settings.region,
        project_id: settings.project_id,
        endpoints: settings.endpoints,
        connect_timeout: settings.connect_timeout,
        attempt_timeout: settings.attempt_timeout,
        operation_timeout: settings.operation_timeout,
    })
}
