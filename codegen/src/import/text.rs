//! Plain text from reStructuredText: inline markup, `:ref:` links, and cell/paragraph blocks.

use std::sync::LazyLock;

use regex::Regex;

// Private-use characters standing in for escaped markup characters while markup is removed.
const ESC_STAR: char = '\u{E000}';
const ESC_BACKTICK: char = '\u{E001}';
const ESC_BACKSLASH: char = '\u{E002}';
const ESC_UNDERSCORE: char = '\u{E003}';
const ESC_COLON: char = '\u{E004}';
const ESC_PIPE: char = '\u{E005}';

static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r":[A-Za-z][\w:+.-]*:`([^`]*?)(?:\s*<([^<>`]*)>)?`").expect("static regex")
});
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([^`<]*?)\s*<([^<>`]*)>`__?").expect("static regex"));
static LITERAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"``(.+?)``").expect("static regex"));
static STRONG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*(.+?)\*\*").expect("static regex"));
static EMPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*([^*\s](?:[^*]*?[^*\s])?)\*").expect("static regex"));
static INTERPRETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([^`]+)`_?").expect("static regex"));
static SUBST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\|([A-Za-z][\w -]*)\|").expect("static regex"));

/// Replaces backslash escapes by placeholders (or removes `\ `), so that markup regexes do not
/// see escaped characters.
fn protect(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                None => {}
                Some(' ') | Some('\n') => {}
                Some('*') => out.push(ESC_STAR),
                Some('`') => out.push(ESC_BACKTICK),
                Some('\\') => out.push(ESC_BACKSLASH),
                Some('_') => out.push(ESC_UNDERSCORE),
                Some(':') => out.push(ESC_COLON),
                Some('|') => out.push(ESC_PIPE),
                Some(other) => out.push(other),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn unprotect(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ESC_STAR => '*',
            ESC_BACKTICK => '`',
            ESC_BACKSLASH => '\\',
            ESC_UNDERSCORE => '_',
            ESC_COLON => ':',
            ESC_PIPE => '|',
            other => other,
        })
        .collect()
}

/// Inline rst to plain text: `**x**`, `*x*`, ``` ``x`` ```, `:ref:`x <y>`` → `x`, links → their
/// text, escapes resolved. Line structure is kept.
pub fn plain(s: &str) -> String {
    let p = protect(s);
    let p = LITERAL.replace_all(&p, |c: &regex::Captures| {
        // literal text keeps markup characters as they are
        c[1].replace('*', &ESC_STAR.to_string())
            .replace('`', &ESC_BACKTICK.to_string())
    });
    let p = ROLE.replace_all(&p, |c: &regex::Captures| {
        let text = c.get(1).map(|m| m.as_str()).unwrap_or("").trim();
        if text.is_empty() {
            c.get(2).map(|m| m.as_str()).unwrap_or("").to_owned()
        } else {
            text.to_owned()
        }
    });
    let p = LINK.replace_all(&p, |c: &regex::Captures| {
        let text = c[1].trim();
        if text.is_empty() {
            c[2].to_owned()
        } else {
            text.to_owned()
        }
    });
    let p = STRONG.replace_all(&p, "$1");
    let p = EMPH.replace_all(&p, "$1");
    let p = INTERPRETED.replace_all(&p, "$1");
    let p = SUBST.replace_all(&p, "$1");
    unprotect(&p)
}

/// One `:ref:` in a text: its display text and its target label (lower-cased, as Sphinx does).
#[derive(Debug, Clone, PartialEq)]
pub struct RefLink {
    pub text: String,
    pub label: String,
}

/// All `:ref:` links in a text, in order.
pub fn refs(s: &str) -> Vec<RefLink> {
    let p = protect(s);
    ROLE.captures_iter(&p)
        .filter(|c| c.get(0).is_some_and(|m| m.as_str().starts_with(":ref:")))
        .map(|c| {
            let text = unprotect(c.get(1).map(|m| m.as_str()).unwrap_or("").trim());
            match c.get(2) {
                Some(label) => RefLink {
                    text,
                    label: unprotect(label.as_str().trim()).to_lowercase(),
                },
                None => RefLink {
                    label: text.to_lowercase(),
                    text: String::new(),
                },
            }
        })
        .collect()
}

/// Collapses whitespace runs to one space and trims.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_list_item(t: &str) -> Option<&str> {
    for marker in ["-  ", "- ", "*  ", "* ", "#. ", "+ "] {
        if let Some(rest) = t.strip_prefix(marker) {
            return Some(rest);
        }
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 3 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r);
        }
    }
    None
}

/// A block of rst (a table cell, a section body) as plain doc text: directives become words
/// (`.. note::` → `Note:`), labels and directive options disappear, paragraphs are joined into
/// lines, list items stay one per line (`- item`), code blocks keep their lines.
pub fn doc_text(block: &str) -> String {
    let lines: Vec<&str> = block.lines().collect();
    let mut out: Vec<String> = Vec::new(); // finished output lines ("" = paragraph break)
    let mut para: Vec<String> = Vec::new();
    let mut list_item = false;
    let mut literal_indent: Option<usize> = None;
    let flush = |para: &mut Vec<String>, out: &mut Vec<String>, list_item: bool| {
        if para.is_empty() {
            return;
        }
        let joined = squash(&para.join(" "));
        let text = plain(&joined);
        out.push(if list_item { format!("- {text}") } else { text });
        para.clear();
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.chars().take_while(|c| *c == ' ').count();
        let t = line.trim();
        i += 1;
        if let Some(li) = literal_indent {
            if t.is_empty() {
                out.push(String::new());
                continue;
            }
            if indent > li {
                out.push(format!(
                    "    {}",
                    line.trim_end().chars().skip(li + 1).collect::<String>()
                ));
                continue;
            }
            literal_indent = None;
        }
        if t.is_empty() {
            flush(&mut para, &mut out, list_item);
            list_item = false;
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        if t.starts_with(".. ") || t == ".." {
            flush(&mut para, &mut out, list_item);
            list_item = false;
            let directive = t.trim_start_matches(".. ");
            if let Some(name) = directive
                .strip_suffix("::")
                .or_else(|| directive.split_once("::").map(|(n, _)| n))
            {
                let name = name.trim();
                match name {
                    "note" | "important" | "caution" | "warning" | "tip" | "attention" | "hint"
                    | "danger" | "admonition" => {
                        let word = match name {
                            "important" => "Important:",
                            "caution" => "Caution:",
                            "warning" => "Warning:",
                            "tip" => "Tip:",
                            "danger" => "Danger:",
                            _ => "Note:",
                        };
                        out.push(word.to_owned());
                    }
                    "code-block" | "code" | "parsed-literal" | "sourcecode" => {
                        literal_indent = Some(indent);
                    }
                    _ => {}
                }
            }
            // skip directive options (`:name: value`) directly below
            while i < lines.len() && lines[i].trim().starts_with(':') && !lines[i].trim().is_empty()
            {
                i += 1;
            }
            continue;
        }
        if t.starts_with(':') && t.ends_with(':') && !t.contains(' ') {
            continue; // a field list marker such as :original_name:
        }
        if let Some(rest) = is_list_item(t) {
            flush(&mut para, &mut out, list_item);
            list_item = true;
            para.push(rest.to_owned());
        } else {
            para.push(t.to_owned());
        }
        if t.ends_with("::") && !t.starts_with("..") {
            // a literal block follows; keep the paragraph, drop one colon
            if let Some(last) = para.last_mut() {
                last.pop();
            }
            flush(&mut para, &mut out, list_item);
            list_item = false;
            literal_indent = Some(indent);
        }
    }
    flush(&mut para, &mut out, list_item);
    // collapse blank runs, trim
    let mut result: Vec<String> = Vec::new();
    for l in out {
        if l.is_empty() && result.last().is_none_or(|p: &String| p.is_empty()) {
            continue;
        }
        result.push(l);
    }
    while result.last().is_some_and(|l| l.is_empty()) {
        result.pop();
    }
    // list items belong together: drop blank lines between consecutive items
    let mut tight: Vec<String> = Vec::new();
    for (k, l) in result.iter().enumerate() {
        if l.is_empty()
            && tight.last().is_some_and(|p| p.starts_with("- "))
            && result.get(k + 1).is_some_and(|n| n.starts_with("- "))
        {
            continue;
        }
        tight.push(l.clone());
    }
    tight
        .into_iter()
        .map(|l| l.trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strips_markup() {
        assert_eq!(plain("**bold** and *em*"), "bold and em");
        assert_eq!(plain("``code``"), "code");
        assert_eq!(
            plain("see :ref:`Querying AS configurations <as_06_0202>`."),
            "see Querying AS configurations."
        );
        assert_eq!(plain(":ref:`as_06_0202`"), "as_06_0202");
        assert_eq!(plain("\\__isregistered"), "__isregistered");
        assert_eq!(plain("kms:``*``:\\*"), "kms:*:*");
        assert_eq!(plain("`Firefox <https://x.y/>`__"), "Firefox");
        assert_eq!(plain("2\\ *xx*"), "2xx");
        assert_eq!(plain("*Bucket name*:*File name*"), "Bucket name:File name");
        assert_eq!(plain("a * b"), "a * b");
    }

    #[test]
    fn refs_found() {
        let r = refs("Array of :ref:`scaling_groups <as_06_0102__table3818677995816>` objects");
        assert_eq!(
            r,
            vec![RefLink {
                text: "scaling_groups".into(),
                label: "as_06_0102__table3818677995816".into()
            }]
        );
        let r = refs(":ref:`Table 4 <X_Y>` and :ref:`plain_label`");
        assert_eq!(r[0].label, "x_y");
        assert_eq!(r[1].label, "plain_label");
    }

    #[test]
    fn doc_text_blocks() {
        let d = doc_text(
            "Specifies the status. The options are:\n\n-  **INSERVICE**: ok\n-  **PAUSED**: paused\n\n.. note::\n\n   Only **active**\n   ones.",
        );
        assert_eq!(
            d,
            "Specifies the status. The options are:\n\n- INSERVICE: ok\n- PAUSED: paused\n\nNote:\n\nOnly active ones."
        );
    }
}
