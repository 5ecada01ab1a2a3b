//! What goes on the wire: percent-encoded path segments, repeated query keys, booleans,
//! headers and bodies, as a loopback server receives them through the default transport.

mod common;

use common::*;
use otc_runtime as rt;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn received(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request expected");
    requests.remove(0)
}

#[tokio::test]
async fn path_params_stay_one_segment_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .endpoint("ims", server.uri())
        .build()
        .unwrap();
    let mut req = rt::Request::new(http::Method::GET, &IMS, "show_image");
    req.path_literal("/v2/images/");
    req.path_param("a/b c?ä%#x");
    req.path_literal("/members/");
    req.path_param(&rt::ParamValue::to_param(&42u64));
    client.execute::<String>(req).await.unwrap();

    let got = received(&server).await;
    assert_eq!(
        got.url.path(),
        "/v2/images/a%2Fb%20c%3F%C3%A4%25%23x/members/42"
    );
    assert_eq!(got.url.query(), None);
    let segments: Vec<_> = got.url.path_segments().unwrap().collect();
    assert_eq!(segments.len(), 5, "{segments:?}");
}

#[tokio::test]
async fn query_keys_repeat_and_booleans_are_words() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("enabled", "true"))
        .and(query_param("name", "web server/ä"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .build()
        .unwrap();
    let mut req = list_groups();
    req.query("tag", "a");
    req.query("tag", "b&c=d");
    req.query("enabled", &rt::ParamValue::to_param(&true));
    req.query("name", "web server/ä");
    req.query("limit", &rt::ParamValue::to_param(&20i32));
    client.execute::<String>(req).await.unwrap();

    let got = received(&server).await;
    assert_eq!(
        got.url.query(),
        Some("tag=a&tag=b%26c%3Dd&enabled=true&name=web%20server%2F%C3%A4&limit=20")
    );
    let tags: Vec<_> = got
        .url
        .query_pairs()
        .filter(|(k, _)| k == "tag")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(tags, ["a", "b&c=d"]);
}

#[tokio::test]
async fn headers_and_json_body_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v2/images/img-1"))
        .and(header(
            "Content-Type",
            "application/openstack-images-v2.1-json-patch",
        ))
        .and(header("X-Language", "en-us"))
        .and(header("Accept", "application/json"))
        .and(body_json(
            json!([{"op": "replace", "path": "/name", "value": "ä"}]),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "img-1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .endpoint("ims", server.uri())
        .build()
        .unwrap();
    let mut req = rt::Request::new(http::Method::PATCH, &IMS, "update_image");
    req.path_literal("/v2/images/");
    req.path_param("img-1");
    req.header("X-Language", "en-us");
    req.json(
        &json!([{"op": "replace", "path": "/name", "value": "ä"}]),
        "application/openstack-images-v2.1-json-patch",
    )
    .unwrap();
    let resp = client.execute::<String>(req).await.unwrap();
    assert_eq!(
        resp.json::<serde_json::Value, String>().unwrap().body["id"],
        "img-1"
    );
    let got = received(&server).await;
    let ua = got.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(ua.starts_with("otc-runtime/"), "{ua}");
}

#[tokio::test]
async fn malformed_requests_fail_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .build()
        .unwrap();

    let mut req = list_groups();
    req.header("X-Custom", "bad\r\nvalue");
    let err = client.execute::<String>(req).await.unwrap_err();
    assert!(
        matches!(&err, rt::Error::Request(rt::RequestError::InvalidHeader { name, .. }) if name == "X-Custom"),
        "{err:?}"
    );

    let mut req = rt::Request::new(http::Method::DELETE, &AS, "delete_scaling_group");
    req.path_literal("/autoscaling-api/v1/p/scaling_group/");
    req.path_param("");
    let err = client.execute::<String>(req).await.unwrap_err();
    assert!(
        matches!(
            err,
            rt::Error::Request(rt::RequestError::InvalidPathParam { .. })
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_groups_path()))
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", "http://127.0.0.1:1/elsewhere"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .auth(rt::Auth::Token(rt::Secret::new("tok")))
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    assert_eq!(err.status(), Some(302));
}

#[tokio::test]
async fn connection_failure_is_a_transport_error_naming_method_and_url() {
    // Bind and drop a listener to get a port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = rt::Client::builder()
        .endpoint("as", format!("http://127.0.0.1:{port}"))
        .retry(rt::RetryPolicy::never()) // retries: see retries.rs
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    let rt::Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind(), rt::TransportErrorKind::Connect);
    assert_eq!(t.method(), http::Method::GET);
    assert_eq!(
        t.url(),
        format!("http://127.0.0.1:{port}{}", list_groups_path())
    );
    assert!(
        err.to_string()
            .starts_with(&format!("GET http://127.0.0.1:{port}/")),
        "{err}"
    );
}

#[tokio::test]
async fn request_timeout_is_a_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .timeout(Some(std::time::Duration::from_millis(200)))
        .retry(rt::RetryPolicy::never()) // retries: see retries.rs
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    assert!(
        matches!(&err, rt::Error::Transport(t) if t.kind() == rt::TransportErrorKind::Timeout),
        "{err:?}"
    );
}
