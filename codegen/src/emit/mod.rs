//! Stage 4, emit: [`Model`] → Rust tokens (syn, quote, proc-macro2). One file per concern:
//! `types` (structs and enums), `operations` (request builders), `client` (the client and its
//! methods), `errors` (the `ErrorCode` enum), `waiters` (the `waiters` module and the
//! `wait_<name>` client methods), `fake` (the `fake` module for users' tests). Emission reads
//! only the model.
//!
//! The emitted file may be `include!`d in any module of a crate that depends on `otc-runtime`
//! (nothing else): it reaches its own items by relative paths (`self::types`, `super::types`,
//! `super::ErrorCode`, never `crate::`), and everything else through the runtime, serde and
//! serde_json included: the emitters write `::otc_runtime::…`, and `runtime_alias` names it
//! `rt` in the file (`use ::otc_runtime as rt;` at the top, `use super::rt;` in each module).
//! So two specs can be generated into two modules of one crate. Its `fake` module is compiled only when the including crate has
//! the feature `fake = ["otc-runtime/fake"]` enabled (`otc-codegen sync` declares it), which
//! also adds the serde half a type does not need on the wire (see `model::direction`).

mod client;
pub mod docs;
mod errors;
mod fake;
mod operations;
mod runtime_alias;
mod types;
mod waiters;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Model, Ty};
use crate::names;

/// Every item of the generated file, unformatted.
pub fn emit(model: &Model) -> TokenStream {
    let service = service_static(model);
    let types = types::types_module(model);
    let operations = operations::operations_module(model);
    let client = client::client(model);
    let errors = errors::error_code(model);
    let waiters = waiters::waiters_module(model);
    let fake = fake::fake_module(model);
    runtime_alias::shorten(quote! {
        #service
        #client
        #errors
        #types
        #operations
        #waiters
        #fake
    })
}

fn service_static(model: &Model) -> TokenStream {
    let s = &model.service;
    let (name, title, catalog, endpoint) = (&s.name, &s.title, &s.catalog_type, &s.endpoint);
    let doc = docs::raw_doc_attrs(&format!(
        "How the runtime finds {}: its name, its catalog type and its endpoint template.",
        docs::sanitize(title)
    ));
    quote! {
        #doc
        pub static SERVICE: ::otc_runtime::ServiceInfo = ::otc_runtime::ServiceInfo {
            name: #name,
            title: #title,
            catalog_type: #catalog,
            endpoint_template: #endpoint,
        };
        /// What a call of this service fails with: [`otc_runtime::Error`] carrying this
        /// service's [`ErrorCode`] when the service refuses.
        pub type Error = ::otc_runtime::Error<ErrorCode>;
    }
}

/// An identifier for a name the model made. Raw identifiers (`r#type`) are kept raw; anything
/// that is not a legal identifier (a bad `rust_name` that validation did not stop) is made
/// legal instead of panicking.
pub fn ident(name: &str) -> Ident {
    if let Some(raw) = name.strip_prefix("r#")
        && names::is_plain_ident(&format!("x{raw}"))
        && !raw.is_empty()
    {
        return Ident::new_raw(raw, Span::call_site());
    }
    if names::is_plain_ident(name) {
        return Ident::new(name, Span::call_site());
    }
    let fixed = if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        names::camel(name, "T", "Item")
    } else {
        names::snake(name, "item")
    };
    match fixed.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&fixed, Span::call_site()),
    }
}

/// `name` without `r#`.
pub fn bare(name: &str) -> &str {
    names::bare(name)
}

/// Where a type is named from, which decides the path of a generated type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// Inside `types`: the bare name.
    Types,
    /// In a module beside `types` (`operations`): `super::types::Name`.
    Sibling,
    /// At the level of the generated file (the client): `self::types::Name`.
    Root,
}

/// Tokens for a type; `qualified` prefixes named types with `super::types::` (outside the
/// `types` module).
pub fn ty_tokens(ty: &Ty, qualified: bool) -> TokenStream {
    ty_tokens_at(ty, if qualified { At::Sibling } else { At::Types })
}

/// Tokens for a type named from `at`.
pub fn ty_tokens_at(ty: &Ty, at: At) -> TokenStream {
    match ty {
        Ty::String => quote! { String },
        Ty::Secret => quote! { ::otc_runtime::Secret },
        Ty::Integer => quote! { i64 },
        Ty::Number => quote! { f64 },
        Ty::Boolean => quote! { bool },
        Ty::Json => quote! { ::otc_runtime::serde_json::Value },
        Ty::Bytes => quote! { ::otc_runtime::bytes::Bytes },
        Ty::Named(n) => {
            let n = ident(n);
            match at {
                At::Types => quote! { #n },
                At::Sibling => quote! { super::types::#n },
                At::Root => quote! { self::types::#n },
            }
        }
        Ty::Array(inner) => {
            let inner = ty_tokens_at(inner, at);
            quote! { Vec<#inner> }
        }
        Ty::Map(inner) => {
            let inner = ty_tokens_at(inner, at);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
    }
}

/// The Rust path a user writes for a type, for `otc-codegen list`.
pub fn ty_path(ty: &Ty, crate_ident: &str) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Secret => "otc_runtime::Secret".to_owned(),
        Ty::Integer => "i64".to_owned(),
        Ty::Number => "f64".to_owned(),
        Ty::Boolean => "bool".to_owned(),
        Ty::Json => "serde_json::Value".to_owned(),
        Ty::Bytes => "otc_runtime::bytes::Bytes".to_owned(),
        Ty::Named(n) => format!("{crate_ident}::types::{}", bare(n)),
        Ty::Array(inner) => format!("Vec<{}>", ty_path(inner, crate_ident)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", ty_path(inner, crate_ident)),
    }
}
