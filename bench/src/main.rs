//! The comparison harness (see `bench/compare.sh`, which drives it).
//!
//! - `progenitor <openapi.json> <out.rs> <reduced.json>`: feeds our OpenAPI export to
//!   progenitor. When progenitor refuses it (an error or a panic), the failure is reported and
//!   the next reduction from [`REDUCTIONS`] is added, until progenitor accepts the document or
//!   no reduction is left (`attempt` lines). The set is then made minimal (a reduction that is
//!   not needed is dropped) and each one kept is printed with the failure it avoids (`needed`
//!   lines). Writes the generated code (prettyplease) and the accepted document.
//! - `time <iterations> <spec.yaml> <reduced.json>`: in-process generation time, median of
//!   `iterations` runs each: otc-codegen (`generate_file`: YAML to formatted Rust) and
//!   progenitor (JSON text to formatted Rust: parse, `generate_tokens`, syn, prettyplease);
//!   prints `time\t<what>\t<median ms>\t<min ms>\t<max ms>`.

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Instant;

use serde_json::Value;

type Reduction = (&'static str, &'static str, fn(&mut Value) -> usize);

/// Changes that make our export digestible for progenitor, in the order they are tried. Each
/// returns how many places it changed.
const REDUCTIONS: &[Reduction] = &[
    (
        "default-error-as-4XX-5XX",
        "the `default` error response is declared as `4XX` and `5XX` (progenitor counts `default` as one more success type unless a `2XX` range precedes it)",
        default_error_as_ranges,
    ),
    (
        "one-response-type",
        "per operation, keep only the success statuses whose body type equals the first one's (progenitor asserts one response type per operation)",
        one_response_type,
    ),
    (
        "json-content-types",
        "request bodies with a JSON content type progenitor does not know (application/openstack-images-v2.1-json-patch, …) are declared application/json",
        json_content_types,
    ),
    (
        "one-body-media-type",
        "a request body with several media types (merged operations) keeps the first",
        one_body_media_type,
    ),
    (
        "case-colliding-enums-as-strings",
        "string enums whose values differ only by case (`true`, `True`) lose their `enum` list (typify cannot name the variants)",
        case_colliding_enums,
    ),
    (
        "no-header-params",
        "header parameters are dropped",
        no_header_params,
    ),
    (
        "no-default-error",
        "the `default` error response is dropped",
        no_default_error,
    ),
    (
        "no-allof-wrappers",
        "`allOf: [$ref]` wrappers (nullable or documented references) become the bare `$ref`",
        no_allof_wrappers,
    ),
];

fn operations(doc: &mut Value) -> Vec<&mut serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    if let Some(paths) = doc["paths"].as_object_mut() {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                for op in item.values_mut() {
                    if let Some(op) = op.as_object_mut() {
                        out.push(op);
                    }
                }
            }
        }
    }
    out
}

fn default_error_as_ranges(doc: &mut Value) -> usize {
    let mut changed = 0;
    for op in operations(doc) {
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut)
            && let Some(error) = responses.remove("default")
        {
            responses.insert("4XX".into(), error.clone());
            responses.insert("5XX".into(), error);
            changed += 1;
        }
    }
    changed
}

fn case_colliding_enums(doc: &mut Value) -> usize {
    fn walk(v: &mut Value, changed: &mut usize) {
        match v {
            Value::Object(map) => {
                let collides = map
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|values| {
                        let mut seen = std::collections::BTreeSet::new();
                        values
                            .iter()
                            .filter_map(Value::as_str)
                            .any(|s| !seen.insert(s.to_ascii_lowercase()))
                    });
                if collides {
                    map.remove("enum");
                    *changed += 1;
                }
                for child in map.values_mut() {
                    walk(child, changed);
                }
            }
            Value::Array(items) => {
                for child in items {
                    walk(child, changed);
                }
            }
            _ => {}
        }
    }
    let mut changed = 0;
    walk(doc, &mut changed);
    changed
}

fn one_response_type(doc: &mut Value) -> usize {
    let mut changed = 0;
    for op in operations(doc) {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            continue;
        };
        let success: Vec<String> = responses
            .keys()
            .filter(|k| k.starts_with('2'))
            .cloned()
            .collect();
        let kind = |r: &Value| r.get("content").cloned();
        let Some(first) = success.first() else {
            continue;
        };
        let wanted = kind(&responses[first]);
        for status in &success[1..] {
            if kind(&responses[status]) != wanted {
                responses.remove(status);
                changed += 1;
            }
        }
    }
    changed
}

fn json_content_types(doc: &mut Value) -> usize {
    let known = [
        "application/json",
        "application/octet-stream",
        "application/x-www-form-urlencoded",
        "text/plain",
    ];
    let mut changed = 0;
    for op in operations(doc) {
        let Some(content) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let odd: Vec<String> = content
            .keys()
            .filter(|k| !known.contains(&k.as_str()) && k.contains("json"))
            .cloned()
            .collect();
        for ct in odd {
            if let Some(v) = content.remove(&ct) {
                content.entry("application/json").or_insert(v);
                changed += 1;
            }
        }
    }
    changed
}

fn one_body_media_type(doc: &mut Value) -> usize {
    let mut changed = 0;
    for op in operations(doc) {
        let Some(content) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        while content.len() > 1 {
            let last = content.keys().next_back().cloned().unwrap_or_default();
            content.remove(&last);
            changed += 1;
        }
    }
    changed
}

fn no_header_params(doc: &mut Value) -> usize {
    let mut changed = 0;
    for op in operations(doc) {
        if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
            let before = params.len();
            params.retain(|p| p["in"] != "header");
            changed += before - params.len();
        }
    }
    changed
}

fn no_default_error(doc: &mut Value) -> usize {
    let mut changed = 0;
    for op in operations(doc) {
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut)
            && responses.remove("default").is_some()
        {
            changed += 1;
        }
    }
    changed
}

fn no_allof_wrappers(doc: &mut Value) -> usize {
    fn walk(v: &mut Value, changed: &mut usize) {
        match v {
            Value::Object(map) => {
                let single = map
                    .get("allOf")
                    .and_then(Value::as_array)
                    .filter(|a| a.len() == 1 && a[0].get("$ref").is_some())
                    .map(|a| a[0].clone());
                if let Some(reference) = single {
                    *v = reference;
                    *changed += 1;
                    return;
                }
                for child in map.values_mut() {
                    walk(child, changed);
                }
            }
            Value::Array(items) => {
                for child in items {
                    walk(child, changed);
                }
            }
            _ => {}
        }
    }
    let mut changed = 0;
    walk(doc, &mut changed);
    changed
}

/// Runs progenitor on `doc`: the formatted code, or what went wrong (error or panic).
fn progenitor(doc: &Value) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = serde_json::from_value(doc.clone())
        .map_err(|e| format!("openapiv3 cannot read the document: {e}"))?;
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut generator = progenitor::Generator::default();
        generator.generate_tokens(&spec)
    }));
    let tokens = match result {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => return Err(format!("progenitor error: {e}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "(no message)".to_owned());
            return Err(format!("progenitor panicked: {message}"));
        }
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor emitted invalid Rust: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

fn one_line(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.len() > 300 {
        format!("{}…", &line[..line.floor_char_boundary(300)])
    } else {
        line
    }
}

/// `original` with the reductions `set` (indexes into [`REDUCTIONS`]) applied, in order.
fn reduced(original: &Value, set: &[usize]) -> (Value, Vec<usize>) {
    let mut doc = original.clone();
    let counts = set.iter().map(|&i| (REDUCTIONS[i].2)(&mut doc)).collect();
    (doc, counts)
}

fn run_progenitor(input: &Path, out: &Path, reduced_out: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let original: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    // Panics are caught and reported; keep the default hook from printing them too.
    std::panic::set_hook(Box::new(|_| {}));
    let label = |set: &[usize]| {
        if set.is_empty() {
            "as exported".to_owned()
        } else {
            set.iter()
                .map(|&i| REDUCTIONS[i].0)
                .collect::<Vec<_>>()
                .join("+")
        }
    };
    // Greedy: add the next reduction that changes the document until progenitor accepts it.
    let mut set: Vec<usize> = Vec::new();
    let mut next = 0;
    loop {
        let (doc, _) = reduced(&original, &set);
        match progenitor(&doc) {
            Ok(_) => {
                println!("attempt\t{}\taccepted", label(&set));
                break;
            }
            Err(why) => println!("attempt\t{}\trefused: {}", label(&set), one_line(&why)),
        }
        loop {
            if next == REDUCTIONS.len() {
                return Err("progenitor refuses the document even with every reduction".into());
            }
            let mut trial = set.clone();
            trial.push(next);
            next += 1;
            let (_, counts) = reduced(&original, &trial);
            if counts.last().is_some_and(|&c| c > 0) {
                set = trial;
                break;
            }
        }
    }
    // Minimal: drop each reduction that is not needed; say what fails without each one kept.
    for &r in set.clone().iter() {
        let trial: Vec<usize> = set.iter().copied().filter(|&i| i != r).collect();
        let (doc, _) = reduced(&original, &trial);
        if progenitor(&doc).is_ok() {
            set = trial;
        }
    }
    let (doc, counts) = reduced(&original, &set);
    for (k, &r) in set.iter().enumerate() {
        let without: Vec<usize> = set.iter().copied().filter(|&i| i != r).collect();
        let (doc_without, _) = reduced(&original, &without);
        let failure = progenitor(&doc_without)
            .err()
            .map(|e| one_line(&e))
            .unwrap_or_default();
        println!(
            "needed\t{}\t{} change(s)\t{}\twithout it: {failure}",
            REDUCTIONS[r].0, counts[k], REDUCTIONS[r].1
        );
    }
    let code = progenitor(&doc)?;
    println!("accepted\t{}", label(&set));
    std::fs::write(out, code).map_err(|e| e.to_string())?;
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(reduced_out, text).map_err(|e| e.to_string())?;
    Ok(())
}

fn median_ms(mut times: Vec<f64>) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    let n = times.len();
    let median = if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2.0
    };
    (median, times[0], times[n - 1])
}

fn time(iterations: usize, spec: &Path, reduced: &Path) -> Result<(), String> {
    let name = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let json =
        std::fs::read_to_string(reduced).map_err(|e| format!("{}: {e}", reduced.display()))?;
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..iterations {
        let t = Instant::now();
        let code = otc_codegen::generate_file(spec).map_err(|r| r.to_string())?;
        ours.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(code);

        let t = Instant::now();
        let doc: Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
        let code = progenitor(&doc)?;
        theirs.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(code);
    }
    for (what, times) in [("otc-codegen", ours), ("progenitor", theirs)] {
        let (median, min, max) = median_ms(times);
        println!("time\t{name}\t{what}\t{median:.2}\t{min:.2}\t{max:.2}");
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["progenitor", input, out, reduced] => {
            run_progenitor(Path::new(input), Path::new(out), Path::new(reduced))
        }
        ["time", n, spec, reduced] => match n.parse() {
            Ok(n) => time(n, Path::new(spec), Path::new(reduced)),
            Err(e) => Err(format!("iterations: {e}")),
        },
        _ => Err(
            "usage: otc-bench-compare progenitor <openapi.json> <out.rs> <reduced.json>\n       otc-bench-compare time <iterations> <spec.yaml> <reduced.json>"
                .into(),
        ),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}
