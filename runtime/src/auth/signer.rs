//! AK/SK request signing (`SDK-HMAC-SHA256`), as the reference signer of the Huawei Cloud
//! SDKs does it, as a pure function of the request and a date: no clock, no I/O.
//!
//! [`sign`] takes the method, URL, headers and body of a request that is ready to go, the
//! date to sign with and the credentials, and returns the headers to add and the URL to
//! send (the query re-ordered into the canonical order, so that what is signed is what is
//! sent). The steps:
//!
//! 1. `X-Project-Id` (when the credentials carry a project id) and `X-Security-Token` (for
//!    temporary credentials) are added unless present.
//! 2. A `Content-Type` that does not start with `application/json` or `application/bson`
//!    adds `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (the body is then not hashed).
//! 3. `X-Sdk-Date: YYYYMMDDTHHMMSSZ` (UTC) and `Host` (with `:port` unless default) are
//!    added unless present; a preset `X-Sdk-Date` is what gets signed.
//! 4. Signed headers: every header whose name has no `_`, lower-cased, sorted, `;`-joined.
//! 5. Canonical URI: the path decoded, split on `/`, each piece percent-encoded
//!    (unreserved characters and `~` kept, upper-case hex), joined, ending with `/`.
//! 6. Canonical query: the pairs decoded, sorted by key then value, each `enc(k)=enc(v)`,
//!    joined by `&`; a repeated key appears once per value, an empty value as `k=`.
//! 7. Canonical request `METHOD\nURI\nQUERY\nHEADERS\nSIGNED\nHASH`, string to sign
//!    `SDK-HMAC-SHA256\n<date>\n<hex SHA-256 of the canonical request>`, signature the
//!    lower-case hex HMAC-SHA256 of it keyed with the SK, and
//!    `Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<signed>, Signature=<sig>`.

use std::fmt;
use std::time::SystemTime;

use hmac::{KeyInit, Mac};
use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};

use super::AkSkAuth;
use crate::redact::RedactedHeaders;
use crate::request::encode_component;

/// The signing algorithm's name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// Header carrying the signing date, `YYYYMMDDTHHMMSSZ`.
pub const SDK_DATE_HEADER: &str = "x-sdk-date";
/// Header that replaces the body hash (`UNSIGNED-PAYLOAD` for non-JSON bodies).
pub const CONTENT_SHA256_HEADER: &str = "x-sdk-content-sha256";
/// Header naming the project of a project-scoped call.
pub const PROJECT_ID_HEADER: &str = "x-project-id";
/// Header carrying the security token of temporary credentials.
pub const SECURITY_TOKEN_HEADER: &str = "x-security-token";
/// The value of [`CONTENT_SHA256_HEADER`] for bodies that are not hashed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

type HmacSha256 = hmac::Hmac<Sha256>;

/// The outcome of [`sign`].
#[derive(Clone)]
pub struct Signed {
    /// The headers to add to the request: those of the steps above that were not present,
    /// and `Authorization`. `Authorization` and `X-Security-Token` are marked sensitive.
    pub headers: HeaderMap,
    /// The URL to send: the given URL with its query in canonical order (path unchanged).
    pub url: String,
    /// The signed header names, `;`-joined.
    pub signed_headers: String,
    /// The canonical request. It contains the signed header values, the security token
    /// included: do not log it.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
}

impl fmt::Debug for Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("headers", &RedactedHeaders(&self.headers))
            .field("url", &self.url)
            .field("signed_headers", &self.signed_headers)
            .finish_non_exhaustive()
    }
}

/// Why a request could not be signed. Never contains a key or a header value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The URL is not an absolute `http(s)` URL with a host.
    #[error("cannot sign a request to {url}: {reason}")]
    InvalidUrl {
        /// The URL, with any user information removed.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A header value to be signed is not visible ASCII/UTF-8 text.
    #[error("cannot sign header {0}: its value is not text")]
    HeaderNotText(String),
    /// A credential (access key, project id, security token) cannot go in a header.
    #[error("the AK/SK credentials are unusable: {0}")]
    InvalidCredentials(&'static str),
}

/// Signs a request with AK/SK: see the [module docs](self) for every step.
///
/// `url` is the full URL (`https://host[:port]/path?query`), `headers` the headers the
/// request will carry (without the ones this adds), `body` its body (empty for none) and
/// `date` the signing time (ignored when `headers` has `X-Sdk-Date`).
pub fn sign(
    method: &Method,
    url: &str,
    headers: &HeaderMap,
    body: &[u8],
    date: SystemTime,
    credentials: &AkSkAuth,
) -> Result<Signed, SignError> {
    let parts = UrlParts::parse(url)?;
    let mut added = HeaderMap::new();
    if let Some(project_id) = &credentials.project_id {
        add_missing(headers, &mut added, PROJECT_ID_HEADER, project_id, false)?;
    }
    if let Some(token) = &credentials.security_token {
        add_missing(
            headers,
            &mut added,
            SECURITY_TOKEN_HEADER,
            token.expose(),
            true,
        )?;
    }
    if let Some(content_type) = headers.get(CONTENT_TYPE) {
        let ct = content_type.as_bytes();
        if !starts_with_ignore_case(ct, b"application/json")
            && !starts_with_ignore_case(ct, b"application/bson")
        {
            add_missing(
                headers,
                &mut added,
                CONTENT_SHA256_HEADER,
                UNSIGNED_PAYLOAD,
                false,
            )?;
        }
    }
    add_missing(
        headers,
        &mut added,
        SDK_DATE_HEADER,
        &format_sdk_date(date),
        false,
    )?;
    add_missing(
        headers,
        &mut added,
        HOST.as_str(),
        &parts.host_header,
        false,
    )?;

    let all = headers.iter().chain(added.iter());
    let canonical = canonical_headers(all)?;
    let signed_headers = canonical
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let header_block: String = canonical
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect();
    let value_of = |name: &str| {
        canonical
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let payload_hash = match value_of(CONTENT_SHA256_HEADER) {
        Some(v) => v.to_owned(),
        None => hex::encode(Sha256::digest(body)),
    };
    let sdk_date = value_of(SDK_DATE_HEADER).unwrap_or_default().to_owned();
    let canonical_query = canonical_query(parts.query);
    let canonical_request = format!(
        "{method}\n{uri}\n{canonical_query}\n{header_block}\n{signed_headers}\n{payload_hash}",
        method = method.as_str(),
        uri = canonical_uri(parts.path),
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac = HmacSha256::new_from_slice(credentials.secret_key.expose().as_bytes())
        .map_err(|_| SignError::InvalidCredentials("the secret key cannot key an HMAC"))?;
    mac.update(string_to_sign.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());
    let authorization = format!(
        "{ALGORITHM} Access={}, SignedHeaders={signed_headers}, Signature={signature}",
        credentials.access_key
    );
    let mut authorization = HeaderValue::from_str(&authorization).map_err(|_| {
        SignError::InvalidCredentials("the access key contains characters not allowed in a header")
    })?;
    authorization.set_sensitive(true);
    added.insert(AUTHORIZATION, authorization);

    let mut url = format!("{}{}", parts.origin, parts.path);
    if !canonical_query.is_empty() {
        url.push('?');
        url.push_str(&canonical_query);
    }
    Ok(Signed {
        headers: added,
        url,
        signed_headers,
        canonical_request,
        string_to_sign,
    })
}

/// Adds `name: value` to `added` unless `headers` already has `name`.
fn add_missing(
    headers: &HeaderMap,
    added: &mut HeaderMap,
    name: &'static str,
    value: &str,
    sensitive: bool,
) -> Result<(), SignError> {
    if headers.contains_key(name) {
        return Ok(());
    }
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        SignError::InvalidCredentials(match name {
            PROJECT_ID_HEADER => "the project id contains characters not allowed in a header",
            SECURITY_TOKEN_HEADER => {
                "the security token contains characters not allowed in a header"
            }
            _ => "a generated header value is invalid",
        })
    })?;
    value.set_sensitive(sensitive);
    added.insert(HeaderName::from_static(name), value);
    Ok(())
}

fn starts_with_ignore_case(value: &[u8], prefix: &[u8]) -> bool {
    value.len() >= prefix.len() && value[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// `YYYYMMDDTHHMMSSZ` in UTC.
pub fn format_sdk_date(date: SystemTime) -> String {
    let dt = time::OffsetDateTime::from(date);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// The signed headers: `(lower-case name, trimmed value)` for every header whose name has
/// no `_`, sorted by name. Several values of one name are joined with `,`.
fn canonical_headers<'a>(
    headers: impl Iterator<Item = (&'a HeaderName, &'a HeaderValue)>,
) -> Result<Vec<(String, String)>, SignError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        let name = name.as_str(); // `HeaderName`s are lower-case already
        if name.contains('_') {
            continue;
        }
        let value = std::str::from_utf8(value.as_bytes())
            .map_err(|_| SignError::HeaderNotText(name.to_owned()))?
            .trim();
        match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(value);
            }
            None => out.push((name.to_owned(), value.to_owned())),
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The canonical URI of an (encoded) path: decoded, split on `/`, each piece encoded,
/// joined, with a trailing `/`.
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded
        .split('/')
        .map(encode_component)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The canonical query of an (encoded) query string without `?`: pairs decoded, sorted by
/// key then value, re-encoded, joined by `&`. A pair without `=` has an empty value.
pub fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The pieces of a URL the signer needs.
struct UrlParts<'a> {
    /// `scheme://authority` as given.
    origin: &'a str,
    /// The `Host` header value: host, plus `:port` unless it is the scheme's default.
    host_header: String,
    /// The path as given (encoded), `/` when empty.
    path: &'a str,
    /// The query without `?` (encoded), empty when absent.
    query: &'a str,
}

impl<'a> UrlParts<'a> {
    fn parse(url: &'a str) -> Result<Self, SignError> {
        let invalid = |reason: &str| SignError::InvalidUrl {
            url: crate::redact::redact_url(url),
            reason: reason.to_owned(),
        };
        let url = url.split('#').next().unwrap_or(url);
        let scheme_end = url.find("://").ok_or_else(|| invalid("not absolute"))?;
        let scheme = &url[..scheme_end];
        let default_port = if scheme.eq_ignore_ascii_case("https") {
            443
        } else if scheme.eq_ignore_ascii_case("http") {
            80
        } else {
            return Err(invalid("the scheme must be https or http"));
        };
        let rest = &url[scheme_end + 3..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if authority.contains('@') {
            return Err(invalid("user information in the URL is not supported"));
        }
        let parsed: http::uri::Authority = authority
            .parse()
            .map_err(|_| invalid("invalid host or port"))?;
        if parsed.host().is_empty() {
            return Err(invalid("no host"));
        }
        let host_header = match parsed.port_u16() {
            Some(port) if port != default_port => format!("{}:{port}", parsed.host()),
            _ => parsed.host().to_owned(),
        };
        let origin = &url[..scheme_end + 3 + authority_end];
        let after = &rest[authority_end..];
        let (path, query) = after.split_once('?').unwrap_or((after, ""));
        Ok(Self {
            origin,
            host_header,
            path: if path.is_empty() { "/" } else { path },
            query,
        })
    }
}
