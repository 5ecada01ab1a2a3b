//! Emits waiters: the `waiters` module (one `otc_runtime::waiter::WaiterSpec` static per
//! waiter) and the `wait_<name>` client methods, which build the polled operation's request
//! and hand it to `otc_runtime::waiter::Wait`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code_span, raw_doc_attrs, sanitize};
use super::operations::positional_args;
use super::types::arg_type;
use super::{At, ident, ty_tokens_at};
use crate::model::{Model, StatePath, Ty, WaiterModel};

/// The `waiters` module, or nothing when the spec declares no waiter.
pub fn waiters_module(model: &Model) -> TokenStream {
    if model.waiters.is_empty() {
        return quote! {};
    }
    let service = &model.service.name;
    let statics = model.waiters.iter().map(|w| {
        let name = format_ident!("{}", w.static_name);
        let wire_name = &w.name;
        let (success, failure, pending) = (&w.success, &w.failure, &w.pending);
        let (interval, max_interval, timeout) = (
            u64::from(w.interval),
            u64::from(w.max_interval),
            u64::from(w.timeout),
        );
        let doc = raw_doc_attrs(&format!(
            "The declaration behind [`super::Client::{}`].",
            w.method
        ));
        quote! {
            #doc
            pub static #name: ::otc_runtime::waiter::WaiterSpec = ::otc_runtime::waiter::WaiterSpec {
                service: #service,
                name: #wire_name,
                success: &[#(#success),*],
                failure: &[#(#failure),*],
                pending: &[#(#pending),*],
                initial_interval: std::time::Duration::from_secs(#interval),
                max_interval: std::time::Duration::from_secs(#max_interval),
                timeout: std::time::Duration::from_secs(#timeout),
            };
        }
    });
    quote! {
        /// What each waiter polls for: its states, intervals and timeout, as the spec declares them.
        pub mod waiters {
            #(#statics)*
        }
    }
}

/// The `wait_<name>` methods of the client.
pub fn client_methods(model: &Model) -> TokenStream {
    let methods = model.waiters.iter().filter_map(|w| {
        let op = model.operations.get(w.operation)?;
        Some(client_method(model, w, op))
    });
    quote! { #(#methods)* }
}

fn client_method(model: &Model, w: &WaiterModel, op: &crate::model::OperationModel) -> TokenStream {
    let method = ident(&w.method);
    let statik = format_ident!("{}", w.static_name);
    let output = root_output_type(op);
    let positional = positional_args(op, At::Root);
    let mut decls: Vec<TokenStream> = positional
        .iter()
        .map(|(n, t, _)| quote! { #n: #t })
        .collect();
    let construct = super::operations::construct(op);
    let mut setters = Vec::new();
    for &i in &w.args {
        let Some(p) = op.params.get(i) else { continue };
        let name = ident(&p.rust);
        let ty = match &p.ty {
            Ty::String | Ty::Secret => arg_type(&p.ty),
            other => ty_tokens_at(other, At::Root),
        };
        decls.push(quote! { #name: #ty });
        setters.push(quote! { .#name(#name) });
    }
    let state = path_expr(&w.state);
    let reason = match &w.reason {
        Some(steps) => path_expr(steps),
        None => quote! { None },
    };
    let doc = raw_doc_attrs(&method_doc(model, w, op));
    let allow = if decls.len() > 6 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        quote! {}
    };
    // `#[inline]`: compiled in the crate that waits, not in the service crate (see the
    // paging methods in `operations.rs`); a waiter without arguments is non-generic.
    quote! {
        #doc
        #allow
        #[inline]
        pub fn #method(&self, #(#decls),*) -> ::otc_runtime::waiter::Wait<::otc_runtime::Response<#output>, self::ErrorCode> {
            let poll = #construct #(#setters)*;
            ::otc_runtime::waiter::Wait::new(
                &self.inner,
                &self::waiters::#statik,
                move || poll.clone().send(),
                |answer: &::otc_runtime::Response<#output>| {
                    ::otc_runtime::waiter::Observation::new(#state, #reason)
                },
            )
        }
    }
}

/// An `Option<&str>` expression reading `path` from `answer.body`: plain field access while
/// the fields are always there, `Option` combinators from the first that may be missing.
fn path_expr(path: &StatePath) -> TokenStream {
    let steps = &path.steps;
    // `(expr, false)`: a place that is always there; `(expr, true)`: an `Option<&_>`.
    let mut expr = (quote! { answer.body }, false);
    // A `String` in an `Option` at the end is read with `as_deref`; anything else is
    // converted with `as_str` (a `String`, or a generated enum's wire value).
    let mut converted = false;
    for (i, step) in steps.iter().enumerate() {
        let field = ident(&step.rust);
        let last = i + 1 == steps.len() && step.index.is_none();
        let take = if last && path.is_string {
            converted = true;
            quote! { as_deref }
        } else {
            quote! { as_ref }
        };
        let (e, optional) = expr;
        expr = match (optional, step.optional) {
            (false, false) => (quote! { #e.#field }, false),
            (false, true) => (quote! { #e.#field.#take() }, true),
            (true, false) => (quote! { #e.map(|value| &value.#field) }, true),
            (true, true) => (quote! { #e.and_then(|value| value.#field.#take()) }, true),
        };
        if !step.optional {
            // Read as a place or through `map`: still a `&String` or an enum.
            converted = false;
        }
        if let Some(n) = step.index {
            let (e, optional) = expr;
            let item = if n == 0 {
                quote! { first() }
            } else {
                quote! { get(#n) }
            };
            expr = if optional {
                (quote! { #e.and_then(|items| items.#item) }, true)
            } else {
                (quote! { #e.#item }, true)
            };
        }
    }
    match expr {
        (e, false) => quote! { Some(#e.as_str()) },
        (e, true) if converted => e,
        (e, true) => quote! { #e.map(|state| state.as_str()) },
    }
}

fn method_doc(model: &Model, w: &WaiterModel, op: &crate::model::OperationModel) -> String {
    let list = |states: &[String]| {
        states
            .iter()
            .map(|s| code_span(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let path = |path: &StatePath| {
        code_span(
            &path
                .steps
                .iter()
                .map(|s| match s.index {
                    Some(n) => format!("{}[{n}]", s.wire),
                    None => s.wire.clone(),
                })
                .collect::<Vec<_>>()
                .join("."),
        )
    };
    let mut doc = match &w.doc {
        Some(d) => sanitize(d),
        None => format!(
            "Waits until [`{}`](Self::{}) reports a final state.",
            op.name,
            super::bare(&op.name)
        ),
    };
    doc.push_str(&format!(
        "\n\nPolls {} and reads {}: done at {}",
        code_span(&format!("{} {}", op.method.as_str(), op.path)),
        path(&w.state),
        list(&w.success)
    ));
    if !w.failure.is_empty() {
        doc.push_str(&format!("; failed at {}", list(&w.failure)));
        if let Some(reason) = &w.reason {
            doc.push_str(&format!(" (the reason is read from {})", path(reason)));
        }
    }
    doc.push_str(&format!(
        "; still going at {} and any state not listed. The first wait is {} s, doubling up to {} s; \
         the whole wait ends after {} s. Change them with `.interval(…)` and `.timeout(…)`; \
         run it with `.await` (or `.send().await`). Dropping the future stops the polling.",
        list(&w.pending),
        w.interval,
        w.max_interval,
        w.timeout
    ));
    doc.push_str(&format!(
        "\n\n# Errors\n\n[`otc_runtime::waiter::WaitError`] with the last state seen and the reason \
         the service gave, on a failure state, at the deadline, or when a poll fails with an error \
         that polling again would not cure (see [`otc_runtime::waiter`]). Declared in `{}`.",
        model.spec_file
    ));
    doc
}

/// Rust type of what the polled operation's `send` returns, named from the client's level.
fn root_output_type(op: &crate::model::OperationModel) -> TokenStream {
    match &op.output {
        crate::model::Output::Empty => quote! { () },
        crate::model::Output::Body(ty) => ty_tokens_at(ty, At::Root),
        crate::model::Output::PerStatus { name, .. } => {
            let name = ident(name);
            quote! { self::types::#name }
        }
    }
}
