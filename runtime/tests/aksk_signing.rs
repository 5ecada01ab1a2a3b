//! AK/SK signing (`SDK-HMAC-SHA256`): the published worked examples, hand-computed cases for
//! every rule, and signed requests as a loopback server receives them.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::*;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use otc_runtime as rt;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AK: &str = "AKHANDCOMPUTED000001";
const SK: &str = "sk-hand-computed-secret-0000000000000000";
/// 2026-11-23T12:00:00Z, the date of every case.
const DATE_SECS: u64 = 1_795_435_200;

fn date() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(DATE_SECS)
}

fn header_map(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (k, v) in pairs {
        map.insert(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    map
}

/// A case computed by hand (with an independent script following the published steps).
struct Case {
    name: &'static str,
    method: &'static str,
    url: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static [u8],
    project_id: Option<&'static str>,
    security_token: Option<&'static str>,
    /// Lower-case names of the headers the signer must add (besides Authorization).
    added: &'static [&'static str],
    /// The URL to send: query in canonical order.
    wire_url: &'static str,
    canonical_request: &'static str,
    string_to_sign: &'static str,
    authorization: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "query_encoding_and_order",
        method: "GET",
        url: "https://ims.eu-de.otc.t-systems.com/v2/images?name=my%20image&__isregistered=true&limit=2&sort_key=name&%C3%A4=%C3%B6&a%20b=c%2Bd",
        headers: &[("Content-Type", "application/json")],
        body: b"",
        project_id: None,
        security_token: None,
        added: &["host", "x-sdk-date"],
        wire_url: "https://ims.eu-de.otc.t-systems.com/v2/images?__isregistered=true&a%20b=c%2Bd&limit=2&name=my%20image&sort_key=name&%C3%A4=%C3%B6",
        canonical_request: "GET\n/v2/images/\n__isregistered=true&a%20b=c%2Bd&limit=2&name=my%20image&sort_key=name&%C3%A4=%C3%B6\ncontent-type:application/json\nhost:ims.eu-de.otc.t-systems.com\nx-sdk-date:20261123T120000Z\n\ncontent-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        string_to_sign: "SDK-HMAC-SHA256\n20261123T120000Z\nbb3aad6b5976a639a53337204a1d0e8e7bcd43e37d3c6b32ff954152b06bacd4",
        authorization: "SDK-HMAC-SHA256 Access=AKHANDCOMPUTED000001, SignedHeaders=content-type;host;x-sdk-date, Signature=6569eb3b6625e181943aa6aa742c920b3a5cb9448b59f0d66f7b3d5cf37a6075",
    },
    Case {
        name: "repeated_keys_sorted_by_value",
        method: "GET",
        url: "https://vpc.eu-de.otc.t-systems.com/v1/p/ports?tag=b&id=2&tag=a&tag=a%2Cc&id=10",
        headers: &[],
        body: b"",
        project_id: None,
        security_token: None,
        added: &["host", "x-sdk-date"],
        wire_url: "https://vpc.eu-de.otc.t-systems.com/v1/p/ports?id=10&id=2&tag=a&tag=a%2Cc&tag=b",
        canonical_request: "GET\n/v1/p/ports/\nid=10&id=2&tag=a&tag=a%2Cc&tag=b\nhost:vpc.eu-de.otc.t-systems.com\nx-sdk-date:20261123T120000Z\n\nhost;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        string_to_sign: "SDK-HMAC-SHA256\n20261123T120000Z\n43e4d95db6093719ea0d59298e80bca042a721986bb641ffab1fac60484bd0a6",
        authorization: "SDK-HMAC-SHA256 Access=AKHANDCOMPUTED000001, SignedHeaders=host;x-sdk-date, Signature=c82ff521e9916bd3ae4000ab9a85eb339ca63774e252896cfb8ef1d497313d37",
    },
    Case {
        name: "empty_values",
        method: "GET",
        url: "https://as.eu-de.otc.t-systems.com/autoscaling-api/v1/p/scaling_group?marker=&flag&limit=0",
        headers: &[],
        body: b"",
        project_id: None,
        security_token: None,
        added: &["host", "x-sdk-date"],
        wire_url: "https://as.eu-de.otc.t-systems.com/autoscaling-api/v1/p/scaling_group?flag=&limit=0&marker=",
        canonical_request: "GET\n/autoscaling-api/v1/p/scaling_group/\nflag=&limit=0&marker=\nhost:as.eu-de.otc.t-systems.com\nx-sdk-date:20261123T120000Z\n\nhost;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        string_to_sign: "SDK-HMAC-SHA256\n20261123T120000Z\nf53134d32cb66ce6820292ce390dcd48d5b947b764d3de16eb70fd96a708a23a",
        authorization: "SDK-HMAC-SHA256 Access=AKHANDCOMPUTED000001, SignedHeaders=host;x-sdk-date, Signature=98c3d1ea1aaa3fa69bc05c527a80c6bc1318459aefd13234d510efc55f412537",
    },
    Case {
        name: "encoded_path_segments",
        method: "DELETE",
        url: "https://ecs.eu-de.otc.t-systems.com/v1/p/servers/a%20b%2Fc/%C3%A4~x.y_z-",
        headers: &[("X-Language", "en-us")],
        body: b"",
        project_id: None,
        security_token: None,
        added: &["host", "x-sdk-date"],
        wire_url: "https://ecs.eu-de.otc.t-systems.com/v1/p/servers/a%20b%2Fc/%C3%A4~x.y_z-",
        canonical_request: "DELETE\n/v1/p/servers/a%20b/c/%C3%A4~x.y_z-/\n\nhost:ecs.eu-de.otc.t-systems.com\nx-language:en-us\nx-sdk-date:20261123T120000Z\n\nhost;x-language;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        string_to_sign: "SDK-HMAC-SHA256\n20261123T120000Z\nc8f2a927a805450cdc023a47e0515d68a4032dd4957058e358dc6298b694fb4b",
        authorization: "SDK-HMAC-SHA256 Access=AKHANDCOMPUTED000001, SignedHeaders=host;x-language;x-sdk-date, Signature=ad29243c38ccce54bfa4b1af9b1e697eb29c14e5e6071ed86cab5b4a4519e909",
    },
    Case {
        name: "non_json_body_is_unsigned",
        method: "PUT",
        url: "https://ims.eu-de.otc.t-systems.com/v1/cloudimages/abc/upload",
        headers: &[("Content-Type", "application/octet-stream")],
        body: b"\x00\x01binary",
        project_id: None,
        security_token: None,
        added: &["host", "x-sdk-content-sha256", "x-sdk-date"],
        wire_url: "https://ims.eu-de.otc.t-systems.com/v1/cloudimages/abc/upload",
        canonical_request: "PUT\n/v1/cloudimages/abc/upload/\n\ncontent-type:application/octet-stream\nhost:ims.eu-de.otc.t-systems.com\nx-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:20261123T120000Z\n\ncontent-type;host;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD",
        string_to_sign: "SDK-HMAC-SHA256\n20261123T120000Z\n71a7e9acc7fa85c8b038a84daca8208d45de47c1bb3d95d5377c9e94b44116e7",
        authorization: "SDK-HMAC-SHA256 Access=AKHANDCOMPUTED000001, SignedHeaders=content-type;host;x-sdk-content-sha256;x-sdk-date, Signature=b9eb14961180f86d00ea7124d0ba49f3b5c4deff1bba6949ced0a3f1b44af122",
    },
    Case {
        name: "json_patch_is_not_json",
        method: "PATCH",
        url: "https://ims.eu-de.otc.t-systems.com/v2/images/abc",
        headers: &[(
            "Content-Type",
            "application/openstack-images-v2.1-json-patch",
        )],
        body: b"[{\x22op\x22:\x22replace\x22,\x22path\x22:\x22/name\x22,\x22value\x22:\x22x\x22}]",
        project_id: None,
        security_token: None,
        added: &["host", "x-sdk-content-sha256", "x-sdk-date"],
        wire_url: "https://ims.eu-de.otc.t-systems.com/v2/images/abc",
        canonical_request: "PATCH\n/v2/images/abc/\n\ncontent-type:application/openstack-images-v2.1-json-patch\nhost:ims.eu-de.otc.t-systems.com\nx-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:20261123T120000Z\n\ncontent-type;host;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD",
        string_to_sign: "SDK-HMAC-SHA256\n20261123T120000Z\n31463bdaec35528261590e6f2da4f12eea5c3ce547d8fad027c5de8dee9fd2c0",
        authorization: "SDK-HMAC-SHA256 Access=AKHANDCOMPUTED000001, SignedHeaders=content-type;host;x-sdk-content-sha256;x-sdk-date, Signature=b1b5043413ab7889df42be1d8ea9a580d3fb92dc483456f5048652b5869a39ef",
    },
    Case {
        name: "preset_sdk_date",
        method: "GET",
        url: "https://as.eu-de.otc.t-systems.com/autoscaling-api/v1/p/scaling_group",
        headers: &[("X-Sdk-Date", "20200101T000000Z")],
        body: b"",
        project_id: None,
        security_token: None,
        added: &["host"],
        wire_url: "https://as.eu-de.otc.t-systems.com/autoscaling-api/v1/p/scaling_group",
        canonical_request: "GET\n/autoscaling-api/v1/p/scaling_group/\n\nhost:as.eu-de.otc.t-systems.com\nx-sdk-date:20200101T000000Z\n\nhost;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        string_to_sign: "SDK-HMAC-SHA256\n20200101T000000Z\n610ca4bd7eb835ce93dab79004e4029a19a3acf2cf13e41060aaae6a28eb2199",
        authorization: "SDK-HMAC-SHA256 Access=AKHANDCOMPUTED000001, SignedHeaders=host;x-sdk-date, Signature=803da06471324faa318054ad3054812003c49220504c188424612cc182f654c7",
    },
    Case {
        name: "host_with_port",
        method: "POST",
        url: "http://127.0.0.1:8080/mock/v1/p/items?b=1&a=2",
        headers: &[
            ("Content-Type", "application/json;charset=UTF-8"),
            ("X_Not_Signed", "skip me"),
        ],
        body: b"{\x22a\x22:1}",
        project_id: None,
        security_token: None,
        added: &["host", "x-sdk-date"],
        wire_url: "http://127.0.0.1:8080/mock/v1/p/items?a=2&b=1",
        canonical_request: "POST\n/mock/v1/p/items/\na=2&b=1\ncontent-type:application/json;charset=UTF-8\nhost:127.0.0.1:8080\nx-sdk-date:20261123T120000Z\n\ncontent-type;host;x-sdk-date\n015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862",
        string_to_sign: "SDK-HMAC-SHA256\n20261123T120000Z\n586e3cc70c2d71a61f9e724e37ac25c35164762a012160fa4a1d4cbd3c7c2f27",
        authorization: "SDK-HMAC-SHA256 Access=AKHANDCOMPUTED000001, SignedHeaders=content-type;host;x-sdk-date, Signature=6eb2b593900fe2d23ea94e7f9fcb6fc8f941002cbb278c1927096f8de2832151",
    },
    Case {
        name: "default_port_is_dropped",
        method: "GET",
        url: "https://as.eu-de.otc.t-systems.com:443/autoscaling-api/v1/p/scaling_group",
        headers: &[],
        body: b"",
        project_id: None,
        security_token: None,
        added: &["host", "x-sdk-date"],
        wire_url: "https://as.eu-de.otc.t-systems.com:443/autoscaling-api/v1/p/scaling_group",
        canonical_request: "GET\n/autoscaling-api/v1/p/scaling_group/\n\nhost:as.eu-de.otc.t-systems.com\nx-sdk-date:20261123T120000Z\n\nhost;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        string_to_sign: "SDK-HMAC-SHA256\n20261123T120000Z\n1182ab100383c8e1f1cab0a830e331ac5d1ed6809ceaf63282835d510a34f0c8",
        authorization: "SDK-HMAC-SHA256 Access=AKHANDCOMPUTED000001, SignedHeaders=host;x-sdk-date, Signature=ee66eeb634a05d6a51bd6b5ad7d5e67f558117167a581af0e43cb8749f4b7da3",
    },
    Case {
        name: "temporary_credentials_and_project",
        method: "POST",
        url: "https://mrs.eu-de.otc.t-systems.com/v1.1/0123456789abcdef0123456789abcdef/run-job-flow",
        headers: &[("Content-Type", "application/json")],
        body: b"{\x22cluster_name\x22:\x22c\x22}",
        project_id: Some("0123456789abcdef0123456789abcdef"),
        security_token: Some("temp-security-token-value-0000"),
        added: &["host", "x-project-id", "x-sdk-date", "x-security-token"],
        wire_url: "https://mrs.eu-de.otc.t-systems.com/v1.1/0123456789abcdef0123456789abcdef/run-job-flow",
        canonical_request: "POST\n/v1.1/0123456789abcdef0123456789abcdef/run-job-flow/\n\ncontent-type:application/json\nhost:mrs.eu-de.otc.t-systems.com\nx-project-id:0123456789abcdef0123456789abcdef\nx-sdk-date:20261123T120000Z\nx-security-token:temp-security-token-value-0000\n\ncontent-type;host;x-project-id;x-sdk-date;x-security-token\nb0cb78d1362bca3bab10a89f5f35425c625df7b81ec936d47228a2abc7c7cc56",
        string_to_sign: "SDK-HMAC-SHA256\n20261123T120000Z\nc5906ba48c042a30122e690dff7890e7f73394dd68fe10f2ccc32ef51874c47e",
        authorization: "SDK-HMAC-SHA256 Access=AKHANDCOMPUTED000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=e518cd0ef62e8e408a8cf0c5c997befa1456e31c85ca31471f48099a53cab609",
    },
];

#[test]
fn hand_computed_cases() {
    for case in CASES {
        let mut credentials = rt::AkSkAuth::new(AK, rt::Secret::new(SK));
        credentials.project_id = case.project_id.map(str::to_owned);
        credentials.security_token = case.security_token.map(rt::Secret::new);
        let signed = rt::signer::sign(
            &Method::from_bytes(case.method.as_bytes()).unwrap(),
            case.url,
            &header_map(case.headers),
            case.body,
            date(),
            &credentials,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(
            signed.canonical_request, case.canonical_request,
            "{}: canonical request",
            case.name
        );
        assert_eq!(
            signed.string_to_sign, case.string_to_sign,
            "{}: string to sign",
            case.name
        );
        assert_eq!(
            signed.headers["authorization"], case.authorization,
            "{}: Authorization",
            case.name
        );
        assert_eq!(signed.url, case.wire_url, "{}: URL on the wire", case.name);
        let mut added: Vec<&str> = signed
            .headers
            .keys()
            .map(HeaderName::as_str)
            .filter(|n| *n != "authorization")
            .collect();
        added.sort_unstable();
        assert_eq!(added, case.added, "{}: headers added", case.name);
        assert!(signed.headers["authorization"].is_sensitive());
        if case.security_token.is_some() {
            assert!(signed.headers["x-security-token"].is_sensitive());
            let shown = format!("{signed:?}");
            assert!(!shown.contains("temp-security-token"), "{shown}");
        }
    }
}

#[test]
fn sdk_date_is_formatted_in_utc() {
    assert_eq!(rt::signer::format_sdk_date(date()), "20261123T120000Z");
    assert_eq!(
        rt::signer::format_sdk_date(UNIX_EPOCH + Duration::from_millis(86_399_999)),
        "19700101T235959Z"
    );
}

#[test]
fn canonical_pieces() {
    use rt::signer::{canonical_query, canonical_uri};
    assert_eq!(canonical_uri(""), "/");
    assert_eq!(canonical_uri("/"), "/");
    assert_eq!(canonical_uri("/v1/x/"), "/v1/x/");
    assert_eq!(canonical_uri("/v1/a%2fb"), "/v1/a/b/");
    assert_eq!(canonical_uri("/v1/%7e%41"), "/v1/~A/");
    assert_eq!(canonical_query(""), "");
    assert_eq!(canonical_query("b=2&&a"), "a=&b=2");
    assert_eq!(canonical_query("k=v=w"), "k=v%3Dw");
    assert_eq!(canonical_query("B=1&a=1&_=1"), "B=1&_=1&a=1");
}

#[test]
fn unusable_input_is_an_error_without_secrets() {
    let credentials = rt::AkSkAuth::new(AK, rt::Secret::new(SK));
    let sign = |url: &str| {
        rt::signer::sign(
            &Method::GET,
            url,
            &HeaderMap::new(),
            b"",
            date(),
            &credentials,
        )
    };
    assert!(sign("as.example/v1").is_err());
    assert!(sign("ftp://as.example/v1").is_err());
    assert!(sign("https://user:pw@as.example/v1").is_err());
    let bad_ak = rt::AkSkAuth::new("AK\nX", rt::Secret::new(SK));
    let e = rt::signer::sign(
        &Method::GET,
        "https://a.example/",
        &HeaderMap::new(),
        b"",
        date(),
        &bad_ak,
    )
    .unwrap_err();
    assert!(!e.to_string().contains(SK));
    let mut headers = HeaderMap::new();
    headers.insert("x-bin", HeaderValue::from_bytes(b"\xff").unwrap());
    let e = rt::signer::sign(
        &Method::GET,
        "https://a.example/",
        &headers,
        b"",
        date(),
        &credentials,
    )
    .unwrap_err();
    assert!(e.to_string().contains("x-bin"), "{e}");
}

/// A file of the published API facts (see `otc_test_support::shared_dir`).
fn shared_file(name: &str) -> Option<std::path::PathBuf> {
    otc_test_support::shared_dir(&[name]).map(|dir| dir.join(name))
}

#[test]
fn published_worked_examples() {
    let Some(file) = shared_file("signing-examples.json") else {
        otc_test_support::skip_note("the published signing examples");
        return;
    };
    let examples: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(!examples.is_empty());
    for ex in &examples {
        let s = |k: &str| ex[k].as_str().unwrap_or_else(|| panic!("{k}"));
        let headers: Vec<(&str, &str)> = ex["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
            .collect();
        let date = time::PrimitiveDateTime::parse(
            s("sdk_date"),
            time::macros::format_description!("[year][month][day]T[hour][minute][second]Z"),
        )
        .unwrap()
        .assume_utc();
        let credentials = rt::AkSkAuth::new(s("ak"), rt::Secret::new(s("sk")));
        let signed = rt::signer::sign(
            &Method::from_bytes(s("method").as_bytes()).unwrap(),
            s("url"),
            &header_map(&headers),
            s("body").as_bytes(),
            date.into(),
            &credentials,
        )
        .unwrap();
        let name = s("name");
        assert_eq!(signed.canonical_request, s("canonical_request"), "{name}");
        assert_eq!(signed.string_to_sign, s("string_to_sign"), "{name}");
        assert_eq!(
            signed.signed_headers,
            s("expected_signed_headers"),
            "{name}"
        );
        assert_eq!(
            signed.headers["authorization"],
            s("expected_authorization"),
            "{name}"
        );
        let mut all = header_map(&headers);
        all.extend(signed.headers.clone());
        let expected = ex["expected_headers_after_signing"].as_object().unwrap();
        assert_eq!(all.len(), expected.len(), "{name}: {all:?}");
        for (k, v) in expected {
            assert_eq!(all[k.as_str()], v.as_str().unwrap(), "{name}: {k}");
        }
    }
}

/// What a server does: recompute the signature from the received request, using only the
/// headers the `Authorization` header says were signed.
fn verify(received: &wiremock::Request, credentials: &rt::AkSkAuth) {
    let authorization = received.headers["authorization"].to_str().unwrap();
    let signed_names = authorization
        .split("SignedHeaders=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    let mut headers = HeaderMap::new();
    for name in signed_names.split(';') {
        let value = received
            .headers
            .get(name)
            .unwrap_or_else(|| panic!("{name} not sent"));
        headers.insert(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value.as_bytes()).unwrap(),
        );
    }
    let method = Method::from_bytes(received.method.as_str().as_bytes()).unwrap();
    // The date is taken from the X-Sdk-Date header, so any date will do here.
    let again = rt::signer::sign(
        &method,
        received.url.as_str(),
        &headers,
        &received.body,
        UNIX_EPOCH,
        credentials,
    )
    .unwrap();
    assert_eq!(again.headers["authorization"], authorization);
    // Nothing was re-ordered on the way: the query sent is the canonical one.
    assert_eq!(again.url, received.url.as_str());
}

#[tokio::test]
async fn signed_requests_arrive_verifiable_with_the_canonical_query() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/p-1/items"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v2/p-1/items/raw"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::at(date());
    let credentials = rt::AkSkAuth::new(AK, rt::Secret::new(SK))
        .with_security_token(rt::Secret::new("temp-token-on-the-wire"));
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .project_id("p-1")
        .auth(rt::Auth::AkSk(credentials.clone()))
        .clock(clock)
        .build()
        .unwrap();
    assert_eq!(client.project_id::<String>().await.unwrap(), "p-1");

    let mut req = rt::Request::new(Method::POST, &AS, "create_item");
    req.path_literal("/v2/");
    req.path_param("p-1");
    req.path_literal("/items");
    req.query("z", "last");
    req.query("a b", "ä");
    req.query("a b", "");
    req.query("m", "x/y");
    req.json(&serde_json::json!({"name": "n"}), "application/json")
        .unwrap();
    client.execute::<String>(req).await.unwrap();

    let mut req = rt::Request::new(Method::PUT, &AS, "upload_raw");
    req.path_literal("/v2/p-1/items/raw");
    req.body(vec![0u8, 1, 2], "application/octet-stream");
    client.execute::<String>(req).await.unwrap();

    let received = server.received_requests().await.unwrap();
    let post = &received[0];
    assert_eq!(post.url.query(), Some("a%20b=&a%20b=%C3%A4&m=x%2Fy&z=last"));
    assert_eq!(post.headers["x-sdk-date"], "20261123T120000Z");
    assert_eq!(post.headers["x-project-id"], "p-1");
    assert_eq!(post.headers["x-security-token"], "temp-token-on-the-wire");
    assert_eq!(post.headers["host"], server.address().to_string());
    assert!(post.headers.get("x-auth-token").is_none());
    let credentials = credentials.with_project_id("p-1");
    verify(post, &credentials);

    let put = &received[1];
    assert_eq!(put.headers["x-sdk-content-sha256"], "UNSIGNED-PAYLOAD");
    verify(put, &credentials);
}

#[tokio::test]
async fn a_401_with_aksk_is_returned_without_asking_iam() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).insert_header("X-Request-Id", "r-401").set_body_json(
            serde_json::json!({"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information: verify aksk signature fail"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .auth(rt::Auth::AkSk(rt::AkSkAuth::new(AK, rt::Secret::new(SK))))
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.request_id(), Some("r-401"));
    assert!(!format!("{err} {err:?}").contains(SK));
    // Without a project id, project-scoped generated code gets a clear error.
    assert!(matches!(
        client.project_id::<String>().await.unwrap_err(),
        rt::Error::Config(rt::ConfigError::MissingProjectId)
    ));
}

#[test]
fn bad_aksk_credentials_are_refused_at_build() {
    for auth in [
        rt::AkSkAuth::new("", rt::Secret::new(SK)),
        rt::AkSkAuth::new("AK with space", rt::Secret::new(SK)),
        rt::AkSkAuth::new(AK, rt::Secret::new("")),
        rt::AkSkAuth::new(AK, rt::Secret::new(SK)).with_security_token(rt::Secret::new("a\nb")),
    ] {
        let e = rt::Client::builder()
            .auth(rt::Auth::AkSk(auth))
            .build()
            .unwrap_err();
        assert!(!e.to_string().contains(SK), "{e}");
    }
}
