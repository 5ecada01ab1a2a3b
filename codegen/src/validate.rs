//! Stage 2, validate: everything wrong with a loaded spec, each finding placed at its key.
//!
//! Errors stop generation; warnings do not (the generator works around them, deterministically,
//! and says how). All findings are collected, not only the first.
//!
//! Names follow one rule: a name the spec author chose freely (an operation, a type) must map
//! to a Rust name of its own, so a collision is an error; a name fixed by the API (a JSON key,
//! a parameter, an enum value, an error code) is renamed deterministically, with a warning that
//! says how, because the author cannot change it.

mod waiters;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostic::{Diagnostic, Report, Severity, did_you_mean};
use crate::load::Loaded;
use crate::model::{self, RESERVED_OPERATION_NAMES, RESERVED_PARAM_NAMES, RESERVED_TYPE_NAMES};
use crate::names::{self, Deduper};
use crate::source_map::{Seg, Span};
use crate::spec::{ParamLocation, Spec, TypeDef};
use crate::type_expr::TypeExpr;

/// Parts of a spec the loader could not read, so validation does not report what they would
/// have provided (a type that failed to load is not also an "unknown type").
#[derive(Debug, Clone, Default)]
pub struct Skip {
    /// The `service` block did not load; its checks are skipped.
    pub service: bool,
    /// The whole `types` section did not load: no type reference is reported as unknown.
    pub all_types: bool,
    /// Types that did not load.
    pub types: BTreeSet<String>,
}

/// Checks a loaded spec.
pub fn validate(loaded: &Loaded) -> Report {
    validate_with(loaded, &Skip::default())
}

/// Checks a spec of which the parts named in `skip` did not load.
pub fn validate_with(loaded: &Loaded, skip: &Skip) -> Report {
    let mut v = Validator {
        loaded,
        skip,
        out: Vec::new(),
    };
    if !skip.service {
        v.service();
    }
    v.types();
    v.operations();
    v.errors();
    v.waiters();
    let mut report = Report {
        source: loaded.source.clone(),
        diagnostics: v.out,
    };
    report.sort();
    report
}

struct Validator<'a> {
    loaded: &'a Loaded,
    skip: &'a Skip,
    out: Vec<Diagnostic>,
}

/// A path of keys.
fn keys(segs: &[&str]) -> Vec<Seg> {
    segs.iter().map(|s| Seg::Key((*s).to_owned())).collect()
}

/// A path of keys with one more segment.
fn with(base: &[Seg], seg: impl Into<Seg>) -> Vec<Seg> {
    let mut p = base.to_vec();
    p.push(seg.into());
    p
}

impl<'a> Validator<'a> {
    fn spec(&self) -> &'a Spec {
        &self.loaded.spec
    }

    fn push(&mut self, d: Diagnostic) {
        if self.out.len() < crate::load::MAX_DIAGNOSTICS {
            self.out.push(d);
        }
    }

    /// Records a finding underlining `span`.
    fn report(&mut self, severity: Severity, span: Span, message: String, help: &str) {
        let d = Diagnostic::error(&self.loaded.file, span.pos, message)
            .len(span.len)
            .help(help);
        self.push(Diagnostic { severity, ..d });
    }

    fn error_at_key(&mut self, at: &[Seg], message: String, help: &str) {
        let span = self.loaded.map.key_span(at);
        self.report(Severity::Error, span, message, help);
    }

    fn error_at_value(&mut self, at: &[Seg], message: String, help: &str) {
        let span = self.loaded.map.value_span(at);
        self.report(Severity::Error, span, message, help);
    }

    fn warn_at_key(&mut self, at: &[Seg], message: String, help: &str) {
        let span = self.loaded.map.key_span(at);
        self.report(Severity::Warning, span, message, help);
    }

    fn service(&mut self) {
        let s = &self.spec().service;
        let name = s.name.clone();
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid {
            self.error_at_value(
                &keys(&["service", "name"]),
                format!("service name `{name}` is not a short lower-case name"),
                "use lower-case letters, digits and `-`, e.g. `as` or `ims`; the crate becomes `otc-<name>`",
            );
        }
        let endpoint = s.endpoint.clone();
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            self.error_at_value(
                &keys(&["service", "endpoint"]),
                format!("endpoint `{endpoint}` is not an http(s) URL template"),
                "write it like `https://as.{region}.otc.t-systems.com`",
            );
        }
        if s.catalog_type.trim().is_empty() {
            self.error_at_value(
                &keys(&["service", "catalog_type"]),
                "catalog_type is empty".to_owned(),
                "give the service type as the IAM token catalog names it, e.g. `as` or `image`",
            );
        }
    }

    /// Checks a type expression; `at` is the key holding it. `bytes` is only allowed as a
    /// whole body ([`Validator::body_type_expr`]).
    fn type_expr(&mut self, expr: &str, at: &[Seg]) -> Option<TypeExpr> {
        let parsed = self.any_type_expr(expr, at)?;
        if parsed.contains_bytes() {
            self.error_at_value(
                at,
                "`bytes` is only allowed as a whole request or response body".to_owned(),
                "use `string` for text, or `json` for free-form data",
            );
        }
        Some(parsed)
    }

    /// A body type: `bytes` may stand alone.
    fn body_type_expr(&mut self, expr: &str, at: &[Seg]) -> Option<TypeExpr> {
        let parsed = self.any_type_expr(expr, at)?;
        if parsed != TypeExpr::Bytes && parsed.contains_bytes() {
            self.error_at_value(
                at,
                "`bytes` is only allowed as a whole request or response body".to_owned(),
                "write `type: bytes`",
            );
        }
        Some(parsed)
    }

    fn any_type_expr(&mut self, expr: &str, at: &[Seg]) -> Option<TypeExpr> {
        match TypeExpr::parse(expr) {
            Ok(parsed) => {
                for name in parsed.names() {
                    if self.spec().types.contains_key(name)
                        || self.skip.all_types
                        || self.skip.types.contains(name)
                    {
                        continue;
                    }
                    let candidates: Vec<&str> =
                        self.spec().types.keys().map(String::as_str).collect();
                    let help = match (
                        crate::type_expr::scalar_for(name),
                        did_you_mean(name, candidates),
                    ) {
                        (_, Some(close)) => format!("did you mean `{close}`?"),
                        (Some(scalar), None) => {
                            format!("scalar types are lower case: did you mean `{scalar}`?")
                        }
                        (None, None) => format!("define `{name}` under `types:`"),
                    };
                    let message = format!("unknown type `{name}`");
                    self.error_at_value(at, message, &help);
                }
                Some(parsed)
            }
            Err(message) => {
                self.error_at_value(at, message, "see the type expressions in specs/README.md");
                None
            }
        }
    }

    fn types(&mut self) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let types: Vec<(String, TypeDef)> = self
            .spec()
            .types
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (name, def) in &types {
            let at = keys(&["types", name]);
            let rust = model::type_name(name);
            if !names::is_plain_ident(name) || rust != *name {
                self.error_at_key(
                    &at,
                    format!("type name `{name}` is not UpperCamelCase"),
                    &format!("name it `{rust}`"),
                );
            }
            if RESERVED_TYPE_NAMES.contains(&rust.as_str()) {
                self.error_at_key(
                    &at,
                    format!("type name `{name}` hides a standard Rust name"),
                    &format!("rename it, e.g. `{rust}Info`"),
                );
            }
            if let Some(first) = seen.insert(rust.to_ascii_lowercase(), name.clone()) {
                self.error_at_key(
                    &at,
                    format!("type `{name}` collides with `{first}`"),
                    "type names must differ in more than case and punctuation",
                );
            }
            let kinds = usize::from(def.fields.is_some())
                + usize::from(def.variants.is_some())
                + usize::from(def.alias.is_some());
            if kinds != 1 {
                self.error_at_key(
                    &at,
                    format!("type `{name}` must have exactly one of `fields`, `enum` or `alias`"),
                    "an object has `fields`, a string enum has `enum`, an alias has `alias`",
                );
            }
            if let Some(values) = &def.variants {
                self.enum_values(name, values);
            }
            if let Some(alias) = &def.alias {
                self.type_expr(alias, &with(&at, "alias"));
            }
            if let Some(fields) = &def.fields {
                self.fields(name, fields);
            }
            if let Some(extra) = &def.additional_properties {
                let extra_at = with(&at, "additional_properties");
                if def.fields.is_none() {
                    self.error_at_key(
                        &extra_at,
                        format!("type `{name}` has `additional_properties` but no `fields`"),
                        "only objects carry keys beside their fields; add `fields:` or remove it",
                    );
                }
                self.type_expr(extra, &extra_at);
            }
        }
        self.infinite_types();
        self.alias_cycles();
    }

    /// An UpperCamelCase `rust_name` (enum values, error codes); false when it is not one.
    fn camel_rust_name(&mut self, rust: &str, at: &[Seg]) -> bool {
        if !(names::is_plain_ident(rust) && names::camel(rust, "V", "Empty") == rust) {
            self.error_at_value(
                at,
                format!("rust_name `{rust}` is not an UpperCamelCase identifier"),
                &format!("write it like `{}`", names::camel(rust, "V", "Value")),
            );
            false
        } else if rust == "Unknown" {
            self.error_at_value(
                at,
                "rust_name `Unknown` is taken by the catch-all variant".to_owned(),
                "choose another name",
            );
            false
        } else {
            true
        }
    }

    /// A snake_case `rust_name` (fields, parameters, headers).
    fn snake_rust_name(&mut self, rust: &str, at: &[Seg]) {
        if !(names::is_plain_ident(rust) && names::snake(rust, "field") == rust) {
            self.error_at_value(
                at,
                format!("rust_name `{rust}` is not a snake_case identifier"),
                "use lower-case letters, digits and `_`, not a keyword",
            );
        }
    }

    fn enum_values(&mut self, name: &str, values: &[crate::spec::EnumValue]) {
        let at = keys(&["types", name, "enum"]);
        if values.is_empty() {
            self.error_at_key(
                &at,
                format!("enum `{name}` has no values"),
                "list at least one value, or make the field a `string`",
            );
        }
        let mut wires = BTreeSet::new();
        let mut scope = Deduper::with_reserved(["Unknown"]);
        let mut first_of: HashMap<String, String> = HashMap::new();
        for (i, v) in values.iter().enumerate() {
            let item = with(&at, i);
            if !wires.insert(v.value.clone()) {
                self.error_at_value(
                    &with(&item, "value"),
                    format!("enum `{name}` lists `{}` twice", v.value),
                    "remove the repeated value",
                );
                continue;
            }
            if let Some(rust) = &v.rust_name
                && !self.camel_rust_name(rust, &with(&item, "rust_name"))
            {
                continue;
            }
            let wanted = v
                .rust_name
                .clone()
                .unwrap_or_else(|| names::camel(&v.value, "V", "Empty"));
            let (got, renamed) = scope.claim(&wanted);
            first_of
                .entry(wanted.clone())
                .or_insert_with(|| v.value.clone());
            if renamed {
                let message = match first_of.get(&wanted) {
                    Some(first) if *first != v.value => format!(
                        "enum `{name}`: values `{first}` and `{}` both become variant `{wanted}`; the later one is named `{got}`",
                        v.value
                    ),
                    _ => format!(
                        "enum `{name}`: value `{}` would be variant `{wanted}`, which is taken; it is named `{got}`",
                        v.value
                    ),
                };
                self.warn_at_key(
                    &with(&item, "value"),
                    message,
                    "set `rust_name` on one of them to choose the names",
                );
            }
        }
    }

    fn fields(&mut self, type_name: &str, fields: &indexmap::IndexMap<String, crate::spec::Field>) {
        let mut scope = Deduper::default();
        let mut first_of: HashMap<String, String> = HashMap::new();
        for (wire, f) in fields {
            let at = keys(&["types", type_name, "fields", wire.as_str()]);
            let parsed = self.type_expr(&f.ty, &with(&at, "type"));
            if let Some(rust) = &f.rust_name {
                self.snake_rust_name(rust, &with(&at, "rust_name"));
            }
            if f.secret && parsed.as_ref().is_some_and(|p| *p != TypeExpr::String) {
                self.error_at_key(
                    &with(&at, "secret"),
                    "only `string` fields can be secret".to_owned(),
                    "remove `secret`, or make the field a string",
                );
            }
            if f.lenient
                && let Some(p) = &parsed
                && !lenient_capable(p)
            {
                self.error_at_key(
                    &with(&at, "lenient"),
                    format!("`lenient` applies to scalars, json and arrays of them, not `{p}`"),
                    "remove `lenient`; make the field `nullable` if the service sends null",
                );
            }
            let wanted = f
                .rust_name
                .clone()
                .unwrap_or_else(|| names::snake(wire, "field"));
            let base = names::bare(&wanted).to_owned();
            let (got, renamed) = scope.claim(&wanted);
            first_of.entry(base.clone()).or_insert_with(|| wire.clone());
            if renamed {
                let message = match first_of.get(&base) {
                    Some(first) if first != wire => format!(
                        "fields `{first}` and `{wire}` of `{type_name}` both become `{base}`; the later one is named `{got}`"
                    ),
                    _ => format!(
                        "field `{wire}` of `{type_name}` would be `{base}`, which is taken; it is named `{got}`"
                    ),
                };
                self.warn_at_key(
                    &at,
                    message,
                    "set `rust_name` on one of them to choose the names",
                );
            }
        }
    }

    /// A cycle of required, non-null, direct references can never end: no finite JSON value
    /// has that type.
    fn infinite_types(&mut self) {
        let spec = self.spec();
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, def) in &spec.types {
            let mut targets = Vec::new();
            if let Some(alias) = &def.alias
                && let Ok(TypeExpr::Named(n)) = TypeExpr::parse(alias)
                && let Some((key, _)) = spec.types.get_key_value(n.as_str())
            {
                targets.push(key.as_str());
            }
            for f in def.fields.iter().flat_map(|f| f.values()) {
                if f.required
                    && !f.nullable
                    && let Ok(TypeExpr::Named(n)) = TypeExpr::parse(&f.ty)
                    && let Some((key, _)) = spec.types.get_key_value(n.as_str())
                {
                    targets.push(key.as_str());
                }
            }
            edges.insert(name.as_str(), targets);
        }
        for (name, cycle) in distinct_cycles(&edges) {
            self.error_at_key(
                &keys(&["types", &name]),
                format!("type `{name}` can only be infinite: {cycle}"),
                "make one field of the cycle optional (drop `required`) or `nullable`",
            );
        }
    }

    /// Rust type aliases cannot refer to themselves, not even through `Vec` or a map
    /// (`type A = Vec<A>` does not compile): a cycle made only of aliases is an error. A
    /// cycle through an object is fine (the struct breaks it).
    fn alias_cycles(&mut self) {
        let spec = self.spec();
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, def) in &spec.types {
            let targets = def
                .alias
                .as_deref()
                .and_then(|a| TypeExpr::parse(a).ok())
                .map(|t| {
                    t.names()
                        .into_iter()
                        .filter_map(|n| spec.types.get_key_value(n))
                        .filter(|(_, d)| d.alias.is_some() && d.fields.is_none())
                        .map(|(k, _)| k.as_str())
                        .collect()
                })
                .unwrap_or_default();
            if def.fields.is_none() && def.variants.is_none() {
                edges.insert(name.as_str(), targets);
            }
        }
        for (name, cycle) in distinct_cycles(&edges) {
            self.error_at_value(
                &keys(&["types", &name, "alias"]),
                format!("alias `{name}` refers to itself: {cycle}"),
                "Rust type aliases cannot be recursive; make one of them an object with `fields`",
            );
        }
    }

    fn operations(&mut self) {
        let ops: Vec<(String, crate::spec::Operation)> = self
            .spec()
            .operations
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut seen_methods: BTreeMap<String, String> = BTreeMap::new();
        for (name, op) in &ops {
            let at = keys(&["operations", name]);
            let method = model::op_method_name(name);
            if names::bare(&method) != name {
                self.error_at_key(
                    &at,
                    format!("operation name `{name}` is not snake_case"),
                    &format!("name it `{}`", names::bare(&method)),
                );
            }
            if RESERVED_OPERATION_NAMES.contains(&name.as_str()) {
                self.error_at_key(
                    &at,
                    format!("operation name `{name}` is taken by the generated client"),
                    "rename the operation",
                );
            }
            let type_name = model::op_type_name(name);
            if RESERVED_TYPE_NAMES.contains(&type_name.as_str()) {
                self.error_at_key(
                    &at,
                    format!(
                        "operation `{name}` would get the request builder `{type_name}`, which hides a standard Rust name"
                    ),
                    "rename the operation, e.g. with a verb: `get_…`, `list_…`",
                );
            }
            let key = type_name.to_ascii_lowercase();
            if let Some(first) = seen_methods.insert(key, name.clone()) {
                self.error_at_key(
                    &at,
                    format!("operations `{first}` and `{name}` get the same Rust names"),
                    "rename one of them",
                );
            }
            self.operation(name, op);
        }
    }

    fn operation(&mut self, name: &str, op: &crate::spec::Operation) {
        let at_op = keys(&["operations", name]);
        let path_at = with(&at_op, "path");
        if !op.path.starts_with('/') {
            self.error_at_value(
                &path_at,
                format!("path `{}` does not start with `/`", op.path),
                "paths are templates from the host, e.g. `/v1/{project_id}/groups`",
            );
        }
        let mut placeholders = Vec::new();
        for (template, key) in [
            (Some(op.path.as_str()), "path"),
            (op.base.as_deref(), "base"),
        ] {
            let Some(template) = template else { continue };
            match template_params(template) {
                Ok(names) => placeholders.extend(names),
                Err(message) => {
                    self.error_at_value(&with(&at_op, key), message, "write parameters as `{name}`")
                }
            }
        }
        let declared_path: BTreeSet<&str> = op
            .params
            .iter()
            .filter(|(_, p)| p.location == ParamLocation::Path)
            .map(|(k, _)| k.as_str())
            .collect();
        let mut counted = BTreeSet::new();
        // The client fills a `from:` parameter with one value: it may stand twice in the path
        // (SFS quotas: `/v2/{project_id}/os-quota-sets/{project_id}`).
        let filled_by_client = |p: &str| op.params.get(p).is_some_and(|param| param.from.is_some());
        for p in &placeholders {
            if !counted.insert(p.clone()) && !filled_by_client(p) {
                self.error_at_value(
                    &path_at,
                    format!("path parameter `{{{p}}}` appears twice"),
                    "each path parameter may appear once",
                );
            }
            if !declared_path.contains(p.as_str()) {
                let help = match op.params.get(p.as_str()) {
                    Some(_) => format!("`{p}` is declared, but not with `in: path`"),
                    None => format!("add `{p}: {{in: path, type: string}}` under `params:`"),
                };
                self.error_at_value(
                    &path_at,
                    format!("path parameter `{{{p}}}` is not declared"),
                    &help,
                );
            }
        }
        let param_names = model::param_names(op);
        let mut first_of: HashMap<String, String> = HashMap::new();
        let mut header_names: BTreeMap<String, String> = BTreeMap::new();
        for ((wire, p), name) in op.params.iter().zip(&param_names) {
            let at = with(&with(&at_op, "params"), wire.as_str());
            if p.location == ParamLocation::Path && !counted.contains(wire) {
                self.error_at_key(
                    &at,
                    format!("path parameter `{wire}` is not in the path"),
                    &format!(
                        "remove it, put `{{{wire}}}` in the path, or make it a query parameter"
                    ),
                );
            }
            if p.secret && (p.ty != "string" || p.from.is_some()) {
                self.error_at_key(
                    &with(&at, "secret"),
                    format!("parameter `{wire}` is secret but not a `string` the caller gives"),
                    "only `string` parameters without `from` can be secret",
                );
            }
            if p.from.is_some() && p.location == ParamLocation::Header {
                self.error_at_key(
                    &at,
                    "`from` applies to path and query parameters".to_owned(),
                    "remove `from`",
                );
            }
            if p.location == ParamLocation::Header {
                self.header_name(wire, &at);
                if let Some(first) = header_names.insert(wire.to_ascii_lowercase(), wire.clone()) {
                    self.error_at_key(
                        &at,
                        format!("header parameters `{first}` and `{wire}` are the same header"),
                        "HTTP header names ignore case; declare it once",
                    );
                }
            }
            let type_at = with(&at, "type");
            if let Some(parsed) = self.type_expr(&p.ty, &type_at) {
                let ok = match &parsed {
                    TypeExpr::Array(inner) => {
                        p.location == ParamLocation::Query && self.param_item(inner)
                    }
                    other => self.param_item(other),
                };
                if !ok {
                    self.error_at_value(
                        &type_at,
                        format!("parameter type `{parsed}` cannot go in a {}", location(p.location)),
                        "parameters are scalars or string enums; repeated query keys are `array<scalar>`",
                    );
                }
            }
            if let Some(rust) = &p.rust_name {
                self.snake_rust_name(rust, &with(&at, "rust_name"));
            }
            let base = names::bare(&name.wanted).to_owned();
            let (got, renamed) = (&name.rust, name.renamed);
            first_of.entry(base.clone()).or_insert_with(|| wire.clone());
            if renamed {
                let message = match first_of.get(&base) {
                    Some(first) if first != wire => format!(
                        "parameters `{first}` and `{wire}` both become `{base}`; the later one is named `{got}`"
                    ),
                    _ if RESERVED_PARAM_NAMES.contains(&base.as_str()) => format!(
                        "parameter `{wire}` would be `{base}`, which the request builder uses itself; it is named `{got}`"
                    ),
                    _ => format!(
                        "parameter `{wire}` would be `{base}`, which is taken; it is named `{got}`"
                    ),
                };
                self.warn_at_key(
                    &at,
                    message,
                    "set `rust_name` on one of them to choose the names",
                );
            }
        }
        if op.base.is_some() && op.auth.sends_credentials() {
            self.error_at_value(
                &with(&at_op, "base"),
                format!("operation `{name}` has its own `base` address but uses the cloud's authentication"),
                "the caller names this host, so the cloud's token or signature must not go there: add `auth: none`",
            );
        }
        if let Some(body) = &op.request {
            self.body_type_expr(&body.ty, &keys(&["operations", name, "request", "type"]));
        }
        if op.responses.is_empty() {
            self.error_at_key(
                &at_op,
                format!("operation `{name}` has no responses"),
                "list at least one success status, e.g. `responses: [{status: 204}]`",
            );
        }
        let mut statuses = BTreeSet::new();
        for (i, r) in op.responses.iter().enumerate() {
            let item = with(&with(&at_op, "responses"), i);
            let status_at = with(&item, "status");
            if !(100..=599).contains(&r.status) {
                self.error_at_value(
                    &status_at,
                    format!("status {} is not an HTTP status", r.status),
                    "use a number from 100 to 599",
                );
            } else if !(200..400).contains(&r.status) {
                let span = self.loaded.map.value_span(&status_at);
                let d = Diagnostic::warning(
                    &self.loaded.file,
                    span.pos,
                    format!("status {} is listed as a success", r.status),
                )
                .len(span.len)
                .help("responses lists success statuses; error statuses belong to `errors:`");
                self.push(d);
            }
            if !statuses.insert(r.status) {
                self.error_at_value(
                    &status_at,
                    format!("status {} is listed twice", r.status),
                    "list each status once",
                );
            }
            if let Some(ty) = &r.ty {
                self.body_type_expr(ty, &with(&item, "type"));
                if op.method == crate::spec::Method::Head {
                    self.error_at_value(
                        &with(&item, "type"),
                        format!(
                            "a HEAD answer has no body, but status {} declares type `{ty}`",
                            r.status
                        ),
                        "remove `type`; declare what the answer carries under `headers:`",
                    );
                }
            }
            let mut seen_headers: BTreeMap<String, String> = BTreeMap::new();
            for (wire, h) in &r.headers {
                let at = with(&with(&item, "headers"), wire.as_str());
                self.header_name(wire, &at);
                if let Some(first) = seen_headers.insert(wire.to_ascii_lowercase(), wire.clone()) {
                    self.error_at_key(
                        &at,
                        format!("headers `{first}` and `{wire}` are the same header"),
                        "HTTP header names ignore case; declare it once",
                    );
                }
                if !matches!(h.ty.as_str(), "string" | "integer") {
                    self.error_at_value(
                        &with(&at, "type"),
                        format!("header type `{}` is not `string` or `integer`", h.ty),
                        "response headers are read as `string` or `integer`",
                    );
                }
                if h.secret && h.ty != "string" {
                    self.error_at_key(
                        &with(&at, "secret"),
                        "only `string` headers can be secret".to_owned(),
                        "remove `secret`, or make the header a string",
                    );
                }
                if let Some(rust) = &h.rust_name {
                    self.snake_rust_name(rust, &with(&at, "rust_name"));
                }
            }
        }
        if let Some(paging) = &op.paging {
            self.paging(name, op, paging);
        }
    }

    /// HTTP header names are tokens (RFC 9110): letters, digits and ``!#$%&'*+-.^_`|~``.
    fn header_name(&mut self, wire: &str, at: &[Seg]) {
        let token = !wire.is_empty()
            && wire
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
        if !token {
            self.error_at_key(
                at,
                format!("`{wire}` is not a valid HTTP header name"),
                "header names are ASCII letters, digits and `-` (e.g. `X-Auth-Token`), without spaces or `:`",
            );
        }
    }

    /// True if a parameter may have this (non-array) type.
    fn param_item(&self, t: &TypeExpr) -> bool {
        match t {
            TypeExpr::Named(n) => self
                .spec()
                .types
                .get(n.as_str())
                .is_none_or(|d| d.variants.is_some()),
            other => other.is_scalar(),
        }
    }

    fn paging(&mut self, name: &str, op: &crate::spec::Operation, paging: &crate::spec::Paging) {
        use crate::spec::Paging;
        let at = keys(&["operations", name, "paging"]);
        // (parameter, wanted type) for the cursor and the page size.
        let params: [(&str, &str); 2] = match paging {
            Paging::Offset { offset, limit, .. } => [(offset, "integer"), (limit, "integer")],
            Paging::Marker { marker, limit, .. } => [(marker, "string"), (limit, "integer")],
            Paging::Page { page, size, .. } => [(page, "integer"), (size, "integer")],
        };
        for (p, wanted) in params {
            match op.params.get(p) {
                Some(d) if d.location == ParamLocation::Query && d.from.is_none() => {
                    if d.ty != wanted {
                        self.error_at_key(
                            &at,
                            format!(
                                "paging parameter `{p}` of `{name}` is `{}`, not `{wanted}`",
                                d.ty
                            ),
                            &format!("declare `{p}` with `type: {wanted}`"),
                        );
                    }
                }
                _ => self.error_at_key(
                    &at,
                    format!("paging names `{p}`, which is not a query parameter of `{name}`"),
                    "declare it under `params:` with `in: query`",
                ),
            }
        }
        let (items, total, item_id, next) = match paging {
            Paging::Offset { items, total, .. } | Paging::Page { items, total, .. } => {
                (items, total.as_deref(), None, None)
            }
            Paging::Marker {
                items,
                item_id,
                next,
                total,
                ..
            } => (
                items,
                total.as_deref(),
                Some(item_id.as_str()),
                next.as_deref(),
            ),
        };
        // The response body must be one object type holding the items.
        let mut bodies: Vec<&str> = op
            .responses
            .iter()
            .filter_map(|r| r.ty.as_deref())
            .collect();
        bodies.dedup();
        let spec = self.spec();
        let fields_of = |ty: &str| spec.types.get(ty).and_then(|d| d.fields.as_ref());
        let Some(body_fields) = (match bodies.as_slice() {
            [one] => fields_of(one),
            _ => None,
        }) else {
            self.error_at_key(
                &at,
                format!("paging needs `{name}` to answer with one object type"),
                "give every success status the same object `type`",
            );
            return;
        };
        let item_type = match body_fields.get(items).map(|f| TypeExpr::parse(&f.ty)) {
            Some(Ok(TypeExpr::Array(inner))) => *inner,
            _ => {
                self.error_at_key(
                    &at,
                    format!("paging names items field `{items}`, which is not an array field of the response"),
                    "name the response field that holds the list",
                );
                return;
            }
        };
        // A field of the body, or a dotted path through nested objects (`links.next`).
        let field_at = |path: &str| -> Option<&crate::spec::Field> {
            if let Some(f) = body_fields.get(path) {
                return Some(f);
            }
            let mut fields = body_fields;
            let mut segments = path.split('.').peekable();
            while let Some(segment) = segments.next() {
                let f = fields.get(segment)?;
                if segments.peek().is_none() {
                    return Some(f);
                }
                fields = fields_of(&f.ty)?;
            }
            None
        };
        if let Some(total) = total
            && field_at(total).is_none_or(|f| f.ty != "integer" && f.ty != "string")
        {
            self.error_at_key(
                &at,
                format!("paging names total field `{total}`, which is not an integer or string field of the response"),
                "name the response field that holds the total count, or leave `total` out",
            );
        }
        if let Some(next) = next
            && field_at(next).is_none_or(|f| f.ty != "string")
        {
            self.error_at_key(
                &at,
                format!("paging names next-link field `{next}`, which is not a string field of the response"),
                "name the response field that holds the `next` link, or leave `next` out",
            );
        }
        if let Some(id) = item_id {
            let ok = match &item_type {
                TypeExpr::Named(n) => fields_of(n)
                    .and_then(|f| f.get(id))
                    .is_some_and(|f| f.ty == "string"),
                _ => false,
            };
            if !ok {
                self.error_at_key(
                    &at,
                    format!("paging names item id `{id}`, which is not a string field of the listed items"),
                    "name the item field whose value is the next marker",
                );
            }
        }
    }

    fn errors(&mut self) {
        let mut scope = Deduper::with_reserved(["Unknown"]);
        let mut first_of: HashMap<String, String> = HashMap::new();
        let errors: Vec<(String, crate::spec::ErrorCodeDef)> = self
            .spec()
            .errors
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (code, def) in &errors {
            let at = keys(&["errors", code]);
            if code.trim().is_empty() || code.trim() != code {
                self.error_at_key(
                    &at,
                    format!("error code `{code}` is empty or has surrounding spaces"),
                    "write the code exactly as the service sends it",
                );
            }
            if code.chars().any(char::is_control) {
                self.error_at_key(
                    &at,
                    format!(
                        "error code `{}` contains a control character",
                        code.escape_debug()
                    ),
                    "error codes are printable text; write the code exactly as the service sends it",
                );
            }
            let mut rows = vec![(with(&at, "status"), def.status.clone())];
            for (i, a) in def.also.iter().enumerate() {
                rows.push((
                    with(&with(&with(&at, "also"), i), "status"),
                    a.status.clone(),
                ));
            }
            for (status_at, status) in rows {
                let Some(status) = status else { continue };
                let list = status.to_vec();
                if list.is_empty() {
                    self.error_at_value(
                        &status_at,
                        format!("`{code}` has an empty status list"),
                        "give at least one status, or leave `status` out when the reference gives none",
                    );
                }
                for s in list {
                    if !(100..=599).contains(&s) {
                        self.error_at_value(
                            &status_at,
                            format!("status {s} of `{code}` is not an HTTP status"),
                            "use a number from 100 to 599, a list of them, or leave `status` out",
                        );
                    }
                }
            }
            if let Some(rust) = &def.rust_name
                && !self.camel_rust_name(rust, &with(&at, "rust_name"))
            {
                continue;
            }
            let wanted = def
                .rust_name
                .clone()
                .unwrap_or_else(|| names::error_variant(code));
            let (got, renamed) = scope.claim(&wanted);
            first_of
                .entry(wanted.clone())
                .or_insert_with(|| code.clone());
            if renamed {
                let message = match first_of.get(&wanted) {
                    Some(first) if first != code => format!(
                        "codes `{first}` and `{code}` both become `ErrorCode::{wanted}`; the later one is named `{got}`"
                    ),
                    _ => format!(
                        "code `{code}` would be `ErrorCode::{wanted}`, which is taken; it is named `{got}`"
                    ),
                };
                self.warn_at_key(
                    &at,
                    message,
                    "set `rust_name` on one of them to choose the names",
                );
            }
        }
    }
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// True if `lenient` decoding is available for this type.
fn lenient_capable(t: &TypeExpr) -> bool {
    match t {
        TypeExpr::Array(inner) => lenient_capable(inner),
        TypeExpr::Json => true,
        other => other.is_scalar(),
    }
}

/// The `{names}` of a template, or why it is malformed.
pub fn template_params(template: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("`}}` without `{{` in `{template}`"));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!("`{{` without `}}` in `{template}`"));
        };
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("malformed parameter in `{template}`"));
        }
        out.push(name.to_owned());
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// Each cycle of `edges` once, as (the node it was found from, `A → B → A`): a cycle is
/// reported from the first node that finds it, and not again from its other nodes.
fn distinct_cycles(edges: &BTreeMap<&str, Vec<&str>>) -> Vec<(String, String)> {
    let mut reported = BTreeSet::new();
    let mut found = Vec::new();
    for start in edges.keys() {
        if let Some(cycle) = find_cycle(start, edges)
            && reported.insert(cycle.iter().min().copied().unwrap_or(start))
        {
            found.push((start.to_string(), cycle.join(" → ")));
        }
    }
    found
}

/// A cycle from `start` back to itself, iteratively (specs may have thousands of types).
fn find_cycle<'a>(start: &'a str, edges: &BTreeMap<&'a str, Vec<&'a str>>) -> Option<Vec<&'a str>> {
    // Depth-first search with an explicit stack of (node, next edge index).
    let mut stack: Vec<(&'a str, usize)> = vec![(start, 0)];
    let mut seen: BTreeSet<&'a str> = BTreeSet::new();
    while let Some((node, i)) = stack.last_mut() {
        let next = edges
            .get(*node)
            .and_then(|targets| targets.get(*i))
            .copied();
        *i += 1;
        match next {
            None => {
                stack.pop();
            }
            Some(next) if next == start => {
                let mut cycle: Vec<&str> = stack.iter().map(|(n, _)| *n).collect();
                cycle.push(start);
                return Some(cycle);
            }
            Some(next) => {
                if seen.insert(next) {
                    stack.push((next, 0));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn check(body: &str) -> Report {
        let text = format!(
            "service:\n  name: demo\n  title: Demo\n  endpoint: https://demo.{{region}}.example.com\n  catalog_type: demo\n{body}"
        );
        match crate::load::load_str(Path::new("demo.yaml"), text) {
            Ok(loaded) => validate(&loaded),
            Err(report) => report,
        }
    }

    fn messages(r: &Report) -> Vec<String> {
        r.diagnostics.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn path_parameters_must_match_the_template_both_ways() {
        let r = check(
            "operations:\n  get_x:\n    method: GET\n    path: /v1/{a}/x/{b}\n    params:\n      a: {in: path}\n      c: {in: path}\n    responses: [{status: 200}]\n",
        );
        let m = messages(&r);
        assert!(
            m.iter().any(|x| x.contains("`{b}` is not declared")),
            "{m:?}"
        );
        assert!(
            m.iter().any(|x| x.contains("`c` is not in the path")),
            "{m:?}"
        );
        assert_eq!(r.error_count(), 2, "{r}");
    }

    #[test]
    fn unknown_types_get_a_suggestion() {
        let r = check("types:\n  Group:\n    fields:\n      g: {type: array<Grop>}\n");
        assert_eq!(r.error_count(), 1, "{r}");
        assert_eq!(
            r.diagnostics[0].help.as_deref(),
            Some("did you mean `Group`?")
        );
        assert_eq!(r.diagnostics[0].pos.line, 9);
    }

    #[test]
    fn infinite_recursion_is_an_error_but_optional_recursion_is_fine() {
        let r = check(
            "types:\n  A:\n    fields:\n      b: {type: B, required: true}\n  B:\n    fields:\n      a: {type: A, required: true}\n",
        );
        assert!(
            messages(&r)
                .iter()
                .any(|m| m.contains("can only be infinite")),
            "{r}"
        );
        let r = check(
            "types:\n  Node:\n    fields:\n      next: {type: Node}\n      kids: {type: array<Node>, required: true}\n",
        );
        assert!(!r.has_errors(), "{r}");
    }

    #[test]
    fn alias_cycles_are_errors_even_through_arrays() {
        let r = check("types:\n  A:\n    alias: array<B>\n  B:\n    alias: map<A>\n");
        assert!(
            messages(&r).iter().any(|m| m.contains("refers to itself")),
            "{r}"
        );
        let r = check("types:\n  A:\n    alias: array<B>\n  B:\n    fields:\n      a: {type: A}\n");
        assert!(!r.has_errors(), "{r}");
    }

    #[test]
    fn collisions_after_case_conversion() {
        let r = check(
            "operations:\n  fooBar:\n    method: GET\n    path: /a\n    responses: [{status: 200}]\n  foo_bar:\n    method: GET\n    path: /b\n    responses: [{status: 200}]\n",
        );
        let m = messages(&r);
        assert!(m.iter().any(|x| x.contains("not snake_case")), "{m:?}");
        assert!(
            m.iter().any(|x| x.contains("get the same Rust names")),
            "{m:?}"
        );
        let r = check(
            "types:\n  T:\n    fields:\n      fooBar: {type: string}\n      foo_bar: {type: string}\n",
        );
        assert!(!r.has_errors(), "{r}");
        assert!(messages(&r)[0].contains("both become `foo_bar`"), "{r}");
    }

    #[test]
    fn empty_enum_and_bad_status_are_errors() {
        let r =
            check("types:\n  E:\n    enum: []\nerrors:\n  X.1:\n    status: 999\n    message: m\n");
        let m = messages(&r);
        assert!(m.iter().any(|x| x.contains("has no values")), "{m:?}");
        assert!(m.iter().any(|x| x.contains("999")), "{m:?}");
    }

    #[test]
    fn operations_whose_builder_hides_a_prelude_name_are_errors() {
        let r = check(
            "operations:\n  option:\n    method: GET\n    path: /a\n    responses: [{status: 200}]\n",
        );
        assert!(
            messages(&r)
                .iter()
                .any(|m| m.contains("hides a standard Rust name")),
            "{r}"
        );
    }

    #[test]
    fn find_cycle_handles_long_chains_without_recursion() {
        let names: Vec<String> = (0..20_000).map(|i| format!("T{i}")).collect();
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            let next = &names[(i + 1) % names.len()];
            edges.insert(n.as_str(), vec![next.as_str()]);
        }
        let cycle = find_cycle("T0", &edges).expect("cycle");
        assert_eq!(cycle.len(), 20_001);
    }
}
