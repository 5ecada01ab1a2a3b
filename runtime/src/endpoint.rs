//! Where a request goes: endpoint override → token catalog → template with the region.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::auth::Catalog;
use crate::config_error::ConfigError;
use crate::redact::redact_url;
use crate::service::ServiceInfo;

/// A service base address: `scheme://host[:port]` plus an optional path prefix.
///
/// Operation paths in the specs are absolute from the host (`/v2/{project_id}/...`,
/// `/autoscaling-api/v1/...`), so an endpoint URL is cut at its first segment that looks
/// like a version (`v1`, `v2.1`, `V3`), holds a placeholder (`{project_id}`,
/// `$(tenant_id)s`, `%(project_id)s`) or is the project id itself. What stays before that
/// cut is the prefix (e.g. a proxy's `/otc`). When an operation path already starts with
/// the prefix it is not added twice, so the catalog's
/// `https://as.eu-de.otc.t-systems.com/autoscaling-api/v1/$(tenant_id)s` and the path
/// `/autoscaling-api/v1/...` meet correctly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    origin: String,
    prefix: String,
}

impl Endpoint {
    /// Parses an endpoint URL. `project_id` is used to recognise a literal project id segment.
    pub(crate) fn parse(url: &str, project_id: Option<&str>) -> Result<Self, String> {
        let url = url.trim();
        let scheme_end = url.find("://").ok_or("not an absolute URL")?;
        let scheme = url[..scheme_end].to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err("the scheme must be https or http".into());
        }
        let rest = &url[scheme_end + 3..];
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if authority.contains('@') {
            return Err("user information in the URL is not supported".into());
        }
        let origin = format!("{scheme}://{authority}");
        let parsed: http::Uri = origin.parse().map_err(|_| "invalid host or port")?;
        if parsed.host().is_none_or(str::is_empty) {
            return Err("no host".into());
        }
        let after = &rest[authority_end..];
        let path = after.split(['?', '#']).next().unwrap_or("");
        let mut prefix = String::new();
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            if is_version(segment)
                || is_placeholder(segment)
                || project_id.is_some_and(|p| p == segment)
            {
                break;
            }
            prefix.push('/');
            prefix.push_str(segment);
        }
        Ok(Self { origin, prefix })
    }

    /// The full URL for an operation path (with its query).
    #[cfg(test)]
    pub(crate) fn join(&self, path_and_query: &str) -> String {
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path_and_query, None),
        };
        self.url(path, query.map_or(0, |q| q.len() + 1), |out| {
            if let Some(query) = query {
                out.push('?');
                out.push_str(query);
            }
        })
    }

    /// The URL for the absolute operation `path`, in one buffer: origin, the prefix unless
    /// `path` already starts with it, `path`, then whatever `rest` appends (the query;
    /// `rest_len` is its expected length).
    pub(crate) fn url(
        &self,
        path: &str,
        rest_len: usize,
        rest: impl FnOnce(&mut String),
    ) -> String {
        let has_prefix = self.prefix.is_empty()
            || path == self.prefix
            || path
                .strip_prefix(self.prefix.as_str())
                .is_some_and(|after| after.starts_with('/'));
        let mut out =
            String::with_capacity(self.origin.len() + self.prefix.len() + path.len() + rest_len);
        out.push_str(&self.origin);
        if !has_prefix {
            out.push_str(&self.prefix);
        }
        out.push_str(path);
        rest(&mut out);
        out
    }

    /// The endpoint as a URL (origin and prefix).
    pub(crate) fn as_url(&self) -> String {
        format!("{}{}", self.origin, self.prefix)
    }
}

fn is_version(segment: &str) -> bool {
    let Some(rest) = segment.strip_prefix(['v', 'V']) else {
        return false;
    };
    !rest.is_empty()
        && rest
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

fn is_placeholder(segment: &str) -> bool {
    segment.contains('{') || segment.contains("$(") || segment.contains("%(")
}

/// Endpoint overrides, validated, keyed by service name or catalog type (lower-case, `-`
/// read as `_`, so `block-storage` and `block_storage` are one key).
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides(HashMap<String, Endpoint>);

fn override_key(service: &str) -> String {
    service.trim().to_ascii_lowercase().replace('-', "_")
}

/// Whether `service` is its own override key (generated names are), so a lookup needs no
/// new string.
fn is_override_key(service: &str) -> bool {
    service
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Overrides {
    pub(crate) fn insert(&mut self, service: String, url: &str) -> Result<(), ConfigError> {
        let endpoint =
            Endpoint::parse(url, None).map_err(|reason| ConfigError::InvalidEndpoint {
                service: service.clone(),
                url: redact_url(url),
                reason,
            })?;
        self.0.insert(override_key(&service), endpoint);
        Ok(())
    }

    /// The override for `service`: by its name, else by its catalog type.
    fn get(&self, service: &ServiceInfo) -> Option<&Endpoint> {
        self.get_key(service.name)
            .or_else(|| self.get_key(service.catalog_type))
    }

    fn get_key(&self, service: &str) -> Option<&Endpoint> {
        if self.0.is_empty() {
            None
        } else if is_override_key(service) {
            self.0.get(service)
        } else {
            self.0.get(&override_key(service))
        }
    }
}

/// Finds the endpoint of `service`: override, else the token catalog's public endpoint for
/// the region, else the service's template filled with the region.
pub(crate) fn resolve<'a>(
    service: &ServiceInfo,
    overrides: &'a Overrides,
    catalog: Option<&Catalog>,
    region: Option<&str>,
    project_id: Option<&str>,
) -> Result<Cow<'a, Endpoint>, ConfigError> {
    if let Some(endpoint) = overrides.get(service) {
        return Ok(Cow::Borrowed(endpoint));
    }
    let mut catalog_note = None;
    if let Some(url) = catalog.and_then(|c| c.public_url(service.catalog_type, region)) {
        match Endpoint::parse(url, project_id) {
            Ok(endpoint) => return Ok(Cow::Owned(endpoint)),
            Err(reason) => {
                tracing::debug!(service = service.name, url = %redact_url(url), %reason,
                    "unusable catalog endpoint, trying the template");
                catalog_note = Some(format!(
                    "the token catalog's \"{}\" endpoint {} is unusable ({reason})",
                    service.catalog_type,
                    redact_url(url)
                ));
            }
        }
    }
    if let Some(url) = service.endpoint_for_region(region) {
        return Endpoint::parse(&url, project_id)
            .map(Cow::Owned)
            .map_err(|reason| ConfigError::InvalidEndpoint {
                service: service.name.to_owned(),
                url: redact_url(&url),
                reason,
            });
    }
    let catalog_note = catalog_note.unwrap_or_else(|| match (catalog, region) {
        (None, _) => "no token catalog (only password authentication brings one)".to_owned(),
        (Some(_), Some(r)) => format!(
            "no public \"{}\" endpoint for region {r} in the token catalog",
            service.catalog_type
        ),
        (Some(_), None) => format!(
            "no single public \"{}\" endpoint in the token catalog",
            service.catalog_type
        ),
    });
    Err(ConfigError::NoEndpoint {
        service: service.name.to_owned(),
        reason: format!(
            "no override (ClientBuilder::endpoint(\"{}\", url)), {catalog_note}, and no region \
             configured to fill the template {}",
            service.name, service.endpoint_template
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(url: &str) -> Endpoint {
        Endpoint::parse(url, Some("0123abcd")).unwrap()
    }

    #[test]
    fn version_and_project_segments_are_cut() {
        assert_eq!(
            ep("https://ims.eu-de.otc.t-systems.com/v2").as_url(),
            "https://ims.eu-de.otc.t-systems.com"
        );
        assert_eq!(
            ep("https://ecs.example/v2.1/$(tenant_id)s").as_url(),
            "https://ecs.example"
        );
        assert_eq!(
            ep("https://evs.example/V3/%(project_id)s").as_url(),
            "https://evs.example"
        );
        assert_eq!(
            ep("https://x.example/{project_id}/y").as_url(),
            "https://x.example"
        );
        assert_eq!(
            ep("https://x.example/0123abcd").as_url(),
            "https://x.example"
        );
        assert_eq!(
            ep("HTTPS://x.example:8443/").as_url(),
            "https://x.example:8443"
        );
        assert_eq!(
            ep("http://127.0.0.1:9/mock/").as_url(),
            "http://127.0.0.1:9/mock"
        );
        assert_eq!(
            ep("https://x.example/versions").as_url(),
            "https://x.example/versions"
        );
        assert_eq!(
            ep("https://x.example/v/x").as_url(),
            "https://x.example/v/x"
        );
        assert_eq!(ep("https://x.example?x=1").as_url(), "https://x.example");
    }

    #[test]
    fn prefix_is_not_doubled() {
        let as_ep = ep("https://as.example/autoscaling-api/v1/$(tenant_id)s");
        assert_eq!(
            as_ep.join("/autoscaling-api/v1/p/scaling_group?limit=1"),
            "https://as.example/autoscaling-api/v1/p/scaling_group?limit=1"
        );
        let proxy = ep("http://127.0.0.1:9/mock");
        assert_eq!(proxy.join("/v1/p?a=b"), "http://127.0.0.1:9/mock/v1/p?a=b");
        assert_eq!(proxy.join("/mockery"), "http://127.0.0.1:9/mock/mockery");
        assert_eq!(proxy.join("/mock/x"), "http://127.0.0.1:9/mock/x");
    }

    #[test]
    fn bad_urls_are_refused() {
        for bad in [
            "as.example",
            "ftp://as.example",
            "https://",
            "https://u:p@as.example",
            "https://a b/",
        ] {
            assert!(Endpoint::parse(bad, None).is_err(), "{bad}");
        }
    }

    static AS: ServiceInfo = ServiceInfo {
        name: "as",
        title: "Auto Scaling",
        catalog_type: "as",
        endpoint_template: "https://as.{region}.otc.t-systems.com",
    };

    #[test]
    fn no_endpoint_error_names_the_service_and_what_was_tried() {
        let e = resolve(&AS, &Overrides::default(), None, None, None).unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.starts_with("no endpoint for service \"as\""),
            "{shown}"
        );
        assert!(
            shown.contains("ClientBuilder::endpoint(\"as\", url)"),
            "{shown}"
        );
        assert!(
            shown.contains("https://as.{region}.otc.t-systems.com"),
            "{shown}"
        );
        assert!(matches!(e, ConfigError::NoEndpoint { ref service, .. } if service == "as"));
    }
}
