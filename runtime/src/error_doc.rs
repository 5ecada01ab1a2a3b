//! Documentation of one error code, as generated `ErrorCode` enums carry it.

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

impl ErrorDoc {
    /// A row by position: what generated error tables are built from (a struct literal per
    /// row would spell every field name hundreds of times in each service crate).
    #[doc(hidden)]
    pub const fn row(
        code: &'static str,
        statuses: &'static [u16],
        message: &'static str,
        description: Option<&'static str>,
        solution: Option<&'static str>,
        context: Option<&'static str>,
    ) -> Self {
        Self {
            code,
            statuses,
            message,
            description,
            solution,
            context,
        }
    }

    /// Position of `code` in a generated table of rows per code (the first row of each entry
    /// names the code); `None` for a code the table does not have.
    #[doc(hidden)]
    pub fn position(table: &[&[ErrorDoc]], code: &str) -> Option<usize> {
        table
            .iter()
            .position(|rows| rows.first().is_some_and(|doc| doc.code == code))
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorDoc;

    const A: ErrorDoc = ErrorDoc::row("AS.0001", &[400], "Bad.", None, None, None);
    const B: ErrorDoc = ErrorDoc::row("0171", &[], "Gone.", Some("d"), Some("s"), Some("c"));

    #[test]
    fn position_finds_a_code_by_its_first_row() {
        let table: &[&[ErrorDoc]] = &[&[A], &[B, A]];
        assert_eq!(ErrorDoc::position(table, "AS.0001"), Some(0));
        assert_eq!(ErrorDoc::position(table, "0171"), Some(1));
        assert_eq!(
            ErrorDoc::position(table, "171"),
            None,
            "codes are strings, not numbers"
        );
        assert_eq!(B.solution, Some("s"));
    }
}
