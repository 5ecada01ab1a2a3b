//! Paths into a response body, as waiters write them: wire field names joined by `.`, with
//! `name[N]` for item `N` of an array field (`scaling_activity_log[0].status`).

use crate::spec::Spec;
use crate::type_expr::TypeExpr;

/// One step of a path: a field, and the item of it when it is an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The field's wire name.
    pub field: String,
    /// `[N]`: item `N` of the array the field holds.
    pub index: Option<usize>,
}

/// Splits a path into steps, or says what is wrong with it.
pub fn parse(path: &str) -> Result<Vec<Step>, String> {
    if path.trim().is_empty() {
        return Err("the path is empty".to_owned());
    }
    path.split('.')
        .map(|part| {
            let (field, index) = match part.strip_suffix(']') {
                Some(rest) => {
                    let (field, n) = rest
                        .rsplit_once('[')
                        .ok_or_else(|| format!("`{part}` has a `]` without `[`"))?;
                    let n = n
                        .parse::<usize>()
                        .map_err(|_| format!("`[{n}]` in `{part}` is not an item number"))?;
                    (field, Some(n))
                }
                None => (part, None),
            };
            if field.is_empty() {
                return Err(format!("`{path}` has an empty field name"));
            }
            Ok(Step {
                field: field.to_owned(),
                index,
            })
        })
        .collect()
}

/// What a path reaches in a spec's types: the type expression at its end (aliases followed).
pub fn resolve(spec: &Spec, body: &str, steps: &[Step]) -> Result<TypeExpr, String> {
    let mut current = TypeExpr::Named(body.to_owned());
    let mut walked = String::new();
    for step in steps {
        let here = if walked.is_empty() {
            "the response".to_owned()
        } else {
            format!("`{walked}`")
        };
        let name = match unalias(spec, current) {
            TypeExpr::Named(name) => name,
            TypeExpr::Array(inner) if !walked.is_empty() => {
                return Err(format!(
                    "{here} is `array<{inner}>`, not an object (write `{walked}[0]` for its first item)"
                ));
            }
            other => return Err(format!("{here} is `{other}`, not an object")),
        };
        let fields = spec
            .types
            .get(&name)
            .and_then(|t| t.fields.as_ref())
            .ok_or_else(|| format!("{here} is `{name}`, not an object"))?;
        let field = fields.get(&step.field).ok_or_else(|| {
            let known: Vec<&str> = fields.keys().map(String::as_str).collect();
            match crate::diagnostic::did_you_mean(&step.field, known.iter().copied()) {
                Some(close) => format!(
                    "`{name}` has no field `{}` (did you mean `{close}`?)",
                    step.field
                ),
                None => format!("`{name}` has no field `{}`", step.field),
            }
        })?;
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(&step.field);
        let ty = TypeExpr::parse(&field.ty).map_err(|_| format!("`{walked}` has a bad type"))?;
        current = match step.index {
            None => ty,
            Some(n) => match unalias(spec, ty) {
                TypeExpr::Array(inner) => {
                    walked.push_str(&format!("[{n}]"));
                    *inner
                }
                other => return Err(format!("`{walked}` is `{other}`, not an array")),
            },
        };
    }
    Ok(unalias(spec, current))
}

/// Follows aliases (a bounded number of times: cycles are reported elsewhere).
fn unalias(spec: &Spec, mut ty: TypeExpr) -> TypeExpr {
    for _ in 0..16 {
        let TypeExpr::Named(name) = &ty else {
            return ty;
        };
        match spec
            .types
            .get(name)
            .and_then(|t| t.alias.as_deref())
            .and_then(|a| TypeExpr::parse(a).ok())
        {
            Some(next) => ty = next,
            None => return ty,
        }
    }
    ty
}

/// The values of a string enum type, when `ty` is one.
pub fn enum_values<'s>(spec: &'s Spec, ty: &TypeExpr) -> Option<Vec<&'s str>> {
    let TypeExpr::Named(name) = ty else {
        return None;
    };
    let values = spec.types.get(name)?.variants.as_ref()?;
    Some(values.iter().map(|v| v.value.as_str()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_fields_and_items() {
        let steps = parse("scaling_activity_log[0].status").unwrap();
        assert_eq!(
            steps,
            [
                Step {
                    field: "scaling_activity_log".into(),
                    index: Some(0)
                },
                Step {
                    field: "status".into(),
                    index: None
                }
            ]
        );
        assert!(parse("").is_err());
        assert!(parse("a..b").is_err());
        assert!(parse("a[x]").is_err());
        assert!(parse("a]").is_err());
    }
}
