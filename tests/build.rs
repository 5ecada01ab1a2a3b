//! Generates `dispatch.rs`: for every operation of every spec, functions that decode a JSON
//! body into that operation's generated response (or request) type. The example-body tests use
//! it to check the reference's examples against the generated types without a hand-kept table.

use std::fmt::Write as _;
use std::path::Path;

use otc_codegen::emit::ty_path;
use otc_codegen::model::Ty;

const SPECS: &[&str] = &[
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

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut ops = String::from(
        "/// (service, operation, method, path) of every operation.\npub const OPERATIONS: &[(&str, &str, &str, &str)] = &[\n",
    );
    let mut responses = String::from(
        "/// Decodes `body` as the response of `operation` with `status`; `None` for an unknown\n/// operation or a status without a body type.\npub fn decode_response(service: &str, operation: &str, status: u16, body: &[u8]) -> Option<Result<serde_json::Value, String>> {\n    match (service, operation, status) {\n",
    );
    let mut requests = String::from(
        "/// Decodes `body` as the request body of `operation`; `None` when it has none.\npub fn decode_request(service: &str, operation: &str, body: &[u8]) -> Option<Result<serde_json::Value, String>> {\n    match (service, operation) {\n",
    );
    for svc in SPECS {
        let spec = root.join("specs").join(format!("{svc}.yaml"));
        println!("cargo:rerun-if-changed={}", spec.display());
        let (model, _) = match otc_codegen::model_file(&spec) {
            Ok(m) => m,
            Err(report) => {
                eprintln!("{report}");
                std::process::exit(1);
            }
        };
        let krate = &model.service.crate_ident;
        for op in &model.operations {
            let name = op.name.trim_start_matches("r#");
            let _ = writeln!(
                ops,
                "    ({svc:?}, {name:?}, {:?}, {:?}),",
                op.method.as_str(),
                op.path
            );
            for r in &op.responses {
                if let Some(ty) = &r.ty {
                    let _ = writeln!(
                        responses,
                        "        ({svc:?}, {name:?}, {}) => Some(check::<{}>(body)),",
                        r.status,
                        rust_ty(ty, krate)
                    );
                }
            }
            if let Some(body) = &op.body {
                let _ = writeln!(
                    requests,
                    "        ({svc:?}, {name:?}) => Some(check::<{}>(body)),",
                    rust_ty(&body.ty, krate)
                );
            }
        }
    }
    ops.push_str("];\n");
    responses.push_str("        _ => None,\n    }\n}\n");
    requests.push_str("        _ => None,\n    }\n}\n");
    let check = "/// Decodes `body` as `T` (naming the failing path) and encodes it back.\nfn check<T: serde::de::DeserializeOwned + serde::Serialize>(body: &[u8]) -> Result<serde_json::Value, String> {\n    let mut de = serde_json::Deserializer::from_slice(body);\n    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| format!(\"{} at `{}`\", e.inner(), e.path()))?;\n    serde_json::to_value(&value).map_err(|e| e.to_string())\n}\n";
    let out = format!("{ops}\n{responses}\n{requests}\n{check}");
    let path = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("dispatch.rs");
    if let Err(e) = otc_codegen::builder::write_if_changed(&path, &out) {
        eprintln!("cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}

/// Rust type path; BTreeMap needs its full path outside the generated crate.
fn rust_ty(ty: &Ty, krate: &str) -> String {
    ty_path(ty, krate).replace("BTreeMap<", "std::collections::BTreeMap<")
}
