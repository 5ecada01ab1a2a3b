//! Decoding of generated string enums without an allocation per value.
//!
//! A generated enum implements `From<&str>` (documented values map to variants, anything else
//! to `Unknown(String)`); its `Deserialize` calls [`deserialize`], which hands the visitor's
//! `&str` straight to that conversion, so only unknown values allocate.

use std::fmt;
use std::marker::PhantomData;

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
    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unknown(String),
    }

    impl From<&str> for Color {
        fn from(v: &str) -> Self {
            match v {
                "RED" => Color::Red,
                other => Color::Unknown(other.to_owned()),
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
            Color::Unknown("BLUE".to_owned())
        );
        assert!(decode("1").is_err());
        assert!(decode("null").is_err());
    }
}
