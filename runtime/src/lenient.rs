//! Lenient decoding for fields that OTC sends with the wrong JSON type.
//!
//! Use on a field marked `lenient` in a spec:
//!
//! ```
//! # use otc_runtime as rt;
//! #[derive(serde::Deserialize)]
//! struct Quota {
//!     #[serde(default, deserialize_with = "rt::lenient::deserialize")]
//!     size: Option<f64>,      // accepts 500, 500.0, "500.00", null, ""
//!     #[serde(default, deserialize_with = "rt::lenient::deserialize")]
//!     limit: i64,             // accepts 100, "100", 100.0
//! }
//! let q: Quota = serde_json::from_str(r#"{"size": "500.00", "limit": "100"}"#).unwrap();
//! assert_eq!((q.size, q.limit), (Some(500.0), 100));
//! ```
//!
//! What each type accepts:
//! - integers (`i8`…`i64`, `u8`…`u64`, `isize`, `usize`): JSON numbers, integral floats
//!   (`1.0`), and strings holding either (`"100"`, `" 7 "`, `"1.0"`); out of range or
//!   fractional values are errors;
//! - `f32`/`f64`: numbers and numeric strings (`"500.00"`);
//! - `bool`: `true`/`false` and the strings `"true"`/`"false"` in any case;
//! - `String`: strings, and numbers and booleans rendered as JSON text (`0` → `"0"`);
//! - `Option<T>`: `null` is `None`; `""` is `None` too unless `T` is `String` or
//!   `serde_json::Value`; anything else as for `T`;
//! - `Vec<T>`: an array of lenient `T`;
//! - `serde_json::Value`: anything.
//!
//! `null` for a non-`Option` type is an error: declare such fields `Option`. A missing field
//! falls back to `Default` through `#[serde(default)]`.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::Value;

/// A type that can be built leniently from any JSON value.
pub trait Lenient: Sized {
    /// Whether `""` means "absent" when this type sits inside an `Option`.
    const EMPTY_STRING_IS_NONE: bool = true;

    /// Builds the value, or says why the JSON value does not fit.
    fn from_json(value: Value) -> Result<Self, String>;
}

/// `deserialize_with` target for lenient fields of any [`Lenient`] type.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    let value = Value::deserialize(deserializer)?;
    T::from_json(value).map_err(D::Error::custom)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An integer from a number or a numeric string, as i128 (wide enough for i64 and u64).
fn integer(value: &Value) -> Result<i128, String> {
    let from_float = |f: f64| -> Result<i128, String> {
        if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e38 {
            // Integral and within i128: the cast is exact.
            Ok(f as i128)
        } else {
            Err(format!("expected an integer, found {f}"))
        }
    };
    match value {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(i.into())
            } else if let Some(u) = n.as_u64() {
                Ok(u.into())
            } else {
                from_float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(s) => {
            let s = s.trim();
            if let Ok(i) = s.parse::<i128>() {
                Ok(i)
            } else if let Ok(f) = s.parse::<f64>() {
                from_float(f)
            } else {
                Err(format!("expected an integer, found the string {s:?}"))
            }
        }
        other => Err(format!("expected an integer, found {}", kind(other))),
    }
}

macro_rules! lenient_int {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            fn from_json(value: Value) -> Result<Self, String> {
                let i = integer(&value)?;
                <$t>::try_from(i).map_err(|_| {
                    format!("{i} is out of range for {}", stringify!($t))
                })
            }
        }
    )*};
}

lenient_int!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

fn float(value: &Value) -> Result<f64, String> {
    match value {
        Value::Number(n) => n
            .as_f64()
            .ok_or_else(|| format!("{n} is not representable as a float")),
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("expected a number, found the string {s:?}")),
        other => Err(format!("expected a number, found {}", kind(other))),
    }
}

impl Lenient for f64 {
    fn from_json(value: Value) -> Result<Self, String> {
        float(&value)
    }
}

impl Lenient for f32 {
    fn from_json(value: Value) -> Result<Self, String> {
        // Narrowing is the documented meaning of an f32 field.
        float(&value).map(|f| f as f32)
    }
}

impl Lenient for bool {
    fn from_json(value: Value) -> Result<Self, String> {
        match &value {
            Value::Bool(b) => Ok(*b),
            Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Ok(true),
            Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Ok(false),
            Value::String(s) => Err(format!("expected a boolean, found the string {s:?}")),
            other => Err(format!("expected a boolean, found {}", kind(other))),
        }
    }
}

impl Lenient for String {
    const EMPTY_STRING_IS_NONE: bool = false;

    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(format!("expected a string, found {}", kind(&other))),
        }
    }
}

impl Lenient for Value {
    const EMPTY_STRING_IS_NONE: bool = false;

    fn from_json(value: Value) -> Result<Self, String> {
        Ok(value)
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            Value::String(s) if s.is_empty() && T::EMPTY_STRING_IS_NONE => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| T::from_json(v).map_err(|e| format!("item {i}: {e}")))
                .collect(),
            other => Err(format!("expected an array, found {}", kind(&other))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok<T: Lenient>(v: Value) -> T {
        match T::from_json(v.clone()) {
            Ok(t) => t,
            Err(e) => panic!("{v} should decode: {e}"),
        }
    }

    fn err<T: Lenient + std::fmt::Debug>(v: Value) -> String {
        match T::from_json(v.clone()) {
            Ok(t) => panic!("{v} should not decode, got {t:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn integers() {
        assert_eq!(ok::<i64>(json!(100)), 100);
        assert_eq!(ok::<i64>(json!("100")), 100);
        assert_eq!(ok::<i64>(json!(" -3 ")), -3);
        assert_eq!(ok::<i64>(json!(1.0)), 1);
        assert_eq!(ok::<i32>(json!("1.0")), 1);
        assert_eq!(ok::<u64>(json!(u64::MAX)), u64::MAX);
        assert_eq!(ok::<u64>(json!("18446744073709551615")), u64::MAX);
        assert_eq!(ok::<i64>(json!(1_700_000_000_000i64)), 1_700_000_000_000);
        assert!(err::<i64>(json!(1.5)).contains("integer"));
        assert!(err::<i64>(json!("abc")).contains("\"abc\""));
        assert!(err::<i64>(json!(null)).contains("null"));
        assert!(err::<i64>(json!("")).contains("integer"));
        assert!(err::<i32>(json!(3_000_000_000i64)).contains("out of range"));
        assert!(err::<u32>(json!(-1)).contains("out of range"));
        assert!(err::<i64>(json!(true)).contains("boolean"));
    }

    #[test]
    fn floats() {
        assert_eq!(ok::<f64>(json!("500.00")), 500.0);
        assert_eq!(ok::<f64>(json!(2)), 2.0);
        assert_eq!(ok::<f32>(json!(0.5)), 0.5);
        assert!(err::<f64>(json!("5 GB")).contains("5 GB"));
        assert!(err::<f64>(json!({})).contains("object"));
    }

    #[test]
    fn booleans() {
        assert!(ok::<bool>(json!(true)));
        assert!(ok::<bool>(json!("true")));
        assert!(ok::<bool>(json!("True")));
        assert!(!ok::<bool>(json!("FALSE")));
        assert!(err::<bool>(json!("yes")).contains("yes"));
        assert!(err::<bool>(json!(1)).contains("number"));
    }

    #[test]
    fn strings() {
        assert_eq!(ok::<String>(json!("x")), "x");
        assert_eq!(ok::<String>(json!(0)), "0");
        assert_eq!(ok::<String>(json!(1.5)), "1.5");
        assert_eq!(ok::<String>(json!(false)), "false");
        assert!(err::<String>(json!({"a": 1})).contains("object"));
        assert!(err::<String>(json!(null)).contains("null"));
    }

    #[test]
    fn options() {
        assert_eq!(ok::<Option<i64>>(json!(null)), None);
        assert_eq!(ok::<Option<i64>>(json!("")), None);
        assert_eq!(ok::<Option<bool>>(json!("")), None);
        assert_eq!(ok::<Option<i64>>(json!("4")), Some(4));
        assert_eq!(ok::<Option<String>>(json!("")), Some(String::new()));
        assert_eq!(ok::<Option<String>>(json!(null)), None);
        assert_eq!(ok::<Option<Value>>(json!("")), Some(json!("")));
        assert!(err::<Option<i64>>(json!("x")).contains("\"x\""));
    }

    #[test]
    fn vectors_and_values() {
        assert_eq!(ok::<Vec<i64>>(json!([1, "2", 3.0])), vec![1, 2, 3]);
        assert_eq!(
            ok::<Vec<Option<i64>>>(json!([null, "", "5"])),
            vec![None, None, Some(5)]
        );
        assert!(err::<Vec<i64>>(json!([1, "x"])).starts_with("item 1:"));
        assert!(err::<Vec<i64>>(json!("1,2")).contains("array"));
        assert_eq!(ok::<Value>(json!({"a": [1]})), json!({"a": [1]}));
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Row {
        #[serde(default, deserialize_with = "deserialize")]
        min_capacity: i64,
        #[serde(default, deserialize_with = "deserialize")]
        size: Option<f64>,
        #[serde(default, deserialize_with = "deserialize")]
        enterprise_project_id: Option<String>,
        #[serde(default, deserialize_with = "deserialize")]
        active_master: bool,
    }

    #[test]
    fn as_field_attribute_with_path_in_errors() {
        let r: Row = serde_json::from_value(json!({
            "min_capacity": "1", "size": "500.00", "enterprise_project_id": 0,
            "active_master": "true"
        }))
        .unwrap();
        assert_eq!(
            r,
            Row {
                min_capacity: 1,
                size: Some(500.0),
                enterprise_project_id: Some("0".into()),
                active_master: true
            }
        );
        let r: Row = serde_json::from_str("{}").unwrap();
        assert_eq!(r.size, None);
        assert_eq!(r.min_capacity, 0);

        let mut de = serde_json::Deserializer::from_str(r#"{"min_capacity": "lots"}"#);
        let e = serde_path_to_error::deserialize::<_, Row>(&mut de).unwrap_err();
        assert_eq!(e.path().to_string(), "min_capacity");
        assert!(e.to_string().contains("lots"), "{e}");
    }
}
