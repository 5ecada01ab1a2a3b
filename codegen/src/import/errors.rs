//! Error codes from the error-code tables (found by their header, on any page).

use std::sync::LazyLock;

use indexmap::IndexMap;
use regex::Regex;

use super::rst::Doc;
use super::table::Table;
use super::text;
use super::{Category, Warnings};
use crate::spec::{ErrorCodeDef, ErrorOccurrence, Statuses};

static STATUS_NUM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([1-5]\d\d)\b").expect("static regex"));

/// The columns of an error-code table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorColumns {
    pub status: Option<usize>,
    pub code: usize,
    pub message: usize,
    pub description: Option<usize>,
    pub solution: Option<usize>,
}

/// Recognises an error-code table by its header.
pub fn error_columns(t: &Table) -> Option<ErrorColumns> {
    let code = t.column(|h| {
        matches!(
            h,
            "error code" | "error codes" | "code" | "errorcode" | "error_code" | "error code:"
        )
    })?;
    let message = t.column(|h| {
        h.contains("message") || h.contains("information") || h == "error info" || h == "error msg"
    });
    let description = t.column(|h| h.contains("description"));
    let (message, description) = match (message, description) {
        (Some(m), d) => (m, d.filter(|d| *d != m)),
        (None, Some(d)) => (d, None),
        (None, None) => return None,
    };
    if message == code {
        return None;
    }
    let status = t.column(|h| h.contains("status"));
    let solution =
        t.column(|h| h.contains("solution") || h.contains("measure") || h.contains("handling"));
    Some(ErrorColumns {
        status,
        code,
        message,
        description,
        solution,
    })
}

/// Parses a status cell: `400`, `400/404`, `403 Forbidden`. `Ok(None)` for an empty cell,
/// `Err` for text without a status number.
pub fn parse_status(cell: &str) -> Result<Option<Statuses>, String> {
    let s = text::squash(&text::plain(cell));
    if s.is_empty() || s == "-" || s == "--" {
        return Ok(None);
    }
    let mut nums: Vec<u16> = STATUS_NUM
        .captures_iter(&s)
        .filter_map(|c| c[1].parse().ok())
        .collect();
    nums.dedup();
    match nums.len() {
        0 => Err(s),
        1 => Ok(Some(Statuses::One(nums[0]))),
        _ => Ok(Some(Statuses::Many(nums))),
    }
}

fn opt(s: String) -> Option<String> {
    if s.trim().is_empty() { None } else { Some(s) }
}

/// Imports every error-code table of the service. Pages named like an error appendix are read
/// first, so their rows are the entries and rows on operation pages become `also:` rows.
pub fn import_errors(docs: &[Doc], warn: &mut Warnings) -> IndexMap<String, ErrorCodeDef> {
    let mut order: Vec<&Doc> = docs.iter().collect();
    order.sort_by_key(|d| (!d.path.contains("error"), d.path.clone()));
    let mut out: IndexMap<String, ErrorCodeDef> = IndexMap::new();
    for doc in order {
        for dt in &doc.tables {
            let Some(cols) = error_columns(&dt.table) else {
                continue;
            };
            if cols.status.is_none() {
                warn.push(
                    &doc.path,
                    dt.line + 1,
                    Category::ErrorStatus,
                    format!(
                        "error table without a status column: {} code(s) get no status",
                        dt.table.rows.len()
                    ),
                );
            }
            for row in &dt.table.rows {
                let line = dt.line + row.offset + 1;
                let cell = |i: usize| row.cells.get(i).map(String::as_str).unwrap_or("");
                let code = text::squash(&text::plain(cell(cols.code)));
                if code.is_empty() {
                    warn.push(
                        &doc.path,
                        line,
                        Category::ErrorRow,
                        "error row without a code skipped",
                    );
                    continue;
                }
                if code.contains(' ') {
                    warn.push(
                        &doc.path,
                        line,
                        Category::ErrorRow,
                        format!("error code `{code}` contains spaces; kept as written"),
                    );
                }
                let status = match cols.status.map(|c| parse_status(cell(c))) {
                    None => None,
                    Some(Ok(Some(s))) => Some(s),
                    Some(Ok(None)) => {
                        warn.push(
                            &doc.path,
                            line,
                            Category::ErrorStatus,
                            format!("error {code}: empty status cell, no status"),
                        );
                        None
                    }
                    Some(Err(s)) => {
                        warn.push(
                            &doc.path,
                            line,
                            Category::ErrorStatus,
                            format!("error {code}: status `{s}` is not a number, no status"),
                        );
                        None
                    }
                };
                let message = text::doc_text(cell(cols.message));
                let description = cols
                    .description
                    .map(|c| text::doc_text(cell(c)))
                    .and_then(opt);
                let solution = cols.solution.map(|c| text::doc_text(cell(c))).and_then(opt);
                if message.is_empty() {
                    warn.push(
                        &doc.path,
                        line,
                        Category::ErrorRow,
                        format!("error {code}: empty message"),
                    );
                }
                match out.get_mut(&code) {
                    None => {
                        out.insert(
                            code,
                            ErrorCodeDef {
                                status,
                                message,
                                description,
                                solution,
                                rust_name: None,
                                also: Vec::new(),
                                correction: None,
                            },
                        );
                    }
                    Some(first) => {
                        let status_differs = status.is_some() && status != first.status;
                        let known = first.message == message && !status_differs
                            || first
                                .also
                                .iter()
                                .any(|a| a.message == message && a.status == status);
                        if !known {
                            first.also.push(ErrorOccurrence {
                                status,
                                message,
                                description,
                                solution,
                                context: Some(doc.path.clone()),
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(parse_status("400"), Ok(Some(Statuses::One(400))));
        assert_eq!(parse_status("403 Forbidden"), Ok(Some(Statuses::One(403))));
        assert_eq!(
            parse_status("400/404"),
            Ok(Some(Statuses::Many(vec![400, 404])))
        );
        assert_eq!(parse_status(""), Ok(None));
        assert!(parse_status("n/a").is_err());
    }

    #[test]
    fn appendix_first_then_also() {
        let appendix = Doc::parse(
            "appendix/error_code.rst",
            concat!(
                "Error Code\n==========\n\n",
                "+-------------+------------+---------------+\n",
                "| Status Code | Error Code | Error Message |\n",
                "+=============+============+===============+\n",
                "| 400         | 0171       | A.            |\n",
                "+-------------+------------+---------------+\n",
                "| 400/404     | 12000002   | B.            |\n",
                "+-------------+------------+---------------+\n",
            ),
        );
        let page = Doc::parse(
            "apis/resize.rst",
            "Resize\n======\n\n========== ========\nError Code Message\n========== ========\n12000002   Other.\n0171       A.\n========== ========\n",
        );
        let mut w = Warnings::default();
        let e = import_errors(&[page, appendix], &mut w);
        assert_eq!(e.len(), 2);
        assert_eq!(e.get_index(0).map(|(k, _)| k.as_str()), Some("0171"));
        let b = &e["12000002"];
        assert_eq!(b.status, Some(Statuses::Many(vec![400, 404])));
        assert_eq!(b.also.len(), 1);
        assert_eq!(b.also[0].message, "Other.");
        assert_eq!(b.also[0].context.as_deref(), Some("apis/resize.rst"));
        assert!(e["0171"].also.is_empty());
    }
}
