//! Every example body of the published reference decodes into the generated types.
//!
//! For each service (`as`, `ims`, `mrs`, `iam`) the test reads
//! `otc-api-inventory/<svc>/examples/index.tsv` and checks every example file it lists:
//!
//! - a response body (`<page>__<n>.json`) with a success status (or no status) decodes into the
//!   generated response type of its operation for that status;
//! - a response body with an error status (4xx/5xx, or no status and a "failed" label) is not a
//!   body of the operation: [`otc_runtime::parse_error_body`] must find a code or a message in it;
//! - a request body (`<page>__req<n>.json`) decodes into the generated request body type and
//!   encodes back to the same JSON, where a key with a `null` value equals an absent key and a
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
//! The reference is looked up by `otc_test_support::shared_dir` (`$OTC_API_SHARED`, then
//! `shared/` beside the repository); without it the test prints SKIPPED and passes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

include!(concat!(env!("OUT_DIR"), "/dispatch.rs"));

const SERVICES: &[&str] = &["as", "ims", "mrs", "iam"];

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
];

/// Valid JSON examples that still do not decode, with why: (service, file, reason). Each must
/// keep failing; one that starts to decode fails the test until it is taken off the list.
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

/// `null`, `[]`, and an object holding only such values mean what an absent key means:
/// generated answer types hold lists and maps as plain collections, empty when absent, and
/// leave empty ones out.
fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.values().all(empty),
        _ => false,
    }
}

/// Why a re-encoded request body differs from the example: one line per difference.
fn differences(orig: &Value, back: &Value, at: &str, out: &mut Vec<String>) {
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

#[derive(Default)]
struct Tally {
    responses: usize,
    requests: usize,
    errors: usize,
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

    for svc in SERVICES {
        let dir = inventory.join(svc).join("examples");
        let sources = sources(svc);
        let t = tally.entry(svc).or_default();

        // The doc errors of this service, as the inventory lists them.
        let broken = inventory.join(svc).join("examples_broken.txt");
        if let Ok(text) = std::fs::read_to_string(&broken) {
            for line in text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            {
                let cols: Vec<&str> = line.split('\t').collect();
                let reason = cols.get(4).copied().unwrap_or("");
                let reason = reason.split(" [").next().unwrap_or(reason).trim();
                broken_in_files.insert((svc.to_string(), cols[0].to_owned(), reason.to_owned()));
            }
        }

        let rows = otc_test_support::tsv_rows(&dir.join("index.tsv"));
        // Every file of the folder is listed in the index, so none escapes the test.
        let listed: BTreeSet<&str> = rows.iter().map(|r| r["file"].as_str()).collect();
        for entry in std::fs::read_dir(&dir).expect("examples folder").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !listed.contains(name.as_str()) {
                failures.push(format!("{svc}/{name}: not listed in index.tsv"));
            }
        }

        for row in &rows {
            let file = &row["file"];
            let here = format!("{svc}/{file}");
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
            let Some((method, path)) = row["endpoints"].split_once(' ') else {
                failures.push(format!("{here}: no endpoint in index.tsv"));
                continue;
            };
            let same_endpoint: Vec<&str> = OPERATIONS
                .iter()
                .filter(|(s, _, m, p)| s == svc && *m == method && *p == path)
                .map(|(_, op, _, _)| *op)
                .collect();
            // Prefer the operation documented on the example's page.
            let on_page: Vec<&str> = same_endpoint
                .iter()
                .copied()
                .filter(|op| sources.get(*op).map(String::as_str) == Some(row["doc_file"].as_str()))
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
            let is_error = match status {
                Some(s) => s >= 400,
                None => label.contains("fail") || label.contains("error"),
            };
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
                    .any(|(s, f, _)| s == svc && f == file)
                {
                    mismatched.insert((svc.to_string(), file.clone()));
                } else {
                    failures.push(format!("{here} ({}): {e}", ops.join(" | ")));
                }
            }
        }
    }

    for (svc, t) in &tally {
        eprintln!(
            "{svc}: {} response bodies, {} request bodies and {} error bodies decode",
            t.responses, t.requests, t.errors
        );
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
