//! [`Settings`]: what one source (a cloud entry, the environment) says, how sources are
//! layered, and how the result becomes an [`Auth`].

use std::collections::BTreeMap;
use std::time::Duration;

use crate::auth::{AkSkAuth, Auth, PasswordAuth, ProjectScope};
use crate::config_error::ConfigError;
use crate::secret::Secret;

/// Settings from one source; `None` where the source says nothing.
#[derive(Debug, Clone, Default)]
pub(super) struct Settings {
    pub(super) auth_type: Option<String>,
    pub(super) auth_url: Option<String>,
    pub(super) username: Option<String>,
    pub(super) password: Option<Secret>,
    pub(super) user_domain_name: Option<String>,
    pub(super) domain_name: Option<String>,
    pub(super) project_name: Option<String>,
    pub(super) project_id: Option<String>,
    pub(super) project_domain_name: Option<String>,
    pub(super) domain_id: Option<String>,
    pub(super) token: Option<Secret>,
    pub(super) access_key: Option<String>,
    pub(super) secret_key: Option<Secret>,
    pub(super) security_token: Option<Secret>,
    pub(super) region: Option<String>,
    pub(super) endpoints: BTreeMap<String, String>,
    pub(super) connect_timeout: Option<Duration>,
    pub(super) attempt_timeout: Option<Duration>,
    pub(super) operation_timeout: Option<Duration>,
    /// CA certificates file (`cacert`, `OS_CACERT`).
    pub(super) cacert: Option<String>,
    /// Client certificate file (`cert`, `OS_CERT`).
    pub(super) cert: Option<String>,
    /// Client key file (`key`, `OS_KEY`).
    pub(super) key: Option<String>,
    /// Verify server certificates (`verify`).
    pub(super) verify: Option<bool>,
    /// The cloud's regions (`regions`).
    pub(super) regions: Vec<String>,
}

impl Settings {
    /// Lays `top` over `self`: what `top` says wins.
    pub(super) fn overlay(&mut self, top: Settings) {
        fn set<T>(slot: &mut Option<T>, value: Option<T>) {
            if value.is_some() {
                *slot = value;
            }
        }
        set(&mut self.auth_type, top.auth_type);
        set(&mut self.auth_url, top.auth_url);
        set(&mut self.username, top.username);
        set(&mut self.password, top.password);
        set(&mut self.user_domain_name, top.user_domain_name);
        set(&mut self.domain_name, top.domain_name);
        set(&mut self.project_name, top.project_name);
        set(&mut self.project_id, top.project_id);
        set(&mut self.project_domain_name, top.project_domain_name);
        set(&mut self.domain_id, top.domain_id);
        set(&mut self.token, top.token);
        set(&mut self.access_key, top.access_key);
        set(&mut self.secret_key, top.secret_key);
        set(&mut self.security_token, top.security_token);
        set(&mut self.region, top.region);
        self.endpoints.extend(top.endpoints);
        set(&mut self.connect_timeout, top.connect_timeout);
        set(&mut self.attempt_timeout, top.attempt_timeout);
        set(&mut self.operation_timeout, top.operation_timeout);
        set(&mut self.cacert, top.cacert);
        set(&mut self.cert, top.cert);
        set(&mut self.key, top.key);
        set(&mut self.verify, top.verify);
        if !top.regions.is_empty() {
            self.regions = top.regions;
        }
    }

    /// The authentication these settings describe; see the crate docs for the rules.
    pub(super) fn auth(&self) -> Result<Auth, ConfigError> {
        let kind = match self.auth_type.as_deref().map(str::trim) {
            Some(t) => match t.to_ascii_lowercase().as_str() {
                "password" | "v3password" => Kind::Password,
                "token" | "v3token" => Kind::Token,
                "aksk" | "ak/sk" | "ak-sk" | "ak_sk" => Kind::AkSk,
                other => {
                    return Err(ConfigError::Invalid(format!(
                        "auth_type {other:?} is not supported (use password, token or aksk)"
                    )));
                }
            },
            None if self.access_key.is_some() || self.secret_key.is_some() => Kind::AkSk,
            None if self.token.is_some() => Kind::Token,
            None if self.username.is_some() || self.password.is_some() => Kind::Password,
            None => {
                return Err(missing(
                    "credentials",
                    "set OS_ACCESS_KEY and OS_SECRET_KEY, or OS_USERNAME, OS_PASSWORD, \
                     OS_USER_DOMAIN_NAME and OS_PROJECT_NAME (or OS_PROJECT_ID), or OS_TOKEN; \
                     or choose a cloud of clouds.yaml with OS_CLOUD",
                ));
            }
        };
        match kind {
            Kind::AkSk => self.aksk(),
            Kind::Token => self.token_auth(),
            Kind::Password => self.password_auth(),
        }
    }

    fn aksk(&self) -> Result<Auth, ConfigError> {
        let access_key = self.access_key.clone().ok_or_else(|| {
            missing(
                "the access key (AK)",
                "auth.ak in clouds.yaml or OS_ACCESS_KEY",
            )
        })?;
        let secret_key = self.secret_key.clone().ok_or_else(|| {
            missing(
                "the secret key (SK)",
                "auth.sk in clouds.yaml or OS_SECRET_KEY",
            )
        })?;
        Ok(Auth::AkSk(AkSkAuth {
            access_key,
            secret_key,
            security_token: self.security_token.clone(),
            project_id: self.project_id.clone(),
            // Looked up from IAM when only the name is known.
            project_name: self.project_name.clone(),
            iam_url: self.auth_url.clone(),
            domain_id: self.domain_id.clone(),
        }))
    }

    fn token_auth(&self) -> Result<Auth, ConfigError> {
        self.token
            .clone()
            .map(Auth::Token)
            .ok_or_else(|| missing("the token", "auth.token in clouds.yaml or OS_TOKEN"))
    }

    fn password_auth(&self) -> Result<Auth, ConfigError> {
        let user_name = self.username.clone().ok_or_else(|| {
            missing(
                "the user name",
                "auth.username in clouds.yaml or OS_USERNAME",
            )
        })?;
        let password = self.password.clone().ok_or_else(|| {
            missing(
                "the password",
                "auth.password in clouds.yaml or secure.yaml, or OS_PASSWORD",
            )
        })?;
        let domain = self
            .user_domain_name
            .clone()
            .or_else(|| self.domain_name.clone())
            .ok_or_else(|| {
                missing(
                    "the user's domain name",
                    "auth.user_domain_name in clouds.yaml or OS_USER_DOMAIN_NAME \
                     (e.g. OTC-EU-DE-00000000001000000001)",
                )
            })?;
        let scope = match (&self.project_id, &self.project_name) {
            (Some(id), _) => ProjectScope::Id(id.clone()),
            (None, Some(name)) => ProjectScope::Name {
                name: name.clone(),
                domain_name: self
                    .project_domain_name
                    .clone()
                    .unwrap_or_else(|| domain.clone()),
            },
            (None, None) => {
                return Err(missing(
                    "the project",
                    "auth.project_name or auth.project_id in clouds.yaml, or OS_PROJECT_NAME \
                     or OS_PROJECT_ID (the default project of a region has its name, e.g. eu-de)",
                ));
            }
        };
        let auth_url = match (&self.auth_url, &self.region) {
            (Some(url), _) => url.clone(),
            (None, Some(region)) => default_auth_url(region),
            (None, None) => {
                return Err(missing(
                    "the IAM URL",
                    "auth.auth_url in clouds.yaml or OS_AUTH_URL, or a region \
                     (region_name or OS_REGION_NAME) to derive it from",
                ));
            }
        };
        Ok(Auth::Password(PasswordAuth::new(
            auth_url, user_name, password, domain, scope,
        )))
    }
}

enum Kind {
    Password,
    Token,
    AkSk,
}

fn missing(what: &str, hint: &str) -> ConfigError {
    ConfigError::Missing {
        what: what.to_owned(),
        hint: hint.to_owned(),
    }
}

/// IAM's address for a region: `https://iam.{region}.otc.t-systems.com/v3`, and the Swiss
/// cloud's `https://iam-pub.{region}.sc.otc.t-systems.com/v3` for `eu-ch2`.
pub(crate) fn default_auth_url(region: &str) -> String {
    if region.starts_with("eu-ch2") {
        format!("https://iam-pub.{region}.sc.otc.t-systems.com/v3")
    } else {
        format!("https://iam.{region}.otc.t-systems.com/v3")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password() -> Settings {
        Settings {
            username: Some("alice".into()),
            password: Some(Secret::new("pw")),
            user_domain_name: Some("OTC-EU-DE-1".into()),
            project_name: Some("eu-de_p".into()),
            region: Some("eu-de".into()),
            ..Settings::default()
        }
    }

    #[test]
    fn password_auth_derives_the_iam_url_and_scope_domain() {
        let Auth::Password(p) = password().auth().unwrap() else {
            panic!()
        };
        assert_eq!(p.auth_url, "https://iam.eu-de.otc.t-systems.com/v3");
        assert_eq!(
            p.scope,
            ProjectScope::Name {
                name: "eu-de_p".into(),
                domain_name: "OTC-EU-DE-1".into()
            }
        );
        assert_eq!(
            default_auth_url("eu-ch2"),
            "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3"
        );
    }

    #[test]
    fn aksk_wins_over_password_unless_auth_type_says_otherwise() {
        let mut s = password();
        s.access_key = Some("AK".into());
        s.secret_key = Some(Secret::new("SK"));
        assert!(matches!(s.auth().unwrap(), Auth::AkSk(_)));
        s.auth_type = Some("password".into());
        assert!(matches!(s.auth().unwrap(), Auth::Password(_)));
        s.auth_type = Some("kerberos".into());
        assert!(s.auth().unwrap_err().to_string().contains("kerberos"));
    }

    #[test]
    fn aksk_with_a_project_name_only_asks_for_a_lookup() {
        let s = Settings {
            access_key: Some("AK".into()),
            secret_key: Some(Secret::new("SK")),
            project_name: Some("eu-de_p".into()),
            auth_url: Some("https://iam.example/v3".into()),
            ..Settings::default()
        };
        let Auth::AkSk(a) = s.auth().unwrap() else {
            panic!()
        };
        assert_eq!(a.project_id, None);
        assert_eq!(a.project_name.as_deref(), Some("eu-de_p"));
        assert_eq!(a.iam_url.as_deref(), Some("https://iam.example/v3"));
    }

    #[test]
    fn missing_pieces_are_named() {
        let mut s = password();
        s.password = None;
        let e = s.auth().unwrap_err().to_string();
        assert!(
            e.contains("the password") && e.contains("OS_PASSWORD"),
            "{e}"
        );
        let s = Settings {
            access_key: Some("AK".into()),
            ..Settings::default()
        };
        assert!(s.auth().unwrap_err().to_string().contains("OS_SECRET_KEY"));
        let e = Settings::default().auth().unwrap_err().to_string();
        assert!(e.contains("credentials"), "{e}");
    }

    #[test]
    fn overlay_keeps_what_the_top_does_not_say() {
        let mut base = password();
        base.endpoints.insert("as".into(), "https://a".into());
        let mut top = Settings {
            region: Some("eu-nl".into()),
            ..Settings::default()
        };
        top.endpoints.insert("ims".into(), "https://i".into());
        base.overlay(top);
        assert_eq!(base.region.as_deref(), Some("eu-nl"));
        assert_eq!(base.username.as_deref(), Some("alice"));
        assert_eq!(base.endpoints.len(), 2);
    }
}
