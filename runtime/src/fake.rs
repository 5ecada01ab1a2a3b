//! A fake Open Telekom Cloud for tests of code that uses the generated clients (feature
//! `fake`).
//!
//! [`FakeCloud`] is an HTTP server on loopback (wiremock underneath) that answers the IAM
//! token call itself, with a token whose catalog points every registered service back at the
//! server, and answers each service operation with what the test said. A generated crate's
//! `fake` module (its feature `fake`) registers the service and gives one typed method per
//! operation returning a [`Stub`]: `fake.get_job().respond(job)`,
//! `.fail(ErrorCode::Img0001, "…")`, `.requests()`. The runtime part here knows no service.
//!
//! An operation the test gave no answer for is answered `501` with an error body that says
//! which operation it was; a path that matches no operation gets `404`. `POST
//! /v3/auth/tokens` gets the fake's token unless the test set answers for an IAM token
//! operation (then the fake's own client logs in with those answers too). When two operations
//! of one service share method and path (`POST …/action` with different bodies), the one whose
//! stub was asked for first gets the requests.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::auth::{Auth, PasswordAuth, ProjectScope};
use crate::client::{Client, ClientBuilder};
use crate::error::ServiceErrorCode;
use crate::error_body::Envelope;
use crate::secret::Secret;
use crate::service::ServiceInfo;

/// The project id of the fake's tokens (and so of every path with `{project_id}`).
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// The region the fake claims to be.
pub const REGION: &str = "eu-de";
/// The token the fake IAM issues (sent back as `X-Auth-Token`).
pub const TOKEN: &str = "fake-token-for-tests";
/// The user the fake's client logs in as (any password login is accepted).
pub const USER: &str = "fake-user";
/// The domain of the fake's user and project.
pub const DOMAIN: &str = "OTC-EU-DE-FAKE";

/// One operation, as a generated crate describes it to the fake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The service it belongs to.
    pub service: &'static ServiceInfo,
    /// The operation's name in the spec (`list_as_groups`).
    pub name: &'static str,
    /// The HTTP method (`GET`).
    pub method: &'static str,
    /// The path template as in the reference (`/v1/{project_id}/jobs/{job_id}`).
    pub path: &'static str,
    /// The documented success statuses; [`Stub::respond`] uses the first.
    pub statuses: &'static [u16],
    /// The success answer has a body ([`Stub::respond`] sends none otherwise).
    pub has_body: bool,
}

/// A canned answer.
#[derive(Debug, Clone)]
struct Canned {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

/// What the fake knows about one operation: its answers (in turn, the last one repeats)
/// and the requests it received.
#[derive(Debug)]
struct OpState {
    info: &'static OperationInfo,
    answers: Mutex<(Vec<Canned>, usize)>,
    received: Mutex<Vec<wiremock::Request>>,
}

#[derive(Debug, Default)]
struct Registry {
    services: Vec<&'static ServiceInfo>,
    ops: Vec<Arc<OpState>>,
}

/// Locks a mutex even after a panic elsewhere (a failed assertion in another test task).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running fake cloud. Cheap to clone; the server stops when the last clone is dropped.
#[derive(Clone)]
pub struct FakeCloud {
    server: Arc<MockServer>,
    registry: Arc<Mutex<Registry>>,
}

impl fmt::Debug for FakeCloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let registry = lock(&self.registry);
        let services: Vec<&str> = registry.services.iter().map(|s| s.name).collect();
        f.debug_struct("FakeCloud")
            .field("uri", &self.server.uri())
            .field("services", &services)
            .finish_non_exhaustive()
    }
}

impl FakeCloud {
    /// Starts the server on a free loopback port.
    pub async fn start() -> FakeCloud {
        let server = MockServer::start().await;
        let registry = Arc::new(Mutex::new(Registry::default()));
        Mock::given(wiremock::matchers::any())
            .respond_with(Dispatch {
                registry: registry.clone(),
                base: server.uri(),
            })
            .mount(&server)
            .await;
        FakeCloud {
            server: Arc::new(server),
            registry,
        }
    }

    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The wiremock server underneath, for what the typed stubs do not cover.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Puts `service` in the token's catalog, pointing at this server.
    pub fn register(&self, service: &'static ServiceInfo) {
        let mut registry = lock(&self.registry);
        if !registry.services.iter().any(|s| s.name == service.name) {
            registry.services.push(service);
        }
    }

    /// A client that logs in to the fake IAM with a password and finds every registered
    /// service through the token's catalog. It does not retry (a test that provokes a 503
    /// wants the answer, not a wait); [`FakeCloud::client_builder`] changes that.
    pub fn client(&self) -> Client {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(error) => panic!("the fake's client configuration is valid: {error}"),
        }
    }

    /// The builder behind [`FakeCloud::client`].
    pub fn client_builder(&self) -> ClientBuilder {
        let auth = PasswordAuth::new(
            format!("{}/v3", self.uri()),
            USER,
            Secret::new("fake-password"),
            DOMAIN,
            ProjectScope::Name {
                name: REGION.to_owned(),
                domain_name: DOMAIN.to_owned(),
            },
        );
        Client::builder()
            .region(REGION)
            .auth(Auth::Password(auth))
            .retry(crate::RetryPolicy::never())
    }

    /// The stub of one operation: set its answers, read what it received. Generated `fake`
    /// modules call this; `status_of` gives the documented status of an error code.
    pub fn stub<B, R, C: ServiceErrorCode>(
        &self,
        info: &'static OperationInfo,
        envelope: Envelope,
        status_of: fn(&C) -> u16,
    ) -> Stub<B, R, C> {
        self.register(info.service);
        let mut registry = lock(&self.registry);
        let existing = registry
            .ops
            .iter()
            .find(|op| std::ptr::eq(op.info, info))
            .cloned();
        let op = existing.unwrap_or_else(|| {
            let op = Arc::new(OpState {
                info,
                answers: Mutex::new((Vec::new(), 0)),
                received: Mutex::new(Vec::new()),
            });
            registry.ops.push(op.clone());
            op
        });
        Stub {
            op,
            envelope,
            status_of,
            _types: PhantomData,
        }
    }
}

/// The answers and received requests of one operation of a [`FakeCloud`].
///
/// `B` is the typed request body (`()` when there is none), `R` the typed answer body, `C`
/// the service's error-code enum. `respond…` and `fail…` replace the answers; `then_…` add
/// one more, so `stub.respond(a).then_respond(b)` answers `a` first and `b` from then on
/// (the last answer repeats).
pub struct Stub<B, R, C: ServiceErrorCode> {
    op: Arc<OpState>,
    envelope: Envelope,
    status_of: fn(&C) -> u16,
    _types: PhantomData<Types<B, R, C>>,
}

/// The type parameters of a [`Stub`], held without owning values of them.
type Types<B, R, C> = fn() -> (B, R, C);

impl<B, R, C: ServiceErrorCode> fmt::Debug for Stub<B, R, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stub")
            .field("service", &self.op.info.service.name)
            .field("operation", &self.op.info.name)
            .field("answers", &lock(&self.op.answers).0.len())
            .field("received", &lock(&self.op.received).len())
            .finish()
    }
}

impl<B, R, C: ServiceErrorCode> Stub<B, R, C> {
    fn set(&self, canned: Canned, replace: bool) -> &Self {
        let mut answers = lock(&self.op.answers);
        if replace {
            *answers = (Vec::new(), 0);
        }
        answers.0.push(canned);
        self
    }

    fn success(&self, status: u16, value: &R) -> Canned
    where
        R: Serialize,
    {
        if !self.op.info.has_body {
            return Canned {
                status,
                content_type: "application/json",
                body: Vec::new(),
            };
        }
        let body = match serde_json::to_vec(value) {
            Ok(body) => body,
            Err(error) => panic!(
                "the answer of {}.{} does not serialise: {error}",
                self.op.info.service.name, self.op.info.name
            ),
        };
        Canned {
            status,
            content_type: "application/json",
            body,
        }
    }

    fn failure(&self, status: u16, code: &C, message: &str) -> Canned {
        let request_id = format!("fake-{}-{}", self.op.info.name, code.as_str());
        Canned {
            status,
            content_type: "application/json",
            body: error_body(&self.envelope, code.as_str(), message, &request_id).into_bytes(),
        }
    }

    /// Answers every request with `value` and the operation's first documented status.
    pub fn respond(&self, value: R) -> &Self
    where
        R: Serialize,
    {
        let status = self.op.info.statuses.first().copied().unwrap_or(200);
        self.set(self.success(status, &value), true)
    }

    /// Answers every request with `value` and `status`.
    pub fn respond_with_status(&self, status: u16, value: R) -> &Self
    where
        R: Serialize,
    {
        self.set(self.success(status, &value), true)
    }

    /// Answers with a raw body (an `application/octet-stream` download, a body the types
    /// do not describe).
    pub fn respond_raw(&self, status: u16, content_type: &'static str, body: Vec<u8>) -> &Self {
        self.set(
            Canned {
                status,
                content_type,
                body,
            },
            true,
        )
    }

    /// After the answers set so far, answers with `value` (and the first documented status).
    pub fn then_respond(&self, value: R) -> &Self
    where
        R: Serialize,
    {
        let status = self.op.info.statuses.first().copied().unwrap_or(200);
        self.set(self.success(status, &value), false)
    }

    /// Refuses every request with the service error `code` in the service's own error body,
    /// with the first status the reference gives for the code (400 when it gives none).
    pub fn fail(&self, code: C, message: &str) -> &Self {
        let status = (self.status_of)(&code);
        self.set(self.failure(status, &code, message), true)
    }

    /// Refuses every request with `status` and the service error `code`.
    pub fn fail_with_status(&self, status: u16, code: C, message: &str) -> &Self {
        self.set(self.failure(status, &code, message), true)
    }

    /// After the answers set so far, refuses with the service error `code`.
    pub fn then_fail(&self, code: C, message: &str) -> &Self {
        let status = (self.status_of)(&code);
        self.set(self.failure(status, &code, message), false)
    }

    /// After the answers set so far, refuses with `status` and the service error `code`.
    pub fn then_fail_with_status(&self, status: u16, code: C, message: &str) -> &Self {
        self.set(self.failure(status, &code, message), false)
    }

    /// How many requests the operation received.
    pub fn request_count(&self) -> usize {
        lock(&self.op.received).len()
    }

    /// The requests the operation received, oldest first, with their typed bodies.
    pub fn requests(&self) -> Vec<Received<B>>
    where
        B: DeserializeOwned,
    {
        lock(&self.op.received)
            .iter()
            .map(|r| Received::new(self.op.info, r))
            .collect()
    }
}

/// A request the fake received for one operation.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Received<B> {
    /// The method.
    pub method: http::Method,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The path parameters by their name in the template, percent-decoded.
    pub path_params: BTreeMap<String, String>,
    /// The query pairs in the order sent, decoded.
    pub query: Vec<(String, String)>,
    /// The headers (`X-Auth-Token` included: the fake's token is no secret).
    pub headers: http::HeaderMap,
    /// The body decoded as the operation's request type; `None` when there was no body or
    /// it did not decode (then [`Received::raw_body`] has it).
    pub body: Option<B>,
    /// The body as sent.
    pub raw_body: Vec<u8>,
}

impl<B: DeserializeOwned> Received<B> {
    fn new(info: &OperationInfo, request: &wiremock::Request) -> Self {
        let path = request.url.path().to_owned();
        let path_params = match_template(info.path, &path)
            .map(|(_, params)| params)
            .unwrap_or_default();
        Received {
            method: request.method.clone(),
            path,
            path_params,
            query: request
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            headers: request.headers.clone(),
            body: if request.body.is_empty() {
                None
            } else {
                serde_json::from_slice(&request.body).ok()
            },
            raw_body: request.body.clone(),
        }
    }
}

impl<B> Received<B> {
    /// A path parameter by its name in the template (`job_id`).
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params.get(name).map(String::as_str)
    }

    /// The first value of a query parameter.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated query parameter, in order.
    pub fn query_values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// An error body in `envelope`'s shape.
fn error_body(envelope: &Envelope, code: &str, message: &str, request_id: &str) -> String {
    let body = match envelope {
        Envelope::NestedError => json!({"error": {"code": code, "message": message}}),
        Envelope::CodeMessage => json!({"code": code, "message": message}),
        Envelope::ErrCodeErrMsg => json!({"errCode": code, "errMsg": message}),
        Envelope::ErrorCodeErrorMsgCamel => json!({"errorCode": code, "errorMsg": message}),
        Envelope::OpenStackFault(name) => {
            json!({ name.as_str(): {"code": code, "message": message} })
        }
        Envelope::Xml => {
            return format!(
                "<Error><Code>{}</Code><Message>{}</Message><RequestId>{}</RequestId></Error>",
                xml_text(code),
                xml_text(message),
                xml_text(request_id)
            );
        }
        _ => json!({"error_code": code, "error_msg": message, "request_id": request_id}),
    };
    body.to_string()
}

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Matches a path against a template: the number of literal segments (more is a closer
/// match) and the parameters, or `None`. A segment holds at most one `{param}`, with
/// literal text before and after it.
fn match_template(template: &str, path: &str) -> Option<(usize, BTreeMap<String, String>)> {
    let template = template.split('?').next().unwrap_or_default();
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut literal = 0;
    let mut params = BTreeMap::new();
    for (ts, ps) in t.iter().zip(&p) {
        match (ts.find('{'), ts.rfind('}')) {
            (Some(open), Some(close)) if open < close => {
                let (prefix, name, suffix) = (&ts[..open], &ts[open + 1..close], &ts[close + 1..]);
                if ps.len() <= prefix.len() + suffix.len()
                    || !ps.starts_with(prefix)
                    || !ps.ends_with(suffix)
                {
                    return None;
                }
                let raw = &ps[prefix.len()..ps.len() - suffix.len()];
                let value = percent_encoding::percent_decode_str(raw)
                    .decode_utf8_lossy()
                    .into_owned();
                params.insert(name.to_owned(), value);
            }
            _ if ts == ps => literal += usize::from(!ts.is_empty()),
            _ => return None,
        }
    }
    Some((literal, params))
}

/// The one wiremock responder: IAM tokens, then the operations by method and path.
struct Dispatch {
    registry: Arc<Mutex<Registry>>,
    base: String,
}

impl Respond for Dispatch {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let path = request.url.path();
        let op = {
            let registry = lock(&self.registry);
            registry
                .ops
                .iter()
                .filter(|op| op.info.method.eq_ignore_ascii_case(request.method.as_str()))
                .filter_map(|op| match_template(op.info.path, path).map(|(lit, _)| (lit, op)))
                // The most literal segments win; among equals, the first asked for.
                .fold(
                    None::<(usize, &Arc<OpState>)>,
                    |best, (lit, op)| match best {
                        Some((b, _)) if b >= lit => best,
                        _ => Some((lit, op)),
                    },
                )
                .map(|(_, op)| op.clone())
        };
        // The fake IAM answers token requests, unless a test set answers for a token
        // operation of its own (the IAM service's fake).
        let is_login = request.method == http::Method::POST && path == "/v3/auth/tokens";
        if is_login && op.as_ref().is_none_or(|op| lock(&op.answers).0.is_empty()) {
            return self.token();
        }
        let Some(op) = op else {
            return fault(
                404,
                &format!(
                    "no operation of the fake matches {} {path}; ask for its stub first",
                    request.method
                ),
            );
        };
        lock(&op.received).push(request.clone());
        let canned = {
            let mut answers = lock(&op.answers);
            let (list, next) = &mut *answers;
            let picked = list.get((*next).min(list.len().saturating_sub(1))).cloned();
            *next += 1;
            picked
        };
        match canned {
            Some(c) => {
                let request_id = format!("fake-{}", op.info.name);
                let template = ResponseTemplate::new(c.status)
                    .insert_header("X-Request-Id", request_id.as_str());
                if c.body.is_empty() {
                    template
                } else {
                    template.set_body_raw(c.body, c.content_type)
                }
            }
            None => fault(
                501,
                &format!(
                    "the fake has no answer for {}.{}; set one on its stub",
                    op.info.service.name, op.info.name
                ),
            ),
        }
    }
}

impl Dispatch {
    fn token(&self) -> ResponseTemplate {
        let services: Vec<&'static ServiceInfo> = lock(&self.registry).services.clone();
        let catalog: Vec<Value> = services
            .iter()
            .map(|s| {
                json!({
                    "type": s.catalog_type,
                    "name": s.name,
                    "id": format!("{}-id", s.name),
                    "endpoints": [{
                        "id": format!("{}-endpoint", s.name),
                        "interface": "public",
                        "region": REGION,
                        "region_id": REGION,
                        "url": self.base,
                    }],
                })
            })
            .collect();
        let body = json!({
            "token": {
                "expires_at": "2099-12-31T23:59:59.000000Z",
                "issued_at": "2026-01-01T00:00:00.000000Z",
                "methods": ["password"],
                "catalog": catalog,
                "project": {"id": PROJECT_ID, "name": REGION, "domain": {"id": "fake-domain", "name": DOMAIN}},
                "user": {"id": "fake-user-id", "name": USER, "domain": {"id": "fake-domain", "name": DOMAIN}},
            }
        });
        ResponseTemplate::new(201)
            .insert_header("X-Subject-Token", TOKEN)
            .insert_header("X-Request-Id", "fake-iam")
            .set_body_json(body)
    }
}

/// An answer from the fake itself (not from a stub).
fn fault(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"error_code": "FAKE", "error_msg": message}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_whole_segments_and_decode_parameters() {
        let (literal, params) =
            match_template("/v1/{project_id}/jobs/{job_id}", "/v1/p1/jobs/a%2Fb%20c").unwrap();
        assert_eq!(literal, 2);
        assert_eq!(params["project_id"], "p1");
        assert_eq!(params["job_id"], "a/b c");
        assert!(match_template("/v1/{project_id}/jobs/{job_id}", "/v1/p1/jobs").is_none());
        assert!(match_template("/v1/{project_id}/jobs/{job_id}", "/v1/p1/job/x").is_none());
        let (_, params) = match_template("/v2/{id}.json", "/v2/42.json").unwrap();
        assert_eq!(params["id"], "42");
        assert!(match_template("/v2/{id}.json", "/v2/.json").is_none());
    }

    #[test]
    fn error_bodies_take_the_service_envelope() {
        let nested = error_body(&Envelope::NestedError, "AS.2007", "bad name", "r1");
        assert_eq!(
            nested,
            r#"{"error":{"code":"AS.2007","message":"bad name"}}"#
        );
        let parsed = crate::parse_error_body(nested.as_bytes()).expect("the runtime reads it");
        assert_eq!(parsed.code.as_deref(), Some("AS.2007"));
        let flat = error_body(&Envelope::ErrorCodeErrorMsg, "0171", "x", "r1");
        let parsed = crate::parse_error_body(flat.as_bytes()).expect("the runtime reads it");
        assert_eq!(parsed.code.as_deref(), Some("0171"));
    }
}
