//! `#[derive(Decode)]`: `serde::Deserialize` for a struct read from a JSON object, re-exported
//! as `otc_runtime::Decode` for the generated service crates.
//!
//! serde's own derive writes, for every struct, a field-name enum with its own visitor, a
//! `visit_seq` (a struct read from a JSON array) and a `visit_map`. The generated crates only
//! ever read objects, so this derive writes one method: a loop over the object's keys
//! matched against the field names, with the per-type visitor and the key type shared in
//! `otc_runtime::de`. Measured on otc-as with `-Z self-profile`, serde's `visit_seq` alone was
//! a third of the type and borrow checking its derives cost.
//!
//! It reads the `#[serde(...)]` attributes the generator writes, so a type can derive
//! `serde::Serialize` beside it with one set of attributes:
//! - on the struct: `rename_all = "camelCase"`; `crate = "..."` is accepted (the expansion
//!   always goes through `::otc_runtime::serde`);
//! - on a field: `rename = "key"`, `default`, `deserialize_with = "path"`, `flatten` (one
//!   map field that takes every key no other field names), and `skip_serializing_if` (for
//!   `Serialize`; ignored here).
//!
//! What it reads the same as serde's derive: renamed keys, unknown keys (skipped), a missing
//! `Option` field (`None`, unless it has `deserialize_with` without `default`), a missing
//! field with `default`, and the errors for a missing required field (`missing field `x``)
//! and for a value that is not an object (`invalid type: ..., expected struct Name`), and for
//! a field's key given twice (`duplicate field `x``). What differs: a JSON array is not read
//! as a struct.
//!
//! Anything else (generics, tuple structs, enums, other serde attributes) is a compile error
//! naming what is not supported.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Error, Fields, LitStr, Type, parse_macro_input};

/// Derives `serde::Deserialize` for a struct with named fields, read from a JSON object.
/// See the crate documentation for the attributes it reads.
#[proc_macro_derive(Decode, attributes(serde))]
pub fn derive_decode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// How a field's value is read.
enum Read {
    /// `Deserialize` of the field's type.
    Plain,
    /// `otc_runtime::empty::deserialize`: `null` is the empty collection.
    Empty,
    /// `otc_runtime::lenient::deserialize`: numbers sent as strings and the like.
    Lenient,
    /// Any other `deserialize_with` function.
    With(syn::Path),
}

struct Field<'a> {
    ident: &'a syn::Ident,
    ty: &'a Type,
    key: String,
    read: Read,
    /// What a missing key gives: `Default::default()` (true) or a `missing field` error.
    defaulted: bool,
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &input.generics,
            "Decode does not support generic structs",
        ));
    }
    let Data::Struct(data) = &input.data else {
        return Err(Error::new_spanned(
            name,
            "Decode supports structs with named fields only",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(Error::new_spanned(
            name,
            "Decode supports structs with named fields only",
        ));
    };
    let mut camel = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                meta.value()?.parse::<LitStr>()?;
            } else if meta.path.is_ident("rename_all") {
                let rule = meta.value()?.parse::<LitStr>()?;
                if rule.value() != "camelCase" {
                    return Err(Error::new_spanned(
                        rule,
                        "Decode supports rename_all = \"camelCase\" only",
                    ));
                }
                camel = true;
            } else {
                return Err(meta.error("this serde attribute is not supported by Decode"));
            }
            Ok(())
        })?;
    }

    let mut fields = Vec::new();
    let mut rest: Option<(&syn::Ident, &Type)> = None;
    for f in &named.named {
        let ident = f.ident.as_ref().expect("named fields have names");
        let mut key = None;
        let mut default = false;
        let mut with: Option<syn::Path> = None;
        let mut flatten = false;
        for attr in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    key = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("default") {
                    default = true;
                } else if meta.path.is_ident("deserialize_with") {
                    with = Some(meta.value()?.parse::<LitStr>()?.parse()?);
                } else if meta.path.is_ident("skip_serializing_if") {
                    meta.value()?.parse::<LitStr>()?;
                } else if meta.path.is_ident("flatten") {
                    flatten = true;
                } else {
                    return Err(meta.error("this serde attribute is not supported by Decode"));
                }
                Ok(())
            })?;
        }
        if flatten {
            if rest.is_some() {
                return Err(Error::new_spanned(
                    ident,
                    "Decode supports one flattened field, the map of the remaining keys",
                ));
            }
            rest = Some((ident, &f.ty));
            continue;
        }
        let bare = ident.to_string();
        let bare = bare.strip_prefix("r#").unwrap_or(&bare);
        let key = key.unwrap_or_else(|| {
            if camel {
                camel_case(bare)
            } else {
                bare.to_owned()
            }
        });
        let read = match with {
            None => Read::Plain,
            Some(path) if ends_with(&path, "empty") => Read::Empty,
            Some(path) if ends_with(&path, "lenient") => Read::Lenient,
            Some(path) => Read::With(path),
        };
        // serde reads a missing `Option` as `None` unless a `deserialize_with` takes over.
        let defaulted = default || (matches!(read, Read::Plain) && is_option(&f.ty));
        fields.push(Field {
            ident,
            ty: &f.ty,
            key,
            read,
            defaulted,
        });
    }
    Ok(emit(name, &fields, rest))
}

/// Whether `path` is `<...>::<module>::deserialize` of the runtime (`::otc_runtime::<module>`
/// or, after the generator's alias pass, `rt::<module>`).
fn ends_with(path: &syn::Path, module: &str) -> bool {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    matches!(
        segments.as_slice(),
        [.., root, m, f] if (root == "otc_runtime" || root == "rt") && m == module && f == "deserialize"
    )
}

fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().is_some_and(|s| s.ident == "Option")
        }
        _ => false,
    }
}

/// serde's `rename_all = "camelCase"` of a snake_case name.
fn camel_case(rust: &str) -> String {
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

fn emit(
    name: &syn::Ident,
    fields: &[Field<'_>],
    rest: Option<(&syn::Ident, &Type)>,
) -> TokenStream2 {
    let rt = quote! { ::otc_runtime };
    let locals: Vec<syn::Ident> = (0..fields.len()).map(|i| format_ident!("__f{i}")).collect();
    let declare = fields.iter().zip(&locals).map(|(f, local)| {
        let ty = f.ty;
        quote! { let mut #local: ::core::option::Option<#ty> = ::core::option::Option::None; }
    });
    let names = fields
        .iter()
        .map(|f| LitStr::new(&f.key, Span::call_site()));
    let indexes = (0..fields.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let mut wrappers = Vec::new();
    let arms = fields
        .iter()
        .zip(&locals)
        .enumerate()
        .map(|(i, (f, local))| {
            let key = LitStr::new(&f.key, Span::call_site());
            let value = match &f.read {
                Read::Plain => quote! { __map.next_value()? },
                Read::Empty => quote! {
                    __map.next_value::<::core::option::Option<_>>()?.unwrap_or_default()
                },
                Read::Lenient => quote! { __map.next_value::<#rt::de::Lenient<_>>()?.0 },
                Read::With(path) => {
                    let wrapper = format_ident!("__With{i}");
                    let ty = f.ty;
                    wrappers.push(quote! {
                    struct #wrapper(#ty);
                    impl<'de> #rt::serde::Deserialize<'de> for #wrapper {
                        fn deserialize<__D>(__d: __D) -> ::core::result::Result<Self, __D::Error>
                        where
                            __D: #rt::serde::Deserializer<'de>,
                        {
                            #path(__d).map(#wrapper)
                        }
                    }
                });
                    quote! { __map.next_value::<#wrapper>()?.0 }
                }
            };
            let index = proc_macro2::Literal::usize_unsuffixed(i);
            quote! {
                ::core::result::Result::Ok(#index) => {
                    #rt::de::first(&#local, #key)?;
                    #local = ::core::option::Option::Some(#value);
                }
            }
        });
    let arms: Vec<TokenStream2> = arms.collect();
    let (other, rest_declare, other_arm, rest_field) = match rest {
        Some((ident, ty)) => (
            quote! { ::std::string::String },
            quote! { let mut __rest: #ty = ::core::default::Default::default(); },
            quote! {
                ::core::result::Result::Err(__other) => {
                    let __value = __map.next_value()?;
                    __rest.insert(__other, __value);
                }
            },
            quote! { #ident: __rest, },
        ),
        None => (quote! { () }, quote! {}, quote! {}, quote! {}),
    };
    let build = fields.iter().zip(&locals).map(|(f, local)| {
        let ident = f.ident;
        if f.defaulted {
            quote! { #ident: #local.unwrap_or_default(), }
        } else {
            let key = LitStr::new(&f.key, Span::call_site());
            quote! { #ident: #rt::de::required(#local, #key)?, }
        }
    });
    let title = LitStr::new(&name.to_string(), Span::call_site());
    quote! {
        #[automatically_derived]
        impl<'de> #rt::serde::Deserialize<'de> for #name {
            fn deserialize<__D>(__d: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: #rt::serde::Deserializer<'de>,
            {
                #rt::de::object(__d)
            }
        }
        #[automatically_derived]
        impl #rt::de::Object for #name {
            const NAME: &'static str = #title;
            fn field(__key: &str) -> ::core::option::Option<usize> {
                match __key {
                    #(#names => ::core::option::Option::Some(#indexes),)*
                    _ => ::core::option::Option::None,
                }
            }
            fn from_map<'de, __A>(mut __map: __A) -> ::core::result::Result<Self, __A::Error>
            where
                __A: #rt::serde::de::MapAccess<'de>,
            {
                #(#wrappers)*
                #(#declare)*
                #rest_declare
                let __seed = #rt::de::FieldIndex::<Self, #other>::new;
                while let ::core::option::Option::Some(__key) = __map.next_key_seed(__seed())? {
                    match __key {
                        #(#arms)*
                        #other_arm
                        _ => {
                            __map.next_value::<#rt::serde::de::IgnoredAny>()?;
                        }
                    }
                }
                ::core::result::Result::Ok(#name {
                    #(#build)*
                    #rest_field
                })
            }
        }
    }
}
