//! [`WireRecorder`]: a transport that records every request the client sends (method, URL,
//! headers) and passes it on over the default HTTP transport, with chosen origins redirected
//! to local servers. Tests read from it which host got which header.

use std::sync::Mutex;

use otc_runtime::bytes::Bytes;
use otc_runtime::http::{HeaderMap, Method};
use otc_runtime::url::Url;
use otc_runtime::{ReqwestTransport, Transport, TransportError, TransportRequest};

/// One request as it left the client.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The method.
    pub method: Method,
    /// The URL the client addressed (before any redirection to a local server).
    pub url: Url,
    /// The headers, credentials included.
    pub headers: HeaderMap,
}

impl Seen {
    /// `host[:port]` of the URL the client addressed.
    pub fn origin(&self) -> String {
        match (self.url.host_str(), self.url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => String::new(),
        }
    }

    /// Whether the request carries any of the cloud's credentials: a token, an AK/SK
    /// signature or the headers that come with one.
    pub fn has_credentials(&self) -> bool {
        [
            "x-auth-token",
            "authorization",
            "x-security-token",
            "x-project-id",
            "x-domain-id",
            "x-sdk-date",
        ]
        .iter()
        .any(|name| self.headers.contains_key(*name))
    }
}

/// Records every request and sends it on; requests to a redirected origin go to another base.
#[derive(Debug)]
pub struct WireRecorder {
    inner: ReqwestTransport,
    /// (`scheme://host:port` as addressed, base URL it is sent to instead).
    routes: Vec<(String, String)>,
    seen: Mutex<Vec<Seen>>,
}

impl WireRecorder {
    /// A recorder that sends everything where it is addressed.
    pub fn new() -> WireRecorder {
        let inner = match ReqwestTransport::new() {
            Ok(t) => t,
            Err(e) => panic!("the default transport builds: {e}"),
        };
        WireRecorder {
            inner,
            routes: Vec::new(),
            seen: Mutex::new(Vec::new()),
        }
    }

    /// Sends requests addressed to `origin` (`https://192.0.2.10:28443`) to `to` instead
    /// (`http://127.0.0.1:41234`), path and query kept.
    pub fn route(mut self, origin: &str, to: &str) -> WireRecorder {
        self.routes.push((
            origin.trim_end_matches('/').to_owned(),
            to.trim_end_matches('/').to_owned(),
        ));
        self
    }

    /// Every request so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Default for WireRecorder {
    fn default() -> Self {
        WireRecorder::new()
    }
}

#[async_trait::async_trait]
impl Transport for WireRecorder {
    async fn send(
        &self,
        req: TransportRequest,
    ) -> Result<otc_runtime::http::Response<Bytes>, TransportError> {
        if let Ok(mut seen) = self.seen.lock() {
            seen.push(Seen {
                method: req.method().clone(),
                url: req.url().clone(),
                headers: req.headers().clone(),
            });
        }
        let (method, url, headers, body) = req.into_parts();
        let origin = url.origin().ascii_serialization();
        let url = match self.routes.iter().find(|(from, _)| *from == origin) {
            Some((_, to)) => {
                let rest = &url.as_str()[origin.len()..];
                match Url::parse(&format!("{to}{rest}")) {
                    Ok(u) => u,
                    Err(e) => panic!("routed URL {to}{rest}: {e}"),
                }
            }
            None => url,
        };
        self.inner
            .send(TransportRequest::new(method, url, headers, body))
            .await
    }
}
