//! The generated file names the runtime `rt` (`use ::otc_runtime as rt;`) instead of spelling
//! `::otc_runtime::` about 500 times per service. The emitters write full paths, which read
//! best in their `quote!` blocks; this pass shortens them and declares the alias at the top
//! of the file and in each of its modules, so the file still needs nothing but the
//! `otc-runtime` dependency and still works in any module of a crate.
//!
//! `rt` cannot collide with a generated name: types, builders and variants are CamelCase,
//! modules are `types`, `operations`, `waiters` and `fake`, and locals live in the value
//! namespace, not in the one paths start from.

use proc_macro2::{Delimiter, Group, Ident, Literal, Spacing, TokenStream, TokenTree};
use quote::quote;

const RUNTIME: &str = "otc_runtime";
const ALIAS: &str = "rt";

/// `tokens` with `::otc_runtime::…` paths (and serde attribute strings that name them) as
/// `rt::…`, the alias declared at the top and in every module.
pub fn shorten(tokens: TokenStream) -> TokenStream {
    let body = rewrite(tokens);
    quote! {
        use ::otc_runtime as rt;
        #body
    }
}

fn rewrite(tokens: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        // `::otc_runtime` where the `::` starts the path (not `a::otc_runtime`).
        if let (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)), Some(TokenTree::Ident(id))) =
            (trees.get(i), trees.get(i + 1), trees.get(i + 2))
            && a.as_char() == ':'
            && a.spacing() == Spacing::Joint
            && b.as_char() == ':'
            && id == RUNTIME
            && !continues_path(out.last())
        {
            out.push(TokenTree::Ident(Ident::new(ALIAS, id.span())));
            i += 3;
            continue;
        }
        match &trees[i] {
            TokenTree::Group(g) => {
                let inner = rewrite(g.stream());
                // A module body gets the alias from its parent.
                let inner = if g.delimiter() == Delimiter::Brace && is_module_body(&out) {
                    quote! {
                        #[allow(unused_imports)]
                        use super::rt;
                        #inner
                    }
                } else {
                    inner
                };
                let mut group = Group::new(g.delimiter(), inner);
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            TokenTree::Literal(lit) => out.push(TokenTree::Literal(shorten_literal(lit))),
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// True when the token before `::` is a path segment (`a::otc_runtime`), so the `::` does
/// not start a path; keywords before a path (`use`, `as`, `dyn`, …) do not count.
fn continues_path(previous: Option<&TokenTree>) -> bool {
    match previous {
        Some(TokenTree::Ident(id)) => !matches!(
            id.to_string().as_str(),
            "use"
                | "pub"
                | "as"
                | "in"
                | "dyn"
                | "impl"
                | "for"
                | "where"
                | "mut"
                | "const"
                | "static"
                | "let"
                | "return"
                | "async"
                | "move"
                | "unsafe"
                | "ref"
                | "type"
        ),
        _ => false,
    }
}

/// The last tokens are `mod <name>` (the group that follows is the module's body).
fn is_module_body(out: &[TokenTree]) -> bool {
    matches!(
        out,
        [.., TokenTree::Ident(kw), TokenTree::Ident(_)] if kw == "mod"
    )
}

/// A string literal that is a path into the runtime (`"::otc_runtime::empty::deserialize"`
/// in a serde attribute) names it through the alias; every other literal is kept.
fn shorten_literal(lit: &Literal) -> Literal {
    let text = lit.to_string();
    let prefix = format!("\"::{RUNTIME}::");
    match text.strip_prefix(&prefix) {
        Some(rest) if !rest.contains(['\\', ' ']) => {
            let value = format!("{ALIAS}::{}", rest.trim_end_matches('"'));
            let mut shortened = Literal::string(&value);
            shortened.set_span(lit.span());
            shortened
        }
        _ => lit.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(tokens: TokenStream) -> String {
        tokens
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn leading_runtime_paths_and_serde_strings_use_the_alias() {
        let out = shorten(quote! {
            pub struct Client { inner: ::otc_runtime::Client }
            pub mod types {
                #[serde(deserialize_with = "::otc_runtime::empty::deserialize")]
                pub struct A { pub v: Vec<::otc_runtime::UnknownValue>, pub s: my::otc_runtime::X }
                #[doc = " see [`otc_runtime::Error`] and \"::otc_runtime::Error\""]
                pub struct B;
            }
        });
        let out = text(out);
        assert!(out.starts_with("use :: otc_runtime as rt ;"), "{out}");
        assert!(out.contains("inner : rt :: Client"), "{out}");
        assert!(
            out.contains("mod types { # [allow (unused_imports)] use super :: rt ;"),
            "{out}"
        );
        assert!(out.contains("\"rt::empty::deserialize\""), "{out}");
        assert!(out.contains("Vec < rt :: UnknownValue >"), "{out}");
        assert!(
            out.contains("my :: otc_runtime :: X"),
            "not a leading path: {out}"
        );
        assert!(
            out.contains("[`otc_runtime::Error`]"),
            "docs are kept: {out}"
        );
    }
}
