//! Operations: URI, parameters, request and response bodies, statuses.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use indexmap::IndexMap;
use regex::Regex;

use super::errors::error_columns;
use super::names::{self, pascal};
use super::rst::{Doc, DocTable, LabelTarget};
use super::text;
use super::types::{
    self, ParamRow, TableId, TypeBuilder, TypeWord, is_array_marker, param_columns, param_rows,
    parse_type_word, table_field_names,
};
use super::{Category, Warnings};
use crate::spec::{
    ConfigValue, Field, Header, Method, Operation, Paging, Param, ParamLocation, RequestBody,
    Response, TypeDef,
};

static URI_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(GET|POST|PUT|DELETE|PATCH|HEAD)\s+(\S+)").expect("static regex")
});
static PATH_PARAM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{([^{}/?&=]+)\}").expect("static regex"));
static STATUS_NUM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([1-5]\d\d)\b").expect("static regex"));
static CONTENT_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(application/[\w.+\-]+(?:\s*;\s*charset\s*=\s*[\w\-]+)?)").expect("static regex")
});
static VERSION_SEG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^v\d+(?:\.\d+)*$").expect("static regex"));

/// Headers the runtime sets itself; documented header rows for them are not parameters.
const RUNTIME_HEADERS: &[&str] = &[
    "x-auth-token",
    "content-type",
    "content-length",
    "accept",
    "host",
    "authorization",
    "x-sdk-date",
    "x-project-id",
    "user-agent",
];

/// The section a table or line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Uri,
    Request,
    Response,
    Status,
    Example,
    Function,
    Errors,
    Other,
}

fn heading_kind(text: &str) -> Option<Kind> {
    let t = super::text::plain(text).to_lowercase();
    let t = t.trim();
    if t.contains("example") {
        return Some(Kind::Example);
    }
    if t == "uri" || t.starts_with("uri ") || t == "url" || t == "request uri" {
        return Some(Kind::Uri);
    }
    if t.starts_with("returned value")
        || t.starts_with("return value")
        || t.starts_with("status code")
        || t.starts_with("response code")
        || t.starts_with("http status code")
    {
        return Some(Kind::Status);
    }
    if t.starts_with("request") {
        return Some(Kind::Request);
    }
    if t.starts_with("response") {
        return Some(Kind::Response);
    }
    if t == "function" || t == "function description" || t == "description" {
        return Some(Kind::Function);
    }
    if t.starts_with("error code") {
        return Some(Kind::Errors);
    }
    None
}

fn kind_at(doc: &Doc, line: usize) -> Kind {
    doc.heading_chain(line)
        .iter()
        .find_map(|h| heading_kind(&h.text))
        .unwrap_or(Kind::Other)
}

/// A `METHOD /path` found in a URI section.
#[derive(Debug, Clone)]
struct Uri {
    method: Method,
    /// As printed, query string cut off.
    path: String,
    /// The query template, if the URI had one.
    query: Option<String>,
    line: usize,
}

fn method(s: &str) -> Option<Method> {
    Some(match s {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        "HEAD" => Method::Head,
        _ => return None,
    })
}

fn uri_from_line(line: &str) -> Option<(Method, String, Option<String>)> {
    let p = text::plain(line);
    let t = p.trim().trim_start_matches(['-', '*', ' ']).trim();
    let c = URI_LINE.captures(t)?;
    let m = method(c.get(1)?.as_str())?;
    let mut target = c.get(2)?.as_str().trim_end_matches([',', ';']).to_owned();
    if let Some(rest) = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"))
    {
        target = match rest.find('/') {
            Some(i) => rest[i..].to_owned(),
            None => "/".to_owned(),
        };
    }
    if !target.starts_with('/') {
        return None;
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
        None => (target, None),
    };
    Some((m, path, query))
}

/// The URIs of a page, from its URI sections (prose first, then literal blocks).
fn page_uris(doc: &Doc) -> (Vec<Uri>, bool) {
    let mut out: Vec<Uri> = Vec::new();
    let mut has_uri_section = false;
    let table_lines = doc.table_line_set();
    for (hi, h) in doc.headings.iter().enumerate() {
        if heading_kind(&h.text) != Some(Kind::Uri) {
            continue;
        }
        has_uri_section = true;
        let (from, to) = doc.section_range(hi);
        for literal_pass in [false, true] {
            let end = to.min(doc.lines.len());
            for (i, line) in doc.lines.iter().enumerate().take(end).skip(from) {
                if doc.literal[i] != literal_pass || table_lines.get(i).copied().unwrap_or(false) {
                    continue;
                }
                if let Some((method, path, query)) = uri_from_line(line)
                    && !out.iter().any(|u| u.method == method && u.path == path)
                {
                    out.push(Uri {
                        method,
                        path,
                        query,
                        line: i + 1,
                    });
                }
            }
            if !out.is_empty() {
                break;
            }
        }
    }
    (out, has_uri_section)
}

/// For a URI section that prints a method without a path (`GET` alone): the path of the
/// page's example request with that method (`GET https://{Endpoint}/`).
fn uri_from_example(doc: &Doc) -> Option<Uri> {
    let mut bare: Option<(Method, usize)> = None;
    for (hi, h) in doc.headings.iter().enumerate() {
        if heading_kind(&h.text) != Some(Kind::Uri) {
            continue;
        }
        let (from, to) = doc.section_range(hi);
        for (i, line) in doc.lines.iter().enumerate().take(to).skip(from) {
            if let Some(m) = method(text::plain(line).trim()) {
                bare = Some((m, i));
                break;
            }
        }
    }
    let (m, at) = bare?;
    doc.lines.iter().enumerate().find_map(|(i, line)| {
        let (em, path, query) = uri_from_line(line).filter(|_| doc.literal[i])?;
        (em == m).then_some(Uri {
            method: m,
            path,
            query,
            line: at + 1,
        })
    })
}

fn looks_like_api_page(doc: &Doc) -> bool {
    let kinds: HashSet<Kind> = doc
        .headings
        .iter()
        .filter_map(|h| heading_kind(&h.text))
        .collect();
    [Kind::Request, Kind::Response, Kind::Status]
        .iter()
        .filter(|k| kinds.contains(k))
        .count()
        >= 2
}

/// Base addresses for operations not served on the service endpoint.
fn base_for(service: &str, source: &str, path: &str) -> Option<(&'static str, &'static str)> {
    // MRS Manager answers on the cluster's floating IP address: CAS on port 20009, the web
    // APIs on 28443 (mrs_manager_api/api_usage_guide/api_calling_process.rst).
    if service == "mrs" && source.starts_with("mrs_manager_api/") {
        let doc = "Floating IP address of MRS Manager (reachable only from the cluster's VPC).";
        if path.starts_with("/cas/") {
            return Some(("https://{manager_address}:20009", doc));
        }
        return Some(("https://{manager_address}:28443", doc));
    }
    None
}

fn is_header_table(dt: &DocTable) -> bool {
    let cap = text::plain(&dt.caption).to_lowercase();
    let intro = dt.intro.as_deref().unwrap_or("").to_lowercase();
    if cap.contains("header") || (intro.len() <= 100 && intro.contains("header")) {
        return true;
    }
    let Some(cols) = param_columns(&dt.table) else {
        return false;
    };
    let rows = param_rows(dt, &cols);
    !rows.is_empty()
        && rows.iter().all(|r| {
            let l = r.name.to_lowercase();
            l.starts_with("x-") || RUNTIME_HEADERS.contains(&l.as_str())
        })
}

fn is_error_body_table(dt: &DocTable) -> bool {
    let cap = text::plain(&dt.caption).to_lowercase();
    let intro = dt.intro.as_deref().unwrap_or("").to_lowercase();
    let t = format!("{cap} {intro}");
    t.contains("abnormal")
        || t.contains("failure")
        || t.contains("failed")
        || t.contains("error response")
}

/// The pieces of one page that make an operation.
struct Page<'a> {
    idx: usize,
    doc: &'a Doc,
    uri: Uri,
    name: String,
}

/// Imports the operations and their types.
pub fn import_operations(
    docs: &[Doc],
    service: &str,
    w: &mut Warnings,
) -> (IndexMap<String, Operation>, IndexMap<String, TypeDef>) {
    let mut labels: HashMap<String, (usize, LabelTarget)> = HashMap::new();
    for (di, d) in docs.iter().enumerate() {
        for (name, _, target) in &d.labels {
            labels
                .entry(name.clone())
                .or_insert_with(|| (di, target.clone()));
        }
    }

    // Pass 1: URIs and names.
    let mut pages: Vec<Page> = Vec::new();
    for (di, doc) in docs.iter().enumerate() {
        let (mut uris, has_section) = page_uris(doc);
        if uris.is_empty()
            && has_section
            && let Some(uri) = uri_from_example(doc)
        {
            w.push(
                &doc.path,
                uri.line,
                Category::NoUri,
                format!(
                    "URI section prints `{}` without a path; the path `{}` is the example request's",
                    uri.method.as_str(),
                    uri.path
                ),
            );
            uris.push(uri);
        }
        if !uris.is_empty()
            && let Some(why) = super::hosts::not_json(doc)
        {
            w.push(
                &doc.path,
                uris[0].line,
                Category::NotJson,
                format!("the API of this page is not JSON: {why}; no operation drafted"),
            );
            continue;
        }
        if uris.is_empty() {
            if has_section || looks_like_api_page(doc) {
                w.push(
                    &doc.path,
                    0,
                    Category::NoUri,
                    if has_section {
                        "URI section without a `METHOD /path` line; no operation"
                    } else {
                        "page with request/response sections but no URI section; no operation"
                    },
                );
            }
            continue;
        }
        let base = names::operation_name(&doc.title());
        for (k, uri) in uris.into_iter().enumerate() {
            let name = if k == 0 {
                base.clone()
            } else {
                format!("{base}_{}", uri.method.as_str().to_lowercase())
            };
            pages.push(Page {
                idx: di,
                doc,
                uri,
                name,
            });
        }
    }
    disambiguate(&mut pages, w);

    // Pass 2: build.
    let mut tb = TypeBuilder::new(docs, &labels);
    let mut ops: IndexMap<String, Operation> = IndexMap::new();
    let mut roots_order: Vec<String> = Vec::new();
    for page in &pages {
        let op = build_operation(page, service, &mut tb, w);
        ops.insert(page.name.clone(), op);
        roots_order.push(page.name.clone());
    }

    // `:ref:` links to labels no page defines, on the operation pages.
    let mut checked: HashSet<usize> = HashSet::new();
    for page in &pages {
        if !checked.insert(page.idx) {
            continue;
        }
        for (i, line) in page.doc.lines.iter().enumerate() {
            if page.doc.literal[i] || !line.contains(":ref:") {
                continue;
            }
            for r in text::refs(line) {
                if !labels.contains_key(&r.label) {
                    w.push(
                        &page.doc.path,
                        i + 1,
                        Category::MissingRefTarget,
                        format!(
                            "`:ref:` target `{}` is not defined in this service's pages",
                            r.label
                        ),
                    );
                }
            }
        }
    }

    // Tables in request/response sections nobody reached.
    let mut reported: HashSet<TableId> = HashSet::new();
    for page in &pages {
        for (ti, dt) in page.doc.tables.iter().enumerate() {
            let id = (page.idx, ti);
            if tb.used.contains(&id) || reported.contains(&id) {
                continue;
            }
            let kind = kind_at(page.doc, dt.line);
            if !matches!(kind, Kind::Request | Kind::Response) {
                continue;
            }
            if param_columns(&dt.table).is_none() || is_header_table(dt) {
                continue;
            }
            if consumed_as_params(page, dt) {
                continue;
            }
            reported.insert(id);
            let caption = text::squash(&text::plain(&dt.caption));
            let fields: Vec<String> = param_columns(&dt.table)
                .map(|c| {
                    param_rows(dt, &c)
                        .into_iter()
                        .map(|r| r.name)
                        .take(4)
                        .collect()
                })
                .unwrap_or_default();
            w.push(
                &page.doc.path,
                dt.line + 1,
                Category::UnplacedTable,
                format!(
                    "table `{}` (fields {}) is not linked from any parent table; not imported",
                    if caption.is_empty() {
                        "(no caption)"
                    } else {
                        &caption
                    },
                    fields.join(", ")
                ),
            );
        }
    }

    // Fields without a documented type that no example showed: strings.
    let untyped = |t: &mut String| {
        if t.contains(types::UNTYPED) {
            *t = t.replace(types::UNTYPED, "string");
        }
    };
    for def in tb.types.values_mut() {
        for f in def.fields.iter_mut().flat_map(|m| m.values_mut()) {
            untyped(&mut f.ty);
        }
        if let Some(a) = def.alias.as_mut() {
            untyped(a);
        }
    }
    for op in ops.values_mut() {
        if let Some(r) = op.request.as_mut() {
            untyped(&mut r.ty);
        }
        for r in &mut op.responses {
            if let Some(t) = r.ty.as_mut() {
                untyped(t);
            }
        }
    }

    let types = order_types(&ops, tb.types);
    (ops, types)
}

/// The API family of a page, for names that two families share: `native` for a native
/// OpenStack API (the pages say so in their folder, as the IMS titles do), `ipv6` for an IPv6
/// variant folder, else the API version of the path (`v1`, `v2`, `v3`; `v2.0` is `v2`).
fn family(page: &Page) -> Option<String> {
    let folders = page.doc.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    if folders.contains("native_openstack") {
        return Some("native".to_owned());
    }
    if folders.split('/').any(|f| f.ends_with("_ipv6")) {
        return Some("ipv6".to_owned());
    }
    page.uri
        .path
        .split('/')
        .find(|s| VERSION_SEG.is_match(s))
        .map(|v| names::snake_word(v.split('.').next().unwrap_or(v)))
}

/// Makes operation names unique. When one name belongs to pages of different API families
/// (VPC v1, v3 and native Neutron all have `list_security_groups`), every one of them gets its
/// family as a suffix (`list_security_groups_v1`, `_v3`, `_native`), so the names say which API
/// they call; what still collides gets `_2`, `_3`.
fn disambiguate(pages: &mut [Page], w: &mut Warnings) {
    let names: Vec<String> = pages.iter().map(|p| p.name.clone()).collect();
    let families: Vec<Option<String>> = pages.iter().map(|p| family(p)).collect();
    for (i, name) in names.iter().enumerate() {
        let group: Vec<usize> = (0..pages.len()).filter(|&j| &names[j] == name).collect();
        if group.len() < 2 {
            continue;
        }
        let distinct: HashSet<&Option<String>> = group.iter().map(|&j| &families[j]).collect();
        if distinct.len() < 2 {
            continue;
        }
        if let Some(f) = &families[i]
            && !pages[i].name.ends_with(&format!("_{f}"))
        {
            let new = format!("{}_{f}", pages[i].name);
            w.push(
                &pages[i].doc.path,
                pages[i].uri.line,
                Category::Naming,
                format!(
                    "operation name `{name}` is used by several API families; this one is `{new}`"
                ),
            );
            pages[i].name = new;
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in pages.iter_mut() {
        let n = seen.entry(p.name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let new = format!("{}_{}", p.name, n);
            w.push(
                &p.doc.path,
                p.uri.line,
                Category::Naming,
                format!("operation name `{}` taken; this one is `{new}`", p.name),
            );
            p.name = new;
        }
    }
}

/// A Request-section table read as parameters (not a body).
fn consumed_as_params(page: &Page, dt: &DocTable) -> bool {
    let kind = kind_at(page.doc, dt.line);
    if kind == Kind::Uri || is_header_table(dt) {
        return true;
    }
    if kind == Kind::Request && matches!(page.uri.method, Method::Get | Method::Head) {
        return true;
    }
    if kind == Kind::Request {
        let path_params = path_params(&page.uri.path);
        if let Some(cols) = param_columns(&dt.table) {
            let rows = param_rows(dt, &cols);
            return !rows.is_empty()
                && rows.iter().all(|r| {
                    path_params.contains(&r.name) || r.name == "project_id" || r.name == "tenant_id"
                });
        }
    }
    false
}

fn path_params(path: &str) -> Vec<String> {
    PATH_PARAM
        .captures_iter(path)
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_owned()))
        .collect()
}

/// Paging parameters: numbers whatever table they come from.
const NUMERIC_PAGING: &[&str] = &[
    "limit",
    "offset",
    "start_number",
    "pageSize",
    "currentPage",
    "page_size",
    "page",
    "page_no",
];

fn param_type(
    tb: &mut TypeBuilder,
    row: &ParamRow,
    owner: &str,
    path: &str,
    w: &mut Warnings,
) -> String {
    let word = parse_type_word(&row.ty_cell);
    if word == TypeWord::Empty && NUMERIC_PAGING.contains(&row.name.as_str()) {
        w.push(
            path,
            row.line,
            Category::Param,
            format!(
                "parameter `{}` has no documented type; typed integer (a paging parameter)",
                row.name
            ),
        );
        return "integer".to_owned();
    }
    match word {
        TypeWord::Scalar("string") | TypeWord::Empty => {
            if let Some(values) = types::detect_enum(&row.desc) {
                let doc = types::first_line(&row.desc);
                return tb.enum_type(&row.name, owner, values, doc);
            }
            "string".to_owned()
        }
        TypeWord::Scalar(s) | TypeWord::Lenient(s) => s.to_owned(),
        TypeWord::ArrayOf(s) => format!("array<{s}>"),
        other => {
            w.push(
                path,
                row.line,
                Category::Param,
                format!(
                    "parameter `{}` documented as {}; typed string",
                    row.name,
                    match other {
                        TypeWord::Unknown(s) => format!("`{s}`"),
                        _ => "a structured value".to_owned(),
                    }
                ),
            );
            "string".to_owned()
        }
    }
}

fn build_operation(
    page: &Page,
    service: &str,
    tb: &mut TypeBuilder,
    w: &mut Warnings,
) -> Operation {
    let doc = page.doc;
    let path_str = doc.path.clone();
    let owner = pascal(&page.name);
    let method = page.uri.method;
    let base = base_for(service, &doc.path, &page.uri.path);
    let mut in_path = path_params(&page.uri.path);
    if let Some((b, _)) = base {
        for p in path_params(b) {
            if !in_path.contains(&p) {
                in_path.push(p);
            }
        }
    }

    // Classify the page's tables.
    let mut param_tables: Vec<(usize, bool)> = Vec::new(); // (table, header table)
    let mut body_tables: Vec<usize> = Vec::new();
    let mut resp_tables: Vec<usize> = Vec::new();
    let mut resp_header_tables: Vec<usize> = Vec::new();
    for (ti, dt) in doc.tables.iter().enumerate() {
        if param_columns(&dt.table).is_none() || error_columns(&dt.table).is_some() {
            continue;
        }
        match kind_at(doc, dt.line) {
            Kind::Uri => param_tables.push((ti, is_header_table(dt))),
            Kind::Request => {
                if consumed_as_params(page, dt) {
                    param_tables.push((ti, is_header_table(dt)));
                } else {
                    body_tables.push(ti);
                }
            }
            Kind::Response => {
                if is_header_table(dt) {
                    resp_header_tables.push(ti);
                } else if !is_error_body_table(dt) && table_status(dt).is_none_or(|s| s < 300) {
                    resp_tables.push(ti);
                }
            }
            _ => {}
        }
    }

    // Parameters: path parameters first, in path order.
    let mut params: IndexMap<String, Param> = IndexMap::new();
    let mut documented: HashMap<String, (ParamRow, bool)> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut content_type: Option<String> = None;
    for &(ti, header) in &param_tables {
        let dt = &doc.tables[ti];
        let Some(cols) = param_columns(&dt.table) else {
            continue;
        };
        tb.used.insert((page.idx, ti));
        for row in param_rows(dt, &cols) {
            if row.name.is_empty() {
                continue;
            }
            let lname = row.name.to_lowercase();
            let is_header = header
                || row
                    .location
                    .as_deref()
                    .is_some_and(|l| l.contains("header"));
            if is_header && lname == "content-type" {
                if let Some(c) = CONTENT_TYPE.captures(&text::plain(&row.desc)) {
                    let ct = c[1].split_whitespace().collect::<String>();
                    if ct != "application/json" {
                        content_type = Some(ct);
                    }
                }
                continue;
            }
            if is_header && RUNTIME_HEADERS.contains(&lname.as_str()) {
                continue;
            }
            if is_header && !row.name.contains('-') && row.name == lname {
                w.push(
                    &path_str,
                    row.line,
                    Category::Param,
                    format!(
                        "`{}` is listed as a request header but looks like a query parameter; kept as a header",
                        row.name
                    ),
                );
            }
            if !documented.contains_key(&row.name) {
                order.push(row.name.clone());
                documented.insert(row.name.clone(), (row, is_header));
            }
        }
    }
    for p in &in_path {
        match documented.get(p) {
            Some((row, _)) => {
                let ty = param_type(tb, row, &owner, &path_str, w);
                let doc_text = text::doc_text(&row.desc);
                params.insert(
                    p.clone(),
                    Param {
                        location: crate::spec::ParamLocation::Path,
                        ty,
                        required: true,
                        from: (p == "project_id" || p == "tenant_id")
                            .then_some(ConfigValue::ProjectId),
                        secret: false,
                        doc: (!doc_text.is_empty()).then_some(doc_text),
                        rust_name: None,
                        correction: None,
                    },
                );
            }
            None => {
                let from_base = base.is_some_and(|(b, _)| b.contains(&format!("{{{p}}}")));
                if !from_base && p != "project_id" && p != "tenant_id" {
                    w.push(
                        &path_str,
                        page.uri.line,
                        Category::MissingPathParam,
                        format!(
                            "path parameter `{p}` is not in any parameter table; added as string"
                        ),
                    );
                }
                params.insert(
                    p.clone(),
                    Param {
                        location: ParamLocation::Path,
                        ty: "string".to_owned(),
                        required: true,
                        from: (p == "project_id" || p == "tenant_id")
                            .then_some(ConfigValue::ProjectId),
                        secret: false,
                        doc: if from_base {
                            base.map(|(_, d)| d.to_owned())
                        } else {
                            None
                        },
                        rust_name: None,
                        correction: None,
                    },
                );
            }
        }
    }
    for name in &order {
        if params.contains_key(name) {
            continue;
        }
        let Some((row, is_header)) = documented.get(name) else {
            continue;
        };
        let location = if *is_header {
            ParamLocation::Header
        } else if row.location.as_deref().is_some_and(|l| l.contains("body")) {
            continue;
        } else {
            ParamLocation::Query
        };
        if location == ParamLocation::Query && (name == "project_id" || name == "tenant_id") {
            if !in_path.contains(name) {
                w.push(
                    &path_str,
                    row.line,
                    Category::Param,
                    format!("`{name}` is documented but not in the path; left out"),
                );
            }
            continue;
        }
        let ty = param_type(tb, row, &owner, &path_str, w);
        let doc_text = text::doc_text(&row.desc);
        params.insert(
            name.clone(),
            Param {
                location,
                ty,
                required: row.required,
                from: None,
                secret: false,
                doc: (!doc_text.is_empty()).then_some(doc_text),
                rust_name: None,
                correction: None,
            },
        );
    }
    if let Some(q) = &page.uri.query {
        for pair in q.split('&') {
            let key = pair.split('=').next().unwrap_or("").trim();
            if key.is_empty() || params.contains_key(key) {
                continue;
            }
            w.push(
                &path_str,
                page.uri.line,
                Category::Param,
                format!("query parameter `{key}` from the URI template is not in any table; added as string"),
            );
            params.insert(
                key.to_owned(),
                Param {
                    location: ParamLocation::Query,
                    ty: "string".to_owned(),
                    required: false,
                    from: None,
                    secret: false,
                    doc: None,
                    rust_name: None,
                    correction: None,
                },
            );
        }
    }

    // Request body.
    let mut request = None;
    if content_type.is_none() {
        content_type = request_content_type(doc);
    }
    if is_binary_body(doc, &body_tables) {
        w.push(
            &path_str,
            page.uri.line,
            Category::UntypedBody,
            format!(
                "request body is a file ({}); the spec format has no binary body, no request drafted",
                content_type.as_deref().unwrap_or("application/octet-stream")
            ),
        );
        for &ti in &body_tables {
            tb.used.insert((page.idx, ti));
        }
    } else if !body_tables.is_empty() {
        let ty = root_type(
            tb,
            page,
            &body_tables,
            &[],
            &format!("{owner}Request"),
            format!("Request body of `{}`.", page.name),
            w,
        );
        request = Some(RequestBody {
            ty,
            content_type: content_type.clone(),
            optional: false,
            doc: None,
            correction: None,
        });
    } else if matches!(method, Method::Post | Method::Put | Method::Patch)
        && has_example_body(doc, Kind::Request)
    {
        let name = tb.insert_root(
            &format!("{owner}Request"),
            TypeDef {
                doc: Some(format!(
                    "Request body of `{}`: the reference shows only an example.",
                    page.name
                )),
                fields: None,
                variants: None,
                alias: Some("json".to_owned()),
                additional_properties: None,
                correction: None,
            },
        );
        w.push(
            &path_str,
            page.uri.line,
            Category::UntypedBody,
            "request body shown only by example (no parameter table); typed json",
        );
        request = Some(RequestBody {
            ty: name,
            content_type: content_type.clone(),
            optional: false,
            doc: None,
            correction: None,
        });
    }

    // Response body and headers.
    // Tables under `Status code: 2xx` belong to that status; tables without one serve all.
    let mut explicit: Vec<u16> = Vec::new();
    for &ti in &resp_tables {
        if let Some(s) = table_status(&doc.tables[ti])
            && !explicit.contains(&s)
        {
            explicit.push(s);
        }
    }
    let mut body_by_status: Vec<(Option<u16>, String)> = Vec::new();
    if explicit.is_empty() {
        if !resp_tables.is_empty() {
            let ty = root_type(
                tb,
                page,
                &resp_tables,
                &[],
                &format!("{owner}Response"),
                format!("Response body of `{}`.", page.name),
                w,
            );
            body_by_status.push((None, ty));
        }
    } else {
        for (k, s) in explicit.iter().enumerate() {
            let group: Vec<usize> = resp_tables
                .iter()
                .copied()
                .filter(|ti| table_status(&doc.tables[*ti]) == Some(*s))
                .collect();
            let tables: Vec<usize> = resp_tables
                .iter()
                .copied()
                .filter(|ti| {
                    let st = table_status(&doc.tables[*ti]);
                    st.is_none() || st == Some(*s)
                })
                .collect();
            let name = if k == 0 {
                format!("{owner}Response")
            } else {
                format!("{owner}Response{s}")
            };
            let ty = root_type(
                tb,
                page,
                &tables,
                &group,
                &name,
                format!("Response body of `{}` (status {s}).", page.name),
                w,
            );
            body_by_status.push((Some(*s), ty));
        }
    }
    let body_for = |status: u16| -> Option<String> {
        body_by_status
            .iter()
            .find(|(s, _)| *s == Some(status))
            .or_else(|| body_by_status.iter().find(|(s, _)| s.is_none()))
            .or_else(|| {
                (body_by_status.len() == 1 && explicit.iter().all(|s| !(200..300).contains(s)))
                    .then(|| &body_by_status[0])
            })
            .map(|(_, t)| t.clone())
    };
    let mut headers: IndexMap<String, Header> = IndexMap::new();
    for &ti in &resp_header_tables {
        let dt = &doc.tables[ti];
        let Some(cols) = param_columns(&dt.table) else {
            continue;
        };
        tb.used.insert((page.idx, ti));
        for row in param_rows(dt, &cols) {
            if row.name.is_empty() || headers.contains_key(&row.name) {
                continue;
            }
            let l = row.name.to_lowercase();
            if matches!(
                l.as_str(),
                "content-type" | "content-length" | "date" | "server"
            ) {
                continue;
            }
            let ty = match parse_type_word(&row.ty_cell) {
                TypeWord::Scalar("integer") => "integer",
                _ => "string",
            };
            let d = text::doc_text(&row.desc);
            headers.insert(
                row.name.clone(),
                Header {
                    ty: ty.to_owned(),
                    required: row.required,
                    secret: l.contains("token") || l.contains("secret"),
                    doc: (!d.is_empty()).then_some(d),
                    rust_name: None,
                },
            );
        }
    }

    // Statuses.
    let mut statuses = success_statuses(doc);
    for s in &explicit {
        if (200..300).contains(s) && !statuses.iter().any(|(x, _)| x == s) {
            statuses.push((*s, None));
        }
    }
    if statuses.is_empty() {
        statuses = status_mentions(doc);
    }
    if statuses.is_empty() {
        w.push(
            &path_str,
            page.uri.line,
            Category::Status,
            "no success status documented; 200 assumed",
        );
        statuses.push((200, None));
    }
    let mut responses = Vec::new();
    for (status, sdoc) in statuses {
        let body_ty = body_for(status);
        let ty = if status == 204 {
            if body_ty.is_some() {
                w.push(
                    &path_str,
                    page.uri.line,
                    Category::Status,
                    "response tables documented for a 204 (no content) response; no body type",
                );
            }
            None
        } else {
            body_ty
        };
        responses.push(Response {
            status,
            ty,
            headers: headers.clone(),
            doc: sdoc,
            correction: None,
        });
    }

    // Doc, deprecation.
    let title = doc.title();
    let function = doc
        .headings
        .iter()
        .position(|h| heading_kind(&h.text) == Some(Kind::Function))
        .map(|h| {
            let (a, b) = doc.section_range(h);
            doc.prose(a, b)
        })
        .unwrap_or_default();
    let intro = doc
        .headings
        .first()
        .map(|h| {
            let end = doc
                .headings
                .get(1)
                .map(|x| x.line)
                .unwrap_or(doc.lines.len());
            doc.prose(h.line + 2, end)
        })
        .unwrap_or_default();
    let mut op_doc = String::new();
    for part in [intro.as_str(), function.as_str()] {
        if !part.is_empty() {
            if !op_doc.is_empty() {
                op_doc.push_str("\n\n");
            }
            op_doc.push_str(part);
        }
    }
    if op_doc.is_empty() {
        op_doc = title.clone();
    }
    let deprecated = is_deprecated(doc, &title, &op_doc, tb.docs);

    let mut op = Operation {
        method,
        path: page.uri.path.clone(),
        doc: Some(op_doc),
        deprecated,
        source: Some(doc.path.clone()),
        // A host the caller names gets none of the cloud's credentials.
        auth: if base.is_some() {
            crate::spec::OperationAuth::None
        } else {
            crate::spec::OperationAuth::Cloud
        },
        base: base.map(|(b, _)| b.to_owned()),
        retry_safe: false,
        params,
        request,
        responses,
        paging: None,
        correction: None,
    };
    op.paging = infer_paging(&op, &tb.types);
    nest_flat_tables_by_examples(doc, &op, &mut tb.types, w);
    type_untyped_from_examples(doc, &op, &mut tb.types);
    lenient_from_examples(doc, &op, &mut tb.types, w);
    check_examples(doc, &op, &tb.types, w);
    op
}

static STATUS_CODE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:http/1\.1|status code)\s+([1-5]\d\d)\b").expect("static regex")
});
static TRAILING_COMMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",(\s*[}\]])").expect("static regex"));

/// The JSON bodies shown in literal blocks of the page, with their 0-based start line, whether
/// they are request examples, and the status the page puts right above them.
fn example_bodies(doc: &Doc) -> Vec<(usize, bool, Option<u16>, serde_json::Value)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < doc.lines.len() {
        if !doc.literal[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < doc.lines.len() && (doc.literal[i] || doc.lines[i].trim().is_empty()) {
            i += 1;
        }
        let block = &doc.lines[start..i];
        let Some(open) = block.iter().position(|l| {
            let t = l.trim();
            t.starts_with('{') || t.starts_with('[')
        }) else {
            continue;
        };
        let json: String = block[open..].join("\n");
        let value = serde_json::from_str::<serde_json::Value>(&json).or_else(|_| {
            serde_json::from_str::<serde_json::Value>(&TRAILING_COMMA.replace_all(&json, "$1"))
        });
        let Ok(value) = value else {
            continue;
        };
        let kind = kind_at(doc, start);
        let heading = doc
            .heading_at(start)
            .map(|h| text::plain(&doc.headings[h].text).to_lowercase())
            .unwrap_or_default();
        // the nearest label above (`Example response`, `- Example of a failed response`,
        // `Status code: 200`) within the section
        let section_start = doc
            .heading_at(start)
            .map(|h| doc.headings[h].line + 2)
            .unwrap_or(0);
        let mut is_request = None;
        let mut weak: Option<bool> = None;
        let mut status = None;
        let mut failed = false;
        for k in (section_start..start).rev() {
            let t = text::plain(&doc.lines[k]).to_lowercase();
            if t.trim().is_empty() {
                continue;
            }
            if status.is_none()
                && let Some(c) = STATUS_LABEL
                    .captures(&t)
                    .or_else(|| STATUS_CODE_LINE.captures(&t))
            {
                status = c[1].parse::<u16>().ok();
            }
            if doc.literal[k] {
                continue;
            }
            // a label line (`- Example response`) beats a sentence mentioning a sample
            let lead = t.trim_start_matches(['-', '*', ' ']);
            let label = lead.starts_with("example")
                || lead.starts_with("sample")
                || lead.starts_with("response example")
                || lead.starts_with("request example")
                || lead.starts_with("response body example")
                || lead.starts_with("request body example");
            let sample = t.contains("example") || t.contains("sample");
            let says = if t.contains("response") {
                Some(false)
            } else if t.contains("request") {
                Some(true)
            } else {
                None
            };
            if sample && let Some(req) = says {
                if !req && (label || is_request.is_none()) {
                    failed = t.contains("fail") || t.contains("abnormal") || t.contains("error");
                }
                if label {
                    is_request = Some(req);
                    break;
                }
                if weak.is_none() {
                    weak = Some(req);
                }
            }
        }
        let is_request = is_request.or(weak);
        let is_request = is_request.unwrap_or(
            kind == Kind::Request || (kind == Kind::Example && heading.contains("request")),
        );
        let status = status.or(failed.then_some(400));
        out.push((start, is_request, status, value));
    }
    out
}

/// Keys of `value` that type `ty` does not document, as JSON paths.
fn undocumented_keys(
    types: &IndexMap<String, TypeDef>,
    ty: &str,
    value: &serde_json::Value,
    at: &str,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > 32 || out.len() > 8 {
        return;
    }
    if let Some(inner) = ty.strip_prefix("array<").and_then(|s| s.strip_suffix('>')) {
        match value {
            serde_json::Value::Array(items) => {
                for v in items.iter().take(3) {
                    undocumented_keys(types, inner, v, &format!("{at}[]"), out, depth + 1);
                }
            }
            serde_json::Value::Object(_) => {
                out.push(format!("{at} is an object, documented as an array"))
            }
            _ => {}
        }
        return;
    }
    if let Some(inner) = ty.strip_prefix("map<").and_then(|s| s.strip_suffix('>')) {
        if let serde_json::Value::Object(m) = value {
            for v in m.values().take(3) {
                undocumented_keys(types, inner, v, &format!("{at}.*"), out, depth + 1);
            }
        }
        return;
    }
    let Some(def) = types.get(ty) else {
        return;
    };
    if let Some(alias) = &def.alias {
        undocumented_keys(types, alias, value, at, out, depth + 1);
        return;
    }
    let Some(fields) = &def.fields else {
        return;
    };
    match value {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match fields.get(k) {
                    Some(f) => {
                        undocumented_keys(types, &f.ty, v, &format!("{at}.{k}"), out, depth + 1)
                    }
                    None => {
                        let p = format!("{at}.{k}");
                        if !out.contains(&p) {
                            out.push(p);
                        }
                    }
                }
            }
        }
        serde_json::Value::Array(_) => {
            out.push(format!("{at} is an array, documented as an object"))
        }
        _ => {}
    }
}

/// Gives fields whose table has no Type column ([`types::UNTYPED`]) the JSON type the page's
/// example bodies show for them: an example is what the service sent. Nulls, objects and arrays
/// say too little and are left for later examples (or `string`).
fn type_untyped_from_examples(doc: &Doc, op: &Operation, types: &mut IndexMap<String, TypeDef>) {
    fn walk(
        types: &mut IndexMap<String, TypeDef>,
        ty: &str,
        value: &serde_json::Value,
        depth: usize,
    ) {
        if depth > 32 {
            return;
        }
        if let Some(inner) = ty.strip_prefix("array<").and_then(|s| s.strip_suffix('>')) {
            if let serde_json::Value::Array(items) = value {
                for v in items {
                    walk(types, inner, v, depth + 1);
                }
            }
            return;
        }
        if let Some(inner) = ty.strip_prefix("map<").and_then(|s| s.strip_suffix('>')) {
            if let serde_json::Value::Object(m) = value {
                for v in m.values() {
                    walk(types, inner, v, depth + 1);
                }
            }
            return;
        }
        let Some(def) = types.get(ty) else {
            return;
        };
        if let Some(alias) = def.alias.clone() {
            walk(types, &alias, value, depth + 1);
            return;
        }
        let serde_json::Value::Object(m) = value else {
            return;
        };
        let mut nested = Vec::new();
        if let Some(fields) = types.get_mut(ty).and_then(|d| d.fields.as_mut()) {
            for (k, v) in m {
                let Some(f) = fields.get_mut(k) else {
                    continue;
                };
                if f.ty == types::UNTYPED {
                    let seen = match v {
                        serde_json::Value::Bool(_) => Some("boolean"),
                        serde_json::Value::Number(n) if n.is_f64() => Some("number"),
                        serde_json::Value::Number(_) => Some("integer"),
                        serde_json::Value::String(_) => Some("string"),
                        _ => None,
                    };
                    if let Some(s) = seen {
                        f.ty = s.to_owned();
                        f.secret &= s == "string";
                    }
                } else {
                    nested.push((f.ty.clone(), v));
                }
            }
        }
        for (t, v) in nested {
            walk(types, &t, v, depth + 1);
        }
    }
    for (_, is_request, status, value) in example_bodies(doc) {
        let ty = if is_request {
            op.request.as_ref().map(|r| r.ty.clone())
        } else if status.is_some_and(|s| !(200..300).contains(&s)) {
            None
        } else {
            match status {
                Some(s) => op.responses.iter().find(|r| r.status == s),
                None => op.responses.iter().find(|r| r.ty.is_some()),
            }
            .and_then(|r| r.ty.clone())
        };
        if let Some(ty) = ty {
            walk(types, &ty, &value, 0);
        }
    }
}

/// Some pages document a nested body in one flat table: the wrapper (`ikepolicy`, Object)
/// beside the fields that go inside it (`name`, `lifetime`, and `lifetime`'s own `value` and
/// `units`), with no table for the wrapper. The example shows the real nesting; where an
/// object field typed `json` holds, in an example, keys that the flat table documents, those
/// fields move into a new type for it (recursively), and the field gets that type. Fields no
/// example shows stay where the table put them.
fn nest_flat_tables_by_examples(
    doc: &Doc,
    op: &Operation,
    types: &mut IndexMap<String, TypeDef>,
    w: &mut Warnings,
) {
    use serde_json::Value;
    /// The object an example value holds (the union of the keys of an array's objects).
    fn object_of(v: &Value) -> Option<(serde_json::Map<String, Value>, bool)> {
        match v {
            Value::Object(m) => Some((m.clone(), false)),
            Value::Array(items) => {
                let mut union = serde_json::Map::new();
                for item in items {
                    for (k, v) in item.as_object()? {
                        union.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                (!union.is_empty()).then_some((union, true))
            }
            _ => None,
        }
    }
    /// The fields of `name` for the example object `obj`, taken from the flat table `pool`;
    /// new types go to `made`.
    fn nest(
        name: &str,
        obj: &serde_json::Map<String, Value>,
        pool: &IndexMap<String, Field>,
        used: &mut HashSet<String>,
        made: &mut Vec<(String, IndexMap<String, Field>)>,
        depth: usize,
    ) -> IndexMap<String, Field> {
        let mut out = IndexMap::new();
        // in the order of the table
        for (k, field) in pool {
            let Some(v) = obj.get(k) else { continue };
            let mut field = field.clone();
            used.insert(k.clone());
            if (field.ty == "json" || field.ty == "array<json>")
                && depth < 8
                && let Some((inner, is_array)) = object_of(v)
                && inner.keys().filter(|k| pool.contains_key(*k)).count() >= 1
            {
                let child = names::prefixed(name, &pascal(k));
                let fields = nest(&child, &inner, pool, used, made, depth + 1);
                if !fields.is_empty() {
                    field.ty = if is_array || field.ty.starts_with("array<") {
                        format!("array<{child}>")
                    } else {
                        child.clone()
                    };
                    made.push((child, fields));
                }
            }
            out.insert(k.clone(), field);
        }
        out
    }
    for (line, is_request, status, value) in example_bodies(doc) {
        let ty = if is_request {
            op.request.as_ref().map(|r| r.ty.clone())
        } else if status.is_some_and(|s| !(200..300).contains(&s)) {
            None
        } else {
            match status {
                Some(s) => op.responses.iter().find(|r| r.status == s),
                None => op.responses.iter().find(|r| r.ty.is_some()),
            }
            .and_then(|r| r.ty.clone())
        };
        let Some(root) = ty else { continue };
        let Some(def) = types.get(&root) else {
            continue;
        };
        let (Some(pool), Value::Object(obj)) = (def.fields.clone(), &value) else {
            continue;
        };
        if def.correction.is_some() {
            continue;
        }
        let mut used = HashSet::new();
        let mut made = Vec::new();
        let mut fields = nest(&root, obj, &pool, &mut used, &mut made, 0);
        // nothing nested, or a new name already taken: leave the table as it is
        if made.is_empty() || made.iter().any(|(n, _)| types.contains_key(n)) {
            continue;
        }
        let moved: Vec<String> = made
            .iter()
            .flat_map(|(_, f)| f.keys().cloned())
            .filter(|k| !obj.contains_key(k))
            .collect();
        // Fields no example shows: into the wrapper when the body is one wrapper object
        // (`{"ikepolicy": {…}}`: its documented siblings belong inside), else where they were.
        let wrapper = (obj.len() == 1)
            .then(|| obj.keys().next())
            .flatten()
            .and_then(|k| fields.get(k))
            .and_then(|f| made.iter().position(|(n, _)| *n == f.ty));
        for (k, f) in &pool {
            if !used.contains(k) {
                match wrapper {
                    Some(i) => {
                        made[i].1.insert(k.clone(), f.clone());
                    }
                    None => {
                        fields.insert(k.clone(), f.clone());
                    }
                }
            }
        }
        w.push(
            &doc.path,
            line + 1,
            Category::Example,
            format!(
                "the table documents `{root}` flat; nested as the example shows ({} moved into {})",
                moved.join(", "),
                made.iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        if let Some(def) = types.get_mut(&root) {
            def.fields = Some(fields);
        }
        for (name, fields) in made {
            types.insert(
                name,
                TypeDef {
                    doc: None,
                    fields: Some(fields),
                    variants: None,
                    alias: None,
                    additional_properties: None,
                    correction: None,
                },
            );
        }
    }
}

/// How a scalar example value fits a documented scalar type: it does, a `lenient` field takes
/// it (`"100"` for an integer, `"true"` for a boolean, `0` for a string), or it contradicts.
#[derive(Debug, PartialEq)]
enum Fit {
    Fits,
    Lenient,
    Contradicts,
}

fn scalar_fit(ty: &str, v: &serde_json::Value) -> Fit {
    use serde_json::Value;
    let numeric = |s: &str| s.trim().parse::<f64>().is_ok();
    match (ty, v) {
        (_, Value::Null) => Fit::Fits,
        ("string", Value::String(_))
        | ("boolean", Value::Bool(_))
        | ("number", Value::Number(_)) => Fit::Fits,
        ("integer", Value::Number(n)) if !n.is_f64() => Fit::Fits,
        ("string", Value::Number(_) | Value::Bool(_)) => Fit::Lenient,
        ("integer" | "number", Value::String(s)) if numeric(s) => Fit::Lenient,
        ("boolean", Value::String(s))
            if s.trim().eq_ignore_ascii_case("true") || s.trim().eq_ignore_ascii_case("false") =>
        {
            Fit::Lenient
        }
        _ => Fit::Contradicts,
    }
}

/// Checks the scalar fields of the drafted types against the page's example bodies: a value a
/// `lenient` field accepts (a number sent as a string, and so on) makes the field `lenient`;
/// one that contradicts the table (an object for a string, text for an integer) is reported.
fn lenient_from_examples(
    doc: &Doc,
    op: &Operation,
    types: &mut IndexMap<String, TypeDef>,
    w: &mut Warnings,
) {
    const SCALARS: [&str; 4] = ["string", "integer", "number", "boolean"];
    fn walk(
        types: &mut IndexMap<String, TypeDef>,
        ty: &str,
        value: &serde_json::Value,
        at: &str,
        depth: usize,
        found: &mut Vec<(String, bool)>,
    ) {
        if depth > 32 {
            return;
        }
        if let Some(inner) = ty.strip_prefix("array<").and_then(|s| s.strip_suffix('>')) {
            if let serde_json::Value::Array(items) = value {
                for v in items {
                    walk(types, inner, v, &format!("{at}[]"), depth + 1, found);
                }
            }
            return;
        }
        if let Some(inner) = ty.strip_prefix("map<").and_then(|s| s.strip_suffix('>')) {
            if let serde_json::Value::Object(m) = value {
                for v in m.values() {
                    walk(types, inner, v, &format!("{at}.*"), depth + 1, found);
                }
            }
            return;
        }
        let Some(def) = types.get(ty) else {
            return;
        };
        if let Some(alias) = def.alias.clone() {
            walk(types, &alias, value, at, depth + 1, found);
            return;
        }
        let serde_json::Value::Object(m) = value else {
            return;
        };
        let mut nested = Vec::new();
        if let Some(fields) = types.get_mut(ty).and_then(|d| d.fields.as_mut()) {
            for (k, v) in m {
                let Some(f) = fields.get_mut(k) else {
                    continue;
                };
                let here = format!("{at}.{k}");
                let scalar =
                    f.ty.strip_prefix("array<")
                        .and_then(|s| s.strip_suffix('>'))
                        .unwrap_or(&f.ty)
                        .to_owned();
                if !SCALARS.contains(&scalar.as_str()) {
                    nested.push((f.ty.clone(), v, here));
                    continue;
                }
                let values: Vec<&serde_json::Value> = match v {
                    serde_json::Value::Array(items) if f.ty != scalar => items.iter().collect(),
                    other => vec![other],
                };
                for item in values {
                    match scalar_fit(&scalar, item) {
                        Fit::Fits => {}
                        Fit::Lenient if f.correction.is_none() => {
                            if !f.lenient {
                                f.lenient = true;
                                found.push((format!("{here} is {item} for a {}", f.ty), true));
                            }
                        }
                        Fit::Lenient => {}
                        Fit::Contradicts => {
                            found.push((format!("{here} is {item}, documented as {}", f.ty), false))
                        }
                    }
                }
            }
        }
        for (t, v, here) in nested {
            walk(types, &t, v, &here, depth + 1, found);
        }
    }
    for (line, is_request, status, value) in example_bodies(doc) {
        let ty = if is_request {
            op.request.as_ref().map(|r| r.ty.clone())
        } else if status.is_some_and(|s| !(200..300).contains(&s)) {
            None
        } else {
            match status {
                Some(s) => op.responses.iter().find(|r| r.status == s),
                None => op.responses.iter().find(|r| r.ty.is_some()),
            }
            .and_then(|r| r.ty.clone())
        };
        let Some(ty) = ty else { continue };
        let mut found = Vec::new();
        walk(types, &ty, &value, "$", 0, &mut found);
        for (what, lenient) in found {
            w.push(
                &doc.path,
                line + 1,
                Category::Example,
                if lenient {
                    format!("example value {what}: drafted `lenient`")
                } else {
                    format!("example value {what}: the table or the example is wrong")
                },
            );
        }
    }
}

/// Compares the page's example bodies with the drafted types and reports what the tables miss.
fn check_examples(doc: &Doc, op: &Operation, types: &IndexMap<String, TypeDef>, w: &mut Warnings) {
    for (line, is_request, status, value) in example_bodies(doc) {
        let ty = if is_request {
            match &op.request {
                Some(r) => r.ty.clone(),
                None => continue,
            }
        } else {
            if status.is_some_and(|s| !(200..300).contains(&s)) {
                continue;
            }
            let resp = match status {
                Some(s) => op.responses.iter().find(|r| r.status == s),
                None => op.responses.iter().find(|r| r.ty.is_some()),
            };
            match resp.and_then(|r| r.ty.clone()) {
                Some(t) => t,
                None => {
                    if value.as_object().is_some_and(|m| !m.is_empty()) {
                        w.push(
                            &doc.path,
                            line + 1,
                            Category::Example,
                            "example response body, but no response table documents it",
                        );
                    }
                    continue;
                }
            }
        };
        let mut out = Vec::new();
        undocumented_keys(types, &ty, &value, "$", &mut out, 0);
        if !out.is_empty() {
            let more = if out.len() > 6 {
                format!(" (+{} more)", out.len() - 6)
            } else {
                String::new()
            };
            out.truncate(6);
            w.push(
                &doc.path,
                line + 1,
                Category::Example,
                format!(
                    "example {} has keys the tables do not document for `{ty}`: {}{more}",
                    if is_request { "request" } else { "response" },
                    out.join(", ")
                ),
            );
        }
    }
}

/// Builds the top-level body type from a section's tables: the tables no other table links to
/// are the roots (several roots are alternatives and are merged); an `[Array]` root is a JSON
/// array body.
fn root_type(
    tb: &mut TypeBuilder,
    page: &Page,
    tables: &[usize],
    root_from: &[usize],
    name: &str,
    doc: String,
    w: &mut Warnings,
) -> String {
    let d = page.idx;
    let dd = page.doc;
    // tables linked from another table of the set
    let mut linked: HashSet<usize> = HashSet::new();
    let mut row_names: HashMap<usize, Vec<String>> = HashMap::new();
    for &ti in tables {
        let dt = &dd.tables[ti];
        let Some(cols) = param_columns(&dt.table) else {
            continue;
        };
        let rows = param_rows(dt, &cols);
        for r in &rows {
            for link in text::refs(&r.ty_cell)
                .into_iter()
                .chain(text::refs(&r.name_cell))
                .chain(text::refs(&r.desc))
            {
                if let Some(Some((ld, lt))) = tb.resolve_label(&link.label, Some(&r.name))
                    && ld == d
                    && lt != ti
                {
                    linked.insert(lt);
                }
            }
        }
        row_names.insert(
            ti,
            rows.into_iter().map(|r| r.name.to_lowercase()).collect(),
        );
    }
    let named_child = |ti: usize| -> bool {
        let names: Vec<String> = table_field_names(&dd.tables[ti])
            .into_iter()
            .map(|s| s.to_lowercase())
            .collect();
        tables.iter().filter(|&&o| o != ti).any(|o| {
            row_names
                .get(o)
                .is_some_and(|rn| rn.iter().any(|n| names.contains(n)))
        })
    };
    let mut roots: Vec<usize> = tables
        .iter()
        .copied()
        .filter(|ti| !linked.contains(ti) && !named_child(*ti))
        .filter(|ti| root_from.is_empty() || root_from.contains(ti))
        .collect();
    if roots.is_empty() {
        roots.push(root_from.first().copied().unwrap_or(tables[0]));
    }
    // A table whose caption names a field nobody has is an orphan, not an alternative body.
    if roots.len() > 1 {
        let unnamed: Vec<usize> = roots
            .iter()
            .copied()
            .filter(|ti| table_field_names(&dd.tables[*ti]).is_empty())
            .collect();
        if !unnamed.is_empty() {
            roots = unnamed;
        }
    }
    // `[Array]` body: a JSON array of the marker row's items
    let array_root = |ti: usize| -> Option<ParamRow> {
        let dt = &dd.tables[ti];
        let cols = param_columns(&dt.table)?;
        let rows = param_rows(dt, &cols);
        (rows.len() == 1 && is_array_marker(&rows[0].name)).then(|| rows[0].clone())
    };
    if let Some(row) = array_root(roots[0]) {
        if roots.len() > 1 {
            w.push(
                &dd.path,
                dd.tables[roots[1]].line + 1,
                Category::MergedTables,
                format!(
                    "{} alternative top-level tables in one section; the first (a JSON array) is used for `{name}`",
                    roots.len()
                ),
            );
        }
        tb.used.insert((d, roots[0]));
        let item = pascal(&format!("{name}Item"));
        let (ty, _) = tb.field_type((d, roots[0]), &row, &item, name, w);
        return if ty.starts_with("array<") {
            ty
        } else {
            format!("array<{ty}>")
        };
    }
    // Several top-level tables whose captions name a field the table itself does not list
    // (`**auto_scaling_policy** parameter description` next to `**node_group** parameter
    // description`): each describes that field's object.
    let mut wrapped: HashMap<usize, String> = HashMap::new();
    if roots.len() > 1 {
        for &ti in &roots {
            let own = row_names.get(&ti).cloned().unwrap_or_default();
            if let Some(n) = table_field_names(&dd.tables[ti])
                .into_iter()
                .find(|n| !n.contains('.') && !own.contains(&n.to_lowercase()))
            {
                wrapped.insert(ti, n);
            }
        }
        if !wrapped.is_empty() {
            let mut names: Vec<&String> = wrapped.values().collect();
            names.sort();
            w.push(
                &dd.path,
                dd.tables[roots[0]].line + 1,
                Category::MergedTables,
                format!(
                    "top-level tables named after fields no table lists; added to `{name}` as object fields: {}",
                    names.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
    let mut merged: IndexMap<String, crate::spec::Field> = IndexMap::new();
    let mut seen_in: HashMap<String, usize> = HashMap::new();
    for &ti in &roots {
        tb.used.insert((d, ti));
        let dt = &dd.tables[ti];
        if let Some(field) = wrapped.get(&ti) {
            let caption = text::squash(&text::plain(&dt.caption));
            let ty = tb.child_type((d, ti), &pascal(field), name, None, w);
            merged.entry(field.clone()).or_insert(crate::spec::Field {
                ty,
                required: false,
                nullable: false,
                lenient: false,
                secret: false,
                doc: (!caption.is_empty()).then_some(caption),
                rust_name: None,
                correction: None,
            });
            continue;
        }
        let Some(cols) = param_columns(&dt.table) else {
            continue;
        };
        let rows = param_rows(dt, &cols);
        let fields = tb.fields((d, ti), &rows, name, w);
        for (k, f) in fields {
            *seen_in.entry(k.clone()).or_insert(0) += 1;
            match merged.get_mut(&k) {
                Some(existing) => {
                    existing.required = existing.required && f.required;
                }
                None => {
                    merged.insert(k, f);
                }
            }
        }
    }
    if roots.len() - wrapped.len() > 1 {
        w.push(
            &dd.path,
            dd.tables[roots[1]].line + 1,
            Category::MergedTables,
            format!(
                "{} top-level tables in one section (alternative bodies?); their fields are merged into `{name}`",
                roots.len() - wrapped.len()
            ),
        );
    }
    if roots.len() > 1 {
        for (k, f) in merged.iter_mut() {
            if seen_in.get(k).copied().unwrap_or(0) < roots.len() {
                f.required = false;
            }
        }
    }
    tb.insert_root(
        name,
        TypeDef {
            doc: Some(doc),
            fields: Some(merged),
            variants: None,
            alias: None,
            additional_properties: None,
            correction: None,
        },
    )
}

/// A `Content-Type: application/...` other than plain JSON shown in the request or example
/// request sections.
fn request_content_type(doc: &Doc) -> Option<String> {
    static CT_LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)content-type\s*:\s*(application/[\w.+\-]+)").expect("static regex")
    });
    for (i, line) in doc.lines.iter().enumerate() {
        let k = kind_at(doc, i);
        let heading = doc
            .heading_at(i)
            .map(|h| text::plain(&doc.headings[h].text).to_lowercase())
            .unwrap_or_default();
        if !(k == Kind::Request || (k == Kind::Example && heading.contains("request"))) {
            continue;
        }
        if let Some(c) = CT_LINE.captures(line) {
            let ct = c[1].to_lowercase();
            if ct != "application/json" {
                return Some(ct);
            }
            return None;
        }
    }
    None
}

/// A body documented as one file (`Type: file`).
fn is_binary_body(doc: &Doc, body_tables: &[usize]) -> bool {
    let rows: Vec<ParamRow> = body_tables
        .iter()
        .filter_map(|&ti| {
            let dt = doc.tables.get(ti)?;
            param_columns(&dt.table).map(|c| param_rows(dt, &c))
        })
        .flatten()
        .collect();
    rows.len() == 1
        && matches!(
            parse_type_word(&rows[0].ty_cell),
            TypeWord::Unknown(ref w) if matches!(w.to_lowercase().as_str(), "file" | "binary" | "bytes" | "stream")
        )
}

/// Does a section of the given kind (or an example section) show a JSON body in a literal block?
fn has_example_body(doc: &Doc, kind: Kind) -> bool {
    let mut i = 0;
    while i < doc.lines.len() {
        if !doc.literal[i] {
            i += 1;
            continue;
        }
        let k = kind_at(doc, i);
        let heading = doc
            .heading_at(i)
            .map(|h| text::plain(&doc.headings[h].text).to_lowercase())
            .unwrap_or_default();
        let relevant = k == kind || (k == Kind::Example && heading.contains("request"));
        let t = doc.lines[i].trim();
        if relevant && (t == "{" || t.starts_with("{\"") || t == "[" || t.starts_with("[{")) {
            return true;
        }
        i += 1;
    }
    false
}

static STATUS_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)status code\s*:?\s*\**\s*([1-5]\d\d)\b").expect("static regex")
});

/// The status a table is documented for (`**Status code: 200**` right above it).
fn table_status(dt: &DocTable) -> Option<u16> {
    let t = format!(
        "{} {}",
        dt.intro.as_deref().unwrap_or(""),
        text::plain(&dt.caption)
    );
    STATUS_LABEL.captures(&t).and_then(|c| c[1].parse().ok())
}

/// 2xx statuses mentioned as `Status code: 2xx` anywhere on the page (outside code).
fn status_mentions(doc: &Doc) -> Vec<(u16, Option<String>)> {
    let mut out: Vec<(u16, Option<String>)> = Vec::new();
    for (i, line) in doc.lines.iter().enumerate() {
        if doc.literal[i] {
            continue;
        }
        for c in STATUS_LABEL.captures_iter(&text::plain(line)) {
            if let Ok(s) = c[1].parse::<u16>()
                && (200..300).contains(&s)
                && !out.iter().any(|(x, _)| *x == s)
            {
                out.push((s, None));
            }
        }
    }
    out
}

/// Success statuses (2xx, or 300 when listed as the normal answer) from the status sections.
fn success_statuses(doc: &Doc) -> Vec<(u16, Option<String>)> {
    let mut out: Vec<(u16, Option<String>)> = Vec::new();
    let add = |s: u16, d: Option<String>, out: &mut Vec<(u16, Option<String>)>| {
        if !out.iter().any(|(x, _)| *x == s) {
            out.push((s, d));
        }
    };
    for (hi, h) in doc.headings.iter().enumerate() {
        if heading_kind(&h.text) != Some(Kind::Status) {
            continue;
        }
        let (from, to) = doc.section_range(hi);
        // tables: Status Code | Description
        for dt in &doc.tables {
            if dt.line < from || dt.line >= to {
                continue;
            }
            let t = &dt.table;
            let Some(first) = t.header.first() else {
                continue;
            };
            let f = text::plain(first).to_lowercase();
            if !(f.contains("status") || f.contains("returned value") || f.contains("code")) {
                continue;
            }
            if error_columns(t).is_some() {
                continue;
            }
            for row in &t.rows {
                let cell = text::plain(row.cells.first().map(String::as_str).unwrap_or(""));
                let Some(c) = STATUS_NUM.captures(&cell) else {
                    continue;
                };
                let Ok(s) = c[1].parse::<u16>() else {
                    continue;
                };
                if (200..300).contains(&s) {
                    let d = row
                        .cells
                        .get(1)
                        .map(|x| text::squash(&text::plain(x)))
                        .filter(|x| !x.is_empty());
                    add(s, d, &mut out);
                }
            }
        }
        // prose: "Normal" then the numbers
        let prose = doc.prose(from, to);
        let mut normal = false;
        let mut any_marker = false;
        for line in prose.lines() {
            let l = line.trim().trim_start_matches("- ").trim().to_lowercase();
            if l == "normal" || l.starts_with("normal:") || l.starts_with("normal response") {
                normal = true;
                any_marker = true;
                let rest = l.trim_start_matches("normal").trim_start_matches(':');
                for c in STATUS_NUM.captures_iter(rest) {
                    if let Ok(s) = c[1].parse::<u16>()
                        && (200..400).contains(&s)
                    {
                        add(s, None, &mut out);
                    }
                }
                continue;
            }
            if l.starts_with("abnormal") || l.starts_with("failure") || l.starts_with("error") {
                normal = false;
                any_marker = true;
                continue;
            }
            if normal {
                for c in STATUS_NUM.captures_iter(&l) {
                    if let Ok(s) = c[1].parse::<u16>()
                        && (200..400).contains(&s)
                    {
                        add(s, None, &mut out);
                    }
                }
            }
        }
        if !any_marker && out.is_empty() {
            for c in STATUS_NUM.captures_iter(&prose) {
                if let Ok(s) = c[1].parse::<u16>()
                    && (200..300).contains(&s)
                {
                    add(s, None, &mut out);
                }
            }
        }
    }
    out
}

fn is_deprecated(doc: &Doc, title: &str, op_doc: &str, all: &[Doc]) -> bool {
    let flag = |s: &str| {
        let l = s.to_lowercase();
        l.contains("deprecated") || l.contains("not recommended")
    };
    if flag(title) {
        return true;
    }
    let l = op_doc.to_lowercase();
    if l.contains("this api has been deprecated")
        || l.contains("this api is deprecated")
        || l.contains("this api is not recommended")
        || l.contains("this api will be deprecated")
    {
        return true;
    }
    // an enclosing section (folder index page) marked deprecated or not recommended
    let mut dir = doc.path.as_str();
    while let Some((parent, _)) = dir.rsplit_once('/') {
        let index = format!("{parent}/index.rst");
        if let Some(ix) = all.iter().find(|d| d.path == index)
            && flag(&ix.title())
        {
            return true;
        }
        dir = parent;
    }
    false
}

/// Paging from well-known parameter pairs and the response's list field.
fn infer_paging(op: &Operation, types: &IndexMap<String, TypeDef>) -> Option<Paging> {
    if op.method != Method::Get {
        return None;
    }
    let has = |n: &str| {
        op.params
            .get(n)
            .is_some_and(|p| p.location == ParamLocation::Query)
    };
    let body = op.responses.iter().find_map(|r| r.ty.clone())?;
    let fields = types.get(&body)?.fields.as_ref()?;
    let arrays: Vec<(&String, &str)> = fields
        .iter()
        .filter_map(|(k, f)| {
            f.ty.strip_prefix("array<")
                .and_then(|s| s.strip_suffix('>'))
                .map(|inner| (k, inner))
        })
        .filter(|(_, inner)| types.get(*inner).is_some_and(|t| t.fields.is_some()))
        // Neutron's `routers_links` (`{href, rel}`) is about the pages, not an item list
        .filter(|(k, _)| !k.ends_with("_links"))
        .collect();
    if arrays.len() != 1 {
        return None;
    }
    let (items, item_ty) = (arrays[0].0.clone(), arrays[0].1);
    let total = fields
        .keys()
        .find(|k| {
            let l = k.to_lowercase();
            l.starts_with("total") || l.ends_with("total") || l == "count"
        })
        .cloned();
    if has("start_number") && has("limit") {
        return Some(Paging::Offset {
            offset: "start_number".to_owned(),
            limit: "limit".to_owned(),
            items,
            total,
        });
    }
    if has("offset") && has("limit") {
        return Some(Paging::Offset {
            offset: "offset".to_owned(),
            limit: "limit".to_owned(),
            items,
            total,
        });
    }
    if has("marker") && has("limit") {
        let item_fields = types.get(item_ty)?.fields.as_ref()?;
        if !item_fields.contains_key("id") {
            return None;
        }
        return Some(Paging::Marker {
            marker: "marker".to_owned(),
            limit: "limit".to_owned(),
            items,
            item_id: "id".to_owned(),
            next: fields.contains_key("next").then(|| "next".to_owned()),
            total: None,
        });
    }
    if has("currentPage") && has("pageSize") {
        return Some(Paging::Page {
            page: "currentPage".to_owned(),
            size: "pageSize".to_owned(),
            items,
            total,
        });
    }
    None
}

/// Orders types for reading: each operation's request, then its response types, each followed
/// by the types it uses (depth first); then anything left.
fn order_types(
    ops: &IndexMap<String, Operation>,
    mut types: IndexMap<String, TypeDef>,
) -> IndexMap<String, TypeDef> {
    let mut out: IndexMap<String, TypeDef> = IndexMap::new();
    fn visit(
        name: &str,
        types: &mut IndexMap<String, TypeDef>,
        out: &mut IndexMap<String, TypeDef>,
    ) {
        let Some(def) = types.shift_remove(name) else {
            return;
        };
        let mut refs: Vec<String> = Vec::new();
        if let Some(a) = &def.alias {
            refs.extend(super::merge::type_names(a));
        }
        for f in def.fields.iter().flat_map(|f| f.values()) {
            refs.extend(super::merge::type_names(&f.ty));
        }
        out.insert(name.to_owned(), def);
        for r in refs {
            visit(&r, types, out);
        }
    }
    for op in ops.values() {
        for p in op.params.values() {
            for n in super::merge::type_names(&p.ty) {
                visit(&n, &mut types, &mut out);
            }
        }
        if let Some(r) = &op.request {
            for n in super::merge::type_names(&r.ty) {
                visit(&n, &mut types, &mut out);
            }
        }
        for r in &op.responses {
            if let Some(t) = &r.ty {
                for n in super::merge::type_names(t) {
                    visit(&n, &mut types, &mut out);
                }
            }
        }
    }
    out.extend(types);
    out
}
