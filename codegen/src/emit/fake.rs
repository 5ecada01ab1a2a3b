//! Emits the `fake` module (behind the crate's feature `fake`): a typed face of
//! `::otc_runtime::fake::FakeCloud` for this service, with one method per operation returning
//! its `::otc_runtime::fake::Stub`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, raw_doc_attrs, sanitize};
use super::{ident, ty_tokens};
use crate::model::{Model, OperationModel, Output, Ty};

/// Methods of `Fake` itself; an operation with one of these names gets no stub method.
const OWN_METHODS: &[&str] = &["start", "on", "client", "cloud"];

/// The `fake` module.
pub fn fake_module(model: &Model) -> TokenStream {
    let s = &model.service;
    let envelope = envelope(s.envelopes.first().map(String::as_str));
    let title = sanitize(&s.title);
    let doc = raw_doc_attrs(&format!(
        "A fake {title} for tests of code that uses [`Client`] (feature `fake`).\n\n\
         `Fake::start` starts a local server that answers the IAM token call and every \
         operation of this service; `Fake::client` is a client pointed at it. Say what an \
         operation answers with its stub, `fake.<operation>()`: `.respond(value)`, \
         `.respond_with_status(status, value)`, `.then_respond(value)` for answers in turn, \
         `.fail(ErrorCode::…, \"message\")` for a service error in the service's own error \
         body; read what it received with `.requests()` (path and query parameters, the typed \
         body). `Fake::on` adds this service to a fake cloud another service's fake started, \
         so one client reaches both."
    ));
    let stubs: Vec<TokenStream> = model
        .operations
        .iter()
        .filter(|op| op.base_parts.is_none() && !OWN_METHODS.contains(&super::bare(&op.name)))
        .map(stub_method)
        .collect();
    let helpers = if stubs.is_empty() {
        quote! {}
    } else {
        quote! {
            /// The documented status of an error code: the first the reference gives, else 400.
            fn status_of(code: &super::ErrorCode) -> u16 {
                code.http_statuses().first().copied().unwrap_or(400)
            }

            /// The error body this service sends.
            fn envelope() -> ::otc_runtime::Envelope {
                #envelope
            }
        }
    };
    quote! {
        #doc
        #[cfg(feature = "fake")]
        pub mod fake {
            /// A fake of this service on a local server: see the [module docs](self).
            #[derive(Debug, Clone)]
            pub struct Fake {
                cloud: ::otc_runtime::fake::FakeCloud,
            }

            #helpers

            impl Fake {
                /// Starts a fake cloud with this service in its catalog.
                pub async fn start() -> Self {
                    Self::on(&::otc_runtime::fake::FakeCloud::start().await)
                }

                /// This service on an already running fake cloud.
                pub fn on(cloud: &::otc_runtime::fake::FakeCloud) -> Self {
                    cloud.register(&super::SERVICE);
                    Self { cloud: cloud.clone() }
                }

                /// A client of this service pointed at the fake (logs in to the fake IAM; no retries).
                pub fn client(&self) -> super::Client {
                    super::Client::new(self.cloud.client())
                }

                /// The fake cloud underneath: its address, a runtime client, the wiremock server.
                pub fn cloud(&self) -> &::otc_runtime::fake::FakeCloud {
                    &self.cloud
                }

                #(#stubs)*
            }
        }
    }
}

fn stub_method(op: &OperationModel) -> TokenStream {
    let method = ident(&op.name);
    let name = &op.name;
    let http_method = op.method.as_str();
    let path = &op.path;
    let statuses: Vec<u16> = op.responses.iter().map(|r| r.status).collect();
    let body = match &op.body {
        Some(b) if b.ty != Ty::Bytes => ty_tokens(&b.ty, true),
        _ => quote! { () },
    };
    let (answer, has_body, answer_note) = match &op.output {
        Output::Empty => (quote! { () }, false, ""),
        Output::Body(Ty::Bytes) => (
            quote! { ::otc_runtime::serde_json::Value },
            true,
            " The answer is raw bytes: set it with `respond_raw`.",
        ),
        Output::Body(ty) => (ty_tokens(ty, true), true, ""),
        Output::PerStatus { .. } => (
            quote! { ::otc_runtime::serde_json::Value },
            true,
            " Its statuses answer different types, so the stub takes JSON: use `respond_with_status`.",
        ),
    };
    let doc = raw_doc_attrs(&format!(
        "The stub of [`super::Client::{}`] ({}).{answer_note}",
        super::bare(&op.name),
        code_span(&format!("{http_method} {path}")),
    ));
    quote! {
        #doc
        pub fn #method(&self) -> ::otc_runtime::fake::Stub<#body, #answer, super::ErrorCode> {
            static OPERATION: ::otc_runtime::fake::OperationInfo = ::otc_runtime::fake::OperationInfo {
                service: &super::SERVICE,
                name: #name,
                method: #http_method,
                path: #path,
                statuses: &[#(#statuses),*],
                has_body: #has_body,
            };
            self.cloud.stub(&OPERATION, envelope(), status_of)
        }
    }
}

/// The runtime envelope of a spec's first documented error envelope.
fn envelope(name: Option<&str>) -> TokenStream {
    match name {
        Some("nested_error") | Some("keystone") => quote! { ::otc_runtime::Envelope::NestedError },
        Some("code_message") => quote! { ::otc_runtime::Envelope::CodeMessage },
        Some("err_code_msg") => quote! { ::otc_runtime::Envelope::ErrCodeErrMsg },
        Some("error_code_msg_camel") => {
            quote! { ::otc_runtime::Envelope::ErrorCodeErrorMsgCamel }
        }
        Some("open_stack_fault") => {
            quote! { ::otc_runtime::Envelope::OpenStackFault("itemNotFound".to_owned()) }
        }
        _ => quote! { ::otc_runtime::Envelope::ErrorCodeErrorMsg },
    }
}
