//! Every example body of the published reference decodes into the generated types.
//!
//! For each reference folder (`as`, `ims`, `mrs`, `iam`, `vpc`, `vpn`, `sfs`) the test reads
//! `otc-api-inventory/<folder>/examples/index.tsv` and checks every example file it lists
//! against the spec that drafts its page (`otc_test_support::SPEC_PARTS`; examples of
//! operations listed in `otc_test_support::NOT_GENERATED` are skipped):
//!
//! - a response body (`<page>__<n>.json`) with a success status (or no status) decodes into the
//!   generated response type of its operation for that status;
//! - a response body with an error status (4xx/5xx, or no status and a "failed" label) is not a
//!   body of the operation: [`otc_runtime::parse_error_body`] must find a code or a message in it;
//! - a request body (`<page>__req<n>.json`) decodes into the generated request body type and
//!   encodes back to the same JSON, where a key with a `null` value, `[]` or `{}` equals an absent
//!   key (collections are never optional: absent means empty) and a
//!   value a `lenient` field converted (`"100"` → `100`, `"true"` → `true`, `0` → `"0"`) equals
//!   what it became.
//!
//! The endpoint column (`METHOD /path`) picks the operations through `OPERATIONS`; where several
//! operations share a method and path (the IAM token logins on `POST /v3/auth/tokens`) the
//! operation whose `source:` in the spec is the example's page is used.
//!
//! Example blocks that are not JSON in the reference itself are listed in
//! `examples_broken.txt`; they are doc errors, listed below in [`DOC_ERRORS`] with their reason,
//! and the test asserts the two lists agree.
//!
//! Per spec it prints the share of examples that decode faithfully and the share of example
//! values that land in untyped `json` fields, and asserts both against [`TARGETS`]. The specs
//! in [`STRICT`] fail on any example that does not decode; the others list theirs.
//!
//! The reference is looked up by `otc_test_support::shared_dir` (`$OTC_API_SHARED`, then
//! `shared/` beside the repository); without it the test prints SKIPPED and passes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use otc_codegen::model::{Model, Ty, TypeKind};
use serde_json::Value;

include!(concat!(env!("OUT_DIR"), "/dispatch.rs"));

/// Example blocks of the reference that are not valid JSON as published
/// (`examples_broken.txt`): (service, file the block would have been, reason). Doc errors,
/// not data to invent; nothing is decoded for them.
const DOC_ERRORS: &[(&str, &str, &str)] = &[
    (
        "mrs",
        "creating_a_cluster_and_running_a_job__req4.json",
        "missing comma between members",
    ),
    (
        "mrs",
        "adding_and_executing_a_job__2.json",
        "unquoted or missing value",
    ),
    (
        "mrs",
        "obtain_the_sql_result__req1.json",
        "raw line break / control character inside a string",
    ),
    (
        "mrs",
        "obtain_the_sql_result__2.json",
        "missing comma between members",
    ),
    (
        "mrs",
        "querying_a_list_of_jobs__2.json",
        "missing comma between members",
    ),
    (
        "mrs",
        "querying_information_about_a_job__2.json",
        "missing comma between members",
    ),
    (
        "mrs",
        "terminating_a_job__1.json",
        "missing comma between members",
    ),
    (
        "mrs",
        "querying_a_list_of_clusters_with_specified_tags__1.json",
        "missing comma between members",
    ),
    (
        "mrs",
        "checking_the_login__1.json",
        "missing comma between members",
    ),
    (
        "iam",
        "obtaining_an_agency_token__1.json",
        "missing comma between members",
    ),
    (
        "vpc",
        "native_openstack_neutron_apis_v2.0--security_group--querying_security_group_rules__1.json",
        "raw line break / control character inside a string",
    ),
    (
        "vpc",
        "querying_subnet_pools__1.json",
        "unbalanced brackets (9 open / 10 close)",
    ),
    (
        "vpc",
        "vpc_apis_v1_v2--security_group--creating_a_security_group__req1.json",
        "missing comma between members",
    ),
    (
        "vpn",
        "querying_a_specified_customer_gateway__1.json",
        "missing comma between members",
    ),
    (
        "vpn",
        "querying_a_specified_vpn_connection__1.json",
        "unbalanced brackets (10 open / 11 close)",
    ),
    (
        "vpn",
        "querying_the_azs_of_vpn_gateways__1.json",
        "missing comma between members",
    ),
];

/// Valid JSON examples that still do not decode, with why: (reference folder, file, reason).
/// Each must keep failing; one that starts to decode fails the test until it is taken off the
/// list. They are errors of the reference and do not count in the faithful share.
const KNOWN_MISMATCHES: &[(&str, &str, &str)] = &[
    (
        "ims",
        "modifying_an_image_native_openstack_api__req2.json",
        "the Glance v2.0 JSON-patch dialect ({\"replace\": \"/name\", \"value\": ...}), which \
         goes with Content-Type application/openstack-images-v2.0-json-patch; \
         update_image_native sends the v2.1 dialect (op/path/value) with the v2.1 content type, \
         and one operation cannot choose its content type per request",
    ),
    (
        "mrs",
        "creating_a_cluster_and_running_a_job__req1.json",
        "the second resources plan spells every key with a trailing space (\"period_type \", \
         \"start_time \", ...): a typo; the table, the first plan of the same request and \
         example request 2 use the plain names, and period_type is mandatory",
    ),
    (
        "vpc",
        "querying_ports__5.json",
        "the example spells `port_secuirty_enabled`: a typo; the table and the other examples \
         say `port_security_enabled`",
    ),
    (
        "vpc",
        "querying_ports__6.json",
        "the example has `port_security_enabled` twice in one object; a duplicate key is not \
         valid data (the generated decoders refuse it, as serde's derive does)",
    ),
    (
        "vpn",
        "creating_an_ipsec_vpn_connection__1.json",
        "the example has `vpnservice_id` twice in one object",
    ),
];

/// Operation name → `source:` page, read from `specs/<svc>.yaml` (the generated dispatch table
/// has no pages). The specs are written by `to_yaml`: an operation is a two-space-indented
/// `name:` line under `operations:`, its page a four-space-indented `source:` line.
fn sources(svc: &str) -> HashMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(format!("{svc}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = HashMap::new();
    let mut in_ops = false;
    let mut current: Option<String> = None;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() && !line.starts_with('#') {
            in_ops = line == "operations:";
            current = None;
            continue;
        }
        if !in_ops {
            continue;
        }
        if let Some(name) = line
            .strip_prefix("  ")
            .filter(|l| !l.starts_with(' ') && !l.starts_with('-'))
            .and_then(|l| l.strip_suffix(':'))
        {
            current = Some(name.to_owned());
        } else if let (Some(op), Some(src)) = (&current, line.strip_prefix("    source: ")) {
            out.insert(op.clone(), src.trim().trim_matches(['\'', '"']).to_owned());
        }
    }
    out
}

/// `null`, `[]`, or an object whose members are all empty: what an absent value encodes back to
/// (response collections are not optional, absent means empty, and empty is left out).
fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(empty),
        _ => false,
    }
}

/// Why a re-encoded request body differs from the example: one line per difference.
fn differences(orig: &Value, back: &Value, at: &str, out: &mut Vec<String>) {
    // A response collection that is absent decodes as empty and an empty one is left out when
    // encoding (absent = empty), so `[]` and `{}` count as absent like `null`.
    let absent = |v: Option<&Value>| v.is_none_or(empty);
    match (orig, back) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let (x, y) = (a.get(k), b.get(k));
                let here = format!("{at}.{k}");
                match (absent(x), absent(y)) {
                    (true, true) => {}
                    (false, true) => out.push(format!(
                        "{here}: dropped (the type has no such field), was {}",
                        x.map(Value::to_string).unwrap_or_default()
                    )),
                    (true, false) => out.push(format!(
                        "{here}: added {}",
                        y.map(Value::to_string).unwrap_or_default()
                    )),
                    (false, false) => {
                        if let (Some(x), Some(y)) = (x, y) {
                            differences(x, y, &here, out);
                        }
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!("{at}: {} items became {}", a.len(), b.len()));
                return;
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(x, y, &format!("{at}[{i}]"), out);
            }
        }
        (x, y) if lenient_equal(x, y) => {}
        (x, y) => out.push(format!("{at}: {x} became {y}")),
    }
}

/// Scalars equal as a `lenient` field sees them: the same number (`1` and `1.0`, `"100"` and
/// `100`), the same boolean (`"true"` and `true`), or a number or boolean and its JSON text.
fn lenient_equal(a: &Value, b: &Value) -> bool {
    let num = |v: &Value| match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let boolean = |v: &Value| match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    };
    if a == b {
        return true;
    }
    match (a, b) {
        (Value::String(_), Value::String(_)) => false,
        (Value::Number(_), _) | (_, Value::Number(_)) => {
            matches!((num(a), num(b)), (Some(x), Some(y)) if x == y)
        }
        (Value::Bool(_), _) | (_, Value::Bool(_)) => {
            matches!((boolean(a), boolean(b)), (Some(x), Some(y)) if x == y)
        }
        _ => false,
    }
}

/// The success statuses a response body may be documented under.
const SUCCESS: &[u16] = &[200, 201, 202, 203, 204, 206, 300];

/// Specs whose every valid example must decode faithfully (exceptions only in
/// [`KNOWN_MISMATCHES`]).
const STRICT: &[&str] = &[
    "as",
    "ims",
    "mrs",
    "iam",
    "vpc",
    "vpnclassic",
    "vpn",
    "sfs",
    "sfsturbo",
    "sfsgp",
];

/// Per spec: the least share of its examples that decode faithfully and the largest share of
/// example values that may land in `json` fields, in per cent. The target is 97 % and 1 %;
/// where a spec is not there yet, the figure it reached is the floor, so it cannot regress.
const TARGETS: &[(&str, f64, f64)] = &[
    ("as", 97.0, 1.0),
    // IMS: the Glance image schemas (`properties`) are JSON Schema documents, free-form JSON
    ("ims", 97.0, 25.0),
    // MRS: job and cluster configuration maps kept as JSON
    ("mrs", 97.0, 11.5),
    ("iam", 97.0, 1.0),
    ("vpc", 97.0, 1.0),
    ("vpnclassic", 97.0, 1.0),
    ("vpn", 97.0, 1.0),
    ("sfs", 97.0, 1.0),
    ("sfsturbo", 97.0, 1.0),
    ("sfsgp", 97.0, 1.0),
];

#[derive(Default)]
struct Tally {
    responses: usize,
    requests: usize,
    errors: usize,
    /// Request and success-response examples checked.
    checked: usize,
    /// Example values (scalars) in the checked examples, and those that land in `json` fields.
    values: usize,
    json_values: usize,
    /// Examples that do not decode faithfully (the strict specs fail on them).
    failing: Vec<String>,
}

#[test]
fn every_example_decodes() {
    let Some(shared) = otc_test_support::shared_dir(&["otc-api-inventory"]) else {
        otc_test_support::skip_note("decoding the published examples");
        return;
    };
    let inventory = shared.join("otc-api-inventory");
    let mut failures: Vec<String> = Vec::new();
    let mut mismatched: BTreeSet<(String, String)> = BTreeSet::new();
    let mut broken_in_files: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut tally: BTreeMap<&str, Tally> = BTreeMap::new();
    let models: HashMap<&str, Model> = otc_test_support::SPEC_PARTS
        .iter()
        .map(|p| (p.spec, model(p.spec)))
        .collect();
    let sources: HashMap<&str, HashMap<String, String>> = otc_test_support::SPEC_PARTS
        .iter()
        .map(|p| (p.spec, sources(p.spec)))
        .collect();
    let mut not_generated = 0;

    for reference in otc_test_support::references() {
        let dir = inventory.join(reference).join("examples");

        // The doc errors of this folder, as the inventory lists them.
        let broken = inventory.join(reference).join("examples_broken.txt");
        if let Ok(text) = std::fs::read_to_string(&broken) {
            for line in text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            {
                let cols: Vec<&str> = line.split('\t').collect();
                let reason = cols.get(4).copied().unwrap_or("");
                let reason = reason.split(" [").next().unwrap_or(reason).trim();
                broken_in_files.insert((
                    reference.to_string(),
                    cols[0].to_owned(),
                    reason.to_owned(),
                ));
            }
        }

        let rows = otc_test_support::tsv_rows(&dir.join("index.tsv"));
        // Every file of the folder is listed in the index, so none escapes the test.
        let listed: BTreeSet<&str> = rows.iter().map(|r| r["file"].as_str()).collect();
        for entry in std::fs::read_dir(&dir).expect("examples folder").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !listed.contains(name.as_str()) {
                failures.push(format!("{reference}/{name}: not listed in index.tsv"));
            }
        }

        for row in &rows {
            let file = &row["file"];
            let here = format!("{reference}/{file}");
            if otc_test_support::not_generated(reference, &row["doc_file"]).is_some() {
                not_generated += 1;
                continue;
            }
            let Some(svc) = otc_test_support::spec_of(reference, &row["doc_file"]) else {
                failures.push(format!("{here}: no spec drafts {}", row["doc_file"]));
                continue;
            };
            let t = tally.entry(svc).or_default();
            let body = match std::fs::read(dir.join(file)) {
                Ok(b) => b,
                Err(e) => {
                    failures.push(format!("{here}: cannot read: {e}"));
                    continue;
                }
            };
            if let Err(e) = serde_json::from_slice::<Value>(&body) {
                failures.push(format!("{here}: not JSON: {e}"));
                continue;
            }
            // A page that prints a method without a path has `GET` alone here; its
            // operation is found by its page.
            let (method, path) = row["endpoints"]
                .split_once(' ')
                .unwrap_or((row["endpoints"].as_str(), ""));
            if method.is_empty() {
                failures.push(format!("{here}: no endpoint in index.tsv"));
                continue;
            }
            let same_endpoint: Vec<&str> = OPERATIONS
                .iter()
                .filter(|(s, _, m, p)| *s == svc && *m == method && *p == path)
                .map(|(_, op, _, _)| *op)
                .collect();
            // Prefer the operation documented on the example's page.
            let on_page: Vec<&str> = OPERATIONS
                .iter()
                .filter(|(s, op, m, _)| {
                    *s == svc
                        && *m == method
                        && sources[svc].get(*op).map(String::as_str)
                            == Some(row["doc_file"].as_str())
                })
                .map(|(_, op, _, _)| *op)
                .collect();
            let ops = if on_page.is_empty() {
                same_endpoint
            } else {
                on_page
            };
            if ops.is_empty() {
                failures.push(format!("{here}: no operation {method} {path}"));
                continue;
            }

            let status: Option<u16> = row["http_status"].parse().ok();
            let label = row["label"].to_lowercase();
            // Without a status, a "failed" label marks an error body, unless the body has no
            // error envelope: then it is an operation's report of partial failure.
            // An example without a status under an operation that has no response body
            // ("None, or:") is the error body it may send instead.
            let no_body_type = || {
                ops.iter().all(|op| {
                    SUCCESS
                        .iter()
                        .all(|s| decode_response(svc, op, *s, b"{}").is_none())
                })
            };
            let is_error = match status {
                Some(s) => s >= 400,
                None => {
                    (label.contains("fail") || label.contains("error") || no_body_type())
                        && otc_runtime::parse_error_body(&body)
                            .is_some_and(|p| p.code.is_some() || p.message.is_some())
                }
            };
            if !is_error {
                t.checked += 1;
                if let Ok(value) = serde_json::from_slice::<Value>(&body) {
                    let model = &models[svc];
                    let ty = model
                        .operations
                        .iter()
                        .find(|o| o.name.trim_start_matches("r#") == ops[0])
                        .and_then(|o| {
                            if row["kind"] == "req" {
                                o.body.as_ref().map(|b| b.ty.clone())
                            } else {
                                o.responses
                                    .iter()
                                    .find(|r| {
                                        status.is_none_or(|s| r.status == s) && r.ty.is_some()
                                    })
                                    .and_then(|r| r.ty.clone())
                            }
                        });
                    let (all, json) = match ty {
                        Some(ty) => json_share(model, &ty, &value),
                        None => (leaves(&value), 0),
                    };
                    t.values += all;
                    t.json_values += json;
                }
            }
            let outcome: Result<(), String> = if row["kind"] == "req" {
                check_request(svc, &ops, &body).map(|()| t.requests += 1)
            } else if is_error {
                match otc_runtime::parse_error_body(&body) {
                    Some(p) if p.code.is_some() || p.message.is_some() => {
                        t.errors += 1;
                        Ok(())
                    }
                    other => Err(format!(
                        "error body (status {}) without a code or message: {other:?}",
                        row["http_status"]
                    )),
                }
            } else {
                check_response(svc, &ops, status, &body).map(|()| t.responses += 1)
            };
            if let Err(e) = outcome {
                if KNOWN_MISMATCHES
                    .iter()
                    .any(|(s, f, _)| *s == reference && f == file)
                {
                    mismatched.insert((reference.to_string(), file.clone()));
                    // an error of the reference: not counted for or against the share
                    if !is_error {
                        t.checked -= 1;
                    }
                } else if STRICT.contains(&svc) || is_error {
                    failures.push(format!("{here} ({}): {e}", ops.join(" | ")));
                } else {
                    t.failing.push(format!("{here} ({}): {e}", ops.join(" | ")));
                }
            }
        }
    }

    eprintln!(
        "{not_generated} example(s) of operations that are not generated (otc_test_support::NOT_GENERATED)"
    );
    for (svc, t) in &tally {
        let faithful = t.requests + t.responses;
        let faithful_pct = percent(faithful, t.checked, 100.0);
        let json_pct = percent(t.json_values, t.values, 0.0);
        eprintln!(
            "{svc}: {} response bodies, {} request bodies and {} error bodies decode; \
             faithful {faithful}/{} = {faithful_pct:.1} %; example values in json fields {}/{} = {json_pct:.1} %",
            t.responses, t.requests, t.errors, t.checked, t.json_values, t.values
        );
        for f in &t.failing {
            eprintln!("  {f}");
        }
        let (_, min_faithful, max_json) = TARGETS
            .iter()
            .find(|(s, ..)| s == svc)
            .unwrap_or_else(|| panic!("{svc}: no entry in TARGETS"));
        if faithful_pct < *min_faithful {
            failures.push(format!(
                "{svc}: {faithful_pct:.1} % of examples decode faithfully, below the floor of {min_faithful} %"
            ));
        }
        if json_pct > *max_json {
            failures.push(format!(
                "{svc}: {json_pct:.1} % of example values land in json fields, above the ceiling of {max_json} %"
            ));
        }
    }

    // The doc errors listed here are exactly those of examples_broken.txt.
    let listed: BTreeSet<(String, String, String)> = DOC_ERRORS
        .iter()
        .map(|(s, f, r)| (s.to_string(), f.to_string(), r.to_string()))
        .collect();
    for missing in broken_in_files.difference(&listed) {
        failures.push(format!(
            "{}/{}: in examples_broken.txt ({}) but not in DOC_ERRORS",
            missing.0, missing.1, missing.2
        ));
    }
    for extra in listed.difference(&broken_in_files) {
        failures.push(format!(
            "{}/{}: in DOC_ERRORS ({}) but not in examples_broken.txt",
            extra.0, extra.1, extra.2
        ));
    }
    for (svc, file, reason) in KNOWN_MISMATCHES {
        if !mismatched.contains(&(svc.to_string(), file.to_string())) {
            failures.push(format!(
                "{svc}/{file}: listed as not decoding ({reason}) but decodes now: take it off KNOWN_MISMATCHES"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) do not decode:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `part` of `whole` in per cent; `empty` when there is no whole.
fn percent(part: usize, whole: usize, empty: f64) -> f64 {
    if whole == 0 {
        empty
    } else {
        100.0 * part as f64 / whole as f64
    }
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

/// Scalar values (strings, numbers, booleans) in a JSON value.
fn leaves(value: &Value) -> usize {
    match value {
        Value::Null => 0,
        Value::Array(items) => items.iter().map(leaves).sum(),
        Value::Object(map) => map.values().map(leaves).sum(),
        _ => 1,
    }
}

/// (scalar values of `value`, those of them that the type `ty` keeps in `json` fields). Keys
/// the type does not have count as values, not as json ones.
fn json_share(model: &Model, ty: &Ty, value: &Value) -> (usize, usize) {
    fn walk(model: &Model, ty: &Ty, value: &Value, depth: usize) -> (usize, usize) {
        if depth > 64 {
            return (leaves(value), 0);
        }
        match (ty, value) {
            (Ty::Json, v) => (leaves(v), leaves(v)),
            (Ty::Array(inner), Value::Array(items)) => items
                .iter()
                .map(|v| walk(model, inner, v, depth + 1))
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
            (Ty::Map(inner), Value::Object(m)) => m
                .values()
                .map(|v| walk(model, inner, v, depth + 1))
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
            (Ty::Named(name), v) => match model
                .types
                .iter()
                .find(|t| &t.name == name)
                .map(|t| &t.kind)
            {
                Some(TypeKind::Alias(inner)) => walk(model, inner, v, depth + 1),
                Some(TypeKind::Object(fields)) => match v {
                    Value::Object(m) => m
                        .iter()
                        .map(|(k, v)| match fields.iter().find(|f| &f.wire == k) {
                            Some(f) => walk(model, &f.ty, v, depth + 1),
                            None => (leaves(v), 0),
                        })
                        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
                    other => (leaves(other), 0),
                },
                _ => (leaves(v), 0),
            },
            (_, v) => (leaves(v), 0),
        }
    }
    walk(model, ty, value, 0)
}

/// Decodes a request example into the request body type of one of `ops` and checks that it
/// encodes back to the same JSON.
fn check_request(svc: &str, ops: &[&str], body: &[u8]) -> Result<(), String> {
    let original: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let mut errors = Vec::new();
    for op in ops {
        match decode_request(svc, op, body) {
            None => errors.push(format!("{op}: no request body type")),
            Some(Err(e)) => errors.push(format!("{op}: {e}")),
            Some(Ok(back)) => {
                let mut diff = Vec::new();
                differences(&original, &back, "$", &mut diff);
                if diff.is_empty() {
                    return Ok(());
                }
                errors.push(format!("{op}: re-encoded differently: {}", diff.join("; ")));
            }
        }
    }
    Err(errors.join(" / "))
}

/// Decodes a response example into the response type of one of `ops` for `status` (any
/// success status when the example has none).
fn check_response(svc: &str, ops: &[&str], status: Option<u16>, body: &[u8]) -> Result<(), String> {
    let original: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let statuses: Vec<u16> = match status {
        Some(s) => vec![s],
        None => SUCCESS.to_vec(),
    };
    let mut errors = Vec::new();
    for op in ops {
        let mut typed = false;
        for s in &statuses {
            match decode_response(svc, op, *s, body) {
                None => {}
                Some(Ok(back)) => {
                    typed = true;
                    let mut diff = Vec::new();
                    differences(&original, &back, "$", &mut diff);
                    if diff.is_empty() {
                        return Ok(());
                    }
                    errors.push(format!("{op} {s}: decoded, but {}", diff.join("; ")));
                }
                Some(Err(e)) => {
                    typed = true;
                    errors.push(format!("{op} {s}: {e}"));
                }
            }
        }
        if !typed {
            errors.push(format!(
                "{op}: no response body type for status {}",
                status.map_or("2xx".to_owned(), |s| s.to_string())
            ));
        }
    }
    Err(errors.join(" / "))
}
