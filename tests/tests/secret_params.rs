//! Secret parameters (`secret: true` in the spec): the MRS Manager passwords of
//! `update_password_of_current_login_user` travel in the query, as the reference says, but
//! are shown as `***` in the transport error's Display and Debug and in tracing at every
//! level (`sending`, `attempt failed`, `call failed`), through the generated MRS client.
//!
//! One test function on purpose: it installs a thread-local tracing subscriber, which races
//! with tracing's callsite cache when other tests of the same binary log in parallel.

use std::sync::{Arc, Mutex};

use otc_runtime::{Auth, Client, RetryPolicy, Secret};
use otc_tests::WireRecorder;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const OLD: &str = "0ld-Pa55w0rd-never-shown";
const NEW: &str = "n3w Pa55&word=never-shown";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut out) = self.0.lock() {
            out.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

fn assert_clean(what: &str, text: &str) {
    for secret in [OLD, NEW, "never-shown", "n3w%20Pa55"] {
        assert!(!text.contains(secret), "{what} shows {secret:?}:\n{text}");
    }
}

fn client(wire: Arc<WireRecorder>) -> Client {
    Client::builder()
        .region("eu-de")
        .auth(Auth::Token(Secret::new("token-never-on-the-manager")))
        .project_id("p")
        .retry(RetryPolicy::never())
        .transport(wire)
        .build()
        .expect("client")
}

#[tokio::test]
async fn secret_query_values_are_masked_in_errors_and_logs_but_sent() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // 1. The manager answers: the values arrive as they are.
    let manager = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/web/v1/access/modify_self_password"))
        .and(query_param("old_password", OLD))
        .and(query_param("new_password", NEW))
        .and(query_param("confirm_password", NEW))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"int_result_code": 0})))
        .expect(1)
        .mount(&manager)
        .await;
    let wire = Arc::new(WireRecorder::new().route("https://192.0.2.10:28443", &manager.uri()));
    let mrs = otc_mrs::Client::new(client(wire.clone()));
    let changed = mrs
        .update_password_of_current_login_user("192.0.2.10", OLD, NEW, NEW)
        .send()
        .await
        .expect("password changed");
    assert_eq!(changed.body.int_result_code, Some(0));
    let sent = &wire.seen()[0];
    assert!(
        sent.url
            .as_str()
            .contains("new_password=n3w%20Pa55%26word%3Dnever-shown")
    );

    // 2. The manager cannot be reached: the error names the URL, the passwords masked.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let closed_uri = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let wire = Arc::new(WireRecorder::new().route("https://192.0.2.10:28443", &closed_uri));
    let mrs = otc_mrs::Client::new(client(wire));
    let builder = mrs.update_password_of_current_login_user("192.0.2.10", OLD, NEW, NEW);
    assert_clean("the request builder's Debug", &format!("{builder:?}"));
    let error = builder.send().await.expect_err("nothing listens");
    let shown = format!("{error}\n{error:?}");
    assert_clean("the error", &shown);
    assert!(
        shown.contains("old_password=***") && shown.contains("new_password=***"),
        "the error still names the parameters: {shown}"
    );
    assert!(
        shown.contains("192.0.2.10:28443/web/v1/access/modify_self_password"),
        "{shown}"
    );

    let logs = captured.text();
    assert_clean("tracing output", &logs);
    for event in ["sending", "attempt failed", "call failed"] {
        assert!(logs.contains(event), "no `{event}` event:\n{logs}");
    }
    assert!(logs.contains("confirm_password=***"), "{logs}");
}
