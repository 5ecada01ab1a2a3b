//! The checked-in specs against the published reference's inventory: every documented
//! operation (method and path) is an operation of the spec that drafts its page (or is listed
//! in `otc_test_support::NOT_GENERATED` with why), and every documented error code is a variant of that spec's
//! `ErrorCode`, with the HTTP statuses of all of its rows.
//!
//! One reference folder can feed several specs (VPN: `vpnclassic` and `vpn`; SFS: `sfs`,
//! `sfsturbo`, `sfsgp`); `otc_test_support::SPEC_PARTS` says which pages each spec drafts.
//!
//! The inventory is found by `otc_test_support::shared_dir` (`$OTC_API_SHARED`, else `shared/`
//! beside the repository); without it these tests say so and pass.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use otc_codegen::model::Model;

/// Documented operations whose page prints no usable path, with the path the spec uses:
/// (reference folder, page, path, why).
const PATH_FROM_EXAMPLE: &[(&str, &str, &str, &str)] = &[(
    "vpn",
    "api_reference_classic_vpn/api/api_version_information/querying_api_versions.rst",
    "/",
    "the URI section prints `GET` without a path; the example request is `GET https://{Endpoint}/`",
)];

/// Documented operations per reference folder (a change in the inventory fails the test).
const OPERATIONS: &[(&str, usize)] = &[
    ("as", 44),
    ("ims", 44),
    ("mrs", 58),
    ("iam", 11),
    ("vpc", 187),
    ("vpn", 62),
    ("sfs", 56),
];

/// Distinct documented error codes per reference folder.
const CODES: &[(&str, usize)] = &[
    ("as", 260),
    ("ims", 177),
    ("mrs", 186),
    ("iam", 115),
    ("vpc", 97),
    ("vpn", 69),
    ("sfs", 101),
];

fn shared() -> Option<PathBuf> {
    let found = otc_test_support::shared_dir(&["otc-api-inventory"]);
    if found.is_none() {
        otc_test_support::skip_note("coverage of the published reference");
    }
    found
}

fn tsv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn model(svc: &str) -> Model {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(format!("{svc}.yaml"));
    match otc_codegen::model_file(&spec) {
        Ok((m, _)) => m,
        Err(report) => panic!("{svc}.yaml does not validate:\n{report}"),
    }
}

/// The models of every spec, loaded once.
fn models() -> HashMap<&'static str, Model> {
    otc_test_support::SPEC_PARTS
        .iter()
        .map(|p| (p.spec, model(p.spec)))
        .collect()
}

fn specs_of(reference: &str) -> Vec<&'static str> {
    otc_test_support::SPEC_PARTS
        .iter()
        .filter(|p| p.reference == reference)
        .map(|p| p.spec)
        .collect()
}

#[test]
fn every_documented_operation_is_in_the_specs() {
    let Some(shared) = shared() else { return };
    let models = models();
    for (reference, expected) in OPERATIONS {
        let rows = tsv(&shared.join(format!("otc-api-inventory/{reference}/endpoints.tsv")));
        assert_eq!(rows.len(), *expected, "{reference}: inventory changed");
        let mut problems = Vec::new();
        let mut generated = 0;
        for r in &rows {
            let (page, method, printed) = (&r[0], &r[3], &r[5]);
            let spec = otc_test_support::spec_of(reference, page);
            let has = |svc: &str, path: &str| {
                models[svc]
                    .operations
                    .iter()
                    .any(|op| op.method.as_str() == method && op.path == path)
            };
            if let Some(why) = otc_test_support::not_generated(reference, page) {
                if spec.is_some_and(|svc| has(svc, printed)) {
                    problems.push(format!(
                        "{method} {printed} ({page}) is generated but listed as not ({why})"
                    ));
                }
                continue;
            }
            generated += 1;
            let path = PATH_FROM_EXAMPLE
                .iter()
                .find(|(f, p, ..)| f == reference && p == page)
                .map_or(printed.as_str(), |(_, _, path, _)| path);
            match spec {
                None => problems.push(format!("{page}: no spec drafts this page")),
                Some(svc) if !has(svc, path) => {
                    problems.push(format!("{svc}: {method} {path} ({page}) missing"));
                }
                Some(_) => {}
            }
        }
        assert!(
            problems.is_empty(),
            "{reference}: documented but not in the specs:\n{}",
            problems.join("\n")
        );
        let ours: usize = specs_of(reference)
            .iter()
            .map(|svc| models[svc].operations.len())
            .sum();
        assert_eq!(
            ours,
            generated,
            "{reference}: operations of {:?} beyond the documented ones",
            specs_of(reference)
        );
    }
}

fn statuses(cell: &str) -> Vec<u16> {
    cell.split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .filter(|s| (100..600).contains(s))
        .collect()
}

#[test]
fn every_documented_error_code_is_a_variant_with_all_its_statuses() {
    let Some(shared) = shared() else { return };
    let models = models();
    for (reference, expected) in CODES {
        let rows = tsv(&shared.join(format!("otc-api-inventory/{reference}/errors.tsv")));
        // code → (spec, documented statuses)
        let mut documented: BTreeMap<(String, String), BTreeSet<u16>> = BTreeMap::new();
        for r in &rows {
            let spec = otc_test_support::spec_of(reference, &r[6])
                .unwrap_or_else(|| panic!("{reference}: no spec drafts {}", r[6]));
            documented
                .entry((spec.to_owned(), r[1].clone()))
                .or_default()
                .extend(statuses(&r[0]));
        }
        let distinct: BTreeSet<&String> = documented.keys().map(|(_, c)| c).collect();
        assert_eq!(distinct.len(), *expected, "{reference}: inventory changed");
        let mut problems = Vec::new();
        for ((svc, code), want) in &documented {
            match models[svc.as_str()].errors.iter().find(|e| &e.code == code) {
                None => problems.push(format!("{svc}: {code} missing")),
                Some(e) => {
                    let have: BTreeSet<u16> = e.statuses.iter().copied().collect();
                    if &have != want {
                        problems.push(format!(
                            "{svc}: {code} has statuses {have:?}, the reference {want:?}"
                        ));
                    }
                }
            }
        }
        for svc in specs_of(reference) {
            for e in &models[svc].errors {
                if !documented.contains_key(&(svc.to_owned(), e.code.clone())) {
                    problems.push(format!("{svc}: {} is not in the reference", e.code));
                }
            }
        }
        assert!(
            problems.is_empty(),
            "{reference}: error codes:\n{}",
            problems.join("\n")
        );
    }
}
