//! Runtime shared by the generated Open Telekom Cloud (OTC) service crates.
//!
//! Generated crates (`otc-as`, `otc-ims`, ...) call only the items re-exported here, through
//! `use otc_runtime as rt;`. The contract they rely on: [`ServiceInfo`], [`ServiceErrorCode`] / [`UnknownCode`],
//! [`Client`] / [`ClientBuilder`], [`Auth`] / [`PasswordAuth`] / [`ProjectScope`] /
//! [`AkSkAuth`], [`Request`], [`ParamValue`], [`RawResponse`] / [`Response`],
//! [`header_string`], [`Error`] and its parts, [`ErrorDoc`] / [`ErrorTable`], [`parse_error_body`],
//! [`lenient`], [`paging`], [`Secret`] and [`Transport`].
//!
//! Programs configure the client from `clouds.yaml` and `OS_*` variables
//! ([`ClientBuilder::from_env`], [`ClientBuilder::from_cloud`], [`ConfigLoader`]): see
//! [Configuring real credentials](#configuring-real-credentials) below (also in
//! `CONFIGURATION.md`).
//!
//! ```no_run
//! use otc_runtime as rt;
//!
//! static AS: rt::ServiceInfo = rt::ServiceInfo {
//!     name: "as",
//!     title: "Auto Scaling",
//!     catalog_type: "as",
//!     endpoint_template: "https://as.{region}.otc.t-systems.com",
//! };
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = rt::Client::builder()
//!     .region("eu-de")
//!     .auth(rt::Auth::Password(rt::PasswordAuth::new(
//!         "https://iam.eu-de.otc.t-systems.com/v3",
//!         "user",
//!         rt::Secret::new("password"),
//!         "OTC-EU-DE-00000000001000000001",
//!         rt::ProjectScope::Name { name: "eu-de_project".into(), domain_name: "OTC-EU-DE-00000000001000000001".into() },
//!     )))
//!     .build()?;
//! let project_id = client.project_id::<String>().await?;
//! let mut req = rt::Request::new(http::Method::GET, &AS, "list_scaling_groups");
//! req.path_literal("/autoscaling-api/v1/");
//! req.path_param(&rt::ParamValue::to_param(&project_id));
//! req.path_literal("/scaling_group");
//! req.query("limit", &rt::ParamValue::to_param(&20));
//! let groups = client.execute::<String>(req).await?.json::<serde_json::Value, String>()?;
//! println!("{}", groups.body);
//! # Ok(()) }
//! ```
//!
//! # Design choices (where the contract left room)
//!
//! - **Headers on requests are infallible.** [`Request::header`] returns `()`. An invalid
//!   name or value (line break, non-visible bytes) is remembered, and
//!   [`Client::execute`] fails with [`Error::Request`] before anything is sent. The error
//!   names the header, never its value. The same goes for a path parameter that is empty,
//!   `.` or `..`: each would silently address another resource (a DELETE on the
//!   collection, say), so it is refused.
//! - **`Error` has one more variant**, [`Error::Request`] ([`RequestError`]), for those
//!   malformed requests. `Error` is `#[non_exhaustive]` anyway. `From<serde_json::Error>`
//!   maps to it, so generated code can write `req.json(&body, ct)?`.
//! - **Typed response headers.** A generated header struct implements [`FromHeaders`],
//!   usually with [`header_string`], [`header_required`], [`header_parse`] and
//!   [`header_secret`]. [`Response::with_headers`] pairs it with the body:
//!   `raw.json::<Body, C>()?.with_headers::<Headers, C>()?` gives a
//!   `Response<(Body, Headers)>`. A header that does not decode is an [`Error::Decode`]
//!   whose [`DecodeLocation`] names the header. [`RawResponse::bytes`] is there for
//!   `application/octet-stream` answers, and [`Request::body`] for raw request bodies.
//! - **Lenient decoding** goes through `serde_json::Value`. The trait [`lenient::Lenient`]
//!   has one method, `from_json(Value) -> Result<Self, String>`, and a constant saying
//!   whether `""` means `None`. `null` for a non-`Option` type is an error.
//! - **Endpoints.** Overrides, catalog URLs, templates and per-request base URLs are all
//!   cut at their first path segment that looks like a version (`v1`, `v2.1`) or like the
//!   project id (`{project_id}`, `$(tenant_id)s`, or the literal id). Spec paths are
//!   absolute from the host. What stays before the cut is kept as a prefix (a proxy's
//!   `/otc`, a mock server's `/mock`) and is not added twice when the path already starts
//!   with it. So the catalog's `https://as.../autoscaling-api/v1/$(tenant_id)s` plus the
//!   path `/autoscaling-api/v1/...` gives the right URL. Overrides are keyed by
//!   [`ServiceInfo::name`] or [`ServiceInfo::catalog_type`] (as `clouds.yaml`'s
//!   `image_endpoint_override` is). In the catalog, the public endpoint whose `region` or
//!   `region_id` is the configured region wins, then one marked `*`. When no endpoint can
//!   be found, [`ConfigError::NoEndpoint`] names the service and says what was tried.
//! - **Tokens.** The cache sits behind an async mutex that every clone of the client
//!   shares. Only one IAM request runs at a time. Callers waiting while that request fails
//!   get its error rather than each asking IAM again, because repeated bad logins can lock
//!   an IAM user. A token is renewed when less than
//!   [`ClientBuilder::token_renew_before`] remains (5 minutes by default), judged by an
//!   injectable [`Clock`]. The margin is clamped to half the token's lifetime (as
//!   keystoneauth does), so a token that lives shorter than twice the margin still serves
//!   half its life. After a 401 from a service the token is dropped (only if it is
//!   still the cached one, so concurrent 401s cause one renewal), a new one is obtained,
//!   and the request is sent once more; a second 401 is returned. [`Auth::Token`] cannot
//!   be renewed and has no catalog, so configure a project id and a region (or endpoints)
//!   with it. With a password identity scoped by id, [`Client::project_id`] answers
//!   without calling IAM. IAM answers other than 2xx become [`AuthError::Rejected`],
//!   carrying IAM's parsed error. A token answer without `X-Subject-Token`, or with an
//!   unreadable body or `expires_at`, is [`AuthError::InvalidResponse`].
//! - **Credentials go to the cloud's own endpoints only.** The token, the AK/SK signature
//!   and their headers are added when the URL comes from the catalog, an override or the
//!   template, and the operation uses the cloud's auth ([`Request::sends_credentials`]). A
//!   [`Request::base_url`] (MRS Manager: an address the caller names) gets none, and
//!   [`Request::without_cloud_auth`] (spec `auth: none`) turns them off and skips the login.
//! - **Auth is an internal enum** (`Authenticator`: none, static token, password, AK/SK)
//!   behind the `#[non_exhaustive]` configuration enum [`Auth`].
//! - **AK/SK signing** ([`Auth::AkSk`], [`AkSkAuth`]) lives in [`signer`]: a pure
//!   function of method, URL, headers, body, date and credentials that returns the headers
//!   to add (`X-Sdk-Date`, `Host`, `X-Project-Id`, `X-Security-Token`,
//!   `X-Sdk-Content-Sha256`, `Authorization`) and the URL to send, whose query is in the
//!   canonical order that was signed. The client signs every attempt afresh with the date
//!   of its [`Clock`]. The project id is [`AkSkAuth::project_id`], else
//!   [`ClientBuilder::project_id`], else looked up once from IAM by
//!   [`AkSkAuth::project_name`] (a signed `GET /v3/projects?name=…`). Requests marked
//!   [`Request::domain_scoped`] (global services, spec `auth: domain`) carry
//!   `X-Domain-Id` ([`AkSkAuth::domain_id`], else looked up once with a signed
//!   `GET /v3/auth/domains`) instead of `X-Project-Id`. A 401 is returned as it is (there is nothing to renew).
//! - **Retries** ([`RetryPolicy`]): connection failures, attempt timeouts and the answers
//!   429, 502, 503 and 504, for GET, HEAD, PUT and DELETE and for requests marked
//!   [`Request::retry_safe`]. By default 4 attempts in all, waits of 0.5 s doubling up to
//!   10 s, plus up to as much again in jitter (delays from `backon`). The wait is never
//!   shorter than `Retry-After` (seconds or an HTTP date); a `Retry-After` above 60 s, or a
//!   wait that would pass the operation deadline, ends the retries. The error returned
//!   then is the last one, whole ([`ServiceError`] with status, code, message, request id
//!   and headers), and [`Error::attempts`] says how many attempts were made (its `Display`
//!   ends with `, after 3 attempts`). The waits go through an injectable [`Sleeper`] so
//!   tests need not wait. The retry after a 401 with a fresh token is part of one attempt.
//!   IAM token requests are retried by the same policy and rules (connection failures,
//!   timeouts, 429, 502, 503, 504); an IAM refusal (401, 400) never is.
//! - **Timeouts.** Connect 10 s ([`ClientBuilder::connect_timeout`]), one attempt 60 s
//!   ([`ClientBuilder::attempt_timeout`]: one HTTP exchange, enforced by the client for any
//!   [`Transport`], and for IAM token requests), the whole call 5 minutes
//!   ([`ClientBuilder::operation_timeout`]: authentication, attempts and waits). A timeout
//!   is [`Error::Transport`] of kind [`TransportErrorKind::Timeout`] whose message says
//!   which limit struck.
//! - **Paging** ([`paging`]): [`paging::Pages`] fetches pages lazily from a
//!   `fetch(cursor)` closure and an `advance(&page, &cursor)` function, with an inherent
//!   async `next()` (no trait import) and a `futures_core::Stream` implementation;
//!   [`paging::next_offset`], [`paging::next_page`] and [`paging::next_marker`] cover the
//!   AS/MRS offset, MRS v1 page-number and IMS/Glance marker styles. Paging stops at the
//!   first error and when a cursor comes back that was already fetched.
//! - **Transport.** [`ReqwestTransport`] is reqwest 0.13 on rustls. The `ring` provider
//!   and the platform verifier are passed in a preconfigured `rustls::ClientConfig`, so no
//!   process-wide default provider is installed and neither aws-lc nor OpenSSL is built.
//!   Extra CAs, a client certificate and `verify: false` are
//!   [`ClientBuilder::ca_certificate_file`], [`ClientBuilder::client_certificate_files`] and
//!   [`ClientBuilder::verify_certificates`] (clouds.yaml `cacert`, `cert`, `key`, `verify`;
//!   `OS_CACERT`, `OS_CERT`, `OS_KEY`); proxies come from `HTTPS_PROXY` / `NO_PROXY`.
//!   Redirects are not followed: `X-Auth-Token` is a custom header that reqwest would carry
//!   to another host. Every request gets `Accept: application/json` and a `User-Agent`
//!   unless it sets them. Another HTTP stack plugs in through [`Transport`], which receives
//!   a [`TransportRequest`] (method, URL parsed once by the client, headers with
//!   credentials, body; [`TransportRequest::into_http`] for stacks built on `http` types).
//! - **Tracing.** One span `otc_request` per call (target `otc_runtime`, level debug) with
//!   `service`, `operation` and `method`, and `attempt`, `status` and `request_id`
//!   recorded as they become known; events inside it for each answer, failed attempt,
//!   retry (with the delay and the reason) and the final error.
//! - **Secrets.** Passwords, tokens, secret keys and security tokens are held only in
//!   [`Secret`] or in `HeaderValue`s marked sensitive. `Debug` of the client, the
//!   configuration, requests, responses and errors masks `X-Auth-Token`,
//!   `X-Subject-Token`, `X-Security-Token`, `Authorization` and cookie headers. Parameters
//!   generated code adds with [`Request::secret_query`], [`Request::secret_path_param`] and
//!   [`Request::secret_header`] (spec `secret: true`) are masked wherever a URL or request is
//!   shown: transport errors, `Debug`, and tracing at every level. Tracing
//!   events log service, operation, method, URL, status, code, request id and timings,
//!   never headers or bodies.
//! - **Service errors** keep the headers (e.g. `Retry-After` on a 429) besides status,
//!   code, message, request id and raw body. `Display` reads
//!   `as.list_scaling_groups: HTTP 400 AS.2007: The AS group name is invalid. (request id …)`
//!   and shows a one-line excerpt of the body when neither code nor message was found.
//! - **Waiters** ([`waiter`]): the polling loop behind the generated `wait_<name>(…)`
//!   methods. Exponential backoff between polls, an overall deadline, cancellation by
//!   dropping the future, and a [`waiter::WaitError`] that keeps the last state seen, the
//!   failure reason, the number of polls and the time taken.
//! - **Fake cloud** (`fake`, feature `fake`): a wiremock server that answers IAM logins and
//!   the operations a test set answers for, for tests of code that uses the generated
//!   clients. Generated crates wrap it in a typed `fake` module (their own feature `fake`).

#![doc = include_str!("../CONFIGURATION.md")]
#![warn(missing_docs)]

mod auth;
mod client;
mod clock;
pub mod config;
mod config_error;
pub mod de;
mod decode_error;
pub mod empty;
mod endpoint;
mod error;
mod error_body;
mod error_code;
mod error_doc;
#[cfg(feature = "fake")]
pub mod fake;
mod json_path;
pub mod lenient;
pub mod paging;
mod param;
mod redact;
mod request;
mod request_op;
mod response;
mod retry;
mod secret;
mod service;
mod service_error;
mod setters;
mod sleep;
pub mod string_enum;
mod tls;
mod transport;
pub mod waiter;

pub use auth::signer;
pub use auth::{AkSkAuth, Auth, AuthError, PasswordAuth, ProjectScope};
pub use client::{Client, ClientBuilder};
pub use clock::{Clock, SystemClock};
pub use config::{CloudConfig, ConfigLoader};
pub use config_error::ConfigError;
pub use decode_error::{DecodeError, DecodeLocation};
pub use error::{Error, ServiceErrorCode, UnknownCode};
pub use error_body::{Envelope, ParsedError, parse_error_body, request_id};
pub use error_doc::{ErrorDoc, ErrorTable};
/// `serde::Deserialize` for a struct read from a JSON object, in less code than serde's
/// derive: see [`de`].
pub use otc_runtime_derive::Decode;
pub use param::ParamValue;
pub use request::{Request, RequestError, encode_component};
pub use response::{
    FromHeaders, HeaderError, RawResponse, Response, header_parse, header_required, header_secret,
    header_string,
};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use service::ServiceInfo;
pub use service_error::ServiceError;
pub use sleep::{Sleeper, TokioSleeper};
pub use string_enum::UnknownValue;
pub use transport::{
    ReqwestTransport, ReqwestTransportBuilder, Transport, TransportError, TransportErrorKind,
    TransportRequest,
};

/// Re-exported so generated code and custom transports use the same versions.
pub use bytes;
/// Re-exported so generated code and custom transports use the same versions.
pub use http;
/// Re-exported so generated code needs no dependency but `otc-runtime`: its derives say
/// `#[serde(crate = "::otc_runtime::serde")]`.
pub use serde;
/// Re-exported so generated code needs no dependency but `otc-runtime` (`json` fields are
/// `otc_runtime::serde_json::Value`, the same type as `serde_json::Value`).
pub use serde_json;
/// Re-exported so custom transports use the same version ([`TransportRequest::url`]).
pub use url;

/// Includes the code that `otc_codegen::Builder` wrote for service `name` into `OUT_DIR`
/// (the file `otc_<name>.rs`, `-` in the name written `_`), in any module:
///
/// ```ignore
/// pub mod dns {
///     otc_runtime::include_service!("dns");
/// }
/// ```
#[macro_export]
macro_rules! include_service {
    ($name:literal) => {
        include!(concat!(env!("OUT_DIR"), "/otc_", $name, ".rs"));
    };
}
