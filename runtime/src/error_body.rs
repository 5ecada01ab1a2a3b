//! Reading the code, message and request id out of an OTC error body.
//!
//! OTC services answer errors in at least seven JSON shapes and one XML shape; see
//! [`parse_error_body`] for the list and the order in which they are tried.

use http::{HeaderMap, HeaderName};
use serde_json::{Map, Value};

/// Which error-body shape a body matched.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Envelope {
    /// `{"error_code": "...", "error_msg": "..."}`, optionally with `"request_id"`
    /// (MRS, APIG, VPC v3, VPN enterprise, the "Response" pages of every service).
    ErrorCodeErrorMsg,
    /// `{"error": {"code": "AS.0001", "message": "..."}}` (AS, IMS) and the Keystone form
    /// `{"error": {"code": 401, "message": "...", "title": "..."}}` (IAM).
    NestedError,
    /// `{"code": "...", "message": "..."}` (VPC and VPN appendices; the code may be a number).
    CodeMessage,
    /// `{"errCode": "...", "errMsg": "..."}` (SFS Turbo).
    ErrCodeErrMsg,
    /// `{"errorCode": "...", "errorMsg": "..."}`.
    ErrorCodeErrorMsgCamel,
    /// An OpenStack fault: a single-key object whose value holds a `message`, e.g.
    /// `{"itemNotFound": {"message": "...", "code": 404}}` or
    /// `{"NeutronError": {"type": "...", "message": "...", "detail": ""}}`.
    /// The string is the fault name (`itemNotFound`, `NeutronError`).
    OpenStackFault(String),
    /// XML `<Error><Code/><Message/><RequestId/></Error>` (SFS general purpose, OBS style).
    Xml,
}

/// What [`parse_error_body`] found in an error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedError {
    /// The error code, always as a string (`"0171"` keeps its zeros, `401` becomes `"401"`).
    pub code: Option<String>,
    /// The human-readable message.
    pub message: Option<String>,
    /// A request id carried in the body (`request_id` or XML `RequestId`).
    pub request_id: Option<String>,
    /// The shape the body matched.
    pub envelope: Envelope,
}

/// Parses an error body.
///
/// Tried in this order on a JSON object (the first that yields a code or a message wins):
/// 1. `error_code` / `error_msg` (+ `request_id`),
/// 2. `error: {code, message, title}` (string or integer code),
/// 3. `code` / `message` (string or integer code),
/// 4. `errCode` / `errMsg`,
/// 5. `errorCode` / `errorMsg`,
/// 6. an OpenStack fault `{"<name>": {"message", "code"?, "type"?}}` (the code is `code`
///    when present, else `type`),
///
/// then, for a body starting with `<`, the XML `<Error>` form. Anything else (HTML, empty,
/// truncated JSON, `null`, arrays, unknown objects) gives `None`. It never panics.
pub fn parse_error_body(body: &[u8]) -> Option<ParsedError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    match first {
        b'{' => match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => parse_json_object(&map),
            _ => None,
        },
        b'<' => parse_xml(&String::from_utf8_lossy(body)),
        _ => None,
    }
}

/// The request id of a response: the `X-Request-Id` header, else `X-Openstack-Request-Id`,
/// else `X-Compute-Request-Id`, else a `request_id` in the body (top level, inside `error`,
/// or XML `RequestId`).
pub fn request_id(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    header_request_id(headers).or_else(|| parse_error_body(body).and_then(|p| p.request_id))
}

/// The request id of a success answer: headers, else a top-level string `request_id` in a
/// JSON object body. Reads the body without building a tree, as success bodies can be large.
pub(crate) fn success_request_id(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct TopLevel {
        request_id: Option<String>,
    }
    header_request_id(headers).or_else(|| {
        let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
        if *first != b'{' {
            return None;
        }
        serde_json::from_slice::<TopLevel>(body)
            .ok()
            .and_then(|t| t.request_id)
            .filter(|id| !id.trim().is_empty())
    })
}

/// The request id taken from the response headers only.
pub(crate) fn header_request_id(headers: &HeaderMap) -> Option<String> {
    // Named once, as constants: a lookup by `&str` would parse the name on every call.
    static NAMES: [HeaderName; 3] = [
        HeaderName::from_static("x-request-id"),
        HeaderName::from_static("x-openstack-request-id"),
        HeaderName::from_static("x-compute-request-id"),
    ];
    NAMES.iter().find_map(|name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    })
}

fn parse_json_object(map: &Map<String, Value>) -> Option<ParsedError> {
    let top_request_id = text(map.get("request_id"));
    let flat = [
        ("error_code", "error_msg", Envelope::ErrorCodeErrorMsg),
        ("errCode", "errMsg", Envelope::ErrCodeErrMsg),
        ("errorCode", "errorMsg", Envelope::ErrorCodeErrorMsgCamel),
    ];
    let found = flat_pair(map, &flat[0])
        .or_else(|| nested_error(map))
        .or_else(|| flat_pair(map, &("code", "message", Envelope::CodeMessage)))
        .or_else(|| flat_pair(map, &flat[1]))
        .or_else(|| flat_pair(map, &flat[2]))
        .or_else(|| openstack_fault(map))?;
    Some(ParsedError {
        request_id: found.request_id.or(top_request_id),
        ..found
    })
}

fn flat_pair(
    map: &Map<String, Value>,
    (code_key, msg_key, envelope): &(&str, &str, Envelope),
) -> Option<ParsedError> {
    found(
        text(map.get(*code_key)),
        text(map.get(*msg_key)),
        None,
        envelope.clone(),
    )
}

fn nested_error(map: &Map<String, Value>) -> Option<ParsedError> {
    let inner = map.get("error")?.as_object()?;
    found(
        text(inner.get("code")),
        text(inner.get("message")),
        text(inner.get("request_id")),
        Envelope::NestedError,
    )
}

fn openstack_fault(map: &Map<String, Value>) -> Option<ParsedError> {
    if map.len() != 1 {
        return None;
    }
    let (name, value) = map.iter().next()?;
    let inner = value.as_object()?;
    let message = text(inner.get("message"))?;
    let code = text(inner.get("code")).or_else(|| text(inner.get("type")));
    found(
        code,
        Some(message),
        None,
        Envelope::OpenStackFault(name.clone()),
    )
}

fn found(
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    envelope: Envelope,
) -> Option<ParsedError> {
    if code.is_none() && message.is_none() {
        return None;
    }
    Some(ParsedError {
        code,
        message,
        request_id,
        envelope,
    })
}

/// A JSON scalar as text: strings as they are, numbers in JSON form; empty strings, `null`,
/// booleans, arrays and objects give `None`.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse_xml(body: &str) -> Option<ParsedError> {
    let start = body.find("<Error>").or_else(|| body.find("<Error "))?;
    let error = &body[start..];
    let error = match error.find("</Error>") {
        Some(end) => &error[..end],
        None => error,
    };
    found(
        xml_child(error, "Code"),
        xml_child(error, "Message"),
        xml_child(error, "RequestId"),
        Envelope::Xml,
    )
}

fn xml_child(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let from = xml.find(&open)? + open.len();
    let len = xml[from..].find(&close)?;
    let value = unescape_xml(xml[from..from + len].trim());
    (!value.is_empty()).then_some(value)
}

fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Option<ParsedError> {
        parse_error_body(s.as_bytes())
    }

    #[test]
    fn leading_whitespace_and_bom_are_skipped() {
        let p = parse("\u{feff}  \n{\"code\":\"VPC.0002\",\"message\":\"m\"}").unwrap();
        assert_eq!(p.code.as_deref(), Some("VPC.0002"));
    }

    #[test]
    fn null_code_with_message_still_counts() {
        let p = parse(r#"{"error_code": null, "error_msg": "boom"}"#).unwrap();
        assert_eq!(p.code, None);
        assert_eq!(p.message.as_deref(), Some("boom"));
    }

    #[test]
    fn all_null_fields_are_not_an_envelope() {
        assert_eq!(parse(r#"{"error_code": null, "error_msg": null}"#), None);
        assert_eq!(parse(r#"{"code": "", "message": ""}"#), None);
    }

    #[test]
    fn header_request_id_order() {
        let mut h = HeaderMap::new();
        h.insert("x-compute-request-id", "c".parse().unwrap());
        assert_eq!(header_request_id(&h).as_deref(), Some("c"));
        h.insert("x-openstack-request-id", "o".parse().unwrap());
        assert_eq!(header_request_id(&h).as_deref(), Some("o"));
        h.insert("x-request-id", "r".parse().unwrap());
        assert_eq!(header_request_id(&h).as_deref(), Some("r"));
    }

    #[test]
    fn body_request_id_is_the_fallback() {
        let body = br#"{"error_code":"VPN.0001","error_msg":"m","request_id":"body-id"}"#;
        assert_eq!(
            request_id(&HeaderMap::new(), body).as_deref(),
            Some("body-id")
        );
        let mut h = HeaderMap::new();
        h.insert("x-request-id", "hdr-id".parse().unwrap());
        assert_eq!(request_id(&h, body).as_deref(), Some("hdr-id"));
    }

    #[test]
    fn success_request_id_reads_only_a_top_level_string() {
        let none = HeaderMap::new();
        let id = |b: &str| success_request_id(&none, b.as_bytes());
        assert_eq!(
            id(r#"{"a": [1, {"request_id": "inner"}], "request_id": "top"}"#).as_deref(),
            Some("top")
        );
        assert_eq!(id(r#"{"a": {"request_id": "inner"}}"#), None);
        assert_eq!(id(r#"{"request_id": 5}"#), None);
        assert_eq!(id(r#"[{"request_id": "x"}]"#), None);
        assert_eq!(id(""), None);
        let mut h = HeaderMap::new();
        h.insert("x-request-id", "hdr".parse().unwrap());
        assert_eq!(
            success_request_id(&h, br#"{"request_id": "top"}"#).as_deref(),
            Some("hdr")
        );
    }

    #[test]
    fn xml_entities_are_decoded() {
        let p = parse("<Error><Code>A&amp;B</Code><Message>x &lt; y</Message></Error>").unwrap();
        assert_eq!(p.code.as_deref(), Some("A&B"));
        assert_eq!(p.message.as_deref(), Some("x < y"));
        assert_eq!(p.request_id, None);
    }
}
