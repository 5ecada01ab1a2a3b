//! Emits the `types` module: structs, string enums and aliases.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code_span, doc_attrs, raw_doc_attrs};
use super::{ident, ty_tokens};
use crate::model::{
    Direction, FieldModel, Model, Ty, TypeKind, TypeModel, VariantModel, directions,
};

/// The whole `types` module, including per-operation output and header types.
pub fn types_module(model: &Model) -> TokenStream {
    let directions = directions(model);
    let types = model.types.iter().map(|t| {
        let direction = directions.get(&t.name).copied().unwrap_or_default();
        type_item(t, direction)
    });
    let outputs = model.operations.iter().map(super::operations::output_items);
    // Object types derive through this short name (`serde::Serialize`, `crate = "serde"`):
    // it is the runtime's re-export, so users need no serde dependency.
    let serde = model
        .types
        .iter()
        .any(|t| matches!(t.kind, TypeKind::Object(_)))
        .then(|| quote! { use ::otc_runtime::serde; });
    quote! {
        /// Request and response types of the service.
        pub mod types {
            #serde
            #(#types)*
            #(#outputs)*
        }
    }
}

fn type_item(t: &TypeModel, direction: Direction) -> TokenStream {
    let fallback = match &t.kind {
        TypeKind::Object(fields) => format!(
            "A JSON object with {} key{} (no description in the spec).",
            fields.len(),
            if fields.len() == 1 { "" } else { "s" }
        ),
        TypeKind::Enum(variants) => format!(
            "A string with {} documented value{}; others are kept as sent (no description in the spec).",
            variants.len(),
            if variants.len() == 1 { "" } else { "s" }
        ),
        TypeKind::Alias(_) => "Another name for the type it stands for.".to_owned(),
    };
    let doc = doc_attrs(t.doc.as_deref(), &fallback);
    let name = ident(&t.name);
    match &t.kind {
        TypeKind::Object(fields) => object(&name, &doc, fields, t, direction),
        TypeKind::Enum(variants) => string_enum(&name, &doc, variants),
        TypeKind::Alias(target) => {
            let same = match target {
                Ty::Named(other) => {
                    raw_doc_attrs(&format!("\nThe same type as [`{}`].", super::bare(other)))
                }
                _ => quote! {},
            };
            let target = ty_tokens(target, false);
            quote! { #doc #same pub type #name = #target; }
        }
    }
}

/// What can truly be said of a field the spec does not describe: its JSON key and type.
fn field_fallback_doc(f: &FieldModel) -> String {
    let presence = match (f.required, f.nullable) {
        (true, false) => ", always present",
        (true, true) => ", always present, may be null",
        _ => "",
    };
    format!(
        "JSON key {}: {}{presence}.",
        code_span(&f.wire),
        ty_words(&f.ty)
    )
}

fn ty_words(ty: &Ty) -> String {
    match ty {
        Ty::String => "a string".to_owned(),
        Ty::Secret => "a secret string".to_owned(),
        Ty::Integer => "an integer".to_owned(),
        Ty::Number => "a number".to_owned(),
        Ty::Boolean => "a boolean".to_owned(),
        Ty::Json => "any JSON value".to_owned(),
        Ty::Bytes => "raw bytes".to_owned(),
        Ty::Named(n) => format!("[`{}`]", super::bare(n)),
        Ty::Array(inner) => format!("a list of {}", ty_words(inner)),
        Ty::Map(inner) => format!("a map from keys to {}", ty_words(inner)),
    }
}

/// Rust type of a field, with `Option` and `Box` as needed.
fn field_type(f: &FieldModel) -> TokenStream {
    let base = ty_tokens(&f.ty, false);
    let boxed = if f.boxed {
        quote! { Box<#base> }
    } else {
        base
    };
    if f.optional() {
        quote! { Option<#boxed> }
    } else {
        boxed
    }
}

/// The serde derives of a type used in `direction`: the halves it needs, and under the `fake`
/// feature the others. Decoding derives the runtime's `Decode` (serde `Deserialize` for a
/// JSON object in about half the code serde's derive writes: no `visit_seq`, no field-name
/// enum), which reads the same `#[serde(...)]` attributes as `serde::Serialize`.
fn serde_derives(direction: Direction) -> (TokenStream, TokenStream) {
    let ser = quote! { serde::Serialize };
    let de = quote! { ::otc_runtime::Decode };
    let (mut always, mut fake) = (Vec::new(), Vec::new());
    if direction.request {
        always.push(ser);
    } else {
        fake.push(ser);
    }
    if direction.response {
        always.push(de);
    } else {
        fake.push(de);
    }
    let fake = if fake.is_empty() {
        quote! {}
    } else {
        quote! { #[cfg_attr(feature = "fake", derive(#(#fake),*))] }
    };
    (quote! { #(#always),* }, fake)
}

fn object(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    fields: &[FieldModel],
    t: &TypeModel,
    direction: Direction,
) -> TokenStream {
    let camel = camel_case_pays(fields);
    let all_optional = fields.iter().all(|f| !f.needed());
    let default = if all_optional {
        quote! { Default, }
    } else {
        quote! {}
    };
    let field_items = fields.iter().map(|f| {
        let fallback = field_fallback_doc(f);
        let doc = doc_attrs(f.doc.as_deref(), &fallback);
        let rust = ident(&f.rust);
        let ty = field_type(f);
        let mut serde_args: Vec<TokenStream> = Vec::new();
        let implied = if camel {
            serde_camel_case(super::bare(&f.rust))
        } else {
            super::bare(&f.rust).to_owned()
        };
        if implied != f.wire {
            let wire = &f.wire;
            serde_args.push(quote! { rename = #wire });
        }
        // serde reads a missing `Option` field as `None` by itself; only `deserialize_with`
        // (lenient fields) needs `default` for that.
        if f.optional() && f.lenient {
            serde_args.push(quote! { default });
        }
        // Absent and empty fields are left out of what a request sends. A type that only
        // answers serialises (under `fake`) with `null`s instead, which reads back the same.
        let skip = direction.request && !f.required;
        if f.empty_default {
            serde_args.push(quote! { default });
            serde_args.push(quote! { deserialize_with = "::otc_runtime::empty::deserialize" });
            if skip {
                serde_args.push(quote! { skip_serializing_if = "::otc_runtime::empty::is_empty" });
            }
        }
        if f.optional() && skip {
            serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
        }
        if f.lenient {
            serde_args.push(quote! { deserialize_with = "::otc_runtime::lenient::deserialize" });
        }
        let serde_attr = if serde_args.is_empty() {
            quote! {}
        } else {
            quote! { #[serde(#(#serde_args),*)] }
        };
        quote! { #doc #serde_attr pub #rust: #ty, }
    });
    let extra_item = t.extra.as_ref().map(|e| {
        let rust = ident(&e.rust);
        let ty = ty_tokens(&Ty::Map(Box::new(e.ty.clone())), false);
        quote! {
            /// Keys the reference does not list (user-defined properties), kept as sent so that
            /// they survive a read and a write.
            #[serde(flatten)]
            pub #rust: #ty,
        }
    });
    let rename_all = camel.then(|| quote! { , rename_all = "camelCase" });
    let constructor = constructor(name, fields, t);
    let (serde, fake) = serde_derives(direction);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default #serde)]
        #fake
        #[serde(crate = "serde" #rename_all)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_items)*
            #extra_item
        }
        #constructor
    }
}

/// Whether `#[serde(rename_all = "camelCase")]` spares more per-field renames than it
/// costs: the wire keys are mostly the camelCase of the Rust names (MRS `clusterId`).
fn camel_case_pays(fields: &[FieldModel]) -> bool {
    let (mut spared, mut added) = (0, 0);
    for f in fields {
        let rust = super::bare(&f.rust);
        let as_is = rust == f.wire;
        let camel = serde_camel_case(rust) == f.wire;
        match (as_is, camel) {
            (false, true) => spared += 1,
            (true, false) => added += 1,
            _ => {}
        }
    }
    spared >= 2 && spared > added
}

/// A field name as serde's `rename_all = "camelCase"` writes it (serde_derive's rule: each
/// `_` dropped, the character after it and the first one ASCII-upper-cased, then the first
/// ASCII-lower-cased): `cluster_id` → `clusterId`, `_x_y` → `xY`.
fn serde_camel_case(rust: &str) -> String {
    let mut pascal = String::with_capacity(rust.len());
    let mut upper = true;
    for c in rust.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            pascal.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            pascal.push(c);
        }
    }
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => pascal,
    }
}

/// How values are made outside the crate (the struct is `#[non_exhaustive]`): `new` from the
/// required fields (one positional argument, or a struct of them by name when there are two or
/// more, so none can be swapped), `Default` when nothing is required, and, for types a request
/// reaches, a chainable `with_<field>` setter per optional field.
fn constructor(name: &proc_macro2::Ident, fields: &[FieldModel], t: &TypeModel) -> TokenStream {
    let required: Vec<&FieldModel> = fields.iter().filter(|f| f.needed()).collect();
    let setters = if t.in_request {
        fields
            .iter()
            .filter(|f| !f.needed())
            .map(setter)
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    let init = |value: &dyn Fn(&FieldModel) -> TokenStream| -> Vec<TokenStream> {
        fields
            .iter()
            .map(|f| {
                let rust = ident(&f.rust);
                if f.empty_default {
                    quote! { #rust: Default::default() }
                } else if f.optional() {
                    quote! { #rust: None }
                } else {
                    let v = value(f);
                    if f.boxed {
                        quote! { #rust: Box::new(#v) }
                    } else if rust == v.to_string() {
                        quote! { #rust }
                    } else {
                        quote! { #rust: #v }
                    }
                }
            })
            .collect()
    };
    let extra_init = t.extra.as_ref().map(|e| {
        let rust = ident(&e.rust);
        quote! { , #rust: Default::default() }
    });
    let new_fn = match (required.as_slice(), &t.required_name) {
        ([], _) => quote! {},
        ([one], _) => {
            let rust = ident(&one.rust);
            let ty = arg_type(&one.ty);
            let inits = init(&|f| {
                arg_into(&f.ty, {
                    let r = ident(&f.rust);
                    quote! { #r }
                })
            });
            quote! {
                /// Creates a value from its required field; optional ones start empty.
                pub fn new(#rust: #ty) -> Self {
                    Self { #(#inits),* #extra_init }
                }
            }
        }
        (_, Some(req_name)) => {
            let req = ident(req_name);
            let inits = init(&|f| {
                let r = ident(&f.rust);
                quote! { required.#r }
            });
            quote! {
                /// Creates a value from its required fields; optional ones start empty.
                pub fn new(required: #req) -> Self {
                    Self { #(#inits),* #extra_init }
                }
            }
        }
        (_, None) => quote! {},
    };
    let required_struct = t.required_name.as_ref().map(|req_name| {
        let req = ident(req_name);
        // Each field's text is on the struct's own field; a link there keeps it in one place
        // (a raw identifier cannot be linked to, so it keeps a copy).
        let req_fields = required.iter().map(|f| {
            let rust = ident(&f.rust);
            let ty = field_type(f);
            let doc = if f.rust.starts_with("r#") {
                doc_attrs(f.doc.as_deref(), &field_fallback_doc(f))
            } else {
                raw_doc_attrs(&format!("See [`{}::{}`].", super::bare(&t.name), f.rust))
            };
            quote! { #doc pub #rust: #ty, }
        });
        let doc = raw_doc_attrs(&format!(
            "The required fields of [`{}`], by name, for [`{}::new`].",
            super::bare(&t.name),
            super::bare(&t.name)
        ));
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            pub struct #req {
                #(#req_fields)*
            }

            impl From<#req> for #name {
                fn from(required: #req) -> Self {
                    Self::new(required)
                }
            }
        }
    });
    let new_impl = if required.is_empty() {
        quote! {}
    } else {
        quote! { impl #name { #new_fn } }
    };
    let setters = if setters.is_empty() {
        quote! {}
    } else {
        quote! { ::otc_runtime::setters!(#name { #(#setters),* }); }
    };
    quote! {
        #required_struct
        #new_impl
        #setters
    }
}

/// One entry of `::otc_runtime::setters!` for an optional field: `with_<field>(field: how)`.
fn setter(f: &FieldModel) -> TokenStream {
    let rust = ident(&f.rust);
    let method = format_ident!("with_{}", super::bare(&f.rust));
    let ty = ty_tokens(&f.ty, false);
    let how = if f.empty_default {
        quote! { set #ty }
    } else {
        match f.ty {
            Ty::String => quote! { into },
            Ty::Secret => quote! { secret },
            _ if f.boxed => quote! { boxed #ty },
            _ => ty,
        }
    };
    quote! { #method(#rust: #how) }
}

/// The argument type a caller passes for a value of `ty`.
pub fn arg_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String | Ty::Secret => quote! { impl Into<String> },
        other => ty_tokens(other, false),
    }
}

/// True when [`arg_into`] changes the value (so struct-init shorthand does not apply).
pub fn converts(ty: &Ty) -> bool {
    matches!(ty, Ty::String | Ty::Secret)
}

/// Converts an argument of [`arg_type`] into the stored type.
pub fn arg_into(ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote! { #value.into() },
        Ty::Secret => quote! { ::otc_runtime::Secret::new(#value) },
        _ => value,
    }
}

/// A string enum: the enum itself (its docs, and the `Unknown` catch-all), then one
/// `otc_runtime::string_enum!` that implements `as_str`, `From<&str>`, `Display`, serde's two
/// halves and `ParamValue` from the variants and their wire values. Both serde halves are
/// always there (no `fake` gate as on structs): they are a few lines inside the runtime's
/// macro, and a `cfg` in a macro's output would be evaluated, and checked by `unexpected_cfgs`,
/// in the crate that includes the code.
fn string_enum(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    variants: &[VariantModel],
) -> TokenStream {
    let items = variants.iter().map(|v| {
        let fallback = format!("{} on the wire.", code_span(&v.wire));
        let doc = doc_attrs(v.doc.as_deref(), &fallback);
        let rust = ident(&v.rust);
        quote! { #doc #rust, }
    });
    // `Variant("wire")`: prettyplease fills the invocation's lines and never breaks inside a
    // pair written this way.
    let pairs = variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let wire = &v.wire;
        quote! { #rust(#wire) }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
            /// Any other value, kept as sent.
            Unknown(::otc_runtime::UnknownValue),
        }
        ::otc_runtime::string_enum!(#name { #(#pairs),* });
    }
}

#[cfg(test)]
mod tests {
    use super::serde_camel_case;

    #[test]
    fn camel_case_as_serde_writes_it() {
        for (rust, wire) in [
            ("cluster_id", "clusterId"),
            ("vpc", "vpc"),
            ("data_node_num", "dataNodeNum"),
            ("_x_y", "xY"),
            ("a__b", "aB"),
            ("node_1_num", "node1Num"),
        ] {
            assert_eq!(serde_camel_case(rust), wire, "{rust}");
        }
    }
}
