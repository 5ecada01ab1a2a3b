//! Value types of `clouds.yaml` that check themselves while the file is read, so that a bad
//! value is reported with its line and column, and never echo a secret.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::endpoint::Endpoint;
use crate::secret::Secret;

/// Accepts only a YAML string. Anything else is refused without showing the value (a
/// number would lose leading zeros: `0171` is read by YAML as the integer 171).
struct StringOnly {
    secret: bool,
}

impl<'de> Visitor<'de> for StringOnly {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Err(self.not_text(if self.secret {
            None
        } else {
            Some(v.to_string())
        }))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Err(self.not_text(if self.secret {
            None
        } else {
            Some(v.to_string())
        }))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Err(self.not_text(if self.secret {
            None
        } else {
            Some(v.to_string())
        }))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Err(self.not_text(if self.secret {
            None
        } else {
            Some(v.to_string())
        }))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom("expected a string, found a mapping"))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom("expected a string, found a list"))
    }
}

impl StringOnly {
    fn not_text<E: de::Error>(&self, shown: Option<String>) -> E {
        match shown {
            Some(v) => E::custom(format!(
                "expected a string, found the scalar {v} (put the value in quotes)"
            )),
            None => E::custom(
                "expected a string, found a number or boolean (put the value in quotes; the value is not shown)",
            ),
        }
    }
}

/// A non-secret string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Text(pub(super) String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringOnly { secret: false }).map(Text)
    }
}

/// A secret string: never shown in errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct SecretText(pub(super) Secret);

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringOnly { secret: true })
            .map(|s| SecretText(Secret::new(s)))
    }
}

/// An absolute `http(s)` URL with a host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct UrlText(pub(super) String);

impl<'de> Deserialize<'de> for UrlText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = d.deserialize_any(StringOnly { secret: false })?;
        check_url(&s).map_err(de::Error::custom)?;
        Ok(UrlText(s))
    }
}

/// Checks that `s` is a usable endpoint or auth URL.
pub(super) fn check_url(s: &str) -> Result<(), String> {
    Endpoint::parse(s, None)
        .map(|_| ())
        .map_err(|reason| format!("not a usable URL: {reason}"))
}

/// A duration in seconds: a non-negative number, or a string holding one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Seconds(pub(super) Duration);

struct SecondsVisitor;

impl<'de> Visitor<'de> for SecondsVisitor {
    type Value = Duration;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number of seconds")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
        Ok(Duration::from_secs(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
        u64::try_from(v)
            .map(Duration::from_secs)
            .map_err(|_| E::custom("expected a number of seconds, found a negative number"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Duration, E> {
        parse_seconds_f64(v).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
        parse_seconds(v).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SecondsVisitor).map(Seconds)
    }
}

/// Parses seconds written as text (`30`, `2.5`).
pub(super) fn parse_seconds(s: &str) -> Result<Duration, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("expected a number of seconds, found {s:?}"))?;
    parse_seconds_f64(v)
}

fn parse_seconds_f64(v: f64) -> Result<Duration, String> {
    if v < 0.0 {
        return Err("expected a number of seconds, found a negative number".into());
    }
    Duration::try_from_secs_f64(v).map_err(|_| format!("{v} is not a usable number of seconds"))
}
