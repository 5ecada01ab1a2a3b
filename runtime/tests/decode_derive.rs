//! `#[derive(otc_runtime::Decode)]` against serde's own `#[derive(Deserialize)]`: the same
//! struct, with the same attributes, read from the same JSON, must give the same value or
//! the same error message. The one documented difference (a JSON array is not a struct) is
//! checked on its own.

use std::collections::BTreeMap;

use otc_runtime as rt;
use serde_json::Value;

/// Doubles `n`: a `deserialize_with` function that is not one of the runtime's.
fn doubled<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    <i64 as serde::Deserialize>::deserialize(d).map(|n| n * 2)
}

/// The same struct twice: `serde_side::T` with serde's derive, `decode_side::T` with `Decode`.
macro_rules! both {
    ($(#[$outer:meta])* { $($body:tt)* }) => {
        pub mod serde_side {
            #[allow(unused_imports)]
            use super::*;
            #[derive(Debug, serde::Deserialize)]
            $(#[$outer])*
            #[allow(dead_code)]
            pub struct T { $($body)* }
        }
        pub mod decode_side {
            #[allow(unused_imports)]
            use super::*;
            #[derive(Debug, rt::Decode)]
            $(#[$outer])*
            #[allow(dead_code)]
            pub struct T { $($body)* }
        }
    };
}

mod fields {
    use super::*;
    both!({
        id: String,
        #[serde(rename = "binding:vnic_type")]
        vnic_type: Option<String>,
        r#type: Option<String>,
        #[serde(default, deserialize_with = "rt::empty::deserialize")]
        tags: Vec<String>,
        #[serde(default, deserialize_with = "rt::lenient::deserialize")]
        size: Option<i64>,
        #[serde(deserialize_with = "rt::lenient::deserialize")]
        count: u32,
        #[serde(default)]
        ratio: f64,
        #[serde(default, deserialize_with = "doubled")]
        twice: i64,
        nested: Option<Box<Value>>,
    });
}

mod camel {
    use super::*;
    both!(#[serde(rename_all = "camelCase")] {
        cluster_id: String,
        #[serde(rename = "node_count")]
        node_count: Option<i64>,
        master_node_size: Option<String>,
    });
}

mod rest {
    use super::*;
    both!({
        name: Option<String>,
        #[serde(flatten)]
        extra: BTreeMap<String, Value>,
    });
}

/// Both decoders' result for `json`, as `Ok(debug)` or `Err(message)`.
macro_rules! compare {
    ($module:ident, $json:expr) => {{
        let json: &str = $json;
        let serde = serde_json::from_str::<$module::serde_side::T>(json)
            .map(|v| format!("{v:?}"))
            .map_err(|e| e.to_string());
        let decode = serde_json::from_str::<$module::decode_side::T>(json)
            .map(|v| format!("{v:?}"))
            .map_err(|e| e.to_string());
        assert_eq!(decode, serde, "for {json}");
        decode
    }};
}

#[test]
fn values_read_the_same() {
    let full = compare!(
        fields,
        r#"{"id": "p-1", "binding:vnic_type": "normal", "type": "x", "tags": ["a"],
            "size": "500", "count": "3", "ratio": 0.5, "twice": 21,
            "nested": {"deep": [1, {"k": null}]}, "unknown": {"a": [1, 2]}}"#
    )
    .expect("decodes");
    assert!(full.contains(r#"vnic_type: Some("normal")"#), "{full}");
    assert!(full.contains("size: Some(500)"), "{full}");
    assert!(full.contains("count: 3"), "{full}");
    assert!(full.contains("twice: 42"), "{full}");

    // Missing and null optional fields, a null list, an escaped key.
    let sparse = compare!(
        fields,
        r#"{"i\u0064": "p-2", "count": 1, "tags": null, "vnic_type": "not the key"}"#
    )
    .expect("decodes");
    assert!(sparse.contains(r#"id: "p-2""#), "{sparse}");
    assert!(sparse.contains("vnic_type: None"), "{sparse}");
    assert!(sparse.contains("tags: []"), "{sparse}");

    compare!(
        camel,
        r#"{"clusterId": "c", "node_count": 3, "masterNodeSize": "s"}"#
    )
    .expect("decodes");
    let extra = compare!(rest, r#"{"name": "n", "a": 1, "b": {"c": [true]}}"#).expect("decodes");
    assert!(extra.contains(r#""a": Number(1)"#), "{extra}");
}

#[test]
fn errors_read_the_same() {
    let cases: [(&str, &str); 7] = [
        (r#"{"count": 1}"#, "missing field `id`"),
        (r#"{"id": "p"}"#, "missing field `count`"),
        (
            r#"{"id": 1, "count": 1}"#,
            "invalid type: integer `1`, expected a string",
        ),
        (r#""a string""#, "expected struct T"),
        (
            r#"{"id": "p", "count": 1, "id": "q"}"#,
            "duplicate field `id`",
        ),
        (r#"{"id": "p", "count": "x"}"#, "expected an integer"),
        (r#"{"id": "p", "count": 1, "twice": "2"}"#, "expected i64"),
    ];
    for (json, expected) in cases {
        let message = compare!(fields, json).expect_err(json);
        assert!(message.contains(expected), "{json}: {message}");
    }
    let message = compare!(camel, r#"{"cluster_id": "c"}"#).expect_err("snake case key");
    assert!(message.contains("missing field `clusterId`"), "{message}");
}

#[test]
fn an_array_is_not_a_struct() {
    // serde's derive reads a struct from an array of its fields in order; no OTC body is
    // one, and `Decode` does not write that code.
    let json = r#"["c", 3, "s"]"#;
    assert!(serde_json::from_str::<camel::serde_side::T>(json).is_ok());
    let error = serde_json::from_str::<camel::decode_side::T>(json).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid type: sequence, expected struct T"),
        "{error}"
    );
}
