//! What [`Decode`](crate::Decode) expansions share: the visitor that reads a JSON object into
//! an [`Object`], the seed that turns a key into a field index, and the readers of lenient,
//! required and repeated fields. Written once here, so that a generated type's decoding is
//! one method.
//!
//! ```
//! use otc_runtime as rt;
//!
//! #[derive(Debug, rt::Decode)]
//! #[serde(rename_all = "camelCase")]
//! struct Cluster {
//!     cluster_id: String,
//!     #[serde(rename = "binding:vnic_type")]
//!     vnic_type: Option<String>,
//!     #[serde(default, deserialize_with = "rt::lenient::deserialize")]
//!     size: Option<i64>,
//! }
//!
//! let c: Cluster =
//!     serde_json::from_str(r#"{"clusterId": "c-1", "size": "3", "other": [1]}"#).unwrap();
//! assert_eq!((c.cluster_id.as_str(), c.vnic_type, c.size), ("c-1", None, Some(3)));
//!
//! let missing = serde_json::from_str::<Cluster>("{}").unwrap_err();
//! assert_eq!(missing.to_string(), "missing field `clusterId` at line 1 column 2");
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// A struct read from a JSON object, key by key (what `#[derive(Decode)]` implements).
pub trait Object: Sized {
    /// The type's name, for "expected struct Name" errors.
    const NAME: &'static str;

    /// The index of the field `key` names, `None` for a key no field has.
    fn field(key: &str) -> Option<usize>;

    /// Reads the object's entries from `map` and builds the value.
    ///
    /// # Errors
    ///
    /// A value that does not fit its field, or a required field that is missing.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads a `T` from a JSON object (the `Deserialize` of every [`Object`]).
///
/// # Errors
///
/// The deserializer's error: not an object, or what [`Object::from_map`] says.
pub fn object<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// Reads an object key as [`Object::field`] of `T` does: the seed each
/// [`Object::from_map`] reads its keys with, so a key is matched once. `Ok(index)` for a
/// field's key, `Err(K::from_key(key))` for any other: `K = ()` skips such keys without
/// copying them, `K = String` keeps them (a flattened map field).
pub struct FieldIndex<T, K = ()>(PhantomData<fn() -> (T, K)>);

/// What [`FieldIndex`] makes of a key no field names.
pub trait OtherKey {
    /// The value for `key`.
    fn from_key(key: &str) -> Self;
}

impl OtherKey for () {
    fn from_key(_: &str) -> Self {}
}

impl OtherKey for String {
    fn from_key(key: &str) -> Self {
        key.to_owned()
    }
}

impl<T, K> FieldIndex<T, K> {
    /// The seed for `T`'s keys.
    pub fn new() -> Self {
        FieldIndex(PhantomData)
    }
}

impl<T, K> Default for FieldIndex<T, K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Object, K: OtherKey> de::DeserializeSeed<'de> for FieldIndex<T, K> {
    type Value = Result<usize, K>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, T: Object, K: OtherKey> Visitor<'de> for FieldIndex<T, K> {
    type Value = Result<usize, K>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(T::field(v).ok_or_else(|| K::from_key(v)))
    }
}

/// A field read with [`crate::lenient::deserialize`].
#[derive(Debug)]
pub struct Lenient<T>(pub T);

impl<'de, T: crate::lenient::Lenient> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::deserialize(deserializer).map(Lenient)
    }
}

/// The value of a required field, or serde's `missing field` error.
///
/// # Errors
///
/// `missing field `key`` when `value` is `None`.
pub fn required<T, E: de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(key))
}

/// Nothing, or serde's `duplicate field` error when the field was read before.
///
/// # Errors
///
/// `duplicate field `key`` when `seen` is `Some`.
pub fn first<T, E: de::Error>(seen: &Option<T>, key: &'static str) -> Result<(), E> {
    match seen {
        Some(_) => Err(E::duplicate_field(key)),
        None => Ok(()),
    }
}
