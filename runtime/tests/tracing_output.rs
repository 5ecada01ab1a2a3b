//! What the client writes to tracing: useful fields (service, operation, attempt, status,
//! request id) and never a secret.
//!
//! One test function on purpose: a thread-local subscriber (`set_default`) races with
//! tracing's global callsite cache when other tests of the same binary log in parallel.

mod common;

use std::time::Duration;

use common::*;
use otc_runtime as rt;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SK: &str = "sk-never-logged-0123456789";
const SECURITY_TOKEN: &str = "security-token-never-logged";

fn assert_clean(what: &str, text: &str) {
    for secret in [PASSWORD, "tok-1", "tok-2", SK, SECURITY_TOKEN] {
        assert!(
            !text.contains(secret),
            "{what} contains {secret:?}:\n{text}"
        );
    }
}

#[tokio::test]
async fn tracing_output() {
    operation_span_records_attempt_status_and_request_id().await;
    password_flow_logs_no_secret().await;
    aksk_flow_logs_no_secret().await;
}

async fn operation_span_records_attempt_status_and_request_id() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.subscriber());
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("X-Request-Id", "rid-1")
                .set_body_json(json!({"error_code": "APIGW.0308", "error_msg": "busy"})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).insert_header("X-Openstack-Request-Id", "req-ok"))
        .expect(1)
        .mount(&server)
        .await;
    rt::Client::builder()
        .endpoint("as", server.uri())
        .sleeper(RecordingSleeper::new())
        .build()
        .unwrap()
        .execute::<String>(list_groups())
        .await
        .unwrap();
    let logs = captured.text();
    let answer = logs
        .lines()
        .find(|l| l.contains(" answer"))
        .unwrap_or_else(|| panic!("no answer event:\n{logs}"));
    for field in [
        "otc_request{",
        "service=\"as\"",
        "operation=\"list_scaling_groups\"",
        "method=GET",
        "attempt=2",
        "status=200",
        "request_id=\"req-ok\"",
    ] {
        assert!(answer.contains(field), "{field} missing in {answer}");
    }
    let retrying = logs
        .lines()
        .find(|l| l.contains("retrying"))
        .unwrap_or_else(|| panic!("no retry event:\n{logs}"));
    assert!(
        retrying.contains("attempt=1") && retrying.contains("HTTP 503"),
        "{retrying}"
    );
    assert!(retrying.contains("request_id=\"rid-1\""), "{retrying}");
}

async fn password_flow_logs_no_secret() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.subscriber());
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    mount_iam(
        &server,
        clock.clone(),
        Duration::from_secs(3600),
        Duration::ZERO,
        2,
    )
    .await;
    // First token rejected (forces the 401 path), second accepted.
    Mock::given(method("GET"))
        .and(path(list_groups_path()))
        .and(header("X-Auth-Token", "tok-1"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error_code": "APIGW.0301", "error_msg": "bad token"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list_groups_path()))
        .and(header("X-Auth-Token", "tok-2"))
        .respond_with(ResponseTemplate::new(404).insert_header("X-Request-Id", "rid-404").set_body_json(
            json!({"error": {"code": "AS.2001", "message": "The AS group does not exist."}}),
        ))
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .region("eu-de")
        .auth(password_auth(&server, scope_by_name()))
        .clock(clock)
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_clean("error", &format!("{err} {err:?} {err:#?}"));

    let logs = captured.text();
    assert!(
        logs.contains("IAM token obtained"),
        "tracing captured nothing useful:\n{logs}"
    );
    assert!(logs.contains("list_scaling_groups"), "{logs}");
    assert!(logs.contains("rid-404"), "{logs}");
    assert_clean("tracing output", &logs);
}

async fn aksk_flow_logs_no_secret() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.subscriber());
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("X-Request-Id", "rid-aksk"))
        .expect(2)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clouds.yaml"),
        format!(
            "clouds:\n  otc:\n    region_name: eu-de\n    as_endpoint_override: {}\n    auth:\n      \
             ak: AK-VISIBLE\n      sk: {SK}\n      security_token: {SECURITY_TOKEN}\n      \
             project_id: p-1\n",
            server.uri()
        ),
    )
    .unwrap();
    let client = rt::ConfigLoader::with_env([("OS_CLOUD", "otc")])
        .search_dirs([dir.path()])
        .from_env()
        .unwrap()
        .retry(rt::RetryPolicy::default().with_max_attempts(2))
        .sleeper(RecordingSleeper::new())
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    assert_eq!(err.attempts(), 2);
    assert_clean("error", &format!("{err} {err:?}"));
    let logs = captured.text();
    assert!(logs.contains("cloud configuration read"), "{logs}");
    assert!(logs.contains("rid-aksk"), "{logs}");
    assert_clean("tracing output", &logs);
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.headers["x-security-token"], SECURITY_TOKEN);
}
