//! Spec text → load → validate → model → emit → format. Any panic is a bug, and so is a spec
//! that validates without errors but does not give formatted Rust.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let loaded = match otc_codegen::load::load_str(Path::new("fuzz.yaml"), text) {
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
        panic!("a spec without errors gave invalid Rust: {message}");
    }
});
