//! Passwords, tokens, secret keys and security tokens never show in Debug, Display or
//! errors (tracing output: see `tracing_output.rs`).

mod common;

use common::*;
use otc_runtime as rt;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SK: &str = "sk-never-shown-0123456789";
const SECURITY_TOKEN: &str = "security-token-never-shown";

fn assert_clean(what: &str, text: &str) {
    for secret in [
        PASSWORD,
        "tok-1",
        "tok-2",
        "static-secret-token",
        SK,
        SECURITY_TOKEN,
    ] {
        assert!(
            !text.contains(secret),
            "{what} contains {secret:?}:\n{text}"
        );
    }
}

#[test]
fn configuration_debug_output_hides_secrets() {
    let auth = rt::Auth::Password(rt::PasswordAuth::new(
        "https://iam.eu-de.otc.t-systems.com/v3",
        "alice",
        rt::Secret::new(PASSWORD),
        "OTC-EU-DE-1",
        scope_by_name(),
    ));
    assert_clean("Auth", &format!("{auth:?} {auth:#?}"));
    let builder = rt::Client::builder().region("eu-de").auth(auth);
    assert_clean("ClientBuilder", &format!("{builder:?}"));
    let client = builder.build().unwrap();
    let shown = format!("{client:?} {client:#?}");
    assert_clean("Client", &shown);
    assert!(
        shown.contains("alice"),
        "the Debug output is still useful: {shown}"
    );

    let token = rt::Auth::Token(rt::Secret::new("static-secret-token"));
    assert_clean("Auth::Token", &format!("{token:?}"));
    let client = rt::Client::builder().auth(token).build().unwrap();
    assert_clean("Client with token", &format!("{client:?}"));
}

#[tokio::test]
async fn iam_refusal_error_hides_the_password() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = rt::Client::builder()
        .region("eu-de")
        .auth(password_auth(&server, scope_by_name()))
        .build()
        .unwrap();
    let err = client.project_id::<String>().await.unwrap_err();
    let shown = format!("{err} | {err:?}");
    assert!(
        shown.contains("The username or password is wrong."),
        "{shown}"
    );
    assert_clean("IAM error", &shown);
    // The password did go to IAM, in the body only.
    let sent = &server.received_requests().await.unwrap()[0];
    assert!(String::from_utf8_lossy(&sent.body).contains(PASSWORD));
}

#[test]
fn aksk_credentials_are_hidden_everywhere() {
    let aksk = rt::AkSkAuth::new("AK-VISIBLE", rt::Secret::new(SK))
        .with_security_token(rt::Secret::new(SECURITY_TOKEN))
        .with_project_id("p-1");
    let auth = rt::Auth::AkSk(aksk.clone());
    assert_clean("AkSkAuth", &format!("{aksk:?} {aksk:#?} {auth:?}"));
    let builder = rt::Client::builder().region("eu-de").auth(auth);
    assert_clean("ClientBuilder", &format!("{builder:?}"));
    let client = builder.build().unwrap();
    let shown = format!("{client:?} {client:#?}");
    assert_clean("Client", &shown);
    assert!(shown.contains("AK-VISIBLE"), "{shown}");

    let signed = rt::signer::sign(
        &http::Method::GET,
        "https://as.example/v1",
        &http::HeaderMap::new(),
        b"",
        std::time::SystemTime::UNIX_EPOCH,
        &aksk,
    )
    .unwrap();
    assert_clean("Signed", &format!("{signed:?}"));
}

#[test]
fn configuration_from_the_environment_hides_secrets() {
    let env = [
        ("OS_ACCESS_KEY", "AK-VISIBLE"),
        ("OS_SECRET_KEY", SK),
        ("OS_SECURITY_TOKEN", SECURITY_TOKEN),
        ("OS_PASSWORD", PASSWORD),
        ("OS_REGION_NAME", "eu-de"),
    ];
    let loader = rt::ConfigLoader::with_env(env).search_dirs(Vec::<std::path::PathBuf>::new());
    assert_clean("ConfigLoader", &format!("{loader:?}"));
    let config = loader.load_env().unwrap();
    assert_clean("CloudConfig", &format!("{config:?} {config:#?}"));
    let builder = loader.from_env().unwrap();
    assert_clean("ClientBuilder", &format!("{builder:?}"));
}

#[test]
fn bad_secret_values_in_clouds_yaml_are_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clouds.yaml"),
        "clouds:\n  otc:\n    auth:\n      sk: 987654321987654321\n      password: true\n",
    )
    .unwrap();
    let err = rt::ConfigLoader::with_env([("OS_CLOUD", "otc")])
        .search_dirs([dir.path()])
        .load(None)
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("987654321"), "{shown}");
    assert!(shown.contains("clouds.otc.auth.sk"), "{shown}");
}

#[tokio::test]
async fn secret_query_values_are_masked_in_default_transport_errors() {
    // Over the default transport (reqwest) to a closed port: a connection failure whose
    // error names the URL, with the secret query value masked, even after AK/SK put the
    // query into canonical order.
    let port = closed_port();
    let client = rt::Client::builder()
        .endpoint("as", format!("http://127.0.0.1:{port}"))
        .auth(rt::Auth::AkSk(
            rt::AkSkAuth::new("AK", rt::Secret::new(SK)).with_project_id(PROJECT_ID),
        ))
        .retry(rt::RetryPolicy::never())
        .build()
        .unwrap();
    let mut req = list_groups();
    req.secret_query("new_password", "hunter2-in-the-query");
    req.query("a", "first");
    let err = client.execute::<String>(req).await.unwrap_err();
    let shown = format!("{err}\n{err:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(
        shown.contains("new_password=***") && shown.contains("a=first"),
        "{shown}"
    );
}
