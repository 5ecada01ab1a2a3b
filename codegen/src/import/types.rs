//! Types from parameter tables: type words, nested tables, enums, names.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use indexmap::IndexMap;
use regex::Regex;

use super::names::{self, pascal, prefixed, singular};
use super::rst::{Doc, DocTable, LabelTarget};
use super::table::{Row, Table};
use super::text::{self, RefLink};
use super::{Category, Warnings};
use crate::spec::{EnumValue, Field, TypeDef};

// ---------------------------------------------------------------------------------------------
// Type words
// ---------------------------------------------------------------------------------------------

/// Placeholder type of a field whose table has no Type column. The operation's example bodies
/// refine it (`ops::type_untyped_from_examples`); what no example shows becomes `string`.
pub const UNTYPED: &str = "__untyped";

/// What a Type cell says.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeWord {
    /// `string`, `integer`, `number` or `boolean`.
    Scalar(&'static str),
    /// A scalar whose wire form varies (`String/Integer`, `Date`, `TimeStamp`).
    Lenient(&'static str),
    /// An object, with the type's own name if the cell gives one (`ResourceDetail object`).
    Object(Option<String>),
    /// An array of scalars.
    ArrayOf(&'static str),
    /// An array of objects (or of something only a nested table explains).
    ArrayObj(Option<String>),
    /// `Map<String,X>`.
    Map(&'static str),
    /// Free-form JSON.
    Json,
    /// The cell is empty or the table has no Type column.
    Empty,
    /// A word the importer does not know.
    Unknown(String),
}

static PAREN_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\([^)]*\)\s*$").expect("static regex"));
static MAP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:map|dict|hashmap)\s*<\s*string\s*,\s*([\w ]+?)\s*>$").expect("static regex")
});
static LIST_GENERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:list|array|set)\s*[<\[]\s*([\w.]+)\s*[>\]]$").expect("static regex")
});
static ARRAY_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:array|list)s? of (?:the )?([\w.\-]+?)(?: objects?| structures?| elements?)?$")
        .expect("static regex")
});
static ARRAY_SPACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:array|list) (\w+)$").expect("static regex"));
static X_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\w.\-]+) (?:object|structure|dict|dictionary)$").expect("static regex")
});
static X_ARRAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\w.\-]+) (?:array|list)$|^([\w.\-]+)\[\]$").expect("static regex")
});

fn scalar(word: &str) -> Option<TypeWord> {
    Some(match word {
        "string" | "str" | "sting" | "strng" | "char" | "text" | "uuid" | "enum" | "character"
        | "varchar" => TypeWord::Scalar("string"),
        "integer" | "int" | "long" | "short" | "int32" | "int64" | "bigint" | "byte" | "uint"
        | "uint32" | "uint64" | "integer32" | "integer64" | "long integer" => {
            TypeWord::Scalar("integer")
        }
        "float" | "double" | "number" | "decimal" | "bigdecimal" | "float32" | "float64"
        | "numeric" => TypeWord::Scalar("number"),
        "boolean" | "bool" => TypeWord::Scalar("boolean"),
        "date" | "datetime" | "date-time" | "time" | "date time" => TypeWord::Lenient("string"),
        "timestamp" => TypeWord::Lenient("integer"),
        _ => return None,
    })
}

fn scalar_name(w: &TypeWord) -> Option<&'static str> {
    match w {
        TypeWord::Scalar(s) | TypeWord::Lenient(s) => Some(s),
        _ => None,
    }
}

static REF_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r":ref:`([^`<]+?)\s*<([^>`]+)>`").expect("static regex"));

/// The part of a Type cell that names the type: its first paragraph, joined with the next when
/// the first ends in `of` (`Array of`, blank line, ``:ref:`x <…>` objects``), and with the
/// words of a linked name joined by `_` (``:ref:`Firewall Group <…>` `` → `Firewall_Group`),
/// so the name is one word as in the other forms.
fn type_phrase(cell: &str) -> String {
    let mut paragraphs = cell.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let mut first = paragraphs.next().unwrap_or("").to_owned();
    let lower = text::squash(&text::plain(&first)).to_lowercase();
    if (lower == "of" || lower.ends_with(" of"))
        && let Some(next) = paragraphs.next()
    {
        first = format!("{first} {next}");
    }
    REF_TEXT
        .replace_all(&first, |c: &regex::Captures| {
            let name = c[1].split_whitespace().collect::<Vec<_>>().join("_");
            format!(":ref:`{name} <{}>`", &c[2])
        })
        .into_owned()
}

/// Reads a Type cell (rst). Only its first paragraph counts (see [`type_phrase`]).
pub fn parse_type_word(cell: &str) -> TypeWord {
    let phrase = type_phrase(cell);
    let cell = phrase.as_str();
    let first = cell;
    let s = text::squash(&text::plain(first)).to_lowercase();
    let s = s.trim_end_matches(['.', ',', ';']).trim().to_owned();
    if s.is_empty() {
        return TypeWord::Empty;
    }
    let s = if s.starts_with("list") || s.starts_with("array") || s.starts_with("map") {
        s
    } else {
        PAREN_SUFFIX.replace(&s, "").into_owned()
    };
    let s = s.trim();
    if let Some(w) = scalar(s) {
        return w;
    }
    // `String(64)`, `Integer(int32)`
    if let Some(head) = s.split(['(', '[', ' ']).next()
        && head.len() < s.len()
        && !s.contains(" of ")
        && let Some(w) = scalar(head)
        && !s.contains("array")
        && !s.contains("list")
        && !s.contains('/')
        && !s.contains(" or ")
    {
        return w;
    }
    match s {
        "object" | "objects" | "dict" | "dictionary" | "reference" | "json object"
        | "jsonobject" | "struct" | "structure" | "map" | "hashmap" | "map<string,object>" => {
            return TypeWord::Object(None);
        }
        "json" | "any" | "jsonnode" | "<t>" | "t" | "generic" => return TypeWord::Json,
        "array_reference" | "array reference" | "array" | "list" | "jsonarray" | "json array"
        | "array of objects" | "array of object" | "list of objects" | "object array"
        | "objects array" | "[]" | "array<object>" | "list<object>" | "list[object]" | "set" => {
            return TypeWord::ArrayObj(None);
        }
        "string/integer" | "integer/string" | "string or integer" | "integer or string"
        | "int/string" | "string/int" | "string|integer" | "string/number" | "number/string" => {
            return TypeWord::Lenient("string");
        }
        _ => {}
    }
    if let Some(c) = MAP_RE.captures(s) {
        let inner = c.get(1).map(|m| m.as_str().trim()).unwrap_or("");
        return match scalar(inner).as_ref().and_then(scalar_name) {
            Some(sc) => TypeWord::Map(sc),
            None => TypeWord::Map("json"),
        };
    }
    if let Some(c) = LIST_GENERIC.captures(s) {
        let inner = c.get(1).map(|m| m.as_str()).unwrap_or("");
        return match scalar(inner).as_ref().and_then(scalar_name) {
            Some(sc) => TypeWord::ArrayOf(sc),
            None if inner == "object" || inner == "json" => TypeWord::ArrayObj(None),
            None => TypeWord::ArrayObj(Some(original_case(cell, inner))),
        };
    }
    if let Some(c) = ARRAY_OF.captures(s) {
        let inner = c.get(1).map(|m| m.as_str()).unwrap_or("");
        let single = singular(inner);
        return match scalar(inner)
            .or_else(|| scalar(&single))
            .as_ref()
            .and_then(scalar_name)
        {
            Some(sc) => TypeWord::ArrayOf(sc),
            None if matches!(inner, "object" | "objects" | "json") => TypeWord::ArrayObj(None),
            None => TypeWord::ArrayObj(Some(original_case(cell, inner))),
        };
    }
    if let Some(c) = X_ARRAY.captures(s) {
        let inner = c.get(1).or(c.get(2)).map(|m| m.as_str()).unwrap_or("");
        return match scalar(inner).as_ref().and_then(scalar_name) {
            Some(sc) => TypeWord::ArrayOf(sc),
            None if inner == "object" || inner == "json" => TypeWord::ArrayObj(None),
            None => TypeWord::ArrayObj(Some(original_case(cell, inner))),
        };
    }
    if let Some(c) = X_OBJECT.captures(s) {
        let inner = c.get(1).map(|m| m.as_str()).unwrap_or("");
        return TypeWord::Object(Some(original_case(cell, inner)));
    }
    if let Some(c) = ARRAY_SPACE.captures(s) {
        let inner = c.get(1).map(|m| m.as_str()).unwrap_or("");
        if let Some(sc) = scalar(inner).as_ref().and_then(scalar_name) {
            return TypeWord::ArrayOf(sc);
        }
    }
    // a bare type name (`AutoScalingPolicy`, `Volume`): an object described by a table of
    // that name
    let orig = text::squash(&text::plain(first));
    let orig = orig.trim_end_matches(['.', ',', ';']);
    if orig.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && orig.chars().all(|c| c.is_ascii_alphanumeric())
        && orig.chars().any(|c| c.is_ascii_lowercase())
    {
        return TypeWord::Object(Some(orig.to_owned()));
    }
    TypeWord::Unknown(orig.to_owned())
}

/// The spelling a word has in the cell (the classification lower-cases).
fn original_case(cell: &str, lower: &str) -> String {
    let p = text::plain(cell);
    p.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '-'))
        .find(|w| w.to_lowercase() == lower)
        .unwrap_or(lower)
        .to_owned()
}

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

static BULLET_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-*]\s+\*\*([^*]+?)\*\*\s*(\([^)]{1,20}\)\s*)?(?:[:：]|\s-\s|\s–\s)\s*(.*)$")
        .expect("static regex")
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-*]\s+").expect("static regex"));
static INTRO_OK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(values?|options?|status|state|types?|modes?|can be|one of|as follows|includes?|including|possible|valid|supported|enumerat\w*|policy|policies|method|flag)\b",
    )
    .expect("static regex")
});
static INTRO_BAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(attributes?|parameters?|fields?|keys?)\b").expect("static regex")
});
static PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?:the|its) value (?:is case[- ]sensitive and )?(?:can|must|may) (?:only )?be(?: set to)?(?: one of)?(?: the following)?|the value is case[- ]sensitive and (?:can|must|may) be|value options(?: are)?|valid values(?: are| include)?|possible values(?: are| include)?|the options are|the value is either|the value range is|options are|enumerated values(?: are)?|available values(?: are| include)?)[:]?\s+((?:\*\*[^*]+\*\*(?:\s*(?:, or|, and|,|or|and|/)\s*)?)+)",
    )
    .expect("static regex")
});
static BOLD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*([^*]+)\*\*").expect("static regex"));

/// A value that stands for many (`compute:xxx`, `network:***`): the list it is in is open, so
/// it is no enum.
fn is_placeholder(v: &str) -> bool {
    let l = v.to_lowercase();
    l.contains("xxx") || l.contains("***") || l.contains("...") || l.contains('{')
}

fn clean_value(v: &str) -> Option<String> {
    let v = text::plain(v.trim());
    let v = v.trim().trim_matches('"').trim_matches('\'').trim();
    let ok = !v.is_empty()
        && !is_placeholder(v)
        && v.len() <= 64
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/' | '+'));
    ok.then(|| v.to_owned())
}

/// Values listed clearly in a Description cell, or `None`:
///
/// - a bullet list whose every item is `**VALUE**: meaning`, introduced by text that speaks of
///   values, options, status, types or modes (not of attributes or parameters);
/// - a sentence `The value can be **A**, **B**, or **C**.` (and its cousins).
///
/// At least two distinct values, each a plain token (no spaces).
pub fn detect_enum(desc: &str) -> Option<Vec<EnumValue>> {
    let lines: Vec<&str> = desc.lines().collect();
    // bullet lists
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        let indent = lines[i].len() - t.len();
        if !BULLET.is_match(t) {
            i += 1;
            continue;
        }
        // the paragraph before the list
        let mut k = i;
        while k > 0 && lines[k - 1].trim().is_empty() {
            k -= 1;
        }
        let mut start = k;
        while start > 0 && !lines[start - 1].trim().is_empty() {
            start -= 1;
        }
        let intro = lines[start..k].join(" ");
        // collect the items of this list (same indent)
        let mut items: Vec<(String, String)> = Vec::new();
        let mut all_match = true;
        let mut j = i;
        while j < lines.len() {
            let l = lines[j];
            let lt = l.trim_start();
            let li = l.len() - lt.len();
            if lt.is_empty() {
                j += 1;
                continue;
            }
            if li == indent && BULLET.is_match(lt) {
                match BULLET_VALUE.captures(lt) {
                    Some(c) => items.push((
                        c.get(1).map(|m| m.as_str()).unwrap_or("").to_owned(),
                        format!(
                            "{} {}",
                            c.get(2).map(|m| m.as_str()).unwrap_or("").trim(),
                            c.get(3).map(|m| m.as_str()).unwrap_or("")
                        )
                        .trim()
                        .to_owned(),
                    )),
                    None => all_match = false,
                }
                j += 1;
            } else if li > indent {
                // continuation of the item
                if let Some(last) = items.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(lt);
                }
                j += 1;
            } else {
                break;
            }
        }
        let intro_ok = (intro.trim().is_empty() && start == 0 && k == i)
            || (INTRO_OK.is_match(&intro) && !INTRO_BAD.is_match(&intro));
        if all_match && items.len() >= 2 && intro_ok {
            let mut out: Vec<EnumValue> = Vec::new();
            let mut ok = true;
            for (v, d) in &items {
                match clean_value(v) {
                    Some(v) => {
                        if !out.iter().any(|e| e.value == v) {
                            let doc = text::squash(&text::plain(d));
                            out.push(EnumValue {
                                value: v,
                                doc: (!doc.is_empty()).then_some(doc),
                                rust_name: None,
                            });
                        }
                    }
                    None => ok = false,
                }
            }
            if ok && out.len() >= 2 && !all_numeric(&out) {
                return Some(out);
            }
        }
        // only the first list of a cell is considered
        return prose_enum(desc);
    }
    prose_enum(desc)
}

fn prose_enum(desc: &str) -> Option<Vec<EnumValue>> {
    // only sentences outside list items and notes speak for the field itself
    let mut kept: Vec<&str> = Vec::new();
    let mut skip_indent: Option<usize> = None;
    for line in desc.lines() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if t.is_empty() {
            continue;
        }
        if let Some(si) = skip_indent {
            if indent > si {
                continue;
            }
            skip_indent = None;
        }
        if BULLET.is_match(t) || t.starts_with("#.") || t.starts_with("..") {
            skip_indent = Some(indent);
            continue;
        }
        kept.push(t);
    }
    let flat = text::squash(&kept.join(" "));
    let c = PROSE.captures(&flat)?;
    let list = c.get(1)?.as_str();
    let mut out: Vec<EnumValue> = Vec::new();
    for b in BOLD.captures_iter(list) {
        let v = clean_value(b.get(1)?.as_str())?;
        if !out.iter().any(|e| e.value == v) {
            out.push(EnumValue {
                value: v,
                doc: None,
                rust_name: None,
            });
        }
    }
    // the list must end the sentence (`..., or **C**.`), not run on into other text
    let after = &flat[c.get(0)?.end()..];
    let after = after.trim_start();
    // `... **create** or **delete** only.`
    let after = after.strip_prefix("only").unwrap_or(after).trim_start();
    let ends = after.is_empty()
        || after.starts_with('.')
        || after.starts_with(';')
        || after.starts_with(',')
        || after.starts_with('(');
    (out.len() >= 2 && ends && !all_numeric(&out)).then_some(out)
}

/// `0`/`1` lists document numbers (or codes) more often than strings: not an enum.
fn all_numeric(values: &[EnumValue]) -> bool {
    values.iter().all(|v| {
        v.value
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    })
}

// ---------------------------------------------------------------------------------------------
// Parameter tables
// ---------------------------------------------------------------------------------------------

/// The columns of a parameter table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamCols {
    pub name: usize,
    pub ty: Option<usize>,
    pub mandatory: Option<usize>,
    pub desc: Option<usize>,
    pub location: Option<usize>,
}

/// Recognises a parameter table (Parameter / Mandatory / Type / Description in any order).
pub fn param_columns(t: &Table) -> Option<ParamCols> {
    let first = t.header.first().map(|h| text::plain(h).to_lowercase())?;
    if first.contains("status") || first.contains("code") || first.contains("returned value") {
        return None;
    }
    let name = t.column(|h| {
        matches!(
            h,
            "parameter"
                | "parameters"
                | "name"
                | "field"
                | "parameter name"
                | "field name"
                | "attribute"
                | "element"
                | "param"
                | "property"
                | "key"
        ) || h.starts_with("parameter")
    })?;
    let ty = t.column(|h| {
        matches!(
            h,
            "type" | "data type" | "parameter type" | "value type" | "field type"
        )
    });
    let mandatory = t.column(|h| {
        h.contains("mandatory") || matches!(h, "required" | "is required" | "optional")
    });
    let desc =
        t.column(|h| h.contains("description") || matches!(h, "remarks" | "desc" | "meaning"));
    let location = t.column(|h| matches!(h, "location" | "in" | "parameter location" | "position"));
    if ty.is_none() && mandatory.is_none() && desc.is_none() {
        return None;
    }
    Some(ParamCols {
        name,
        ty,
        mandatory,
        desc,
        location,
    })
}

/// One row of a parameter table, read.
#[derive(Debug, Clone)]
pub struct ParamRow {
    /// 1-based line on the page.
    pub line: usize,
    /// Wire name.
    pub name: String,
    pub name_cell: String,
    pub ty_cell: String,
    pub required: bool,
    pub desc: String,
    pub location: Option<String>,
}

/// Wire name from a Parameter cell: markup removed, first line, annotations cut.
pub fn wire_name(cell: &str) -> String {
    let p = text::plain(cell);
    let first = p
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let first = first.split(" (").next().unwrap_or(first).trim();
    let first = first.trim_matches(|c| matches!(c, '"' | '\'' | '`'));
    // `scaling\_ configuration \_id`: spaces around escaped underscores are line-wrap debris
    let collapsed = UNDERSCORE_SPACES.replace_all(first, "_");
    let first = collapsed.as_ref();
    first.trim_end_matches(':').trim().to_owned()
}

fn yes(cell: &str) -> bool {
    let s = text::squash(&text::plain(cell)).to_lowercase();
    let s = s.trim_end_matches('.');
    matches!(s, "yes" | "y" | "true" | "mandatory" | "required")
}

/// Reads the rows of a parameter table.
pub fn param_rows(dt: &DocTable, cols: &ParamCols) -> Vec<ParamRow> {
    let cell =
        |r: &Row, c: Option<usize>| c.and_then(|c| r.cells.get(c)).cloned().unwrap_or_default();
    dt.table
        .rows
        .iter()
        .map(|r| {
            let name_cell = cell(r, Some(cols.name));
            ParamRow {
                line: dt.line + r.offset + 1,
                name: wire_name(&name_cell),
                name_cell,
                ty_cell: cell(r, cols.ty),
                required: cols.mandatory.is_some_and(|c| {
                    let v = cell(r, Some(c));
                    if dt
                        .table
                        .header
                        .get(c)
                        .is_some_and(|h| h.to_lowercase().contains("optional"))
                    {
                        !yes(&v)
                    } else {
                        yes(&v)
                    }
                }),
                desc: cell(r, cols.desc),
                location: cols
                    .location
                    .map(|c| text::plain(&cell(r, Some(c))).to_lowercase()),
            }
        })
        .collect()
}

/// Is this the `[Array]` marker row of a table describing a top-level JSON array?
pub fn is_array_marker(name: &str) -> bool {
    let t = name
        .trim_matches(|c| matches!(c, '[' | ']' | '*' | ' '))
        .to_lowercase();
    name.contains('[')
        && matches!(
            t.as_str(),
            "array" | "array element" | "array elements" | "array item" | "array items" | "list"
        )
}

static UNDERSCORE_SPACES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*_\s*").expect("static regex"));
static CAPTION_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:of|for) (?:the )?([\w.\-]+) (?:field|parameter|object|structure|array|list)s?\b",
    )
    .expect("static regex")
});
static CAPTION_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^([\w.\-]+) (?:field|parameter|object|structure|data structure|array|list)s?\b",
    )
    .expect("static regex")
});
static TABLE_N: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*table\s*\d+\s*").expect("static regex"));

const GENERIC_CAPTION_WORDS: &[&str] = &[
    "request",
    "response",
    "uri",
    "url",
    "query",
    "path",
    "header",
    "headers",
    "parameter",
    "parameters",
    "body",
    "description",
    "message",
    "common",
    "error",
    "status",
    "returned",
    "return",
    "values",
    "value",
    "field",
    "fields",
    "data",
    "structure",
    "example",
    "input",
    "output",
    "the",
    "a",
    "an",
    "of",
    "in",
    "and",
    "request body",
    "response body",
    "table",
    "note",
    "new",
    "old",
    "http",
    "method",
];

/// The field names a nested table's caption or intro gives (`**scaling_groups** field
/// description`, `Data structure description of the images field`, `auth.identity`).
pub fn table_field_names(dt: &DocTable) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        let s = text::plain(s)
            .trim()
            .trim_matches(|c: char| !(c.is_alphanumeric() || c == '_'))
            .to_owned();
        if s.is_empty()
            || s.contains(' ')
            || GENERIC_CAPTION_WORDS.contains(&s.to_lowercase().as_str())
            || out.contains(&s)
        {
            return;
        }
        if let Some((_, last)) = s.rsplit_once('.') {
            out.push(s.clone());
            if !last.is_empty() && !out.iter().any(|x| x == last) {
                out.push(last.to_owned());
            }
        } else {
            out.push(s);
        }
    };
    let cap = &dt.caption;
    for b in BOLD.captures_iter(cap) {
        let inner = b.get(1).map(|m| m.as_str()).unwrap_or("");
        if !TABLE_N.is_match(inner) {
            add(inner);
        }
    }
    let plain_cap = text::squash(&text::plain(cap));
    let rest = TABLE_N.replace(&plain_cap, "").trim().to_owned();
    for c in CAPTION_OF.captures_iter(&rest) {
        if let Some(m) = c.get(1) {
            add(m.as_str());
        }
    }
    if let Some(c) = CAPTION_HEAD.captures(&rest)
        && let Some(m) = c.get(1)
    {
        add(m.as_str());
    }
    if !rest.is_empty() && !rest.contains(' ') {
        add(&rest);
    }
    if let Some(intro) = &dt.intro {
        let i = intro.trim().trim_end_matches(':');
        if !i.is_empty() && !i.contains(' ') && i.len() <= 80 {
            add(i);
        }
        if cap.is_empty() {
            for c in CAPTION_OF.captures_iter(i) {
                if let Some(m) = c.get(1) {
                    add(m.as_str());
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The type builder
// ---------------------------------------------------------------------------------------------

/// Table identity: (doc index, table index).
pub type TableId = (usize, usize);

/// Builds named types from tables, reusing a type when a table is reached twice or when an
/// equally named table has the same fields.
pub struct TypeBuilder<'a> {
    pub docs: &'a [Doc],
    pub labels: &'a HashMap<String, (usize, LabelTarget)>,
    pub types: IndexMap<String, TypeDef>,
    memo: HashMap<TableId, String>,
    visiting: HashSet<TableId>,
    /// Tables used as a root or reached as a child.
    pub used: HashSet<TableId>,
    enums: HashMap<(String, Vec<String>), String>,
}

fn same_shape(a: &TypeDef, b: &TypeDef) -> bool {
    let fields_eq = match (&a.fields, &b.fields) {
        (Some(x), Some(y)) => {
            x.len() == y.len()
                && x.iter().zip(y.iter()).all(|((ka, fa), (kb, fb))| {
                    ka == kb && fa.ty == fb.ty && fa.required == fb.required
                })
        }
        (None, None) => true,
        _ => false,
    };
    let variants_eq = match (&a.variants, &b.variants) {
        (Some(x), Some(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| p.value == q.value)
        }
        (None, None) => true,
        _ => false,
    };
    fields_eq && variants_eq && a.alias == b.alias
}

/// The first sentence of a description, for a type's doc.
pub fn first_line(s: &str) -> Option<String> {
    let d = text::doc_text(s);
    let l = d.lines().next().unwrap_or("").trim();
    let sentence = match l.find(". ") {
        Some(i) => &l[..=i],
        None => l,
    };
    let sentence = sentence.trim();
    let sentence = match sentence.strip_suffix(':') {
        Some(s) => format!("{}.", s.trim_end()),
        None => sentence.to_owned(),
    };
    (!sentence.is_empty()).then_some(sentence)
}

fn is_secret(name: &str, ty: &str) -> bool {
    let l = name.to_lowercase();
    ty == "string"
        && (l.contains("password")
            || l.contains("passwd")
            || l.contains("secret")
            || l == "adminpass"
            || l == "sk"
            || l.contains("private_key")
            || l.ends_with("token"))
}

impl<'a> TypeBuilder<'a> {
    pub fn new(docs: &'a [Doc], labels: &'a HashMap<String, (usize, LabelTarget)>) -> Self {
        TypeBuilder {
            docs,
            labels,
            types: IndexMap::new(),
            memo: HashMap::new(),
            visiting: HashSet::new(),
            used: HashSet::new(),
            enums: HashMap::new(),
        }
    }

    fn table(&self, id: TableId) -> Option<&'a DocTable> {
        self.docs.get(id.0).and_then(|d| d.tables.get(id.1))
    }

    /// Inserts `def` under `base` or a variant of it; an equal type already there is reused.
    /// Returns the name used.
    pub fn insert_named(&mut self, candidates: &[String], def: TypeDef) -> String {
        let base = candidates
            .last()
            .cloned()
            .unwrap_or_else(|| "Unnamed".to_owned());
        let numbered = (2..).map(|n| format!("{base}{n}"));
        for c in candidates.iter().cloned().chain(numbered) {
            match self.taken(&c) {
                // the same name with the same shape: share it
                Some(existing) if existing == c => {
                    if self.types.get(&c).is_some_and(|e| same_shape(e, &def)) {
                        return c;
                    }
                }
                // the name, or one differing only in case, is another type's
                Some(_) => {}
                None => {
                    self.types.insert(c.clone(), def);
                    return c;
                }
            }
        }
        // unreachable: the numbered names never run out
        base
    }

    /// The existing type name equal to `name` ignoring ASCII case: type names must differ in
    /// more than case.
    fn taken(&self, name: &str) -> Option<String> {
        if self.types.contains_key(name) {
            return Some(name.to_owned());
        }
        self.types
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))
            .cloned()
    }

    /// Inserts a root type under exactly `name` (or `name2`, ...), never sharing.
    pub fn insert_root(&mut self, name: &str, def: TypeDef) -> String {
        let mut candidate = name.to_owned();
        let mut n = 2;
        while self.taken(&candidate).is_some() {
            candidate = format!("{name}{n}");
            n += 1;
        }
        self.types.insert(candidate.clone(), def);
        candidate
    }

    /// Resolves a label to its table. A label on a heading (a page or section) resolves to the
    /// table of that section whose caption names `field`, if any. `None`: the label is not
    /// defined; `Some(None)`: it is defined but names no usable table.
    pub fn resolve_label(&self, label: &str, field: Option<&str>) -> Option<Option<TableId>> {
        let (d, target) = self.labels.get(label)?;
        Some(match target {
            LabelTarget::Table(t) => Some((*d, *t)),
            LabelTarget::Heading(h) => {
                let field = field.map(str::to_lowercase);
                let doc = &self.docs[*d];
                let (from, to) = doc.section_range(*h);
                doc.tables
                    .iter()
                    .position(|t| {
                        t.line >= from
                            && t.line < to
                            && param_columns(&t.table).is_some()
                            && field.as_ref().is_some_and(|f| {
                                table_field_names(t).iter().any(|n| n.to_lowercase() == *f)
                            })
                    })
                    .map(|t| (*d, t))
            }
            LabelTarget::Other => None,
        })
    }

    /// The table a label sits on, if it sits on a table.
    pub fn table_label(&self, label: &str) -> Option<TableId> {
        match self.labels.get(label)? {
            (d, LabelTarget::Table(t)) => Some((*d, *t)),
            _ => None,
        }
    }

    /// Finds the nested table that explains an object or array field.
    fn find_child(&mut self, id: TableId, row: &ParamRow, hint: Option<&str>) -> Option<TableId> {
        let doc = &self.docs[id.0];
        let strong: Vec<RefLink> = text::refs(&row.ty_cell)
            .into_iter()
            .chain(text::refs(&row.name_cell))
            .collect();
        let mut elsewhere = None;
        for r in &strong {
            match self.resolve_label(&r.label, Some(&row.name)) {
                Some(Some(t)) if t != id && t.0 == id.0 => return Some(t),
                Some(Some(t)) if t != id && elsewhere.is_none() => elsewhere = Some(t),
                _ => {}
            }
        }
        for r in text::refs(&row.desc) {
            if let Some(t) = self.table_label(&r.label)
                && t != id
                && t.0 == id.0
                && self
                    .table(t)
                    .is_some_and(|dt| param_columns(&dt.table).is_some())
            {
                return Some(t);
            }
        }
        // by caption: same section first, following tables first
        let mut wanted: Vec<String> = vec![row.name.clone()];
        if let Some(h) = hint {
            wanted.push(h.to_owned());
        }
        let wanted: Vec<String> = wanted.iter().map(|s| s.to_lowercase()).collect();
        let parent_heading = doc.tables.get(id.1).and_then(|t| t.heading);
        let section_of = |h: Option<usize>| -> Option<usize> {
            let h = h?;
            let level = doc.headings.get(h)?.level;
            if level <= 2 {
                return Some(h);
            }
            doc.headings[..h].iter().rposition(|x| x.level <= 2)
        };
        let psec = section_of(parent_heading);
        let mut best: Option<(u8, usize, usize)> = None;
        for (ti, dt) in doc.tables.iter().enumerate() {
            if ti == id.1 || param_columns(&dt.table).is_none() {
                continue;
            }
            let names: Vec<String> = table_field_names(dt)
                .iter()
                .map(|s| s.to_lowercase())
                .collect();
            if !names.iter().any(|n| wanted.contains(n)) {
                continue;
            }
            let same = section_of(dt.heading) == psec;
            let rank = match (same, ti > id.1) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            let key = (rank, ti.abs_diff(id.1), ti);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        // A link to another page's table: this page's own copy, if it has one, documents
        // what this operation sends.
        if let Some((rank, _, ti)) = best
            && (elsewhere.is_none() || rank <= 1)
        {
            return Some((id.0, ti));
        }
        if elsewhere.is_some() {
            return elsewhere;
        }
        for r in text::refs(&row.desc) {
            if let Some(t) = self.table_label(&r.label)
                && t != id
                && t.0 != id.0
                && self
                    .table(t)
                    .is_some_and(|dt| param_columns(&dt.table).is_some())
            {
                return Some(t);
            }
        }
        if let Some((_, _, ti)) = best {
            return Some((id.0, ti));
        }
        None
    }

    /// Builds (or reuses) the named type of a nested table.
    pub fn child_type(
        &mut self,
        id: TableId,
        base: &str,
        parent: &str,
        doc: Option<String>,
        w: &mut Warnings,
    ) -> String {
        if let Some(n) = self.memo.get(&id) {
            return n.clone();
        }
        if self.visiting.contains(&id) {
            let d = &self.docs[id.0];
            let line = d.tables.get(id.1).map(|t| t.line + 1).unwrap_or(0);
            w.push(
                &d.path,
                line,
                Category::Cycle,
                format!("table reached from itself while building `{parent}`; typed json there"),
            );
            return "json".to_owned();
        }
        let Some(dt) = self.table(id) else {
            return "json".to_owned();
        };
        let Some(cols) = param_columns(&dt.table) else {
            return "json".to_owned();
        };
        self.visiting.insert(id);
        self.used.insert(id);
        let base = if names::is_reserved_type(base) {
            prefixed(parent, base)
        } else {
            base.to_owned()
        };
        let rows = param_rows(dt, &cols);
        // a nested `[Array]` table: the field is an array of the marker's child
        let result = if rows.len() == 1 && is_array_marker(&rows[0].name) {
            let (ty, _) = self.field_type(id, &rows[0], &base, &base, w);
            format!("array<{}>", ty)
        } else {
            let fields = self.fields(id, &rows, &base, w);
            let def = TypeDef {
                doc,
                fields: Some(fields),
                variants: None,
                alias: None,
                additional_properties: None,
                correction: None,
            };
            self.insert_named(&[base.clone(), prefixed(parent, &base)], def)
        };
        self.visiting.remove(&id);
        self.memo.insert(id, result.clone());
        result
    }

    /// The fields of a table's rows.
    pub fn fields(
        &mut self,
        id: TableId,
        rows: &[ParamRow],
        owner: &str,
        w: &mut Warnings,
    ) -> IndexMap<String, Field> {
        let path = self.docs[id.0].path.clone();
        let mut out: IndexMap<String, Field> = IndexMap::new();
        for row in rows {
            if row.name.is_empty() {
                w.push(
                    &path,
                    row.line,
                    Category::Param,
                    "row without a parameter name skipped",
                );
                continue;
            }
            if out.contains_key(&row.name) {
                w.push(
                    &path,
                    row.line,
                    Category::Table,
                    format!("field `{}` listed twice in one table; first kept", row.name),
                );
                continue;
            }
            let (ty, lenient) = self.field_type(id, row, &row.name, owner, w);
            let doc = text::doc_text(&row.desc);
            out.insert(
                row.name.clone(),
                Field {
                    // an untyped field ends up a string unless an example says otherwise
                    secret: is_secret(&row.name, if ty == UNTYPED { "string" } else { &ty }),
                    ty,
                    required: row.required,
                    nullable: false,
                    lenient,
                    doc: (!doc.is_empty()).then_some(doc),
                    rust_name: None,
                    correction: None,
                },
            );
        }
        out
    }

    /// The type expression of one row; `lenient` when the documented type is loose.
    pub fn field_type(
        &mut self,
        id: TableId,
        row: &ParamRow,
        field: &str,
        owner: &str,
        w: &mut Warnings,
    ) -> (String, bool) {
        let doc = &self.docs[id.0];
        let path = doc.path.clone();
        let word = parse_type_word(&row.ty_cell);
        let child_doc = first_line(&row.desc);
        match word {
            TypeWord::Scalar("string") => {
                if let Some(values) = detect_enum(&row.desc) {
                    return (self.enum_type(field, owner, values, child_doc), false);
                }
                ("string".to_owned(), false)
            }
            TypeWord::Scalar(s) => (s.to_owned(), false),
            TypeWord::Lenient(s) => (s.to_owned(), true),
            TypeWord::ArrayOf(s) => (format!("array<{s}>"), false),
            TypeWord::Map(s) => (format!("map<{s}>"), false),
            TypeWord::Json => ("json".to_owned(), false),
            TypeWord::Empty => {
                // no Type column: a nested table still makes it an object
                if let Some(child) = self.find_child_strong(id, row) {
                    let base = pascal(field);
                    return (self.child_type(child, &base, owner, child_doc, w), false);
                }
                // the page's example bodies may show the type; `string` if none does
                (UNTYPED.to_owned(), false)
            }
            TypeWord::Object(hint) => match self.find_child(id, row, hint.as_deref()) {
                Some(child) => {
                    let base = hint
                        .as_deref()
                        .filter(|h| h.chars().next().is_some_and(|c| c.is_uppercase()))
                        .map(pascal)
                        .unwrap_or_else(|| pascal(field));
                    (self.child_type(child, &base, owner, child_doc, w), false)
                }
                None => {
                    w.push(
                        &path,
                        row.line,
                        Category::MissingTable,
                        format!("object field `{field}` has no table describing it; typed json"),
                    );
                    ("json".to_owned(), false)
                }
            },
            TypeWord::ArrayObj(hint) => match self.find_child(id, row, hint.as_deref()) {
                Some(child) => {
                    let base = hint
                        .as_deref()
                        .filter(|h| h.chars().next().is_some_and(|c| c.is_uppercase()))
                        .map(|h| pascal(&singular(h)))
                        .unwrap_or_else(|| pascal(&singular(field)));
                    let t = self.child_type(child, &base, owner, child_doc, w);
                    if t.starts_with("array<") {
                        (t, false)
                    } else {
                        (format!("array<{t}>"), false)
                    }
                }
                None => {
                    w.push(
                        &path,
                        row.line,
                        Category::MissingTable,
                        format!(
                            "array field `{field}` has no table describing its items; typed array<json>"
                        ),
                    );
                    ("array<json>".to_owned(), false)
                }
            },
            TypeWord::Unknown(word) => {
                // a type cell naming a table (`master_eip` → `**master_eip** field description`)
                let ident = !word.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-');
                let found = match self.find_child_strong(id, row) {
                    Some(c) => Some(c),
                    None if ident => self.find_child(id, row, Some(&word)),
                    None => None,
                };
                if let Some(child) = found {
                    let base = pascal(field);
                    return (self.child_type(child, &base, owner, child_doc, w), false);
                }
                w.push(
                    &path,
                    row.line,
                    Category::UnknownType,
                    format!("field `{field}`: unknown type `{word}`; typed json"),
                );
                ("json".to_owned(), false)
            }
        }
    }

    /// A child found through a `:ref:` in the Type or Parameter cell only.
    fn find_child_strong(&self, id: TableId, row: &ParamRow) -> Option<TableId> {
        text::refs(&row.ty_cell)
            .into_iter()
            .chain(text::refs(&row.name_cell))
            .find_map(|r| match self.resolve_label(&r.label, Some(&row.name)) {
                Some(Some(t)) if t != id => Some(t),
                _ => None,
            })
    }

    /// Names (or reuses) a string enum for a field.
    pub fn enum_type(
        &mut self,
        field: &str,
        owner: &str,
        values: Vec<EnumValue>,
        doc: Option<String>,
    ) -> String {
        let mut base = pascal(field);
        let single_word = base.chars().filter(|c| c.is_uppercase()).count() <= 1;
        if single_word || names::is_reserved_type(&base) {
            base = prefixed(owner, &base);
        }
        let key_values: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
        if let Some(n) = self.enums.get(&(field.to_owned(), key_values.clone())) {
            return n.clone();
        }
        let def = TypeDef {
            doc,
            fields: None,
            variants: Some(values),
            alias: None,
            additional_properties: None,
            correction: None,
        };
        let name = self.insert_named(&[base.clone(), prefixed(owner, &base)], def);
        self.enums
            .insert((field.to_owned(), key_values), name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_words() {
        assert_eq!(parse_type_word("String"), TypeWord::Scalar("string"));
        assert_eq!(parse_type_word("LONG"), TypeWord::Scalar("integer"));
        assert_eq!(parse_type_word("Sting"), TypeWord::Scalar("string"));
        assert_eq!(parse_type_word("Float"), TypeWord::Scalar("number"));
        assert_eq!(
            parse_type_word("Array of strings"),
            TypeWord::ArrayOf("string")
        );
        assert_eq!(parse_type_word("List<String>"), TypeWord::ArrayOf("string"));
        assert_eq!(
            parse_type_word("Array of objects"),
            TypeWord::ArrayObj(None)
        );
        assert_eq!(parse_type_word("Array"), TypeWord::ArrayObj(None));
        assert_eq!(
            parse_type_word("Array of :ref:`scaling_groups <x>` objects"),
            TypeWord::ArrayObj(Some("scaling_groups".into()))
        );
        assert_eq!(
            parse_type_word(":ref:`ipv6_bandwidth <x>` object"),
            TypeWord::Object(Some("ipv6_bandwidth".into()))
        );
        assert_eq!(
            parse_type_word("List<NodeGroup>"),
            TypeWord::ArrayObj(Some("NodeGroup".into()))
        );
        assert_eq!(
            parse_type_word("Map<String,String>"),
            TypeWord::Map("string")
        );
        assert_eq!(
            parse_type_word("String/Integer"),
            TypeWord::Lenient("string")
        );
        assert_eq!(parse_type_word("Date"), TypeWord::Lenient("string"));
        assert_eq!(parse_type_word("REFERENCE"), TypeWord::Object(None));
        assert_eq!(parse_type_word("object"), TypeWord::Object(None));
        assert_eq!(parse_type_word("String(64)"), TypeWord::Scalar("string"));
        assert_eq!(parse_type_word(""), TypeWord::Empty);
        assert_eq!(
            parse_type_word("AutoScalingPolicy"),
            TypeWord::Object(Some("AutoScalingPolicy".into()))
        );
        assert_eq!(parse_type_word("ARRAY_REFERENCE"), TypeWord::ArrayObj(None));
        assert_eq!(parse_type_word("Array String"), TypeWord::ArrayOf("string"));
        assert_eq!(parse_type_word("file"), TypeWord::Unknown("file".into()));
        assert_eq!(
            parse_type_word("frob nicator"),
            TypeWord::Unknown("frob nicator".into())
        );
        assert_eq!(
            parse_type_word("Array of tags"),
            TypeWord::ArrayObj(Some("tags".into()))
        );
        assert_eq!(
            parse_type_word("Array of integers"),
            TypeWord::ArrayOf("integer")
        );
        assert_eq!(
            parse_type_word("Array of :ref:`Firewall Group <x>` objects"),
            TypeWord::ArrayObj(Some("Firewall_Group".into()))
        );
        assert_eq!(
            parse_type_word("Array of\n\n:ref:`ikepolicy <x>` objects"),
            TypeWord::ArrayObj(Some("ikepolicy".into()))
        );
        assert_eq!(
            parse_type_word(":ref:`Security Group Rule <x>` object"),
            TypeWord::Object(Some("Security_Group_Rule".into()))
        );
    }

    #[test]
    fn enums_bullets() {
        let e = detect_enum(
            "Specifies the AS group status. The options are as follows:\n\n-  **INSERVICE**: functional.\n-  **PAUSED**: paused.\n-  **ERROR**: error.",
        )
        .expect("enum");
        let v: Vec<_> = e.iter().map(|x| x.value.as_str()).collect();
        assert_eq!(v, vec!["INSERVICE", "PAUSED", "ERROR"]);
        assert_eq!(e[0].doc.as_deref(), Some("functional."));
        // items that are not `**VALUE**:` make it unclear
        assert!(
            detect_enum(
                "The following types are supported:\n\n-  Public image: The value is **gold**.\n-  Private image: The value is **private**."
            )
            .is_none()
        );
        // a list of attributes is not a list of values
        assert!(
            detect_enum(
                "You can update the following attributes:\n\n-  **name**: n\n-  **min_ram**: m"
            )
            .is_none()
        );
    }

    #[test]
    fn placeholders_are_no_enum_values() {
        let desc = "The device owner. Possible values:\n\n-  **network:dhcp**: DHCP.\n-  **compute:xxx**: a server; xxx is its AZ.\n";
        assert_eq!(detect_enum(desc), None);
        let prose = "The value can be **network:router_interface** or **compute:xxx**.";
        assert_eq!(detect_enum(prose), None);
        let closed = "The value can be **network:dhcp** or **network:router_interface**.";
        assert_eq!(detect_enum(closed).map(|v| v.len()), Some(2));
    }

    #[test]
    fn enums_prose() {
        let e = detect_enum(
            "Specifies the image format. The value can be **zvhd2**, **vhd**, **zvhd**, **raw**, or **qcow2**. The default value is **zvhd2**.",
        )
        .expect("enum");
        assert_eq!(e.len(), 5);
        assert!(detect_enum("The value can be **true**.").is_none());
        assert!(
            detect_enum("The default value is **20**. The value ranges from 0 to 100.").is_none()
        );
        assert!(detect_enum("The value can be **Red Hat** or **SUSE**.").is_none());
        // forms of the `action` fields of the tag and group APIs
        let values = |d: &str| -> Vec<String> {
            detect_enum(d)
                .expect("enum")
                .into_iter()
                .map(|v| v.value)
                .collect()
        };
        assert_eq!(
            values(
                "Operation to be performed. The value can be set to **create** or **delete** only."
            ),
            ["create", "delete"]
        );
        assert_eq!(
            values(
                "Specifies the tag operation to be performed. The value is case sensitive and can be **create** or **delete**. **create** indicates that tags will be added."
            ),
            ["create", "delete"]
        );
        assert_eq!(
            values(
                "Identifies the operation. This parameter is case sensitive and its value can be **filter** or **count**.\n\n-  The value **filter** indicates pagination query."
            ),
            ["filter", "count"]
        );
        assert_eq!(
            values(
                "Specifies a flag for enabling or disabling an AS group.\n\n-  **resume**: enables the AS group.\n-  **pause**: disables the AS group."
            ),
            ["resume", "pause"]
        );
    }
}
