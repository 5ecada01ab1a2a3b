//! Endpoint resolution: override → token catalog → template with the region, through a
//! transport that records URLs and never touches the network.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use otc_runtime as rt;
use serde_json::json;

/// A transport answering IAM with a token whose catalog is `catalog`, and everything else 200.
fn fake(catalog: serde_json::Value) -> Arc<FakeTransport> {
    FakeTransport::new(move |req| {
        if req.uri().path().ends_with("/auth/tokens") {
            let expires = std::time::SystemTime::now() + Duration::from_secs(86_400);
            http_response(
                201,
                &[("X-Subject-Token", "tok-fake")],
                serde_json::to_vec(&token_body(expires, Some(PROJECT_ID), catalog.clone()))
                    .unwrap(),
            )
        } else {
            http_response(200, &[("X-Request-Id", "rid")], "{}")
        }
    })
}

fn password() -> rt::Auth {
    rt::Auth::Password(rt::PasswordAuth::new(
        "https://iam.eu-de.otc.t-systems.com/v3",
        "alice",
        rt::Secret::new(PASSWORD),
        "OTC-EU-DE-1",
        scope_by_name(),
    ))
}

const CATALOG_AS: &str = "https://as-from-catalog.example/autoscaling-api/v1/$(tenant_id)s";

#[tokio::test]
async fn override_wins_over_catalog_and_template() {
    let transport = fake(catalog_for("as", CATALOG_AS));
    let client = rt::Client::builder()
        .region("eu-de")
        .auth(password())
        .endpoint("as", "https://proxy.example/otc/")
        .transport(transport.clone())
        .build()
        .unwrap();
    client.execute::<String>(list_groups()).await.unwrap();
    assert_eq!(
        transport.urls()[1],
        format!("https://proxy.example/otc{}", list_groups_path())
    );
    let sent = &transport.seen.lock().unwrap()[1];
    assert_eq!(sent.headers()["x-auth-token"], "tok-fake");
    assert!(sent.headers()["x-auth-token"].is_sensitive());
}

#[tokio::test]
async fn catalog_wins_over_template_and_is_not_doubled() {
    let transport = fake(catalog_for("as", CATALOG_AS));
    let client = rt::Client::builder()
        .region("eu-de")
        .auth(password())
        .transport(transport.clone())
        .build()
        .unwrap();
    client.execute::<String>(list_groups()).await.unwrap();
    assert_eq!(
        transport.urls(),
        [
            "https://iam.eu-de.otc.t-systems.com/v3/auth/tokens".to_owned(),
            format!("https://as-from-catalog.example{}", list_groups_path()),
        ]
    );
    assert_eq!(
        client.endpoint::<String>(&AS).await.unwrap(),
        "https://as-from-catalog.example/autoscaling-api"
    );
}

#[tokio::test]
async fn template_with_region_when_the_catalog_has_no_entry() {
    let transport = fake(catalog_for("image", "https://ims.example/v2"));
    let client = rt::Client::builder()
        .region("eu-nl")
        .auth(password())
        .transport(transport.clone())
        .build()
        .unwrap();
    client.execute::<String>(list_groups()).await.unwrap();
    assert_eq!(
        transport.urls()[1],
        format!("https://as.eu-nl.otc.t-systems.com{}", list_groups_path())
    );
}

#[tokio::test]
async fn catalog_without_region_and_template_without_region_is_a_config_error() {
    // Two regions in the catalog and none configured: nothing fits.
    let transport = fake(catalog_for("as", CATALOG_AS));
    let client = rt::Client::builder()
        .auth(password())
        .transport(transport.clone())
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    let rt::Error::Config(rt::ConfigError::NoEndpoint { service, reason }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(service, "as");
    assert!(reason.contains("token catalog"), "{reason}");
    assert!(
        err.to_string()
            .starts_with("no endpoint for service \"as\""),
        "{err}"
    );
    assert_eq!(transport.urls().len(), 1, "only the IAM request was sent");
}

#[tokio::test]
async fn no_auth_no_region_no_override_names_the_service() {
    let transport = fake(json!([]));
    let client = rt::Client::builder()
        .transport(transport.clone())
        .build()
        .unwrap();
    let err = client.execute::<String>(list_groups()).await.unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("service \"as\""), "{shown}");
    assert!(
        shown.contains("ClientBuilder::endpoint(\"as\", url)"),
        "{shown}"
    );
    assert!(
        shown.contains("https://as.{region}.otc.t-systems.com"),
        "{shown}"
    );
    assert!(transport.urls().is_empty());
}

#[tokio::test]
async fn request_base_url_replaces_the_service_endpoint() {
    let transport = fake(json!([]));
    let client = rt::Client::builder()
        .region("eu-de")
        .endpoint("mrs", "https://mrs.example")
        .transport(transport.clone())
        .build()
        .unwrap();
    static MRS: rt::ServiceInfo = rt::ServiceInfo {
        name: "mrs",
        title: "MapReduce Service",
        catalog_type: "mrs",
        endpoint_template: "https://mrs.{region}.otc.t-systems.com",
    };
    let mut req = rt::Request::new(http::Method::GET, &MRS, "show_cluster_summary");
    req.base_url("https://192.168.0.10:28443/web".into());
    req.path_literal("/api/v1/clusters/1");
    client.execute::<String>(req).await.unwrap();
    assert_eq!(
        transport.urls(),
        ["https://192.168.0.10:28443/web/api/v1/clusters/1"]
    );
}

#[tokio::test]
async fn credentials_go_to_the_clients_own_endpoints_only() {
    static MRS: rt::ServiceInfo = rt::ServiceInfo {
        name: "mrs",
        title: "MapReduce Service",
        catalog_type: "mrs",
        endpoint_template: "https://mrs.{region}.otc.t-systems.com",
    };
    let transport = fake(json!([]));
    let client = rt::Client::builder()
        .region("eu-de")
        .project_id(PROJECT_ID)
        .auth(rt::Auth::Token(rt::Secret::new("static-token")))
        .transport(transport.clone())
        .build()
        .unwrap();
    // The template: the token goes along.
    let mut req = rt::Request::new(http::Method::GET, &MRS, "get_cluster");
    req.path_literal("/v1.1/x/cluster_infos/1");
    assert!(req.sends_credentials());
    client.execute::<String>(req).await.unwrap();
    // A base the caller names: no token, even though the operation did not opt out.
    let mut req = rt::Request::new(http::Method::GET, &MRS, "check_login");
    req.base_url("https://192.0.2.10:28443".into());
    req.path_literal("/web/v1/access/login_check");
    assert!(!req.sends_credentials());
    client.execute::<String>(req).await.unwrap();
    // An operation declared without the cloud's auth, on the template: no token either.
    let mut req = rt::Request::new(http::Method::GET, &MRS, "list_versions");
    req.without_cloud_auth();
    req.path_literal("/");
    client.execute::<String>(req).await.unwrap();
    let seen = transport.seen.lock().unwrap();
    let tokens: Vec<(String, bool)> = seen
        .iter()
        .map(|r| {
            (
                r.uri().to_string(),
                r.headers().contains_key("x-auth-token"),
            )
        })
        .collect();
    assert_eq!(
        tokens,
        [
            (
                "https://mrs.eu-de.otc.t-systems.com/v1.1/x/cluster_infos/1".to_owned(),
                true
            ),
            (
                "https://192.0.2.10:28443/web/v1/access/login_check".to_owned(),
                false
            ),
            ("https://mrs.eu-de.otc.t-systems.com/".to_owned(), false),
        ]
    );
}

#[test]
fn invalid_configuration_is_refused_at_build() {
    let err = rt::Client::builder()
        .endpoint("as", "as.example.com")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, rt::ConfigError::InvalidEndpoint { service, .. } if service == "as"),
        "{err:?}"
    );
    let err = rt::Client::builder()
        .auth(rt::Auth::Password(rt::PasswordAuth::new(
            "iam.example/v3",
            "u",
            rt::Secret::new(PASSWORD),
            "d",
            scope_by_name(),
        )))
        .build()
        .unwrap_err();
    assert!(
        matches!(err, rt::ConfigError::InvalidAuthUrl { .. }),
        "{err:?}"
    );
    let err = rt::Client::builder().region("").build().unwrap_err();
    assert!(matches!(err, rt::ConfigError::Invalid(_)), "{err:?}");
    let err = rt::Client::builder()
        .auth(rt::Auth::Token(rt::Secret::new("bad\ntoken")))
        .build()
        .unwrap_err();
    assert!(!err.to_string().contains("bad\ntoken"), "{err}");
}
