//! Generated code for hostile names compiles, round-trips JSON with the original keys, and is
//! clean under clippy and rustdoc with warnings denied.
//!
//! `tests/hostile/compile/names.yaml` holds the names (keywords, `binding:vnic_type`,
//! `fs.obs.endpoint`, leading digits, Unicode, a trailing space, keys that meet after
//! conversion, hostile enum values and error codes) and doc text hostile to rustdoc (`*/`,
//! backticks, HTML, `#[`, fences, unbalanced quotes and brackets). The test writes one scratch
//! crate into a temporary directory — the generated file in a module `hostile`, the petstore
//! fixture's code in a module `petstore` beside it, and `otc-runtime` by path as the only
//! dependency (`serde_json` only for the tests) — with a round-trip test, then runs `cargo test`, `cargo clippy
//! --all-targets -- -D warnings` and `cargo doc` with `RUSTDOCFLAGS=-D warnings` on it.
//!
//! The scratch crate builds in `<target>/hostile-compile` (`<target>` is `CARGO_TARGET_DIR`
//! or the workspace's `target/`), so its dependencies are built once and reused. It uses the
//! workspace's `Cargo.lock` and tries `--offline` first; without a local copy of a dependency
//! it goes online (crates.io), as CI can. The first run takes a few minutes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace root (the parent of `codegen/`).
fn workspace_root() -> PathBuf {
    manifest_dir()
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    let base = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root().join("target"),
    };
    let base = if base.is_absolute() {
        base
    } else {
        workspace_root().join(base)
    };
    base.join("hostile-compile")
}

/// A scratch crate in the temporary directory, removed when dropped.
struct Scratch {
    dir: PathBuf,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::env::var_os("HOSTILE_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn scratch_crate(name: &str, code: &str, roundtrip: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("otc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let runtime = workspace_root().join("runtime");
    let manifest = format!(
        r#"[package]
name = "otc-{name}"
version = "0.0.0"
edition = "2024"
publish = false
description = "Scratch crate of otc-codegen's compile test"

[dependencies]
otc-runtime = {{ path = {runtime:?} }}

[dev-dependencies]
serde_json = "1"
async-trait = "0.1"
tokio = {{ version = "1", features = ["macros", "rt-multi-thread", "sync", "time"] }}

# As in the crates `otc-codegen sync` writes. On by default here: the round trip decodes and
# encodes every type; clippy also checks the crate without it.
[features]
default = ["fake"]
fake = ["otc-runtime/fake"]

[workspace]
"#,
        runtime = runtime.display().to_string(),
    );
    write(&dir.join("Cargo.toml"), &manifest);
    // Same versions as the workspace, and no index lookup when they are all cached.
    if let Ok(lock) = std::fs::read_to_string(workspace_root().join("Cargo.lock")) {
        write(&dir.join("Cargo.lock"), &lock);
    }
    // Two services in two modules of one crate, which depends on otc-runtime alone: generated
    // code must reach its own items by relative paths and serde through otc-runtime.
    let lib = format!(
        "//! Scratch crate: code generated from a hostile spec, beside a second service.\n\
         #![warn(missing_docs)]\n\n\
         /// The hostile service.\npub mod {module} {{\n    include!(\"generated.rs\");\n}}\n\n\
         /// A second service in the same crate.\npub mod petstore {{\n    include!(\"petstore.rs\");\n}}\n",
        module = name.replace('-', "_"),
    );
    write(&dir.join("src/lib.rs"), &lib);
    write(&dir.join("src/generated.rs"), code);
    write(
        &dir.join("src/petstore.rs"),
        &generate("tests/fixtures/petstore.yaml"),
    );
    write(&dir.join("tests/roundtrip.rs"), roundtrip);
    if name == "hostile" {
        write(&dir.join("tests/answers.rs"), ANSWERS);
    }
    Scratch { dir }
}

/// Runs cargo `args` in `dir`, offline first; panics with the output when it fails.
fn cargo(dir: &Path, args: &[&str], rustdocflags: Option<&str>) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = |offline: bool| {
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(dir)
            .args(args)
            .env("CARGO_TARGET_DIR", target_dir())
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS")
            .env_remove("RUSTDOCFLAGS")
            .env_remove("CARGO_ENCODED_RUSTDOCFLAGS");
        if let Some(flags) = rustdocflags {
            cmd.env("RUSTDOCFLAGS", flags);
        }
        if offline {
            cmd.arg("--offline");
        }
        cmd.output()
            .unwrap_or_else(|e| panic!("cannot run cargo: {e}"))
    };
    let mut out = run(true);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let needs_network = !out.status.success()
        && (stderr.contains("offline")
            || stderr.contains("failed to download")
            || stderr.contains("no matching package")
            || stderr.contains("failed to select a version")
            || stderr.contains("failed to load source"));
    if needs_network {
        out = run(false);
    }
    assert!(
        out.status.success(),
        "`cargo {}` failed in {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn generate(spec: &str) -> String {
    let path = manifest_dir().join(spec);
    match otc_codegen::generate_file(&path) {
        Ok(g) => g.code,
        Err(report) => panic!("{spec} does not generate:\n{report}"),
    }
}

/// JSON with every hostile key of `Mod`, in the spec's order, compact as serde_json writes it.
const MOD_JSON: &str = r##"{"type":"t","self":"s","Self":"S","crate":"c","super":"su","mod":"m","async":"as","await":"aw","dyn":"d","gen":"g","try":"tr","union":"u","macro_rules":"mr","r#type":"rt","1st":1,"0":0,"binding:vnic_type":"normal","fs.obs.endpoint":"https://obs","os-extend":{"any":["json",1,true,null]},"#sfs_crypt_key_id":"k","__os_version":"v","start_time ":null," leading":"l","größe":"g","名前":"n","🚀":"r","":"empty","   ":"spaces","field":"f","fooBar":"fb1","foo_bar":"fb2","foo-bar":"fb3","a\"b":"q","a\\b":"bs","*/":"c","#[attr]":"a","kind":"Self","kinds":["","type","2.0","a b","Unknown","unknown","ä","-","*/","🚀","\"quoted\"","back\\slash","not documented"],"by_kind":{"x":"active","y":"ACTIVE"},"next":{"type":"inner","start_time ":"12:00"},"secret":"hunter2","count":42,"new":"n"}"##;

/// What `send` makes of answers, through a transport that returns canned answers (the
/// petstore module: `create_group` documents 201 with a body and 202 without; `issue_token`
/// documents the headers `X-Subject-Token` (secret) and `X-Count` (integer)).
const ANSWERS: &str = r##"//! Undocumented success statuses and typed headers, on the wire.

use std::sync::Arc;

use otc_hostile::petstore::{self, types::CreateGroupOutput};
use otc_runtime::bytes::Bytes;

#[derive(Debug)]
struct Canned {
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: &'static str,
}

#[async_trait::async_trait]
impl otc_runtime::Transport for Canned {
    async fn send(
        &self,
        _request: otc_runtime::TransportRequest,
    ) -> Result<otc_runtime::http::Response<Bytes>, otc_runtime::TransportError> {
        let mut answer = otc_runtime::http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            answer = answer.header(*name, *value);
        }
        Ok(answer.body(Bytes::from_static(self.body.as_bytes())).expect("answer"))
    }
}

fn client(status: u16, headers: Vec<(&'static str, &'static str)>, body: &'static str) -> petstore::Client {
    let runtime = otc_runtime::Client::builder()
        .endpoint("demo", "http://demo.invalid")
        .project_id("p-1")
        .transport(Arc::new(Canned { status, headers, body }))
        .build()
        .expect("client");
    petstore::Client::new(runtime)
}

fn create_body() -> petstore::types::CreateGroup {
    serde_json::from_str(r#"{"name":"web","max":2}"#).expect("body")
}

#[tokio::test]
async fn documented_statuses_decode_to_their_variants() {
    let created = client(201, vec![], r#"{"group":{"id":"g-1"}}"#)
        .create_group(create_body())
        .send()
        .await
        .expect("201");
    assert!(matches!(&created.body, CreateGroupOutput::Created(e) if e.group.id == "g-1"), "{created:?}");
    let accepted = client(202, vec![], "").create_group(create_body()).send().await.expect("202");
    assert_eq!(accepted.body, CreateGroupOutput::Accepted);
}

#[tokio::test]
async fn an_undocumented_success_status_is_other_with_the_raw_body() {
    let answer = client(200, vec![], r#"{"surprise":true}"#)
        .create_group(create_body())
        .send()
        .await
        .expect("200 is a success");
    match answer.body {
        CreateGroupOutput::Other { status, body } => {
            assert_eq!(status, 200);
            assert_eq!(&body[..], br#"{"surprise":true}"#);
        }
        other => panic!("200 became {other:?}"),
    }
}

/// Answers by URL: `(path and query, body)`; anything else is a 404.
#[derive(Debug)]
struct Routes(Vec<(&'static str, &'static str)>, std::sync::Mutex<Vec<String>>);

#[async_trait::async_trait]
impl otc_runtime::Transport for Routes {
    async fn send(
        &self,
        request: otc_runtime::TransportRequest,
    ) -> Result<otc_runtime::http::Response<Bytes>, otc_runtime::TransportError> {
        let url = request.url();
        let asked = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        self.1.lock().expect("lock").push(asked.clone());
        let (status, body) = match self.0.iter().find(|(at, _)| *at == asked) {
            Some((_, body)) => (200, *body),
            None => (404, ""),
        };
        Ok(otc_runtime::http::Response::builder()
            .status(status)
            .body(Bytes::from_static(body.as_bytes()))
            .expect("answer"))
    }
}

fn routed(routes: Vec<(&'static str, &'static str)>) -> (petstore::Client, Arc<Routes>) {
    let transport = Arc::new(Routes(routes, Default::default()));
    let runtime = otc_runtime::Client::builder()
        .endpoint("demo", "http://demo.invalid")
        .project_id("p-1")
        .transport(transport.clone())
        .build()
        .expect("client");
    (petstore::Client::new(runtime), transport)
}

#[tokio::test]
async fn marker_paging_follows_a_nested_next_link_and_stops_without_one() {
    let (client, transport) = routed(vec![
        ("/v2/zones", r#"{"zones":[{"id":"z1"},{"id":"z2"}],"links":{"next":"http://demo.invalid/v2/zones?marker=z2"},"metadata":{"total_count":3}}"#),
        ("/v2/zones?marker=z2", r#"{"zones":[{"id":"z3"}],"links":{},"metadata":{"total_count":3}}"#),
    ]);
    let zones = client.list_zones().items().collect().await.expect("all pages");
    let ids: Vec<_> = zones.into_iter().map(|z| z.id).collect();
    assert_eq!(ids, ["z1", "z2", "z3"]);
    assert_eq!(transport.1.lock().expect("lock").len(), 2, "no request after the last link");
}

#[tokio::test]
async fn offset_paging_stops_at_a_nested_total() {
    let (client, transport) = routed(vec![
        ("/v2/records", r#"{"records":["a","b"],"metadata":{"total_count":3}}"#),
        ("/v2/records?offset=2", r#"{"records":["c"],"metadata":{"total_count":3}}"#),
    ]);
    let records = client.list_records().items().collect().await.expect("all pages");
    assert_eq!(records, ["a", "b", "c"]);
    assert_eq!(transport.1.lock().expect("lock").len(), 2, "the total ends the walk");
}

fn token_request() -> petstore::types::TokenRequest {
    serde_json::from_str(r#"{"user":"u","password":"p"}"#).expect("body")
}

#[tokio::test]
async fn typed_headers_decode_and_a_bad_value_is_a_decode_error() {
    let answer = client(201, vec![("X-Subject-Token", "tok-1"), ("X-Count", " 7 ")], r#"{"expires_at":"x"}"#)
        .issue_token(token_request())
        .send_with_headers()
        .await
        .expect("headers decode");
    let (body, headers) = answer.body;
    assert_eq!(body.expires_at.as_deref(), Some("x"));
    assert_eq!(headers.x_count, Some(7));
    assert_eq!(headers.x_subject_token.as_ref().map(|t| t.expose()), Some("tok-1"));
    assert!(!format!("{headers:?}").contains("tok-1"));

    let absent = client(201, vec![], "{}")
        .issue_token(token_request())
        .send_with_headers()
        .await
        .expect("absent headers are None");
    assert_eq!(absent.body.1.x_count, None);

    let error = client(201, vec![("X-Count", "many")], "{}")
        .issue_token(token_request())
        .send_with_headers()
        .await
        .expect_err("an integer header that does not parse");
    let otc_runtime::Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        decode.location(),
        &otc_runtime::DecodeLocation::Header { name: "X-Count".into() }
    );
}
"##;

const ROUNDTRIP: &str = r##"//! JSON round trips with the original keys, values and codes.

use otc_hostile::hostile::ErrorCode;
use otc_hostile::hostile::types::{Kind, Mod};

const MOD_JSON: &str = include_str!("mod.json");

#[test]
fn every_hostile_key_round_trips() {
    let value: Mod = serde_json::from_str(MOD_JSON).expect("deserializes");
    assert_eq!(value.r#type, "t");
    assert_eq!(serde_json::to_string(&value).expect("serializes"), MOD_JSON);
    let original: serde_json::Value = serde_json::from_str(MOD_JSON).expect("json");
    assert_eq!(serde_json::to_value(&value).expect("value"), original);
}

#[test]
fn the_constructor_takes_the_required_fields() {
    let value = Mod::new("t");
    let json = serde_json::to_string(&value).expect("serializes");
    assert_eq!(json, r#"{"type":"t","start_time ":null}"#);
}

#[test]
fn every_enum_value_round_trips() {
    let values = [
        "", "self", "Self", "type", "1", "2.0", "a b", "Unknown", "unknown", "ACTIVE", "active",
        "ä", "-", "*/", "🚀", "\"quoted\"", "back\\slash", "kind_x",
    ];
    for wire in values {
        let kind = Kind::from(wire);
        assert!(!matches!(kind, Kind::Unknown(_)), "{wire:?} is documented");
        assert_eq!(kind.as_str(), wire);
        let json = serde_json::to_string(&kind).expect("serializes");
        assert_eq!(json, serde_json::to_string(wire).expect("string"));
        assert_eq!(serde_json::from_str::<Kind>(&json).expect("deserializes"), kind);
    }
    let other: Kind = serde_json::from_str("\"not documented\"").expect("deserializes");
    assert_eq!(other, Kind::Unknown("not documented".into()));
    assert_eq!(serde_json::to_string(&other).expect("serializes"), "\"not documented\"");
}

#[test]
fn every_error_code_round_trips() {
    let codes = [
        "AS.0001", "as_0001", "0171", "12000002", "Unknown", "self", "Self", "a b", "Ä.1", "x\"y",
        "ErrorCodeFoo", "texts",
    ];
    assert_eq!(ErrorCode::ALL.len(), codes.len());
    for code in codes {
        let parsed = ErrorCode::from(code);
        assert!(!parsed.is_unknown(), "{code:?} is documented");
        assert_eq!(parsed.as_str(), code);
        assert_eq!(parsed.to_string(), code);
    }
    assert_eq!(ErrorCode::from("AS.0001").http_statuses(), &[400]);
    assert_eq!(ErrorCode::from("as_0001").http_statuses(), &[400, 404, 409]);
    assert_eq!(
        ErrorCode::for_status(409).map(ErrorCode::as_str).collect::<Vec<_>>(),
        ["as_0001"]
    );
    assert!(ErrorCode::from("AS.0002").is_unknown());
}

#[test]
fn error_texts_keep_quotes_backslashes_and_line_breaks() {
    let rows = ErrorCode::from("texts").documentation();
    assert_eq!(rows.len(), 2);
    // A tab would end the field in the runtime's table: it becomes a space.
    assert_eq!(
        rows[0].message,
        "Two lines, \"quotes\", a \\ backslash and a tab, \nthe first ending in a space"
    );
    assert_eq!(rows[0].statuses, &[500]);
    assert_eq!(rows[0].description, Some("Plain."));
    assert_eq!(rows[0].solution, Some("\u{202E} reversed \u{7} bell"));
    assert_eq!(rows[0].context, None);
    assert_eq!(rows[1].message, "Again.");
    assert_eq!(rows[1].statuses, &[] as &[u16]);
    // A line break would end the row in the context, the last field: it becomes a space.
    assert_eq!(rows[1].context, Some("Table 3"));
    assert_eq!(ErrorCode::from("texts").http_statuses(), &[500]);
    assert!(ErrorCode::from("0171").documentation()[0].description.is_none());
}

#[test]
fn the_service_keeps_its_texts() {
    assert_eq!(otc_hostile::hostile::SERVICE.name, "hostile");
    assert_eq!(otc_hostile::hostile::SERVICE.title, "Hostile <names> & `docs` */ #[attr]");
}

#[test]
fn a_second_service_lives_in_its_own_module() {
    assert_eq!(otc_hostile::petstore::SERVICE.name, "demo");
    assert_ne!(
        std::any::type_name::<otc_hostile::petstore::ErrorCode>(),
        std::any::type_name::<otc_hostile::hostile::ErrorCode>()
    );
    assert!(otc_hostile::petstore::ErrorCode::from("DEMO.0001").message().is_some());
}
"##;

#[test]
fn hostile_names_compile_round_trip_and_pass_clippy_and_rustdoc() {
    let code = generate("tests/hostile/compile/names.yaml");
    let scratch = scratch_crate("hostile", &code, ROUNDTRIP);
    write(&scratch.dir.join("tests/mod.json"), MOD_JSON);
    cargo(&scratch.dir, &["test", "--quiet"], None);
    // The `fake` module too: one stub method per hostile operation name.
    cargo(
        &scratch.dir,
        &[
            "clippy",
            "--quiet",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        None,
    );
    cargo(
        &scratch.dir,
        &[
            "clippy",
            "--quiet",
            "--lib",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ],
        None,
    );
    cargo(
        &scratch.dir,
        &["doc", "--quiet", "--no-deps", "--all-features"],
        Some("-D warnings"),
    );
}

const PENDING_ROUNDTRIP: &str = r##"//! Wire names with direction overrides round-trip too.

use otc_pending::pending::types::{Bidi, Doc};

#[test]
fn direction_overrides_round_trip() {
    let json = "{\"key\u{202e}right-to-left\":\"x\",\"kind\":\"a\u{202e}b\"}";
    let value: Doc = serde_json::from_str(json).expect("deserializes");
    assert_eq!(value.kind, Some(Bidi::from("a\u{202e}b")));
    assert_eq!(serde_json::to_string(&value).expect("serializes"), json);
}
"##;

/// Doc text that emit/docs.rs does not yet make warning-free: an ordered-list marker at the
/// start of a line (clippy `doc_lazy_continuation` on the lines after it), bare URLs
/// (`rustdoc::bare_urls`) and Unicode direction overrides (the deny-by-default
/// `text_direction_codepoint_in_comment`, a hard compile error).
#[test]

fn pending_doc_text_compiles_and_passes_clippy_and_rustdoc() {
    let code = generate("tests/hostile/compile/docs_pending.yaml");
    let scratch = scratch_crate("pending", &code, PENDING_ROUNDTRIP);
    cargo(&scratch.dir, &["test", "--quiet"], None);
    cargo(
        &scratch.dir,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
        None,
    );
    cargo(
        &scratch.dir,
        &[
            "clippy",
            "--quiet",
            "--lib",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ],
        None,
    );
    cargo(
        &scratch.dir,
        &["doc", "--quiet", "--no-deps"],
        Some("-D warnings"),
    );
}
