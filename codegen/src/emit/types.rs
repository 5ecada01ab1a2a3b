//! Emits the `types` module: structs, string enums and aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::direction::{Direction, directions};
use super::docs::{code_span, doc_attrs};
use super::{ident, ty_tokens};
use crate::model::{FieldModel, Model, Ty, TypeKind, TypeModel, VariantModel};

/// The whole `types` module, including per-operation output and header types.
pub fn types_module(model: &Model) -> TokenStream {
    let directions = directions(model);
    let types = model.types.iter().map(|t| {
        let direction = directions.get(&t.name).copied().unwrap_or_default();
        type_item(t, direction)
    });
    let outputs = model.operations.iter().map(super::operations::output_items);
    quote! {
        /// Request and response types of the service.
        pub mod types {
            #(#types)*
            #(#outputs)*
        }
    }
}

fn type_item(t: &TypeModel, direction: Direction) -> TokenStream {
    let fallback = format!("The {} type.", code_span(&t.name));
    let doc = doc_attrs(t.doc.as_deref(), &fallback);
    let name = ident(&t.name);
    match &t.kind {
        TypeKind::Object(fields) => object(&name, &doc, fields, direction),
        TypeKind::Enum(variants) => string_enum(&name, &doc, variants, direction),
        TypeKind::Alias(target) => {
            let target = ty_tokens(target, false);
            quote! { #doc pub type #name = #target; }
        }
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
/// feature the others.
fn serde_derives(direction: Direction) -> (TokenStream, TokenStream) {
    let ser = quote! { serde::Serialize };
    let de = quote! { serde::Deserialize };
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

/// `#[cfg(feature = "fake")]` on an impl of a half the type does not need.
fn fake_only(needed: bool) -> TokenStream {
    if needed {
        quote! {}
    } else {
        quote! { #[cfg(feature = "fake")] }
    }
}

fn object(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    fields: &[FieldModel],
    direction: Direction,
) -> TokenStream {
    let all_optional = fields.iter().all(FieldModel::optional);
    let default = if all_optional {
        quote! { Default, }
    } else {
        quote! {}
    };
    let field_items = fields.iter().map(|f| {
        let fallback = format!("The {} field.", code_span(&f.wire));
        let doc = doc_attrs(f.doc.as_deref(), &fallback);
        let rust = ident(&f.rust);
        let ty = field_type(f);
        let mut serde_args: Vec<TokenStream> = Vec::new();
        if super::bare(&f.rust) != f.wire {
            let wire = &f.wire;
            serde_args.push(quote! { rename = #wire });
        }
        // serde reads a missing `Option` field as `None` by itself; only `deserialize_with`
        // (lenient fields) needs `default` for that.
        if f.optional() && f.lenient {
            serde_args.push(quote! { default });
        }
        if f.optional() && !f.required {
            serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
        }
        if f.lenient {
            serde_args.push(quote! { deserialize_with = "otc_runtime::lenient::deserialize" });
        }
        let serde_attr = if serde_args.is_empty() {
            quote! {}
        } else {
            quote! { #[serde(#(#serde_args),*)] }
        };
        quote! { #doc #serde_attr pub #rust: #ty, }
    });
    let constructor = constructor(name, fields);
    let (serde, fake) = serde_derives(direction);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default #serde)]
        #fake
        pub struct #name {
            #(#field_items)*
        }
        #constructor
    }
}

/// `impl X { pub fn new(required…) -> Self }` for objects with required fields.
fn constructor(name: &proc_macro2::Ident, fields: &[FieldModel]) -> TokenStream {
    let required: Vec<&FieldModel> = fields.iter().filter(|f| !f.optional()).collect();
    if required.is_empty() {
        return quote! {};
    }
    let args = required.iter().map(|f| {
        let rust = ident(&f.rust);
        let ty = arg_type(&f.ty);
        quote! { #rust: #ty }
    });
    let inits = fields.iter().map(|f| {
        let rust = ident(&f.rust);
        if f.optional() {
            quote! { #rust: None }
        } else {
            let value = arg_into(&f.ty, quote! { #rust });
            if f.boxed {
                quote! { #rust: Box::new(#value) }
            } else if converts(&f.ty) {
                quote! { #rust: #value }
            } else {
                quote! { #rust }
            }
        }
    });
    let allow = if required.len() > 7 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        quote! {}
    };
    quote! {
        impl #name {
            /// Creates a value from its required fields; optional fields start empty.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
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
        Ty::Secret => quote! { otc_runtime::Secret::new(#value) },
        _ => value,
    }
}

fn string_enum(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    variants: &[VariantModel],
    direction: Direction,
) -> TokenStream {
    let (ser, de) = (fake_only(direction.request), fake_only(direction.response));
    let items = variants.iter().map(|v| {
        let fallback = format!("The value {}.", code_span(&v.wire));
        let doc = doc_attrs(v.doc.as_deref(), &fallback);
        let rust = ident(&v.rust);
        quote! { #doc #rust, }
    });
    let to_str = variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let wire = &v.wire;
        quote! { Self::#rust => #wire, }
    });
    let from_str = variants.iter().map(|v| {
        let rust = ident(&v.rust);
        let wire = &v.wire;
        quote! { #wire => Self::#rust, }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
            /// A value this version of the crate does not know, kept as sent.
            Unknown(otc_runtime::UnknownValue),
        }

        impl #name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(other) => other.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(otc_runtime::UnknownValue::from(other)),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #ser
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #de
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                otc_runtime::string_enum::deserialize(deserializer)
            }
        }

        impl otc_runtime::ParamValue for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    }
}
