//! One reference page: its headings, labels, literal blocks and tables, located by line.

use std::sync::LazyLock;

use regex::Regex;

use super::table::{self, Table};
use super::text;

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?:[-*+]|#\.|\d+\.)\s+)?\.\.\s+_(`[^`]+`|[^:`]+):\s*$")
        .expect("static regex")
});
static TABLE_DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)(?:(?:[-*+]|#\.|\d+\.)\s+)?\.\.\s+table::\s*(.*)$").expect("static regex")
});

/// A section heading.
#[derive(Debug, Clone)]
pub struct Heading {
    /// 0-based line of the heading text.
    pub line: usize,
    /// 1 for the page title, 2 for its sections, ...
    pub level: usize,
    pub text: String,
}

/// A table on the page, with what surrounds it.
#[derive(Debug, Clone)]
pub struct DocTable {
    /// 0-based line of the table's first line (its top border or rule).
    pub line: usize,
    /// Caption from `.. table::` (rst, may be empty).
    pub caption: String,
    /// Labels (lower-cased) placed right before the table.
    pub labels: Vec<String>,
    /// The paragraph right before the table (plain text), if close.
    pub intro: Option<String>,
    /// Index into [`Doc::headings`] of the nearest heading above.
    pub heading: Option<usize>,
    pub table: Table,
}

/// What a label points at.
#[derive(Debug, Clone, PartialEq)]
pub enum LabelTarget {
    /// A table on this page (index into [`Doc::tables`]).
    Table(usize),
    /// A heading (index into [`Doc::headings`]).
    Heading(usize),
    /// Something else (a paragraph, a list item).
    Other,
}

/// A parsed page.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Path relative to the service docs directory, with `/` separators.
    pub path: String,
    pub lines: Vec<String>,
    /// `literal[i]`: line `i` is inside a literal (code) block.
    pub literal: Vec<bool>,
    pub headings: Vec<Heading>,
    /// Labels (lower-cased) with their 0-based line and target.
    pub labels: Vec<(String, usize, LabelTarget)>,
    pub tables: Vec<DocTable>,
    /// Tables that could not be parsed at all: 0-based line.
    pub broken_tables: Vec<usize>,
}

fn indent_of(l: &str) -> usize {
    l.chars().take_while(|c| *c == ' ').count()
}

fn is_underline(l: &str) -> bool {
    let t = l.trim_end();
    let Some(first) = t.chars().next() else {
        return false;
    };
    t.chars().count() >= 3
        && !first.is_alphanumeric()
        && !first.is_whitespace()
        && "=-~^\"'`#*+_:.<>".contains(first)
        && t.chars().all(|c| c == first)
}

impl Doc {
    /// Parses a page. Never fails: what cannot be read is left out.
    pub fn parse(path: &str, content: &str) -> Doc {
        let lines: Vec<String> = content
            .replace("\r\n", "\n")
            .replace('\t', "        ")
            .lines()
            .map(|l| l.trim_end().to_owned())
            .collect();
        let literal = literal_lines(&lines);
        let headings = headings(&lines, &literal);
        let mut doc = Doc {
            path: path.to_owned(),
            lines,
            literal,
            headings,
            labels: Vec::new(),
            tables: Vec::new(),
            broken_tables: Vec::new(),
        };
        doc.find_tables();
        doc.find_labels();
        doc
    }

    /// The page title (first heading), plain.
    pub fn title(&self) -> String {
        self.headings
            .first()
            .map(|h| text::plain(&h.text))
            .unwrap_or_default()
    }

    /// Index of the nearest heading above `line`.
    pub fn heading_at(&self, line: usize) -> Option<usize> {
        self.headings.iter().rposition(|h| h.line < line)
    }

    /// The headings from the nearest one above `line` up to the title, nearest first.
    pub fn heading_chain(&self, line: usize) -> Vec<&Heading> {
        let mut out = Vec::new();
        let Some(mut idx) = self.heading_at(line) else {
            return out;
        };
        let mut level = usize::MAX;
        loop {
            let h = &self.headings[idx];
            if h.level < level {
                out.push(h);
                level = h.level;
            }
            if idx == 0 {
                break;
            }
            idx -= 1;
        }
        out
    }

    /// Lines (0-based, exclusive end) of the section that starts at heading `h`.
    pub fn section_range(&self, h: usize) -> (usize, usize) {
        let Some(head) = self.headings.get(h) else {
            return (0, 0);
        };
        let end = self
            .headings
            .iter()
            .skip(h + 1)
            .find(|x| x.level <= head.level)
            .map(|x| x.line)
            .unwrap_or(self.lines.len());
        (head.line + 2, end)
    }

    fn find_tables(&mut self) {
        let n = self.lines.len();
        let mut i = 0;
        while i < n {
            if self.literal[i] {
                i += 1;
                continue;
            }
            let line = self.lines[i].clone();
            let indent = indent_of(&line);
            let body = &line[indent.min(line.len())..];
            if table::is_grid_border(body) {
                let mut j = i + 1;
                while j < n {
                    let l = &self.lines[j];
                    let c = l.chars().nth(indent);
                    if indent_of(l) == indent && matches!(c, Some('+') | Some('|')) {
                        j += 1;
                    } else {
                        break;
                    }
                }
                let block: Vec<String> = self.lines[i..j]
                    .iter()
                    .map(|l| l.chars().skip(indent).collect())
                    .collect();
                let refs: Vec<&str> = block.iter().map(|s| s.as_str()).collect();
                match table::parse_grid(&refs) {
                    Some(t) => self.push_table(i, t),
                    None => self.broken_tables.push(i),
                }
                i = j.max(i + 1);
                continue;
            }
            let prev_blank = i == 0 || self.lines[i - 1].trim().is_empty();
            if prev_blank && table::is_simple_rule(body) && table::rule_columns(body) >= 2 {
                // find the closing rule: a rule followed by a blank line or the end
                let mut rules = 1;
                let mut j = i + 1;
                let mut end = None;
                while j < n {
                    let l = &self.lines[j];
                    if !l.trim().is_empty() && indent_of(l) < indent {
                        break;
                    }
                    let lb = l.get(indent..).unwrap_or("");
                    if indent_of(l) == indent && table::is_simple_rule(lb) {
                        rules += 1;
                        let next_blank = j + 1 >= n || self.lines[j + 1].trim().is_empty();
                        if rules >= 2 && next_blank {
                            end = Some(j);
                            break;
                        }
                    }
                    j += 1;
                }
                if let Some(end) = end {
                    let block: Vec<String> = self.lines[i..=end]
                        .iter()
                        .map(|l| l.chars().skip(indent).collect())
                        .collect();
                    let refs: Vec<&str> = block.iter().map(|s| s.as_str()).collect();
                    match table::parse_simple(&refs) {
                        Some(t) => self.push_table(i, t),
                        None => self.broken_tables.push(i),
                    }
                    i = end + 1;
                    continue;
                }
                self.broken_tables.push(i);
            }
            i += 1;
        }
    }

    fn push_table(&mut self, line: usize, table: Table) {
        // Walk back over blank lines, the `.. table::` directive and labels.
        let mut caption = String::new();
        let mut labels = Vec::new();
        let mut k = line;
        let mut intro = None;
        let mut seen_text = false;
        while k > 0 {
            k -= 1;
            let l = &self.lines[k];
            let t = l.trim();
            if t.is_empty() {
                continue;
            }
            if self.literal[k] {
                break;
            }
            if let Some(c) = TABLE_DIRECTIVE.captures(l) {
                if !seen_text {
                    caption = c
                        .get(2)
                        .map(|m| m.as_str().trim().to_owned())
                        .unwrap_or_default();
                }
                continue;
            }
            if let Some(c) = LABEL.captures(l) {
                if let Some(m) = c.get(1) {
                    labels.push(m.as_str().trim_matches('`').to_lowercase());
                }
                continue;
            }
            if seen_text {
                break;
            }
            // a heading underline, a table or a directive ends the search
            if is_underline(l) || t.starts_with('+') || t.starts_with('|') || t.starts_with("..") {
                break;
            }
            if table::is_simple_rule(t) {
                break;
            }
            // the paragraph: lines up to the previous blank line
            let mut start = k;
            while start > 0 && !self.lines[start - 1].trim().is_empty() {
                start -= 1;
            }
            let para: Vec<&str> = self.lines[start..=k].iter().map(|s| s.trim()).collect();
            let joined = text::squash(&para.join(" "));
            let joined = joined
                .strip_prefix("- ")
                .or_else(|| joined.strip_prefix("* "))
                .unwrap_or(&joined)
                .trim()
                .to_owned();
            // labels on the same list item (`-  .. _x:` then the paragraph) still count
            if !joined.starts_with("..") {
                intro = Some(text::plain(&joined));
            }
            seen_text = true;
            k = start;
            // keep looking for labels directly above the paragraph
            if k == 0 {
                break;
            }
        }
        labels.reverse();
        let heading = self.heading_at(line);
        self.tables.push(DocTable {
            line,
            caption,
            labels,
            intro,
            heading,
            table,
        });
    }

    fn find_labels(&mut self) {
        let mut labels = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            if self.literal[i] {
                continue;
            }
            let Some(c) = LABEL.captures(l) else {
                continue;
            };
            let Some(m) = c.get(1) else {
                continue;
            };
            let name = m.as_str().trim_matches('`').to_lowercase();
            let target = if let Some(t) = self.tables.iter().position(|t| t.labels.contains(&name))
            {
                LabelTarget::Table(t)
            } else if let Some(h) = self.headings.iter().position(|h| {
                h.line > i
                    && self.lines[i + 1..h.line]
                        .iter()
                        .all(|x| x.trim().is_empty() || LABEL.is_match(x))
            }) {
                LabelTarget::Heading(h)
            } else {
                LabelTarget::Other
            };
            labels.push((name, i, target));
        }
        self.labels = labels;
    }

    /// Plain text of lines `[from, to)` outside tables, with literal blocks left out.
    pub fn prose(&self, from: usize, to: usize) -> String {
        let mut block = Vec::new();
        let table_lines = self.table_line_set();
        for i in from..to.min(self.lines.len()) {
            if self.literal[i] || table_lines.get(i).copied().unwrap_or(false) {
                block.push(String::new());
                continue;
            }
            block.push(self.lines[i].clone());
        }
        text::doc_text(&block.join("\n"))
    }

    /// `set[i]`: line `i` belongs to a table.
    pub fn table_line_set(&self) -> Vec<bool> {
        let mut set = vec![false; self.lines.len()];
        for t in &self.tables {
            let mut j = t.line;
            // mark until the first blank line after the table start
            while j < self.lines.len() && !self.lines[j].trim().is_empty() {
                set[j] = true;
                j += 1;
            }
        }
        set
    }
}

/// Marks lines inside literal blocks (`.. code-block::`, `::` paragraphs).
fn literal_lines(lines: &[String]) -> Vec<bool> {
    let mut lit = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        let t = l.trim();
        // inside a grid table row the directive belongs to the cell, skip
        let in_table = t.starts_with('|') || t.starts_with('+');
        let opens = !in_table
            && (t.starts_with(".. code-block::")
                || t.starts_with(".. code::")
                || t.starts_with(".. parsed-literal::")
                || t.starts_with(".. sourcecode::")
                || (t.ends_with("::") && !t.starts_with("..") && !t.starts_with(':')));
        if opens {
            let base = indent_of(l);
            // a `-  text::` list item: the block is indented relative to the item text
            let mut j = i + 1;
            // skip directive options
            while j < lines.len() && lines[j].trim().starts_with(':') && indent_of(&lines[j]) > base
            {
                j += 1;
            }
            let mut last_content = None;
            while j < lines.len() {
                let x = &lines[j];
                if x.trim().is_empty() {
                    j += 1;
                    continue;
                }
                if indent_of(x) > base {
                    last_content = Some(j);
                    j += 1;
                } else {
                    break;
                }
            }
            if let Some(end) = last_content {
                for flag in lit.iter_mut().take(end + 1).skip(i + 1) {
                    *flag = true;
                }
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    lit
}

fn headings(lines: &[String], literal: &[bool]) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut styles: Vec<(char, bool)> = Vec::new();
    let mut i = 1;
    while i < lines.len() {
        let under = &lines[i];
        let title = &lines[i - 1];
        if literal[i] || literal[i - 1] || !is_underline(under) || under.starts_with(' ') {
            i += 1;
            continue;
        }
        let tt = title.trim();
        if tt.is_empty() || title.starts_with(' ') || is_underline(title) || tt.starts_with('+') {
            i += 1;
            continue;
        }
        if i >= 2 && !lines[i - 2].trim().is_empty() && !is_underline(&lines[i - 2]) {
            i += 1;
            continue;
        }
        let ch = under.chars().next().unwrap_or('=');
        let over = i >= 2 && is_underline(&lines[i - 2]) && lines[i - 2].starts_with(ch);
        let key = (ch, over);
        let level = match styles.iter().position(|s| *s == key) {
            Some(p) => p + 1,
            None => {
                styles.push(key);
                styles.len()
            }
        };
        out.push(Heading {
            line: i - 1,
            level,
            text: tt.to_owned(),
        });
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = ":original_name: x.html

.. _as_06_0102:

Querying AS Groups
==================

Function
--------

This API is used to list AS groups.

URI
---

GET /autoscaling-api/v1/{project_id}/scaling_group

.. table:: **Table 1** Parameter description

   ========== ========= ====== =========================
   Parameter  Mandatory Type   Description
   ========== ========= ====== =========================
   project_id Yes       String Specifies the project ID.
   ========== ========= ====== =========================

Response
--------

.. table:: **Table 2** Response parameters

   +----------------+--------------------------------------------------+-------------+
   | Parameter      | Type                                             | Description |
   +================+==================================================+=============+
   | scaling_groups | Array of :ref:`scaling_groups <as_t3>` objects   | List.       |
   +----------------+--------------------------------------------------+-------------+

.. _as_t3:

.. table:: **Table 3** **scaling_groups** field description

   +--------------------+--------+-------------+
   | Parameter          | Type   | Description |
   +====================+========+=============+
   | scaling_group_name | String | Name.       |
   +--------------------+--------+-------------+

-  .. _iam_li1:

   auth.identity

   +---------+------+
   | a       | b    |
   +=========+======+
   | c       | d    |
   +---------+------+

Example Response
----------------

.. code-block::

   {
       \"limit\": 20
   }
";

    #[test]
    fn page_structure() {
        let d = Doc::parse("apis/x.rst", PAGE);
        assert_eq!(d.title(), "Querying AS Groups");
        let names: Vec<_> = d
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                (1, "Querying AS Groups"),
                (2, "Function"),
                (2, "URI"),
                (2, "Response"),
                (2, "Example Response")
            ]
        );
        assert_eq!(d.tables.len(), 4);
        assert_eq!(d.tables[0].caption, "**Table 1** Parameter description");
        assert_eq!(d.tables[0].table.rows[0].cells[0], "project_id");
        assert_eq!(d.tables[2].labels, vec!["as_t3"]);
        assert_eq!(d.tables[3].labels, vec!["iam_li1"]);
        assert_eq!(d.tables[3].intro.as_deref(), Some("auth.identity"));
        assert!(
            d.labels
                .iter()
                .any(|(n, _, t)| n == "as_t3" && *t == LabelTarget::Table(2))
        );
        assert!(
            d.labels
                .iter()
                .any(|(n, _, t)| n == "as_06_0102" && *t == LabelTarget::Heading(0))
        );
        let (a, b) = d.section_range(1);
        assert!(
            d.prose(a, b)
                .starts_with("This API is used to list AS groups.")
        );
        assert!(d.literal.iter().filter(|x| **x).count() >= 3);
    }
}
