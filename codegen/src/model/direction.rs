//! Which way each named type travels: reachable from a request body (the client serializes
//! it; it keeps its `Option`s and gets setters) or from a response body (the client
//! deserializes it), so that it derives only the serde half it needs.
//!
//! A type reachable from a request body is serialized by the client; a type reachable from a
//! response body is deserialized. Each derives that half (`serde::Serialize`,
//! `serde::Deserialize`), a type on both sides derives both, and the missing half comes with
//! the generated crate's `fake` feature (`#[cfg_attr(feature = "fake", derive(…))]`), for fakes
//! of the service that decode requests and encode responses. An object no body reaches
//! derives both halves (nothing tells which one serves), and so does everything it reaches.
//! String enums implement both halves whatever their direction (`otc_runtime::string_enum!`).

use std::collections::BTreeMap;

use super::{Model, Ty, TypeKind, TypeModel};

/// The directions a named type is used in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Direction {
    /// Reachable from a request body: the client serializes it.
    pub request: bool,
    /// Reachable from a response body: the client deserializes it.
    pub response: bool,
}

/// The direction of every named type of the model, by Rust name. Objects no body reaches
/// count as both, with everything they reach; the only types absent are string enums and
/// aliases that nothing with a direction reaches.
pub fn directions(model: &Model) -> BTreeMap<String, Direction> {
    let kinds: BTreeMap<&str, &TypeKind> = model
        .types
        .iter()
        .map(|t| (t.name.as_str(), &t.kind))
        .collect();
    let mut out: BTreeMap<String, Direction> = BTreeMap::new();
    for op in &model.operations {
        if let Some(body) = &op.body {
            mark(&body.ty, true, &kinds, &mut out);
        }
        for response in &op.responses {
            if let Some(ty) = &response.ty {
                mark(ty, false, &kinds, &mut out);
            }
        }
    }
    for t in &model.types {
        if matches!(t.kind, TypeKind::Object(_)) && !out.contains_key(&t.name) {
            let ty = Ty::Named(t.name.clone());
            mark(&ty, true, &kinds, &mut out);
            mark(&ty, false, &kinds, &mut out);
        }
    }
    out
}

/// The names of the types that `roots` reach (through fields, arrays, maps and aliases).
pub(super) fn reached<'a>(
    types: &[TypeModel],
    roots: impl IntoIterator<Item = &'a Ty>,
) -> BTreeMap<String, Direction> {
    let kinds: BTreeMap<&str, &TypeKind> =
        types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    let mut out = BTreeMap::new();
    for ty in roots {
        mark(ty, true, &kinds, &mut out);
    }
    out
}

/// Marks `ty` and everything it reaches as used by requests (`request`) or by responses.
fn mark(
    ty: &Ty,
    request: bool,
    kinds: &BTreeMap<&str, &TypeKind>,
    out: &mut BTreeMap<String, Direction>,
) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Array(inner) | Ty::Map(inner) => stack.push(inner),
            Ty::Named(name) => {
                let entry = out.entry(name.clone()).or_default();
                let seen = if request {
                    std::mem::replace(&mut entry.request, true)
                } else {
                    std::mem::replace(&mut entry.response, true)
                };
                if seen {
                    continue;
                }
                match kinds.get(name.as_str()) {
                    Some(TypeKind::Object(fields)) => stack.extend(fields.iter().map(|f| &f.ty)),
                    Some(TypeKind::Alias(target)) => stack.push(target),
                    Some(TypeKind::Enum(_)) | None => {}
                }
            }
            Ty::String
            | Ty::Secret
            | Ty::Integer
            | Ty::Number
            | Ty::Boolean
            | Ty::Json
            | Ty::Bytes => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directions_of(spec: &str) -> BTreeMap<String, Direction> {
        let path = std::path::Path::new("direction.yaml");
        let loaded = crate::load::load_str(path, spec.to_owned()).expect("loads");
        let report = crate::validate::validate(&loaded);
        assert!(!report.has_errors(), "{report}");
        directions(&crate::model::build(&loaded.spec, "direction.yaml"))
    }

    const REQ: Direction = Direction {
        request: true,
        response: false,
    };
    const RESP: Direction = Direction {
        request: false,
        response: true,
    };
    const BOTH: Direction = Direction {
        request: true,
        response: true,
    };

    #[test]
    fn request_response_and_shared_types_are_told_apart_through_arrays_maps_and_recursion() {
        let found = directions_of(
            "service: {name: d, title: D, endpoint: 'https://d.{region}.example.com', catalog_type: d}\n\
             operations:\n  \
               put_thing:\n    method: PUT\n    path: /things\n    \
                 params:\n      kind: {in: query, type: Kind}\n    \
                 request: {type: 'array<NewThing>'}\n    \
                 responses:\n      - {status: 200, type: Thing}\n      - {status: 202, type: Accepted}\n\
             types:\n  \
               NewThing:\n    fields:\n      label: {type: Label}\n      tags: {type: 'map<Tag>'}\n  \
               Thing:\n    fields:\n      label: {type: Label}\n      parent: {type: Thing}\n      state: {type: State}\n  \
               Accepted:\n    fields:\n      id: {type: string}\n  \
               Label:\n    fields:\n      text: {type: string}\n  \
               Tag:\n    fields:\n      value: {type: string}\n  \
               State:\n    enum: [{value: ON}]\n  \
               Kind:\n    enum: [{value: A}]\n  \
               Lone:\n    enum: [{value: B}]\n  \
               Unused:\n    fields:\n      x: {type: string}\n      lone: {type: Lone}\n",
        );
        assert_eq!(found.get("NewThing"), Some(&REQ));
        assert_eq!(found.get("Tag"), Some(&REQ), "through map<…>");
        assert_eq!(found.get("Thing"), Some(&RESP));
        assert_eq!(found.get("State"), Some(&RESP));
        assert_eq!(found.get("Accepted"), Some(&RESP), "second status");
        assert_eq!(found.get("Label"), Some(&BOTH), "on both sides");
        assert_eq!(found.get("Kind"), None, "a query parameter is not a body");
        assert_eq!(found.get("Unused"), Some(&BOTH), "no body: both");
        assert_eq!(
            found.get("Lone"),
            Some(&BOTH),
            "reached from an object no body reaches"
        );
    }
}
