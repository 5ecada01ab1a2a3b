//! Waiters resolved against the modelled operations and types.

use super::{FieldModel, OperationModel, Output, Ty, TypeKind, TypeModel};
use crate::names;
use crate::spec::{ParamLocation, Spec};
use crate::state_path;

/// A waiter: a `wait_<name>` client method polling one operation.
#[derive(Debug, Clone)]
pub struct WaiterModel {
    /// Name in the spec (snake_case).
    pub name: String,
    /// The client method (`wait_<name>`).
    pub method: String,
    /// The `static` holding the declaration (`JOB_DONE`).
    pub static_name: String,
    /// Index of the polled operation in [`super::Model::operations`].
    pub operation: usize,
    /// Optional query parameters that become arguments, by index into the operation's params.
    pub args: Vec<usize>,
    /// How to reach the state from the answer's body.
    pub state: StatePath,
    /// How to reach the failure reason, when the service gives one.
    pub reason: Option<StatePath>,
    /// Success states.
    pub success: Vec<String>,
    /// Failure states.
    pub failure: Vec<String>,
    /// Pending states.
    pub pending: Vec<String>,
    /// Seconds after the first poll.
    pub interval: u32,
    /// Largest wait between polls, in seconds.
    pub max_interval: u32,
    /// The whole wait, in seconds.
    pub timeout: u32,
    /// Doc text.
    pub doc: Option<String>,
}

/// A path from the answer's body to a text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatePath {
    /// The steps, outermost first.
    pub steps: Vec<PathStep>,
    /// The text is a `String` (else a generated string enum).
    pub is_string: bool,
}

/// One step from a value to a field of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    /// Rust name of the field.
    pub rust: String,
    /// Wire name of the field (for docs).
    pub wire: String,
    /// The field is an `Option`.
    pub optional: bool,
    /// `[N]`: then item `N` of the array it holds.
    pub index: Option<usize>,
}

/// The waiters of a spec that fit its operations (validation reports the others).
pub fn build(spec: &Spec, operations: &[OperationModel], types: &[TypeModel]) -> Vec<WaiterModel> {
    spec.waiters
        .iter()
        .filter_map(|(name, w)| {
            let operation = operations.iter().position(|o| o.name == w.operation)?;
            let op = &operations[operation];
            let Output::Body(Ty::Named(body)) = &op.output else {
                return None;
            };
            let state = resolve(types, body, &w.state)?;
            let reason = match &w.reason {
                Some(r) => Some(resolve(types, body, r)?),
                None => None,
            };
            let args = w
                .args
                .iter()
                .map(|a| {
                    op.params.iter().position(|p| {
                        p.wire == *a
                            && p.location == ParamLocation::Query
                            && !p.positional()
                            && p.from.is_none()
                            && !matches!(p.ty, Ty::Array(_))
                    })
                })
                .collect::<Option<Vec<usize>>>()?;
            let method = names::bare(&names::snake(name, "waiter")).to_owned();
            Some(WaiterModel {
                name: name.clone(),
                static_name: method.to_ascii_uppercase(),
                method: format!("wait_{method}"),
                operation,
                args,
                state,
                reason,
                success: w.success.clone(),
                failure: w.failure.clone(),
                pending: w.pending.clone(),
                interval: w.interval.max(1),
                max_interval: w.max_interval.max(w.interval.max(1)),
                timeout: w.timeout,
                doc: w.doc.clone(),
            })
        })
        .collect()
}

/// The steps of `path` from the body type `body`, ending at text; `None` when it does not fit.
fn resolve(types: &[TypeModel], body: &str, path: &str) -> Option<StatePath> {
    let steps = state_path::parse(path).ok()?;
    let mut current = Ty::Named(body.to_owned());
    let mut out = Vec::new();
    for step in steps {
        let fields = object(types, &current)?;
        let field: &FieldModel = fields.iter().find(|f| f.wire == step.field)?;
        current = match step.index {
            None => field.ty.clone(),
            Some(_) => match unalias(types, &field.ty) {
                Ty::Array(inner) => *inner,
                _ => return None,
            },
        };
        out.push(PathStep {
            rust: field.rust.clone(),
            wire: field.wire.clone(),
            optional: field.optional(),
            index: step.index,
        });
    }
    let (text, is_string) = match unalias(types, &current) {
        Ty::String => (true, true),
        Ty::Named(n) => (
            types
                .iter()
                .any(|t| t.name == n && matches!(t.kind, TypeKind::Enum(_))),
            false,
        ),
        _ => (false, false),
    };
    text.then_some(StatePath {
        steps: out,
        is_string,
    })
}

fn object<'t>(types: &'t [TypeModel], ty: &Ty) -> Option<&'t Vec<FieldModel>> {
    let Ty::Named(name) = unalias(types, ty) else {
        return None;
    };
    match &types.iter().find(|t| t.name == name)?.kind {
        TypeKind::Object(fields) => Some(fields),
        _ => None,
    }
}

/// Follows type aliases (a bounded number of times).
fn unalias(types: &[TypeModel], ty: &Ty) -> Ty {
    let mut ty = ty.clone();
    for _ in 0..16 {
        let Ty::Named(name) = &ty else {
            return ty;
        };
        match types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
            Some(TypeKind::Alias(next)) => ty = next.clone(),
            _ => return ty,
        }
    }
    ty
}
