//! Documentation of error codes, as generated `ErrorCode` enums carry it: [`ErrorDoc`] (one
//! documented row) and [`ErrorTable`] (every row of a service, as the generated code writes it).

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

/// One documented row of a service error code: what the API reference says about it.
///
/// Generated `ErrorCode` enums return these from `documentation()`; a code the reference lists
/// several times (with another message or status) has several rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorDoc {
    /// The code exactly as sent (`AS.0001`, `0171`).
    pub code: &'static str,
    /// HTTP statuses the reference gives (empty when it gives none).
    pub statuses: &'static [u16],
    /// The documented message.
    pub message: &'static str,
    /// What the error means.
    pub description: Option<&'static str>,
    /// What to do about it.
    pub solution: Option<&'static str>,
    /// Where in the reference this row is, for codes listed more than once.
    pub context: Option<&'static str>,
}

/// The error documentation of one generated service, as text, parsed on first use.
///
/// Each generated crate holds one in a `static` and its `ErrorCode` reads everything through
/// it: a table of text is a fraction of the size that hundreds of `ErrorDoc` values written out
/// in Rust would be. The text has one row per documented row of a code: six fields, each of the
/// first five ended by a tab, the sixth by a line break (or the end of the text):
///
/// ```text
/// code ⇥ statuses ⇥ message ⇥ description ⇥ solution ⇥ context ↵
/// ```
///
/// `statuses` are comma-separated (none when the reference gives none); an empty description,
/// solution or context is `None`. Only a tab ends the first five fields, so they may span lines;
/// no field contains a tab, and the context no line break. The rows of one code follow each
/// other, and the codes come in the order of the generated `ErrorCode::ALL`: a code's index
/// there is its index here. Empty lines between rows are skipped, so the text may start with a
/// line break.
///
/// The first lookup parses the text, once for the life of the program; the rows then borrow
/// the text, and the parsed table stays in the `static` beside it, so everything handed out
/// is `'static`. Text of another form gives odd rows but never a panic: missing fields are
/// empty, and a status that is not a number is left out.
pub struct ErrorTable {
    text: &'static str,
    layout: OnceLock<Layout>,
    docs: OnceLock<Box<[ErrorDoc]>>,
}

/// The parsed text, but for the rows as [`ErrorDoc`]s (which borrow [`Layout::statuses`]).
struct Layout {
    /// The statuses of every row, then the union of a code's rows where it differs from the
    /// statuses of its first row.
    statuses: Box<[u16]>,
    rows: Vec<Row>,
    codes: Vec<Code>,
    /// Index in `codes` by code (the first, should the text name a code twice apart).
    index: HashMap<&'static str, usize>,
}

/// One row; `statuses` indexes [`Layout::statuses`].
struct Row {
    code: &'static str,
    statuses: Range<usize>,
    message: &'static str,
    description: Option<&'static str>,
    solution: Option<&'static str>,
    context: Option<&'static str>,
}

/// One code: its rows (indexes of [`Layout::rows`]) and the union of their statuses
/// (indexes of [`Layout::statuses`]).
struct Code {
    rows: Range<usize>,
    statuses: Range<usize>,
}

impl ErrorTable {
    /// A table over `text` (see the type's documentation for its form); nothing is parsed yet.
    pub const fn new(text: &'static str) -> Self {
        Self {
            text,
            layout: OnceLock::new(),
            docs: OnceLock::new(),
        }
    }

    /// The code at `index` exactly as sent; `""` for `None` or an index beyond the table.
    pub fn code(&'static self, index: Option<usize>) -> &'static str {
        self.docs(index).first().map_or("", |doc| doc.code)
    }

    /// Every row of the code at `index`; empty for `None` (an undocumented code) or an index
    /// beyond the table.
    pub fn docs(&'static self, index: Option<usize>) -> &'static [ErrorDoc] {
        let layout = self.layout();
        match index.and_then(|i| layout.codes.get(i)) {
            Some(code) => &self.all_docs()[code.rows.clone()],
            None => &[],
        }
    }

    /// The statuses of every row of the code at `index`, each once, in the order the rows give
    /// them; empty for `None` or an index beyond the table.
    pub fn statuses(&'static self, index: Option<usize>) -> &'static [u16] {
        let layout = self.layout();
        match index.and_then(|i| layout.codes.get(i)) {
            Some(code) => &layout.statuses[code.statuses.clone()],
            None => &[],
        }
    }

    /// The index of `code` (compared exactly, as text); `None` for a code the table does not
    /// have.
    pub fn position(&'static self, code: &str) -> Option<usize> {
        self.layout().index.get(code).copied()
    }

    /// How many codes the table has.
    pub fn len(&'static self) -> usize {
        self.layout().codes.len()
    }

    /// True when the table has no code.
    pub fn is_empty(&'static self) -> bool {
        self.len() == 0
    }

    fn layout(&'static self) -> &'static Layout {
        self.layout.get_or_init(|| Layout::parse(self.text))
    }

    fn all_docs(&'static self) -> &'static [ErrorDoc] {
        self.docs.get_or_init(|| {
            let layout = self.layout();
            let statuses: &'static [u16] = &layout.statuses;
            layout
                .rows
                .iter()
                .map(|row| ErrorDoc {
                    code: row.code,
                    statuses: &statuses[row.statuses.clone()],
                    message: row.message,
                    description: row.description,
                    solution: row.solution,
                    context: row.context,
                })
                .collect()
        })
    }
}

impl fmt::Debug for ErrorTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorTable")
            .field("bytes", &self.text.len())
            .field("parsed", &self.layout.get().is_some())
            .finish()
    }
}

impl Layout {
    fn parse(text: &'static str) -> Self {
        let mut statuses = Vec::new();
        let mut rows: Vec<Row> = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('\n') {
                rest = after;
                continue;
            }
            let mut fields = rest.splitn(6, '\t');
            let mut field = || fields.next().unwrap_or("");
            let (code, listed, message, description, solution) =
                (field(), field(), field(), field(), field());
            let last = field();
            let (context, after) = last.split_once('\n').unwrap_or((last, ""));
            rest = after;
            let start = statuses.len();
            statuses.extend(
                listed
                    .split(',')
                    .filter_map(|s| s.trim().parse::<u16>().ok()),
            );
            rows.push(Row {
                code,
                statuses: start..statuses.len(),
                message,
                description: some(description),
                solution: some(solution),
                context: some(context),
            });
        }
        let mut codes: Vec<Code> = Vec::new();
        let mut index = HashMap::new();
        let mut first = 0;
        while first < rows.len() {
            let code = rows[first].code;
            let end = rows[first..]
                .iter()
                .position(|row| row.code != code)
                .map_or(rows.len(), |n| first + n);
            let mut union: Vec<u16> = Vec::new();
            for row in &rows[first..end] {
                for status in &statuses[row.statuses.clone()] {
                    if !union.contains(status) {
                        union.push(*status);
                    }
                }
            }
            let own = rows[first].statuses.clone();
            let union = if statuses[own.clone()] == union[..] {
                own
            } else {
                let start = statuses.len();
                statuses.extend(union);
                start..statuses.len()
            };
            index.entry(code).or_insert(codes.len());
            codes.push(Code {
                rows: first..end,
                statuses: union,
            });
            first = end;
        }
        Self {
            statuses: statuses.into_boxed_slice(),
            rows,
            codes,
            index,
        }
    }
}

/// `None` for an empty field.
fn some(field: &'static str) -> Option<&'static str> {
    (!field.is_empty()).then_some(field)
}

#[cfg(test)]
mod tests {
    use super::{ErrorDoc, ErrorTable};

    static TABLE: ErrorTable = ErrorTable::new(
        "
AS.0001\t400\tBad.\t\t\t
0171\t\tGone.\tWhat it means.\tWhat to do.\t
X.1\t400,404\tFirst.\tLine one.
Line two.\t\t
X.1\t404,409\tSecond.\t\tRetry.\tTable 3
X.1\t400\tThird.\t\t\tTable 4
Y\t500,500\tTwice the same status.\t\t\t",
    );

    #[test]
    fn codes_are_found_by_their_exact_text() {
        assert_eq!(TABLE.len(), 4);
        assert_eq!(TABLE.position("AS.0001"), Some(0));
        assert_eq!(TABLE.position("0171"), Some(1));
        assert_eq!(TABLE.position("X.1"), Some(2));
        assert_eq!(TABLE.position("Y"), Some(3));
        assert_eq!(TABLE.position("171"), None, "codes are text, not numbers");
        assert_eq!(TABLE.position("as.0001"), None);
        assert_eq!(TABLE.position(""), None);
        assert_eq!(TABLE.code(Some(1)), "0171");
        assert_eq!(TABLE.code(None), "");
    }

    #[test]
    fn a_row_gives_every_field() {
        assert_eq!(
            TABLE.docs(Some(1)),
            &[ErrorDoc {
                code: "0171",
                statuses: &[],
                message: "Gone.",
                description: Some("What it means."),
                solution: Some("What to do."),
                context: None,
            }]
        );
        let bad = TABLE.docs(Some(0));
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].statuses, &[400]);
        assert_eq!(
            (bad[0].description, bad[0].solution, bad[0].context),
            (None, None, None)
        );
    }

    #[test]
    fn a_code_listed_several_times_has_every_row_and_the_union_of_statuses() {
        let rows = TABLE.docs(Some(2));
        let messages: Vec<_> = rows.iter().map(|r| r.message).collect();
        assert_eq!(messages, ["First.", "Second.", "Third."]);
        assert!(rows.iter().all(|r| r.code == "X.1"));
        assert_eq!(
            rows[0].description,
            Some("Line one.\nLine two."),
            "a field before the last may span lines"
        );
        assert_eq!(rows[1].statuses, &[404, 409]);
        assert_eq!(rows[1].solution, Some("Retry."));
        assert_eq!(rows[2].context, Some("Table 4"));
        assert_eq!(TABLE.statuses(Some(2)), &[400, 404, 409]);
        assert_eq!(TABLE.statuses(Some(3)), &[500], "each status once");
        assert_eq!(TABLE.docs(Some(3))[0].statuses, &[500, 500]);
        assert_eq!(TABLE.statuses(Some(0)), &[400]);
        assert!(TABLE.statuses(Some(1)).is_empty());
    }

    #[test]
    fn an_unknown_index_has_nothing() {
        assert!(TABLE.docs(None).is_empty());
        assert!(TABLE.docs(Some(4)).is_empty());
        assert!(TABLE.statuses(None).is_empty());
        assert!(TABLE.statuses(Some(usize::MAX)).is_empty());
        assert_eq!(TABLE.code(Some(4)), "");
    }

    #[test]
    fn parsing_happens_once_and_the_rows_stay_put() {
        static ONCE: ErrorTable = ErrorTable::new("A\t1\tm\t\t\t");
        assert!(format!("{ONCE:?}").contains("parsed: false"));
        let first = ONCE.docs(Some(0));
        assert!(format!("{ONCE:?}").contains("parsed: true"));
        assert!(std::ptr::eq(first, ONCE.docs(Some(0))));
        assert!(std::ptr::eq(ONCE.statuses(Some(0)), first[0].statuses));
    }

    #[test]
    fn empty_and_ragged_texts_do_not_panic() {
        static EMPTY: ErrorTable = ErrorTable::new("");
        assert!(EMPTY.is_empty());
        assert!(EMPTY.docs(Some(0)).is_empty());
        assert_eq!(EMPTY.position("A"), None);
        static BLANK_LINES: ErrorTable = ErrorTable::new("\n\nA\t1\tm\t\t\t\n\n\nB\t\tn\t\t\t\n");
        assert_eq!(BLANK_LINES.len(), 2);
        assert_eq!(BLANK_LINES.docs(Some(1))[0].message, "n");
        static RAGGED: ErrorTable = ErrorTable::new("A\t400,x,70000\tm");
        assert_eq!(RAGGED.len(), 1);
        assert_eq!(RAGGED.statuses(Some(0)), &[400], "non-numbers are left out");
        assert_eq!(RAGGED.docs(Some(0))[0].message, "m");
        assert_eq!(RAGGED.docs(Some(0))[0].description, None);
    }
}
