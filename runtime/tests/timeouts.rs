//! Attempt and operation timeouts against a loopback server that answers late. Short
//! durations keep the whole file well under a second of waiting.

mod common;

use std::time::{Duration, Instant};

use common::*;
use otc_runtime as rt;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const MS: fn(u64) -> Duration = Duration::from_millis;

async fn slow_server(delay: Duration, expect: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(delay))
        .expect(expect)
        .mount(&server)
        .await;
    server
}

/// Lists AS groups with the client `configure` builds and returns the error the call ends in.
async fn failing_list(configure: impl FnOnce(rt::ClientBuilder) -> rt::ClientBuilder) -> rt::Error {
    configure(rt::Client::builder())
        .build()
        .unwrap()
        .execute::<String>(list_groups())
        .await
        .unwrap_err()
}

/// Retries with fixed (unjittered) waits.
fn retries(max_attempts: u32, initial_delay: Duration) -> rt::RetryPolicy {
    rt::RetryPolicy::default()
        .with_max_attempts(max_attempts)
        .with_initial_delay(initial_delay)
        .with_jitter(false)
}

fn timeout_kind(err: &rt::Error) -> Option<&rt::TransportError> {
    match err {
        rt::Error::Transport(t) if t.kind() == rt::TransportErrorKind::Timeout => Some(t),
        _ => None,
    }
}

#[tokio::test]
async fn a_late_attempt_times_out_is_retried_and_reported_with_the_count() {
    let server = slow_server(MS(2000), 2).await;
    let sleeper = RecordingSleeper::new();
    let started = Instant::now();
    let err = failing_list(|b| {
        b.endpoint("as", server.uri())
            .attempt_timeout(Some(MS(100)))
            .retry(retries(2, MS(500)))
            .sleeper(sleeper.clone())
    })
    .await;
    let elapsed = started.elapsed();
    let t = timeout_kind(&err).unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(t.attempts(), 2);
    assert!(t.url().ends_with(&list_groups_path()), "{}", t.url());
    let shown = err.to_string();
    assert!(shown.contains("attempt timeout of 100ms"), "{shown}");
    assert!(shown.ends_with("after 2 attempts"), "{shown}");
    assert_eq!(sleeper.delays(), [MS(500)]);
    assert!(elapsed < MS(1000), "{elapsed:?}");
}

#[tokio::test]
async fn the_operation_timeout_ends_the_whole_call() {
    let server = slow_server(MS(2000), 1).await;
    let started = Instant::now();
    let err = failing_list(|b| {
        b.endpoint("as", server.uri())
            .attempt_timeout(None)
            .operation_timeout(Some(MS(150)))
    })
    .await;
    let elapsed = started.elapsed();
    let t = timeout_kind(&err).unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(t.attempts(), 1);
    assert!(t.url().ends_with(&list_groups_path()), "{}", t.url());
    assert!(
        err.to_string()
            .contains("the operation did not finish within its timeout of 150ms"),
        "{err}"
    );
    assert!(elapsed >= MS(150) && elapsed < MS(1000), "{elapsed:?}");
}

#[tokio::test]
async fn the_earlier_of_attempt_and_operation_limits_decides_what_timed_out() {
    // Operation deadline first: the operation's error, not an attempt timeout to retry.
    let server = slow_server(MS(2000), 1).await;
    let err = failing_list(|b| {
        b.endpoint("as", server.uri())
            .attempt_timeout(Some(MS(1500)))
            .operation_timeout(Some(MS(150)))
    })
    .await;
    let t = timeout_kind(&err).unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(t.attempts(), 1);
    assert!(t.url().ends_with(&list_groups_path()), "{}", t.url());
    assert!(
        err.to_string()
            .contains("operation did not finish within its timeout of 150ms"),
        "{err}"
    );

    // Attempt limit first: an attempt timeout, retried while the operation has time left.
    let server = slow_server(MS(2000), 2).await;
    let err = failing_list(|b| {
        b.endpoint("as", server.uri())
            .attempt_timeout(Some(MS(100)))
            .operation_timeout(Some(MS(5000)))
            .retry(retries(2, MS(10)))
    })
    .await;
    let t = timeout_kind(&err).unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(t.attempts(), 2);
    assert!(
        err.to_string().contains("attempt timeout of 100ms"),
        "{err}"
    );
}

#[tokio::test]
async fn the_operation_timeout_bounds_retries_with_real_waits() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = failing_list(|b| {
        b.endpoint("as", server.uri())
            .operation_timeout(Some(MS(250)))
            .retry(retries(10, MS(50)))
    })
    .await;
    let elapsed = started.elapsed();
    // Waits of 50 and 100 ms fit; the 200 ms one would pass the deadline, so the last
    // 503 is returned (3 attempts on an idle machine; on a loaded one fewer waits fit, or
    // the deadline strikes during an attempt).
    match &err {
        rt::Error::Service(e) => {
            assert_eq!(e.status(), 503);
            assert!((2..=3).contains(&e.attempts()), "{err}");
        }
        other => assert!(timeout_kind(other).is_some(), "{other:?}"),
    }
    assert!(elapsed < MS(1000), "{elapsed:?}");
}

#[tokio::test]
async fn an_operation_timeout_while_authenticating_names_the_operation() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_delay(MS(2000)))
        .mount(&server)
        .await;
    let err = failing_list(|b| {
        b.region("eu-de")
            .auth(password_auth(&server, scope_by_name()))
            .operation_timeout(Some(MS(100)))
    })
    .await;
    let t = timeout_kind(&err).unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(t.url(), "as.list_scaling_groups");
}

#[test]
fn timeout_defaults() {
    assert_eq!(
        rt::ClientBuilder::DEFAULT_CONNECT_TIMEOUT,
        Duration::from_secs(10)
    );
    assert_eq!(
        rt::ClientBuilder::DEFAULT_ATTEMPT_TIMEOUT,
        Duration::from_secs(60)
    );
    assert_eq!(
        rt::ClientBuilder::DEFAULT_OPERATION_TIMEOUT,
        Duration::from_secs(300)
    );
}
