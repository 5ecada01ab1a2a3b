//! Spec text → `#[doc]` attributes that rustdoc shows as plain prose.
//!
//! Doc text comes from hand-written specs and from the reference pages, so it may hold
//! anything: backticks, `[links]`, `<html>`, indented blocks (which rustdoc would compile as
//! doctests), code fences. Each line is trimmed and markdown's active characters are escaped,
//! so the text is shown as written and never becomes code, a link or a test. Doc strings are
//! emitted as string literals, so `*/` or `#[` cannot end a comment or start an attribute.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` lines for spec `text` (escaped), or for the generator's own markdown
/// `fallback` when the spec has none.
pub fn doc_attrs(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => lines_to_attrs(&sanitize(text)),
        None => lines_to_attrs(fallback),
    }
}

/// `text` as an inline code span, or escaped prose when it cannot be one.
pub fn code_span(text: &str) -> String {
    if text.is_empty() || text.contains('`') || text.contains('\n') || text.trim() != text {
        format!("\"{}\"", escape_line(&text.replace('\n', " ")))
    } else {
        format!("`{text}`")
    }
}

/// `#[doc]` lines for text that is already markdown written by the generator (trusted).
pub fn raw_doc_attrs(markdown: &str) -> TokenStream {
    lines_to_attrs(markdown)
}

fn lines_to_attrs(markdown: &str) -> TokenStream {
    let lines = markdown.lines().map(|l| {
        let l = without_direction_controls(l);
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #(#[doc = #lines])* }
}

/// Text-direction controls (U+202A–U+202E, U+2066–U+2069) are refused by rustc even in
/// comments; they become U+FFFD.
fn without_direction_controls(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Escapes `text` so rustdoc renders it literally.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut blank_run = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !blank_run && !out.is_empty() {
                out.push('\n');
            }
            blank_run = true;
            continue;
        }
        blank_run = false;
        out.push_str(&escape_line(line));
        out.push('\n');
    }
    out.trim_end().to_owned()
}

fn escape_line(line: &str) -> String {
    // Bare URLs become autolinks (`<https://…>`), which rustdoc shows as links and does not
    // warn about; the text around them is escaped as usual.
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    let mut first = true;
    while let Some(start) = find_url(rest) {
        let url_len = url_length(&rest[start..]);
        out.push_str(&escape_text(&rest[..start], first));
        out.push('<');
        out.push_str(&rest[start..start + url_len]);
        out.push('>');
        rest = &rest[start + url_len..];
        first = false;
    }
    out.push_str(&escape_text(rest, first));
    out
}

/// Byte offset of the next `http://` or `https://` that starts a word.
fn find_url(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find("http") {
        let at = from + i;
        let tail = &text[at..];
        let starts_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "([\"'".contains(c));
        if starts_word
            && (tail.starts_with("http://") || tail.starts_with("https://"))
            && url_length(tail) > "https://".len()
        {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

/// Length of the URL at the start of `text`: up to white space or `<>"\``, without trailing
/// punctuation.
fn url_length(text: &str) -> usize {
    let end = text
        .find(|c: char| c.is_whitespace() || "<>\"`".contains(c))
        .unwrap_or(text.len());
    text[..end]
        .trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\''])
        .len()
}

fn escape_text(line: &str, at_line_start: bool) -> String {
    // Balanced single backticks are inline code spans: their content is shown literally by
    // rustdoc and cannot become anything else, so keep them. Everything else is escaped.
    let ticks = line.matches('`').count();
    if ticks > 0 && ticks % 2 == 0 && !line.contains("``") {
        let mut out = String::with_capacity(line.len() + 8);
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 1 {
                out.push('`');
                out.push_str(part);
                out.push('`');
            } else {
                out.push_str(&escape_prose(part, i == 0 && at_line_start));
            }
        }
        return out;
    }
    escape_prose(line, at_line_start)
}

fn escape_prose(text: &str, at_line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // `1.` or `2)` at the start of a line would open an ordered list.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let list_marker =
        at_line_start && digits > 0 && matches!(text[digits..].chars().next(), Some('.' | ')'));
    for (i, c) in text.char_indices() {
        if list_marker && i == digits {
            out.push('\\');
            out.push(c);
            continue;
        }
        match c {
            '\\' | '`' | '[' | ']' | '<' | '>' | '*' | '_' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            // A leading `#`, `-`, `+` or `=` would make a heading, list or rule; that is
            // harmless but changes the text's look, so keep it literal.
            '#' | '-' | '+' | '=' if i == 0 && at_line_start => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// First sentence-ish line of a doc text, sanitized, for one-line summaries.
pub fn summary(text: Option<&str>) -> Option<String> {
    let first = text?.lines().map(str::trim).find(|l| !l.is_empty())?;
    Some(escape_line(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_prose() {
        let text = "Ends a comment */ and opens `code\n    indented block\n```rust\nfn main() {}\n```\n<b>bold</b> [link](x) #[attr] \"quote";
        let clean = sanitize(text);
        assert!(!clean.contains("\n    "), "indentation survives: {clean}");
        assert!(!clean.contains("```"), "fence survives: {clean}");
        assert!(
            clean.contains("\\`\\`\\`rust") || clean.contains("`\\`\\`rust"),
            "{clean}"
        );
        assert!(clean.contains("\\<b\\>bold\\</b\\>"));
        assert!(clean.contains("\\[link\\](x)"));
        assert!(clean.contains("*/") || clean.contains("\\*/"));
        let tokens = doc_attrs(Some(text), "x").to_string();
        assert!(tokens.starts_with("# [doc ="), "{tokens}");
    }

    #[test]
    fn balanced_code_spans_are_kept_and_unbalanced_backticks_escaped() {
        assert_eq!(
            sanitize("Body of `create_group` <b>"),
            "Body of `create_group` \\<b\\>"
        );
        assert_eq!(sanitize("odd ` tick_here"), "odd \\` tick\\_here");
    }

    #[test]
    fn list_markers_urls_and_direction_controls_are_neutralised() {
        assert_eq!(sanitize("1. first\n2) second"), "1\\. first\n2\\) second");
        assert_eq!(
            sanitize("See https://example.com/a_b?x=1. Done"),
            "See <https://example.com/a_b?x=1>. Done"
        );
        assert_eq!(sanitize("https://x.io/p"), "<https://x.io/p>");
        assert_eq!(sanitize("nohttp://x"), "nohttp://x");
        let tokens = doc_attrs(Some("a\u{202e}b"), "x").to_string();
        assert!(!tokens.contains('\u{202e}'), "{tokens}");
    }

    #[test]
    fn empty_text_uses_the_fallback() {
        let tokens = doc_attrs(Some("   "), "Fallback.").to_string();
        assert!(tokens.contains("Fallback."), "{tokens}");
    }
}
