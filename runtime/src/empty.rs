//! Lists and maps of answers that are never `Option`s: absent or `null` decodes as empty
//! (generated fields say `#[serde(default, deserialize_with = "::otc_runtime::empty::deserialize")]`),
//! and an empty one is not serialised.

use serde::{Deserialize, Deserializer};

/// Deserializes `T`, reading `null` as `T::default()` (an empty list or map).
///
/// # Errors
///
/// The deserializer's error when the value is neither `null` nor a `T`.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// True for an empty list or map, which is then left out when serialising.
pub fn is_empty<T: Empty + ?Sized>(value: &T) -> bool {
    value.is_empty()
}

/// A collection that can say it is empty (`Vec` and `BTreeMap`).
pub trait Empty {
    /// True when it holds nothing.
    fn is_empty(&self) -> bool;
}

impl<T> Empty for Vec<T> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

impl<K, V> Empty for std::collections::BTreeMap<K, V> {
    fn is_empty(&self) -> bool {
        std::collections::BTreeMap::is_empty(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[derive(Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Page {
        #[serde(
            default,
            deserialize_with = "super::deserialize",
            skip_serializing_if = "super::is_empty"
        )]
        items: Vec<u8>,
        #[serde(
            default,
            deserialize_with = "super::deserialize",
            skip_serializing_if = "super::is_empty"
        )]
        tags: BTreeMap<String, String>,
    }

    #[test]
    fn absent_and_null_are_empty_and_empty_is_not_sent() {
        let absent: Page = serde_json::from_str("{}").expect("absent");
        assert_eq!(absent, Page::default());
        let null: Page = serde_json::from_str(r#"{"items":null,"tags":null}"#).expect("null");
        assert_eq!(null, Page::default());
        let full: Page = serde_json::from_str(r#"{"items":[1,2],"tags":{"a":"b"}}"#).expect("full");
        assert_eq!(full.items, [1, 2]);
        assert_eq!(
            serde_json::to_string(&full).expect("ser"),
            r#"{"items":[1,2],"tags":{"a":"b"}}"#
        );
        assert_eq!(serde_json::to_string(&absent).expect("ser"), "{}");
        assert!(serde_json::from_str::<Page>(r#"{"items":"x"}"#).is_err());
    }
}
