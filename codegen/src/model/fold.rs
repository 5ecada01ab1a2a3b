//! Folding of duplicate types: the API reference repeats one table on several pages (the
//! VPC reference has about 150 such copies), and a spec drafted from it names each copy. A
//! type whose fields are those of an earlier type, field for field (same keys, Rust names,
//! types, presence, decoding and doc text; only the type's own doc may differ), becomes an
//! alias of that earlier type: every name the spec declares still exists, and the struct, its
//! serde code and its setters are generated once. Field docs must match too: two tables with
//! the same keys but different meanings (a bandwidth `id` and a security group `id`) stay two
//! types, so no field is documented with another table's words.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{Ty, TypeKind, TypeModel};

/// Turns each type that repeats an earlier one into `TypeKind::Alias` of it. Types that
/// refer to repeated types fold too (a page type whose item types are copies is itself a
/// copy), so this runs to a fixed point.
pub(super) fn fold_duplicates(types: &mut [TypeModel]) {
    let mut canon: HashMap<String, String> = types
        .iter()
        .map(|t| (t.name.clone(), t.name.clone()))
        .collect();
    // Each round can only map a name to an earlier one, so this ends; the bound is a guard.
    for _ in 0..=types.len() {
        let mut first: HashMap<String, String> = HashMap::new();
        let mut changed = false;
        for t in types.iter() {
            let Some(key) = shape(t, &canon) else {
                continue;
            };
            let target = first.entry(key).or_insert_with(|| t.name.clone()).clone();
            if canon.get(&t.name) != Some(&target) {
                canon.insert(t.name.clone(), target);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for t in types.iter_mut() {
        let Some(target) = canon.get(&t.name).filter(|c| **c != t.name).cloned() else {
            continue;
        };
        t.kind = TypeKind::Alias(Ty::Named(target));
        t.required_name = None;
    }
}

/// What makes two types the same type on the wire and in Rust, with referenced types named
/// by their current representative; `None` for aliases (already another name).
fn shape(t: &TypeModel, canon: &HashMap<String, String>) -> Option<String> {
    let mut out = String::new();
    match &t.kind {
        TypeKind::Alias(_) => return None,
        TypeKind::Enum(variants) => {
            out.push_str("enum");
            for v in variants {
                let _ = write!(out, "|{:?}={:?}", v.wire, v.rust);
            }
        }
        TypeKind::Object(fields) => {
            let _ = write!(out, "object request={}", t.in_request);
            for f in fields {
                let _ = write!(
                    out,
                    "|{:?} {:?} {} {} {} {} {} {} {:?}",
                    f.wire,
                    f.rust,
                    ty_shape(&f.ty, canon),
                    f.required,
                    f.nullable,
                    f.lenient,
                    f.empty_default,
                    f.boxed,
                    f.doc
                );
            }
            if let Some(extra) = &t.extra {
                let _ = write!(
                    out,
                    "|extra {:?} {}",
                    extra.rust,
                    ty_shape(&extra.ty, canon)
                );
            }
        }
    }
    Some(out)
}

fn ty_shape(ty: &Ty, canon: &HashMap<String, String>) -> String {
    match ty {
        Ty::Named(name) => format!("@{}", canon.get(name).unwrap_or(name)),
        Ty::Array(inner) => format!("[{}]", ty_shape(inner, canon)),
        Ty::Map(inner) => format!("{{{}}}", ty_shape(inner, canon)),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldModel;

    fn field(wire: &str, ty: Ty, doc: &str) -> FieldModel {
        FieldModel {
            wire: wire.to_owned(),
            rust: wire.to_owned(),
            ty,
            required: false,
            nullable: false,
            lenient: false,
            empty_default: false,
            boxed: false,
            doc: Some(doc.to_owned()),
        }
    }

    fn object(name: &str, fields: Vec<FieldModel>) -> TypeModel {
        TypeModel {
            name: name.to_owned(),
            doc: None,
            kind: TypeKind::Object(fields),
            in_request: false,
            required_name: None,
            extra: None,
        }
    }

    fn target(t: &TypeModel) -> Option<&str> {
        match &t.kind {
            TypeKind::Alias(Ty::Named(n)) => Some(n),
            _ => None,
        }
    }

    #[test]
    fn copies_fold_into_the_first_and_their_parents_follow() {
        let mut types = vec![
            object("Link", vec![field("href", Ty::String, "The URL.")]),
            object(
                "Page",
                vec![field(
                    "links",
                    Ty::Array(Box::new(Ty::Named("Link".into()))),
                    "a",
                )],
            ),
            object("LinkCopy", vec![field("href", Ty::String, "The URL.")]),
            object(
                "PageCopy",
                vec![field(
                    "links",
                    Ty::Array(Box::new(Ty::Named("LinkCopy".into()))),
                    "a",
                )],
            ),
            object("Other", vec![field("href", Ty::Integer, "The URL.")]),
            object("Reworded", vec![field("href", Ty::String, "Other words.")]),
        ];
        fold_duplicates(&mut types);
        let targets: Vec<Option<&str>> = types.iter().map(target).collect();
        assert_eq!(
            targets,
            [None, None, Some("Link"), Some("Page"), None, None],
            "copies fold; another type or other words for a field do not"
        );
    }

    #[test]
    fn presence_request_use_and_wire_names_keep_types_apart() {
        let mut required = object("A", vec![field("x", Ty::String, "")]);
        if let TypeKind::Object(fields) = &mut required.kind {
            fields[0].required = true;
        }
        let mut in_request = object("B", vec![field("x", Ty::String, "")]);
        in_request.in_request = true;
        let mut renamed = field("x", Ty::String, "");
        renamed.wire = "X".to_owned();
        let mut types = vec![
            object("Plain", vec![field("x", Ty::String, "")]),
            required,
            in_request,
            object("C", vec![renamed]),
        ];
        fold_duplicates(&mut types);
        assert!(types.iter().all(|t| target(t).is_none()));
    }
}
