//! Reading YAML: the value tree of a spec together with the position of every key and value.
//!
//! One event-level pass (yaml-rust2) builds both the [`serde_yaml::Value`] that the loader
//! deserializes and the [`SourceMap`] that every later stage uses to point at a key or value.
//! Reading the events ourselves (instead of `serde_yaml::from_str`) is what lets the loader
//! report problems that a YAML library would either reject without a useful position or accept
//! silently:
//!
//! - a key given twice in one mapping is reported at the second occurrence (serde_yaml stops at
//!   the first duplicate and points at the start of the enclosing mapping; JSON-style parsers
//!   keep the last value without a word); the first occurrence is kept;
//! - keys are always text, exactly as written: `0171:` and `12000002:` are the keys `"0171"`
//!   and `"12000002"`, not numbers, so error codes keep their leading zeros;
//! - a key that is a mapping or a list, a YAML tag, more than one document, nesting deeper
//!   than [`MAX_DEPTH`] and aliases that expand to more than [`MAX_ALIAS_NODES`] nodes are
//!   problems with a position instead of crashes or silent surprises.
//!
//! Scalar values are resolved exactly as serde_yaml 0.9 resolves them (YAML 1.2 core schema:
//! `~`/`null`, `true`/`false`, decimal, `0x`, `0o`, `0b` integers, floats, and a leading zero
//! makes a string), so a spec means the same to this reader as to any serde_yaml consumer.

use std::collections::HashMap;

use serde_yaml::{Mapping, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// One step of a path into the YAML tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

impl From<&str> for Seg {
    fn from(key: &str) -> Self {
        Seg::Key(key.to_owned())
    }
}

impl From<String> for Seg {
    fn from(key: String) -> Self {
        Seg::Key(key)
    }
}

impl From<usize> for Seg {
    fn from(index: usize) -> Self {
        Seg::Index(index)
    }
}

/// A path from the document root, e.g. `operations / list_groups / params / limit`.
pub type Path = Vec<Seg>;

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

/// Where a key or value starts and how many characters of its line it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Start.
    pub pos: Pos,
    /// Length in characters on the start line (at least 1).
    pub len: usize,
}

/// Where the key and the value of one node are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    key: Option<Span>,
    value: Span,
}

/// Key and value positions of every node of one YAML document.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    entries: HashMap<Path, Entry>,
}

/// Nesting deeper than this is refused: no spec needs it, and deeper trees cost stack.
pub const MAX_DEPTH: usize = 64;

/// Aliases (`*name`) may copy at most this many nodes in total (a "billion laughs" guard).
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A YAML text that cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the reader stopped.
    pub pos: Pos,
    /// What it found, without position.
    pub message: String,
    /// What was expected or what to do.
    pub help: String,
}

/// Something wrong in a YAML text that could still be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub span: Span,
    /// What.
    pub message: String,
    /// What to do.
    pub help: String,
}

/// A read YAML document.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The value tree; duplicate keys keep their first value.
    pub value: Value,
    /// Where each key and value is.
    pub map: SourceMap,
    /// Problems found while reading, in file order.
    pub problems: Vec<Problem>,
}

impl SourceMap {
    /// Builds the map only. A document the reader rejects gives an empty map.
    pub fn build(text: &str) -> SourceMap {
        parse(text).map(|p| p.map).unwrap_or_default()
    }

    /// Position of the key of the node at `path` (the value's, for sequence items and the
    /// root), or of its nearest ancestor that has one.
    pub fn key(&self, path: &[Seg]) -> Pos {
        self.key_span(path).pos
    }

    /// Position of the value of the node at `path`, or of its nearest known ancestor.
    pub fn value(&self, path: &[Seg]) -> Pos {
        self.value_span(path).pos
    }

    /// Span of the key at `path` (see [`SourceMap::key`]).
    pub fn key_span(&self, path: &[Seg]) -> Span {
        self.lookup(path, true)
    }

    /// Span of the value at `path` (see [`SourceMap::value`]). A mapping or list covers one
    /// character.
    pub fn value_span(&self, path: &[Seg]) -> Span {
        self.lookup(path, false)
    }

    /// True when `path` itself (not an ancestor) is in the map.
    pub fn contains(&self, path: &[Seg]) -> bool {
        self.entries.contains_key(path)
    }

    /// Where the document's root value starts (1:1 when unknown).
    pub fn root(&self) -> Span {
        match self.entries.get(&[][..]) {
            Some(root) => root.value,
            None => Span {
                pos: Pos { line: 1, col: 1 },
                len: 1,
            },
        }
    }

    fn lookup(&self, path: &[Seg], want_key: bool) -> Span {
        let mut len = path.len();
        while len > 0 {
            if let Some(entry) = self.entries.get(&path[..len]) {
                return match (want_key, entry.key) {
                    (true, Some(key)) => key,
                    _ => entry.value,
                };
            }
            len -= 1;
        }
        Span {
            pos: Pos { line: 1, col: 1 },
            len: 1,
        }
    }
}

/// Reads one YAML document.
///
/// # Errors
///
/// A [`SyntaxError`] when the text is not YAML, or is nested deeper than [`MAX_DEPTH`].
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    let mut reader = Reader::default();
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token().map_err(|e| SyntaxError {
            pos: pos(*e.marker()),
            message: e.info().to_owned(),
            help: syntax_help(e.info()),
        })?;
        if reader.on_event(event, mark)? {
            break;
        }
    }
    let value = reader.root.take().unwrap_or(Value::Null);
    Ok(Parsed {
        value,
        map: SourceMap {
            entries: reader.entries,
        },
        problems: reader.problems,
    })
}

fn syntax_help(info: &str) -> String {
    if info.contains("tab") {
        "indent with spaces; YAML does not allow tabs for indentation".to_owned()
    } else if info.contains("mapping values are not allowed") {
        "a value that contains `: ` must be quoted, e.g. `doc: \"a: b\"`".to_owned()
    } else if info.contains("unknown anchor") || info.contains("anchor") {
        "an alias `*name` needs an anchor `&name` earlier in the file".to_owned()
    } else {
        "check quoting and indentation near this place; a spec is a YAML mapping with the keys \
         `service`, `operations`, `types` and `errors`"
            .to_owned()
    }
}

fn pos(mark: Marker) -> Pos {
    Pos {
        line: mark.line().max(1),
        col: mark.col() + 1,
    }
}

/// A key read but whose value has not started yet.
struct PendingKey {
    /// The key text, or `None` when the key is not usable (a mapping, list, or a duplicate):
    /// its value is read and dropped.
    key: Option<String>,
    span: Span,
}

enum Container {
    Map {
        map: Mapping,
        pending: Option<PendingKey>,
        /// First position of every key, to report duplicates.
        seen: HashMap<String, Span>,
    },
    Seq(Vec<Value>),
}

struct Frame {
    container: Container,
    /// Anchor id of this node (0 for none).
    anchor: usize,
    /// The node is a key of the enclosing mapping, not a value.
    is_key: bool,
    /// Where it starts.
    span: Span,
    /// Deepest nesting below this node, counted in nodes.
    depth: usize,
    /// Nodes in this subtree so far, itself included.
    nodes: usize,
}

/// A stored anchor: its value, how many nodes it has and how deep it is.
struct Anchored {
    value: Value,
    nodes: usize,
    depth: usize,
}

#[derive(Default)]
struct Reader {
    entries: HashMap<Path, Entry>,
    problems: Vec<Problem>,
    stack: Vec<Frame>,
    path: Path,
    anchors: HashMap<usize, Anchored>,
    alias_nodes: usize,
    alias_nodes_reported: bool,
    root: Option<Value>,
    documents: usize,
}

/// A finished node, ready to be attached to its parent.
struct Node {
    value: Value,
    anchor: usize,
    span: Span,
    /// Scalar text when the node is a scalar (keys use it verbatim).
    text: Option<String>,
    nodes: usize,
    depth: usize,
}

impl Node {
    /// A `null` that stands in for a value that was refused (an alias nested or copied too
    /// much); the problem is reported on its own.
    fn null(span: Span) -> Self {
        Self {
            value: Value::Null,
            anchor: 0,
            span,
            text: None,
            nodes: 1,
            depth: 1,
        }
    }
}

impl Reader {
    /// Handles one event; true when the stream has ended.
    fn on_event(&mut self, event: Event, mark: Marker) -> Result<bool, SyntaxError> {
        let at = pos(mark);
        match event {
            Event::StreamEnd => return Ok(true),
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents == 2 {
                    self.problems.push(Problem {
                        span: Span { pos: at, len: 3 },
                        message: "a second YAML document in the spec".to_owned(),
                        help: "a spec is one document: remove this `---` and what follows, or put it in its own file".to_owned(),
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let len = scalar_len(&text, style);
                let mut span = Span { pos: at, len };
                // An empty value (`method:` and nothing) is marked where the next token is,
                // often the next line; it really is right after its key's colon.
                if text.is_empty()
                    && style == TScalarStyle::Plain
                    && let Some(Frame {
                        container:
                            Container::Map {
                                pending: Some(key), ..
                            },
                        ..
                    }) = self.stack.last()
                {
                    span = Span {
                        pos: Pos {
                            line: key.span.pos.line,
                            col: key.span.pos.col + key.span.len + 1,
                        },
                        len: 1,
                    };
                }
                if self.documents > 1 {
                    return Ok(false);
                }
                let value = self.resolve_scalar(&text, style, tag.as_ref(), span);
                let is_key = self.begin_node(span)?;
                self.finish_node(Node {
                    value,
                    anchor,
                    span,
                    text: Some(text),
                    nodes: 1,
                    depth: 1,
                });
                if !is_key {
                    self.end_value();
                }
            }
            Event::Alias(id) => {
                if self.documents > 1 {
                    return Ok(false);
                }
                let span = Span { pos: at, len: 1 };
                let is_key = self.begin_node(span)?;
                let node = self.alias(id, span);
                self.finish_node(node);
                if !is_key {
                    self.end_value();
                }
            }
            Event::MappingStart(anchor, tag) | Event::SequenceStart(anchor, tag)
                if self.documents > 1 =>
            {
                let _ = (anchor, tag);
                // Skip later documents, but keep nesting balanced.
                self.stack.push(Frame {
                    container: Container::Seq(Vec::new()),
                    anchor: 0,
                    is_key: false,
                    span: Span { pos: at, len: 1 },
                    depth: 1,
                    nodes: 1,
                });
            }
            Event::MappingStart(anchor, tag) => {
                let span = Span { pos: at, len: 1 };
                self.check_collection_tag(tag.as_ref(), "map", span);
                let is_key = self.begin_node(span)?;
                self.stack.push(Frame {
                    container: Container::Map {
                        map: Mapping::new(),
                        pending: None,
                        seen: HashMap::new(),
                    },
                    anchor,
                    is_key,
                    span,
                    depth: 1,
                    nodes: 1,
                });
            }
            Event::SequenceStart(anchor, tag) => {
                let span = Span { pos: at, len: 1 };
                self.check_collection_tag(tag.as_ref(), "seq", span);
                let is_key = self.begin_node(span)?;
                self.stack.push(Frame {
                    container: Container::Seq(Vec::new()),
                    anchor,
                    is_key,
                    span,
                    depth: 1,
                    nodes: 1,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(false);
                };
                if self.documents > 1 {
                    return Ok(false);
                }
                let value = match frame.container {
                    Container::Map { map, .. } => Value::Mapping(map),
                    Container::Seq(seq) => Value::Sequence(seq),
                };
                if !frame.is_key {
                    self.end_value();
                }
                self.finish_node(Node {
                    value,
                    anchor: frame.anchor,
                    span: frame.span,
                    text: None,
                    nodes: frame.nodes,
                    depth: frame.depth,
                });
            }
        }
        Ok(false)
    }

    /// A node starts at `span`: as a key (true) or as a value, whose path and position are
    /// recorded. Refuses nesting deeper than [`MAX_DEPTH`].
    fn begin_node(&mut self, span: Span) -> Result<bool, SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                pos: span.pos,
                message: format!("nested more than {MAX_DEPTH} levels deep"),
                help:
                    "a spec needs only a few levels of nesting; check the indentation and brackets"
                        .to_owned(),
            });
        }
        let key = match self.stack.last_mut() {
            Some(Frame {
                container: Container::Map { pending, .. },
                ..
            }) => match pending {
                None => return Ok(true),
                Some(p) => {
                    // A dropped key's value gets a segment no real key has.
                    let seg = Seg::Key(p.key.clone().unwrap_or_else(|| "\0".to_owned()));
                    let span = p.span;
                    self.path.push(seg);
                    Some(span)
                }
            },
            Some(Frame {
                container: Container::Seq(items),
                ..
            }) => {
                self.path.push(Seg::Index(items.len()));
                None
            }
            None => None,
        };
        let dropped = matches!(
            self.stack.last(),
            Some(Frame {
                container: Container::Map {
                    pending: Some(PendingKey { key: None, .. }),
                    ..
                },
                ..
            })
        );
        if !dropped {
            self.entries
                .entry(self.path.clone())
                .or_insert(Entry { key, value: span });
        }
        Ok(false)
    }

    /// A value ended: drop its path segment.
    fn end_value(&mut self) {
        if !self.stack.is_empty() {
            self.path.pop();
        }
    }

    /// Attaches a finished node to its parent (or makes it the root).
    fn finish_node(&mut self, node: Node) {
        if node.anchor > 0 {
            self.anchors.insert(
                node.anchor,
                Anchored {
                    value: node.value.clone(),
                    nodes: node.nodes,
                    depth: node.depth,
                },
            );
        }
        let Some(parent) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node.value);
            }
            return;
        };
        parent.depth = parent.depth.max(node.depth + 1);
        parent.nodes = parent.nodes.saturating_add(node.nodes);
        match &mut parent.container {
            Container::Seq(items) => items.push(node.value),
            Container::Map { map, pending, seen } => match pending.take() {
                None => {
                    // The node is a key. yaml-rust2 marks a block mapping's start after its
                    // first key; the mapping really starts at that key.
                    if map.is_empty()
                        && seen.is_empty()
                        && let Some(entry) = self.entries.get_mut(&self.path)
                        && node.span.pos < entry.value.pos
                    {
                        entry.value = Span {
                            pos: node.span.pos,
                            len: 1,
                        };
                    }
                    let key = match (&node.text, &node.value) {
                        (Some(text), _) => Some(text.clone()),
                        (None, Value::String(s)) => Some(s.clone()),
                        _ => None,
                    };
                    let key = match key {
                        Some(k) => match seen.get(&k) {
                            Some(first) => {
                                let first = first.pos;
                                self.problems.push(Problem {
                                    span: node.span,
                                    message: format!("duplicate key `{k}`"),
                                    help: format!(
                                        "`{k}` is already defined on line {} (column {}); the first definition is used: merge the two or rename one",
                                        first.line, first.col
                                    ),
                                });
                                None
                            }
                            None => {
                                seen.insert(k.clone(), node.span);
                                Some(k)
                            }
                        },
                        None => {
                            self.problems.push(Problem {
                                span: node.span,
                                message: "a key that is not text".to_owned(),
                                help: "keys are names: write `name: value`, not a list or mapping as the key".to_owned(),
                            });
                            None
                        }
                    };
                    *pending = Some(PendingKey {
                        key,
                        span: node.span,
                    });
                }
                Some(PendingKey { key, .. }) => {
                    if let Some(key) = key {
                        map.insert(Value::String(key), node.value);
                    }
                }
            },
        }
    }

    fn alias(&mut self, id: usize, span: Span) -> Node {
        let depth_here = self.stack.len();
        let (value, nodes, depth) = match self.anchors.get(&id) {
            Some(a) => (a.value.clone(), a.nodes, a.depth),
            None => (Value::Null, 1, 1),
        };
        if depth_here + depth > MAX_DEPTH {
            self.problems.push(Problem {
                span,
                message: format!("this alias nests the document more than {MAX_DEPTH} levels deep"),
                help: "write the value out instead of nesting aliases".to_owned(),
            });
            return Node::null(span);
        }
        self.alias_nodes = self.alias_nodes.saturating_add(nodes);
        if self.alias_nodes > MAX_ALIAS_NODES {
            if self.alias_nodes_reported {
                return Node::null(span);
            }
            self.alias_nodes_reported = true;
            self.problems.push(Problem {
                span,
                message: format!("aliases copy more than {MAX_ALIAS_NODES} nodes"),
                help: "write the values out instead of copying them with aliases".to_owned(),
            });
            return Node::null(span);
        }
        let text = match &value {
            Value::String(s) => Some(s.clone()),
            _ => None,
        };
        // An alias of a scalar behaves like the scalar (usable as a key); its text is the
        // resolved string.
        Node {
            value,
            anchor: 0,
            span,
            text,
            nodes,
            depth,
        }
    }

    fn check_collection_tag(&mut self, tag: Option<&Tag>, expected: &str, span: Span) {
        if let Some(tag) = tag
            && !(is_core(tag) && tag.suffix == expected)
        {
            self.unsupported_tag(tag, span);
        }
    }

    fn unsupported_tag(&mut self, tag: &Tag, span: Span) {
        self.problems.push(Problem {
            span,
            message: format!(
                "YAML tag `{}` is not part of the spec format",
                tag_text(tag)
            ),
            help: "remove the tag; quote a value to make it text".to_owned(),
        });
    }

    fn resolve_scalar(
        &mut self,
        text: &str,
        style: TScalarStyle,
        tag: Option<&Tag>,
        span: Span,
    ) -> Value {
        if let Some(tag) = tag {
            if is_core(tag) {
                match tag.suffix.as_str() {
                    "str" => return Value::String(text.to_owned()),
                    "null" | "bool" | "int" | "float" => return resolve_plain(text),
                    _ => {}
                }
            }
            self.unsupported_tag(tag, span);
        }
        match style {
            TScalarStyle::Plain => resolve_plain(text),
            _ => Value::String(text.to_owned()),
        }
    }
}

fn is_core(tag: &Tag) -> bool {
    tag.handle == "tag:yaml.org,2002:"
}

fn tag_text(tag: &Tag) -> String {
    if is_core(tag) {
        format!("!!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

/// Characters a scalar covers on its first line, for underlining.
fn scalar_len(text: &str, style: TScalarStyle) -> usize {
    let first = text.lines().next().unwrap_or("").chars().count();
    match style {
        TScalarStyle::Plain => first.max(1),
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted if !text.contains('\n') => {
            first + 2
        }
        _ => 1,
    }
}

/// serde_yaml 0.9's resolution of a plain scalar.
pub fn resolve_plain(v: &str) -> Value {
    if v.is_empty() || matches!(v, "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    match v {
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = parse_unsigned(v) {
        return Value::Number(Number::from(n));
    }
    if let Some(n) = parse_negative(v) {
        return Value::Number(Number::from(n));
    }
    if !digits_but_not_number(v)
        && let Some(f) = parse_f64(v)
    {
        return Value::Number(Number::from(f));
    }
    Value::String(v.to_owned())
}

fn radix_prefixed<T>(
    rest: &str,
    from_str_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = rest.strip_prefix(prefix) {
            if digits.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from_str_radix(digits, radix) {
                return Some(n);
            }
        }
    }
    None
}

fn parse_unsigned(scalar: &str) -> Option<u64> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    if let Some(n) = radix_prefixed(unpositive, u64::from_str_radix) {
        return Some(n);
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    unpositive.parse::<u64>().ok()
}

fn parse_negative(scalar: &str) -> Option<i64> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix)
            && let Ok(n) = i64::from_str_radix(&format!("-{rest}"), radix)
        {
            return Some(n);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    scalar.parse::<i64>().ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => scalar,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(scalar, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(scalar, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// A leading zero followed by digits is a string in YAML 1.2 (`0171`).
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(segs: &[&str]) -> Path {
        segs.iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Seg::Index(i),
                Err(_) => Seg::Key((*s).to_owned()),
            })
            .collect()
    }

    #[test]
    fn finds_keys_and_values_in_nested_maps_and_lists() {
        let text = "service:\n  name: as\nlist:\n  - a\n  - {x: 1, y: [2, 3]}\n";
        let map = SourceMap::build(text);
        assert_eq!(map.key(&p(&["service", "name"])), Pos { line: 2, col: 3 });
        assert_eq!(map.value(&p(&["service", "name"])), Pos { line: 2, col: 9 });
        assert_eq!(map.value(&p(&["list", "1"])), Pos { line: 5, col: 5 });
        assert_eq!(map.key(&p(&["list", "1", "y"])), Pos { line: 5, col: 12 });
        assert_eq!(
            map.value(&p(&["list", "1", "y", "1"])),
            Pos { line: 5, col: 19 }
        );
        assert_eq!(map.value_span(&p(&["service", "name"])).len, 2);
    }

    #[test]
    fn unknown_paths_fall_back_to_the_nearest_ancestor() {
        let map = SourceMap::build("a:\n  b: 1\n");
        assert_eq!(map.key(&p(&["a", "b", "c", "d"])), Pos { line: 2, col: 3 });
        assert_eq!(map.key(&p(&["zzz"])), Pos { line: 1, col: 1 });
    }

    #[test]
    fn broken_yaml_gives_an_empty_map_not_a_panic() {
        let map = SourceMap::build("a: [1, 2\n b: }");
        assert_eq!(map.key(&p(&["a"])), Pos { line: 1, col: 1 });
    }

    #[test]
    fn duplicate_keys_are_problems_at_the_second_key_and_the_first_wins() {
        let parsed = parse("a: 1\nb:\n  x: 1\n  x: 2\na: 3\n").expect("parses");
        let dups: Vec<(Pos, &str)> = parsed
            .problems
            .iter()
            .map(|p| (p.span.pos, p.message.as_str()))
            .collect();
        assert_eq!(
            dups,
            vec![
                (Pos { line: 4, col: 3 }, "duplicate key `x`"),
                (Pos { line: 5, col: 1 }, "duplicate key `a`"),
            ]
        );
        assert_eq!(parsed.value["a"], Value::from(1));
        assert_eq!(parsed.value["b"]["x"], Value::from(1));
        assert_eq!(parsed.map.value(&p(&["b", "x"])), Pos { line: 3, col: 6 });
    }

    #[test]
    fn keys_are_text_as_written_and_values_resolve_like_serde_yaml() {
        let text = "0171: a\n12000002: b\ntrue: c\nv: [0171, 0o17, yes, 1_000, +12, .5, 0x1F, ~, 1e3, -0, '1', -7]\n";
        let parsed = parse(text).expect("parses");
        let keys: Vec<&str> = parsed
            .value
            .as_mapping()
            .expect("map")
            .keys()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(keys, ["0171", "12000002", "true", "v"]);
        let ours = &parsed.value["v"];
        let theirs: Value =
            serde_yaml::from_str("[0171, 0o17, yes, 1_000, +12, .5, 0x1F, ~, 1e3, -0, '1', -7]")
                .expect("serde_yaml parses");
        assert_eq!(ours, &theirs);
    }

    #[test]
    fn deep_nesting_and_alias_bombs_are_refused_with_a_position() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let err = parse(&deep).expect_err("too deep");
        assert!(err.message.contains("levels deep"), "{err:?}");
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            let prev = if i == 0 {
                "a".to_owned()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let parsed = parse(&bomb).expect("reads");
        assert!(
            parsed
                .problems
                .iter()
                .any(|p| p.message.contains("aliases copy")),
            "{:?}",
            parsed.problems
        );
    }

    #[test]
    fn second_documents_tags_and_complex_keys_are_problems() {
        let parsed = parse("a: 1\n---\nb: 2\n").expect("reads");
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        assert_eq!(parsed.value.as_mapping().map(Mapping::len), Some(1));
        let parsed = parse("a: !custom 1\nb: !!str 2\n? [x]\n: 3\n").expect("reads");
        let messages: Vec<&str> = parsed.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "YAML tag `!custom` is not part of the spec format",
                "a key that is not text"
            ]
        );
        assert_eq!(parsed.value["b"], Value::String("2".to_owned()));
    }
}
