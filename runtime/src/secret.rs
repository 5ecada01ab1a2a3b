//! [`Secret`]: a string that never shows itself in logs, `Debug` or `Display`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A secret string: a password, a token or a secret key.
///
/// `Debug` and `Display` print `***`; the value is reachable only through
/// [`Secret::expose`]. It serialises and deserialises transparently as a plain
/// JSON string, so it can sit in a request body.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value itself. Call it only where the value must go on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_display_and_alternate_forms_hide_the_value() {
        let s = Secret::new("hunter2-password");
        for shown in [
            format!("{s:?}"),
            format!("{s:#?}"),
            format!("{s}"),
            format!("{:?}", Some(&s)),
            format!("{:?}", vec![s.clone()]),
        ] {
            assert!(!shown.contains("hunter2"), "leaked in {shown:?}");
            assert!(shown.contains("***"), "{shown:?}");
        }
        assert_eq!(s.expose(), "hunter2-password");
    }

    #[test]
    fn serde_is_transparent() {
        let s = Secret::new("p@ss \"quoted\"");
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#""p@ss \"quoted\"""#);
        let back: Secret = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<Secret>("12").is_err());
    }
}
