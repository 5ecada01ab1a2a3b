//! Refused calls through the generated clients: every JSON error envelope OTC documents, and the
//! bodies that are not JSON at all, become `Error::Service` with the service's typed code, the
//! message, the request id and the raw body.

use otc_runtime::Error;
use otc_tests::{FakeOtc, PROJECT_ID};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

fn group_path() -> String {
    format!("/autoscaling-api/v1/{PROJECT_ID}/scaling_group/g-1")
}

async fn as_error(template: ResponseTemplate) -> otc_runtime::ServiceError<otc_as::ErrorCode> {
    let fake = FakeOtc::start().await;
    Mock::given(method("GET"))
        .and(path(group_path()))
        .respond_with(template)
        .mount(fake.server())
        .await;
    let client = otc_as::Client::new(fake.client());
    match client.get_as_group("g-1").send().await {
        Err(Error::Service(e)) => *e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn nested_error_envelope_gives_a_typed_as_code() {
    let body = json!({"error": {"code": "AS.0001", "message": "System error."}});
    let e = as_error(
        ResponseTemplate::new(500)
            .insert_header("X-Request-Id", "req-123")
            .set_body_json(&body),
    )
    .await;
    assert_eq!(e.status(), 500);
    assert_eq!(e.code(), Some(&otc_as::ErrorCode::As0001));
    assert_eq!(e.message(), Some("System error."));
    assert_eq!(e.request_id(), Some("req-123"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(e.body()).expect("json"),
        body
    );
    // The documentation travels with the code.
    let code = e.code().expect("code");
    assert_eq!(code.http_statuses(), &[500]);
    assert_eq!(code.message(), Some("System error."));
    let shown = e.to_string();
    for part in [
        "as.get_as_group",
        "500",
        "AS.0001",
        "System error.",
        "req-123",
    ] {
        assert!(shown.contains(part), "{shown:?} lacks {part:?}");
    }
}

#[tokio::test]
async fn every_documented_envelope_is_understood() {
    let cases = [
        (
            json!({"error_code": "AS.0001", "error_msg": "flat"}),
            "flat",
        ),
        (
            json!({"error_code": "AS.0001", "error_msg": "with id", "request_id": "body-id"}),
            "with id",
        ),
        (
            json!({"error": {"code": "AS.0001", "message": "nested"}}),
            "nested",
        ),
        (
            json!({"code": "AS.0001", "message": "code message"}),
            "code message",
        ),
        (
            json!({"errCode": "AS.0001", "errMsg": "sfs turbo"}),
            "sfs turbo",
        ),
        (
            json!({"errorCode": "AS.0001", "errorMsg": "camel"}),
            "camel",
        ),
    ];
    for (body, message) in cases {
        let e = as_error(ResponseTemplate::new(400).set_body_json(&body)).await;
        assert_eq!(e.code(), Some(&otc_as::ErrorCode::As0001), "{body}");
        assert_eq!(e.message(), Some(message), "{body}");
    }
    // Keystone: an integer code.
    let e = as_error(ResponseTemplate::new(401).set_body_json(
        json!({"error": {"code": 401, "message": "unauthorized", "title": "Unauthorized"}}),
    ))
    .await;
    assert_eq!(e.raw_code(), Some("401"));
    assert!(matches!(e.code(), Some(otc_as::ErrorCode::Unknown(c)) if c == "401"));
    // OpenStack fault wrapper.
    let e = as_error(
        ResponseTemplate::new(404)
            .set_body_json(json!({"itemNotFound": {"message": "no such group", "code": 404}})),
    )
    .await;
    assert_eq!(e.message(), Some("no such group"));
    // XML (SFS general purpose, OBS style).
    let e = as_error(
        ResponseTemplate::new(403).set_body_raw(
            "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>denied</Message><RequestId>xml-id</RequestId></Error>",
            "application/xml",
        ),
    )
    .await;
    assert_eq!(e.raw_code(), Some("AccessDenied"));
    assert_eq!(e.message(), Some("denied"));
    assert_eq!(e.request_id(), Some("xml-id"));
}

#[tokio::test]
async fn bodies_that_are_not_error_json_keep_status_and_raw_body() {
    for (status, body) in [
        (502, "<html><body>Bad Gateway</body></html>"),
        (500, ""),
        (503, "{\"error\": {\"code\": \"AS.00"),
        (500, "null"),
    ] {
        let e = as_error(
            ResponseTemplate::new(status)
                .insert_header("X-Request-Id", "gw-1")
                .set_body_raw(body, "text/html"),
        )
        .await;
        assert_eq!(e.status(), status);
        assert_eq!(e.code(), None, "{body:?}");
        assert_eq!(e.body(), body.as_bytes());
        assert_eq!(e.request_id(), Some("gw-1"));
        assert!(e.to_string().contains(&status.to_string()));
    }
}

#[tokio::test]
async fn a_429_keeps_code_and_request_id() {
    let e = as_error(
        ResponseTemplate::new(429)
            .insert_header("X-Request-Id", "busy-1")
            .insert_header("Retry-After", "0")
            .set_body_json(json!({"error": {"code": "AS.0001", "message": "slow down"}})),
    )
    .await;
    assert_eq!(e.status(), 429);
    assert_eq!(e.code(), Some(&otc_as::ErrorCode::As0001));
    assert_eq!(e.request_id(), Some("busy-1"));
}

#[tokio::test]
async fn mrs_numeric_codes_keep_leading_zeros_and_unknown_codes_are_kept() {
    let fake = FakeOtc::start().await;
    let client = otc_mrs::Client::new(fake.client());
    let cluster = format!("/v1.1/{PROJECT_ID}/cluster_infos/c-1");
    Mock::given(method("GET"))
        .and(path(cluster.clone()))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error_code": "0171", "error_msg": "Hive jobs cannot be submitted."}),
        ))
        .up_to_n_times(1)
        .mount(fake.server())
        .await;
    Mock::given(method("GET"))
        .and(path(cluster))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"error_code": "99999999", "error_msg": "new"})),
        )
        .mount(fake.server())
        .await;
    let first = client.get_cluster("c-1").send().await.expect_err("refused");
    assert_eq!(first.service_code(), Some(&otc_mrs::ErrorCode::E0171));
    assert_eq!(otc_mrs::ErrorCode::E0171.as_str(), "0171");
    let second = client.get_cluster("c-1").send().await.expect_err("refused");
    assert!(
        matches!(second.service_code(), Some(otc_mrs::ErrorCode::Unknown(code)) if code == "99999999"),
        "{second:?}"
    );
    assert_eq!(
        second.service_code(),
        Some(&otc_mrs::ErrorCode::from("99999999"))
    );
}

#[test]
fn a_documented_code_is_its_variant_however_it_is_made() {
    let made = [
        otc_as::ErrorCode::from("AS.0001"),
        otc_as::ErrorCode::from("AS.0001".to_owned()),
        "AS.0001".parse().expect("infallible"),
        serde_json::from_str("\"AS.0001\"").expect("deserializes"),
        <otc_as::ErrorCode as otc_runtime::ServiceErrorCode>::from_code("AS.0001"),
    ];
    for code in made {
        assert_eq!(code, otc_as::ErrorCode::As0001);
        assert!(!code.is_unknown());
    }
    let unknown: otc_as::ErrorCode = serde_json::from_str("\"AS.9999\"").expect("deserializes");
    assert!(unknown.is_unknown());
    assert_eq!(unknown.as_str(), "AS.9999");
    assert_eq!(
        serde_json::to_string(&unknown).expect("serializes"),
        "\"AS.9999\""
    );
    assert_ne!(unknown, otc_as::ErrorCode::from("AS.9998"));
}

#[test]
fn error_code_enums_list_every_documented_code_and_parse_back() {
    assert_eq!(otc_as::ErrorCode::ALL.len(), 260);
    assert_eq!(otc_ims::ErrorCode::ALL.len(), 177);
    assert_eq!(otc_mrs::ErrorCode::ALL.len(), 186);
    assert_eq!(otc_iam::ErrorCode::ALL.len(), 115);
    for code in otc_as::ErrorCode::ALL {
        assert_eq!(
            &code
                .as_str()
                .parse::<otc_as::ErrorCode>()
                .expect("infallible"),
            code
        );
        assert!(!code.is_unknown());
        assert!(!code.documentation().is_empty());
    }
    for code in otc_mrs::ErrorCode::ALL {
        assert_eq!(&otc_mrs::ErrorCode::from(code.as_str()), code);
    }
    // Codes listed more than once keep every documented message.
    let repeated = otc_mrs::ErrorCode::ALL
        .iter()
        .filter(|c| c.documentation().len() > 1)
        .count();
    assert!(
        repeated >= 7,
        "only {repeated} MRS codes carry more than one documented row"
    );
    assert!(otc_as::ErrorCode::for_status(401).count() >= 1);
}

/// What one generated `ErrorCode` says about each code of `ALL`: the code, its rows, its
/// statuses, and whether parsing the code gives the same value back.
type Documented = Vec<(
    &'static str,
    &'static [otc_runtime::ErrorDoc],
    &'static [u16],
    bool,
)>;

macro_rules! documented {
    ($krate:ident) => {
        $krate::ErrorCode::ALL
            .iter()
            .map(|code| {
                let doc = code.documentation();
                let code_text = doc.first().map_or("", |d| d.code);
                (
                    code_text,
                    doc,
                    code.http_statuses(),
                    &$krate::ErrorCode::from(code.as_str()) == code && code.as_str() == code_text,
                )
            })
            .collect::<Documented>()
    };
}

/// The generated tables (text parsed by `otc_runtime::ErrorTable`) give every text of the
/// spec exactly, line breaks, quotes and backslashes included.
#[test]
fn error_documentation_is_the_spec_text_exactly() {
    let services: [(&str, Documented); 10] = [
        ("as", documented!(otc_as)),
        ("iam", documented!(otc_iam)),
        ("ims", documented!(otc_ims)),
        ("mrs", documented!(otc_mrs)),
        ("sfs", documented!(otc_sfs)),
        ("sfsgp", documented!(otc_sfsgp)),
        ("sfsturbo", documented!(otc_sfsturbo)),
        ("vpc", documented!(otc_vpc)),
        ("vpn", documented!(otc_vpn)),
        ("vpnclassic", documented!(otc_vpnclassic)),
    ];
    let mut multi_line = 0;
    for (svc, generated) in services {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../specs")
            .join(format!("{svc}.yaml"));
        let model = match otc_codegen::model_file(&spec) {
            Ok((model, _)) => model,
            Err(report) => panic!("{svc}.yaml does not validate:\n{report}"),
        };
        assert_eq!(generated.len(), model.errors.len(), "{svc}");
        for (e, (code, rows, statuses, round_trips)) in model.errors.iter().zip(generated) {
            assert_eq!(code, e.code, "{svc}");
            assert!(round_trips, "{svc}: {code}");
            assert_eq!(statuses, e.statuses, "{svc}: {code}");
            assert_eq!(rows.len(), e.rows.len(), "{svc}: {code}");
            for (row, want) in rows.iter().zip(&e.rows) {
                assert_eq!(row.code, e.code, "{svc}");
                assert_eq!(row.statuses, want.statuses, "{svc}: {code}");
                assert_eq!(row.message, want.message, "{svc}: {code}");
                assert_eq!(
                    row.description,
                    want.description.as_deref(),
                    "{svc}: {code}"
                );
                assert_eq!(row.solution, want.solution.as_deref(), "{svc}: {code}");
                assert_eq!(row.context, want.context.as_deref(), "{svc}: {code}");
                if [Some(row.message), row.description, row.solution]
                    .iter()
                    .flatten()
                    .any(|t| t.contains('\n'))
                {
                    multi_line += 1;
                }
            }
        }
    }
    assert!(multi_line >= 4, "only {multi_line} rows with line breaks");
}
