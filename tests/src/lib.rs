//! A local fake of Open Telekom Cloud for tests and the quickstart: an HTTP server on loopback
//! (wiremock) that answers the IAM token call with a token and a service catalog pointing back
//! at itself, plus whatever service answers a test mounts.
//!
//! ```no_run
//! # async fn demo() {
//! let fake = otc_tests::FakeOtc::start().await;
//! let client = fake.client(); // password auth against the fake IAM
//! # let _ = client;
//! # }
//! ```

mod canned;
mod wire;

pub use wire::{Seen, WireRecorder};

use otc_runtime::{Auth, Client, PasswordAuth, ProjectScope, Secret};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The project id the fake IAM scopes its tokens to.
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// The token the fake IAM issues.
pub const TOKEN: &str = "fake-token-MIIDkgYJKoZIhvcNAQcCoIIDgzCCA38CAQExDTALBglghkgBZQMEAgEw";
/// The region the fake claims to be.
pub const REGION: &str = "eu-de";
/// User name the fake IAM expects.
pub const USER: &str = "quickstart-user";
/// Password the fake IAM expects.
pub const PASSWORD: &str = "quickstart-password";
/// Domain the fake IAM expects.
pub const DOMAIN: &str = "OTC-EU-DE-00000000001000000001";

/// Catalog entries: (service type, name, path prefix of the endpoint URL).
const CATALOG: &[(&str, &str, &str)] = &[
    ("as", "autoscaling", "/autoscaling-api/v1/$(tenant_id)s"),
    ("image", "ims", "/"),
    ("mrs", "mrs", "/v1.1/$(tenant_id)s"),
    ("identity", "iam", "/v3"),
    ("vpc", "vpc", "/"),
    ("sharev2", "sfs", "/"),
];

/// A running fake OTC endpoint. Dropping it stops the server.
pub struct FakeOtc {
    server: MockServer,
}

impl FakeOtc {
    /// Starts the server on a free loopback port and mounts the IAM token endpoint.
    pub async fn start() -> FakeOtc {
        let server = MockServer::start().await;
        let fake = FakeOtc { server };
        fake.mount_iam().await;
        fake
    }

    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The IAM URL to give [`PasswordAuth`].
    pub fn auth_url(&self) -> String {
        format!("{}/v3", self.uri())
    }

    /// The underlying wiremock server, to mount more answers or count requests.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// A runtime client that logs in to the fake IAM with a password and finds every service
    /// through the token's catalog.
    pub fn client(&self) -> Client {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(err) => panic!("the fake's client configuration is valid: {err}"),
        }
    }

    /// The builder behind [`FakeOtc::client`], to change more (a sleeper, timeouts).
    pub fn client_builder(&self) -> otc_runtime::ClientBuilder {
        let auth = PasswordAuth::new(
            self.auth_url(),
            USER,
            Secret::new(PASSWORD),
            DOMAIN,
            ProjectScope::Name {
                name: REGION.to_owned(),
                domain_name: DOMAIN.to_owned(),
            },
        );
        // No retries: tests that provoke 429 or 503 want the answer, not a wait.
        Client::builder()
            .region(REGION)
            .auth(Auth::Password(auth))
            .retry(otc_runtime::RetryPolicy::never())
    }

    /// The body of the fake token answer.
    pub fn token_body(&self) -> Value {
        let base = self.uri();
        let catalog: Vec<Value> = CATALOG
            .iter()
            .map(|(ty, name, prefix)| {
                json!({
                    "type": ty,
                    "name": name,
                    "id": format!("{name}-id"),
                    "endpoints": [{
                        "id": format!("{name}-endpoint"),
                        "interface": "public",
                        "region": REGION,
                        "region_id": REGION,
                        "url": format!("{base}{prefix}"),
                    }],
                })
            })
            .collect();
        json!({
            "token": {
                "expires_at": "2099-12-31T23:59:59.000000Z",
                "issued_at": "2026-01-01T00:00:00.000000Z",
                "methods": ["password"],
                "catalog": catalog,
                "project": {"id": PROJECT_ID, "name": REGION, "domain": {"id": "domain-id", "name": DOMAIN}},
                "user": {"id": "user-id", "name": USER, "domain": {"id": "domain-id", "name": DOMAIN}},
                "roles": [{"id": "role-id", "name": "te_admin"}],
            }
        })
    }

    async fn mount_iam(&self) {
        Mock::given(method("POST"))
            .and(path("/v3/auth/tokens"))
            .and(wiremock::matchers::body_partial_json(json!({
                "auth": {"identity": {"methods": ["password"], "password": {"user": {"name": USER, "password": PASSWORD}}}}
            })))
            .respond_with(
                ResponseTemplate::new(201)
                    .insert_header("X-Subject-Token", TOKEN)
                    .insert_header("X-Request-Id", "req-iam-0001")
                    .set_body_json(self.token_body()),
            )
            .mount(&self.server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v3/auth/tokens"))
            .respond_with(
                ResponseTemplate::new(401)
                    .insert_header("X-Request-Id", "req-iam-denied")
                    .set_body_json(json!({"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}})),
            )
            .with_priority(10)
            .mount(&self.server)
            .await;
    }

    /// Answers `method path` with `status` and a JSON body, for requests that carry the
    /// fake's token. The request id header is `X-Request-Id: <request_id>`.
    pub async fn answer(
        &self,
        http_method: &str,
        url_path: &str,
        status: u16,
        body: Value,
        request_id: &str,
    ) {
        Mock::given(method(http_method))
            .and(path(url_path))
            .and(wiremock::matchers::header("X-Auth-Token", TOKEN))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("X-Request-Id", request_id)
                    .set_body_json(body),
            )
            .mount(&self.server)
            .await;
    }

    /// Answers `method path` with `status` and no body.
    pub async fn answer_empty(
        &self,
        http_method: &str,
        url_path: &str,
        status: u16,
        request_id: &str,
    ) {
        Mock::given(method(http_method))
            .and(path(url_path))
            .and(wiremock::matchers::header("X-Auth-Token", TOKEN))
            .respond_with(ResponseTemplate::new(status).insert_header("X-Request-Id", request_id))
            .mount(&self.server)
            .await;
    }
}
