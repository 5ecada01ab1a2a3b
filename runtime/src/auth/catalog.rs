//! The service catalog that comes with a token: where each service lives, per region.

use serde::Deserialize;

/// The service catalog of a token (`token.catalog`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    entries: Vec<CatalogEntry>,
}

/// Lenient: `null` is an empty catalog, and an entry that does not fit (a number where a
/// string belongs, say) is skipped instead of making the whole token unusable.
impl<'de> Deserialize<'de> for Catalog {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Option::<Vec<serde_json::Value>>::deserialize(d)?.unwrap_or_default();
        let entries = raw
            .into_iter()
            .filter_map(|v| serde_json::from_value::<CatalogEntry>(v).ok())
            .collect();
        Ok(Self { entries })
    }
}

/// One service in the catalog. Every field is optional on the wire so that one odd entry
/// cannot make the whole token unusable.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct CatalogEntry {
    #[serde(rename = "type")]
    service_type: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    endpoints: Vec<CatalogEndpoint>,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<CatalogEndpoint>, D::Error> {
    let raw = Option::<Vec<serde_json::Value>>::deserialize(d)?.unwrap_or_default();
    Ok(raw
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect())
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct CatalogEndpoint {
    interface: Option<String>,
    region: Option<String>,
    region_id: Option<String>,
    url: Option<String>,
}

impl CatalogEndpoint {
    fn is_public(&self) -> bool {
        self.interface
            .as_deref()
            .is_none_or(|i| i.eq_ignore_ascii_case("public"))
    }

    fn in_region(&self, region: &str) -> bool {
        self.region.as_deref() == Some(region) || self.region_id.as_deref() == Some(region)
    }

    fn any_region(&self) -> bool {
        self.region.as_deref() == Some("*") || self.region_id.as_deref() == Some("*")
    }
}

impl Catalog {
    /// The URL of the public endpoint of `catalog_type`.
    ///
    /// With a region: an endpoint for exactly that region (`region` or `region_id`), else one
    /// marked `*`. Without a region: a `*` endpoint, else the only public URL there is; when
    /// several regions are listed and none is configured there is no answer.
    pub(crate) fn public_url(&self, catalog_type: &str, region: Option<&str>) -> Option<&str> {
        let candidates: Vec<&CatalogEndpoint> = self
            .entries
            .iter()
            .filter(|e| e.service_type.as_deref() == Some(catalog_type))
            .flat_map(|e| e.endpoints.iter())
            .filter(|ep| ep.is_public() && ep.url.as_deref().is_some_and(|u| !u.is_empty()))
            .collect();
        let exact = region.and_then(|r| candidates.iter().find(|ep| ep.in_region(r)));
        if let Some(ep) = exact.or_else(|| candidates.iter().find(|ep| ep.any_region())) {
            return ep.url.as_deref();
        }
        if region.is_none() {
            let first = candidates.first()?.url.as_deref();
            if candidates.iter().all(|ep| ep.url.as_deref() == first) {
                return first;
            }
        }
        None
    }

    /// Number of services listed.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalog(v: serde_json::Value) -> Catalog {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn picks_the_public_endpoint_of_the_region() {
        let c = catalog(json!([
            {"type": "compute", "name": "nova", "endpoints": [
                {"interface": "public", "region": "eu-de", "url": "https://ecs.eu-de.example/v2.1/$(tenant_id)s"}]},
            {"type": "as", "name": "as", "endpoints": [
                {"interface": "internal", "region": "eu-de", "url": "https://internal.example"},
                {"interface": "public", "region": "eu-nl", "region_id": "eu-nl", "url": "https://as.eu-nl.example"},
                {"interface": "public", "region_id": "eu-de", "url": "https://as.eu-de.example/autoscaling-api/v1/{project_id}"}
            ]}
        ]));
        assert_eq!(
            c.public_url("as", Some("eu-de")),
            Some("https://as.eu-de.example/autoscaling-api/v1/{project_id}")
        );
        assert_eq!(
            c.public_url("as", Some("eu-nl")),
            Some("https://as.eu-nl.example")
        );
        assert_eq!(c.public_url("as", Some("eu-ch2")), None);
        assert_eq!(
            c.public_url("as", None),
            None,
            "two regions, none configured"
        );
        assert_eq!(
            c.public_url("compute", None),
            Some("https://ecs.eu-de.example/v2.1/$(tenant_id)s")
        );
        assert_eq!(c.public_url("image", Some("eu-de")), None);
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn null_and_ill_typed_parts_are_skipped() {
        let c = catalog(json!(null));
        assert_eq!(c.len(), 0);
        let c = catalog(json!([
            {"type": 7, "endpoints": []},
            {"type": "evs", "endpoints": null},
            {"type": "as", "endpoints": [
                {"region": 1, "url": "https://bad.example"},
                {"region": "eu-de", "url": "https://as.example"}]}
        ]));
        assert_eq!(c.len(), 2);
        assert_eq!(
            c.public_url("as", Some("eu-de")),
            Some("https://as.example")
        );
        assert_eq!(c.public_url("evs", Some("eu-de")), None);
    }

    #[test]
    fn wildcard_region_and_odd_entries() {
        let c = catalog(json!([
            {"name": "no type"},
            {"type": "identity", "endpoints": [{"region": "*", "region_id": "*", "interface": "public", "url": "https://iam.example/v3"}]},
            {"type": "vpc", "endpoints": [{"region": "eu-de"}, {"region": "eu-de", "url": "https://vpc.example"}]}
        ]));
        assert_eq!(
            c.public_url("identity", Some("eu-de")),
            Some("https://iam.example/v3")
        );
        assert_eq!(
            c.public_url("identity", None),
            Some("https://iam.example/v3")
        );
        assert_eq!(
            c.public_url("vpc", Some("eu-de")),
            Some("https://vpc.example")
        );
    }
}
