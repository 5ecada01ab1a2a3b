//! The `otc-codegen` command line: exit codes and the `list` TSV contract.

use std::path::Path;
use std::process::{Command, Output};

fn codegen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_otc-codegen"))
}

/// Runs `command`, asserting that it exits 0 (showing its stderr when it does not).
fn succeeds(command: &mut Command) -> Output {
    let out = command.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../codegen/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn list_prints_the_operation_contract() {
    let out = succeeds(codegen().args(["list", &fixture("petstore.yaml")]));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows[0],
        "service\toperation\tmethod\tpath\trequest_type\tresponse_type"
    );
    assert_eq!(rows.len(), 1 + 9, "{text}");
    assert!(
        rows.contains(
            &"demo\tlist_groups\tGET\t/v1/{project_id}/groups\t-\totc_demo::types::GroupList"
        ),
        "{text}"
    );
    assert!(rows.contains(&"demo\tpatch_group\tPATCH\t/v2/groups/{group_id}\tVec<otc_demo::types::PatchOp>\totc_demo::types::Group"), "{text}");
    assert!(rows.contains(&"demo\tcreate_group\tPOST\t/v1/{project_id}/groups\totc_demo::types::CreateGroup\totc_demo::types::CreateGroupOutput"), "{text}");
    assert!(
        rows.contains(&"demo\tdelete_group\tDELETE\t/v1/{project_id}/groups/{group_id}\t-\t-"),
        "{text}"
    );
}

#[test]
fn list_errors_prints_every_code() {
    let out = succeeds(codegen().args(["list", "--errors", &fixture("petstore.yaml")]));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(
        text,
        "service\tcode\thttp_status\tvariant\n\
         demo\tDEMO.0001\t500\totc_demo::ErrorCode::Demo0001\n\
         demo\t0171\t400/404/409\totc_demo::ErrorCode::E0171\n\
         demo\t12000002\t-\totc_demo::ErrorCode::E12000002\n"
    );
}

#[test]
fn check_exits_nonzero_on_errors_and_zero_on_warnings() {
    let dir = std::env::temp_dir().join(format!("otc-codegen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let head = "service: {name: x, title: X, endpoint: 'https://x.{region}.example.com', catalog_type: x}\n";
    let warn_only = dir.join("warn.yaml");
    std::fs::write(&warn_only, format!("{head}types:\n  T:\n    fields:\n      aB: {{type: string}}\n      a_b: {{type: string}}\n")).expect("write");
    let broken = dir.join("broken.yaml");
    std::fs::write(
        &broken,
        format!("{head}types:\n  T:\n    fields:\n      a: {{type: Nope}}\n"),
    )
    .expect("write");

    let out = codegen()
        .args(["check", &warn_only.display().to_string()])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: fields `aB` and `a_b`"),
        "{stderr}"
    );

    let out = codegen()
        .args(["check", &broken.display().to_string()])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: unknown type `Nope`"), "{stderr}");
    assert!(stderr.contains("broken.yaml:5:17"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn generate_writes_only_when_changed() {
    let dir = std::env::temp_dir().join(format!("otc-codegen-gen-{}", std::process::id()));
    let run = || {
        let out = succeeds(codegen().args([
            "generate",
            &fixture("petstore.yaml"),
            "--out",
            &dir.display().to_string(),
        ]));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(run().starts_with("wrote"));
    assert!(run().starts_with("unchanged"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn openapi_writes_the_document_the_library_exports() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/as.yaml");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("as.openapi.json");
    let _ = std::fs::remove_file(&out);
    succeeds(
        codegen()
            .args(["openapi", &spec.display().to_string()])
            .arg("--out")
            .arg(&out),
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("json");
    let (text, _) = otc_codegen::openapi::export_file(&spec).expect("exports");
    let exported: serde_json::Value = serde_json::from_str(&text).expect("the export is JSON");
    assert_eq!(written, exported);
}

#[test]
fn several_specs_generate_in_parallel_to_the_same_bytes_as_one_at_a_time() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let names = ["as", "iam", "sfsgp"];
    let paths: Vec<String> = names
        .iter()
        .map(|n| specs.join(format!("{n}.yaml")).display().to_string())
        .collect();
    let dir = std::env::temp_dir().join(format!("otc-codegen-cli-parallel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    succeeds(
        codegen()
            .arg("generate")
            .args(&paths)
            .arg("--out")
            .arg(&dir),
    );
    for (name, path) in names.iter().zip(&paths) {
        let alone = succeeds(codegen().args(["generate", path]));
        let together = std::fs::read(dir.join(format!("otc_{name}.rs"))).expect("written");
        assert_eq!(together, alone.stdout, "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);

    let refused = codegen()
        .arg("generate")
        .args(&paths)
        .output()
        .expect("runs");
    assert!(!refused.status.success(), "several specs without --out");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--out"));
}
