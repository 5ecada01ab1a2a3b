//! OpenAPI 3.0 export: one service as an OpenAPI 3.0.3 document (JSON).
//!
//! `otc-codegen openapi <spec> [--out FILE]` writes it. The document is built from the
//! [`Model`] (resolved types, Rust names of components) and the [`Spec`] (per-status response
//! headers and paging, which the model merges), and is deterministic: `serde_json` objects keep
//! their keys sorted, so the same spec always gives the same bytes.
//!
//! What maps to what:
//!
//! - `info` from the `service` block; `servers` from the endpoint template with one server
//!   variable per `{placeholder}` (`region` defaults to `eu-de`). An operation with its own
//!   `base` (MRS Manager) gets operation-level `servers`; its base placeholders become server
//!   variables, not path parameters.
//! - `components.schemas`: one schema per spec type, named by its Rust name. Objects list
//!   `properties` by wire name and `required`; `nullable` fields carry `nullable: true` (a
//!   reference is wrapped as `allOf: [$ref]` for that); string enums are `enum`; `map<T>` is
//!   `additionalProperties`; `json` is `{}`; `bytes` is `type: string, format: binary`.
//!   Lenient fields keep their documented type and say `x-otc-lenient: true`; secrets are
//!   `format: password`. Enums are open in the generated client (unknown values are kept) and
//!   say `x-otc-open-enum: true`.
//! - Errors: `components.schemas.OtcErrorCode` is a string enum of every documented code with
//!   `x-error-codes` (statuses, message, description per code), `OtcError` is `anyOf` the
//!   service's documented error envelopes, and every operation has a `default` response that
//!   references `components.responses.OtcError`.
//! - Authentication: one `apiKey` scheme, the `X-Auth-Token` header, required globally.
//!
//! **Several operations on one method and path.** OTC serves several operations on one method
//! and path (`POST …/action` with different bodies); OpenAPI allows one operation per method
//! and path. Such operations are merged into one: `operationId` is the first operation's
//! name, `x-otc-operations` lists all of them in spec order, the request body is `oneOf` the
//! bodies (per content type), each status's schema is `oneOf` the operations' schemas, a
//! parameter is required only when every merged operation requires it, and the description
//! names each operation with its doc.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::Report;
use crate::model::{Model, OperationModel, ParamModel, Ty, TypeKind};
use crate::spec::{self, ConfigValue, Method, ParamLocation, Spec};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.0.3";

/// Reads, validates and models `path`, then exports it: the JSON text (pretty, with a final
/// newline) and the warnings found on the way.
///
/// # Errors
///
/// The report of every error found in the spec.
pub fn export_file(path: &Path) -> Result<(String, Report), Report> {
    let (loaded, model, report) = crate::load_and_model(path)?;
    Ok((to_json(&document(&loaded.spec, &model)), report))
}

/// Pretty JSON text of a document, with a final newline.
pub fn to_json(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

/// The OpenAPI document of one service. `spec` must be the spec `model` was built from.
pub fn document(spec: &Spec, model: &Model) -> Value {
    let mut names = Names::new(model);
    let error_code = names.fresh("OtcErrorCode");
    let error = names.fresh("OtcError");

    let mut schemas = Map::new();
    for t in &model.types {
        schemas.insert(bare(&t.name).to_owned(), type_schema(t));
    }
    error_schemas(model, &error_code, &error, &mut names, &mut schemas);

    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for group in groups(spec, model) {
        let operation = operation(&group, &error);
        paths
            .entry(group.path.to_owned())
            .or_default()
            .insert(group.method.as_str().to_ascii_lowercase(), operation);
    }
    let paths: Map<String, Value> = paths
        .into_iter()
        .map(|(p, ops)| (p, Value::Object(ops)))
        .collect();

    let s = &model.service;
    let mut info = json!({
        "title": s.title,
        "version": env!("CARGO_PKG_VERSION"),
        "description": s.doc.clone().unwrap_or_else(|| format!("{} on Open Telekom Cloud.", s.title)),
        "x-otc-service": s.name,
        "x-otc-catalog-type": s.catalog_type,
        "x-otc-spec-file": model.spec_file,
    });
    if !s.envelopes.is_empty() {
        info["x-otc-error-envelopes"] = json!(s.envelopes);
    }
    let mut doc = json!({
        "openapi": OPENAPI_VERSION,
        "info": info,
        "servers": [server(&s.endpoint, &[], "The service endpoint; `region` is the OTC region.")],
        "security": [{"token": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                error.clone(): error_response(model, &error),
            },
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Auth-Token",
                    "description": "An IAM token (`POST /v3/auth/tokens` answers it in `X-Subject-Token`).",
                },
            },
        },
    });
    if let Some(docs) = &s.docs {
        doc["externalDocs"] = json!({"url": docs, "description": "API reference"});
    }
    doc
}

/// Component names in use, to give the error schemas names no spec type has.
struct Names(std::collections::BTreeSet<String>);

impl Names {
    fn new(model: &Model) -> Names {
        Names(
            model
                .types
                .iter()
                .map(|t| bare(&t.name).to_owned())
                .collect(),
        )
    }

    fn fresh(&mut self, wanted: &str) -> String {
        let mut name = wanted.to_owned();
        while self.0.contains(&name) {
            name.push('_');
        }
        self.0.insert(name.clone());
        name
    }
}

fn bare(name: &str) -> &str {
    crate::names::bare(name)
}

fn component_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", bare(name)) })
}

/// Schema of a resolved type.
pub fn ty_schema(ty: &Ty) -> Value {
    match ty {
        Ty::String => json!({"type": "string"}),
        Ty::Secret => json!({"type": "string", "format": "password"}),
        Ty::Integer => json!({"type": "integer", "format": "int64"}),
        Ty::Number => json!({"type": "number", "format": "double"}),
        Ty::Boolean => json!({"type": "boolean"}),
        Ty::Json => json!({}),
        Ty::Bytes => json!({"type": "string", "format": "binary"}),
        Ty::Named(n) => component_ref(n),
        Ty::Array(inner) => json!({"type": "array", "items": ty_schema(inner)}),
        Ty::Map(inner) => json!({"type": "object", "additionalProperties": ty_schema(inner)}),
    }
}

/// `schema` with a description and `nullable`; a reference is wrapped in `allOf` for that,
/// since OpenAPI 3.0 ignores siblings of `$ref`.
fn annotate(mut schema: Value, doc: Option<&str>, nullable: bool) -> Value {
    if doc.is_none() && !nullable {
        return schema;
    }
    if schema.get("$ref").is_some() {
        schema = json!({ "allOf": [schema] });
    }
    if let Some(doc) = doc {
        schema["description"] = json!(doc);
    }
    if nullable {
        schema["nullable"] = json!(true);
    }
    schema
}

fn type_schema(t: &crate::model::TypeModel) -> Value {
    let doc = t.doc.as_deref();
    match &t.kind {
        TypeKind::Object(fields) => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for f in fields {
                let mut schema = annotate(ty_schema(&f.ty), f.doc.as_deref(), f.nullable);
                if f.lenient {
                    schema["x-otc-lenient"] = json!(true);
                }
                properties.insert(f.wire.clone(), schema);
                if f.required {
                    required.push(f.wire.clone());
                }
            }
            let mut schema = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                schema["required"] = json!(required);
            }
            if let Some(extra) = &t.extra {
                schema["additionalProperties"] = ty_schema(&extra.ty);
            }
            annotate(schema, doc, false)
        }
        TypeKind::Enum(variants) => {
            let values: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
            let mut schema = json!({"type": "string", "enum": values, "x-otc-open-enum": true});
            let docs: Map<String, Value> = variants
                .iter()
                .filter_map(|v| Some((v.wire.clone(), json!(v.doc.as_deref()?))))
                .collect();
            if !docs.is_empty() {
                schema["x-enum-descriptions"] = Value::Object(docs);
            }
            annotate(schema, doc, false)
        }
        TypeKind::Alias(target) => annotate(ty_schema(target), doc, false),
    }
}

/// Adds the error code enum, one schema per documented envelope and the `anyOf` of them.
fn error_schemas(
    model: &Model,
    code_name: &str,
    error_name: &str,
    names: &mut Names,
    schemas: &mut Map<String, Value>,
) {
    let codes: Vec<&str> = model.errors.iter().map(|e| e.code.as_str()).collect();
    let details: Map<String, Value> = model
        .errors
        .iter()
        .map(|e| {
            let statuses: Vec<u16> = e
                .rows
                .iter()
                .flat_map(|r| r.statuses.iter().copied())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let first = &e.rows[0];
            let mut detail = json!({
                "http_status": statuses,
                "message": first.message,
                "rust_variant": bare(&e.variant),
            });
            if let Some(d) = &first.description {
                detail["description"] = json!(d);
            }
            (e.code.clone(), detail)
        })
        .collect();
    let mut code_schema = json!({
        "type": "string",
        "description": format!("An error code of {}. Codes that are not documented may still be sent.", model.service.title),
        "x-error-codes": details,
    });
    if !codes.is_empty() {
        code_schema["enum"] = json!(codes);
    }
    schemas.insert(code_name.to_owned(), code_schema);

    let code = component_ref(code_name);
    let all = [
        "error_code_msg",
        "nested_error",
        "keystone",
        "code_message",
        "err_code_msg",
        "error_code_msg_camel",
        "open_stack_fault",
    ];
    let listed: Vec<&str> = if model.service.envelopes.is_empty() {
        all.to_vec()
    } else {
        model
            .service
            .envelopes
            .iter()
            .map(String::as_str)
            .filter(|e| all.contains(e))
            .collect()
    };
    let flat = |code_key: &str, msg_key: &str| {
        json!({
            "type": "object",
            "properties": {code_key: code.clone(), msg_key: {"type": "string"}, "request_id": {"type": "string"}},
            "required": [code_key],
        })
    };
    let mut refs = Vec::new();
    for envelope in listed {
        let schema = match envelope {
            "error_code_msg" => flat("error_code", "error_msg"),
            "code_message" => flat("code", "message"),
            "err_code_msg" => flat("errCode", "errMsg"),
            "error_code_msg_camel" => flat("errorCode", "errorMsg"),
            "nested_error" => json!({
                "type": "object",
                "properties": {"error": {
                    "type": "object",
                    "properties": {"code": code.clone(), "message": {"type": "string"}},
                    "required": ["code"],
                }},
                "required": ["error"],
            }),
            "keystone" => json!({
                "type": "object",
                "properties": {"error": {
                    "type": "object",
                    "properties": {"code": {"type": "integer"}, "message": {"type": "string"}, "title": {"type": "string"}},
                    "required": ["code"],
                }},
                "required": ["error"],
            }),
            _ => json!({
                "type": "object",
                "description": "OpenStack fault: one key naming the fault (`itemNotFound`, `badRequest`, …).",
                "additionalProperties": {
                    "type": "object",
                    "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
                },
            }),
        };
        let name = names.fresh(&format!(
            "OtcErrorEnvelope{}",
            heck::ToUpperCamelCase::to_upper_camel_case(envelope)
        ));
        schemas.insert(name.clone(), schema);
        refs.push(component_ref(&name));
    }
    schemas.insert(
        error_name.to_owned(),
        json!({
            "description": "An error body, in one of the envelopes the service is documented to send.",
            "anyOf": refs,
        }),
    );
}

fn error_response(model: &Model, error_name: &str) -> Value {
    let codes: Vec<&str> = model.errors.iter().map(|e| e.code.as_str()).collect();
    json!({
        "description": format!(
            "The service refused the call: an HTTP error status with an error body. Documented codes: {}.",
            if codes.is_empty() { "none".to_owned() } else { codes.join(", ") }
        ),
        "content": {"application/json": {"schema": component_ref(error_name)}},
        "x-error-codes": codes,
    })
}

/// A server for an address template; every `{placeholder}` but those in `skip` becomes a
/// server variable.
fn server(template: &str, params: &[&ParamModel], description: &str) -> Value {
    let mut variables = Map::new();
    for name in crate::validate::template_params(template).unwrap_or_default() {
        let param = params.iter().find(|p| p.wire == name);
        let (default, doc) = match (name.as_str(), param) {
            ("region", _) => (
                "eu-de".to_owned(),
                "The OTC region (`eu-de`, `eu-nl`, `eu-ch2`).".to_owned(),
            ),
            (_, Some(p)) => (
                "localhost".to_owned(),
                p.doc
                    .clone()
                    .unwrap_or_else(|| format!("The `{name}` parameter.")),
            ),
            _ => ("localhost".to_owned(), format!("The `{name}` placeholder.")),
        };
        variables.insert(name, json!({"default": default, "description": doc}));
    }
    let mut server = json!({"url": template, "description": description});
    if !variables.is_empty() {
        server["variables"] = Value::Object(variables);
    }
    server
}

/// Operations that share a method and path, in spec order of their first operation.
pub struct Group<'a> {
    /// The path template.
    pub path: &'a str,
    /// The method.
    pub method: Method,
    /// The operations (model and spec), in spec order.
    pub ops: Vec<(&'a OperationModel, &'a spec::Operation)>,
}

/// Groups operations by method and path.
pub fn groups<'a>(spec: &'a Spec, model: &'a Model) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for (op, spec_op) in model.operations.iter().zip(spec.operations.values()) {
        match groups
            .iter_mut()
            .find(|g| g.path == op.path && g.method == op.method)
        {
            Some(g) => g.ops.push((op, spec_op)),
            None => groups.push(Group {
                path: &op.path,
                method: op.method,
                ops: vec![(op, spec_op)],
            }),
        }
    }
    groups
}

/// Path parameters that fill in the operation's own base address rather than its path.
fn base_params(op: &OperationModel, spec_op: &spec::Operation) -> Vec<String> {
    let Some(base) = &spec_op.base else {
        return Vec::new();
    };
    let in_path = crate::validate::template_params(&op.path).unwrap_or_default();
    crate::validate::template_params(base)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| !in_path.contains(p))
        .collect()
}

fn one_of(mut schemas: Vec<Value>) -> Value {
    schemas.dedup();
    let mut unique: Vec<Value> = Vec::new();
    for s in schemas {
        if !unique.contains(&s) {
            unique.push(s);
        }
    }
    if unique.len() == 1 {
        unique.remove(0)
    } else {
        json!({ "oneOf": unique })
    }
}

fn content_type_of(ty: &Ty) -> &'static str {
    if *ty == Ty::Bytes {
        "application/octet-stream"
    } else {
        "application/json"
    }
}

fn operation(group: &Group<'_>, error_name: &str) -> Value {
    let (first, first_spec) = group.ops[0];
    let merged = group.ops.len() > 1;
    let mut out = Map::new();
    out.insert("operationId".into(), json!(bare(&first.name)));
    if merged {
        let names: Vec<&str> = group.ops.iter().map(|(o, _)| bare(&o.name)).collect();
        out.insert("x-otc-operations".into(), json!(names));
        out.insert(
            "summary".into(),
            json!(format!("{} operations: {}", names.len(), names.join(", "))),
        );
        let text: Vec<String> = group
            .ops
            .iter()
            .map(|(o, _)| match &o.doc {
                Some(d) => format!("`{}`: {d}", bare(&o.name)),
                None => format!("`{}`.", bare(&o.name)),
            })
            .collect();
        out.insert(
            "description".into(),
            json!(format!(
                "Several operations share this method and path; they differ by request body.\n\n{}",
                text.join("\n\n")
            )),
        );
    } else if let Some(doc) = &first.doc {
        let summary = doc.lines().next().unwrap_or_default();
        out.insert("summary".into(), json!(summary));
        out.insert("description".into(), json!(doc));
    }
    if group.ops.iter().all(|(o, _)| o.deprecated) {
        out.insert("deprecated".into(), json!(true));
    }
    if !merged && let Some(paging) = &first_spec.paging {
        out.insert(
            "x-otc-paging".into(),
            serde_json::to_value(paging).unwrap_or(Value::Null),
        );
    }

    // No security requirement for an operation without the cloud's authentication.
    if !first_spec.auth.sends_credentials() {
        out.insert("security".into(), json!([]));
    }
    // Operation-level servers for an own base address.
    if let Some(base) = &first_spec.base {
        let params: Vec<&ParamModel> = first.params.iter().collect();
        out.insert(
            "servers".into(),
            json!([server(
                base,
                &params,
                "This operation's own address (not the service endpoint)."
            )]),
        );
    }

    // Parameters: the union, required only where every operation requires it.
    let mut params: Vec<(String, ParamLocation, Value, bool)> = Vec::new();
    for (op, spec_op) in &group.ops {
        let skip = base_params(op, spec_op);
        for p in &op.params {
            if p.location == ParamLocation::Path && skip.contains(&p.wire) {
                continue;
            }
            if !params
                .iter()
                .any(|(w, l, _, _)| *w == p.wire && *l == p.location)
            {
                params.push((p.wire.clone(), p.location, parameter(p), p.required));
            }
        }
    }
    for (wire, location, value, required) in &mut params {
        let everywhere = group.ops.iter().all(|(op, _)| {
            op.params
                .iter()
                .any(|p| p.wire == *wire && p.location == *location && p.required)
        });
        let req = *location == ParamLocation::Path || (*required && everywhere);
        value["required"] = json!(req);
    }
    if !params.is_empty() {
        out.insert(
            "parameters".into(),
            Value::Array(params.into_iter().map(|(_, _, v, _)| v).collect()),
        );
    }

    // Request body.
    let bodies: Vec<_> = group
        .ops
        .iter()
        .filter_map(|(o, _)| o.body.as_ref())
        .collect();
    if !bodies.is_empty() {
        let mut by_type: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        for b in &bodies {
            by_type
                .entry(b.content_type.as_str())
                .or_default()
                .push(ty_schema(&b.ty));
        }
        let content: Map<String, Value> = by_type
            .into_iter()
            .map(|(ct, schemas)| (ct.to_owned(), json!({"schema": one_of(schemas)})))
            .collect();
        let required = bodies.len() == group.ops.len() && bodies.iter().all(|b| !b.optional);
        let mut body = json!({"required": required, "content": content});
        let docs: Vec<&str> = bodies.iter().filter_map(|b| b.doc.as_deref()).collect();
        if !docs.is_empty() {
            body["description"] = json!(docs.join("\n\n"));
        }
        out.insert("requestBody".into(), body);
    }

    // Responses.
    let mut responses: BTreeMap<u16, Response> = BTreeMap::new();
    for (op, spec_op) in &group.ops {
        for (r, spec_r) in op.responses.iter().zip(&spec_op.responses) {
            let entry = responses.entry(r.status).or_default();
            entry.ops += 1;
            if let Some(doc) = &r.doc
                && !entry.docs.contains(doc)
            {
                entry.docs.push(doc.clone());
            }
            if let Some(ty) = &r.ty {
                entry
                    .content
                    .entry(content_type_of(ty))
                    .or_default()
                    .push(ty_schema(ty));
            }
            for (name, h) in &spec_r.headers {
                let key = name.to_ascii_lowercase();
                let slot = entry
                    .headers
                    .entry(key)
                    .or_insert_with(|| (name.clone(), h.clone(), 0));
                slot.2 += 1;
            }
        }
    }
    let mut out_responses = Map::new();
    for (status, r) in responses {
        let mut resp = json!({
            "description": if r.docs.is_empty() { format!("HTTP {status}.") } else { r.docs.join("\n\n") },
        });
        if !r.content.is_empty() {
            let content: Map<String, Value> = r
                .content
                .into_iter()
                .map(|(ct, schemas)| (ct.to_owned(), json!({"schema": one_of(schemas)})))
                .collect();
            resp["content"] = Value::Object(content);
        }
        if !r.headers.is_empty() {
            let headers: Map<String, Value> = r
                .headers
                .into_values()
                .map(|(name, h, seen)| {
                    let mut schema = if h.ty == "integer" {
                        json!({"type": "integer", "format": "int64"})
                    } else {
                        json!({"type": "string"})
                    };
                    if h.secret {
                        schema["format"] = json!("password");
                    }
                    let mut header = json!({
                        "schema": schema,
                        "required": h.required && seen == r.ops,
                    });
                    if let Some(doc) = &h.doc {
                        header["description"] = json!(doc);
                    }
                    (name, header)
                })
                .collect();
            resp["headers"] = Value::Object(headers);
        }
        out_responses.insert(status.to_string(), resp);
    }
    out_responses.insert(
        "default".into(),
        json!({"$ref": format!("#/components/responses/{error_name}")}),
    );
    out.insert("responses".into(), Value::Object(out_responses));
    Value::Object(out)
}

/// One status of a (merged) operation.
#[derive(Default)]
struct Response {
    ops: usize,
    docs: Vec<String>,
    content: BTreeMap<&'static str, Vec<Value>>,
    headers: BTreeMap<String, (String, spec::Header, usize)>,
}

fn parameter(p: &ParamModel) -> Value {
    let location = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    };
    let mut value = json!({
        "name": p.wire,
        "in": location,
        "required": p.required || p.location == ParamLocation::Path,
        "schema": ty_schema(&p.ty),
    });
    if let Some(doc) = &p.doc {
        value["description"] = json!(doc);
    }
    if matches!(p.ty, Ty::Array(_)) && p.location == ParamLocation::Query {
        value["style"] = json!("form");
        value["explode"] = json!(true);
    }
    match p.from {
        Some(ConfigValue::ProjectId) => value["x-otc-from"] = json!("project_id"),
        Some(ConfigValue::Region) => value["x-otc-from"] = json!("region"),
        None => {}
    }
    value
}
