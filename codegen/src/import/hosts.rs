//! What one spec cannot hold, found before drafting: pages whose API is not JSON (the SFS
//! General Purpose file system API speaks XML and is signed like OBS), and a reference folder
//! whose pages show more than one service host (one spec reaches one endpoint).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::rst::Doc;
use super::text;

static XML_DECL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*<\?xml\b|^\s*<[A-Z][A-Za-z]+ xmlns=").expect("static regex"));
static XML_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)content-type:\s*(?:application|text)/xml").expect("static regex")
});
static OBS_SIGNATURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*authorization:\s*OBS\s").expect("static regex"));
static HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:https?://|^|[^\w.@/-])([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+\.(?:com|de|nl|ch))\b",
    )
    .expect("static regex")
});
static REGION_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:eu-[a-z0-9]+|region|example)$").expect("static regex"));

/// Why the page's API is not JSON, if it is not: an XML body in an example, an XML content
/// type, or an OBS signature header (`x-obs-*`) among its parameters.
pub fn not_json(doc: &Doc) -> Option<String> {
    for (i, line) in doc.lines.iter().enumerate() {
        if doc.literal[i] && XML_DECL.is_match(line) {
            return Some(format!("an example body is XML (line {})", i + 1));
        }
        if doc.literal[i] && OBS_SIGNATURE.is_match(line) {
            return Some(format!("an OBS-style signature (line {})", i + 1));
        }
        if XML_TYPE.is_match(line) {
            return Some(format!("an XML content type (line {})", i + 1));
        }
    }
    for dt in &doc.tables {
        for row in &dt.table.rows {
            let name = row
                .cells
                .first()
                .map(|c| text::plain(c))
                .unwrap_or_default();
            if name.trim().to_lowercase().starts_with("x-obs-") {
                return Some(format!(
                    "OBS-style header `{}` (line {})",
                    name.trim(),
                    dt.line + row.offset + 1
                ));
            }
        }
    }
    None
}

/// The service part of a host name: the label before the region (`sfs-turbo` of
/// `sfs-turbo.eu-de.otc.t-systems.com`, `sfs3` of `fs1.sfs3.region.example.com`).
fn service_label(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').collect();
    let at = labels.iter().position(|l| REGION_LABEL.is_match(l))?;
    let label = labels.get(at.checked_sub(1)?)?;
    (!label.contains('{')).then(|| label.to_lowercase())
}

/// The service hosts the pages show (in examples, URI lines and endpoint tables), each with
/// the first page that shows it; the IAM host (tokens) is left out.
pub fn service_hosts(docs: &[Doc]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for doc in docs {
        for line in &doc.lines {
            for c in HOST.captures_iter(line) {
                let Some(label) = service_label(&c[1]) else {
                    continue;
                };
                if label != "iam" {
                    out.entry(label).or_insert_with(|| doc.path.clone());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_labels() {
        assert_eq!(
            service_label("sfs-turbo.eu-de.otc.t-systems.com").as_deref(),
            Some("sfs-turbo")
        );
        assert_eq!(
            service_label("fs1.sfs3.region.example.com").as_deref(),
            Some("sfs3")
        );
        assert_eq!(
            service_label("example-sfs-01.sfs3.example.region.com").as_deref(),
            Some("sfs3")
        );
        assert_eq!(service_label("localhost.localdomain"), None);
    }
}
