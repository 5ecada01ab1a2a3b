//! Where in a JSON body a decoding error happened, as a path (`groups[2].instance_config`).
//!
//! Finding it by decoding again with path tracking (`serde_path_to_error`) instantiates every
//! response type's `Deserialize` a second time, inside each service crate; that doubled the
//! deserialisation code rustc compiled there. serde_json says at which line and column it
//! failed; this walks the body up to that point, without knowing the type, and names the
//! keys and indices that are open there.

/// The path at `line`/`column` (1-based, bytes, as `serde_json::Error` gives them): object
/// keys joined by `.`, array indices as `[i]`, `.` for the top level.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize) -> String {
    path_before(body, offset(body, line, column))
}

/// Byte offset of a 1-based line and column.
fn offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match body[start..].iter().position(|b| *b == b'\n') {
            Some(i) => start += i + 1,
            None => return body.len(),
        }
    }
    (start + column).min(body.len())
}

enum Frame {
    /// The key being read (or last read) and whether the next string is a key.
    Object {
        key: Option<String>,
        expects_key: bool,
    },
    /// The index of the element being read.
    Array { index: usize },
}

/// The path of what is open after the first `end` bytes of `body`.
fn path_before(body: &[u8], end: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expects_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expects_key, .. }) => *expects_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let (text, next) = string_at(body, i + 1, end);
                if let Some(Frame::Object { key, expects_key }) = stack.last_mut()
                    && *expects_key
                {
                    *key = Some(text);
                    *expects_key = false;
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The string that starts at `from` (after its opening quote), its simple escapes undone,
/// and the offset after its closing quote (or `end`).
fn string_at(body: &[u8], from: usize, end: usize) -> (String, usize) {
    let mut bytes = Vec::new();
    let mut i = from;
    while i < end {
        match body[i] {
            b'"' => return (String::from_utf8_lossy(&bytes).into_owned(), i + 1),
            b'\\' if i + 1 < end => {
                bytes.push(match body[i + 1] {
                    b'n' => b'\n',
                    b't' => b'\t',
                    other => other,
                });
                i += 2;
            }
            b => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&bytes).into_owned(), end)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::path_at;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        groups: Vec<Group>,
        total: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Group {
        name: String,
        size: i64,
        tags: Option<Vec<Tag>>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Tag {
        key: String,
    }

    /// The path this module finds and the one path tracking finds, for one failing body.
    fn both(body: &str) -> (String, String) {
        let plain = serde_json::from_str::<Page>(body).expect_err("fails");
        let ours = path_at(body.as_bytes(), plain.line(), plain.column());
        let mut de = serde_json::Deserializer::from_str(body);
        let tracked = serde_path_to_error::deserialize::<_, Page>(&mut de).expect_err("fails");
        (ours, tracked.path().to_string())
    }

    #[test]
    fn the_same_paths_as_path_tracking() {
        for body in [
            r#"{"groups":[{"name":"a","size":1},{"name":"b","size":"x"}]}"#,
            r#"{"groups":[{"name":"a","size":1,"tags":[{"key":1}]}]}"#,
            "{\n  \"groups\": [\n    {\"name\": \"a\",\n     \"size\": true}\n  ]\n}",
            r#"{"total":"many","groups":[]}"#,
            r#"{"groups":[{"name":"a, \"quoted\" [x]","size":[]}]}"#,
            r#"{"groups":[{"size":1}]}"#,
            r#"{"groups":{}}"#,
        ] {
            let (ours, tracked) = both(body);
            assert_eq!(ours, tracked, "{body}");
        }
    }

    #[test]
    fn a_truncated_body_names_where_it_ends() {
        // Path tracking says `groups` (no element was being read); the position alone cannot
        // tell that from a field missing in element 0, so this says `groups[0]`.
        let body = r#"{"groups":[{"name":"a","size":1}"#;
        let e = serde_json::from_str::<Page>(body).expect_err("fails");
        assert_eq!(path_at(body.as_bytes(), e.line(), e.column()), "groups[0]");
    }

    #[test]
    fn top_level_and_trailing_text() {
        assert_eq!(path_at(b"[1, 2] x", 1, 8), ".");
        assert_eq!(path_at(b"", 1, 0), ".");
    }
}
