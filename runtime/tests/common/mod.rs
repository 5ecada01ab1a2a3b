//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use otc_runtime as rt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

pub static AS: rt::ServiceInfo = rt::ServiceInfo {
    name: "as",
    title: "Auto Scaling",
    catalog_type: "as",
    endpoint_template: "https://as.{region}.otc.t-systems.com",
};

pub static IMS: rt::ServiceInfo = rt::ServiceInfo {
    name: "ims",
    title: "Image Management Service",
    catalog_type: "image",
    endpoint_template: "https://ims.{region}.otc.t-systems.com",
};

pub const PASSWORD: &str = "pa55-W0RD-never-shown";
pub const PROJECT_ID: &str = "0b6e1a2f3c4d4e5f8a9b0c1d2e3f4a5b";

/// A clock the test moves by hand.
#[derive(Debug)]
pub struct ManualClock(Mutex<SystemTime>);

impl ManualClock {
    /// A clock standing at 2024-05-01T12:00:00Z.
    pub fn new() -> Arc<Self> {
        Arc::new(Self(Mutex::new(
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_564_800),
        )))
    }

    pub fn at(t: SystemTime) -> Arc<Self> {
        Arc::new(Self(Mutex::new(t)))
    }

    pub fn advance(&self, d: Duration) {
        let mut now = self.0.lock().unwrap();
        *now += d;
    }
}

impl rt::Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

/// RFC 3339 with microseconds, as Keystone writes it.
pub fn rfc3339(t: SystemTime) -> String {
    let dt = time::OffsetDateTime::from(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.microsecond()
    )
}

/// A token answer body.
pub fn token_body(expires_at: SystemTime, project_id: Option<&str>, catalog: Value) -> Value {
    let mut token = json!({
        "methods": ["password"],
        "expires_at": rfc3339(expires_at),
        "issued_at": rfc3339(expires_at - Duration::from_secs(86_400)),
        "catalog": catalog,
        "user": {"name": "alice", "id": "u1", "domain": {"name": "OTC-EU-DE-1", "id": "d1"}}
    });
    if let Some(id) = project_id {
        token["project"] =
            json!({"id": id, "name": "eu-de_test", "domain": {"id": "d1", "name": "OTC-EU-DE-1"}});
    }
    json!({ "token": token })
}

/// A catalog with one public endpoint of `catalog_type` for region `eu-de`.
pub fn catalog_for(catalog_type: &str, url: &str) -> Value {
    json!([
        {"type": "identity", "name": "iam", "endpoints": [
            {"interface": "public", "region": "*", "region_id": "*", "url": "https://iam.example/v3"}]},
        {"type": catalog_type, "name": catalog_type, "endpoints": [
            {"interface": "public", "region": "eu-nl", "region_id": "eu-nl", "url": "https://wrong-region.invalid"},
            {"interface": "public", "region": "eu-de", "region_id": "eu-de", "url": url}]}
    ])
}

/// Answers token requests with `tok-1`, `tok-2`, ... valid for `valid_for` from `clock`.
pub struct IamResponder {
    pub count: Arc<AtomicUsize>,
    pub clock: Arc<ManualClock>,
    pub valid_for: Duration,
    pub catalog: Value,
    pub delay: Duration,
}

impl Respond for IamResponder {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        let expires = rt::Clock::now(&*self.clock) + self.valid_for;
        ResponseTemplate::new(201)
            .insert_header("X-Subject-Token", format!("tok-{n}").as_str())
            .insert_header("X-Request-Id", format!("iam-req-{n}").as_str())
            .set_body_json(token_body(expires, Some(PROJECT_ID), self.catalog.clone()))
            .set_delay(self.delay)
    }
}

/// Mounts an IAM token endpoint on `server` that must be called exactly `expect` times.
pub async fn mount_iam(
    server: &MockServer,
    clock: Arc<ManualClock>,
    valid_for: Duration,
    delay: Duration,
    expect: u64,
) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let catalog = catalog_for(
        "as",
        &format!("{}/autoscaling-api/v1/$(tenant_id)s", server.uri()),
    );
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(IamResponder {
            count: Arc::clone(&count),
            clock,
            valid_for,
            catalog,
            delay,
        })
        .expect(expect)
        .named("IAM token")
        .mount(server)
        .await;
    count
}

pub fn password_auth(server: &MockServer, scope: rt::ProjectScope) -> rt::Auth {
    rt::Auth::Password(rt::PasswordAuth::new(
        format!("{}/v3", server.uri()),
        "alice",
        rt::Secret::new(PASSWORD),
        "OTC-EU-DE-1",
        scope,
    ))
}

pub fn scope_by_name() -> rt::ProjectScope {
    rt::ProjectScope::Name {
        name: "eu-de_test".into(),
        domain_name: "OTC-EU-DE-1".into(),
    }
}

/// A `GET /autoscaling-api/v1/{project}/scaling_group` request.
pub fn list_groups() -> rt::Request {
    let mut req = rt::Request::new(http::Method::GET, &AS, "list_scaling_groups");
    req.path_literal("/autoscaling-api/v1/");
    req.path_param(PROJECT_ID);
    req.path_literal("/scaling_group");
    req
}

pub fn list_groups_path() -> String {
    format!("/autoscaling-api/v1/{PROJECT_ID}/scaling_group")
}

/// How a [`FakeTransport`] answers.
pub type Answer =
    Box<dyn Fn(&http::Request<bytes::Bytes>) -> http::Response<bytes::Bytes> + Send + Sync>;

/// A transport that records requests and answers from a closure, without any network.
pub struct FakeTransport {
    pub seen: Mutex<Vec<http::Request<bytes::Bytes>>>,
    pub answer: Answer,
}

impl std::fmt::Debug for FakeTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FakeTransport")
    }
}

impl FakeTransport {
    pub fn new(
        answer: impl Fn(&http::Request<bytes::Bytes>) -> http::Response<bytes::Bytes>
        + Send
        + Sync
        + 'static,
    ) -> Arc<Self> {
        Arc::new(Self {
            seen: Mutex::new(Vec::new()),
            answer: Box::new(answer),
        })
    }

    pub fn urls(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.uri().to_string())
            .collect()
    }
}

#[async_trait::async_trait]
impl rt::Transport for FakeTransport {
    async fn send(
        &self,
        req: rt::TransportRequest,
    ) -> Result<http::Response<bytes::Bytes>, rt::TransportError> {
        // Through the `http` types, as a transport on another HTTP stack would see it.
        let req = req.into_http().expect("the client builds valid URLs");
        let resp = (self.answer)(&req);
        self.seen.lock().unwrap().push(req);
        Ok(resp)
    }
}

pub fn http_response(
    status: u16,
    headers: &[(&str, &str)],
    body: impl Into<bytes::Bytes>,
) -> http::Response<bytes::Bytes> {
    let mut builder = http::Response::builder().status(status);
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    builder.body(body.into()).unwrap()
}

/// A sleeper that records the delays asked for and returns at once.
#[derive(Debug, Default)]
pub struct RecordingSleeper(pub Mutex<Vec<Duration>>);

impl RecordingSleeper {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn delays(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl rt::Sleeper for RecordingSleeper {
    async fn sleep(&self, duration: Duration) {
        self.0.lock().unwrap().push(duration);
    }
}

/// Collects everything a tracing subscriber writes.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// A subscriber writing everything (TRACE and up) here, without colours.
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync + use<> {
        let writer = self.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish()
    }
}

/// A port on loopback that nothing listens on.
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
