//! Emits `ErrorCode`: every documented code of the service, plus a catch-all.
//!
//! The documentation of each code (statuses, message, description, solution, and every further
//! row of a code listed more than once) lives in one static table; the enum maps to an index
//! into it with a single `match`, which keeps the generated code small for services with
//! hundreds of codes.

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
         [`ErrorCode::documentation`] gives status, message, description and solution of a documented code.",
        model.errors.len()
    ));
    let variants = model.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let doc = raw_doc_attrs(&variant_doc(e));
        quote! { #doc #v, }
    });
    let index_arms = model.errors.iter().enumerate().map(|(i, e)| {
        let v = ident(&e.variant);
        quote! { Self::#v => Some(#i), }
    });
    let from_arms = model.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let code = &e.code;
        quote! { #code => Some(Self::#v), }
    });
    let all = model.errors.iter().map(|e| {
        let v = ident(&e.variant);
        quote! { Self::#v }
    });
    let docs = model.errors.iter().map(|e| {
        let rows = e.rows.iter().map(|r| row(&e.code, r));
        quote! { &[#(#rows),*] }
    });
    let count = model.errors.len();
    let documented_body = if model.errors.is_empty() {
        quote! {
            let _ = code;
            None
        }
    } else {
        quote! {
            match code {
                #(#from_arms)*
                _ => None,
            }
        }
    };
    let index_body = if model.errors.is_empty() {
        quote! {
            let Self::Unknown(_) = self;
            None
        }
    } else {
        quote! {
            match self {
                #(#index_arms)*
                Self::Unknown(_) => None,
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

            fn index(&self) -> Option<usize> {
                #index_body
            }

            /// The code exactly as the service sends it.
            pub fn as_str(&self) -> &str {
                match self.documentation().first() {
                    Some(doc) => doc.code,
                    None => match self {
                        Self::Unknown(code) => code.as_str(),
                        _ => "",
                    },
                }
            }

            /// Every documented row for this code (more than one when the reference lists the
            /// code several times with different messages); empty for unknown codes.
            pub fn documentation(&self) -> &'static [::otc_runtime::ErrorDoc] {
                match self.index().and_then(|i| Self::DOCS.get(i)) {
                    Some(rows) => rows,
                    None => &[],
                }
            }

            /// HTTP statuses the reference gives for this code.
            pub fn http_statuses(&self) -> &'static [u16] {
                self.documentation().first().map_or(&[], |doc| doc.statuses)
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
                #documented_body
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
    quote! {
        ::otc_runtime::ErrorDoc {
            code: #code,
            statuses: &[#(#statuses),*],
            message: #message,
            description: #description,
            solution: #solution,
            context: #context,
        }
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

fn variant_doc(e: &ErrorModel) -> String {
    let mut text = String::new();
    for (i, r) in e.rows.iter().enumerate() {
        if i == 0 {
            text.push_str(&format!(
                "{} ({}): {}",
                code_span(&e.code),
                statuses_text(&r.statuses),
                sanitize(&r.message).replace('\n', " ")
            ));
        } else {
            text.push_str(&format!(
                "\n\nAlso documented ({}{}): {}",
                statuses_text(&r.statuses),
                r.context
                    .as_deref()
                    .map(|c| format!(", {}", sanitize(c).replace('\n', " ")))
                    .unwrap_or_default(),
                sanitize(&r.message).replace('\n', " ")
            ));
        }
        if let Some(d) = &r.description {
            text.push_str(&format!("\n\nDescription: {}", sanitize(d)));
        }
        if let Some(s) = &r.solution {
            text.push_str(&format!("\n\nSolution: {}", sanitize(s)));
        }
    }
    text
}
