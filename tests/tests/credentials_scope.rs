//! The cloud's credentials go only to the cloud's own endpoints (catalog, configured
//! overrides, the spec's templates), never to an address the caller names: the MRS Manager
//! operations (`base: https://{manager_address}:28443`, `auth: none` in specs/mrs.yaml) get
//! no token, no AK/SK signature and no project header, and need no login. Checked on the wire
//! through the generated MRS client: which host got which header.

use std::sync::Arc;

use otc_runtime::{AkSkAuth, Auth, Client, RetryPolicy, Secret};
use otc_tests::{FakeOtc, PROJECT_ID, TOKEN, WireRecorder};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The address a caller gives for MRS Manager (TEST-NET-1: never reached; routed to a local
/// server by the recorder).
const MANAGER: &str = "192.0.2.10";

async fn manager_server() -> MockServer {
    let manager = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/web/v1/access/login_check"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": -1, "state": "COMPLETE"})),
        )
        .mount(&manager)
        .await;
    manager
}

async fn mount_cluster(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(format!("/v1.1/{PROJECT_ID}/cluster_infos/c-1")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"cluster": {"clusterId": "c-1"}})),
        )
        .mount(server)
        .await;
}

fn recorder(manager: &MockServer) -> Arc<WireRecorder> {
    Arc::new(WireRecorder::new().route(&format!("https://{MANAGER}:28443"), &manager.uri()))
}

#[tokio::test]
async fn password_token_goes_to_the_catalog_endpoint_and_not_to_the_manager() {
    let fake = FakeOtc::start().await;
    mount_cluster(fake.server()).await;
    let manager = manager_server().await;
    let wire = recorder(&manager);
    let client = fake
        .client_builder()
        .transport(wire.clone())
        .build()
        .expect("client");
    let mrs = otc_mrs::Client::new(client);

    mrs.get_cluster("c-1").send().await.expect("cluster");
    let checked = mrs.check_login(MANAGER).send().await.expect("login check");
    assert_eq!(checked.body.state.as_deref(), Some("COMPLETE"));

    let seen = wire.seen();
    let fake_origin = fake.uri().trim_start_matches("http://").to_owned();
    let rows: Vec<(String, String, bool)> = seen
        .iter()
        .map(|s| (s.origin(), s.url.path().to_owned(), s.has_credentials()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (fake_origin.clone(), "/v3/auth/tokens".to_owned(), false),
            (
                fake_origin,
                format!("/v1.1/{PROJECT_ID}/cluster_infos/c-1"),
                true
            ),
            (
                format!("{MANAGER}:28443"),
                "/web/v1/access/login_check".to_owned(),
                false
            ),
        ],
        "(host, path, credentials) of every request"
    );
    assert_eq!(seen[1].headers["x-auth-token"], TOKEN);
    // And on the manager's side of the wire.
    let received = manager.received_requests().await.expect("recording");
    assert_eq!(received.len(), 1);
    assert!(
        !received[0].headers.contains_key("x-auth-token"),
        "{:?}",
        received[0].headers
    );
}

#[tokio::test]
async fn a_manager_call_alone_needs_no_login() {
    let fake = FakeOtc::start().await;
    let manager = manager_server().await;
    let wire = recorder(&manager);
    let client = fake
        .client_builder()
        .transport(wire.clone())
        .build()
        .expect("client");
    otc_mrs::Client::new(client)
        .check_login(MANAGER)
        .send()
        .await
        .expect("login check");
    let seen = wire.seen();
    assert_eq!(seen.len(), 1, "no IAM request: {seen:?}");
    assert_eq!(seen[0].origin(), format!("{MANAGER}:28443"));
    assert!(!seen[0].has_credentials(), "{:?}", seen[0].headers);
}

#[tokio::test]
async fn aksk_signature_goes_to_the_override_and_not_to_the_manager() {
    let service = MockServer::start().await;
    mount_cluster(&service).await;
    let manager = manager_server().await;
    let wire = recorder(&manager);
    let client = Client::builder()
        .region("eu-de")
        .endpoint("mrs", format!("{}/v1.1/{PROJECT_ID}", service.uri()))
        .auth(Auth::AkSk(
            AkSkAuth::new("AKIDEXAMPLE", Secret::new("sk-never-on-the-manager"))
                .with_security_token(Secret::new("security-token"))
                .with_project_id(PROJECT_ID),
        ))
        .retry(RetryPolicy::never())
        .transport(wire.clone())
        .build()
        .expect("client");
    let mrs = otc_mrs::Client::new(client);
    mrs.get_cluster("c-1").send().await.expect("cluster");
    mrs.check_login(MANAGER).send().await.expect("login check");

    let seen = wire.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let signed = &seen[0];
    assert!(signed.url.as_str().starts_with(&service.uri()));
    for name in [
        "authorization",
        "x-sdk-date",
        "x-project-id",
        "x-security-token",
    ] {
        assert!(
            signed.headers.contains_key(name),
            "{name} missing on the service call"
        );
    }
    let to_manager = &seen[1];
    assert_eq!(to_manager.origin(), format!("{MANAGER}:28443"));
    assert!(!to_manager.has_credentials(), "{:?}", to_manager.headers);
}

/// Under AK/SK a global service (IAM, `auth: domain` in specs/iam.yaml) gets `X-Domain-Id`,
/// signed, and no `X-Project-Id`; a regional one gets the project.
#[tokio::test]
async fn aksk_names_the_domain_to_iam_and_the_project_to_regional_services() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/auth/tokens"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": {
            "methods": ["password"], "expires_at": "2099-01-01T00:00:00Z",
            "issued_at": "2026-01-01T00:00:00Z", "user": {"id": "u", "name": "n"}
        }})))
        .mount(&server)
        .await;
    mount_cluster(&server).await;
    let wire = Arc::new(WireRecorder::new());
    let build = |aksk: AkSkAuth| {
        Client::builder()
            .region("eu-de")
            .endpoint("iam", format!("{}/v3", server.uri()))
            .endpoint("mrs", format!("{}/v1.1/{PROJECT_ID}", server.uri()))
            .auth(Auth::AkSk(aksk))
            .retry(RetryPolicy::never())
            .transport(wire.clone())
            .build()
            .expect("client")
    };
    let keys = AkSkAuth::new("AKIDEXAMPLE", Secret::new("sk-example")).with_project_id(PROJECT_ID);
    let client = build(keys.clone().with_domain_id("domain-0001"));
    otc_iam::Client::new(client.clone())
        .verify_token_and_return_valid_token("token-to-check")
        .send()
        .await
        .expect("verified");
    otc_mrs::Client::new(client)
        .get_cluster("c-1")
        .send()
        .await
        .expect("cluster");
    let seen = wire.seen();
    assert_eq!(seen.len(), 2);
    let (iam, mrs) = (&seen[0], &seen[1]);
    assert_eq!(iam.headers["x-domain-id"], "domain-0001");
    assert!(
        !iam.headers.contains_key("x-project-id"),
        "{:?}",
        iam.headers
    );
    let signed = iam.headers["authorization"].to_str().expect("text");
    assert!(
        signed.contains("x-domain-id"),
        "X-Domain-Id is signed: {signed}"
    );
    assert_eq!(mrs.headers["x-project-id"], PROJECT_ID);
    assert!(!mrs.headers.contains_key("x-domain-id"));

    // Without a domain id it is looked up once from IAM (signed, without a project), then
    // sent.
    Mock::given(method("GET"))
        .and(path("/v3/auth/domains"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"domains": [{"id": "domain-looked-up", "name": "OTC-EU-DE-0001", "enabled": true}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let iam = otc_iam::Client::new(build(
        keys.clone().with_iam_url(format!("{}/v3", server.uri())),
    ));
    for _ in 0..2 {
        iam.verify_token_and_return_valid_token("token-to-check")
            .send()
            .await
            .expect("verified");
    }
    let seen = wire.seen();
    assert_eq!(seen.len(), 5, "two calls and one lookup more");
    assert_eq!(seen[2].url.path(), "/v3/auth/domains");
    assert!(seen[2].headers.contains_key("authorization"));
    assert!(!seen[2].headers.contains_key("x-project-id"));
    assert!(!seen[2].headers.contains_key("x-domain-id"));
    for call in &seen[3..] {
        assert_eq!(call.headers["x-domain-id"], "domain-looked-up");
    }

    // With neither a domain id nor a way to reach IAM, the call fails before anything is
    // sent and says what to set.
    let client = Client::builder()
        .endpoint("iam", format!("{}/v3", server.uri()))
        .auth(Auth::AkSk(keys))
        .transport(wire.clone())
        .build()
        .expect("client");
    let err = otc_iam::Client::new(client)
        .verify_token_and_return_valid_token("token-to-check")
        .send()
        .await
        .expect_err("no domain id");
    assert!(err.to_string().contains("OS_DOMAIN_ID"), "{err}");
    assert_eq!(wire.seen().len(), 5, "nothing more was sent");
}
