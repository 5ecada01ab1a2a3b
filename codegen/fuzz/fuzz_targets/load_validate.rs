//! Spec text → load → validate. Any panic is a bug; so is a diagnostic that renders badly.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let report = match otc_codegen::load::load_str(Path::new("fuzz.yaml"), text) {
        Ok(loaded) => otc_codegen::validate::validate(&loaded),
        Err(report) => report,
    };
    for d in &report.diagnostics {
        assert!(d.pos.line >= 1 && d.pos.col >= 1, "unpositioned: {d}");
    }
    let _ = report.to_string();
});
