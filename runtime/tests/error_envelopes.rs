//! Every error-body shape OTC uses, answered by a loopback server, becomes a typed
//! `Error::Service` with status, code, message, request id and the raw body.

mod common;

use common::*;
use otc_runtime as rt;
use otc_runtime::ServiceErrorCode as _;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A generated-style error-code enum.
#[derive(Debug, Clone, PartialEq, Eq)]
enum AsCode {
    SystemError,
    GroupNameInvalid,
    Unknown(rt::UnknownCode<AsCode>),
}

impl std::fmt::Display for AsCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(rt::ServiceErrorCode::as_str(self))
    }
}

impl rt::ServiceErrorCode for AsCode {
    fn documented(code: &str) -> Option<Self> {
        match code {
            "AS.0001" => Some(AsCode::SystemError),
            "AS.2007" => Some(AsCode::GroupNameInvalid),
            _ => None,
        }
    }

    fn undocumented(code: rt::UnknownCode<Self>) -> Self {
        AsCode::Unknown(code)
    }

    fn as_str(&self) -> &str {
        match self {
            AsCode::SystemError => "AS.0001",
            AsCode::GroupNameInvalid => "AS.2007",
            AsCode::Unknown(s) => s,
        }
    }
}

/// Serves `body` with `status` (and `headers`) to one GET and returns the resulting error.
async fn answer<C: rt::ServiceErrorCode>(
    status: u16,
    headers: &[(&str, &str)],
    body: impl Into<Vec<u8>>,
) -> rt::Error<C> {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(status).set_body_bytes(body.into());
    for (k, v) in headers {
        template = template.insert_header(*k, *v);
    }
    Mock::given(method("GET"))
        .and(path(list_groups_path()))
        .respond_with(template)
        .expect(1)
        .mount(&server)
        .await;
    // One answer per call: retries of 429/502/503/504 are tested in `retries.rs`.
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .retry(rt::RetryPolicy::never())
        .build()
        .unwrap();
    client.execute::<C>(list_groups()).await.unwrap_err()
}

fn service<C: rt::ServiceErrorCode>(err: &rt::Error<C>) -> &rt::ServiceError<C> {
    err.as_service()
        .unwrap_or_else(|| panic!("not a service error: {err:?}"))
}

fn json_body(v: Value) -> Vec<u8> {
    serde_json::to_vec(&v).unwrap()
}

#[tokio::test]
async fn envelope_1_error_code_error_msg() {
    let err = answer::<String>(
        400,
        &[],
        json_body(json!({"error_msg": "Invalid cluster name.", "error_code": "12000002"})),
    )
    .await;
    let e = service(&err);
    assert_eq!(e.status(), 400);
    assert_eq!(e.raw_code(), Some("12000002"));
    assert_eq!(e.message(), Some("Invalid cluster name."));
    assert_eq!(e.envelope(), Some(rt::Envelope::ErrorCodeErrorMsg));
    assert_eq!(e.request_id(), None);
    assert_eq!(e.operation(), "list_scaling_groups");
    assert_eq!(e.service(), "as");
}

#[tokio::test]
async fn envelope_1_with_body_request_id_and_leading_zero_code() {
    let err = answer::<String>(
        409,
        &[],
        json_body(json!({"error_code": "0171", "error_msg": "busy", "request_id": "c923ac44"})),
    )
    .await;
    assert_eq!(err.service_code().map(String::as_str), Some("0171"));
    assert_eq!(err.request_id(), Some("c923ac44"));
}

#[tokio::test]
async fn envelope_2_nested_error_with_typed_code() {
    let err = answer::<AsCode>(
        400,
        &[("X-Request-Id", "3f6a9c")],
        json_body(
            json!({"error": {"code": "AS.2007", "message": "The AS group name is invalid."}}),
        ),
    )
    .await;
    assert_eq!(err.service_code(), Some(&AsCode::GroupNameInvalid));
    assert_eq!(
        err.to_string(),
        "as.list_scaling_groups: HTTP 400 AS.2007: The AS group name is invalid. (request id 3f6a9c)"
    );
    assert_eq!(service(&err).envelope(), Some(rt::Envelope::NestedError));

    let err = answer::<AsCode>(
        400,
        &[],
        json_body(json!({"error": {"code": "AS.9999", "message": "new"}})),
    )
    .await;
    assert_eq!(err.service_code(), Some(&AsCode::from_code("AS.9999")));
    assert!(matches!(err.service_code(), Some(AsCode::Unknown(code)) if code == "AS.9999"));
}

#[tokio::test]
async fn envelope_3_keystone_integer_code() {
    let err = answer::<String>(
        403,
        &[],
        json_body(
            json!({"error": {"code": 403, "message": "Access denied.", "title": "Forbidden"}}),
        ),
    )
    .await;
    let e = service(&err);
    assert_eq!(e.raw_code(), Some("403"));
    assert_eq!(e.message(), Some("Access denied."));
    assert_eq!(e.envelope(), Some(rt::Envelope::NestedError));
}

#[tokio::test]
async fn envelope_4_code_message_string_and_number() {
    let err = answer::<String>(
        400,
        &[],
        json_body(json!({"code": "VPC.0002", "message": "Available zone Name is null."})),
    )
    .await;
    assert_eq!(service(&err).raw_code(), Some("VPC.0002"));
    assert_eq!(service(&err).envelope(), Some(rt::Envelope::CodeMessage));
    let err = answer::<String>(500, &[], json_body(json!({"code": 1203, "message": "m"}))).await;
    assert_eq!(service(&err).raw_code(), Some("1203"));
}

#[tokio::test]
async fn envelope_5_err_code_err_msg() {
    let err = answer::<String>(
        400,
        &[],
        json_body(json!({"errCode": "SFS.TURBO.0001", "errMsg": "parameter error"})),
    )
    .await;
    let e = service(&err);
    assert_eq!(e.raw_code(), Some("SFS.TURBO.0001"));
    assert_eq!(e.message(), Some("parameter error"));
    assert_eq!(e.envelope(), Some(rt::Envelope::ErrCodeErrMsg));
}

#[tokio::test]
async fn envelope_6_error_code_error_msg_camel() {
    let err = answer::<String>(
        404,
        &[],
        json_body(json!({"errorCode": "E404", "errorMsg": "nope"})),
    )
    .await;
    let e = service(&err);
    assert_eq!(e.raw_code(), Some("E404"));
    assert_eq!(e.message(), Some("nope"));
    assert_eq!(e.envelope(), Some(rt::Envelope::ErrorCodeErrorMsgCamel));
}

#[tokio::test]
async fn envelope_7_openstack_faults() {
    let err = answer::<String>(
        404,
        &[("X-Openstack-Request-Id", "req-9f2")],
        json_body(json!({"itemNotFound": {"message": "Image not found.", "code": 404}})),
    )
    .await;
    let e = service(&err);
    assert_eq!(e.raw_code(), Some("404"));
    assert_eq!(e.message(), Some("Image not found."));
    assert_eq!(
        e.envelope(),
        Some(rt::Envelope::OpenStackFault("itemNotFound".into()))
    );
    assert_eq!(e.request_id(), Some("req-9f2"));

    let err = answer::<String>(
        404,
        &[("X-Compute-Request-Id", "req-c1")],
        json_body(json!({"NeutronError": {"type": "SecurityGroupNotFound",
            "message": "Security group abc does not exist", "detail": ""}})),
    )
    .await;
    let e = service(&err);
    assert_eq!(e.raw_code(), Some("SecurityGroupNotFound"));
    assert_eq!(e.message(), Some("Security group abc does not exist"));
    assert_eq!(
        e.envelope(),
        Some(rt::Envelope::OpenStackFault("NeutronError".into()))
    );
    assert_eq!(e.request_id(), Some("req-c1"));
}

#[tokio::test]
async fn envelope_8_xml() {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>NoSuchKey</Code>\n  \
                <Message>The resource you requested does not exist</Message>\n  \
                <Resource>/example-filesystem/object</Resource>\n  \
                <RequestId>001B21A61C6C0000013402C4616D5285</RequestId>\n  <HostId>abc</HostId>\n</Error>";
    let err = answer::<String>(404, &[("Content-Type", "application/xml")], body).await;
    let e = service(&err);
    assert_eq!(e.raw_code(), Some("NoSuchKey"));
    assert_eq!(
        e.message(),
        Some("The resource you requested does not exist")
    );
    assert_eq!(e.request_id(), Some("001B21A61C6C0000013402C4616D5285"));
    assert_eq!(e.envelope(), Some(rt::Envelope::Xml));
}

async fn assert_unparsed(status: u16, body: &str, shown: &str) {
    let err = answer::<String>(status, &[], body).await;
    let e = service(&err);
    assert_eq!(e.status(), status);
    assert_eq!(e.raw_code(), None, "{body:?}");
    assert_eq!(e.message(), None, "{body:?}");
    assert_eq!(e.envelope(), None, "{body:?}");
    assert_eq!(e.body(), body.as_bytes(), "raw body kept");
    assert_eq!(err.to_string(), shown);
}

#[tokio::test]
async fn html_empty_truncated_and_null_bodies_keep_the_raw_body() {
    assert_unparsed(
        502,
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>",
        "as.list_scaling_groups: HTTP 502, body: <html> <head><title>502 Bad Gateway</title></head> <body>nginx</body></html>",
    )
    .await;
    assert_unparsed(503, "", "as.list_scaling_groups: HTTP 503, empty body").await;
    assert_unparsed(
        500,
        r#"{"error_code": "AS.00"#,
        r#"as.list_scaling_groups: HTTP 500, body: {"error_code": "AS.00"#,
    )
    .await;
    assert_unparsed(500, "null", "as.list_scaling_groups: HTTP 500, body: null").await;
    assert_unparsed(
        400,
        r#"["a"]"#,
        r#"as.list_scaling_groups: HTTP 400, body: ["a"]"#,
    )
    .await;
    assert_unparsed(
        400,
        r#"{"unknown": 1}"#,
        r#"as.list_scaling_groups: HTTP 400, body: {"unknown": 1}"#,
    )
    .await;
}

#[tokio::test]
async fn throttled_get_keeps_code_request_id_and_headers() {
    let err = answer::<String>(
        429,
        &[("X-Request-Id", "b5f3e1d2"), ("Retry-After", "2")],
        json_body(json!({"error_msg": "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 minute",
            "error_code": "APIGW.0308", "request_id": "b5f3e1d2"})),
    )
    .await;
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.service_code().map(String::as_str), Some("APIGW.0308"));
    assert_eq!(err.request_id(), Some("b5f3e1d2"));
    assert_eq!(service(&err).headers()["retry-after"], "2");
    assert!(
        err.to_string()
            .starts_with("as.list_scaling_groups: HTTP 429 APIGW.0308: The throttling")
    );
}

#[tokio::test]
async fn documented_success_statuses_and_2xx_are_not_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(300).set_body_json(json!({"versions": []})))
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    assert_eq!(err.status(), Some(300));
    let mut req = list_groups();
    req.success(&[200, 300]);
    let ok = client.execute::<String>(req).await.unwrap();
    assert_eq!(ok.status(), 300);

    // VPC v3 dry run: 202 with an error envelope is still a success answer.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({
            "error_msg": "Request validation has been passed with dry run...",
            "error_code": "SYS.0202", "request_id": "cfd81aea"})))
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .build()
        .unwrap();
    let mut req = list_groups();
    req.success(&[201]);
    let ok = client.execute::<String>(req).await.unwrap();
    assert_eq!(ok.status(), 202);
    assert_eq!(ok.request_id(), Some("cfd81aea"));
}

/// Every envelope sample in the published inventory parses to a code and a message.
#[test]
fn inventory_samples_parse() {
    let Some(entries) = otc_test_support::shared_dir(&["otc-api-inventory"])
        .and_then(|shared| std::fs::read_dir(shared.join("otc-api-inventory")).ok())
    else {
        otc_test_support::skip_note("the published error envelope samples");
        return;
    };
    let mut checked = 0;
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path().join("error_envelope.txt")) else {
            continue;
        };
        let mut in_envelope = false;
        for line in text.lines() {
            if line.starts_with("== ") {
                in_envelope = line.contains("[envelope]");
            }
            let Some(sample) = line.trim().strip_prefix("sample: ") else {
                continue;
            };
            let is_json = serde_json::from_str::<Value>(sample).is_ok();
            if !in_envelope || !(is_json || sample.starts_with('<')) {
                continue; // mixed data or a sample the docs themselves got wrong
            }
            let parsed = rt::parse_error_body(sample.as_bytes())
                .unwrap_or_else(|| panic!("{}: {sample}", entry.path().display()));
            assert!(
                parsed.code.is_some() && parsed.message.is_some(),
                "{sample}: {parsed:?}"
            );
            checked += 1;
        }
    }
    println!("{checked} inventory samples parsed");
    assert!(checked >= 10, "only {checked} samples found");
}
