//! Token flow against a loopback IAM: obtain, send, cache, renew, share, re-authenticate.

mod common;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use common::*;
use otc_runtime as rt;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const HOUR: Duration = Duration::from_secs(3600);

fn client(server: &MockServer, clock: Arc<ManualClock>) -> rt::ClientBuilder {
    rt::Client::builder()
        .region("eu-de")
        .auth(password_auth(server, scope_by_name()))
        .clock(clock)
}

async fn mount_groups(server: &MockServer, token: &str, status: u16, expect: u64) {
    Mock::given(method("GET"))
        .and(path(list_groups_path()))
        .and(header("X-Auth-Token", token))
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_json(json!({"scaling_groups": [], "total_number": 0})),
        )
        .expect(expect)
        .named(format!("service with {token}"))
        .mount(server)
        .await;
}

#[tokio::test]
async fn token_is_obtained_sent_and_cached_across_clones() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    mount_iam(&server, clock.clone(), 24 * HOUR, Duration::ZERO, 1).await;
    mount_groups(&server, "tok-1", 200, 3).await;

    let client = client(&server, clock).build().unwrap();
    let clone = client.clone();
    for c in [&client, &clone, &client] {
        let resp = c.execute::<String>(list_groups()).await.unwrap();
        assert_eq!(resp.status(), 200);
    }
    assert_eq!(client.project_id::<String>().await.unwrap(), PROJECT_ID);

    // The IAM request is the Keystone password body with a project scope by name.
    let requests = server.received_requests().await.unwrap();
    let iam: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == "/v3/auth/tokens")
        .collect();
    assert_eq!(iam.len(), 1);
    assert_eq!(iam[0].method, wiremock::http::Method::POST);
    let body: serde_json::Value = iam[0].body_json().unwrap();
    assert_eq!(
        body,
        json!({"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": "alice", "password": PASSWORD, "domain": {"name": "OTC-EU-DE-1"}}}},
            "scope": {"project": {"name": "eu-de_test", "domain": {"name": "OTC-EU-DE-1"}}}
        }})
    );
    // The service calls reached this server, so the catalog endpoint (with `$(tenant_id)s`)
    // was used and not the `https://as.eu-de.otc.t-systems.com` template.
    assert_eq!(requests.len(), 4);
}

#[tokio::test]
async fn scope_by_id_is_sent_and_gives_the_project_id_without_iam() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    mount_iam(&server, clock.clone(), 24 * HOUR, Duration::ZERO, 1).await;
    mount_groups(&server, "tok-1", 200, 1).await;
    let client = rt::Client::builder()
        .region("eu-de")
        .auth(password_auth(&server, rt::ProjectScope::Id("p-123".into())))
        .clock(clock)
        .build()
        .unwrap();
    assert_eq!(client.project_id::<String>().await.unwrap(), "p-123");
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "no IAM call for a scope id"
    );
    client.execute::<String>(list_groups()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let body: serde_json::Value = requests[0].body_json().unwrap();
    assert_eq!(body["auth"]["scope"], json!({"project": {"id": "p-123"}}));
}

#[tokio::test]
async fn token_is_renewed_when_close_to_expiry() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    let count = mount_iam(&server, clock.clone(), HOUR, Duration::ZERO, 2).await;
    mount_groups(&server, "tok-1", 200, 2).await;
    mount_groups(&server, "tok-2", 200, 1).await;

    let client = client(&server, clock.clone()).build().unwrap();
    client.execute::<String>(list_groups()).await.unwrap();
    clock.advance(Duration::from_secs(54 * 60)); // 6 minutes left: still fresh
    client.execute::<String>(list_groups()).await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(2 * 60)); // 4 minutes left: renew
    client.execute::<String>(list_groups()).await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn renewal_margin_is_configurable() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    let count = mount_iam(&server, clock.clone(), HOUR, Duration::ZERO, 2).await;
    mount_groups(&server, "tok-1", 200, 1).await;
    mount_groups(&server, "tok-2", 200, 1).await;
    let client = client(&server, clock.clone())
        .token_renew_before(Duration::from_secs(30 * 60))
        .build()
        .unwrap();
    client.execute::<String>(list_groups()).await.unwrap();
    clock.advance(Duration::from_secs(31 * 60)); // 29 minutes left, margin 30
    client.execute::<String>(list_groups()).await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_shorter_lived_than_the_margin_costs_one_login_per_half_lifetime() {
    // IAM issues tokens valid for 4 minutes; the margin stays at its default of 5 minutes.
    // The margin is clamped to half the lifetime (2 minutes): one login serves every call
    // of the first 2 minutes, instead of one or two logins per call.
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    let lifetime = Duration::from_secs(4 * 60);
    let count = mount_iam(&server, clock.clone(), lifetime, Duration::ZERO, 2).await;
    mount_groups(&server, "tok-1", 200, 4).await;
    mount_groups(&server, "tok-2", 200, 2).await;
    let client = client(&server, clock.clone()).build().unwrap();
    for _ in 0..4 {
        client.execute::<String>(list_groups()).await.unwrap();
        clock.advance(Duration::from_secs(29)); // up to 87 s later: still fresh
    }
    assert_eq!(count.load(Ordering::SeqCst), 1, "one login for 4 calls");
    clock.advance(Duration::from_secs(34)); // 121 s after the login: half the lifetime
    client.execute::<String>(list_groups()).await.unwrap();
    client.execute::<String>(list_groups()).await.unwrap();
    assert_eq!(
        count.load(Ordering::SeqCst),
        2,
        "renewed once past half the lifetime"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_callers_share_one_iam_request() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    // The delay keeps the IAM request in flight while all callers arrive.
    mount_iam(
        &server,
        clock.clone(),
        24 * HOUR,
        Duration::from_millis(300),
        1,
    )
    .await;
    mount_groups(&server, "tok-1", 200, 100).await;
    let client = client(&server, clock).build().unwrap();

    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(
                async move { c.execute::<String>(list_groups()).await.map(|r| r.status()) },
            )
        })
        .collect();
    for result in futures::future::join_all(tasks).await {
        assert_eq!(result.unwrap().unwrap(), 200);
    }
}

#[tokio::test]
async fn one_reauthentication_and_one_retry_after_a_401() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    mount_iam(&server, clock.clone(), 24 * HOUR, Duration::ZERO, 2).await;
    mount_groups(&server, "tok-1", 401, 1).await;
    mount_groups(&server, "tok-2", 200, 2).await;
    let client = client(&server, clock).build().unwrap();
    assert_eq!(
        client
            .execute::<String>(list_groups())
            .await
            .unwrap()
            .status(),
        200
    );
    // The renewed token is cached.
    assert_eq!(
        client
            .execute::<String>(list_groups())
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn a_second_401_is_returned_without_looping() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    mount_iam(&server, clock.clone(), 24 * HOUR, Duration::ZERO, 2).await;
    Mock::given(method("GET"))
        .and(path(list_groups_path()))
        .respond_with(ResponseTemplate::new(401).insert_header("X-Request-Id", "rid-401").set_body_json(
            json!({"error_msg": "Incorrect IAM authentication information", "error_code": "APIGW.0301"}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server, clock).build().unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.service_code().map(String::as_str), Some("APIGW.0301"));
    assert_eq!(err.request_id(), Some("rid-401"));
}

#[tokio::test]
async fn static_token_is_sent_and_never_renewed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    mount_groups(&server, "static-tok", 401, 1).await;
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .auth(rt::Auth::Token(rt::Secret::new("static-tok")))
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(matches!(
        client.project_id::<String>().await.unwrap_err(),
        rt::Error::Config(rt::ConfigError::MissingProjectId)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iam_refusal_is_an_auth_error_shared_by_waiting_callers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("X-Request-Id", "iam-401")
                .set_body_json(json!({"error": {"code": 401,
                    "message": "The request you have made requires authentication.",
                    "title": "Unauthorized"}}))
                .set_delay(Duration::from_millis(300)),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server, ManualClock::new()).build().unwrap();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.execute::<String>(list_groups()).await })
        })
        .collect();
    for result in futures::future::join_all(tasks).await {
        let err = result.unwrap().unwrap_err();
        let rt::Error::Auth(auth) = &err else {
            panic!("{err:?}")
        };
        let iam = auth.iam_error().expect("IAM refusal");
        assert_eq!(iam.raw_code(), Some("401"));
        assert_eq!(err.request_id(), Some("iam-401"));
        assert_eq!(err.status(), Some(401));
        assert!(err.to_string().contains("requires authentication"), "{err}");
    }
    // A later call tries again (second and last expected IAM request).
    assert!(client.execute::<String>(list_groups()).await.is_err());
}

#[tokio::test]
async fn token_answer_without_subject_token_is_unusable() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(ResponseTemplate::new(201).set_body_json(token_body(
            rt::Clock::now(&*clock) + HOUR,
            Some(PROJECT_ID),
            json!([]),
        )))
        .mount(&server)
        .await;
    let client = client(&server, clock).build().unwrap();
    let err = client.project_id::<String>().await.unwrap_err();
    assert!(
        matches!(&err, rt::Error::Auth(rt::AuthError::InvalidResponse { status: 201, reason, .. }) if reason.contains("X-Subject-Token")),
        "{err:?}"
    );
}

#[tokio::test]
async fn token_answer_with_bad_expiry_is_unusable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("X-Subject-Token", "tok")
                .set_body_json(json!({"token": {"expires_at": "soon", "catalog": []}})),
        )
        .mount(&server)
        .await;
    let client = client(&server, ManualClock::new()).build().unwrap();
    let err = client.project_id::<String>().await.unwrap_err();
    assert!(err.to_string().contains("expires_at"), "{err}");
}

/// The published IAM example answer (domain-scoped, no project) as the token body.
#[tokio::test]
async fn published_iam_example_answer_is_understood() {
    const EXAMPLE: &str = "otc-api-inventory/iam/examples/obtaining_a_user_token_through_password_authentication__1.json";
    let Some(body) = otc_test_support::shared_dir(&[EXAMPLE])
        .and_then(|dir| std::fs::read(dir.join(EXAMPLE)).ok())
    else {
        otc_test_support::skip_note("the published IAM example answer");
        return;
    };
    let transport = FakeTransport::new(move |req| {
        if req.uri().path().ends_with("/auth/tokens") {
            http_response(201, &[("X-Subject-Token", "MIIDkg-example")], body.clone())
        } else {
            http_response(200, &[], "{}")
        }
    });
    // The example expires at 2015-11-09T01:42:57Z; stand just before that.
    let clock = ManualClock::at(std::time::UNIX_EPOCH + Duration::from_secs(1_447_030_000));
    let client = rt::Client::builder()
        .auth(rt::Auth::Password(rt::PasswordAuth::new(
            "https://iam.eu-de.otc.t-systems.com/v3",
            "user A",
            rt::Secret::new(PASSWORD),
            "domain A",
            scope_by_name(),
        )))
        .clock(clock)
        .transport(transport.clone())
        .build()
        .unwrap();
    static IDENTITY: rt::ServiceInfo = rt::ServiceInfo {
        name: "iam",
        title: "Identity",
        catalog_type: "identity",
        endpoint_template: "https://iam.{region}.otc.t-systems.com",
    };
    // Catalog entry with region "*" is found without a region.
    assert_eq!(
        client.endpoint::<String>(&IDENTITY).await.unwrap(),
        "https://sample.domain.com"
    );
    // No project in a domain-scoped token.
    assert!(matches!(
        client.project_id::<String>().await.unwrap_err(),
        rt::Error::Config(rt::ConfigError::MissingProjectId)
    ));
    assert_eq!(
        transport.urls(),
        ["https://iam.eu-de.otc.t-systems.com/v3/auth/tokens"]
    );
}

#[tokio::test]
async fn iam_token_request_is_retried_after_a_503_but_not_after_a_401() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Retry-After", "2")
                .set_body_json(json!({"error_code": "APIGW.0308", "error_msg": "busy"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    let count = mount_iam(&server, clock.clone(), HOUR, Duration::ZERO, 1).await;
    mount_groups(&server, "tok-1", 200, 1).await;
    let sleeper = RecordingSleeper::new();
    let retried = client(&server, clock)
        .sleeper(sleeper.clone())
        .build()
        .unwrap();
    retried.execute::<String>(list_groups()).await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 1);
    let waits = sleeper.0.lock().unwrap().clone();
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert!(
        waits[0] >= Duration::from_secs(2),
        "Retry-After honoured: {waits:?}"
    );

    // A refusal is final: one request, however many attempts the policy allows.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": {"code": 401, "message": "wrong password", "title": "Unauthorized"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::new();
    let client = client(&server, ManualClock::new())
        .sleeper(sleeper.clone())
        .retry(rt::RetryPolicy::default().with_max_attempts(5))
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    assert!(
        matches!(err, rt::Error::Auth(rt::AuthError::Rejected(_))),
        "{err}"
    );
    assert!(sleeper.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn iam_token_request_is_retried_after_connection_failures() {
    /// Fails the first two token requests to connect, then answers like IAM.
    #[derive(Debug)]
    struct Flaky {
        failures: std::sync::atomic::AtomicUsize,
        iam_calls: std::sync::atomic::AtomicUsize,
    }
    #[async_trait::async_trait]
    impl rt::Transport for Flaky {
        async fn send(
            &self,
            req: rt::TransportRequest,
        ) -> Result<http::Response<bytes::Bytes>, rt::TransportError> {
            if req.url().path().ends_with("/auth/tokens") {
                self.iam_calls.fetch_add(1, Ordering::SeqCst);
                if self.failures.fetch_sub(1, Ordering::SeqCst) > 0 {
                    return Err(rt::TransportError::new(
                        rt::TransportErrorKind::Connect,
                        req.method().clone(),
                        req.url().as_str(),
                    ));
                }
                let expires = std::time::SystemTime::now() + HOUR;
                let body = token_body(expires, Some(PROJECT_ID), json!([]));
                return Ok(http_response(
                    201,
                    &[("X-Subject-Token", "tok-after-failures")],
                    serde_json::to_vec(&body).unwrap(),
                ));
            }
            assert_eq!(req.headers()["x-auth-token"], "tok-after-failures");
            Ok(http_response(200, &[], "{}"))
        }
    }
    let flaky = Arc::new(Flaky {
        failures: std::sync::atomic::AtomicUsize::new(2),
        iam_calls: std::sync::atomic::AtomicUsize::new(0),
    });
    let sleeper = RecordingSleeper::new();
    let client = rt::Client::builder()
        .region("eu-de")
        .endpoint("as", "https://as.example")
        .auth(rt::Auth::Password(rt::PasswordAuth::new(
            "https://iam.example/v3",
            "alice",
            rt::Secret::new(PASSWORD),
            "OTC-EU-DE-1",
            scope_by_name(),
        )))
        .transport(flaky.clone())
        .sleeper(sleeper.clone())
        .build()
        .unwrap();
    client.execute::<String>(list_groups()).await.unwrap();
    assert_eq!(flaky.iam_calls.load(Ordering::SeqCst), 3);
    assert_eq!(sleeper.0.lock().unwrap().len(), 2);
}
