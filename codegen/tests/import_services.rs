//! Imports the four services from the published reference (`../shared/otc-api-docs`) and checks
//! the drafts against the extracted inventory (`../shared/otc-api-inventory`): every endpoint,
//! every error code, and the field names of every example response body.
//!
//! The reference is looked up by `otc_test_support::shared_dir` (`$OTC_API_SHARED`, then
//! `shared/` beside the repository); without it the tests say so and pass.
//!
//! To write a draft (merged with the corrections of the spec already there) and see the
//! importer's warnings, use the CLI:
//! `cargo run -p otc-codegen -- import ../shared/otc-api-docs/as --service as --out specs/as.yaml`.
//! What the drafts and the reviewed specs miss of the inventory is what the tests below assert.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use otc_codegen::import::{ImportOptions, ImportReport, import, to_yaml};
use otc_codegen::spec::{ErrorEnvelope, Service, Spec, TypeDef};

macro_rules! shared_or_skip {
    () => {
        match otc_test_support::shared_dir(&["otc-api-docs", "otc-api-inventory"]) {
            Some(p) => p,
            None => {
                otc_test_support::skip_note("importing the published reference");
                return;
            }
        }
    };
}

fn service(name: &str) -> Service {
    let (title, endpoint, catalog, envelopes, docs): (&str, &str, &str, Vec<ErrorEnvelope>, &str) =
        match name {
            "as" => (
                "Auto Scaling",
                "https://as.{region}.otc.t-systems.com",
                "as",
                vec![ErrorEnvelope::NestedError],
                "https://docs.otc.t-systems.com/auto-scaling/api-ref/",
            ),
            "ims" => (
                "Image Management Service",
                "https://ims.{region}.otc.t-systems.com",
                "image",
                vec![ErrorEnvelope::NestedError],
                "https://docs.otc.t-systems.com/image-management-service/api-ref/",
            ),
            "mrs" => (
                "MapReduce Service",
                "https://mrs.{region}.otc.t-systems.com",
                "mrs",
                vec![ErrorEnvelope::ErrorCodeMsg],
                "https://docs.otc.t-systems.com/mapreduce-service/api-ref/",
            ),
            "iam" => (
                "Identity and Access Management (tokens)",
                "https://iam.{region}.otc.t-systems.com",
                "identity",
                vec![ErrorEnvelope::ErrorCodeMsg, ErrorEnvelope::Keystone],
                "https://docs.otc.t-systems.com/identity-access-management/api-ref/",
            ),
            "vpc" => (
                "Virtual Private Cloud",
                "https://vpc.{region}.otc.t-systems.com",
                "vpc",
                vec![
                    ErrorEnvelope::CodeMessage,
                    ErrorEnvelope::ErrorCodeMsg,
                    ErrorEnvelope::OpenStackFault,
                ],
                "https://docs.otc.t-systems.com/virtual-private-cloud/api-ref/",
            ),
            "vpnclassic" => (
                "Virtual Private Network (Classic)",
                "https://vpc.{region}.otc.t-systems.com",
                "vpc",
                vec![ErrorEnvelope::CodeMessage, ErrorEnvelope::OpenStackFault],
                "https://docs.otc.t-systems.com/virtual-private-network/api-ref/",
            ),
            "vpn" => (
                "Virtual Private Network (Enterprise Edition)",
                "https://vpn.{region}.otc.t-systems.com",
                "vpn",
                vec![ErrorEnvelope::ErrorCodeMsg],
                "https://docs.otc.t-systems.com/virtual-private-network/api-ref/",
            ),
            "sfs" => (
                "Scalable File Service (capacity-oriented)",
                "https://sfs.{region}.otc.t-systems.com",
                "sharev2",
                vec![ErrorEnvelope::OpenStackFault, ErrorEnvelope::ErrorCodeMsg],
                "https://docs.otc.t-systems.com/scalable-file-service/api-ref/",
            ),
            "sfsturbo" => (
                "Scalable File Service Turbo",
                "https://sfs-turbo.{region}.otc.t-systems.com",
                "sfsturbo",
                vec![ErrorEnvelope::ErrCodeMsg],
                "https://docs.otc.t-systems.com/scalable-file-service/api-ref/",
            ),
            "sfsgp" => (
                "Scalable File Service General Purpose File System (tags)",
                "https://sfs3.{region}.otc.t-systems.com",
                "sfs3",
                vec![ErrorEnvelope::ErrorCodeMsg],
                "https://docs.otc.t-systems.com/scalable-file-service/api-ref/",
            ),
            other => panic!("unknown service {other}"),
        };
    Service {
        name: name.to_owned(),
        title: title.to_owned(),
        doc: None,
        endpoint: endpoint.to_owned(),
        catalog_type: catalog.to_owned(),
        error_envelopes: envelopes,
        docs: Some(docs.to_owned()),
    }
}

/// Where the spec `svc` is drafted from.
fn part(svc: &str) -> &'static otc_test_support::SpecPart {
    otc_test_support::SPEC_PARTS
        .iter()
        .find(|p| p.spec == svc)
        .unwrap_or_else(|| panic!("{svc}: not in otc_test_support::SPEC_PARTS"))
}

fn options(shared: &Path, svc: &str, existing: Option<Spec>) -> ImportOptions {
    let part = part(svc);
    ImportOptions {
        docs_dir: shared.join("otc-api-docs").join(part.reference),
        service: service(svc),
        existing,
        pages: part.pages.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn run_import(shared: &Path, svc: &str) -> ImportReport {
    import(&options(shared, svc, None)).unwrap_or_else(|e| panic!("import {svc}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Spec walking
// ---------------------------------------------------------------------------------------------

/// Where a JSON body has a key its documented type does not know: `path: key (type)`.
fn unknown_keys(spec: &Spec, ty: &str, value: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    let ty = ty.trim();
    if let Some(inner) = ty.strip_prefix("array<").and_then(|s| s.strip_suffix('>')) {
        match value {
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    unknown_keys(spec, inner, v, &format!("{at}[{i}]"), out);
                }
            }
            serde_json::Value::Object(_) => {
                out.push(format!("{at} (an object where {ty} is documented)"))
            }
            _ => {}
        }
        return;
    }
    if let Some(inner) = ty.strip_prefix("map<").and_then(|s| s.strip_suffix('>')) {
        if let serde_json::Value::Object(m) = value {
            for (k, v) in m {
                unknown_keys(spec, inner, v, &format!("{at}.{k}"), out);
            }
        }
        return;
    }
    let Some(def) = spec.types.get(ty) else {
        return; // scalar or json
    };
    if let Some(alias) = &def.alias {
        unknown_keys(spec, alias, value, at, out);
        return;
    }
    if def.fields.is_some() && value.is_array() {
        out.push(format!("{at} (an array where object {ty} is documented)"));
        return;
    }
    let (Some(fields), serde_json::Value::Object(m)) = (&def.fields, value) else {
        return;
    };
    for (k, v) in m {
        match fields.get(k) {
            Some(f) => unknown_keys(spec, &f.ty, v, &format!("{at}.{k}"), out),
            None => out.push(format!("{at}.{k} (not in {ty})")),
        }
    }
}

fn type_refs(expr: &str) -> Vec<String> {
    expr.split(['<', '>', ',', ' '])
        .filter(|w| !w.is_empty())
        .filter(|w| {
            !matches!(
                *w,
                "string" | "integer" | "number" | "boolean" | "json" | "array" | "map"
            )
        })
        .map(str::to_owned)
        .collect()
}

fn is_upper_camel(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_snake(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !s.contains("__")
        && !s.ends_with('_')
}

/// Structural checks every drafted spec must pass. Returns the problems.
fn spec_problems(spec: &Spec) -> Vec<String> {
    let mut p = Vec::new();
    for name in spec.operations.keys() {
        if !is_snake(name) {
            p.push(format!("operation name `{name}` is not snake_case"));
        }
    }
    for (name, def) in &spec.types {
        if !is_upper_camel(name) {
            p.push(format!("type name `{name}` is not UpperCamelCase"));
        }
        let kinds = [
            def.fields.is_some(),
            def.variants.is_some(),
            def.alias.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            p.push(format!(
                "type `{name}` is not exactly one of object/enum/alias"
            ));
        }
    }
    let check = |expr: &str, what: String, p: &mut Vec<String>| {
        for t in type_refs(expr) {
            if !spec.types.contains_key(&t) {
                p.push(format!("{what}: type `{t}` is not defined"));
            }
        }
    };
    for (name, op) in &spec.operations {
        for (pn, param) in &op.params {
            check(&param.ty, format!("{name}.{pn}"), &mut p);
        }
        if let Some(r) = &op.request {
            check(&r.ty, format!("{name} request"), &mut p);
        }
        for r in &op.responses {
            if let Some(t) = &r.ty {
                check(t, format!("{name} {}", r.status), &mut p);
            }
        }
        // every {param} of the path (and base) is a path parameter
        let full = format!("{}{}", op.base.clone().unwrap_or_default(), op.path);
        let mut rest = full.as_str();
        while let Some(i) = rest.find('{') {
            let Some(j) = rest[i..].find('}') else { break };
            let param = &rest[i + 1..i + j];
            match op.params.get(param) {
                Some(pp) if pp.location == otc_codegen::spec::ParamLocation::Path => {}
                _ => p.push(format!("{name}: path parameter `{param}` not declared")),
            }
            rest = &rest[i + j + 1..];
        }
    }
    for (name, def) in &spec.types {
        if let Some(a) = &def.alias {
            check(a, format!("type {name}"), &mut p);
        }
        for (f, field) in def.fields.iter().flat_map(|m| m.iter()) {
            check(&field.ty, format!("{name}.{f}"), &mut p);
        }
    }
    p
}

// ---------------------------------------------------------------------------------------------
// Coverage against the inventory
// ---------------------------------------------------------------------------------------------

struct Coverage {
    endpoints: usize,
    endpoint_problems: Vec<String>,
    codes: usize,
    missing_codes: Vec<String>,
    examples_ok: usize,
    example_mismatches: Vec<String>,
}

fn coverage(shared: &Path, svc: &str, spec: &Spec) -> Coverage {
    let reference = part(svc).reference;
    let inv = shared.join("otc-api-inventory").join(reference);
    let ours = |row: &std::collections::HashMap<String, String>| {
        otc_test_support::spec_of(reference, &row["doc_file"]) == Some(svc)
    };
    let mut endpoint_problems = Vec::new();
    let endpoints: Vec<_> = otc_test_support::tsv_rows(&inv.join("endpoints.tsv"))
        .into_iter()
        .filter(ours)
        .collect();
    for row in &endpoints {
        let matching: Vec<&String> = spec
            .operations
            .iter()
            .filter(|(_, op)| {
                op.method.as_str() == row["method"]
                    && op.path == row["path_template"]
                    && op.source.as_deref() == Some(row["doc_file"].as_str())
            })
            .map(|(n, _)| n)
            .collect();
        if matching.len() != 1 {
            endpoint_problems.push(format!(
                "{} {} ({}): {} operations",
                row["method"],
                row["path_template"],
                row["doc_file"],
                matching.len()
            ));
        }
        let deprecated = row["deprecated"] == "yes";
        if let Some(name) = matching.first()
            && spec.operations[*name].deprecated != deprecated
        {
            endpoint_problems.push(format!("{name}: deprecated should be {deprecated}"));
        }
    }
    let codes: BTreeSet<String> = otc_test_support::tsv_rows(&inv.join("errors.tsv"))
        .into_iter()
        .filter(ours)
        .map(|r| r["error_code"].clone())
        .collect();
    let missing_codes = codes
        .iter()
        .filter(|c| !spec.errors.contains_key(*c))
        .cloned()
        .collect();
    let mut examples_ok = 0;
    let mut example_mismatches = Vec::new();
    let index = inv.join("examples").join("index.tsv");
    if index.is_file() {
        for row in otc_test_support::tsv_rows(&index) {
            if row["kind"] != "resp" || !ours(&row) {
                continue;
            }
            let file = inv.join("examples").join(&row["file"]);
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            let status: Option<u16> = row["http_status"].parse().ok();
            if status.is_some_and(|s| !(200..400).contains(&s)) {
                continue; // error bodies: the envelope, not the operation's type
            }
            let label = row["label"].to_lowercase();
            if status.is_none() && (label.contains("fail") || label.contains("error")) {
                continue; // an error body without a status
            }
            let Some((method, path)) = row["endpoints"].split_once(' ') else {
                continue;
            };
            let op = spec.operations.iter().find(|(_, op)| {
                op.method.as_str() == method
                    && op.path == path
                    && op.source.as_deref() == Some(row["doc_file"].as_str())
            });
            let Some((name, op)) = op else {
                example_mismatches.push(format!("{}: no operation {method} {path}", row["file"]));
                continue;
            };
            let resp = match status {
                Some(s) => op.responses.iter().find(|r| r.status == s),
                None => op.responses.first(),
            };
            let Some(ty) = resp.and_then(|r| r.ty.clone()) else {
                example_mismatches.push(format!(
                    "{} ({name}): the spec has no body type for status {}",
                    row["file"], row["http_status"]
                ));
                continue;
            };
            let mut out = Vec::new();
            unknown_keys(spec, &ty, &value, "$", &mut out);
            if out.is_empty() {
                examples_ok += 1;
            } else {
                example_mismatches.push(format!("{} ({name}): {}", row["file"], out.join(", ")));
            }
        }
    }
    Coverage {
        endpoints: endpoints.len(),
        endpoint_problems,
        codes: codes.len(),
        missing_codes,
        examples_ok,
        example_mismatches,
    }
}

/// Example bodies whose keys the documented tables do not explain, with why. A change in the
/// importer that breaks another example, or fixes one of these, fails the test: update the list.
/// The examples show what the services send: `specs/<svc>.yaml` corrects each of these with a
/// `correction:` (checked by `written_specs_cover_inventory`).
fn known_example_mismatches(svc: &str) -> Vec<&'static str> {
    match svc {
        "ims" => vec![
            // the example returns `__productcode`, no response table lists it
            "updating_an_image__1.json",
            "modifying_an_image_native_openstack_api__1.json",
            // the example wraps the image in `{"images": [...]}`; the table describes one image
            "querying_image_details_native_openstack_api_v1.1_deprecated__1.json",
        ],
        "mrs" => vec![
            // the table says the body is an array (`[Array element]`); the example is
            // `{"auto_scaling_policies": [...]}`
            "viewing_auto_scaling_policies__1.json",
            // Sahara-style wrappers: the examples wrap the documented object in
            // `data_source` / `job_binary` / `job_execution` / `job`, the tables do not
            "creating_a_data_source__1.json",
            "querying_the_data_source_details__1.json",
            "updating_a_data_source__1.json",
            "creating_a_job_binary_object__1.json",
            "querying_the_binary_object_details__1.json",
            "updating_a_job_binary_object__1.json",
            "canceling_job_execution__1.json",
            "querying_job_execution_object_details__1.json",
            "creating_a_job_object__1.json",
            "executing_a_job_object__1.json",
            "querying_job_object_details__1.json",
            "updating_a_job_object__1.json",
            // fields the examples return and the tables do not list: `id` of a job execution,
            // `hql` of a job execution (a request field), `queue` of a job, `key_property`
            "querying_the_job_execution_object_list__1.json",
            "adding_a_job_and_executing_the_job__1.json",
            "querying_a_list_of_jobs__1.json",
            "querying_information_about_a_job__1.json",
            "querying_summary_of_a_specified_service__1.json",
            // the table says `sql-results`, the example `sql_results`
            "obtain_the_sql_result__1.json",
            // the table says `value`, the example `values`
            "querying_all_tags__1.json",
        ],
        _ => vec![],
    }
}

fn check_service(svc: &str) {
    let shared = shared_or_skip!();
    let report = run_import(&shared, svc);
    let spec = &report.spec;
    let problems = spec_problems(spec);
    assert!(
        problems.is_empty(),
        "{svc}: spec problems:\n{}",
        problems.join("\n")
    );
    let cov = coverage(&shared, svc, spec);
    eprintln!(
        "{svc}: {} operations (inventory {}), {} error codes (inventory {}), {} types, examples ok {}, not {}, {} warnings",
        spec.operations.len(),
        cov.endpoints,
        spec.errors.len(),
        cov.codes,
        spec.types.len(),
        cov.examples_ok,
        cov.example_mismatches.len(),
        report.warnings.len()
    );
    assert!(
        cov.endpoint_problems.is_empty(),
        "{svc}: endpoints:\n{}",
        cov.endpoint_problems.join("\n")
    );
    assert_eq!(
        spec.operations.len(),
        cov.endpoints,
        "{svc}: operations beyond the inventory"
    );
    assert!(
        cov.missing_codes.is_empty(),
        "{svc}: missing error codes: {:?}",
        cov.missing_codes
    );
    let known = known_example_mismatches(svc);
    let unexpected: Vec<&String> = cov
        .example_mismatches
        .iter()
        .filter(|m| !known.iter().any(|k| m.starts_with(k)))
        .collect();
    let fixed: Vec<&&str> = known
        .iter()
        .filter(|k| !cov.example_mismatches.iter().any(|m| m.starts_with(**k)))
        .collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{svc}: example bodies vs response types\nunexpected mismatches:\n{}\nlisted but now matching: {:?}",
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        fixed
    );
}

#[test]
fn as_import_covers_inventory() {
    check_service("as");
}

#[test]
fn ims_import_covers_inventory() {
    check_service("ims");
}

#[test]
fn mrs_import_covers_inventory() {
    check_service("mrs");
}

#[test]
fn iam_import_covers_inventory() {
    check_service("iam");
}

// ---------------------------------------------------------------------------------------------
// Spot checks
// ---------------------------------------------------------------------------------------------

fn op_by_source<'a>(
    spec: &'a Spec,
    source: &str,
) -> (&'a String, &'a otc_codegen::spec::Operation) {
    spec.operations
        .iter()
        .find(|(_, op)| op.source.as_deref() == Some(source))
        .unwrap_or_else(|| panic!("no operation from {source}"))
}

fn object<'a>(
    spec: &'a Spec,
    name: &str,
) -> &'a indexmap::IndexMap<String, otc_codegen::spec::Field> {
    spec.types
        .get(name)
        .and_then(|t: &TypeDef| t.fields.as_ref())
        .unwrap_or_else(|| panic!("type {name} is not an object"))
}

#[test]
fn as_spot_checks() {
    let shared = shared_or_skip!();
    let spec = run_import(&shared, "as").spec;
    let (name, op) = op_by_source(&spec, "apis/as_groups/querying_as_groups.rst");
    assert_eq!(name, "list_as_groups");
    assert_eq!(op.path, "/autoscaling-api/v1/{project_id}/scaling_group");
    assert_eq!(op.params["start_number"].ty, "integer");
    assert_eq!(op.params["limit"].ty, "integer");
    assert_eq!(
        op.params["project_id"].from,
        Some(otc_codegen::spec::ConfigValue::ProjectId)
    );
    let resp = op.responses.iter().find(|r| r.status == 200).expect("200");
    let body = resp.ty.as_deref().expect("body type");
    let groups = &object(&spec, body)["scaling_groups"];
    let item = groups
        .ty
        .strip_prefix("array<")
        .and_then(|s| s.strip_suffix('>'))
        .expect("scaling_groups is an array");
    assert!(object(&spec, item).contains_key("scaling_group_name"));
    assert!(matches!(
        op.paging,
        Some(otc_codegen::spec::Paging::Offset { .. })
    ));
    // the status query parameter is an enum of the documented values
    let status_ty = &op.params["scaling_group_status"].ty;
    let values: Vec<&str> = spec.types[status_ty]
        .variants
        .as_ref()
        .expect("enum")
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(values, vec!["INSERVICE", "PAUSED", "ERROR", "DELETING"]);
    // errors keep their exact codes, statuses and texts
    let e = &spec.errors["AS.0001"];
    assert_eq!(e.status, Some(otc_codegen::spec::Statuses::One(500)));
    assert_eq!(e.message, "System error.");
    assert_eq!(
        e.solution.as_deref(),
        Some("Try again later or contact technical support.")
    );
}

#[test]
fn mrs_spot_checks() {
    let shared = shared_or_skip!();
    let spec = run_import(&shared, "mrs").spec;
    // codes with leading zeros stay strings; the resize page's rows land in `also`
    assert!(spec.errors.contains_key("0171"));
    let e = &spec.errors["12000009"];
    assert!(
        e.also.iter().any(|a| a.context.as_deref()
            == Some("apis/cluster_management_apis_v1/resizing_a_cluster.rst"))
    );
    // MRS Manager runs on the cluster's address
    let (_, op) = op_by_source(
        &spec,
        "mrs_manager_api/mrs_manager_web_apis/querying_the_health_status_of_a_specified_cluster.rst",
    );
    assert_eq!(op.base.as_deref(), Some("https://{manager_address}:28443"));
    assert_eq!(
        op.params["manager_address"].location,
        otc_codegen::spec::ParamLocation::Path
    );
    // not recommended APIs are deprecated
    let (_, op) = op_by_source(
        &spec,
        "apis/job_object_apis_v1_not_recommended/creating_a_job_object.rst",
    );
    assert!(op.deprecated);
    // a table without a Type column takes the types the page's example shows
    let (_, op) = op_by_source(
        &spec,
        "mrs_manager_api/mrs_manager_web_apis/stopping_a_service.rst",
    );
    let body = op.responses[0].ty.as_deref().expect("response body");
    let fields = object(&spec, body);
    assert_eq!(fields["id"].ty, "integer");
    assert_eq!(fields["state"].ty, "string");
    let (_, op) = op_by_source(
        &spec,
        "mrs_manager_api/mrs_manager_web_apis/starting_a_service.rst",
    );
    let req = op.request.as_ref().expect("request body");
    let fields = object(&spec, &req.ty);
    assert_eq!(fields["only_self"].ty, "boolean");
    assert!(fields["user_password"].secret);
    // `action` fields of the tag APIs are enums
    let (_, op) = op_by_source(
        &spec,
        "apis/tag_management_apis/adding_or_deleting_cluster_tags_in_batches.rst",
    );
    let req = op.request.as_ref().expect("request body");
    let action = &object(&spec, &req.ty)["action"].ty;
    assert!(
        spec.types[action].variants.is_some(),
        "{action} is not an enum"
    );
}

#[test]
fn iam_spot_checks() {
    let shared = shared_or_skip!();
    let spec = run_import(&shared, "iam").spec;
    let (_, op) = op_by_source(
        &spec,
        "apis/token_management/obtaining_a_user_token_through_password_authentication.rst",
    );
    let resp = op.responses.iter().find(|r| r.status == 201).expect("201");
    let token = &resp.headers["X-Subject-Token"];
    assert!(token.secret);
    let req = op.request.as_ref().expect("request body");
    let auth = &object(&spec, &req.ty)["auth"];
    assert!(auth.required);
    let identity = &object(&spec, &auth.ty)["identity"];
    assert!(object(&spec, &identity.ty).contains_key("methods"));
}

#[test]
fn ims_spot_checks() {
    let shared = shared_or_skip!();
    let spec = run_import(&shared, "ims").spec;
    // JSON-patch body: an array of operations
    let (_, op) = op_by_source(&spec, "ims_apis/image/updating_an_image.rst");
    let req = op.request.as_ref().expect("request body");
    assert!(req.ty.starts_with("array<"), "{}", req.ty);
    let (_, op) = op_by_source(
        &spec,
        "native_openstack_apis/image_native_openstack_apis/querying_image_details_native_openstack_api_v1.1_deprecated.rst",
    );
    assert!(op.deprecated);
}

// ---------------------------------------------------------------------------------------------
// YAML, merge, robustness
// ---------------------------------------------------------------------------------------------

#[test]
fn yaml_round_trips_and_is_deterministic() {
    let shared = shared_or_skip!();
    for svc in ["as", "ims", "mrs", "iam"] {
        let spec = run_import(&shared, svc).spec;
        let a = to_yaml(&spec);
        assert!(a.starts_with("# "), "header comment");
        let back: Spec = serde_yaml::from_str(&a).unwrap_or_else(|e| panic!("{svc}: {e}"));
        assert_eq!(back, spec, "{svc}: YAML does not round-trip");
        let again = to_yaml(&run_import(&shared, svc).spec);
        assert_eq!(a, again, "{svc}: output is not deterministic");
    }
}

#[test]
fn merge_keeps_corrections() {
    let shared = shared_or_skip!();
    let draft = run_import(&shared, "as").spec;
    let mut reviewed = draft.clone();
    reviewed.service.doc = Some("Reviewed.".to_owned());
    // a corrected operation, renamed
    let op = reviewed
        .operations
        .shift_remove("list_as_groups")
        .expect("list_as_groups");
    let mut op = op;
    op.doc = Some("Hand-written.".to_owned());
    op.correction = Some("doc rewritten".to_owned());
    reviewed.operations.insert("list_groups".to_owned(), op);
    // a corrected field
    let (tname, field) = {
        let (tname, def) = reviewed
            .types
            .iter_mut()
            .find(|(_, t)| t.fields.as_ref().is_some_and(|f| f.contains_key("limit")))
            .expect("a type with limit");
        let f = def
            .fields
            .as_mut()
            .and_then(|f| f.get_mut("limit"))
            .expect("limit");
        f.ty = "string".to_owned();
        f.lenient = true;
        f.correction = Some("sent as a string".to_owned());
        (tname.clone(), f.clone())
    };
    // a corrected type
    let some_type = reviewed.types.keys().next().cloned().expect("a type");
    if let Some(t) = reviewed.types.get_mut(&some_type) {
        t.doc = Some("Corrected.".to_owned());
        t.correction = Some("doc".to_owned());
    }
    let merged = import(&ImportOptions {
        docs_dir: shared.join("otc-api-docs/as"),
        service: service("as"),
        existing: Some(reviewed.clone()),
        pages: Vec::new(),
    })
    .expect("import")
    .spec;
    assert_eq!(merged.service.doc.as_deref(), Some("Reviewed."));
    assert!(!merged.operations.contains_key("list_as_groups"));
    assert_eq!(
        merged.operations["list_groups"],
        reviewed.operations["list_groups"]
    );
    if some_type != tname {
        assert_eq!(merged.types[&some_type], reviewed.types[&some_type]);
    }
    assert_eq!(
        merged.types[&tname].fields.as_ref().expect("fields")["limit"],
        field
    );
    assert_eq!(merged.operations.len(), draft.operations.len());
    assert!(spec_problems(&merged).is_empty());
    // merging a spec with itself changes nothing
    let same = import(&ImportOptions {
        docs_dir: shared.join("otc-api-docs/as"),
        service: service("as"),
        existing: Some(draft.clone()),
        pages: Vec::new(),
    })
    .expect("import")
    .spec;
    assert_eq!(same, draft);
}

#[test]
fn merge_keeps_corrected_parts() {
    let shared = shared_or_skip!();
    let draft = run_import(&shared, "as").spec;
    let mut reviewed = draft.clone();
    // a corrected parameter, request body, response and error code of uncorrected operations
    let op = reviewed
        .operations
        .get_mut("list_as_groups")
        .expect("list_as_groups");
    let limit = op.params.get_mut("limit").expect("limit");
    limit.ty = "string".to_owned();
    limit.correction = Some("sent as a string".to_owned());
    let response = op.responses.first_mut().expect("a response");
    response.doc = Some("Hand-written.".to_owned());
    response.correction = Some("doc".to_owned());
    let corrected_op = op.clone();
    let op = reviewed
        .operations
        .get_mut("create_as_group")
        .expect("create_as_group");
    let request = op.request.as_mut().expect("request");
    request.optional = true;
    request.correction = Some("may be left out".to_owned());
    let corrected_request = request.clone();
    let code = reviewed.errors.get_mut("AS.0001").expect("AS.0001");
    code.message = "Corrected.".to_owned();
    code.correction = Some("message".to_owned());
    let corrected_code = code.clone();
    // two corrected operations on one method, path and page
    let mut a = reviewed.operations["delete_as_group"].clone();
    a.correction = Some("first of two".to_owned());
    let mut b = a.clone();
    b.correction = Some("second of two".to_owned());
    reviewed
        .operations
        .insert("delete_as_group".to_owned(), a.clone());
    reviewed
        .operations
        .insert("delete_as_group_forced".to_owned(), b.clone());

    let merged = import(&ImportOptions {
        docs_dir: shared.join("otc-api-docs/as"),
        service: service("as"),
        existing: Some(reviewed),
        pages: Vec::new(),
    })
    .expect("import")
    .spec;
    assert_eq!(merged.operations["list_as_groups"], corrected_op);
    assert_eq!(
        merged.operations["create_as_group"].request.as_ref(),
        Some(&corrected_request)
    );
    assert_eq!(merged.errors["AS.0001"], corrected_code);
    assert_eq!(merged.operations["delete_as_group"], a);
    assert_eq!(merged.operations["delete_as_group_forced"], b);
    assert_eq!(merged.operations.len(), draft.operations.len() + 1);
}

#[test]
fn garbage_pages_do_not_panic() {
    let dir = std::env::temp_dir().join(format!("otc-import-garbage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("apis")).expect("temp dir");
    let pages = [
        "Title\n=====\n\nURI\n---\n\nGET /v1/{project_id}/x/{id}?limit={limit}\n\n+--+\n| a\n+==+\n| b |\n",
        "URI\n---\n\nPOST\n\nRequest\n-------\n\n=== ===\na b\n",
        "Thing\n=====\n\nURI\n---\n\nPUT /v2/{a}/{a}\n\nRequest\n-------\n\n+---+---+---+\n| Parameter | Type | Description |\n+===+===+===+\n| x | Object | :ref:`y <nowhere>` |\n+---+---+---+\n\nReturned Values\n---------------\n\n-  Normal\n\n   299 999\n",
        "\u{feff}\u{0}\u{1}ü\n\n+-+-+\n|ä|\n+=+=+\n",
        "Error Codes\n===========\n\n+----+------+----+\n| Status Code | Error Code | Message |\n+====+======+====+\n| abc | | x |\n+----+------+----+\n",
        "",
    ];
    for (i, p) in pages.iter().enumerate() {
        std::fs::write(dir.join("apis").join(format!("p{i}.rst")), p).expect("write");
    }
    std::fs::write(dir.join("apis/bad.rst"), [0xff_u8, 0xfe, 0x00, 0x41]).expect("write");
    let report = import(&ImportOptions {
        docs_dir: dir.clone(),
        service: service("as"),
        existing: None,
        pages: Vec::new(),
    })
    .expect("import");
    let _ = to_yaml(&report.spec);
    let _ = std::fs::remove_dir_all(&dir);
    // a missing directory is an error, not a panic
    assert!(
        import(&ImportOptions {
            docs_dir: dir.join("nope"),
            service: service("as"),
            existing: None,
            pages: Vec::new(),
        })
        .is_err()
    );
}

// ---------------------------------------------------------------------------------------------
// Writing and loading specs/*.yaml
// ---------------------------------------------------------------------------------------------

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// Every spec of `specs/`, in the order of `otc_test_support::SPEC_PARTS`.
fn all_specs() -> Vec<&'static str> {
    otc_test_support::SPEC_PARTS
        .iter()
        .map(|p| p.spec)
        .collect()
}

/// Every spec this importer owns loads and is consistent.
#[test]
fn written_specs_load() {
    for svc in all_specs() {
        let path = specs_dir().join(format!("{svc}.yaml"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("SKIPPED: {} not written yet", path.display());
            continue;
        };
        let spec: Spec =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(spec.service.name, svc);
        let problems = spec_problems(&spec);
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            path.display(),
            problems.join("\n")
        );
    }
}

/// The reviewed specs (drafts plus corrections) still cover the inventory: every endpoint once
/// with its page, every error code, and every example response body's keys; the doc errors of
/// the drafts listed in [`known_example_mismatches`] are corrected there.
#[test]
fn written_specs_cover_inventory() {
    let shared = shared_or_skip!();
    for svc in ["as", "ims", "mrs", "iam"] {
        let path = specs_dir().join(format!("{svc}.yaml"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("SKIPPED: {} not written yet", path.display());
            continue;
        };
        let spec: Spec =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cov = coverage(&shared, svc, &spec);
        assert!(
            cov.endpoint_problems.is_empty(),
            "{svc}: endpoints:\n{}",
            cov.endpoint_problems.join("\n")
        );
        assert_eq!(spec.operations.len(), cov.endpoints, "{svc}: operations");
        assert!(
            cov.missing_codes.is_empty(),
            "{svc}: missing error codes: {:?}",
            cov.missing_codes
        );
        assert!(
            cov.example_mismatches.is_empty(),
            "{svc}: example response bodies the reviewed spec does not explain:\n{}",
            cov.example_mismatches.join("\n")
        );
    }
}

/// The other services of the reference (not drafted here) import without a panic into a
/// consistent spec; their coverage is printed, not asserted.
#[test]
fn seed_services_import_cleanly() {
    let shared = shared_or_skip!();
    for svc in ["vpc", "vpnclassic", "vpn", "sfs", "sfsturbo", "sfsgp"] {
        let report = run_import(&shared, svc);
        let spec = &report.spec;
        let problems = spec_problems(spec);
        assert!(problems.is_empty(), "{svc}:\n{}", problems.join("\n"));
        let back: Spec = serde_yaml::from_str(&to_yaml(spec)).expect("YAML loads");
        assert_eq!(&back, spec);
        let cov = coverage(&shared, svc, spec);
        eprintln!(
            "{svc}: operations {} (inventory {}, {} endpoint problems), codes {}/{} missing {}, examples ok {} not {}, warnings {:?}",
            spec.operations.len(),
            cov.endpoints,
            cov.endpoint_problems.len(),
            spec.errors.len(),
            cov.codes,
            cov.missing_codes.len(),
            cov.examples_ok,
            cov.example_mismatches.len(),
            report.warning_counts()
        );
        assert!(
            cov.missing_codes.is_empty(),
            "{svc}: missing error codes: {:?}",
            cov.missing_codes
        );
    }
}

#[test]
fn merge_keeps_waiters() {
    let shared = shared_or_skip!();
    let spec_file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/as.yaml");
    let text = std::fs::read_to_string(&spec_file).expect("specs/as.yaml");
    let reviewed: Spec = serde_yaml::from_str(&text).expect("specs/as.yaml reads");
    assert!(
        !reviewed.waiters.is_empty(),
        "specs/as.yaml declares waiters"
    );
    let merged = import(&ImportOptions {
        docs_dir: shared.join("otc-api-docs/as"),
        service: service("as"),
        existing: Some(reviewed.clone()),
        pages: Vec::new(),
    })
    .expect("import")
    .spec;
    assert_eq!(
        merged.waiters, reviewed.waiters,
        "waiters are written by hand only"
    );
}
