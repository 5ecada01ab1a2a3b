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
            self.message,
            self.file.display(),
            line_no,
            self.pos.col.max(1)
        );
        if let Some(line) = source.lines().nth(line_no - 1) {
            let line = line.trim_end_matches('\r');
            let col = self.pos.col.max(1) - 1;
            let width = line.chars().count();
            let underline = self.len.min(width.saturating_sub(col).max(1));
            out.push_str(&format!("{pad} |\n{number} | {line}\n{pad} | "));
            out.push_str(&" ".repeat(col.min(width)));
            out.push_str(&"^".repeat(underline));
            out.push('\n');
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("{pad} = help: {help}\n"));
        }
        out
    }
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
            self.file.display(),
            self.pos.line,
            self.pos.col,
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
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

    /// Sorts by position so output reads top to bottom.
    pub fn sort(&mut self) {
        self.diagnostics
            .sort_by_key(|d| (d.pos.line, d.pos.col, d.severity, d.message.clone()));
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
    fn suggests_close_words_only() {
        assert_eq!(did_you_mean("pth", ["path", "method"]), Some("path"));
        assert_eq!(did_you_mean("zzzzz", ["path", "method"]), None);
    }
}
