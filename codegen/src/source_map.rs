//! Positions of every key and value in a YAML file, by path.
//!
//! serde_yaml reads the spec but forgets where things were once it has read them, so a second,
//! event-level pass (yaml-rust2) records the line and column of each mapping key and each value.
//! Diagnostics found later (a duplicate name, a missing type) are placed with [`SourceMap::find`].

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

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

/// A 1-based line and column, plus the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

/// Where the key and the value of one node are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    key: Option<Pos>,
    value: Pos,
}

/// Key and value positions of every node of one YAML document.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    entries: HashMap<Path, Entry>,
}

impl SourceMap {
    /// Builds the map. A document the event parser rejects gives an empty map; the caller
    /// reports the syntax error from serde_yaml, which is the parser that matters.
    pub fn build(text: &str) -> SourceMap {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            return SourceMap::default();
        }
        SourceMap {
            entries: builder.entries,
        }
    }

    /// Position of the key of the node at `path` (the value's, for sequence items and the
    /// root), or of its nearest ancestor that has one.
    pub fn key(&self, path: &[Seg]) -> Pos {
        self.lookup(path, true)
    }

    /// Position of the value of the node at `path`, or of its nearest known ancestor.
    pub fn value(&self, path: &[Seg]) -> Pos {
        self.lookup(path, false)
    }

    fn lookup(&self, path: &[Seg], want_key: bool) -> Pos {
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
        Pos { line: 1, col: 1 }
    }
}

/// What the builder is inside of.
enum Frame {
    Map {
        /// The key just read, waiting for its value.
        pending_key: Option<(String, Pos)>,
    },
    Seq {
        next: usize,
    },
}

#[derive(Default)]
struct Builder {
    entries: HashMap<Path, Entry>,
    stack: Vec<Frame>,
    path: Path,
}

impl Builder {
    /// A value starts at `pos`: record it under the current container's slot and return
    /// whether the slot was found (a value inside a map or sequence or the root).
    fn begin_value(&mut self, pos: Pos) {
        let key = match self.stack.last_mut() {
            Some(Frame::Map { pending_key }) => match pending_key.take() {
                Some((key, key_pos)) => {
                    self.path.push(Seg::Key(key));
                    Some(key_pos)
                }
                // A complex (non-scalar) key: not addressable by path; track it as an
                // anonymous slot so nesting stays balanced.
                None => {
                    self.path.push(Seg::Key(String::new()));
                    None
                }
            },
            Some(Frame::Seq { next }) => {
                self.path.push(Seg::Index(*next));
                *next += 1;
                None
            }
            None => None,
        };
        self.entries
            .entry(self.path.clone())
            .or_insert(Entry { key, value: pos });
    }

    /// A value ended: drop its path segment.
    fn end_value(&mut self) {
        if !self.stack.is_empty() {
            self.path.pop();
        }
    }
}

fn pos(mark: Marker) -> Pos {
    Pos {
        line: mark.line(),
        col: mark.col() + 1,
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = pos(mark);
        match ev {
            Event::Scalar(text, ..) => {
                if let Some(Frame::Map { pending_key }) = self.stack.last_mut()
                    && pending_key.is_none()
                {
                    *pending_key = Some((text, at));
                    return;
                }
                self.begin_value(at);
                self.end_value();
            }
            Event::Alias(_) => {
                self.begin_value(at);
                self.end_value();
            }
            Event::MappingStart(..) => {
                self.begin_value(at);
                self.stack.push(Frame::Map { pending_key: None });
            }
            Event::SequenceStart(..) => {
                self.begin_value(at);
                self.stack.push(Frame::Seq { next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.end_value();
            }
            _ => {}
        }
    }
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
}
