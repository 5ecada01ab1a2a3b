//! Hostile specs: every file `tests/hostile/*.yaml` goes through the whole pipeline
//! (`otc_codegen::generate_file`), and what comes out — the rendered diagnostics, or the
//! warnings and "generated" — must equal the golden file next to it (`*.stderr`).
//!
//! A case must never panic: each runs under `catch_unwind`, and a panic fails the test with
//! the case's name. Every error must point into the file: a line that exists and a column on
//! it, so the rendered diagnostic quotes the offending line.
//!
//! After changing a message on purpose, `HOSTILE_BLESS=1 cargo test -p otc-codegen --test
//! hostile` rewrites the golden files; review the diff before committing it.
//!
//! `tests/hostile/fuzz/` holds inputs the fuzzer (`codegen/fuzz`) once crashed on; they only
//! have to go through without a panic (see `fuzz_regressions_do_not_panic`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    out
}

/// What a case produces, with the crate directory cut from paths so golden files do not
/// depend on where the repository is.
fn run_case(path: &Path) -> Result<String, String> {
    let result = catch_unwind(AssertUnwindSafe(|| otc_codegen::generate_file(path)));
    let text = match result {
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            return Err(format!("PANIC: {why}"));
        }
        Ok(Ok(generated)) => {
            check_positions(&generated.warnings)?;
            let mut text = generated.warnings.to_string();
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!(
                "generated ({} warning(s))\n",
                generated.warnings.diagnostics.len()
            ));
            text
        }
        Ok(Err(report)) => {
            check_positions(&report)?;
            let warnings = report.diagnostics.len() - report.error_count();
            format!(
                "{report}\n{} error(s), {warnings} warning(s)\n",
                report.error_count()
            )
        }
    };
    let prefix = format!("{}/", manifest_dir().display());
    Ok(text.replace(&prefix, ""))
}

/// Every diagnostic of a case points at a line that exists and a column on it.
fn check_positions(report: &otc_codegen::Report) -> Result<(), String> {
    for d in &report.diagnostics {
        let line = report.source.lines().nth(d.pos.line.saturating_sub(1));
        let empty_file = report.source.trim().is_empty() && (d.pos.line, d.pos.col) == (1, 1);
        let ok = empty_file
            || (d.pos.line >= 1
                && d.pos.col >= 1
                && line.is_some_and(|l| d.pos.col <= l.chars().count() + 1));
        if !ok {
            return Err(format!(
                "diagnostic without a usable position ({}:{}): {}",
                d.pos.line, d.pos.col, d.message
            ));
        }
    }
    Ok(())
}

#[test]
fn hostile_specs_give_the_golden_diagnostics() {
    let dir = manifest_dir().join("tests/hostile");
    let cases = files(&dir, "yaml");
    assert!(cases.len() >= 60, "only {} hostile cases", cases.len());
    let bless = std::env::var_os("HOSTILE_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let actual = match run_case(case) {
            Ok(text) => text,
            Err(problem) => {
                failures.push(format!("{name}: {problem}"));
                continue;
            }
        };
        let golden = case.with_extension("stderr");
        if bless {
            std::fs::write(&golden, &actual).expect("write golden file");
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{name}: output differs from {}\n--- expected\n{expected}\n--- actual\n{actual}",
                golden.display()
            )),
            Err(_) => failures.push(format!(
                "{name}: no golden file {} (run with HOSTILE_BLESS=1); actual output:\n{actual}",
                golden.display()
            )),
        }
    }
    for golden in files(&dir, "stderr") {
        if !golden.with_extension("yaml").exists() {
            failures.push(format!("{}: golden file without a case", golden.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Inputs that once crashed the fuzzer: each must load, validate, model, emit and format (or
/// be refused with diagnostics) without a panic, and the report must render.
#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = manifest_dir().join("tests/hostile/fuzz");
    let mut failures = Vec::new();
    let inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            let mut v: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "md"))
                .collect();
            v.sort();
            v
        })
        .unwrap_or_default();
    for input in &inputs {
        let bytes = std::fs::read(input).expect("read");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let result = catch_unwind(AssertUnwindSafe(|| pipeline(input, text)));
        if result.is_err() {
            failures.push(input.display().to_string());
        }
    }
    assert!(failures.is_empty(), "panicked on: {failures:?}");
}

/// The fuzz target's pipeline, from text.
fn pipeline(path: &Path, text: String) {
    let loaded = match otc_codegen::load::load_str(path, text) {
        Ok(loaded) => loaded,
        Err(report) => {
            let _ = report.to_string();
            return;
        }
    };
    let report = otc_codegen::validate::validate(&loaded);
    let _ = report.to_string();
    if report.has_errors() {
        return;
    }
    let model = otc_codegen::model::build(&loaded.spec, "fuzz.yaml");
    let tokens = otc_codegen::emit::emit(&model);
    if let Err(message) = otc_codegen::format::format_file(tokens, "fuzz.yaml") {
        panic!("a valid spec gave invalid Rust: {message}");
    }
}
