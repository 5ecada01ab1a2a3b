//! The short forms generated `send` methods use: a request from the operation's documented
//! line (`"GET /v1/{project_id}/groups/{id}"`), and parameters added from their stored form
//! (`Option<T>`, `Vec<T>`) in one call each.

use http::Method;

use crate::param::ParamValue;
use crate::request::{Request, RequestError};
use crate::service::ServiceInfo;

impl Request {
    /// A request for `operation` whose method and path come from `line`, the operation as the
    /// API reference writes it: `"DELETE /autoscaling-api/v1/{project_id}/scaling_group/{id}"`.
    /// Each `{…}` of the path takes the next of `path_params`, percent-encoded as exactly one
    /// segment as [`Request::path_param`] does; `success` are the documented statuses
    /// ([`Request::success`]).
    ///
    /// A line without a known method, or with fewer `path_params` than placeholders, makes
    /// [`Client::execute`](crate::Client::execute) fail with [`RequestError::InvalidUrl`]
    /// before anything is sent.
    pub fn op(
        service: &'static ServiceInfo,
        operation: &'static str,
        line: &'static str,
        success: &'static [u16],
        path_params: &[&dyn ParamValue],
    ) -> Self {
        // Byte scans rather than `str::find`: the lines are short, and a plain loop costs a
        // few hundred instructions less per call than the searcher (callgrind, bench/callgrind.sh).
        let space = line.bytes().position(|b| b == b' ');
        let (method, path) = match space {
            Some(at) => (&line[..at], &line[at + 1..]),
            None => (line, ""),
        };
        let known = method_named(method);
        let mut request = Request::new(known.clone().unwrap_or(Method::GET), service, operation);
        request.success(success);
        if known.is_none() {
            request.refuse(format!("unknown method in {line:?}"));
        }
        let mut values = path_params.iter();
        let mut rest = path;
        while let Some(open) = rest.bytes().position(|b| b == b'{') {
            request.path_literal(&rest[..open]);
            let Some(close) = rest.as_bytes()[open..].iter().position(|&b| b == b'}') else {
                request.refuse(format!("unclosed `{{` in {line:?}"));
                return request;
            };
            match values.next() {
                Some(value) => request.path_param(&value.to_param()),
                None => {
                    request.refuse(format!(
                        "no value for {} in {line:?}",
                        &rest[open..=open + close]
                    ));
                    return request;
                }
            }
            rest = &rest[open + close + 1..];
        }
        request.path_literal(rest);
        request
    }

    /// Adds the query pair `key=value` (a required parameter).
    pub fn query_param<T: ParamValue + ?Sized>(&mut self, key: &str, value: &T) {
        self.query(key, &value.to_param());
    }

    /// Adds the query pair when the optional parameter is set.
    pub fn query_opt<T: ParamValue>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.query(key, &value.to_param());
        }
    }

    /// Adds one `key=value` pair per value, in order.
    pub fn query_each<T: ParamValue>(&mut self, key: &str, values: &[T]) {
        for value in values {
            self.query(key, &value.to_param());
        }
    }

    /// Sets the header (a required parameter); see [`Request::header`].
    pub fn header_param<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.header(name, &value.to_param());
    }

    /// Sets the header when the optional parameter is set; see [`Request::header`].
    pub fn header_opt<T: ParamValue>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.header(name, &value.to_param());
        }
    }

    fn refuse(&mut self, reason: String) {
        let operation = self.operation();
        self.set_problem(RequestError::InvalidUrl { operation, reason });
    }
}

/// The method of an operation line; `None` for a name HTTP does not define here.
fn method_named(name: &str) -> Option<Method> {
    Some(match name {
        "GET" => Method::GET,
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        "DELETE" => Method::DELETE,
        "PATCH" => Method::PATCH,
        "HEAD" => Method::HEAD,
        "OPTIONS" => Method::OPTIONS,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::tests::SVC;

    #[test]
    fn the_line_gives_method_and_path_with_encoded_segments() {
        let id = String::from("a b/c");
        let r = Request::op(
            &SVC,
            "delete_group",
            "DELETE /autoscaling-api/v1/{project_id}/scaling_group/{scaling_group_id}",
            &[204],
            &[&"p1", &id],
        );
        assert_eq!(*r.method(), Method::DELETE);
        assert_eq!(r.path(), "/autoscaling-api/v1/p1/scaling_group/a%20b%2Fc");
        assert_eq!(r.success_statuses(), &[204]);
        assert!(r.problem().is_none());
    }

    #[test]
    fn a_path_with_nothing_after_the_last_placeholder_or_no_placeholder() {
        let r = Request::op(&SVC, "get_version", "GET /{api_version}", &[200], &[&"v1"]);
        assert_eq!((r.method(), r.path()), (&Method::GET, "/v1"));
        let r = Request::op(&SVC, "list_versions", "GET /", &[200], &[]);
        assert_eq!(r.path(), "/");
        assert!(r.problem().is_none());
    }

    #[test]
    fn empty_and_dot_values_are_still_refused() {
        let r = Request::op(&SVC, "get", "GET /v1/{id}", &[200], &[&".."]);
        assert!(matches!(
            r.problem(),
            Some(RequestError::InvalidPathParam { index: 0, .. })
        ));
    }

    #[test]
    fn missing_values_and_unknown_methods_are_problems_not_panics() {
        let r = Request::op(&SVC, "get", "GET /v1/{a}/{b}", &[200], &[&"x"]);
        let Some(RequestError::InvalidUrl { reason, .. }) = r.problem() else {
            panic!("expected InvalidUrl, got {:?}", r.problem());
        };
        assert!(reason.contains("{b}"), "{reason}");
        let r = Request::op(&SVC, "get", "FETCH /v1", &[200], &[]);
        assert!(matches!(r.problem(), Some(RequestError::InvalidUrl { .. })));
        let r = Request::op(&SVC, "get", "GET /v1/{a", &[200], &[&"x"]);
        assert!(matches!(r.problem(), Some(RequestError::InvalidUrl { .. })));
    }

    #[test]
    fn optional_and_repeated_parameters() {
        let mut r = Request::op(&SVC, "list", "GET /v1/groups", &[200], &[]);
        r.query_opt("limit", &Some(20u32));
        r.query_opt::<String>("marker", &None);
        r.query_each("tag", &["a".to_owned(), "b c".to_owned()]);
        r.query_param("start", &0i64);
        r.header_opt("X-Language", &Some("en-us"));
        r.header_opt::<String>("X-Other", &None);
        r.header_param("X-Count", &3u8);
        assert_eq!(r.query_string(), "limit=20&tag=a&tag=b%20c&start=0");
        assert_eq!(r.headers().len(), 2);
        assert_eq!(r.headers()["x-language"], "en-us");
        assert_eq!(r.headers()["x-count"], "3");
    }
}
