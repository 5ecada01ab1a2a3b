//! The build-script entry point: output file name, `cargo::error=` lines for bad specs.

use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("otc-builder-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn petstore() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml")
}

#[test]
fn the_output_file_is_named_after_the_service_and_written_once() {
    let out = scratch("ok");
    let build = || {
        otc_codegen::Builder::new()
            .emit_rerun_if_changed(false)
            .out_dir(&out)
            .spec(petstore())
            .compile()
            .expect("petstore generates")
    };
    let first = build();
    assert_eq!(first.len(), 1);
    // `service.name: demo` in a file called petstore.yaml.
    assert_eq!(first[0].path, out.join("otc_demo.rs"));
    assert!(first[0].changed);
    assert!(!build()[0].changed, "unchanged output is not rewritten");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_bad_spec_gives_one_cargo_error_line_per_finding_with_its_position() {
    let out = scratch("bad");
    let spec = out.join("bad.yaml");
    let text = std::fs::read_to_string(petstore())
        .expect("fixture")
        .replacen("method: GET", "method: get", 1)
        .replacen("title: Demo Service", "titel: Demo Service", 1);
    std::fs::write(&spec, text).expect("write spec");
    let error = otc_codegen::Builder::new()
        .emit_rerun_if_changed(false)
        .out_dir(&out)
        .spec(&spec)
        .compile()
        .expect_err("the spec has errors");
    let lines = error.cargo_error_lines();
    assert!(lines.len() >= 2, "{lines:?}");
    for line in &lines {
        assert!(line.starts_with("cargo::error="), "{line}");
        assert!(line.contains("bad.yaml:"), "{line}");
        assert!(!line.contains('\n'), "{line}");
    }
    assert!(lines.iter().any(|l| l.contains("`get`")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("titel")), "{lines:?}");
    assert!(!out.join("otc_demo.rs").exists(), "nothing is written");
    let _ = std::fs::remove_dir_all(&out);
}
