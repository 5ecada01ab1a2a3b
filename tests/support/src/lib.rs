//! Test helpers shared by the crates of this workspace.
//!
//! Tests that read the published OTC API reference (`otc-api-docs/`, `otc-api-inventory/`,
//! `signing-examples.json`) find it with [`shared_dir`]: in `$OTC_API_SHARED`, else in
//! `shared/` beside the repository (where CI puts it). Without it they call [`skip_note`]:
//! it writes a `SKIPPED:` line straight to the process's stderr (libtest captures only
//! `print!`/`eprint!` of passing tests, so the line shows), and under `CI` it fails the test
//! instead, so a CI run without the reference is never green. `scripts/test-all.sh` says
//! whether the reference was found and counts the `SKIPPED:` lines. Everything else runs from
//! a bare clone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The directory of the published reference that holds every entry of `needs` (file or
/// directory names): `$OTC_API_SHARED`, else `shared/` beside the repository.
pub fn shared_dir(needs: &[&str]) -> Option<PathBuf> {
    let beside_repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    std::env::var_os("OTC_API_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .chain([beside_repo])
        .find(|dir| needs.iter().all(|need| dir.join(need).exists()))
}

/// Says that `what` is skipped because the reference is not there, on the process's stderr
/// (not captured by libtest, so visible even when the test passes). Under CI (`CI` set to
/// anything but `""`, `0` or `false`) it panics instead: CI must have the reference.
pub fn skip_note(what: &str) {
    let line = skip_line(what);
    if under_ci(std::env::var("CI").ok().as_deref()) {
        panic!("{line} (and CI is set, so this fails)");
    }
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn skip_line(what: &str) -> String {
    format!(
        "SKIPPED: {what}: the published OTC API reference is not available (set \
         OTC_API_SHARED=/path/to/shared, or put shared/ beside the repository)"
    )
}

/// Whether the `CI` variable's value means a CI run.
fn under_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| !matches!(v.trim(), "" | "0" | "false" | "FALSE" | "False"))
}

/// Rows of a TSV file of the inventory as maps from column name (first line) to value; a
/// short row gets empty values, blank lines are skipped. Panics with the path when the file
/// cannot be read.
pub fn tsv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let values = line.split('\t').chain(std::iter::repeat(""));
            header
                .iter()
                .zip(values)
                .map(|(k, v)| ((*k).to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

/// Which spec (`specs/<spec>.yaml`) drafts which pages of a reference folder: one reference
/// folder can document several APIs on different hosts (VPN: Classic on the VPC host and the
/// enterprise edition; SFS: capacity-oriented, Turbo and General Purpose).
#[derive(Debug, Clone, Copy)]
pub struct SpecPart {
    /// The spec's service name.
    pub spec: &'static str,
    /// The folder of `otc-api-docs/` and `otc-api-inventory/`.
    pub reference: &'static str,
    /// Page paths (folders or files, relative to the folder) it is drafted from; all when empty.
    pub pages: &'static [&'static str],
}

/// Every spec of `specs/` and the reference pages it comes from.
pub const SPEC_PARTS: &[SpecPart] = &[
    SpecPart {
        spec: "as",
        reference: "as",
        pages: &[],
    },
    SpecPart {
        spec: "ims",
        reference: "ims",
        pages: &[],
    },
    SpecPart {
        spec: "mrs",
        reference: "mrs",
        pages: &[],
    },
    SpecPart {
        spec: "iam",
        reference: "iam",
        pages: &[],
    },
    SpecPart {
        spec: "vpc",
        reference: "vpc",
        pages: &[],
    },
    SpecPart {
        spec: "vpnclassic",
        reference: "vpn",
        pages: &["api_reference_classic_vpn"],
    },
    SpecPart {
        spec: "vpn",
        reference: "vpn",
        pages: &["api_reference_enterprise_edition_vpn"],
    },
    SpecPart {
        spec: "sfs",
        reference: "sfs",
        pages: &["sfs_capacity-oriented_apis"],
    },
    SpecPart {
        spec: "sfsturbo",
        reference: "sfs",
        pages: &["sfs_turbo_apis", "appendix/sfs_turbo_error_codes.rst"],
    },
    SpecPart {
        spec: "sfsgp",
        reference: "sfs",
        pages: &[
            "general_purpose_file_system_apis_beta",
            "appendix/general_purpose_file_system_error_codes.rst",
        ],
    },
];

/// Whether the page `doc_file` (relative to its reference folder) is `page` or under it.
pub fn page_matches(doc_file: &str, page: &str) -> bool {
    doc_file == page
        || doc_file
            .strip_prefix(page)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The spec that drafts the page `doc_file` of the reference folder `reference`.
pub fn spec_of(reference: &str, doc_file: &str) -> Option<&'static str> {
    SPEC_PARTS
        .iter()
        .filter(|p| p.reference == reference)
        .find(|p| p.pages.is_empty() || p.pages.iter().any(|page| page_matches(doc_file, page)))
        .map(|p| p.spec)
}

/// The reference folders, each once, in the order of [`SPEC_PARTS`].
pub fn references() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for p in SPEC_PARTS {
        if !out.contains(&p.reference) {
            out.push(p.reference);
        }
    }
    out
}

/// Documented operations that no spec generates: (reference folder, page, why). The SFS
/// General Purpose file system API is OBS's bucket API: XML bodies, signed like OBS
/// (`Authorization: OBS <AK>:<signature>`), on the bucket's own host
/// (`<name>.sfs3.<region>…`). The generator and runtime speak JSON with IAM tokens or
/// SDK-HMAC-SHA256 signing; drafting these as JSON operations would be wrong in silence.
pub const NOT_GENERATED: &[(&str, &str, &str)] = &[
    (
        "sfs",
        "general_purpose_file_system_apis_beta/file_systems/creating_a_file_system.rst",
        "OBS bucket API: XML body, OBS signature, bucket host",
    ),
    (
        "sfs",
        "general_purpose_file_system_apis_beta/file_systems/deleting_a_file_system.rst",
        "OBS bucket API: OBS signature, bucket host",
    ),
    (
        "sfs",
        "general_purpose_file_system_apis_beta/file_systems/listing_file_systems.rst",
        "OBS bucket API: XML response, OBS signature",
    ),
    (
        "sfs",
        "general_purpose_file_system_apis_beta/file_system_access_rules/configuring_a_file_system_acl.rst",
        "OBS bucket API (`PUT /?sfsacl`): OBS signature, bucket host",
    ),
    (
        "sfs",
        "general_purpose_file_system_apis_beta/file_system_access_rules/deleting_a_file_system_acl.rst",
        "OBS bucket API (`DELETE /?sfsacl`): OBS signature, bucket host",
    ),
    (
        "sfs",
        "general_purpose_file_system_apis_beta/file_system_access_rules/obtaining_file_system_acl_information.rst",
        "OBS bucket API (`GET /?sfsacl`): OBS signature, bucket host",
    ),
];

/// Why the page `doc_file` of `reference` has no generated operation, if it is listed in
/// [`NOT_GENERATED`].
pub fn not_generated(reference: &str, doc_file: &str) -> Option<&'static str> {
    NOT_GENERATED
        .iter()
        .find(|(r, page, _)| *r == reference && *page == doc_file)
        .map(|(.., why)| *why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_without_what_is_needed_is_not_taken() {
        assert_eq!(shared_dir(&["no-such-entry-in-any-shared-dir"]), None);
    }

    #[test]
    fn ci_is_recognised_from_its_usual_values() {
        assert!(under_ci(Some("true")));
        assert!(under_ci(Some("1")));
        assert!(!under_ci(None));
        assert!(!under_ci(Some("")));
        assert!(!under_ci(Some("false")));
        assert!(skip_line("x").starts_with("SKIPPED: x: "));
    }

    #[test]
    fn tsv_rows_map_columns_and_pad_short_rows() {
        let dir = std::env::temp_dir().join(format!("otc-test-support-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("t.tsv");
        std::fs::write(&file, "a\tb\n1\t2\n\n3\n").unwrap();
        let rows = tsv_rows(&file);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0]["a"].as_str(), rows[0]["b"].as_str()), ("1", "2"));
        assert_eq!((rows[1]["a"].as_str(), rows[1]["b"].as_str()), ("3", ""));
    }

    #[test]
    fn pages_map_to_their_spec() {
        assert_eq!(spec_of("as", "apis/x.rst"), Some("as"));
        assert_eq!(
            spec_of("vpn", "api_reference_classic_vpn/api/a.rst"),
            Some("vpnclassic")
        );
        assert_eq!(
            spec_of("vpn", "api_reference_enterprise_edition_vpn/a.rst"),
            Some("vpn")
        );
        assert_eq!(
            spec_of("sfs", "appendix/sfs_turbo_error_codes.rst"),
            Some("sfsturbo")
        );
        assert_eq!(spec_of("sfs", "sfs_turbo_apisx/a.rst"), None);
        assert_eq!(spec_of("sfs", "appendix/status_codes.rst"), None);
        assert_eq!(
            references(),
            ["as", "ims", "mrs", "iam", "vpc", "vpn", "sfs"]
        );
    }
}
