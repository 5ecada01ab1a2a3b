//! `otc-codegen import`: draft specs from the published reference pages.
//!
//! The OTC API reference is reStructuredText, one page per operation (see
//! `otc-api-facts.md`, "What the reference pages look like"). [`import`] reads every page of one
//! service and drafts a [`Spec`]:
//!
//! - operations from the `URI` sections (`GET /v1/{project_id}/things`), named from the page
//!   title, with their path, query and header parameters from the parameter tables;
//! - request and response body types from the nested parameter tables, following `:ref:` links
//!   and table captions (`**Table 3** **scaling_groups** field description`);
//! - success statuses from the "Returned Values" / "Status Codes" sections;
//! - string enums where a description lists the values clearly;
//! - error codes from every error-code table (found by their header).
//!
//! What it cannot map is reported as an [`ImportWarning`] instead of being guessed. A reviewed
//! spec can be passed as [`ImportOptions::existing`]: whatever carries a `correction:` there
//! survives the re-import (see [`merge`](self#merging)).
//!
//! # Merging
//!
//! With an existing spec, the draft is merged as follows: the existing `service:` block is
//! kept; an operation or type with a `correction:` is kept exactly as it is (an operation also
//! replaces a draft operation for the same method, path and page under another name, but not
//! another corrected operation: one endpoint may serve several); a field with a `correction:`
//! replaces (or adds) the drafted field of the same type; a parameter, request body or response
//! (by status) with a `correction:` replaces (or adds) the drafted one of the same operation; an
//! error code with a `correction:` is kept as it is; human-only settings the importer never
//! drafts (`rust_name`, `retry_safe`, `paging`) are carried over.
//!
//! A field whose table has no Type column takes the JSON type the page's example bodies show
//! for it (an example is what the service sent), else `string`.

mod errors;
mod hosts;
mod merge;
mod names;
mod ops;
mod rst;
pub mod table;
mod text;
mod types;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::spec::{Service, Spec};

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The service's folder of reference pages (`otc-api-docs/as`).
    pub docs_dir: PathBuf,
    /// The `service:` block of the drafted spec (name, title, endpoint, ...).
    pub service: Service,
    /// A reviewed spec to merge with: its corrections win over the draft.
    pub existing: Option<Spec>,
    /// Only the pages under these folders or files of `docs_dir` (relative paths, `/`
    /// separated); all pages when empty. One reference folder may hold several APIs on
    /// different hosts (SFS: capacity-oriented, Turbo, General Purpose), each its own spec.
    pub pages: Vec<String>,
}

/// The draft and what could not be mapped.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub spec: Spec,
    pub warnings: Vec<ImportWarning>,
}

impl ImportReport {
    /// Number of warnings per category, in category order.
    pub fn warning_counts(&self) -> BTreeMap<Category, usize> {
        let mut m = BTreeMap::new();
        for w in &self.warnings {
            *m.entry(w.category).or_insert(0) += 1;
        }
        m
    }
}

/// Something on a page the importer could not map, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWarning {
    /// Page path relative to the docs directory.
    pub file: String,
    /// 1-based line on that page (0 when the whole page is meant).
    pub line: usize,
    /// What kind of problem it is.
    pub category: Category,
    pub message: String,
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: [{}] {}",
            self.file,
            self.line,
            self.category.as_str(),
            self.message
        )
    }
}

/// Kinds of warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// A page with API sections but no `METHOD /path` in its URI section.
    NoUri,
    /// A `{param}` of the path that no table declares (added as a string).
    MissingPathParam,
    /// A parameter that cannot be placed (object-typed query parameter, project id outside the path).
    Param,
    /// A type word the importer does not know (typed `json`).
    UnknownType,
    /// An object or array field whose table cannot be found (typed `json`).
    MissingTable,
    /// A parameter table that no parent links to.
    UnplacedTable,
    /// A `:ref:` whose label is not defined anywhere in the service's pages.
    MissingRefTarget,
    /// Several top-level request or response tables merged into one type.
    MergedTables,
    /// No success status documented (200 assumed), or a body for a 204.
    Status,
    /// A request body shown only in an example (typed `json`), or a file body.
    UntypedBody,
    /// An example body with keys (or a shape) the tables do not document.
    Example,
    /// An error row without a usable status.
    ErrorStatus,
    /// An error row that is malformed (no code, no message).
    ErrorRow,
    /// A table that cannot be parsed, is parsed leniently, or lists a field twice.
    Table,
    /// A type reached from itself (typed `json` at the cycle).
    Cycle,
    /// A name the importer had to disambiguate.
    Naming,
    /// The page could not be read.
    Io,
    /// A page whose API is not JSON (XML bodies, OBS-style signing): no operation drafted.
    NotJson,
    /// The pages show more than one service host; one spec reaches one endpoint.
    Hosts,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::NoUri => "no-uri",
            Category::MissingPathParam => "missing-path-param",
            Category::Param => "param",
            Category::UnknownType => "unknown-type",
            Category::MissingTable => "missing-table",
            Category::UnplacedTable => "unplaced-table",
            Category::MissingRefTarget => "missing-ref-target",
            Category::MergedTables => "merged-tables",
            Category::Status => "status",
            Category::UntypedBody => "untyped-body",
            Category::Example => "example",
            Category::ErrorStatus => "error-status",
            Category::ErrorRow => "error-row",
            Category::Table => "table",
            Category::Cycle => "cycle",
            Category::Naming => "naming",
            Category::Io => "io",
            Category::NotJson => "not-json",
            Category::Hosts => "hosts",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an import failed as a whole.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the docs directory {path}: {source}")]
    ReadDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no reStructuredText pages (*.rst) under {0}")]
    NoPages(PathBuf),
}

/// Collects warnings, each (file, line, message) once.
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    list: Vec<ImportWarning>,
    seen: std::collections::HashSet<(String, usize, String)>,
}

impl Warnings {
    pub(crate) fn push(
        &mut self,
        file: &str,
        line: usize,
        category: Category,
        message: impl Into<String>,
    ) {
        let message = message.into();
        if self.seen.insert((file.to_owned(), line, message.clone())) {
            self.list.push(ImportWarning {
                file: file.to_owned(),
                line,
                category,
                message,
            });
        }
    }
}

/// Reads every `*.rst` page under `dir`, sorted by relative path.
fn read_pages(
    dir: &Path,
    pages: &[String],
    warn: &mut Warnings,
) -> Result<Vec<rst::Doc>, ImportError> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut first = true;
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(source) if first => {
                return Err(ImportError::ReadDir {
                    path: dir.to_path_buf(),
                    source,
                });
            }
            Err(e) => {
                let rel = d
                    .strip_prefix(dir)
                    .unwrap_or(&d)
                    .to_string_lossy()
                    .into_owned();
                warn.push(&rel, 0, Category::Io, format!("cannot read directory: {e}"));
                continue;
            }
        };
        first = false;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rst") {
                files.push(path);
            }
        }
    }
    let mut docs = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if !selected(&rel, pages) {
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => docs.push(rst::Doc::parse(&rel, &String::from_utf8_lossy(&bytes))),
            Err(e) => warn.push(&rel, 0, Category::Io, format!("cannot read page: {e}")),
        }
    }
    if docs.is_empty() {
        return Err(ImportError::NoPages(dir.to_path_buf()));
    }
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(docs)
}

/// Whether the page `rel` is one of `pages` or lies under one of them (all pages when empty).
fn selected(rel: &str, pages: &[String]) -> bool {
    pages.is_empty()
        || pages.iter().any(|p| {
            let p = p.trim_end_matches('/');
            rel == p
                || rel
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// Drafts a spec from a service's reference pages (see the module docs).
pub fn import(opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    let mut warn = Warnings::default();
    let docs = read_pages(&opts.docs_dir, &opts.pages, &mut warn)?;
    for d in &docs {
        for &line in &d.broken_tables {
            warn.push(
                &d.path,
                line + 1,
                Category::Table,
                "table cannot be parsed; skipped",
            );
        }
        for t in &d.tables {
            if t.table.lenient {
                warn.push(
                    &d.path,
                    t.line + 1,
                    Category::Table,
                    "malformed grid table read line by line",
                );
            }
        }
    }
    let hosts = hosts::service_hosts(&docs);
    if hosts.len() > 1 {
        let shown: Vec<String> = hosts
            .iter()
            .map(|(host, page)| format!("`{host}` ({page})"))
            .collect();
        warn.push(
            "",
            0,
            Category::Hosts,
            format!(
                "the pages show {} service hosts: {}; a spec reaches one endpoint, so draft each \
                 API from its own pages (`--pages`)",
                hosts.len(),
                shown.join(", ")
            ),
        );
    }
    let errors = errors::import_errors(&docs, &mut warn);
    let (operations, types) = ops::import_operations(&docs, &opts.service.name, &mut warn);
    let draft = Spec {
        service: opts.service.clone(),
        operations,
        types,
        errors,
        waiters: Default::default(),
    };
    let spec = match &opts.existing {
        Some(existing) => merge::merge(draft, existing),
        None => draft,
    };
    Ok(ImportReport {
        spec,
        warnings: warn.list,
    })
}

/// The spec as YAML for `specs/*.yaml`: a header comment, then the spec in its own order, with
/// a blank line between operations, types and errors. The same spec gives the same text.
pub fn to_yaml(spec: &Spec) -> String {
    let body = match serde_yaml::to_string(spec) {
        Ok(s) => s,
        // Serialising plain data cannot fail; keep the function total anyway.
        Err(e) => format!("# serialisation failed: {e}\n"),
    };
    let mut out = String::with_capacity(body.len() + body.len() / 8 + 256);
    out.push_str(&format!(
        "# {} ({}): drafted by `otc-codegen import` from the published API reference.\n\
         # Changes made by hand carry a `correction:`, so a re-import keeps them.\n",
        spec.service.title, spec.service.name
    ));
    let mut in_map = false;
    for line in body.lines() {
        let top_key = !line.starts_with(' ') && line.ends_with(':') && !line.starts_with('-');
        if top_key {
            in_map = matches!(line, "operations:" | "types:" | "errors:");
            out.push('\n');
        } else if in_map
            && line.starts_with("  ")
            && !line.starts_with("   ")
            && !line.starts_with("  -")
            && !out.ends_with(":\n")
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
