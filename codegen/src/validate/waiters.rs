//! Checks of the `waiters:` section: the polled operation, the state and reason paths, the
//! state lists, the extra arguments and the timings.

use std::collections::BTreeMap;

use super::{Validator, keys, with};
use crate::diagnostic::did_you_mean;
use crate::model;
use crate::names;
use crate::source_map::Seg;
use crate::spec::{ParamLocation, Waiter};
use crate::state_path;
use crate::type_expr::TypeExpr;

impl Validator<'_> {
    pub(super) fn waiters(&mut self) {
        let waiters: Vec<(String, Waiter)> = self
            .spec()
            .waiters
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut methods: BTreeMap<String, String> = BTreeMap::new();
        for (name, waiter) in &waiters {
            let at = keys(&["waiters", name]);
            let method = model::op_method_name(name);
            if names::bare(&method) != name {
                self.error_at_key(
                    &at,
                    format!("waiter name `{name}` is not snake_case"),
                    &format!("name it `{}`", names::bare(&method)),
                );
            } else if let Some(first) = methods.insert(name.to_ascii_lowercase(), name.clone()) {
                self.error_at_key(
                    &at,
                    format!("waiters `{first}` and `{name}` get the same method name"),
                    "rename one of them",
                );
            }
            let wait_method = format!("wait_{name}");
            if self.spec().operations.contains_key(&wait_method) {
                self.error_at_key(
                    &at,
                    format!("waiter `{name}` would get the method `{wait_method}`, which is an operation's"),
                    "rename the waiter",
                );
            }
            self.waiter(name, waiter, &at);
        }
    }

    fn waiter(&mut self, name: &str, w: &Waiter, at: &[Seg]) {
        self.state_lists(w, at);
        self.timings(w, at);
        let op_at = with(at, "operation");
        let Some(op) = self.spec().operations.get(&w.operation) else {
            let help = match did_you_mean(
                &w.operation,
                self.spec().operations.keys().map(String::as_str),
            ) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "name an operation of this spec (its key under `operations:`)".to_owned(),
            };
            self.error_at_value(
                &op_at,
                format!(
                    "waiter `{name}` polls `{}`, which is not an operation",
                    w.operation
                ),
                &help,
            );
            return;
        };
        if op.method != crate::spec::Method::Get {
            self.error_at_value(
                &op_at,
                format!(
                    "waiter `{name}` polls `{}`, a {} operation",
                    w.operation,
                    op.method.as_str()
                ),
                "poll an operation that only reads: a GET",
            );
        }
        self.waiter_args(name, w, at);
        let mut bodies: Vec<&str> = op
            .responses
            .iter()
            .filter_map(|r| r.ty.as_deref())
            .collect();
        bodies.dedup();
        let body = match bodies.as_slice() {
            [one]
                if self
                    .spec()
                    .types
                    .get(*one)
                    .is_some_and(|t| t.fields.is_some()) =>
            {
                (*one).to_owned()
            }
            [one] if self.skip.all_types || self.skip.types.contains(*one) => return,
            _ => {
                self.error_at_value(
                    &op_at,
                    format!(
                        "waiter `{name}` needs `{}` to answer with one object type",
                        w.operation
                    ),
                    "give every success status of the polled operation the same object `type`",
                );
                return;
            }
        };
        let state = self.state_path(&w.state, &body, &with(at, "state"), "state");
        if let Some(values) = state
            .as_ref()
            .and_then(|t| state_path::enum_values(self.spec(), t))
        {
            let values: Vec<String> = values.into_iter().map(str::to_owned).collect();
            for list in ["success", "failure", "pending"] {
                let states = match list {
                    "success" => &w.success,
                    "failure" => &w.failure,
                    _ => &w.pending,
                };
                for (i, s) in states.iter().enumerate() {
                    if !values.contains(s) {
                        let help = match did_you_mean(s, values.iter().map(String::as_str)) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None => format!(
                                "the state field's enum has: {}",
                                values
                                    .iter()
                                    .map(|v| format!("`{v}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        self.error_at_value(
                            &[at, &[Seg::Key(list.to_owned()), Seg::Index(i)]].concat(),
                            format!("`{s}` is not a value of the state field's enum"),
                            &help,
                        );
                    }
                }
            }
        }
        if let Some(reason) = &w.reason {
            self.state_path(reason, &body, &with(at, "reason"), "reason");
        }
    }

    /// Checks a path into the answer that must end at a string or a string enum; its type.
    fn state_path(&mut self, path: &str, body: &str, at: &[Seg], what: &str) -> Option<TypeExpr> {
        let steps = match state_path::parse(path) {
            Ok(steps) => steps,
            Err(problem) => {
                self.error_at_value(
                    at,
                    format!("the {what} path `{path}` is malformed: {problem}"),
                    "write wire field names joined by `.`, with `name[0]` for an item of an array",
                );
                return None;
            }
        };
        match state_path::resolve(self.spec(), body, &steps) {
            Ok(ty) => {
                let text =
                    ty == TypeExpr::String || state_path::enum_values(self.spec(), &ty).is_some();
                if text {
                    Some(ty)
                } else {
                    self.error_at_value(
                        at,
                        format!("the {what} path `{path}` ends at `{ty}`, not at text"),
                        "point at a `string` field or a field whose type is a string enum",
                    );
                    None
                }
            }
            Err(problem) => {
                self.error_at_value(
                    at,
                    format!("the {what} path `{path}` does not reach a field of `{body}`: {problem}"),
                    "write wire field names joined by `.`, starting at a field of the polled operation's answer",
                );
                None
            }
        }
    }

    fn state_lists(&mut self, w: &Waiter, at: &[Seg]) {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (list, states, required) in [
            ("success", &w.success, true),
            ("failure", &w.failure, false),
            ("pending", &w.pending, true),
        ] {
            if required && states.is_empty() {
                self.error_at_key(
                    &with(at, list),
                    format!("`{list}` lists no state"),
                    &format!("list the states that mean {}", meaning(list)),
                );
            }
            for (i, s) in states.iter().enumerate() {
                let item = [at, &[Seg::Key(list.to_owned()), Seg::Index(i)]].concat();
                if s.trim().is_empty() {
                    self.error_at_value(
                        &item,
                        "a state is empty".to_owned(),
                        "write the state exactly as the service sends it",
                    );
                } else if let Some(first) = seen.insert(s, list) {
                    self.error_at_value(
                        &item,
                        format!("state `{s}` is listed in `{first}` and in `{list}`"),
                        "a state means one thing: keep it in one list",
                    );
                }
            }
        }
    }

    fn timings(&mut self, w: &Waiter, at: &[Seg]) {
        if w.interval == 0 {
            self.error_at_value(
                &with(at, "interval"),
                "`interval` is 0".to_owned(),
                "give the seconds to wait after the first poll, at least 1",
            );
        }
        if w.max_interval < w.interval {
            self.error_at_value(
                &with(at, "max_interval"),
                format!(
                    "`max_interval` ({}) is below `interval` ({})",
                    w.max_interval, w.interval
                ),
                "the wait grows from `interval` up to `max_interval` seconds",
            );
        }
        if w.timeout < w.interval {
            self.error_at_value(
                &with(at, "timeout"),
                format!(
                    "`timeout` ({}) is below `interval` ({})",
                    w.timeout, w.interval
                ),
                "give the whole wait in seconds; it must allow a second poll",
            );
        }
    }

    fn waiter_args(&mut self, name: &str, w: &Waiter, at: &[Seg]) {
        let Some(op) = self.spec().operations.get(&w.operation) else {
            return;
        };
        for (i, arg) in w.args.iter().enumerate() {
            let item = [at, &[Seg::Key("args".to_owned()), Seg::Index(i)]].concat();
            let problem = match op.params.get(arg) {
                None => Some(format!("`{arg}` is not a parameter of `{}`", w.operation)),
                Some(p) if p.location != ParamLocation::Query => Some(format!(
                    "`{arg}` is not a query parameter of `{}`",
                    w.operation
                )),
                Some(p) if p.required || p.from.is_some() => Some(format!(
                    "`{arg}` is already an argument of `wait_{name}` (required, or filled in by the client)"
                )),
                Some(p) if p.ty.starts_with("array<") => Some(format!(
                    "`{arg}` is a repeated parameter, which a waiter cannot take"
                )),
                Some(_) => None,
            };
            if let Some(problem) = problem {
                self.error_at_value(
                    &item,
                    problem,
                    "list optional query parameters of the polled operation that the caller must give",
                );
            }
        }
    }
}

fn meaning(list: &str) -> &'static str {
    match list {
        "success" => "the work is done",
        _ => "the work is still going on",
    }
}
