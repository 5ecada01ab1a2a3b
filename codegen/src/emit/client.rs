//! Emits the service `Client`: one method per operation, returning its request builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, raw_doc_attrs, sanitize, summary};
use super::operations::{construct, deprecated_attr, positional_args};
use super::{At, ident};
use crate::model::Model;

/// The `Client` struct and its methods.
pub fn client(model: &Model) -> TokenStream {
    let s = &model.service;
    let title = sanitize(&s.title);
    let mut doc = format!(
        "Client for {title} (`{}`).\n\nMade from an [`otc_runtime::Client`], which holds the configuration, \
         the credentials and the connection pool; clones are cheap and share all of them.",
        s.name
    );
    if let Some(more) = &s.doc {
        doc.push_str("\n\n");
        doc.push_str(&sanitize(more));
    }
    let doc = raw_doc_attrs(&doc);
    let methods = model.operations.iter().map(|op| {
        let method = ident(&op.name);
        let builder = ident(&op.type_name);
        let args = positional_args(op, At::Root);
        let decls = args.iter().map(|(n, t, _)| quote! { #n: #t });
        let mut text = String::new();
        if let Some(summary) = summary(op.doc.as_deref()) {
            text.push_str(&summary);
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "See [`operations::{}`].",
            super::bare(&op.type_name)
        ));
        if let Some(url) = &op.reference_url {
            text.push_str(&format!("\n\nAPI reference: {}", docs::sanitize(url)));
        }
        let doc = raw_doc_attrs(&text);
        let deprecated = deprecated_attr(op);
        let construct = construct(op);
        let allow = if args.len() > 6 {
            quote! { #[allow(clippy::too_many_arguments)] }
        } else {
            quote! {}
        };
        quote! {
            #doc
            #deprecated
            #allow
            pub fn #method(&self, #(#decls),*) -> operations::#builder {
                #construct
            }
        }
    });
    let waits = super::waiters::client_methods(model);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: ::otc_runtime::Client,
        }

        impl Client {
            /// Wraps a configured runtime client.
            pub fn new(inner: ::otc_runtime::Client) -> Self {
                Self { inner }
            }

            /// The runtime client underneath (configuration, credentials, transport).
            pub fn runtime(&self) -> &::otc_runtime::Client {
                &self.inner
            }

            #(#methods)*
            #waits
        }
    }
}
