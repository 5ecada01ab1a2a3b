//! Keeping secrets out of `Debug` output, errors and logs.

use std::fmt;

use http::HeaderMap;

/// Header names whose values are credentials and are always shown as `***`.
const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-auth-token",
    "x-subject-token",
    "x-security-token",
    "cookie",
    "set-cookie",
];

/// Whether a header carries a credential, by name.
pub(crate) fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HEADERS
        .iter()
        .any(|s| s.eq_ignore_ascii_case(name))
}

/// `Debug` for a header map that prints credentials as `***`.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if value.is_sensitive() || is_sensitive_header(name.as_str()) {
                map.entry(&name.as_str(), &"***");
            } else {
                map.entry(&name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
            }
        }
        map.finish()
    }
}

/// A URL with any `user:password@` part removed, for errors and logs.
pub(crate) fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***@{}", &url[..scheme_end + 3], &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// A short, single-line excerpt of a body for error messages: lossy UTF-8, whitespace runs
/// collapsed, cut at `max` characters.
pub(crate) fn body_excerpt(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count >= max {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_removed_from_urls() {
        assert_eq!(
            redact_url("https://u:p@host:8443/a@b?x=1"),
            "https://***@host:8443/a@b?x=1"
        );
        assert_eq!(redact_url("https://host/a@b"), "https://host/a@b");
        assert_eq!(redact_url("not a url"), "not a url");
    }

    #[test]
    fn excerpt_collapses_whitespace_and_cuts() {
        assert_eq!(
            body_excerpt(b"<html>\n  <b>x</b>\n</html>", 100),
            "<html> <b>x</b> </html>"
        );
        assert_eq!(body_excerpt("äöüäöü".as_bytes(), 3), "äöü…");
        assert_eq!(body_excerpt(b"", 10), "");
        assert_eq!(body_excerpt(&[0xff, b'a'], 10), "\u{fffd}a");
    }

    #[test]
    fn sensitive_headers_are_masked() {
        let mut h = HeaderMap::new();
        h.insert("x-subject-token", "tok-123".parse().unwrap());
        h.insert("X-Auth-Token", "tok-456".parse().unwrap());
        h.insert("x-request-id", "rid".parse().unwrap());
        let shown = format!("{:?}", RedactedHeaders(&h));
        assert!(!shown.contains("tok-"), "{shown}");
        assert!(shown.contains("rid"), "{shown}");
    }
}
