//! Merging a fresh draft with a reviewed spec (see the module docs of [`super`]).

use crate::spec::{Operation, Spec};

fn same_endpoint(a: &Operation, b: &Operation) -> bool {
    a.method == b.method && a.path == b.path && a.source == b.source
}

/// Applies the reviewed spec's corrections and human-only settings to the draft.
pub fn merge(mut draft: Spec, existing: &Spec) -> Spec {
    draft.service = existing.service.clone();
    // Waiters are written by hand only.
    draft.waiters = existing.waiters.clone();

    // Operations.
    for (name, old) in &existing.operations {
        if old.correction.is_some() {
            // A corrected operation replaces the drafted one for the same endpoint and page,
            // whatever either is called.
            // Another corrected operation of the same endpoint (one method and path serving
            // several operations) is not a draft to replace.
            let corrected_elsewhere = |n: &String| {
                n != name
                    && existing
                        .operations
                        .get(n)
                        .is_some_and(|o| o.correction.is_some())
            };
            let drafted: Vec<String> = draft
                .operations
                .iter()
                .filter(|(n, op)| *n == name || (same_endpoint(op, old) && !corrected_elsewhere(n)))
                .map(|(n, _)| n.clone())
                .collect();
            let at = drafted
                .first()
                .and_then(|n| draft.operations.get_index_of(n));
            for n in &drafted {
                draft.operations.shift_remove(n);
            }
            match at {
                Some(i) if i <= draft.operations.len() => {
                    draft.operations.shift_insert(i, name.clone(), old.clone());
                }
                _ => {
                    draft.operations.insert(name.clone(), old.clone());
                }
            }
            continue;
        }
        let Some(new) = draft.operations.get_mut(name) else {
            continue;
        };
        new.retry_safe |= old.retry_safe;
        if !old.auth.is_cloud() {
            new.auth = old.auth;
        }
        if new.paging.is_none() {
            new.paging = old.paging.clone();
        }
        for (pname, p) in &old.params {
            if p.correction.is_some() {
                new.params.insert(pname.clone(), p.clone());
            } else if let Some(np) = new.params.get_mut(pname) {
                if np.rust_name.is_none() {
                    np.rust_name = p.rust_name.clone();
                }
                np.secret |= p.secret;
            }
        }
        if let Some(r) = &old.request
            && r.correction.is_some()
        {
            new.request = Some(r.clone());
        }
        for r in &old.responses {
            if r.correction.is_some() {
                match new.responses.iter_mut().find(|x| x.status == r.status) {
                    Some(nr) => *nr = r.clone(),
                    None => new.responses.push(r.clone()),
                }
                continue;
            }
            if let Some(nr) = new.responses.iter_mut().find(|x| x.status == r.status) {
                for (h, oh) in &r.headers {
                    if let Some(nh) = nr.headers.get_mut(h)
                        && nh.rust_name.is_none()
                    {
                        nh.rust_name = oh.rust_name.clone();
                    }
                }
            }
        }
    }

    // Types.
    for (name, old) in &existing.types {
        if old.correction.is_some() {
            draft.types.insert(name.clone(), old.clone());
            continue;
        }
        let Some(new) = draft.types.get_mut(name) else {
            // A type only the reviewed spec has, still used by a corrected operation or type:
            // keep it so every reference resolves.
            continue;
        };
        if new.additional_properties.is_none() {
            new.additional_properties = old.additional_properties.clone();
        }
        if let (Some(nf), Some(of)) = (new.fields.as_mut(), old.fields.as_ref()) {
            for (fname, f) in of {
                if f.correction.is_some() {
                    nf.insert(fname.clone(), f.clone());
                } else if let Some(n) = nf.get_mut(fname)
                    && n.rust_name.is_none()
                {
                    n.rust_name = f.rust_name.clone();
                }
            }
        } else if new.fields.is_none()
            && let Some(of) = old.fields.as_ref()
        {
            let corrected: Vec<_> = of.iter().filter(|(_, f)| f.correction.is_some()).collect();
            if !corrected.is_empty() {
                let mut m = indexmap::IndexMap::new();
                for (k, f) in corrected {
                    m.insert(k.clone(), f.clone());
                }
                new.fields = Some(m);
            }
        }
        if let (Some(nv), Some(ov)) = (new.variants.as_mut(), old.variants.as_ref()) {
            for v in nv.iter_mut() {
                if v.rust_name.is_none()
                    && let Some(o) = ov.iter().find(|o| o.value == v.value)
                {
                    v.rust_name = o.rust_name.clone();
                }
            }
        }
    }
    keep_referenced_types(&mut draft, existing);
    prune_unreachable(&mut draft);

    // Errors: a corrected code is kept as it is; otherwise keep hand-set Rust names and codes
    // only the reviewed spec lists.
    for (code, old) in &existing.errors {
        match draft.errors.get_mut(code) {
            Some(new) if old.correction.is_some() => *new = old.clone(),
            Some(new) => {
                if new.rust_name.is_none() {
                    new.rust_name = old.rust_name.clone();
                }
            }
            None => {
                draft.errors.insert(code.clone(), old.clone());
            }
        }
    }
    draft
}

/// Type names in a type expression (`array<map<Foo>>` → `Foo`).
pub fn type_names(expr: &str) -> Vec<String> {
    expr.split(['<', '>', ',', ' '])
        .filter(|w| !w.is_empty())
        .filter(|w| {
            !matches!(
                *w,
                "string" | "integer" | "number" | "boolean" | "json" | "array" | "map"
            )
        })
        .map(str::to_owned)
        .collect()
}

/// Adds existing types that kept (corrected) parts of the spec still refer to but the draft
/// no longer defines, transitively.
fn keep_referenced_types(draft: &mut Spec, existing: &Spec) {
    loop {
        let mut wanted = Vec::new();
        for op in draft.operations.values() {
            for p in op.params.values() {
                wanted.extend(type_names(&p.ty));
            }
            if let Some(r) = &op.request {
                wanted.extend(type_names(&r.ty));
            }
            for r in &op.responses {
                if let Some(t) = &r.ty {
                    wanted.extend(type_names(t));
                }
            }
        }
        for t in draft.types.values() {
            if let Some(a) = &t.alias {
                wanted.extend(type_names(a));
            }
            for f in t.fields.iter().flat_map(|f| f.values()) {
                wanted.extend(type_names(&f.ty));
            }
        }
        let missing: Vec<String> = wanted
            .into_iter()
            .filter(|n| !draft.types.contains_key(n) && existing.types.contains_key(n))
            .collect();
        if missing.is_empty() {
            return;
        }
        for n in missing {
            if let Some(t) = existing.types.get(&n) {
                draft.types.insert(n, t.clone());
            }
        }
    }
}

/// Drops drafted types no operation reaches any more (their operation was replaced by a
/// corrected one). Corrected types stay whatever uses them.
fn prune_unreachable(spec: &mut Spec) {
    let mut reached: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut stack: Vec<String> = Vec::new();
    for op in spec.operations.values() {
        for p in op.params.values() {
            stack.extend(type_names(&p.ty));
        }
        if let Some(r) = &op.request {
            stack.extend(type_names(&r.ty));
        }
        for r in &op.responses {
            if let Some(t) = &r.ty {
                stack.extend(type_names(t));
            }
        }
    }
    for (name, t) in &spec.types {
        if t.correction.is_some() {
            stack.push(name.clone());
        }
    }
    while let Some(n) = stack.pop() {
        if !reached.insert(n.clone()) {
            continue;
        }
        if let Some(t) = spec.types.get(&n) {
            if let Some(a) = &t.alias {
                stack.extend(type_names(a));
            }
            for f in t.fields.iter().flat_map(|f| f.values()) {
                stack.extend(type_names(&f.ty));
            }
        }
    }
    spec.types.retain(|name, _| reached.contains(name));
}
