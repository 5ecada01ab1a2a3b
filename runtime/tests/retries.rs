//! Retries against a loopback server: which failures are retried, how long the client
//! waits (recorded by a sleeper that does not sleep), and what the final error keeps.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use otc_runtime as rt;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const MS: fn(u64) -> Duration = Duration::from_millis;

/// Exact delays (no jitter), 100 ms doubling.
fn policy(attempts: u32) -> rt::RetryPolicy {
    rt::RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_initial_delay(MS(100))
        .with_max_delay(Duration::from_secs(2))
        .with_jitter(false)
}

fn client(server: &MockServer, attempts: u32, sleeper: Arc<RecordingSleeper>) -> rt::Client {
    rt::Client::builder()
        .endpoint("as", server.uri())
        .retry(policy(attempts))
        .sleeper(sleeper)
        .build()
        .unwrap()
}

/// Answers 503 (or `status`) with a numbered request id and message.
struct Busy {
    status: u16,
    count: Arc<AtomicUsize>,
    headers: Vec<(&'static str, String)>,
}

impl Respond for Busy {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        let mut t = ResponseTemplate::new(self.status)
            .insert_header("X-Request-Id", format!("rid-{n}").as_str())
            .set_body_json(json!({"error_code": "APIGW.0308", "error_msg": format!("busy {n}")}));
        for (k, v) in &self.headers {
            t = t.insert_header(*k, v.as_str());
        }
        t
    }
}

async fn mount_busy(
    server: &MockServer,
    verb: &str,
    status: u16,
    headers: Vec<(&'static str, String)>,
    times: Option<u64>,
    expect: u64,
) {
    let mut mock = Mock::given(method(verb))
        .and(path(list_groups_path()))
        .respond_with(Busy {
            status,
            count: Arc::default(),
            headers,
        });
    if let Some(n) = times {
        mock = mock.up_to_n_times(n);
    }
    mock.expect(expect).named("busy").mount(server).await;
}

async fn mount_ok(server: &MockServer, verb: &str, expect: u64) {
    Mock::given(method(verb))
        .and(path(list_groups_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"scaling_groups": []})))
        .expect(expect)
        .named("ok")
        .mount(server)
        .await;
}

fn post_groups() -> rt::Request {
    let mut req = rt::Request::new(http::Method::POST, &AS, "create_scaling_group");
    req.path_literal("/autoscaling-api/v1/");
    req.path_param(PROJECT_ID);
    req.path_literal("/scaling_group");
    req.json(&json!({"scaling_group_name": "g"}), "application/json")
        .unwrap();
    req
}

#[tokio::test]
async fn get_answered_503_is_retried_with_exponential_backoff() {
    let server = MockServer::start().await;
    mount_busy(&server, "GET", 503, vec![], Some(3), 3).await;
    mount_ok(&server, "GET", 1).await;
    let sleeper = RecordingSleeper::new();
    let resp = client(&server, 4, sleeper.clone())
        .execute::<String>(list_groups())
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(sleeper.delays(), [MS(100), MS(200), MS(400)]);
}

#[tokio::test]
async fn statuses_502_504_and_429_are_retried_too() {
    for status in [502, 504, 429] {
        let server = MockServer::start().await;
        mount_busy(&server, "GET", status, vec![], Some(1), 1).await;
        mount_ok(&server, "GET", 1).await;
        let resp = client(&server, 4, RecordingSleeper::new())
            .execute::<String>(list_groups())
            .await;
        assert_eq!(resp.unwrap().status(), 200, "{status}");
    }
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let server = MockServer::start().await;
    mount_busy(
        &server,
        "GET",
        429,
        vec![("Retry-After", "3".into())],
        Some(1),
        1,
    )
    .await;
    mount_ok(&server, "GET", 1).await;
    let sleeper = RecordingSleeper::new();
    client(&server, 4, sleeper.clone())
        .execute::<String>(list_groups())
        .await
        .unwrap();
    assert_eq!(sleeper.delays(), [Duration::from_secs(3)]);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    let at = rt::Clock::now(&*clock) + Duration::from_secs(7);
    mount_busy(
        &server,
        "GET",
        503,
        vec![("Retry-After", httpdate::fmt_http_date(at))],
        Some(1),
        1,
    )
    .await;
    mount_ok(&server, "GET", 1).await;
    let sleeper = RecordingSleeper::new();
    rt::Client::builder()
        .endpoint("as", server.uri())
        .retry(policy(4))
        .sleeper(sleeper.clone())
        .clock(clock)
        .build()
        .unwrap()
        .execute::<String>(list_groups())
        .await
        .unwrap();
    assert_eq!(sleeper.delays(), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn retry_after_shorter_than_the_backoff_does_not_shorten_it() {
    let server = MockServer::start().await;
    mount_busy(
        &server,
        "GET",
        503,
        vec![("Retry-After", "0".into())],
        Some(1),
        1,
    )
    .await;
    mount_ok(&server, "GET", 1).await;
    let sleeper = RecordingSleeper::new();
    client(&server, 4, sleeper.clone())
        .execute::<String>(list_groups())
        .await
        .unwrap();
    assert_eq!(sleeper.delays(), [MS(100)]);
}

#[tokio::test]
async fn exhausted_retries_return_the_last_answer_whole_with_the_attempt_count() {
    let server = MockServer::start().await;
    mount_busy(
        &server,
        "GET",
        503,
        vec![("Retry-After", "1".into())],
        None,
        3,
    )
    .await;
    let sleeper = RecordingSleeper::new();
    let err = client(&server, 3, sleeper.clone())
        .execute::<String>(list_groups())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.service_code().map(String::as_str), Some("APIGW.0308"));
    assert_eq!(err.request_id(), Some("rid-3"));
    assert_eq!(err.attempts(), 3);
    let service = err.as_service().unwrap();
    assert_eq!(service.message(), Some("busy 3"));
    assert_eq!(service.attempts(), 3);
    assert_eq!(service.headers()["retry-after"], "1");
    assert_eq!(
        err.to_string(),
        "as.list_scaling_groups: HTTP 503 APIGW.0308: busy 3 (request id rid-3), after 3 attempts"
    );
    assert_eq!(
        sleeper.delays(),
        [Duration::from_secs(1), Duration::from_secs(1)]
    );
}

#[tokio::test]
async fn post_is_not_retried() {
    let server = MockServer::start().await;
    mount_busy(&server, "POST", 503, vec![], None, 1).await;
    let sleeper = RecordingSleeper::new();
    let err = client(&server, 4, sleeper.clone())
        .execute::<String>(post_groups())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.attempts(), 1);
    assert!(!err.to_string().contains("attempts"), "{err}");
    assert!(sleeper.delays().is_empty());
}

#[tokio::test]
async fn post_marked_retry_safe_is_retried() {
    let server = MockServer::start().await;
    mount_busy(&server, "POST", 503, vec![], Some(2), 2).await;
    mount_ok(&server, "POST", 1).await;
    let mut req = post_groups();
    req.retry_safe(true);
    let resp = client(&server, 4, RecordingSleeper::new())
        .execute::<String>(req)
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn put_delete_and_head_are_idempotent() {
    for verb in ["PUT", "DELETE", "HEAD"] {
        let server = MockServer::start().await;
        mount_busy(&server, verb, 503, vec![], Some(1), 1).await;
        mount_ok(&server, verb, 1).await;
        let mut req = rt::Request::new(
            http::Method::from_bytes(verb.as_bytes()).unwrap(),
            &AS,
            "op",
        );
        req.path_literal(&list_groups_path());
        let resp = client(&server, 2, RecordingSleeper::new())
            .execute::<String>(req)
            .await;
        assert_eq!(resp.unwrap().status(), 200, "{verb}");
    }
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    for status in [400, 404, 409, 500] {
        let server = MockServer::start().await;
        mount_busy(&server, "GET", status, vec![], None, 1).await;
        let err = client(&server, 4, RecordingSleeper::new())
            .execute::<String>(list_groups())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.attempts(), 1);
    }
}

#[tokio::test]
async fn a_retry_after_beyond_the_policy_ends_retrying() {
    let server = MockServer::start().await;
    mount_busy(
        &server,
        "GET",
        429,
        vec![("Retry-After", "3600".into())],
        None,
        1,
    )
    .await;
    let sleeper = RecordingSleeper::new();
    let err = client(&server, 4, sleeper.clone())
        .execute::<String>(list_groups())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.request_id(), Some("rid-1"));
    assert!(sleeper.delays().is_empty());
}

#[tokio::test]
async fn no_wait_is_started_that_would_pass_the_operation_deadline() {
    let server = MockServer::start().await;
    mount_busy(
        &server,
        "GET",
        503,
        vec![("Retry-After", "30".into())],
        None,
        1,
    )
    .await;
    let sleeper = RecordingSleeper::new();
    let err = rt::Client::builder()
        .endpoint("as", server.uri())
        .retry(policy(4))
        .sleeper(sleeper.clone())
        .operation_timeout(Some(Duration::from_secs(10)))
        .build()
        .unwrap()
        .execute::<String>(list_groups())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(sleeper.delays().is_empty());
}

#[tokio::test]
async fn connection_failures_are_retried_and_counted() {
    let port = closed_port();
    let sleeper = RecordingSleeper::new();
    let err = rt::Client::builder()
        .endpoint("as", format!("http://127.0.0.1:{port}"))
        .retry(policy(3))
        .sleeper(sleeper.clone())
        .build()
        .unwrap()
        .execute::<String>(list_groups())
        .await
        .unwrap_err();
    let rt::Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind(), rt::TransportErrorKind::Connect);
    assert_eq!(t.attempts(), 3);
    assert!(err.to_string().ends_with(", after 3 attempts"), "{err}");
    assert_eq!(sleeper.delays(), [MS(100), MS(200)]);
}

#[tokio::test]
async fn a_401_renewal_inside_a_retried_call_still_works() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    mount_iam(
        &server,
        clock.clone(),
        Duration::from_secs(86_400),
        Duration::ZERO,
        1,
    )
    .await;
    mount_busy(&server, "GET", 503, vec![], Some(1), 1).await;
    mount_ok(&server, "GET", 1).await;
    let client = rt::Client::builder()
        .region("eu-de")
        .auth(password_auth(&server, scope_by_name()))
        .clock(clock)
        .retry(policy(3))
        .sleeper(RecordingSleeper::new())
        .build()
        .unwrap();
    assert_eq!(
        client
            .execute::<String>(list_groups())
            .await
            .unwrap()
            .status(),
        200
    );
}

#[test]
fn defaults_are_documented_values() {
    let p = rt::RetryPolicy::default();
    assert_eq!(p.max_attempts, 4);
    assert_eq!(p.initial_delay, MS(500));
    assert_eq!(p.max_delay, Duration::from_secs(10));
    assert_eq!(p.max_retry_after, Duration::from_secs(60));
    assert!(p.jitter);
    assert_eq!(rt::RetryPolicy::never().max_attempts, 1);
}
