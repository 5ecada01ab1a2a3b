//! Emits the `operations` module: one request builder per operation.
//!
//! Required parameters and a required body are arguments of the client method (so they
//! cannot be forgotten: the compiler says so); optional ones are builder setters; `send`
//! builds the HTTP request through `otc_runtime::Request` and decodes the answer.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code_span, doc_attrs, raw_doc_attrs, sanitize};
use super::types::{arg_into, arg_type, converts};
use super::{At, ident, ty_tokens, ty_tokens_at};
use crate::model::{
    FieldRef, HeadersModel, Model, OperationModel, Output, PagingModel, PagingStyle, ParamModel,
    PathPart, Ty,
};
use crate::spec::{ConfigValue, ParamLocation};

/// The `operations` module.
pub fn operations_module(model: &Model) -> TokenStream {
    let builders = model.operations.iter().map(builder);
    quote! {
        /// Request builders, one per operation. Get one from a method of the service's `Client`.
        pub mod operations {
            #(#builders)*
        }
    }
}

/// Rust type of what `send` returns inside `Response<_>`.
pub fn output_type(op: &OperationModel) -> TokenStream {
    match &op.output {
        Output::Empty => quote! { () },
        Output::Body(ty) => ty_tokens(ty, true),
        Output::PerStatus { name, .. } => {
            let name = ident(name);
            quote! { super::types::#name }
        }
    }
}

/// Arguments of the client method (and of the builder's constructor).
pub fn positional_args(
    op: &OperationModel,
    at: At,
) -> Vec<(proc_macro2::Ident, TokenStream, TokenStream)> {
    let mut args: Vec<_> = op
        .params
        .iter()
        .filter(|p| p.positional())
        .map(|p| {
            let name = ident(&p.rust);
            let ty = arg_type_at(&p.ty, at);
            let value = arg_into(&p.ty, quote! { #name });
            (name, ty, value)
        })
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| !b.optional) {
        let ty = ty_tokens_at(&body.ty, at);
        args.push((format_ident!("body"), ty, quote! { body }));
    }
    args
}

fn arg_type_qualified(ty: &Ty) -> TokenStream {
    arg_type_at(ty, At::Sibling)
}

fn arg_type_at(ty: &Ty, at: At) -> TokenStream {
    match ty {
        Ty::String | Ty::Secret => arg_type(ty),
        other => ty_tokens_at(other, at),
    }
}

fn stored_param_type(p: &ParamModel) -> TokenStream {
    let ty = ty_tokens(&p.ty, true);
    if p.positional() || matches!(p.ty, Ty::Array(_)) {
        ty
    } else {
        quote! { Option<#ty> }
    }
}

fn builder(op: &OperationModel) -> TokenStream {
    let name = ident(&op.type_name);
    let path = code_span(&format!("{} {}", op.method.as_str(), op.path));
    let summary = match op.doc.as_deref().map(sanitize).filter(|d| !d.is_empty()) {
        Some(doc) => format!("{doc}\n\n{path}"),
        None => format!(
            "{path}: built by [`super::Client::{}`].",
            super::bare(&op.name)
        ),
    };
    let summary = if op.deprecated {
        format!("{summary}\n\nDeprecated in the API reference.")
    } else {
        summary
    };
    let doc = raw_doc_attrs(&summary);

    let own_params: Vec<&ParamModel> = op.params.iter().filter(|p| p.from.is_none()).collect();
    let fields = own_params.iter().map(|p| {
        let rust = ident(&p.rust);
        let ty = stored_param_type(p);
        quote! { pub(super) #rust: #ty, }
    });
    let body_field = op.body.as_ref().map(|b| {
        let ty = ty_tokens(&b.ty, true);
        if b.optional {
            quote! { pub(super) body: Option<#ty>, }
        } else {
            quote! { pub(super) body: #ty, }
        }
    });

    let setters = own_params
        .iter()
        .filter(|p| !p.positional())
        .map(|p| setter(p));
    let body_setter = op.body.as_ref().filter(|b| b.optional).map(|b| {
        let ty = ty_tokens(&b.ty, true);
        let doc = doc_attrs(b.doc.as_deref(), "Sets the request body.");
        quote! {
            #doc
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(body);
                self
            }
        }
    });
    let send = send_fn(op);
    let send_with_headers = op.headers.as_ref().map(|h| {
        let headers = ident(&h.name);
        let output = output_type(op);
        quote! {
            /// As [`Self::send`], with the typed headers; one that does not parse is [`otc_runtime::Error::Decode`].
            pub async fn send_with_headers(self) -> Result<::otc_runtime::Response<(#output, super::types::#headers)>, super::Error> {
                self.send().await?.with_headers()
            }
        }
    });
    let pager = op.paging.as_ref().map(|p| pager_fns(op, p));

    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "call .send().await"]
        pub struct #name {
            pub(super) client: ::otc_runtime::Client,
            #(#fields)*
            #body_field
        }

        impl #name {
            #(#setters)*
            #body_setter
            #send
            #send_with_headers
            #pager
        }
    }
}

/// The builder of `op` as the root module's client methods make it: a struct literal with
/// the positional arguments (named as [`positional_args`] names them) and nothing else set.
pub fn construct(op: &OperationModel) -> TokenStream {
    let name = ident(&op.type_name);
    let inits = op.params.iter().filter(|p| p.from.is_none()).map(|p| {
        let rust = ident(&p.rust);
        if p.positional() && converts(&p.ty) {
            let value = arg_into(&p.ty, quote! { #rust });
            quote! { #rust: #value, }
        } else if p.positional() {
            quote! { #rust, }
        } else if matches!(p.ty, Ty::Array(_)) {
            quote! { #rust: Vec::new(), }
        } else {
            quote! { #rust: None, }
        }
    });
    let body = op.body.as_ref().map(|b| {
        if b.optional {
            quote! { body: None, }
        } else {
            quote! { body, }
        }
    });
    quote! {
        operations::#name {
            client: self.inner.clone(),
            #(#inits)*
            #body
        }
    }
}

/// `#[deprecated]` when the reference deprecates the operation.
pub fn deprecated_attr(op: &OperationModel) -> TokenStream {
    if op.deprecated {
        quote! { #[deprecated(note = "deprecated in the OTC API reference")] }
    } else {
        quote! {}
    }
}

fn setter(p: &ParamModel) -> TokenStream {
    let rust = ident(&p.rust);
    let fallback = format!(
        "Sets the {} {} parameter.",
        code_span(&p.wire),
        location_word(p.location)
    );
    let doc = doc_attrs(p.doc.as_deref(), &fallback);
    match &p.ty {
        Ty::Array(inner) => {
            let item = arg_type_qualified(inner);
            let value = arg_into(inner, quote! { value });
            quote! {
                #doc
                ///
                /// Call it once per value; each value is sent as its own `key=value` pair.
                pub fn #rust(mut self, value: #item) -> Self {
                    self.#rust.push(#value);
                    self
                }
            }
        }
        ty => {
            let arg = arg_type_qualified(ty);
            let value = arg_into(ty, quote! { value });
            quote! {
                #doc
                pub fn #rust(mut self, value: #arg) -> Self {
                    self.#rust = Some(#value);
                    self
                }
            }
        }
    }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// Tokens that yield a `&str` for the value of parameter `p` held in `value` (a reference).
fn param_str(value: TokenStream) -> TokenStream {
    quote! { &::otc_runtime::ParamValue::to_param(#value) }
}

fn send_fn(op: &OperationModel) -> TokenStream {
    let method = format_ident!("{}", op.method.as_str());
    let op_name = &op.name;
    let statuses = op
        .responses
        .iter()
        .map(|r| proc_macro2::Literal::u16_unsuffixed(r.status));
    let needs_project = op
        .params
        .iter()
        .any(|p| p.from == Some(ConfigValue::ProjectId));
    let project = if needs_project {
        quote! { let project_id = self.client.project_id::<super::ErrorCode>().await?; }
    } else {
        quote! {}
    };
    let needs_region = op
        .params
        .iter()
        .any(|p| p.from == Some(ConfigValue::Region));
    let region = if needs_region {
        quote! {
            let region = self.client.region().map(str::to_owned).ok_or_else(|| {
                ::otc_runtime::Error::Config(::otc_runtime::ConfigError::Missing {
                    what: "the region".to_owned(),
                    hint: "set it on the client builder, in clouds.yaml or with OS_REGION_NAME".to_owned(),
                })
            })?;
        }
    } else {
        quote! {}
    };
    let mut stmts: Vec<TokenStream> = Vec::new();
    let create = match operation_line(op) {
        // The common form: method and path in one line, path values in order.
        Some((line, values)) => quote! {
            ::otc_runtime::Request::op(&super::SERVICE, #op_name, #line, &[#(#statuses),*], &[#(#values),*])
        },
        // A secret path segment (masked wherever the URL is shown) or a literal with a brace:
        // the path piece by piece.
        None => {
            stmts.push(quote! { request.success(&[#(#statuses),*]); });
            stmts.extend(op.path_parts.iter().map(|part| match part {
                PathPart::Lit(text) => quote! { request.path_literal(#text); },
                PathPart::Param(i) => {
                    let s = param_str(param_ref(op, *i));
                    if op.params.get(*i).is_some_and(|p| p.secret) {
                        quote! { request.secret_path_param(#s); }
                    } else {
                        quote! { request.path_param(#s); }
                    }
                }
            }));
            quote! {
                ::otc_runtime::Request::new(::otc_runtime::http::Method::#method, &super::SERVICE, #op_name)
            }
        }
    };
    if op.retry_safe {
        stmts.push(quote! { request.retry_safe(true); });
    }
    if !op.cloud_auth {
        stmts.push(quote! { request.without_cloud_auth(); });
    } else if op.domain_scoped {
        stmts.push(quote! { request.domain_scoped(); });
    }
    if let Some(parts) = &op.base_parts {
        let pieces = parts.iter().map(|part| match part {
            PathPart::Lit(text) => quote! { base.push_str(#text); },
            PathPart::Param(i) => {
                let s = param_str(param_ref(op, *i));
                quote! { base.push_str(#s); }
            }
        });
        stmts.push(quote! {
            let mut base = String::new();
            #(#pieces)*
            request.base_url(base);
        });
    }
    stmts.extend(
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(param_stmt),
    );
    if let Some(b) = &op.body {
        let ct = &b.content_type;
        stmts.push(match (b.ty == Ty::Bytes, b.optional) {
            (true, true) => quote! {
                if let Some(body) = self.body {
                    request.body(body, #ct);
                }
            },
            (true, false) => quote! { request.body(self.body, #ct); },
            (false, true) => quote! {
                if let Some(body) = &self.body {
                    request.json(body, #ct)?;
                }
            },
            (false, false) => quote! { request.json(&self.body, #ct)?; },
        });
    }
    let request = if stmts.is_empty() {
        quote! { let request = #create; }
    } else {
        quote! {
            let mut request = #create;
            #(#stmts)*
        }
    };
    let decode = decode(
        op,
        quote! { self.client.execute::<super::ErrorCode>(request).await? },
    );
    let output = output_type(op);
    quote! {
        /// Sends the request and decodes the answer.
        pub async fn send(self) -> Result<::otc_runtime::Response<#output>, super::Error> {
            #project
            #region
            #request
            #decode
        }
    }
}

/// The operation's line for [`otc_runtime::Request::op`] (`"GET /v1/{project_id}/x/{id}"`)
/// and the values of its placeholders in order; `None` when the path needs the long form.
fn operation_line(op: &OperationModel) -> Option<(String, Vec<TokenStream>)> {
    let mut line = format!("{} ", op.method.as_str());
    let mut values = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Lit(text) if text.contains(['{', '}']) => return None,
            PathPart::Lit(text) => line.push_str(text),
            PathPart::Param(i) => {
                let p = op.params.get(*i)?;
                if p.secret {
                    return None;
                }
                line.push('{');
                line.push_str(&p.wire);
                line.push('}');
                values.push(param_ref(op, *i));
            }
        }
    }
    Some((line, values))
}

/// The statement that adds query or header parameter `p` to `request`.
fn param_stmt(p: &ParamModel) -> TokenStream {
    let wire = &p.wire;
    let value_ref = if p.from == Some(ConfigValue::ProjectId) {
        quote! { &project_id }
    } else if p.from == Some(ConfigValue::Region) {
        quote! { &region }
    } else {
        let rust = ident(&p.rust);
        quote! { &self.#rust }
    };
    let single = p.positional() || p.from.is_some();
    let array = matches!(p.ty, Ty::Array(_));
    match (p.location, p.secret) {
        (ParamLocation::Query, false) if array => quote! { request.query_each(#wire, #value_ref); },
        (ParamLocation::Query, false) if single => {
            quote! { request.query_param(#wire, #value_ref); }
        }
        (ParamLocation::Query, false) => quote! { request.query_opt(#wire, #value_ref); },
        (ParamLocation::Header, false) if !array && single => {
            quote! { request.header_param(#wire, #value_ref); }
        }
        (ParamLocation::Header, false) if !array => {
            quote! { request.header_opt(#wire, #value_ref); }
        }
        (location, secret) => {
            let call = match (location, secret) {
                (ParamLocation::Query, false) => format_ident!("query"),
                (ParamLocation::Query, true) => format_ident!("secret_query"),
                (_, false) => format_ident!("header"),
                (_, true) => format_ident!("secret_header"),
            };
            if array {
                let s = param_str(quote! { value });
                quote! { for value in #value_ref { request.#call(#wire, #s); } }
            } else if single {
                let s = param_str(value_ref);
                quote! { request.#call(#wire, #s); }
            } else {
                let s = param_str(quote! { value });
                quote! { if let Some(value) = #value_ref { request.#call(#wire, #s); } }
            }
        }
    }
}

/// A reference to the value of parameter `i` inside `send`.
fn param_ref(op: &OperationModel, i: usize) -> TokenStream {
    match op.params.get(i) {
        Some(p) if p.from == Some(ConfigValue::ProjectId) => quote! { &project_id },
        Some(p) if p.from == Some(ConfigValue::Region) => quote! { &region },
        Some(p) => {
            let rust = ident(&p.rust);
            quote! { &self.#rust }
        }
        None => quote! { "" },
    }
}

fn decode(op: &OperationModel, response: TokenStream) -> TokenStream {
    match &op.output {
        Output::Empty => quote! { Ok(#response.empty()) },
        Output::Body(Ty::Bytes) => quote! { Ok(#response.bytes()) },
        Output::Body(_) => quote! { #response.json() },
        Output::PerStatus { name, variants } => {
            let name = ident(name);
            let arms = variants.iter().map(|(status, variant, ty)| {
                let v = ident(variant);
                match ty {
                    Some(Ty::Bytes) => quote! { #status => Ok(response.bytes().map(super::types::#name::#v)), },
                    Some(_) => quote! { #status => response.json().map(|r| r.map(super::types::#name::#v)), },
                    None => quote! { #status => Ok(response.empty().map(|()| super::types::#name::#v)), },
                }
            });
            let fallback = quote! {
                status => Ok(response.bytes().map(|body| super::types::#name::Other { status, body })),
            };
            quote! {
                let response = #response;
                match response.status() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    }
}

/// Output enums and typed header structs of one operation (emitted into `types`).
pub fn output_items(op: &OperationModel) -> TokenStream {
    let output = match &op.output {
        Output::PerStatus { name, variants } => {
            let name = ident(name);
            let doc = raw_doc_attrs(&format!("What `{}` answers, by HTTP status.", op.name));
            let items = variants.iter().map(|(status, variant, ty)| {
                let v = ident(variant);
                let doc = raw_doc_attrs(&format!("HTTP {status}."));
                match ty {
                    Some(ty) => {
                        let ty = ty_tokens(ty, false);
                        quote! { #doc #v(#ty), }
                    }
                    None => quote! { #doc #v, },
                }
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #[allow(clippy::large_enum_variant)]
                #[non_exhaustive]
                pub enum #name {
                    #(#items)*
                    /// A success status the API reference does not document for this operation,
                    /// with the body undecoded.
                    Other {
                        /// The HTTP status.
                        status: u16,
                        /// The raw body.
                        body: ::otc_runtime::bytes::Bytes,
                    },
                }
            }
        }
        _ => quote! {},
    };
    let headers = op.headers.as_ref().map(|h| headers_struct(op, h));
    quote! { #output #headers }
}

fn headers_struct(op: &OperationModel, h: &HeadersModel) -> TokenStream {
    let name = ident(&h.name);
    let doc = raw_doc_attrs(&format!(
        "Typed response headers of `{}`: `send_with_headers()` returns them beside the body \
         (or read them with [`otc_runtime::FromHeaders`]). A header that is present but does not \
         parse is an [`otc_runtime::Error::Decode`] naming it.",
        op.name,
    ));
    let fields = h.fields.iter().map(|f| {
        let rust = ident(&f.rust);
        let ty = ty_tokens(&f.ty, false);
        let fallback = format!("The {} header.", code_span(&f.wire));
        let doc = doc_attrs(f.doc.as_deref(), &fallback);
        quote! { #doc pub #rust: Option<#ty>, }
    });
    let reads = h.fields.iter().map(|f| {
        let rust = ident(&f.rust);
        let wire = &f.wire;
        match f.ty {
            Ty::Secret => quote! {
                #rust: ::otc_runtime::header_parse::<String>(headers, #wire)?.map(::otc_runtime::Secret::new),
            },
            Ty::Integer => quote! { #rust: ::otc_runtime::header_parse::<i64>(headers, #wire)?, },
            _ => quote! { #rust: ::otc_runtime::header_parse::<String>(headers, #wire)?, },
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl ::otc_runtime::FromHeaders for #name {
            fn from_headers(headers: &::otc_runtime::http::HeaderMap) -> Result<Self, ::otc_runtime::HeaderError> {
                Ok(Self {
                    #(#reads)*
                })
            }
        }
    }
}

/// `pages()` and `items()` for an operation with a paging style: one call of the runtime's
/// constructor for the style, given how to set the cursor and what a page body says.
fn pager_fns(op: &OperationModel, p: &PagingModel) -> TokenStream {
    let page_ty = output_type(op);
    let item_ty = ty_tokens(&p.items.ty, true);
    let cursor = ident(&p.cursor.rust);
    let limit = ident(&p.limit.rust);
    let items = ident(&p.items.rust);
    let set = if p.cursor.positional {
        quote! { |r, v| r.#cursor = v }
    } else {
        quote! { |r, v| r.#cursor = Some(v) }
    };
    let limit_value = if p.limit.positional {
        quote! { Some(self.#limit) }
    } else {
        quote! { self.#limit }
    };
    let count = if p.items.optional {
        quote! { page.#items.as_ref().map_or(0, Vec::len) }
    } else {
        quote! { page.#items.len() }
    };
    let take_items = if p.items.optional {
        quote! { page.body.#items.unwrap_or_default() }
    } else {
        quote! { page.body.#items }
    };
    let pages = match p.style {
        PagingStyle::Offset | PagingStyle::Page => {
            let (constructor, default_start) = if p.style == PagingStyle::Offset {
                (quote! { by_offset }, quote! { 0 })
            } else {
                (quote! { by_page }, quote! { 1 })
            };
            let start = if p.cursor.positional {
                quote! { self.#cursor }
            } else {
                quote! { self.#cursor.unwrap_or(#default_start) }
            };
            let total = match p.total.as_deref() {
                Some([t]) => field_as_i64(t),
                Some(path) => {
                    let value = field_path(path);
                    match path.last().map(|f| &f.ty) {
                        Some(Ty::Integer) => quote! { #value.copied() },
                        _ => quote! { #value.and_then(|total| total.trim().parse().ok()) },
                    }
                }
                None => quote! { None },
            };
            quote! {
                let (start, limit) = (#start, #limit_value);
                ::otc_runtime::paging::Pages::#constructor(self, start, limit, #set, Self::send, |page: &#page_ty| (#count, #total))
            }
        }
        PagingStyle::Marker => {
            let last_id = match &p.item_id {
                Some(id) => {
                    let id_field = ident(&id.rust);
                    let list = if p.items.optional {
                        quote! { page.#items.as_ref().and_then(|items| items.last()) }
                    } else {
                        quote! { page.#items.last() }
                    };
                    if id.optional {
                        quote! { #list.and_then(|item| item.#id_field.as_deref()) }
                    } else {
                        quote! { #list.map(|item| item.#id_field.as_str()) }
                    }
                }
                None => quote! { None },
            };
            // A declared next link: a page without one is the last.
            let declared = p.next.is_some();
            let link = match p.next.as_deref() {
                Some([n]) if n.optional => {
                    let f = ident(&n.rust);
                    quote! { page.#f.as_deref() }
                }
                Some([n]) => {
                    let f = ident(&n.rust);
                    quote! { Some(page.#f.as_str()) }
                }
                Some(path) => {
                    let value = field_path(path);
                    quote! { #value.map(String::as_str) }
                }
                None => quote! { None },
            };
            quote! {
                let limit = #limit_value;
                ::otc_runtime::paging::Pages::by_marker(self, limit, #declared, #set, Self::send, |page: &#page_ty| (#count, #last_id, #link))
            }
        }
    };
    // `#[inline]` keeps both methods out of the service crate's own code generation:
    // a non-generic method is compiled where it is defined, and these two would
    // instantiate the runtime's paging, retry and auth machinery and the page type's
    // decoding there, for every list operation whether a user pages it or not
    // (`-Z print-mono-items` on otc-as: 4,559 items with them, 666 without). Marked
    // inline, they are compiled in the crate that calls them.
    quote! {
        /// Every page, fetched lazily, from this request's parameters on.
        #[inline]
        pub fn pages(self) -> ::otc_runtime::paging::Pages<::otc_runtime::Response<#page_ty>, super::ErrorCode> {
            #pages
        }

        /// Every item of every page, fetched lazily.
        #[inline]
        pub fn items(self) -> ::otc_runtime::paging::Items<#item_ty, ::otc_runtime::Response<#page_ty>, super::ErrorCode> {
            self.pages().items(|page| #take_items)
        }
    }
}

/// `Option<&T>` for the field at the end of `path` (two or more fields from the page body down).
fn field_path(path: &[FieldRef]) -> TokenStream {
    let mut fields = path.iter();
    let Some(first) = fields.next() else {
        return quote! { None::<&String> };
    };
    let name = ident(&first.rust);
    let mut value = if first.optional {
        quote! { page.#name.as_ref() }
    } else {
        quote! { Some(&page.#name) }
    };
    for f in fields {
        let name = ident(&f.rust);
        value = if f.optional {
            quote! { #value.and_then(|value| value.#name.as_ref()) }
        } else {
            quote! { #value.map(|value| &value.#name) }
        };
    }
    value
}

/// `Option<i64>` from a count field that may be an integer or a numeric string.
fn field_as_i64(f: &FieldRef) -> TokenStream {
    let name = ident(&f.rust);
    match (&f.ty, f.optional) {
        (Ty::Integer, true) => quote! { page.#name },
        (Ty::Integer, false) => quote! { Some(page.#name) },
        (_, true) => {
            quote! { page.#name.as_deref().and_then(|total| total.trim().parse().ok()) }
        }
        (_, false) => quote! { page.#name.trim().parse().ok() },
    }
}
