//! The checked-in specs against the published reference's inventory: every documented
//! operation (method and path) is an operation of the spec, and every documented error code is
//! a variant of the service's `ErrorCode`.
//!
//! The inventory is found by `otc_test_support::shared_dir` (`$OTC_API_SHARED`, else `shared/`
//! beside the repository); without it these tests say so and pass.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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

fn model(svc: &str) -> otc_codegen::model::Model {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(format!("{svc}.yaml"));
    match otc_codegen::model_file(&spec) {
        Ok((m, _)) => m,
        Err(report) => panic!("{svc}.yaml does not validate:\n{report}"),
    }
}

#[test]
fn every_documented_operation_is_in_the_specs() {
    let Some(shared) = shared() else { return };
    for (svc, expected) in [("as", 44), ("ims", 44), ("mrs", 58), ("iam", 11)] {
        let rows = tsv(&shared.join(format!("otc-api-inventory/{svc}/endpoints.tsv")));
        assert_eq!(rows.len(), expected, "{svc}: inventory changed");
        let model = model(svc);
        let ours: Vec<(String, String)> = model
            .operations
            .iter()
            .map(|op| (op.method.as_str().to_owned(), op.path.clone()))
            .collect();
        let missing: Vec<String> = rows
            .iter()
            .filter(|r| !ours.contains(&(r[3].clone(), r[5].clone())))
            .map(|r| format!("{} {}", r[3], r[5]))
            .collect();
        assert!(
            missing.is_empty(),
            "{svc}: documented but not in the spec: {missing:?}"
        );
        assert_eq!(model.operations.len(), expected, "{svc}: operation count");
    }
}

#[test]
fn every_documented_error_code_is_a_variant() {
    let Some(shared) = shared() else { return };
    for (svc, expected) in [("as", 260), ("ims", 177), ("mrs", 186), ("iam", 115)] {
        let documented: BTreeSet<String> =
            tsv(&shared.join(format!("otc-api-inventory/{svc}/errors.tsv")))
                .into_iter()
                .map(|r| r[1].clone())
                .collect();
        assert_eq!(documented.len(), expected, "{svc}: inventory changed");
        let model = model(svc);
        let ours: BTreeSet<String> = model.errors.iter().map(|e| e.code.clone()).collect();
        let missing: Vec<&String> = documented.difference(&ours).collect();
        assert!(
            missing.is_empty(),
            "{svc}: documented codes missing: {missing:?}"
        );
        let extra: Vec<&String> = ours.difference(&documented).collect();
        assert!(
            extra.is_empty(),
            "{svc}: codes the reference does not list: {extra:?}"
        );
    }
}
