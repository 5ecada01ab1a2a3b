//! Diagnostics: what is wrong with a spec, where, and what to do about it.
//!
//! Rendered in the style of rustc:
//!
//! ```text
//! error: unknown key `pth` in operation
//!   --> specs/as.yaml:12:5
//!    |
//! 12 |     pth: /v1/{project_id}/groups
//!    |     ^^^
//!    = help: did you mean `path`?
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

use crate::source_map::Pos;

/// How bad it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation goes on; the output may not be what the author meant.
    Warning,
    /// No code is generated.
    Error,
}

/// One finding in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// The spec file, as given by the caller.
    pub file: PathBuf,
    /// Where in it.
    pub pos: Pos,
    /// How many characters to underline (at least one).
    pub len: usize,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `pos`.
    pub fn error(file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: file.to_path_buf(),
            pos,
            len: 1,
            help: None,
        }
    }

    /// A warning at `pos`.
    pub fn warning(file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    /// Adds a hint.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Underlines `len` characters.
    pub fn len(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }

    /// Renders with the offending line of `source` quoted and marked.
    ///
    /// Tabs are shown as four spaces, control and text-direction characters as visible
    /// stand-ins (a spec cannot move the terminal's cursor or reorder the output), and the
    /// marker is placed by display width, so it stays under the right text with wide (CJK)
    /// characters too.
    pub fn render(&self, source: &str) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let line_no = self.pos.line.max(1);
        let number = line_no.to_string();
        let pad = " ".repeat(number.len());
        let mut out = format!(
            "{kind}: {}\n{pad}--> {}:{}:{}\n",
            visible(&self.message),
            visible(&self.file.display().to_string()),
            line_no,
            self.pos.col.max(1)
        );
        if let Some(line) = source.lines().nth(line_no - 1) {
            let line = line.trim_end_matches('\r');
            let chars: Vec<char> = line.chars().collect();
            let col = (self.pos.col.max(1) - 1).min(chars.len());
            let end = (col + self.len.max(1)).min(chars.len());
            let before: String = chars[..col].iter().collect();
            let marked: String = chars[col..end].iter().collect();
            let (before, marked) = (visible(&before), visible(&marked));
            let offset = UnicodeWidthStr::width(before.as_str());
            let width = UnicodeWidthStr::width(marked.as_str()).max(1);
            out.push_str(&format!("{pad} |\n{number} | {}\n{pad} | ", visible(line)));
            out.push_str(&" ".repeat(offset));
            out.push_str(&"^".repeat(width));
            out.push('\n');
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("{pad} = help: {}\n", visible(help)));
        }
        out
    }
}

/// `text` safe to print on a terminal: tabs become four spaces, control characters their
/// Unicode "control picture" (`␛`), and text-direction overrides `�`.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

impl fmt::Display for Diagnostic {
    /// One line: `file:line:col: error: message (help: ...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            visible(&self.file.display().to_string()),
            self.pos.line,
            self.pos.col,
            visible(&self.message)
        )?;
        if let Some(help) = &self.help {
            write!(f, " (help: {})", visible(help))?;
        }
        Ok(())
    }
}

/// The diagnostics of one spec, with its text for rendering.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The spec's text, to quote lines from.
    pub source: String,
    /// Findings in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Sorts by position so output reads top to bottom; findings at the same place keep the
    /// order they were found in (the order of the keys in the format).
    pub fn sort(&mut self) {
        self.diagnostics.sort_by_key(|d| (d.pos.line, d.pos.col));
    }
}

impl fmt::Display for Report {
    /// Every diagnostic rendered with its source line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            f.write_str(&d.render(&self.source))?;
        }
        Ok(())
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_quote_marker_and_help() {
        let d = Diagnostic::error(
            Path::new("specs/x.yaml"),
            Pos { line: 2, col: 3 },
            "unknown key `pth`",
        )
        .len(3)
        .help("did you mean `path`?");
        let text = d.render("a:\n  pth: /x\n");
        assert_eq!(
            text,
            "error: unknown key `pth`\n --> specs/x.yaml:2:3\n  |\n2 |   pth: /x\n  |   ^^^\n  = help: did you mean `path`?\n"
        );
    }

    #[test]
    fn marker_follows_tabs_wide_characters_and_control_characters() {
        let d = Diagnostic::error(Path::new("x.yaml"), Pos { line: 1, col: 4 }, "m").len(2);
        let text = d.render("\t名前: x\n");
        assert!(text.contains("1 |     名前: x\n  |         ^^\n"), "{text}");
        let d = Diagnostic::error(
            Path::new("x.yaml"),
            Pos { line: 1, col: 1 },
            "bad \u{1b}[2J",
        )
        .len(1);
        let text = d.render("\u{1b}[31mred\u{202e}\n");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{text:?}"
        );
        assert!(text.contains("bad \u{241b}[2J"), "{text}");
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(did_you_mean("pth", ["path", "method"]), Some("path"));
        assert_eq!(did_you_mean("zzzzz", ["path", "method"]), None);
    }
}
