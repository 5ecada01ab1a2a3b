//! Structural checks of the OpenAPI export (`otc-codegen openapi`), without Python: every
//! operation is there with its method and path, every `$ref` resolves, every path parameter is
//! declared (and every declared one is in the path), types map as documented, operations on one
//! method and path are merged, and the output is deterministic. `scripts/openapi-validate.sh`
//! runs the standard validator on the same documents.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use otc_codegen::openapi;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn real_specs() -> Vec<PathBuf> {
    let specs = otc_codegen::sync::spec_files(&root().join("specs")).expect("specs/ is readable");
    assert!(!specs.is_empty(), "no specs found");
    specs
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml")
}

fn export(path: &Path) -> Value {
    let (text, _) = match openapi::export_file(path) {
        Ok(exported) => exported,
        Err(report) => panic!("{} does not export:\n{report}", path.display()),
    };
    serde_json::from_str(&text).expect("the export is JSON")
}

/// Every `$ref` in `value`, with where it was found.
fn refs<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    if let Some(s) = v.as_str() {
                        out.push((at.clone(), s));
                    }
                } else {
                    refs(v, format!("{at}/{k}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                refs(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

fn check_structure(spec: &Path, doc: &Value) {
    let name = spec.display();
    assert_eq!(doc["openapi"], "3.0.3", "{name}");
    assert!(doc["info"]["title"].is_string(), "{name}");
    assert!(doc["info"]["version"].is_string(), "{name}");
    let server = &doc["servers"][0];
    let url = server["url"].as_str().expect("server url");
    if url.contains("{region}") {
        assert_eq!(server["variables"]["region"]["default"], "eu-de", "{name}");
    }

    // Every $ref resolves.
    let mut found = Vec::new();
    refs(doc, String::new(), &mut found);
    assert!(!found.is_empty(), "{name}: no references at all");
    for (at, reference) in &found {
        assert!(
            resolve(doc, reference).is_some(),
            "{name}: `{reference}` at {at} does not resolve"
        );
    }

    // Every operation of the spec is present with its method and path.
    let (model, _) = otc_codegen::model_file(spec).expect("models");
    let paths = doc["paths"].as_object().expect("paths");
    for op in &model.operations {
        let method = op.method.as_str().to_ascii_lowercase();
        let operation = &paths
            .get(&op.path)
            .unwrap_or_else(|| panic!("{name}: path {} of {} missing", op.path, op.name))[&method];
        assert!(
            operation.is_object(),
            "{name}: {} {} of {} missing",
            op.method.as_str(),
            op.path,
            op.name
        );
        let bare = op.name.trim_start_matches("r#");
        let listed = operation["operationId"] == bare
            || operation["x-otc-operations"]
                .as_array()
                .is_some_and(|ops| ops.iter().any(|o| o == bare));
        assert!(listed, "{name}: {bare} not named by its operation");
        assert!(
            operation["responses"]["default"]["$ref"]
                .as_str()
                .is_some_and(|r| r.starts_with("#/components/responses/")),
            "{name}: {bare} has no default error response"
        );
        for r in &op.responses {
            assert!(
                operation["responses"][r.status.to_string()].is_object(),
                "{name}: {bare} lacks status {}",
                r.status
            );
        }
        if op.body.is_some() {
            assert!(
                operation["requestBody"]["content"].is_object(),
                "{name}: {bare} lacks its body"
            );
        }
    }
    let operation_count: usize = paths
        .values()
        .map(|p| p.as_object().map_or(0, |m| m.len()))
        .sum();
    let distinct: BTreeSet<(String, &str)> = model
        .operations
        .iter()
        .map(|o| (o.method.as_str().to_owned(), o.path.as_str()))
        .collect();
    assert_eq!(operation_count, distinct.len(), "{name}: operation count");

    // Every path parameter is declared, and every declared one is in the path; operationIds
    // are unique.
    let mut ids = BTreeSet::new();
    for (path, item) in paths {
        let in_template: BTreeSet<String> = otc_codegen::validate::template_params(path)
            .expect("template")
            .into_iter()
            .collect();
        for (method, operation) in item.as_object().expect("path item") {
            let declared: BTreeSet<String> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .map(|p| {
                    assert_eq!(p["required"], true, "{name}: {method} {path}: {p}");
                    p["name"].as_str().expect("name").to_owned()
                })
                .collect();
            assert_eq!(
                declared, in_template,
                "{name}: {method} {path}: declared path parameters"
            );
            let mut seen = BTreeSet::new();
            for p in operation["parameters"].as_array().into_iter().flatten() {
                assert!(
                    seen.insert((p["name"].to_string(), p["in"].to_string())),
                    "{name}: {method} {path}: duplicate parameter {p}"
                );
            }
            if let Some(servers) = operation["servers"].as_array() {
                for server in servers {
                    let url = server["url"].as_str().expect("url");
                    for var in otc_codegen::validate::template_params(url).expect("template") {
                        assert!(
                            server["variables"][&var]["default"].is_string(),
                            "{name}: {method} {path}: server variable {var}"
                        );
                    }
                }
            }
            let id = operation["operationId"].as_str().expect("operationId");
            assert!(ids.insert(id.to_owned()), "{name}: operationId {id} twice");
        }
    }

    // The error codes are listed.
    let error = resolve(
        doc,
        paths
            .values()
            .next()
            .and_then(|p| p.as_object())
            .and_then(|m| m.values().next())
            .expect("an operation")["responses"]["default"]["$ref"]
            .as_str()
            .expect("ref"),
    )
    .expect("error response");
    let codes: BTreeSet<&str> = error["x-error-codes"]
        .as_array()
        .expect("x-error-codes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let documented: BTreeSet<&str> = model.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, documented, "{name}: error codes");
}

#[test]
fn every_real_spec_exports_a_consistent_document() {
    for spec in real_specs() {
        let doc = export(&spec);
        check_structure(&spec, &doc);
    }
}

#[test]
fn the_fixture_exports_a_consistent_document() {
    check_structure(&fixture(), &export(&fixture()));
}

#[test]
fn export_is_deterministic() {
    for spec in real_specs() {
        let a = openapi::export_file(&spec).expect("exports").0;
        let b = openapi::export_file(&spec).expect("exports").0;
        assert_eq!(a, b, "{}", spec.display());
    }
}

#[test]
fn types_map_as_documented() {
    let doc = export(&fixture());
    let schemas = &doc["components"]["schemas"];
    let group = &schemas["Group"];
    assert_eq!(group["type"], "object");
    assert_eq!(group["required"], serde_json::json!(["id"]));
    let props = &group["properties"];
    assert_eq!(props["os-extend"], serde_json::json!({}), "json is {{}}");
    assert_eq!(props["metadata"]["type"], "object");
    assert_eq!(
        props["metadata"]["additionalProperties"]["type"], "string",
        "maps are additionalProperties"
    );
    assert_eq!(props["start_time "]["nullable"], true);
    assert_eq!(props["ratio"]["x-otc-lenient"], true);
    assert_eq!(props["status"]["$ref"], "#/components/schemas/GroupStatus");
    assert_eq!(props["children"]["type"], "array");
    assert_eq!(
        props["children"]["items"]["$ref"],
        "#/components/schemas/Group"
    );
    assert_eq!(
        schemas["GroupStatus"]["enum"],
        serde_json::json!(["INSERVICE", "PAUSED", "ERROR"])
    );
    assert_eq!(
        schemas["TokenRequest"]["properties"]["password"]["format"],
        "password"
    );

    let upload = &doc["paths"]["/v2/files/{file_id}"]["put"];
    assert_eq!(
        upload["requestBody"]["content"]["application/octet-stream"]["schema"],
        serde_json::json!({"type": "string", "format": "binary"}),
        "bytes are binary strings"
    );
    assert_eq!(
        upload["responses"]["200"]["content"]["application/octet-stream"]["schema"]["format"],
        "binary"
    );
    let patch = &doc["paths"]["/v2/groups/{group_id}"]["patch"];
    assert_eq!(
        patch["requestBody"]["content"]["application/openstack-images-v2.1-json-patch"]["schema"]["items"]
            ["$ref"],
        "#/components/schemas/PatchOp"
    );

    let list = &doc["paths"]["/v1/{project_id}/groups"]["get"];
    let params = list["parameters"].as_array().expect("parameters");
    let tags = params.iter().find(|p| p["name"] == "tags").expect("tags");
    assert_eq!(tags["schema"]["type"], "array");
    assert_eq!(tags["explode"], true);
    let header = params
        .iter()
        .find(|p| p["name"] == "X-Language")
        .expect("header");
    assert_eq!(header["in"], "header");
    let project = params
        .iter()
        .find(|p| p["name"] == "project_id")
        .expect("project_id");
    assert_eq!(project["x-otc-from"], "project_id");
    assert_eq!(list["x-otc-paging"]["style"], "offset");

    let token = &doc["paths"]["/v3/auth/tokens"]["post"]["responses"]["201"];
    assert_eq!(
        token["headers"]["X-Subject-Token"]["schema"]["format"],
        "password"
    );
    assert_eq!(token["headers"]["X-Count"]["schema"]["type"], "integer");
    assert_eq!(
        doc["paths"]["/v1/{project_id}/groups/{group_id}"]["delete"]["deprecated"],
        true
    );

    // Errors: the code enum and the envelopes listed by the spec.
    let code = &schemas["OtcErrorCode"];
    assert_eq!(
        code["enum"],
        serde_json::json!(["DEMO.0001", "0171", "12000002"])
    );
    assert_eq!(
        code["x-error-codes"]["0171"]["http_status"],
        serde_json::json!([400, 404, 409])
    );
    assert_eq!(
        schemas["OtcError"]["anyOf"].as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn operations_on_one_method_and_path_are_merged() {
    let text = r#"
service: {name: demo, title: Demo, endpoint: "https://demo.{region}.example.com", catalog_type: demo}
operations:
  start_server:
    method: POST
    path: /v1/servers/{server_id}/action
    params:
      server_id: {in: path}
      dry_run: {in: query, type: boolean, required: true}
    request: {type: StartBody}
    responses:
      - {status: 202, type: Job}
  stop_server:
    method: POST
    path: /v1/servers/{server_id}/action
    params:
      server_id: {in: path}
      dry_run: {in: query, type: boolean}
    request: {type: StopBody}
    responses:
      - {status: 202, type: Job}
      - {status: 204}
types:
  StartBody: {fields: {start: {type: json, required: true}}}
  StopBody: {fields: {stop: {type: json, required: true}}}
  Job: {fields: {job_id: {type: string}}}
"#;
    let loaded = otc_codegen::load::load_str(Path::new("merge.yaml"), text.to_owned())
        .unwrap_or_else(|r| panic!("{r}"));
    let model = otc_codegen::model::build(&loaded.spec, "merge.yaml");
    let doc = openapi::document(&loaded.spec, &model);
    let op = &doc["paths"]["/v1/servers/{server_id}/action"]["post"];
    assert_eq!(op["operationId"], "start_server");
    assert_eq!(
        op["x-otc-operations"],
        serde_json::json!(["start_server", "stop_server"])
    );
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"]["oneOf"],
        serde_json::json!([
            {"$ref": "#/components/schemas/StartBody"},
            {"$ref": "#/components/schemas/StopBody"}
        ])
    );
    assert_eq!(op["requestBody"]["required"], true);
    assert_eq!(
        op["responses"]["202"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Job",
        "equal schemas are not repeated"
    );
    assert!(op["responses"]["204"].is_object());
    let dry_run = op["parameters"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "dry_run"))
        .expect("dry_run");
    assert_eq!(
        dry_run["required"], false,
        "required only when every merged operation requires it"
    );
}
