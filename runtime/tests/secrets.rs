//! Passwords and tokens never show in Debug, Display, errors or tracing output.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use otc_runtime as rt;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Collects everything the tracing subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

fn assert_clean(what: &str, text: &str) {
    for secret in [PASSWORD, "tok-1", "tok-2", "static-secret-token"] {
        assert!(
            !text.contains(secret),
            "{what} contains {secret:?}:\n{text}"
        );
    }
}

#[test]
fn configuration_debug_output_hides_secrets() {
    let auth = rt::Auth::Password(rt::PasswordAuth::new(
        "https://iam.eu-de.otc.t-systems.com/v3",
        "alice",
        rt::Secret::new(PASSWORD),
        "OTC-EU-DE-1",
        scope_by_name(),
    ));
    assert_clean("Auth", &format!("{auth:?} {auth:#?}"));
    let builder = rt::Client::builder().region("eu-de").auth(auth);
    assert_clean("ClientBuilder", &format!("{builder:?}"));
    let client = builder.build().unwrap();
    let shown = format!("{client:?} {client:#?}");
    assert_clean("Client", &shown);
    assert!(
        shown.contains("alice"),
        "the Debug output is still useful: {shown}"
    );

    let token = rt::Auth::Token(rt::Secret::new("static-secret-token"));
    assert_clean("Auth::Token", &format!("{token:?}"));
    let client = rt::Client::builder().auth(token).build().unwrap();
    assert_clean("Client with token", &format!("{client:?}"));
}

#[tokio::test]
async fn tracing_output_and_errors_hide_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

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

#[tokio::test]
async fn iam_refusal_error_hides_the_password() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .region("eu-de")
        .auth(password_auth(&server, scope_by_name()))
        .build()
        .unwrap();
    let err = client.project_id::<String>().await.unwrap_err();
    let shown = format!("{err} | {err:?}");
    assert!(
        shown.contains("The username or password is wrong."),
        "{shown}"
    );
    assert_clean("IAM error", &shown);
    // The password did go to IAM, in the body only.
    let sent = &server.received_requests().await.unwrap()[0];
    assert!(String::from_utf8_lossy(&sent.body).contains(PASSWORD));
}
