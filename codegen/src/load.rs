//! Stage 1, load: spec text → [`Spec`], or diagnostics with file, line and column.
//!
//! [`crate::source_map::parse`] reads the YAML once into a value tree and the position of every
//! key and value. The tree is then deserialized piece by piece: the `service` block, and each
//! entry of `operations`, `types` and `errors` on its own, so one bad entry does not hide the
//! others. Inside an entry every unknown key is reported (with a "did you mean") and removed,
//! and every other problem (a missing key, a wrong type, a value that is not allowed) is
//! reported and patched with a placeholder so that reading goes on and finds the next one. An
//! entry that needed a patch is left out of the spec; the rest is still validated (without
//! complaining about references to the entries left out), so one run reports everything.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Diagnostic, Report, did_you_mean};
use crate::source_map::{self, Pos, Seg, SourceMap, Span};
use crate::spec::{ErrorCodeDef, Operation, Service, Spec, TypeDef, Waiter};
use crate::validate::{self, Skip};

/// A spec that loaded: its typed content, its text and where everything is.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file as the caller named it.
    pub file: PathBuf,
    /// Its text.
    pub source: String,
    /// The typed content.
    pub spec: Spec,
    /// Where each key is.
    pub map: SourceMap,
}

/// At most this many diagnostics are reported for one file.
pub const MAX_DIAGNOSTICS: usize = 200;

/// At most this many problems are patched in one entry before giving up on it.
const MAX_REPAIRS: usize = 64;

/// The keys of the top level of a spec.
const TOP_KEYS: &[&str] = &["service", "operations", "types", "errors", "waiters"];

/// Reads and parses one spec file.
pub fn load_file(file: &Path) -> Result<Loaded, Report> {
    match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => load_str(file, text),
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let bytes = err.into_bytes();
                let before = String::from_utf8_lossy(&bytes[..valid]);
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                Err(Report {
                    source: String::from_utf8_lossy(&bytes).into_owned(),
                    diagnostics: vec![
                        Diagnostic::error(file, Pos { line, col }, "the spec is not UTF-8 text")
                            .help("save the file as UTF-8; this byte is not valid UTF-8"),
                    ],
                })
            }
        },
        Err(err) => Err(Report {
            source: String::new(),
            diagnostics: vec![
                Diagnostic::error(file, Default::default(), format!("cannot read spec: {err}"))
                    .help("check the path; specs are YAML files such as `specs/as.yaml`"),
            ],
        }),
    }
}

/// Parses spec text; `file` is only used in diagnostics.
///
/// On errors, the report also holds what validation finds in the parts that did load.
pub fn load_str(file: &Path, text: String) -> Result<Loaded, Report> {
    // A byte-order mark is not part of the YAML (editors on Windows add one).
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let parsed = match source_map::parse(&text) {
        Ok(parsed) => parsed,
        Err(err) => {
            // The parser notices an unclosed `{` or `[` only on a later line; point at it.
            let diagnostic = match unclosed_flow(&text, err.pos.line) {
                Some((pos, open)) => {
                    let close = if open == '{' { '}' } else { ']' };
                    Diagnostic::error(
                        file,
                        pos,
                        format!("YAML syntax: this `{open}` is never closed ({})", err.message),
                    )
                    .help(format!(
                        "close it with `{close}` before the end of the line; a value that holds `{open}`, `{close}` or `,` must be quoted"
                    ))
                }
                None => Diagnostic::error(file, err.pos, format!("YAML syntax: {}", err.message))
                    .help(err.help),
            };
            return Err(Report {
                diagnostics: vec![diagnostic],
                source: text,
            });
        }
    };
    let mut loader = Loader {
        file,
        map: &parsed.map,
        out: Vec::new(),
    };
    for p in &parsed.problems {
        loader.push(
            Diagnostic::error(file, p.span.pos, p.message.clone())
                .len(p.span.len)
                .help(p.help.clone()),
        );
    }
    let Some((spec, skip)) = loader.spec(&parsed.value) else {
        let mut report = Report {
            source: text,
            diagnostics: loader.out,
        };
        report.sort();
        return Err(report);
    };
    let diagnostics = loader.out;
    let loaded = Loaded {
        file: file.to_path_buf(),
        source: text,
        spec,
        map: parsed.map,
    };
    if diagnostics
        .iter()
        .all(|d| d.severity != crate::Severity::Error)
    {
        return Ok(loaded);
    }
    let more = validate::validate_with(&loaded, &skip);
    let mut report = Report {
        source: loaded.source,
        diagnostics,
    };
    let room = MAX_DIAGNOSTICS.saturating_sub(report.diagnostics.len());
    report
        .diagnostics
        .extend(more.diagnostics.into_iter().take(room));
    report.sort();
    report.diagnostics.dedup();
    Err(report)
}

struct Loader<'a> {
    file: &'a Path,
    map: &'a SourceMap,
    out: Vec<Diagnostic>,
}

/// What went wrong with one entry.
enum Outcome<T> {
    /// Read; unknown keys (if any) were reported and dropped.
    Ok(T),
    /// Reported; the entry is left out.
    Broken,
}

impl Loader<'_> {
    fn push(&mut self, d: Diagnostic) {
        if self.out.len() < MAX_DIAGNOSTICS {
            self.out.push(d);
        }
    }

    fn error(&mut self, span: Span, message: String, help: String) {
        let d = Diagnostic::error(self.file, span.pos, message)
            .len(span.len)
            .help(help);
        self.push(d);
    }

    /// The whole spec, or `None` when nothing useful could be read. The [`Skip`] names the
    /// parts left out, so validation does not report what they would have defined.
    fn spec(&mut self, root: &Value) -> Option<(Spec, Skip)> {
        let root_span = self.map.root();
        let top = match root {
            Value::Mapping(m) => m,
            Value::Null => {
                if self.out.is_empty() {
                    self.error(
                        root_span,
                        "the spec is empty".to_owned(),
                        "start with a `service:` block; see specs/README.md".to_owned(),
                    );
                }
                return None;
            }
            other => {
                self.error(
                    root_span,
                    format!("a spec is a YAML mapping, found {}", kind_of(other)),
                    "write `service:`, `operations:`, `types:` and `errors:` at the top level"
                        .to_owned(),
                );
                return None;
            }
        };
        for key in top.keys() {
            let key = key.as_str().unwrap_or_default();
            if !TOP_KEYS.contains(&key) {
                self.unknown_key(&[], key, TOP_KEYS);
            }
        }
        let mut skip = Skip::default();
        let service = match top.get("service") {
            Some(v) => match self.entry::<Service>(v, &[Seg::Key("service".into())]) {
                Outcome::Ok(s) => Some(s),
                Outcome::Broken => None,
            },
            None => {
                self.error(
                    Span {
                        pos: root_span.pos,
                        len: 1,
                    },
                    "missing key `service`".to_owned(),
                    "every spec starts with a `service:` block (name, title, endpoint, catalog_type)"
                        .to_owned(),
                );
                None
            }
        };
        let service = service.unwrap_or_else(|| {
            skip.service = true;
            Service {
                name: "x".to_owned(),
                title: String::new(),
                doc: None,
                endpoint: "https://x".to_owned(),
                catalog_type: "x".to_owned(),
                error_envelopes: Vec::new(),
                docs: None,
            }
        });
        let (operations, _) = self.section::<Operation>(top, "operations", "an operation name");
        let (types, broken_types) = self.section::<TypeDef>(top, "types", "a type name");
        skip.all_types = broken_types.is_none();
        skip.types = broken_types.unwrap_or_default();
        let (errors, _) = self.section::<ErrorCodeDef>(top, "errors", "an error code");
        let (waiters, _) = self.section::<Waiter>(top, "waiters", "a waiter name");
        Some((
            Spec {
                service,
                operations,
                types,
                errors,
                waiters,
            },
            skip,
        ))
    }

    /// One of the top-level maps, entry by entry. Returns the entries that loaded and the
    /// names of those that did not (`None` when the whole section is unusable).
    fn section<T: DeserializeOwned>(
        &mut self,
        top: &Mapping,
        name: &str,
        what: &str,
    ) -> (indexmap::IndexMap<String, T>, Option<BTreeSet<String>>) {
        let mut out = indexmap::IndexMap::new();
        let mut broken = BTreeSet::new();
        let entries = match top.get(name) {
            None | Some(Value::Null) => return (out, Some(broken)),
            Some(Value::Mapping(m)) => m,
            Some(other) => {
                let span = self.map.value_span(&[Seg::Key(name.to_owned())]);
                self.error(
                    span,
                    format!("`{name}` must be a mapping, found {}", kind_of(other)),
                    format!("write `{name}:` followed by indented entries, each keyed by {what}"),
                );
                return (out, None);
            }
        };
        for (key, value) in entries {
            let key = key.as_str().unwrap_or_default().to_owned();
            let at = [Seg::Key(name.to_owned()), Seg::Key(key.clone())];
            match self.entry::<T>(value, &at) {
                Outcome::Ok(v) => {
                    out.insert(key, v);
                }
                Outcome::Broken => {
                    broken.insert(key);
                }
            }
        }
        (out, Some(broken))
    }

    /// Deserializes one entry at `at`, reporting every problem it can find in it.
    fn entry<T: DeserializeOwned>(&mut self, value: &Value, at: &[Seg]) -> Outcome<T> {
        let mut value = value.clone();
        let mut broken = false;
        for _ in 0..MAX_REPAIRS {
            let err = match serde_path_to_error::deserialize::<_, T>(&value) {
                Ok(v) if !broken => return Outcome::Ok(v),
                Ok(_) => return Outcome::Broken,
                Err(err) => err,
            };
            let rel = to_path(err.path());
            let message = strip_location(&err.inner().to_string());
            let mut full: Vec<Seg> = at.to_vec();
            full.extend(rel.iter().cloned());
            if let Some((key, expected)) = unknown_field(&message) {
                let mut key_rel = rel.clone();
                // serde_path_to_error stops at the map holding the key; point at the key itself.
                if key_rel.last() != Some(&Seg::Key(key.clone())) {
                    key_rel.push(Seg::Key(key.clone()));
                }
                let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
                let parent: Vec<Seg> = at
                    .iter()
                    .chain(&key_rel[..key_rel.len() - 1])
                    .cloned()
                    .collect();
                self.unknown_key(&parent, &key, &expected);
                if remove(&mut value, &key_rel) {
                    continue;
                }
                return Outcome::Broken;
            }
            broken = true;
            if let Some(key) = missing_field(&message) {
                self.missing_key(&full, &key);
                let patched = match placeholder(&key) {
                    Some(p) => insert(&mut value, &rel, &key, p),
                    // No stand-in (a paging block without `style`): drop the block.
                    None => remove(&mut value, &rel),
                };
                if patched {
                    continue;
                }
                return Outcome::Broken;
            }
            let found = get(&value, &rel).cloned().unwrap_or(Value::Null);
            self.bad_value(&full, &message, &found);
            if !repair(&mut value, &rel) {
                return Outcome::Broken;
            }
        }
        Outcome::Broken
    }

    fn unknown_key(&mut self, parent: &[Seg], key: &str, expected: &[&str]) {
        let mut path = parent.to_vec();
        path.push(Seg::Key(key.to_owned()));
        let span = self.map.key_span(&path);
        let help = match did_you_mean(key, expected.iter().copied()) {
            _ if key == "<<" => {
                "YAML merge keys (`<<: *anchor`) are not supported; write the keys out".to_owned()
            }
            // No key of the format has a space: this is the rest of a value cut at a comma
            // in flow style (`{doc: Name, up to 64 characters.}`).
            _ if key.contains(char::is_whitespace) => format!(
                "a comma inside `{{…}}` starts a new key; if it belongs to the value before it, quote that value (`doc: \"Name, up to 64 characters.\"`); expected one of: {}",
                list(expected)
            ),
            Some(close) => format!("did you mean `{close}`?"),
            None if expected.is_empty() => "this block takes no keys".to_owned(),
            None => format!("expected one of: {}", list(expected)),
        };
        self.error(
            span,
            format!("unknown key `{}`{}", shorten(key), context(parent)),
            help,
        );
    }

    fn missing_key(&mut self, at: &[Seg], key: &str) {
        let span = self.map.key_span(at);
        let needs = required_keys(at);
        let help = if needs.is_empty() {
            format!("add `{key}:`; specs/README.md lists what each block needs")
        } else {
            format!("add `{key}:`; {} needs {}", block_name(at), list(needs))
        };
        self.error(span, format!("missing key `{key}`{}", context(at)), help);
    }

    /// A value serde refused: says what was found, what was expected and how to write it.
    fn bad_value(&mut self, at: &[Seg], message: &str, found: &Value) {
        let span = self.map.value_span(at);
        let key = last_key(at);
        let (message, help) = describe(message, key.as_deref(), found, at);
        self.error(span, format!("{message}{}", context(at)), help);
    }
}

/// `(message, help)` for a serde error other than an unknown or missing key.
fn describe(message: &str, key: Option<&str>, found: &Value, at: &[Seg]) -> (String, String) {
    let key_text = match (key, at.last()) {
        (Some(k), Some(Seg::Index(_))) => format!("each item of `{k}`"),
        (Some(k), _) => format!("`{k}`"),
        (None, _) => "this".to_owned(),
    };
    if let Some((value, variants)) = unknown_variant(message) {
        let close = variants
            .iter()
            .find(|v| v.eq_ignore_ascii_case(&value))
            .map(String::as_str)
            .or_else(|| did_you_mean(&value, variants.iter().map(String::as_str)));
        let refs: Vec<&str> = variants.iter().map(String::as_str).collect();
        let expected = format!("expected one of: {}", list(&refs));
        let help = match close {
            Some(c) => format!("did you mean `{c}`? ({expected})"),
            None => expected,
        };
        let value = shorten(&value);
        let message = match key {
            Some("method") => format!("`{value}` is not an HTTP method"),
            Some("in") => format!("`{value}` is not a parameter location"),
            Some("from") => format!("unknown `from` value `{value}`"),
            Some("paging") | Some("style") => format!("`{value}` is not a paging style"),
            Some("error_envelopes") | None if in_envelopes(at) => {
                format!("`{value}` is not an error envelope")
            }
            _ => format!("`{value}` is not allowed for {key_text}"),
        };
        return (message, help);
    }
    if message.contains("did not match any variant of untagged enum Statuses") {
        return (
            format!("status must be an HTTP status number or a list of them, found {}", kind_of(found)),
            "write `status: 404` or `status: [400, 404]`, or leave `status` out when the reference gives none".to_owned(),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let expected = rest.rsplit_once(", expected ").map_or("", |(_, e)| e);
        let expected_text = expected_words(expected, key);
        let message = format!(
            "{key_text} must be {expected_text}, found {}",
            kind_of(found)
        );
        return (message, type_help(expected, found));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let expected = rest.rsplit_once(", expected ").map_or("", |(_, e)| e);
        let message = format!(
            "{key_text} must be {}, found {}",
            expected_words(expected, key),
            kind_of(found)
        );
        let help = if expected.starts_with('u') || expected.starts_with('i') {
            "HTTP statuses are numbers from 100 to 599".to_owned()
        } else {
            "see specs/README.md for the spec format".to_owned()
        };
        return (message, help);
    }
    (
        shorten(message),
        "see specs/README.md for the spec format".to_owned(),
    )
}

fn in_envelopes(at: &[Seg]) -> bool {
    at.iter().any(|s| *s == Seg::Key("error_envelopes".into()))
}

/// serde's "expected" text in the words of the spec format.
fn expected_words(expected: &str, key: Option<&str>) -> String {
    match expected {
        "a string" => "text".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        "u16" => "a whole number from 0 to 65535".to_owned(),
        "u32" => "a whole number of seconds".to_owned(),
        "a sequence" => "a list".to_owned(),
        "a map" => "a mapping".to_owned(),
        "internally tagged enum Paging" => "a mapping with a `style` key".to_owned(),
        "struct Field" => "a field mapping such as `{type: string}`".to_owned(),
        "struct Param" => "a parameter mapping such as `{in: query, type: string}`".to_owned(),
        "struct Header" => "a header mapping such as `{type: string}`".to_owned(),
        "struct Response" => "a response mapping such as `{status: 200, type: Group}`".to_owned(),
        "struct RequestBody" => "a body mapping such as `{type: CreateGroup}`".to_owned(),
        "struct EnumValue" => "an enum value mapping such as `{value: ACTIVE}`".to_owned(),
        "struct Operation" => {
            "an operation mapping with `method`, `path` and `responses`".to_owned()
        }
        "struct TypeDef" => "a type mapping with `fields`, `enum` or `alias`".to_owned(),
        "struct ErrorCodeDef" | "struct ErrorOccurrence" => {
            "an error mapping with `message`".to_owned()
        }
        "struct Waiter" => {
            "a waiter mapping with `operation`, `state`, `success` and `pending`".to_owned()
        }
        "struct Service" => {
            "a mapping with `name`, `title`, `endpoint` and `catalog_type`".to_owned()
        }
        e if e.starts_with("struct ") => "a mapping".to_owned(),
        _ if allowed_values(key).is_some() => {
            format!("one of {}", list(allowed_values(key).unwrap_or_default()))
        }
        e if e.contains("enum") => "one of the documented values".to_owned(),
        e => e.to_owned(),
    }
}

/// The values a key with a fixed set of values takes.
fn allowed_values(key: Option<&str>) -> Option<&'static [&'static str]> {
    match key? {
        "method" => Some(&["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]),
        "in" => Some(&["path", "query", "header"]),
        "from" => Some(&["project_id", "region"]),
        "style" => Some(&["offset", "marker", "page"]),
        _ => None,
    }
}

fn type_help(expected: &str, found: &Value) -> String {
    match expected {
        e if e.contains("Value::Tagged") || e.starts_with("enum ") => {
            "write one of the listed values".to_owned()
        }
        "struct Field" => "write the field as `name: {type: string}`".to_owned(),
        "struct Param" => "write the parameter as `name: {in: query, type: string}`".to_owned(),
        "struct EnumValue" => "write each value as `- {value: ACTIVE}`".to_owned(),
        "a string" => match found {
            Value::Number(_) | Value::Bool(_) => {
                let text = scalar_text(found);
                format!("quote it to make it text: `\"{text}\"`")
            }
            Value::Null => "write the text after the colon, or leave the key out".to_owned(),
            _ => "write the text on one line, or as a `|` block".to_owned(),
        },
        "a boolean" => "write `true` or `false` without quotes".to_owned(),
        "u16" => "write the number without quotes, e.g. `200`".to_owned(),
        "u32" => "write the number without quotes, e.g. `600`".to_owned(),
        "a sequence" => "write a list: `[a, b]`, or one `- item` per line".to_owned(),
        "a map" => "write a mapping: indented `key: value` lines, or `{key: value}`".to_owned(),
        e if e.starts_with("struct ") || e.starts_with("internally tagged") => {
            "write a mapping: indented `key: value` lines, or `{key: value}`".to_owned()
        }
        _ => "see specs/README.md for the spec format".to_owned(),
    }
}

/// How a value looks, for "found …".
fn kind_of(v: &Value) -> String {
    match v {
        Value::Null => "nothing (an empty value or `null`)".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{}`", shorten(s)),
        Value::Sequence(_) => "a list".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
        Value::Tagged(_) => "a tagged value".to_owned(),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

/// At most 40 characters of user text, on one line.
/// The position of the last `{` or `[` that opens a flow collection on a line before
/// `error_line` and is still open there, if any. Flow collections in specs sit on one line, so
/// an open one at the end of an earlier line is what the parser stumbled over. Quoted text,
/// comments, block scalars (`|`, `>`) and braces inside plain values (`/v1/{project_id}`) are
/// skipped.
fn unclosed_flow(text: &str, error_line: usize) -> Option<(Pos, char)> {
    let mut open: Vec<(Pos, char)> = Vec::new();
    let mut block_indent: Option<usize> = None;
    for (index, line) in text.lines().enumerate().take(error_line.saturating_sub(1)) {
        let indent = line.len() - line.trim_start().len();
        if let Some(parent) = block_indent {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_indent = None;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut quote: Option<char> = None;
        let mut value_start = true;
        for (col, &c) in chars.iter().enumerate() {
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '#' if col == 0 || chars[col - 1] == ' ' => break,
                '\'' | '"' if value_start => quote = Some(c),
                '{' | '[' if value_start => {
                    let pos = Pos {
                        line: index + 1,
                        col: col + 1,
                    };
                    open.push((pos, c));
                }
                '}' | ']' if !open.is_empty() => {
                    open.pop();
                }
                ' ' | '\t' => continue,
                _ => {}
            }
            value_start = matches!(c, ':' | ',' | '{' | '[' | '-') || (c == '?' && open.is_empty());
        }
        let rest = line.trim_end();
        if open.is_empty()
            && (rest.ends_with('|')
                || rest.ends_with('>')
                || rest.ends_with("|-")
                || rest.ends_with(">-")
                || rest.ends_with("|+")
                || rest.ends_with(">+"))
        {
            block_indent = Some(indent);
        }
        if !open.is_empty() {
            // A flow collection left open at the end of its line: report the first one.
            return open.first().copied();
        }
    }
    None
}

fn shorten(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if one_line.chars().count() > 40 {
        let cut: String = one_line.chars().take(37).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}

/// `` `a`, `b`, `c` ``.
fn list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn last_key(at: &[Seg]) -> Option<String> {
    at.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.clone()),
        Seg::Index(_) => None,
    })
}

/// What kind of block the path points at (for "… needs `a`, `b`").
fn block_name(at: &[Seg]) -> &'static str {
    block(at).0
}

fn required_keys(at: &[Seg]) -> &'static [&'static str] {
    block(at).1
}

/// The block at `at` and its required keys, by the shape of the path.
fn block(at: &[Seg]) -> (&'static str, &'static [&'static str]) {
    let keys: Vec<Option<&str>> = at
        .iter()
        .map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        })
        .collect();
    match keys.as_slice() {
        [Some("service")] => (
            "the service block",
            &["name", "title", "endpoint", "catalog_type"],
        ),
        [Some("operations"), Some(_)] => ("an operation", &["method", "path", "responses"]),
        [Some("operations"), Some(_), Some("params"), Some(_)] => ("a parameter", &["in"]),
        [Some("operations"), Some(_), Some("request")] => ("a request body", &["type"]),
        [Some("operations"), Some(_), Some("responses"), None] => ("a response", &["status"]),
        [Some("operations"), Some(_), Some("paging")] => ("paging", &["style"]),
        [Some("types"), Some(_), Some("fields"), Some(_)] => ("a field", &["type"]),
        [Some("types"), Some(_), Some("enum"), None] => ("an enum value", &["value"]),
        [Some("errors"), Some(_)] => ("an error code", &["message"]),
        [Some("errors"), Some(_), Some("also"), None] => ("an error row", &["message"]),
        [Some("waiters"), Some(_)] => ("a waiter", &["operation", "state", "success", "pending"]),
        _ => ("this block", &[]),
    }
}

/// A value that satisfies a required key, so reading can go on after reporting it.
fn placeholder(key: &str) -> Option<Value> {
    let text = |s: &str| Some(Value::String(s.to_owned()));
    match key {
        "method" => text("GET"),
        "path" => text("/"),
        "type" => text("string"),
        "in" => text("query"),
        "name" | "title" | "endpoint" | "catalog_type" | "message" | "value" | "offset"
        | "limit" | "items" | "marker" | "item_id" | "page" | "size" | "operation" | "state" => {
            text("x")
        }
        "status" => Some(Value::from(200)),
        "responses" | "enum" | "also" | "error_envelopes" | "success" | "pending" | "failure"
        | "args" => Some(Value::Sequence(Vec::new())),
        "params" | "headers" | "fields" => Some(Value::Mapping(Mapping::new())),
        "required" | "nullable" | "lenient" | "secret" | "deprecated" | "retry_safe"
        | "optional" => Some(Value::Bool(false)),
        _ => None,
    }
}

/// A placeholder for an element of the list under `key`.
fn element_placeholder(key: &str) -> Option<Value> {
    let map = |k: &str, v: Value| {
        let mut m = Mapping::new();
        m.insert(Value::String(k.to_owned()), v);
        Some(Value::Mapping(m))
    };
    match key {
        "responses" => map("status", Value::from(200)),
        "enum" => map("value", Value::String("x".to_owned())),
        "also" => map("message", Value::String("x".to_owned())),
        "error_envelopes" => Some(Value::String("nested_error".to_owned())),
        "success" | "failure" | "pending" | "args" => Some(Value::String("x".to_owned())),
        _ => None,
    }
}

/// Patches the value at `rel` so deserialization can go on: a placeholder when the key needs
/// one, else the entry is removed. False when nothing could be changed.
fn repair(value: &mut Value, rel: &[Seg]) -> bool {
    let Some((last, parents)) = rel.split_last() else {
        return false;
    };
    let replacement = match last {
        // A paging block whose style is wrong cannot be read at all: drop the block, so its
        // other keys are not reported against a style the author did not mean.
        Seg::Key(k) if k == "style" => return remove(value, parents),
        Seg::Key(k) => placeholder(k),
        Seg::Index(_) => match parents.last() {
            Some(Seg::Key(k)) => element_placeholder(k),
            _ => None,
        },
    };
    match replacement {
        Some(p) => match get_mut(value, rel) {
            Some(slot) if *slot != p => {
                *slot = p;
                true
            }
            _ => false,
        },
        None => remove(value, rel),
    }
}

fn get<'v>(value: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    let mut node = value;
    for seg in path {
        node = match (seg, node) {
            (Seg::Key(k), Value::Mapping(m)) => m.get(k.as_str())?,
            (Seg::Index(i), Value::Sequence(s)) => s.get(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

fn get_mut<'v>(value: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    let mut node = value;
    for seg in path {
        node = match (seg, node) {
            (Seg::Key(k), Value::Mapping(m)) => m.get_mut(k.as_str())?,
            (Seg::Index(i), Value::Sequence(s)) => s.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Inserts `key: v` into the mapping at `path`; false if there is no mapping there.
fn insert(value: &mut Value, path: &[Seg], key: &str, v: Value) -> bool {
    match get_mut(value, path) {
        Some(Value::Mapping(m)) if !m.contains_key(key) => {
            m.insert(Value::String(key.to_owned()), v);
            true
        }
        _ => false,
    }
}

/// Removes the mapping entry at `path`; false if there is none. List items are not removed
/// (that would shift the positions of the items after them).
fn remove(value: &mut Value, path: &[Seg]) -> bool {
    let Some((Seg::Key(k), parents)) = path.split_last() else {
        return false;
    };
    match get_mut(value, parents) {
        Some(Value::Mapping(m)) => m.remove(k.as_str()).is_some(),
        _ => false,
    }
}

/// `serde_yaml` appends " at line L column C"; the diagnostic has its own position.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The words between backticks in `rest`, which starts with the closing backtick of the
/// first word: serde's "expected" lists.
fn backticked_after_first(rest: &str) -> Vec<String> {
    rest.split('`')
        .skip(2)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" into `x` and `[a, b]`.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find("`, ").or_else(|| rest.rfind('`'))?;
    let key = rest[..end].to_owned();
    let expected = if rest[end..].contains("there are no fields") {
        Vec::new()
    } else {
        backticked_after_first(&rest[end..])
    };
    Some((key, expected))
}

/// Parses serde's "unknown variant `x`, expected one of `a`, `b`".
fn unknown_variant(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown variant `")?;
    let end = rest
        .find("`, expected")
        .or_else(|| rest.find("`, there are"))?;
    let value = rest[..end].to_owned();
    Some((value, backticked_after_first(&rest[end..])))
}

/// "missing field `x`" → `x`.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.strip_suffix('`').unwrap_or(rest).to_owned())
}

/// " in `operations.list_groups`" for a path, or nothing at the top level.
fn context(path: &[Seg]) -> String {
    if path.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => shorten(k),
            Seg::Index(i) => i.to_string(),
        })
        .collect();
    format!(" in `{}`", parts.join("."))
}

fn to_path(path: &serde_path_to_error::Path) -> Vec<Seg> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|seg| match seg {
            Segment::Seq { index } => Some(Seg::Index(*index)),
            Segment::Map { key } => Some(Seg::Key(key.clone())),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn unclosed_flow_skips_paths_quotes_comments_and_block_scalars() {
        let text = "a:\n  path: /v1/{project_id}/x\n  doc: |\n    text with { brace\n  q: \"{\"  # {\n  r: {x: 1}\n  s: [1, {y: 2\nt: 1\n";
        let (pos, open) = super::unclosed_flow(text, 8).expect("one is open");
        assert_eq!((pos.line, pos.col, open), (7, 6, '['));
        assert_eq!(super::unclosed_flow(text, 7), None);
    }

    use super::*;

    const MINIMAL: &str = "service:\n  name: demo\n  title: Demo\n  endpoint: https://demo.{region}.example.com\n  catalog_type: demo\n";

    #[test]
    fn minimal_spec_loads() {
        let loaded = load_str(Path::new("demo.yaml"), MINIMAL.to_owned()).expect("loads");
        assert_eq!(loaded.spec.service.name, "demo");
        assert!(loaded.spec.operations.is_empty());
    }

    #[test]
    fn every_unknown_key_is_reported_with_position_and_suggestion() {
        let text = format!(
            "{MINIMAL}  titel: x\noperations:\n  get_x:\n    method: GET\n    pth: /x\n    path: /x\n    responses: [{{status: 200}}]\n"
        );
        let report = load_str(Path::new("demo.yaml"), text).expect_err("fails");
        assert_eq!(report.diagnostics.len(), 2, "{report}");
        let first = &report.diagnostics[0];
        assert_eq!((first.pos.line, first.pos.col), (6, 3));
        assert_eq!(first.help.as_deref(), Some("did you mean `title`?"));
        let second = &report.diagnostics[1];
        assert_eq!((second.pos.line, second.pos.col), (10, 5));
        assert!(second.message.contains("`pth`"), "{}", second.message);
        assert_eq!(second.help.as_deref(), Some("did you mean `path`?"));
    }

    #[test]
    fn syntax_errors_point_at_the_place() {
        let report =
            load_str(Path::new("x.yaml"), "service: [a\n b: }".to_owned()).expect_err("fails");
        assert_eq!(report.diagnostics.len(), 1);
        assert!(report.diagnostics[0].message.starts_with("YAML syntax"));
        assert!(report.diagnostics[0].pos.line >= 1);
    }

    #[test]
    fn missing_and_mistyped_keys_are_errors_not_panics() {
        let report =
            load_str(Path::new("x.yaml"), "service:\n  name: x\n".to_owned()).expect_err("fails");
        assert!(
            report.diagnostics[0].message.contains("missing key"),
            "{report}"
        );
        let text = format!(
            "{MINIMAL}operations:\n  a:\n    method: FETCH\n    path: /\n    responses: []\n"
        );
        let report = load_str(Path::new("x.yaml"), text).expect_err("fails");
        assert!(
            report.diagnostics[0]
                .message
                .contains("`FETCH` is not an HTTP method"),
            "{report}"
        );
        assert_eq!(report.diagnostics[0].pos.line, 8, "{report}");
    }

    #[test]
    fn one_bad_entry_does_not_hide_the_others() {
        let text = format!(
            "{MINIMAL}operations:\n  a:\n    method: get\n    path: /a\n    responses: [{{status: 200}}]\n  b:\n    path: /b\n    responses: [{{status: 200}}]\n  c:\n    method: GET\n    path: /c\n    responses: [{{status: two hundred}}]\ntypes:\n  T:\n    fields:\n      x: {{type: Missing, required: yes}}\n"
        );
        let report = load_str(Path::new("x.yaml"), text).expect_err("fails");
        let lines: Vec<usize> = report.diagnostics.iter().map(|d| d.pos.line).collect();
        assert_eq!(lines, [8, 11, 17, 21], "{report}");
        assert!(!report.to_string().contains("unknown type `T`"), "{report}");
    }

    /// The event reader means the same as serde_yaml for every real spec and the fixture.
    #[test]
    fn reads_real_specs_exactly_like_serde_yaml() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("../specs"))
            .expect("specs dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.push(root.join("tests/fixtures/petstore.yaml"));
        files.sort();
        assert!(files.len() >= 2, "{files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("reads");
            let theirs: Spec = serde_yaml::from_str(&text).expect("serde_yaml reads it");
            let ours = match load_str(&file, text) {
                Ok(loaded) => loaded.spec,
                Err(report) => panic!("{}:\n{report}", file.display()),
            };
            assert!(ours == theirs, "{} reads differently", file.display());
        }
    }

    #[test]
    fn duplicate_names_are_positioned_errors() {
        let text = format!(
            "{MINIMAL}types:\n  A:\n    alias: string\n  B:\n    alias: string\n  A:\n    alias: json\n"
        );
        let report = load_str(Path::new("x.yaml"), text).expect_err("fails");
        assert_eq!(report.diagnostics.len(), 1, "{report}");
        assert_eq!(report.diagnostics[0].message, "duplicate key `A`");
        assert_eq!(report.diagnostics[0].pos, Pos { line: 11, col: 3 });
    }
}
