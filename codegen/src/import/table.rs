//! reStructuredText tables as the OTC reference writes them.
//!
//! - Grid tables (`+----+----+` borders, `+====+` under the header), including cells that span
//!   rows or columns. Parsed with the cell-scanning algorithm of docutils.
//! - The IMS variant: a grid table whose body rows are not separated by `+---+` lines (only `|`
//!   rows under the `+===+` rule), sometimes without a closing border. Every body line whose
//!   first cell is not blank starts a new row.
//! - Simple tables (`=====  =====` rules); a line whose first column is blank continues the row
//!   above.
//!
//! Input lines have the table's indentation already removed. Cell texts are returned as the rst
//! they contain (lists, notes, code blocks), dedented, with blank edge lines removed. Nothing in
//! here panics on malformed input: a table that the strict parser rejects is read by a lenient
//! line-based parser and marked [`Table::lenient`].

/// A parsed table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Column headings, one per column (several header rows joined by a space).
    pub header: Vec<String>,
    /// Body rows, each with exactly `header.len()` cells.
    pub rows: Vec<Row>,
    /// The table was malformed and read by the lenient line-based parser.
    pub lenient: bool,
    /// The table had no header rule; the first row was taken as the header.
    pub header_inferred: bool,
}

/// One body row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// Offset of the row's first text line from the table's first line.
    pub offset: usize,
    /// Cell texts (rst), one per column. A cell spanning several rows is repeated in each; a
    /// cell spanning several columns sits in its first column, the others are empty.
    pub cells: Vec<String>,
}

impl Table {
    /// Index of the first column whose heading (lower-cased, markup removed) satisfies `pred`.
    pub fn column(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.header
            .iter()
            .position(|h| pred(&super::text::plain(h).to_lowercase()))
    }
}

/// Is this line a grid-table border (`+---+`, `+===+`)?
pub fn is_grid_border(line: &str) -> bool {
    let t = line.trim_end();
    t.len() >= 3
        && t.starts_with('+')
        && t.ends_with('+')
        && t.chars().all(|c| matches!(c, '+' | '-' | '='))
        && t.chars().any(|c| c == '-' || c == '=')
}

/// Is this line a simple-table rule (`===  ====`)?
pub fn is_simple_rule(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.starts_with('=') && t.chars().all(|c| c == '=' || c == ' ')
}

/// Number of `=` runs in a simple-table rule.
pub fn rule_columns(line: &str) -> usize {
    line.split(' ').filter(|s| !s.is_empty()).count()
}

// ---------------------------------------------------------------------------------------------
// Grid tables
// ---------------------------------------------------------------------------------------------

/// Parses a grid table. `lines` starts with the top border; it may lack the closing border.
pub fn parse_grid(lines: &[&str]) -> Option<Table> {
    let mut grid: Vec<Vec<char>> = lines
        .iter()
        .map(|l| l.trim_end().chars().collect())
        .collect();
    while grid.last().is_some_and(|l| l.is_empty()) {
        grid.pop();
    }
    let top = grid.first()?;
    if top.first() != Some(&'+') || top.len() < 3 {
        return None;
    }
    let head_sep = grid
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| is_border_chars(l) && l.contains(&'='))
        .map(|(i, _)| i);
    let closed = grid.last().is_some_and(|l| is_border_chars(l)) && grid.len() > 1;
    // The IMS variant: no row separators between the header rule and the end.
    if let Some(h) = head_sep {
        let inner_borders = grid[h + 1..]
            .iter()
            .enumerate()
            .filter(|(i, l)| is_border_chars(l) && !(closed && h + 1 + i == grid.len() - 1))
            .count();
        let starts = grid[h + 1..]
            .iter()
            .filter(|l| !is_border_chars(l) && first_cell_nonblank(l, top))
            .count();
        if inner_borders == 0 && (starts > 1 || !closed) {
            return lenient_grid(&grid, true);
        }
    }
    if !closed {
        return lenient_grid(&grid, false);
    }
    match strict_grid(&grid, head_sep) {
        Some(t) => Some(t),
        None => lenient_grid(&grid, false),
    }
}

fn is_border_chars(l: &[char]) -> bool {
    l.len() >= 3
        && l.first() == Some(&'+')
        && l.last() == Some(&'+')
        && l.iter().all(|c| matches!(c, '+' | '-' | '='))
}

/// Is the first cell (up to the second `+` of the top border) of this content line non-blank?
fn first_cell_nonblank(line: &[char], top: &[char]) -> bool {
    let end = top
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, c)| **c == '+')
        .map(|(i, _)| i)
        .unwrap_or(top.len());
    line.iter()
        .take(end)
        .skip(1)
        .any(|c| !c.is_whitespace() && *c != '|')
}

/// docutils' grid table parser: scans each cell from its top-left corner.
fn strict_grid(grid: &[Vec<char>], head_sep: Option<usize>) -> Option<Table> {
    let bottom = grid.len() - 1;
    let right = grid[0].len() - 1;
    let at = |r: usize, c: usize| -> char {
        let ch = grid.get(r).and_then(|l| l.get(c)).copied().unwrap_or(' ');
        if Some(r) == head_sep && ch == '=' {
            '-'
        } else {
            ch
        }
    };
    let mut done: Vec<isize> = vec![-1; right + 1];
    let mut corners: Vec<(usize, usize)> = vec![(0, 0)];
    let mut cells: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut guard = 0usize;
    while !corners.is_empty() {
        guard += 1;
        if guard > 100_000 {
            return None;
        }
        let (top, left) = corners.remove(0);
        if top == bottom || left == right || (top as isize) <= done[left] {
            continue;
        }
        let Some((cb, cr)) = scan_cell(&at, top, left, bottom, right) else {
            continue;
        };
        for d in done.iter_mut().take(cr).skip(left) {
            if *d != top as isize - 1 {
                return None;
            }
            *d = cb as isize - 1;
        }
        cells.push((top, left, cb, cr));
        corners.push((top, cr));
        corners.push((cb, left));
        corners.sort();
    }
    if done.iter().take(right).any(|d| *d != bottom as isize - 1) {
        return None;
    }
    let mut rowseps: Vec<usize> = cells.iter().flat_map(|c| [c.0, c.2]).collect();
    rowseps.sort();
    rowseps.dedup();
    let mut colseps: Vec<usize> = cells.iter().flat_map(|c| [c.1, c.3]).collect();
    colseps.sort();
    colseps.dedup();
    let nrows = rowseps.len().checked_sub(1)?;
    let ncols = colseps.len().checked_sub(1)?;
    if nrows == 0 || ncols == 0 {
        return None;
    }
    let mut matrix: Vec<Vec<String>> = vec![vec![String::new(); ncols]; nrows];
    for &(t, l, b, r) in &cells {
        let ri = rowseps.binary_search(&t).ok()?;
        let rj = rowseps.binary_search(&b).ok()?;
        let ci = colseps.binary_search(&l).ok()?;
        let text: Vec<String> = (t + 1..b)
            .map(|y| {
                (l + 1..r)
                    .map(|x| {
                        grid.get(y)
                            .and_then(|line| line.get(x))
                            .copied()
                            .unwrap_or(' ')
                    })
                    .collect::<String>()
            })
            .collect();
        let text = clean_cell(&text);
        for row in matrix.iter_mut().take(rj).skip(ri) {
            row[ci] = text.clone();
        }
    }
    let head_rows = match head_sep {
        Some(h) => rowseps.iter().take(nrows).filter(|&&t| t < h).count(),
        None => 0,
    };
    let mut rows: Vec<Row> = matrix
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Row {
            offset: rowseps[i] + 1,
            cells,
        })
        .collect();
    Some(assemble(&mut rows, head_rows, false))
}

fn scan_cell(
    at: &impl Fn(usize, usize) -> char,
    top: usize,
    left: usize,
    bottom: usize,
    right: usize,
) -> Option<(usize, usize)> {
    if at(top, left) != '+' {
        return None;
    }
    // scan right along the top edge
    for i in left + 1..=right {
        match at(top, i) {
            '+' => {
                if let Some(b) = scan_down(at, top, left, i, bottom) {
                    return Some((b, i));
                }
            }
            '-' => {}
            _ => return None,
        }
    }
    None
}

fn scan_down(
    at: &impl Fn(usize, usize) -> char,
    top: usize,
    left: usize,
    right: usize,
    bottom: usize,
) -> Option<usize> {
    for i in top + 1..=bottom {
        match at(i, right) {
            '+' => {
                if scan_left(at, top, left, i, right) {
                    return Some(i);
                }
            }
            '|' => {}
            _ => return None,
        }
    }
    None
}

fn scan_left(
    at: &impl Fn(usize, usize) -> char,
    top: usize,
    left: usize,
    bottom: usize,
    right: usize,
) -> bool {
    for i in (left + 1..right).rev() {
        match at(bottom, i) {
            '+' | '-' => {}
            _ => return false,
        }
    }
    if at(bottom, left) != '+' {
        return false;
    }
    // scan up the left edge
    for i in (top + 1..bottom).rev() {
        match at(i, left) {
            '+' | '|' => {}
            _ => return false,
        }
    }
    true
}

/// Line-based reading of a grid table: columns at the `+` of the widest border, rows split at
/// border lines (and, in `split_on_first`, at lines whose first cell is not blank).
fn lenient_grid(grid: &[Vec<char>], split_on_first: bool) -> Option<Table> {
    let border = grid
        .iter()
        .filter(|l| is_border_chars(l))
        .max_by_key(|l| l.iter().filter(|c| **c == '+').count())?;
    let bounds: Vec<usize> = border
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '+')
        .map(|(i, _)| i)
        .collect();
    if bounds.len() < 2 {
        return None;
    }
    let ncols = bounds.len() - 1;
    let mut rows: Vec<Row> = Vec::new();
    let mut cur: Option<(usize, Vec<Vec<String>>)> = None;
    let mut head_rows = None;
    let flush = |cur: &mut Option<(usize, Vec<Vec<String>>)>, rows: &mut Vec<Row>| {
        if let Some((offset, cols)) = cur.take() {
            rows.push(Row {
                offset,
                cells: cols.iter().map(|c| clean_cell(c)).collect(),
            });
        }
    };
    for (y, line) in grid.iter().enumerate().skip(1) {
        if is_border_chars(line) {
            flush(&mut cur, &mut rows);
            if line.contains(&'=') && head_rows.is_none() {
                head_rows = Some(rows.len());
            }
            continue;
        }
        let slices: Vec<String> = (0..ncols)
            .map(|k| {
                let (a, b) = (bounds[k] + 1, bounds[k + 1]);
                (a..b)
                    .map(|x| line.get(x).copied().unwrap_or(' '))
                    .collect::<String>()
            })
            .collect();
        let in_body = head_rows.is_some();
        if split_on_first
            && in_body
            && cur.is_some()
            && slices.first().is_some_and(|s| !s.trim().is_empty())
        {
            flush(&mut cur, &mut rows);
        }
        let entry = cur.get_or_insert_with(|| (y, vec![Vec::new(); ncols]));
        for (k, s) in slices.into_iter().enumerate() {
            entry.1[k].push(s);
        }
    }
    flush(&mut cur, &mut rows);
    let head = head_rows.unwrap_or(0);
    let mut t = assemble(&mut rows, head, true);
    t.lenient = !split_on_first;
    Some(t)
}

/// Splits rows into header and body; infers the header when there is no header rule.
fn assemble(rows: &mut Vec<Row>, head_rows: usize, _lenient: bool) -> Table {
    let mut header_inferred = false;
    let head_rows = if head_rows == 0 && !rows.is_empty() {
        header_inferred = true;
        1
    } else {
        head_rows.min(rows.len())
    };
    let body = rows.split_off(head_rows);
    let ncols = rows.first().map(|r| r.cells.len()).unwrap_or(0);
    let header: Vec<String> = (0..ncols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.cells.get(c))
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let body = body
        .into_iter()
        .map(|mut r| {
            r.cells.resize(ncols, String::new());
            r
        })
        .collect();
    Table {
        header,
        rows: body,
        lenient: false,
        header_inferred,
    }
}

/// Dedents cell lines, trims line ends and removes blank lines at both ends.
pub fn clean_cell(lines: &[String]) -> String {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    let start = lines.iter().position(|l| !l.trim().is_empty());
    let end = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(start), Some(end)) = (start, end) else {
        return String::new();
    };
    let body = &lines[start..=end];
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.chars().take_while(|c| *c == ' ').count())
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| l.chars().skip(indent).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Simple tables
// ---------------------------------------------------------------------------------------------

/// Parses a simple table; `lines` runs from the top rule to the bottom rule inclusive.
pub fn parse_simple(lines: &[&str]) -> Option<Table> {
    let first = lines.first()?;
    if !is_simple_rule(first) {
        return None;
    }
    let top: Vec<char> = first.trim_end().chars().collect();
    let mut starts: Vec<usize> = Vec::new();
    for (i, c) in top.iter().enumerate() {
        if *c == '=' && (i == 0 || top[i - 1] == ' ') {
            starts.push(i);
        }
    }
    if starts.is_empty() {
        return None;
    }
    let rules: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| is_simple_rule(l))
        .map(|(i, _)| i)
        .collect();
    let (head, body_start) = if rules.len() >= 3 {
        (Some((rules[0] + 1, rules[1])), rules[1] + 1)
    } else {
        (None, rules[0] + 1)
    };
    let body_end = if rules.len() >= 2 {
        *rules.last().unwrap_or(&lines.len())
    } else {
        lines.len()
    };
    let read = |from: usize, to: usize| -> Vec<Row> {
        let mut rows: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
        for (y, line) in lines.iter().enumerate().take(to).skip(from) {
            if is_simple_rule(line) {
                continue;
            }
            let chars: Vec<char> = line.trim_end().chars().collect();
            if chars.iter().all(|c| c.is_whitespace()) {
                if let Some(last) = rows.last_mut() {
                    for col in last.1.iter_mut() {
                        col.push(String::new());
                    }
                }
                continue;
            }
            let cols: Vec<String> = (0..starts.len())
                .map(|k| {
                    let a = starts[k];
                    let b = starts.get(k + 1).copied().unwrap_or(usize::MAX);
                    chars
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i >= a && *i < b)
                        .map(|(_, c)| *c)
                        .collect::<String>()
                })
                .collect();
            // Text left of the first column start belongs to the first column.
            let lead: String = chars.iter().take(starts[0]).collect();
            let first_blank = cols[0].trim().is_empty() && lead.trim().is_empty();
            if first_blank && !rows.is_empty() {
                if let Some(last) = rows.last_mut() {
                    for (k, c) in cols.into_iter().enumerate() {
                        last.1[k].push(c);
                    }
                }
            } else {
                let mut v: Vec<Vec<String>> = vec![Vec::new(); starts.len()];
                for (k, c) in cols.into_iter().enumerate() {
                    v[k].push(if k == 0 { format!("{lead}{c}") } else { c });
                }
                rows.push((y, v));
            }
        }
        rows.into_iter()
            .map(|(y, cols)| Row {
                offset: y,
                cells: cols.iter().map(|c| clean_cell(c)).collect(),
            })
            .collect()
    };
    let mut rows = Vec::new();
    let mut head_rows = 0;
    if let Some((a, b)) = head {
        let h = read(a, b);
        head_rows = h.len();
        rows.extend(h);
    }
    rows.extend(read(body_start, body_end));
    Some(assemble(&mut rows, head_rows, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn grid_basic_multiline_cells() {
        let t = parse_grid(&lines(
            "+-----------+------+-------------------+
| Parameter | Type | Description       |
+===========+======+===================+
| limit     | Int  | Number of items.  |
|           |      |                   |
|           |      | -  **A**: first   |
+-----------+------+-------------------+
| \\__name   | Str  | Name.             |
+-----------+------+-------------------+",
        ))
        .expect("parses");
        assert_eq!(t.header, vec!["Parameter", "Type", "Description"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[0], "limit");
        assert_eq!(t.rows[0].cells[2], "Number of items.\n\n-  **A**: first");
        assert_eq!(t.rows[0].offset, 3);
        assert_eq!(t.rows[1].cells[0], "\\__name");
        assert!(!t.lenient);
    }

    #[test]
    fn grid_row_and_column_spans() {
        let t = parse_grid(&lines(
            "+--------+------+---------+
| Status | Code | Message |
+========+======+=========+
| 400    | A.1  | one     |
|        +------+---------+
|        | A.2  | two     |
+--------+------+---------+
| 500    | span both      |
+--------+----------------+",
        ))
        .expect("parses");
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0].cells, vec!["400", "A.1", "one"]);
        assert_eq!(t.rows[1].cells, vec!["400", "A.2", "two"]);
        assert_eq!(t.rows[2].cells, vec!["500", "span both", ""]);
    }

    #[test]
    fn grid_ims_variant_without_row_separators() {
        let t = parse_grid(&lines(
            "+-----------+--------+
| Parameter | Type   |
+===========+========+
| id        | String |
| name      | String |
|           | more   |
| size      | Long   |
+-----------+--------+",
        ))
        .expect("parses");
        let names: Vec<_> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(names, vec!["id", "name", "size"]);
        assert_eq!(t.rows[1].cells[1], "String\nmore");
    }

    #[test]
    fn grid_ims_variant_without_closing_border() {
        let t = parse_grid(&lines(
            "+------+--------+
| Name | Type   |
+======+========+
| a    | String |
| b    | Int    |",
        ))
        .expect("parses");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells, vec!["b", "Int"]);
    }

    #[test]
    fn grid_malformed_falls_back() {
        // ragged right edge on a content line
        let t = parse_grid(&lines(
            "+------+--------+
| Name | Type   |
+======+========+
| a    | String
+------+--------+
| b    | Int    |
+------+--------+",
        ))
        .expect("parses");
        assert!(t.lenient);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells, vec!["a", "String"]);
    }

    #[test]
    fn grid_without_header_rule_infers_header() {
        let t = parse_grid(&lines(
            "+------+------+
| Name | Type |
+------+------+
| a    | b    |
+------+------+",
        ))
        .expect("parses");
        assert!(t.header_inferred);
        assert_eq!(t.header, vec!["Name", "Type"]);
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn simple_table_with_continuation() {
        let t = parse_simple(&lines(
            "========= ====== ================================
Parameter Type   Description
========= ====== ================================
id        String Specifies the security group ID.
                 Second line.
name      String Name, longer than the rule goes here.
========= ====== ================================",
        ))
        .expect("parses");
        assert_eq!(t.header, vec!["Parameter", "Type", "Description"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            t.rows[0].cells[2],
            "Specifies the security group ID.\nSecond line."
        );
        assert_eq!(t.rows[1].cells[2], "Name, longer than the rule goes here.");
    }

    #[test]
    fn simple_table_without_header() {
        let t = parse_simple(&lines(
            "=== ===
a   1
b   2
=== ===",
        ))
        .expect("parses");
        assert!(t.header_inferred);
        assert_eq!(t.header, vec!["a", "1"]);
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "+",
            "+-+",
            "+-+\n|",
            "+--+--+\n|  |\n+==+",
            "+---+\n| a | b | c |\n+---+---+\n",
            "====\n",
            "== ==\nx\n",
            "+-----+\n|ä ö ü|\n+=====+\n|äää|\n",
        ] {
            let l = lines(s);
            let _ = parse_grid(&l);
            let _ = parse_simple(&l);
        }
    }
}
