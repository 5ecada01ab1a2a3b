//! Emits `ErrorCode`: every documented code of the service, plus a catch-all.
//!
//! The documentation of each code (statuses, message, description, solution, and every further
//! row of a code listed more than once) is one string literal, a text table that the runtime's
//! `ErrorTable` parses on first use: one line per row, its fields ended by tabs, the codes in
//! the order of `ErrorCode::ALL` (see `otc_runtime::ErrorTable` for the form). The literal is
//! written with real line breaks, so the generated file shows one row per line. The variant's
//! rustdoc is the first row's one-line summary; the rest is in the table, read through
//! `documentation()`. A code's index is its position in `ALL`, and a code read from the wire
//! is looked up in the table, so no `match` grows with the number of codes: services have
//! hundreds, and such matches were a large part of the generated code.
//!
//! The methods and trait impls, the same for every service, come from the runtime's
//! `error_code!` macro; the generated file holds the enum, `ALL` and the table.

use std::fmt::Write as _;
use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{code_span, raw_doc_attrs, sanitize};
use super::ident;
use crate::model::{ErrorModel, Model};

/// The `ErrorCode` enum and its impls.
pub fn error_code(model: &Model) -> TokenStream {
    let title = sanitize(&model.service.title);
    let doc = raw_doc_attrs(&format!(
        "Error codes of {title}, as documented in the API reference ({} codes).\n\n\
         A code the reference does not list arrives as [`ErrorCode::Unknown`] with the code kept as sent; \
         a listed code is always its own variant, however the value is made (`from`, `parse`, deserialisation). \
         Each variant's doc is the reference's summary; [`ErrorCode::documentation`] gives statuses, message, \
         description and solution of a documented code, with every further row the reference has for it.",
        model.errors.len()
    ));
    let variants = model.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let doc = raw_doc_attrs(&variant_doc(e));
        quote! { #doc #v, }
    });
    let all = model.errors.iter().map(|e| {
        let v = ident(&e.variant);
        quote! { Self::#v }
    });
    let table = str_literal(&table_text(&model.errors));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #(#variants)*
            /// A code the API reference does not document, kept as sent. Only codes that no
            /// other variant stands for end up here.
            Unknown(::otc_runtime::UnknownCode<ErrorCode>),
        }

        impl ErrorCode {
            /// Every documented code, in the order of the reference.
            pub const ALL: &'static [ErrorCode] = &[#(#all),*];
        }

        ::otc_runtime::error_code!(ErrorCode, #table);
    }
}

/// The table text (see `otc_runtime::ErrorTable`): a line break first (when there are rows), so
/// that the first row starts a line of the generated file, then per row the code, its statuses, message,
/// description, solution and context, each ended by a tab but the last, ended by a line break.
/// A tab inside a text would end its field, and a line break in the context its row: each
/// becomes a space (no spec has one; validation refuses control characters in codes). Line breaks in the
/// other texts stay. A text left out is an empty field, as is an empty one.
fn table_text(errors: &[ErrorModel]) -> String {
    let field = |text: &str| text.replace('\t', " ");
    let mut out = String::new();
    for e in errors {
        if out.is_empty() {
            out.push('\n');
        }
        for r in &e.rows {
            let statuses = r
                .statuses
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let text = |t: &Option<String>| t.as_deref().map(field).unwrap_or_default();
            let context = text(&r.context).replace(['\n', '\r'], " ");
            let _ = writeln!(
                out,
                "{}\t{statuses}\t{}\t{}\t{}\t{context}",
                field(&e.code),
                field(&r.message),
                text(&r.description),
                text(&r.solution),
            );
        }
    }
    out
}

/// A string literal for `text` that keeps its line breaks as real ones, so that prettyplease
/// prints the table one row per line (a literal made by `Literal::string` escapes them as
/// `\n`). Tabs and carriage returns are written as `\t` and `\r`; other control characters
/// and the text-direction controls that rustc refuses in literals as `\u{..}`; a space before
/// a line break as `\x20`, so that no line of the generated file ends in a space.
fn str_literal(text: &str) -> Literal {
    let mut source = String::with_capacity(text.len() + 2);
    source.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => source.push_str("\\\""),
            '\\' => source.push_str("\\\\"),
            '\n' => source.push('\n'),
            '\t' => source.push_str("\\t"),
            '\r' => source.push_str("\\r"),
            ' ' if chars.peek() == Some(&'\n') => source.push_str("\\x20"),
            c if c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') =>
            {
                let _ = write!(source, "\\u{{{:x}}}", u32::from(c));
            }
            c => source.push(c),
        }
    }
    source.push('"');
    // The source is a well-formed string literal by construction; should proc-macro2 still
    // refuse it, the escaped form keeps the value.
    Literal::from_str(&source).unwrap_or_else(|_| Literal::string(text))
}

fn statuses_text(statuses: &[u16]) -> String {
    match statuses {
        [] => "HTTP status not documented".to_owned(),
        [one] => format!("HTTP {one}"),
        many => format!(
            "HTTP {}",
            many.iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join("/")
        ),
    }
}

/// The variant's rustdoc: the first documented row in one line (the rest is in the table).
fn variant_doc(e: &ErrorModel) -> String {
    match e.rows.first() {
        Some(r) => format!(
            "{} ({}): {}",
            code_span(&e.code),
            statuses_text(&r.statuses),
            sanitize(&r.message).replace('\n', " ")
        ),
        None => code_span(&e.code),
    }
}

#[cfg(test)]
mod tests {
    use super::{ErrorModel, str_literal, table_text};
    use crate::model::ErrorRow;

    fn row(statuses: &[u16], message: &str) -> ErrorRow {
        ErrorRow {
            statuses: statuses.to_vec(),
            message: message.to_owned(),
            description: None,
            solution: None,
            context: None,
        }
    }

    fn code(code: &str, rows: Vec<ErrorRow>) -> ErrorModel {
        ErrorModel {
            code: code.to_owned(),
            variant: String::new(),
            statuses: Vec::new(),
            rows,
        }
    }

    #[test]
    fn the_table_has_one_line_per_row_and_keeps_line_breaks_in_texts() {
        let mut second = row(&[404, 409], "Again.");
        second.description = Some("Line one.\nLine two.".to_owned());
        second.solution = Some("Tab\there.".to_owned());
        second.context = Some("Table\n3".to_owned());
        let errors = [
            code("A.1", vec![row(&[400], "First."), second]),
            code("0171", vec![row(&[], "\"Quoted\" \\ back")]),
        ];
        assert_eq!(
            table_text(&errors),
            "\nA.1\t400\tFirst.\t\t\t\n\
             A.1\t404,409\tAgain.\tLine one.\nLine two.\tTab here.\tTable 3\n\
             0171\t\t\"Quoted\" \\ back\t\t\t\n"
        );
        assert_eq!(table_text(&[]), "");
    }

    #[test]
    fn the_literal_keeps_the_value_and_shows_line_breaks_as_such() {
        let text = "\nA\t1\t\"q\" \\ x \r \u{202E} \u{1b} end \n\u{e4}\t\t\t\t\n";
        let literal = str_literal(text);
        let source = literal.to_string();
        assert_eq!(
            source,
            "\"\nA\\t1\\t\\\"q\\\" \\\\ x \\r \\u{202e} \\u{1b} end\\x20\n\u{e4}\\t\\t\\t\\t\n\""
        );
        let parsed: syn::LitStr = syn::parse_str(&source).expect("a string literal");
        assert_eq!(parsed.value(), text);
    }
}
