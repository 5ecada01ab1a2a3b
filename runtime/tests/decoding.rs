//! Decoding success answers: typed bodies, lenient fields, decode errors with their path.

mod common;

use common::*;
use otc_runtime as rt;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, serde::Deserialize)]
struct Quotas {
    quotas: Vec<Quota>,
}

#[derive(Debug, serde::Deserialize)]
struct Quota {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, deserialize_with = "rt::lenient::deserialize")]
    used: i64,
    #[serde(default, deserialize_with = "rt::lenient::deserialize")]
    quota: Option<f64>,
    #[serde(default, deserialize_with = "rt::lenient::deserialize")]
    enterprise_project_id: Option<String>,
    #[serde(default, deserialize_with = "rt::lenient::deserialize")]
    shared: Option<bool>,
}

async fn get(body: &str) -> rt::RawResponse {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "rid-dec")
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .build()
        .unwrap();
    client.execute::<String>(list_groups()).await.unwrap()
}

#[tokio::test]
async fn lenient_fields_accept_what_otc_sends() {
    let body = r#"{"quotas": [
        {"type": "scaling_Group", "used": "2", "quota": "500.00", "enterprise_project_id": 0, "shared": "True"},
        {"type": "scaling_Config", "used": 1.0, "quota": "", "enterprise_project_id": null},
        {"type": "scaling_Policy"}
    ]}"#;
    let resp = get(body).await.json::<Quotas, String>().unwrap();
    assert_eq!(resp.request_id.as_deref(), Some("rid-dec"));
    let q = &resp.body.quotas;
    assert_eq!(
        (
            q[0].used,
            q[0].quota,
            q[0].enterprise_project_id.as_deref(),
            q[0].shared
        ),
        (2, Some(500.0), Some("0"), Some(true))
    );
    assert_eq!(
        (
            q[1].used,
            q[1].quota,
            q[1].enterprise_project_id.as_deref(),
            q[1].shared
        ),
        (1, None, None, None)
    );
    assert_eq!(
        (q[2].kind.as_str(), q[2].used, q[2].quota),
        ("scaling_Policy", 0, None)
    );
}

#[tokio::test]
async fn lenient_field_that_still_does_not_fit_names_its_path() {
    let body = r#"{"quotas": [{"type": "a", "used": 1}, {"type": "b", "used": "many"}]}"#;
    let err = get(body).await.json::<Quotas, String>().unwrap_err();
    let rt::Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    // A lenient field fails after its value was read, and serde_json places such an error at
    // the end of the enclosing object: the path names the element, the message the value.
    assert_eq!(d.path(), Some("quotas[1]"));
    assert_eq!(d.status(), 200);
    assert_eq!(d.request_id(), Some("rid-dec"));
    assert_eq!(d.body(), body.as_bytes());
    assert!(d.message().contains("many"), "{}", d.message());
}
