//! Stage 2, validate: everything wrong with a loaded spec, each finding placed at its key.
//!
//! Errors stop generation; warnings do not (the generator works around them, deterministically,
//! and says how). All findings are collected, not only the first.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostic::{Diagnostic, Report, did_you_mean};
use crate::load::Loaded;
use crate::model::{self, RESERVED_OPERATION_NAMES, RESERVED_TYPE_NAMES};
use crate::names;
use crate::source_map::Seg;
use crate::spec::{ParamLocation, Spec, TypeDef};
use crate::type_expr::TypeExpr;

/// Checks a loaded spec.
pub fn validate(loaded: &Loaded) -> Report {
    let mut v = Validator {
        loaded,
        out: Vec::new(),
    };
    v.service();
    v.types();
    v.operations();
    v.errors();
    let mut report = Report {
        source: loaded.source.clone(),
        diagnostics: v.out,
    };
    report.sort();
    report
}

struct Validator<'a> {
    loaded: &'a Loaded,
    out: Vec<Diagnostic>,
}

fn path(segs: &[&str]) -> Vec<Seg> {
    segs.iter().map(|s| Seg::Key((*s).to_owned())).collect()
}

impl<'a> Validator<'a> {
    fn spec(&self) -> &'a Spec {
        &self.loaded.spec
    }

    fn error_at_key(&mut self, at: &[&str], message: String, help: &str) {
        let pos = self.loaded.map.key(&path(at));
        let len = at.last().map_or(1, |k| k.chars().count());
        self.out.push(
            Diagnostic::error(&self.loaded.file, pos, message)
                .len(len)
                .help(help),
        );
    }

    fn error_at_value(&mut self, at: &[&str], message: String, help: &str) {
        let pos = self.loaded.map.value(&path(at));
        self.out
            .push(Diagnostic::error(&self.loaded.file, pos, message).help(help));
    }

    fn warn_at_key(&mut self, at: &[&str], message: String, help: &str) {
        let pos = self.loaded.map.key(&path(at));
        self.out
            .push(Diagnostic::warning(&self.loaded.file, pos, message).help(help));
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
                &["service", "name"],
                format!("service name `{name}` is not a short lower-case name"),
                "use lower-case letters, digits and `-`, e.g. `as` or `ims`; the crate becomes `otc-<name>`",
            );
        }
        let endpoint = s.endpoint.clone();
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            self.error_at_value(
                &["service", "endpoint"],
                format!("endpoint `{endpoint}` is not an http(s) URL template"),
                "write it like `https://as.{region}.otc.t-systems.com`",
            );
        }
        if s.catalog_type.trim().is_empty() {
            self.error_at_value(
                &["service", "catalog_type"],
                "catalog_type is empty".to_owned(),
                "give the service type as the IAM token catalog names it, e.g. `as` or `image`",
            );
        }
    }

    /// Checks a type expression; `at` is the key holding it. `bytes` is only allowed as a
    /// whole body ([`Validator::body_type_expr`]).
    fn type_expr(&mut self, expr: &str, at: &[&str]) -> Option<TypeExpr> {
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
    fn body_type_expr(&mut self, expr: &str, at: &[&str]) -> Option<TypeExpr> {
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

    fn any_type_expr(&mut self, expr: &str, at: &[&str]) -> Option<TypeExpr> {
        match TypeExpr::parse(expr) {
            Ok(parsed) => {
                for name in parsed.names() {
                    if !self.spec().types.contains_key(name) {
                        let candidates: Vec<&str> =
                            self.spec().types.keys().map(String::as_str).collect();
                        let help = match did_you_mean(name, candidates) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None => format!("define `{name}` under `types:`"),
                        };
                        let message = format!("unknown type `{name}`");
                        self.error_at_value(at, message, &help);
                    }
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
            let rust = model::type_name(name);
            if !names::is_plain_ident(name) || rust != *name {
                self.error_at_key(
                    &["types", name],
                    format!("type name `{name}` is not UpperCamelCase"),
                    &format!("name it `{rust}`"),
                );
            }
            if RESERVED_TYPE_NAMES.contains(&rust.as_str()) {
                self.error_at_key(
                    &["types", name],
                    format!("type name `{name}` hides a standard Rust name"),
                    &format!("rename it, e.g. `{rust}Info`"),
                );
            }
            if let Some(first) = seen.insert(rust.to_ascii_lowercase(), name.clone()) {
                self.error_at_key(
                    &["types", name],
                    format!("type `{name}` collides with `{first}`"),
                    "type names must differ in more than case",
                );
            }
            let kinds = usize::from(def.fields.is_some())
                + usize::from(def.variants.is_some())
                + usize::from(def.alias.is_some());
            if kinds != 1 {
                self.error_at_key(
                    &["types", name],
                    format!("type `{name}` must have exactly one of `fields`, `enum` or `alias`"),
                    "an object has `fields`, a string enum has `enum`, an alias has `alias`",
                );
            }
            if let Some(values) = &def.variants {
                self.enum_values(name, values);
            }
            if let Some(alias) = &def.alias {
                self.type_expr(alias, &["types", name, "alias"]);
            }
            if let Some(fields) = &def.fields {
                self.fields(name, fields);
            }
        }
        self.infinite_types();
    }

    fn enum_values(&mut self, name: &str, values: &[crate::spec::EnumValue]) {
        if values.is_empty() {
            self.error_at_key(
                &["types", name, "enum"],
                format!("enum `{name}` has no values"),
                "list at least one value, or make the field a `string`",
            );
        }
        let mut wires = BTreeSet::new();
        let mut rust_names: HashMap<String, String> = HashMap::new();
        for v in values {
            if !wires.insert(v.value.clone()) {
                self.error_at_key(
                    &["types", name, "enum"],
                    format!("enum `{name}` lists `{}` twice", v.value),
                    "remove the repeated value",
                );
            }
            let rust = v
                .rust_name
                .clone()
                .unwrap_or_else(|| names::camel(&v.value, "V", "Empty"));
            if let Some(first) = rust_names.insert(rust.clone(), v.value.clone()) {
                self.warn_at_key(
                    &["types", name, "enum"],
                    format!(
                        "enum `{name}`: values `{first}` and `{}` both become variant `{rust}`; the later one gets a number",
                        v.value
                    ),
                    "set `rust_name` on one of them to choose the names",
                );
            }
        }
    }

    fn fields(&mut self, type_name: &str, fields: &indexmap::IndexMap<String, crate::spec::Field>) {
        let mut rust_names: HashMap<String, String> = HashMap::new();
        for (wire, f) in fields {
            let at = ["types", type_name, "fields", wire.as_str(), "type"];
            let parsed = self.type_expr(&f.ty, &at);
            if let Some(rust) = &f.rust_name
                && !(names::is_plain_ident(rust) && names::snake(rust, "field") == *rust)
            {
                self.error_at_value(
                    &["types", type_name, "fields", wire.as_str(), "rust_name"],
                    format!("rust_name `{rust}` is not a snake_case identifier"),
                    "use lower-case letters, digits and `_`, not a keyword",
                );
            }
            if f.secret && parsed.as_ref().is_some_and(|p| *p != TypeExpr::String) {
                self.error_at_key(
                    &["types", type_name, "fields", wire.as_str(), "secret"],
                    "only `string` fields can be secret".to_owned(),
                    "remove `secret`, or make the field a string",
                );
            }
            if f.lenient
                && let Some(p) = &parsed
                && !lenient_capable(p)
            {
                self.error_at_key(
                    &["types", type_name, "fields", wire.as_str(), "lenient"],
                    format!("`lenient` applies to scalars, json and arrays of them, not `{p}`"),
                    "remove `lenient`; make the field `nullable` if the service sends null",
                );
            }
            let rust = f
                .rust_name
                .clone()
                .unwrap_or_else(|| names::snake(wire, "field"));
            let rust = names::bare(&rust).to_owned();
            if let Some(first) = rust_names.insert(rust.clone(), wire.clone()) {
                self.warn_at_key(
                    &["types", type_name, "fields", wire.as_str()],
                    format!(
                        "fields `{first}` and `{wire}` of `{type_name}` both become `{rust}`; the later one is named `{rust}_2`"
                    ),
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
        let mut reported = BTreeSet::new();
        let mut found = Vec::new();
        for start in edges.keys() {
            if let Some(cycle) = find_cycle(start, &edges)
                && reported.insert(cycle.iter().min().copied().unwrap_or(start))
            {
                found.push((start.to_string(), cycle.join(" → ")));
            }
        }
        for (name, cycle) in found {
            self.error_at_key(
                &["types", &name],
                format!("type `{name}` can only be infinite: {cycle}"),
                "make one field of the cycle optional (drop `required`) or `nullable`",
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
            let method = model::op_method_name(name);
            if names::bare(&method) != name {
                self.error_at_key(
                    &["operations", name],
                    format!("operation name `{name}` is not snake_case"),
                    &format!("name it `{}`", names::bare(&method)),
                );
            }
            if RESERVED_OPERATION_NAMES.contains(&name.as_str()) {
                self.error_at_key(
                    &["operations", name],
                    format!("operation name `{name}` is taken by the generated client"),
                    "rename the operation",
                );
            }
            let key = model::op_type_name(name).to_ascii_lowercase();
            if let Some(first) = seen_methods.insert(key, name.clone()) {
                self.error_at_key(
                    &["operations", name],
                    format!("operations `{first}` and `{name}` get the same Rust names"),
                    "rename one of them",
                );
            }
            self.operation(name, op);
        }
    }

    fn operation(&mut self, name: &str, op: &crate::spec::Operation) {
        let at_op = ["operations", name];
        if !op.path.starts_with('/') {
            self.error_at_value(
                &["operations", name, "path"],
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
                Err(message) => self.error_at_value(
                    &["operations", name, key],
                    message,
                    "write parameters as `{name}`",
                ),
            }
        }
        let declared_path: BTreeSet<&str> = op
            .params
            .iter()
            .filter(|(_, p)| p.location == ParamLocation::Path)
            .map(|(k, _)| k.as_str())
            .collect();
        let mut counted = BTreeSet::new();
        for p in &placeholders {
            if !counted.insert(p.clone()) {
                self.error_at_value(
                    &["operations", name, "path"],
                    format!("path parameter `{{{p}}}` appears twice"),
                    "each path parameter may appear once",
                );
            }
            if !declared_path.contains(p.as_str()) {
                self.error_at_value(
                    &["operations", name, "path"],
                    format!("path parameter `{{{p}}}` is not declared"),
                    &format!("add `{p}: {{in: path, type: string}}` under `params:`"),
                );
            }
        }
        let mut rust_names: HashMap<String, String> = HashMap::new();
        for (wire, p) in &op.params {
            let at = ["operations", name, "params", wire.as_str()];
            if p.location == ParamLocation::Path && !counted.contains(wire) {
                self.error_at_key(
                    &at,
                    format!("path parameter `{wire}` is not in the path"),
                    "remove it, put `{name}` in the path, or make it a query parameter",
                );
            }
            if p.from.is_some() && p.location == ParamLocation::Header {
                self.error_at_key(
                    &at,
                    "`from` applies to path and query parameters".to_owned(),
                    "remove `from`",
                );
            }
            let type_at = ["operations", name, "params", wire.as_str(), "type"];
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
            if let Some(rust) = &p.rust_name
                && !(names::is_plain_ident(rust) && names::snake(rust, "param") == *rust)
            {
                self.error_at_value(
                    &["operations", name, "params", wire.as_str(), "rust_name"],
                    format!("rust_name `{rust}` is not a snake_case identifier"),
                    "use lower-case letters, digits and `_`, not a keyword",
                );
            }
            let rust = p
                .rust_name
                .clone()
                .unwrap_or_else(|| names::snake(wire, "param"));
            let rust = names::bare(&rust).to_owned();
            if let Some(first) = rust_names.insert(rust.clone(), wire.clone()) {
                self.warn_at_key(
                    &at,
                    format!("parameters `{first}` and `{wire}` both become `{rust}`; the later one is named `{rust}_2`"),
                    "set `rust_name` on one of them to choose the names",
                );
            }
        }
        if let Some(body) = &op.request {
            self.body_type_expr(&body.ty, &["operations", name, "request", "type"]);
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
            let index = i.to_string();
            if !(100..=599).contains(&r.status) {
                self.error_at_key(
                    &["operations", name, "responses"],
                    format!("status {} is not an HTTP status", r.status),
                    "use a number from 100 to 599",
                );
            } else if !(200..400).contains(&r.status) {
                self.warn_at_key(
                    &["operations", name, "responses"],
                    format!("status {} is listed as a success", r.status),
                    "responses lists success statuses; error statuses belong to `errors:`",
                );
            }
            if !statuses.insert(r.status) {
                self.error_at_key(
                    &["operations", name, "responses"],
                    format!("status {} is listed twice", r.status),
                    "list each status once",
                );
            }
            if let Some(ty) = &r.ty {
                let seg = [
                    Seg::Key("operations".into()),
                    Seg::Key(name.to_owned()),
                    Seg::Key("responses".into()),
                    Seg::Index(i),
                    Seg::Key("type".into()),
                ];
                let _ = index;
                if let Err(message) = TypeExpr::parse(ty) {
                    let pos = self.loaded.map.value(&seg);
                    self.out.push(
                        Diagnostic::error(&self.loaded.file, pos, message)
                            .help("see the type expressions in specs/README.md"),
                    );
                } else if let Ok(parsed) = TypeExpr::parse(ty) {
                    if parsed != TypeExpr::Bytes && parsed.contains_bytes() {
                        let pos = self.loaded.map.value(&seg);
                        self.out.push(
                            Diagnostic::error(
                                &self.loaded.file,
                                pos,
                                "`bytes` is only allowed as a whole request or response body",
                            )
                            .help("write `type: bytes`"),
                        );
                    }
                    for missing in parsed
                        .names()
                        .into_iter()
                        .filter(|n| !self.spec().types.contains_key(*n))
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                    {
                        let pos = self.loaded.map.value(&seg);
                        self.out.push(
                            Diagnostic::error(
                                &self.loaded.file,
                                pos,
                                format!("unknown type `{missing}`"),
                            )
                            .help(format!("define `{missing}` under `types:`")),
                        );
                    }
                }
            }
        }
        if let Some(paging) = &op.paging {
            self.paging(name, op, paging);
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
        let params: Vec<&str> = match paging {
            Paging::Offset { offset, limit, .. } => vec![offset, limit],
            Paging::Marker { marker, limit, .. } => vec![marker, limit],
            Paging::Page { page, size, .. } => vec![page, size],
        };
        for p in params {
            let ok = op
                .params
                .get(p)
                .is_some_and(|d| d.location == ParamLocation::Query);
            if !ok {
                self.error_at_key(
                    &["operations", name, "paging"],
                    format!("paging names `{p}`, which is not a query parameter of `{name}`"),
                    "declare it under `params:` with `in: query`",
                );
            }
        }
    }

    fn errors(&mut self) {
        let mut variants: HashMap<String, String> = HashMap::new();
        let errors: Vec<(String, crate::spec::ErrorCodeDef)> = self
            .spec()
            .errors
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (code, def) in &errors {
            if code.trim().is_empty() || code.trim() != code {
                self.error_at_key(
                    &["errors", code],
                    format!("error code `{code}` is empty or has surrounding spaces"),
                    "write the code exactly as the service sends it",
                );
            }
            let statuses = def.status.iter().flat_map(|s| s.to_vec()).chain(
                def.also
                    .iter()
                    .flat_map(|a| a.status.iter().flat_map(|s| s.to_vec())),
            );
            for s in statuses.collect::<Vec<_>>() {
                if !(100..=599).contains(&s) {
                    self.error_at_key(
                        &["errors", code, "status"],
                        format!("status {s} of `{code}` is not an HTTP status"),
                        "use a number from 100 to 599, a list of them, or leave `status` out",
                    );
                }
            }
            let variant = def
                .rust_name
                .clone()
                .unwrap_or_else(|| names::error_variant(code));
            if let Some(first) = variants.insert(variant.clone(), code.clone()) {
                self.warn_at_key(
                    &["errors", code],
                    format!("codes `{first}` and `{code}` both become `ErrorCode::{variant}`; the later one gets a number"),
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

fn find_cycle<'a>(start: &'a str, edges: &BTreeMap<&'a str, Vec<&'a str>>) -> Option<Vec<&'a str>> {
    fn walk<'a>(
        node: &'a str,
        start: &'a str,
        edges: &BTreeMap<&'a str, Vec<&'a str>>,
        stack: &mut Vec<&'a str>,
        seen: &mut BTreeSet<&'a str>,
    ) -> bool {
        for next in edges.get(node).into_iter().flatten() {
            if *next == start {
                stack.push(next);
                return true;
            }
            if seen.insert(next) {
                stack.push(next);
                if walk(next, start, edges, stack, seen) {
                    return true;
                }
                stack.pop();
            }
        }
        false
    }
    let mut stack = vec![start];
    let mut seen = BTreeSet::new();
    walk(start, start, edges, &mut stack, &mut seen).then_some(stack)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn check(body: &str) -> Report {
        let text = format!(
            "service:\n  name: demo\n  title: Demo\n  endpoint: https://demo.{{region}}.example.com\n  catalog_type: demo\n{body}"
        );
        let loaded = crate::load::load_str(Path::new("demo.yaml"), text).expect("loads");
        validate(&loaded)
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
}
