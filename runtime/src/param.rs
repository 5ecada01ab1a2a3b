//! [`ParamValue`]: how typed values become path, query and header strings.

use std::borrow::Cow;

/// Turns a typed value into the text that goes into a path segment, a query value or a
/// header (before percent-encoding, which [`Request`](crate::Request) does).
///
/// Implemented for strings, booleans (`true`/`false`) and the integer and float types
/// (their Rust `Display` form). Generated string enums implement it themselves.
pub trait ParamValue {
    /// The textual form of the value.
    fn to_param(&self) -> Cow<'_, str>;
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

impl ParamValue for Cow<'_, str> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_ref())
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

/// The secret's value, for parameters declared `secret` (the request masks it when shown).
impl ParamValue for crate::Secret {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.expose())
    }
}

impl ParamValue for bool {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

display_param!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize, f32, f64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_render_as_documented() {
        assert_eq!(true.to_param(), "true");
        assert_eq!(false.to_param(), "false");
        assert_eq!((-7i32).to_param(), "-7");
        assert_eq!(u64::MAX.to_param(), "18446744073709551615");
        assert_eq!(2.5f64.to_param(), "2.5");
        assert_eq!(3.0f64.to_param(), "3");
        assert_eq!("x y".to_param(), "x y");
        let owned = String::from("abc");
        assert_eq!((&&owned).to_param(), "abc");
        assert!(matches!("borrowed".to_param(), Cow::Borrowed(_)));
    }
}
