//! Emits `ErrorCode`: every documented code of the service, plus a catch-all.
//!
//! The documentation of each code (statuses, message, description, solution, and every further
//! row of a code listed more than once) lives in one static table, in the order of
//! `ErrorCode::ALL`, each row a call of a private `row` with positional arguments that hands them to
//! the runtime's `ErrorDoc::row`. The variant's rustdoc is the first row's one-line summary; the rest is in the
//! table, read through `documentation()`. A code's index is its position in `ALL`, and a
//! code read from the wire is looked up in the table, so no `match` grows with the number of
//! codes: services have hundreds, and such matches were a large part of the generated code.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, raw_doc_attrs, sanitize};
use super::ident;
use crate::model::{ErrorModel, ErrorRow, Model};

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
    let docs = model.errors.iter().map(|e| {
        let rows = e.rows.iter().map(|r| row(&e.code, r));
        quote! { &[#(#rows),*] }
    });
    let statuses = model.errors.iter().map(|e| {
        let s = e
            .statuses
            .iter()
            .map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
        quote! { &[#(#s),*] }
    });
    let count = model.errors.len();
    // The rows call a private `row` of the enum (short, for hundreds of rows) that hands its
    // arguments to the runtime's `ErrorDoc::row`; a service without codes has no rows.
    let row_fn = if model.errors.is_empty() {
        quote! {}
    } else {
        quote! {
            /// One row of [`ErrorCode::DOCS`], by position.
            const fn row(
                code: &'static str,
                statuses: &'static [u16],
                message: &'static str,
                description: Option<&'static str>,
                solution: Option<&'static str>,
                context: Option<&'static str>,
            ) -> ::otc_runtime::ErrorDoc {
                ::otc_runtime::ErrorDoc::row(code, statuses, message, description, solution, context)
            }
        }
    };
    // A service that documents no code (SFS capacity-oriented) has only `Unknown`: a match
    // with a catch-all arm would be flagged as unreachable.
    let as_str_body = if model.errors.is_empty() {
        quote! {
            let Self::Unknown(code) = self;
            code.as_str()
        }
    } else {
        quote! {
            match self.documentation().first() {
                Some(doc) => doc.code,
                None => match self {
                    Self::Unknown(code) => code.as_str(),
                    _ => "",
                },
            }
        }
    };
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

            /// Documentation rows per code, in the order of [`ErrorCode::ALL`].
            const DOCS: [&'static [::otc_runtime::ErrorDoc]; #count] = [#(#docs),*];

            /// Statuses of all documented rows per code, in the order of [`ErrorCode::ALL`].
            const STATUSES: [&'static [u16]; #count] = [#(#statuses),*];

            #row_fn

            /// Position in [`ErrorCode::ALL`] and in the table; `None` for unknown codes.
            fn index(&self) -> Option<usize> {
                Self::ALL.iter().position(|code| code == self)
            }

            /// The code exactly as the service sends it.
            pub fn as_str(&self) -> &str {
                #as_str_body
            }

            /// Every documented row for this code (more than one when the reference lists the
            /// code several times with different messages); empty for unknown codes.
            pub fn documentation(&self) -> &'static [::otc_runtime::ErrorDoc] {
                match self.index().and_then(|i| Self::DOCS.get(i)) {
                    Some(rows) => rows,
                    None => &[],
                }
            }

            /// HTTP statuses the reference gives for this code, over all of its documented
            /// rows (each status once); empty for unknown codes.
            pub fn http_statuses(&self) -> &'static [u16] {
                match self.index().and_then(|i| Self::STATUSES.get(i)) {
                    Some(statuses) => statuses,
                    None => &[],
                }
            }

            /// The documented message.
            pub fn message(&self) -> Option<&'static str> {
                self.documentation().first().map(|doc| doc.message)
            }

            /// Every documented code that the reference gives with HTTP `status`.
            pub fn for_status(status: u16) -> impl Iterator<Item = &'static ErrorCode> {
                Self::ALL.iter().filter(move |code| code.http_statuses().contains(&status))
            }

            /// True for codes the reference does not document.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl From<&str> for ErrorCode {
            fn from(code: &str) -> Self {
                ::otc_runtime::ServiceErrorCode::from_code(code)
            }
        }

        impl From<String> for ErrorCode {
            fn from(code: String) -> Self {
                ::otc_runtime::ServiceErrorCode::from_code(&code)
            }
        }

        impl std::str::FromStr for ErrorCode {
            type Err = std::convert::Infallible;

            fn from_str(code: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(code))
            }
        }

        impl std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::otc_runtime::serde::Serialize for ErrorCode {
            fn serialize<S: ::otc_runtime::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::otc_runtime::serde::Deserialize<'de> for ErrorCode {
            fn deserialize<D: ::otc_runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                ::otc_runtime::string_enum::deserialize(deserializer)
            }
        }

        impl ::otc_runtime::ServiceErrorCode for ErrorCode {
            fn documented(code: &str) -> Option<Self> {
                ::otc_runtime::ErrorDoc::position(&Self::DOCS, code)
                    .and_then(|i| Self::ALL.get(i).cloned())
            }

            fn undocumented(code: ::otc_runtime::UnknownCode<Self>) -> Self {
                Self::Unknown(code)
            }

            fn as_str(&self) -> &str {
                ErrorCode::as_str(self)
            }
        }
    }
}

fn opt(text: &Option<String>) -> TokenStream {
    match text {
        Some(t) => quote! { Some(#t) },
        None => quote! { None },
    }
}

fn row(code: &str, r: &ErrorRow) -> TokenStream {
    let statuses = &r.statuses;
    let message = &r.message;
    let description = opt(&r.description);
    let solution = opt(&r.solution);
    let context = opt(&r.context);
    let statuses = statuses
        .iter()
        .map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
    quote! {
        Self::row(#code, &[#(#statuses),*], #message, #description, #solution, #context)
    }
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
