//! [`ServiceInfo`]: the static description of one OTC service that generated crates emit.

/// Static description of one OTC service, emitted by the code generator as
/// `pub static SERVICE: rt::ServiceInfo = rt::ServiceInfo { .. };`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServiceInfo {
    /// Short name, e.g. `"as"`. Also the key of [`ClientBuilder::endpoint`](crate::ClientBuilder::endpoint) overrides.
    pub name: &'static str,
    /// Human-readable title, e.g. `"Auto Scaling"`.
    pub title: &'static str,
    /// The service `type` in the IAM token catalog, e.g. `"as"`, `"image"`, `"mrs"`.
    pub catalog_type: &'static str,
    /// Endpoint with a `{region}` placeholder, e.g. `"https://as.{region}.otc.t-systems.com"`.
    pub endpoint_template: &'static str,
}

impl ServiceInfo {
    /// The endpoint template filled in with `region`, or `None` when the template needs a
    /// region and none is given.
    pub fn endpoint_for_region(&self, region: Option<&str>) -> Option<String> {
        if !self.endpoint_template.contains("{region}") {
            return Some(self.endpoint_template.to_owned());
        }
        region
            .filter(|r| !r.is_empty())
            .map(|r| self.endpoint_template.replace("{region}", r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AS: ServiceInfo = ServiceInfo {
        name: "as",
        title: "Auto Scaling",
        catalog_type: "as",
        endpoint_template: "https://as.{region}.otc.t-systems.com",
    };

    #[test]
    fn template_needs_a_region() {
        assert_eq!(
            AS.endpoint_for_region(Some("eu-nl")).as_deref(),
            Some("https://as.eu-nl.otc.t-systems.com")
        );
        assert_eq!(AS.endpoint_for_region(None), None);
        assert_eq!(AS.endpoint_for_region(Some("")), None);
        let fixed = ServiceInfo {
            endpoint_template: "https://fixed.example",
            ..AS
        };
        assert_eq!(
            fixed.endpoint_for_region(None).as_deref(),
            Some("https://fixed.example")
        );
    }
}
