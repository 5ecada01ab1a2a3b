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

/// The secret parts of one request's URL: query keys whose values are secret and path
/// segments that are, both as they appear on the wire (percent-encoded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Redaction {
    query_keys: Vec<String>,
    path_segments: Vec<String>,
}

impl Redaction {
    /// Marks the values of query key `key` (not encoded) as secret.
    pub(crate) fn query_key(&mut self, key: &str) {
        let key = crate::request::encode_component(key);
        if !self.query_keys.contains(&key) {
            self.query_keys.push(key);
        }
    }

    /// Marks a path segment (encoded, as in the path) as secret.
    pub(crate) fn path_segment(&mut self, encoded: String) {
        if !encoded.is_empty() && !self.path_segments.contains(&encoded) {
            self.path_segments.push(encoded);
        }
    }

    /// Whether the values of query key `key` (not encoded) are secret.
    pub(crate) fn hides_key(&self, key: &str) -> bool {
        let key = crate::request::encode_component(key);
        self.query_keys.iter().any(|k| k.eq_ignore_ascii_case(&key))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.query_keys.is_empty() && self.path_segments.is_empty()
    }

    /// `url` with user information, secret path segments and secret query values shown as
    /// `***`. The query may be in any order (AK/SK sends it in the canonical order).
    pub(crate) fn url(&self, url: &str) -> String {
        let url = redact_url(url);
        if self.is_empty() {
            return url;
        }
        let (before_fragment, fragment) = match url.find('#') {
            Some(i) => (&url[..i], &url[i..]),
            None => (url.as_str(), ""),
        };
        let (before_query, query) = match before_fragment.find('?') {
            Some(i) => (&before_fragment[..i], Some(&before_fragment[i + 1..])),
            None => (before_fragment, None),
        };
        // The path starts after `scheme://authority`.
        let path_start = before_query
            .find("://")
            .map(|i| i + 3)
            .and_then(|i| before_query[i..].find('/').map(|j| i + j))
            .unwrap_or(before_query.len());
        let mut out = String::with_capacity(url.len());
        out.push_str(&before_query[..path_start]);
        let path = &before_query[path_start..];
        for (i, segment) in path.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            if self.path_segments.iter().any(|s| s == segment) {
                out.push_str("***");
            } else {
                out.push_str(segment);
            }
        }
        if let Some(query) = query {
            out.push('?');
            for (i, pair) in query.split('&').enumerate() {
                if i > 0 {
                    out.push('&');
                }
                let key = pair.split('=').next().unwrap_or_default();
                if self.query_keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                    out.push_str(key);
                    out.push_str("=***");
                } else {
                    out.push_str(pair);
                }
            }
        }
        out.push_str(fragment);
        out
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
    fn secret_query_values_and_path_segments_are_masked_in_any_order() {
        let mut r = Redaction::default();
        r.query_key("new_password");
        r.query_key("old password");
        r.path_segment("s%2F3cret".to_owned());
        assert_eq!(
            r.url("https://u:p@h:28443/web/s%2F3cret/x?old%20password=a%26b&user=bob&new_password=n3w#f"),
            "https://***@h:28443/web/***/x?old%20password=***&user=bob&new_password=***#f"
        );
        // Canonical (AK/SK) order, a repeated key, an empty value, a key without `=`.
        assert_eq!(
            r.url("https://h/p?a=1&new_password=x&new_password=&new_password"),
            "https://h/p?a=1&new_password=***&new_password=***&new_password=***"
        );
        // A value equal to a secret key's name is not a key.
        assert_eq!(
            r.url("https://h/p?q=new_password"),
            "https://h/p?q=new_password"
        );
        assert_eq!(
            Redaction::default().url("https://h/p?a=1"),
            "https://h/p?a=1"
        );
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
