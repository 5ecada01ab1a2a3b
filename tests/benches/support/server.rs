//! A tiny HTTP/1.1 server on loopback for the per-call benches: keep-alive, canned answers
//! rendered once at start, no matching beyond method and path, no logging. It runs on its own
//! thread with its own single-threaded tokio runtime, so its work is on another thread than
//! the client's (callgrind's `--separate-threads=yes` counts them apart).

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A canned answer.
pub struct Route {
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// The path, without the query.
    pub path: String,
    /// Status code.
    pub status: u16,
    /// JSON body.
    pub body: Vec<u8>,
}

/// A running server; it lives until the process ends.
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

/// Starts the server on a free loopback port.
pub fn start(routes: Vec<Route>) -> Server {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds loopback");
    std_listener.set_nonblocking(true).expect("non-blocking");
    let addr: SocketAddr = std_listener.local_addr().expect("address");
    let rendered: Vec<(String, String, Vec<u8>)> = routes
        .into_iter()
        .map(|r| {
            let mut answer = format!(
                "HTTP/1.1 {} OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: req-bench-0001\r\n\r\n",
                r.status,
                r.body.len()
            )
            .into_bytes();
            answer.extend_from_slice(&r.body);
            (r.method.to_owned(), r.path, answer)
        })
        .collect();
    let routes: &'static [(String, String, Vec<u8>)] = Box::leak(rendered.into_boxed_slice());
    std::thread::Builder::new()
        .name("bench-server".into())
        .spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
                .expect("server runtime");
            rt.block_on(async move {
                let listener = TcpListener::from_std(std_listener).expect("tokio listener");
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(serve(stream, routes));
                }
            });
        })
        .expect("server thread");
    Server {
        url: format!("http://{addr}"),
    }
}

const NOT_FOUND: &[u8] =
    b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";

async fn serve(mut stream: TcpStream, routes: &'static [(String, String, Vec<u8>)]) {
    let mut buf: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut chunk = vec![0_u8; 64 * 1024];
    loop {
        // Read until the head is complete.
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut first = lines.next().unwrap_or_default().split(' ');
        let method = first.next().unwrap_or_default();
        let target = first.next().unwrap_or_default();
        let path = target.split('?').next().unwrap_or_default();
        let length: usize = lines
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let answer = routes
            .iter()
            .find(|(m, p, _)| m == method && p == path)
            .map_or(NOT_FOUND, |(_, _, a)| a.as_slice());
        if stream.write_all(answer).await.is_err() {
            return;
        }
        buf.drain(..head_end + length);
    }
}
