//! Stage 1, load: spec text → [`Spec`], or diagnostics with file, line and column.
//!
//! The text is read twice: serde_yaml gives the typed [`Spec`], and [`SourceMap`] remembers
//! where each key was so that every later stage can point at it. Unknown keys are all
//! reported (each with a "did you mean"), not only the first.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::diagnostic::{Diagnostic, Report, did_you_mean};
use crate::source_map::{Seg, SourceMap};
use crate::spec::Spec;

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

/// At most this many unknown keys are reported before giving up on a file.
const MAX_UNKNOWN_KEYS: usize = 100;

/// Reads and parses one spec file.
pub fn load_file(file: &Path) -> Result<Loaded, Report> {
    match std::fs::read_to_string(file) {
        Ok(text) => load_str(file, text),
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
pub fn load_str(file: &Path, text: String) -> Result<Loaded, Report> {
    let map = SourceMap::build(&text);
    let mut report = Report {
        source: text,
        diagnostics: Vec::new(),
    };
    let mut value: Value = match serde_yaml::from_str(&report.source) {
        Ok(value) => value,
        Err(err) => {
            let pos = err
                .location()
                .map(|l| crate::source_map::Pos {
                    line: l.line(),
                    col: l.column(),
                })
                .unwrap_or_default();
            report.diagnostics.push(
                Diagnostic::error(file, pos, format!("YAML syntax: {}", strip_location(&err.to_string())))
                    .help("a spec is a YAML mapping with the keys `service`, `operations`, `types` and `errors`"),
            );
            return Err(report);
        }
    };
    if value.is_null() {
        report.diagnostics.push(
            Diagnostic::error(file, Default::default(), "the spec is empty")
                .help("start with a `service:` block; see specs/README.md"),
        );
        return Err(report);
    }
    for _ in 0..=MAX_UNKNOWN_KEYS {
        let result: Result<Spec, _> = serde_path_to_error::deserialize(value.clone());
        let err = match result {
            Ok(spec) => {
                if report.has_errors() {
                    return Err(report);
                }
                return Ok(Loaded {
                    file: file.to_path_buf(),
                    source: report.source,
                    spec,
                    map,
                });
            }
            Err(err) => err,
        };
        let path = to_path(err.path());
        let message = err.inner().to_string();
        let message = strip_location(&message);
        if let Some((key, expected)) = unknown_field(&message) {
            let mut key_path = path.clone();
            // serde_path_to_error stops at the map holding the key; point at the key itself.
            if key_path.last() != Some(&Seg::Key(key.clone())) {
                key_path.push(Seg::Key(key.clone()));
            }
            let pos = map.key(&key_path);
            let mut d =
                Diagnostic::error(file, pos, format!("unknown key `{key}`{}", context(&path)))
                    .len(key.chars().count());
            d = match did_you_mean(&key, expected.iter().map(String::as_str)) {
                Some(close) => d.help(format!("did you mean `{close}`?")),
                None if expected.is_empty() => d.help("this block takes no keys"),
                None => d.help(format!("expected one of: {}", expected.join(", "))),
            };
            report.diagnostics.push(d);
            if remove_key(&mut value, &key_path) {
                continue;
            }
            return Err(report);
        }
        let pos = if message.starts_with("missing field") {
            map.key(&path)
        } else {
            map.value(&path)
        };
        report.diagnostics.push(
            Diagnostic::error(file, pos, format!("{message}{}", context(&path)))
                .help(hint_for(&message)),
        );
        return Err(report);
    }
    Err(report)
}

/// `serde_yaml` appends " at line L column C"; the diagnostic has its own position.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" into `x` and `[a, b]`.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    let key = rest[..end].to_owned();
    let expected = rest[end..]
        .split('`')
        .skip(2)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((key, expected))
}

fn hint_for(message: &str) -> String {
    if message.starts_with("missing field") {
        "add the key; specs/README.md lists what each block needs".to_owned()
    } else if message.starts_with("unknown variant") {
        "use one of the values listed above".to_owned()
    } else if message.starts_with("invalid type") {
        "check the value's type against specs/README.md".to_owned()
    } else {
        "see specs/README.md for the spec format".to_owned()
    }
}

/// " in `operations.list_groups`" for a path, or nothing at the top level.
fn context(path: &[Seg]) -> String {
    if path.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => k.clone(),
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
            Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
            Segment::Unknown => None,
        })
        .collect()
}

/// Removes the mapping entry at `path`; false if there is none.
fn remove_key(value: &mut Value, path: &[Seg]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = value;
    for seg in parents {
        node = match (seg, node) {
            (Seg::Key(k), Value::Mapping(m)) => match m.get_mut(k.as_str()) {
                Some(v) => v,
                None => return false,
            },
            (Seg::Index(i), Value::Sequence(s)) => match s.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Seg::Key(k), Value::Mapping(m)) => m.remove(k.as_str()).is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
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
            report.diagnostics[0].message.contains("missing field"),
            "{report}"
        );
        let text = format!(
            "{MINIMAL}operations:\n  a:\n    method: FETCH\n    path: /\n    responses: []\n"
        );
        let report = load_str(Path::new("x.yaml"), text).expect_err("fails");
        assert!(
            report.diagnostics[0]
                .message
                .contains("unknown variant `FETCH`"),
            "{report}"
        );
        assert_eq!(report.diagnostics[0].pos.line, 8, "{report}");
    }
}
