//! [`setters!`](crate::setters): the chainable `with_<field>` setters of generated request
//! types, written once here instead of seven lines per optional field in every service crate.

/// Implements chainable setters on a generated struct, one per listed optional field.
///
/// Each entry is `method(field: how)`; `how` says what the setter takes and how it stores it:
///
/// | `how` | argument | stored as |
/// |---|---|---|
/// | `into` | `impl Into<String>` | `Some(value.into())` |
/// | `secret` | `impl Into<String>` | `Some(Secret::new(value))` |
/// | `T` (a type) | `T` | `Some(value)` |
/// | `boxed T` | `T` | `Some(Box::new(value))` |
/// | `set T` | `T` | `value` (collections that are empty when unset) |
///
/// ```
/// #[derive(Debug, Default)]
/// pub struct Group {
///     name: Option<String>,
///     max: Option<i64>,
///     tags: Vec<String>,
/// }
/// otc_runtime::setters!(Group {
///     with_name(name: into),
///     with_max(max: i64),
///     with_tags(tags: set Vec<String>),
/// });
/// let g = Group::default().with_name("web").with_max(3).with_tags(vec!["a".into()]);
/// assert_eq!((g.name.as_deref(), g.max, g.tags.len()), (Some("web"), Some(3), 1));
/// ```
#[macro_export]
macro_rules! setters {
    ($ty:ident { $($method:ident($field:ident: $($how:tt)+)),* $(,)? }) => {
        impl $ty {
            $($crate::setters!(@one $method $field $($how)+);)*
        }
    };
    (@one $method:ident $field:ident into) => {
        $crate::setters!(@fn $method $field value: impl Into<String> => value.into());
    };
    (@one $method:ident $field:ident secret) => {
        $crate::setters!(@fn $method $field value: impl Into<String> => $crate::Secret::new(value));
    };
    (@one $method:ident $field:ident boxed $arg:ty) => {
        $crate::setters!(@fn $method $field value: $arg => Box::new(value));
    };
    (@one $method:ident $field:ident set $arg:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $method(mut self, value: $arg) -> Self {
            self.$field = value;
            self
        }
    };
    (@one $method:ident $field:ident $arg:ty) => {
        $crate::setters!(@fn $method $field value: $arg => value);
    };
    // The argument's name comes from the arm that uses it (macro hygiene).
    (@fn $method:ident $field:ident $v:ident: $arg:ty => $value:expr) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $method(mut self, $v: $arg) -> Self {
            self.$field = Some($value);
            self
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::Secret;

    #[derive(Debug, Default)]
    struct Body {
        name: Option<String>,
        password: Option<Secret>,
        limit: Option<i64>,
        nested: Option<Box<Body>>,
        tags: Vec<String>,
    }

    crate::setters!(Body {
        with_name(name: into),
        with_password(password: secret),
        with_limit(limit: i64),
        with_nested(nested: boxed Body),
        with_tags(tags: set Vec<String>),
    });

    #[test]
    fn each_kind_stores_its_argument() {
        let b = Body::default()
            .with_name("n")
            .with_password(String::from("pw"))
            .with_limit(5)
            .with_nested(Body::default().with_limit(1))
            .with_tags(vec!["t".to_owned()]);
        assert_eq!(b.name.as_deref(), Some("n"));
        assert_eq!(b.password.as_ref().map(Secret::expose), Some("pw"));
        assert!(!format!("{b:?}").contains("pw"), "the secret stays hidden");
        assert_eq!(b.limit, Some(5));
        assert_eq!(b.nested.and_then(|n| n.limit), Some(1));
        assert_eq!(b.tags, ["t"]);
    }
}
