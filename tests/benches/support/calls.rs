//! The two ways of calling AS that the per-call benches compare: the generated client and a
//! hand-written reqwest + serde_json call of the same endpoint.

use std::time::Duration;

use serde::Serialize;

use super::{PROJECT_ID, TOKEN, hand, server};

/// The generated AS client pointed at `url` with a static token.
pub fn generated_client(url: &str) -> otc_as::Client {
    let runtime = otc_runtime::Client::builder()
        .region("eu-de")
        .project_id(PROJECT_ID)
        .endpoint("as", url)
        .auth(otc_runtime::Auth::Token(otc_runtime::Secret::new(TOKEN)))
        .build()
        .expect("client configuration is valid");
    otc_as::Client::new(runtime)
}

/// What one would write by hand: reqwest with the same timeouts and redirect policy as the
/// runtime's transport, on rustls/ring (no TLS is used on loopback HTTP).
pub fn hand_client() -> reqwest::Client {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client")
}

/// The hand-written list call.
pub async fn hand_list(client: &reqwest::Client, base: &str) -> hand::ListAsGroups {
    let url = format!("{base}/autoscaling-api/v1/{PROJECT_ID}/scaling_group");
    let response = client
        .get(url)
        .header("X-Auth-Token", TOKEN)
        .header("Accept", "application/json")
        .send()
        .await
        .expect("answer");
    assert!(response.status().is_success());
    let body = response.bytes().await.expect("body");
    serde_json::from_slice(&body).expect("decodes")
}

/// The request body of `create_as_group`, hand-written.
#[derive(Serialize)]
pub struct HandCreate<'a> {
    pub scaling_group_name: &'a str,
    pub scaling_configuration_id: &'a str,
    pub networks: Vec<HandNetwork<'a>>,
    pub vpc_id: &'a str,
}

/// A network of [`HandCreate`].
#[derive(Serialize)]
pub struct HandNetwork<'a> {
    pub id: &'a str,
}

/// Answer of `create_as_group`.
#[derive(serde::Deserialize)]
pub struct HandCreated {
    pub scaling_group_id: Option<String>,
}

pub const CONFIG_ID: &str = "6afe46f9-7d3d-4046-8748-3b2a1085ad86";
pub const NETWORK_ID: &str = "a8327883-6b07-4497-9c61-68d03ee193a1";
pub const VPC_ID: &str = "3e22f934-800d-4bba-8d8d-6b7e8d0f0f8e";

/// The hand-written create call.
pub async fn hand_create(client: &reqwest::Client, base: &str) -> HandCreated {
    let url = format!("{base}/autoscaling-api/v1/{PROJECT_ID}/scaling_group");
    let body = serde_json::to_vec(&HandCreate {
        scaling_group_name: "web",
        scaling_configuration_id: CONFIG_ID,
        networks: vec![HandNetwork { id: NETWORK_ID }],
        vpc_id: VPC_ID,
    })
    .expect("encodes");
    let response = client
        .post(url)
        .header("X-Auth-Token", TOKEN)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("answer");
    assert!(response.status().is_success());
    let body = response.bytes().await.expect("body");
    serde_json::from_slice(&body).expect("decodes")
}

/// The generated create call.
pub async fn generated_create(client: &otc_as::Client) -> otc_as::types::CreateAsGroupResponse {
    client
        .create_as_group(otc_as::types::CreateAsGroupRequest::new(
            otc_as::types::CreateAsGroupRequestRequired {
                scaling_group_name: "web".into(),
                scaling_configuration_id: CONFIG_ID.into(),
                networks: vec![otc_as::types::Network::new(NETWORK_ID)],
                vpc_id: VPC_ID.into(),
            },
        ))
        .send()
        .await
        .expect("answer")
        .body
}

/// Starts a server answering list (with `groups` groups) and create.
pub fn start_server(groups: usize) -> server::Server {
    let path = format!("/autoscaling-api/v1/{PROJECT_ID}/scaling_group");
    server::start(vec![
        server::Route {
            method: "GET",
            path: path.clone(),
            status: 200,
            body: super::as_groups_body(groups),
        },
        server::Route {
            method: "POST",
            path,
            status: 200,
            body: br#"{"scaling_group_id":"a8327883-6b07-4497-9c61-68d03ee193a1"}"#.to_vec(),
        },
    ])
}
