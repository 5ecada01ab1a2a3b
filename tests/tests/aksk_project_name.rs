//! AK/SK credentials with a project name only: the project id is looked up once from IAM
//! (`GET /v3/projects?name=…`, signed, without a project header) and then used for the
//! `{project_id}` of paths and the `X-Project-Id` header, through the generated AS client.

use otc_runtime::{AkSkAuth, Auth, Client, RetryPolicy, Secret};
use serde_json::json;
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "5f3c2d1e0a9b8c7d6e5f4a3b2c1d0e9f";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_project_id_is_looked_up_once_and_used_everywhere() {
    let iam = MockServer::start().await;
    let service = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", "eu-de_analytics"))
        .and(header_exists("authorization"))
        .and(header_exists("x-sdk-date"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "projects": [{"id": PROJECT, "name": "eu-de_analytics", "domain_id": "d-1"}],
            "links": {"self": "…"}
        })))
        .expect(1)
        .mount(&iam)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/autoscaling-api/v1/{PROJECT}/scaling_group")))
        .and(header("x-project-id", PROJECT))
        .and(header_exists("authorization"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"scaling_groups": [], "total_number": 0})),
        )
        .expect(10)
        .mount(&service)
        .await;
    let client = Client::builder()
        .region("eu-de")
        .endpoint("as", service.uri())
        .auth(Auth::AkSk(
            AkSkAuth::new("AKIDEXAMPLE", Secret::new("sk-example"))
                .with_project_name("eu-de_analytics")
                .with_iam_url(format!("{}/v3", iam.uri())),
        ))
        .retry(RetryPolicy::never())
        .build()
        .expect("client");
    let autoscaling = otc_as::Client::new(client.clone());
    // Ten concurrent first calls share one lookup.
    let calls = (0..10).map(|_| {
        let autoscaling = autoscaling.clone();
        tokio::spawn(async move { autoscaling.list_as_groups().send().await })
    });
    for call in calls {
        call.await.expect("joined").expect("listed");
    }
    assert_eq!(
        client.project_id::<String>().await.expect("known").as_ref(),
        PROJECT
    );
    let lookup = &iam.received_requests().await.expect("recorded")[0];
    assert!(
        !lookup.headers.contains_key("x-project-id"),
        "the lookup is not project-scoped"
    );
}

#[tokio::test]
async fn an_unknown_project_name_is_a_clear_error_and_is_tried_again() {
    let iam = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"projects": []})))
        .expect(2)
        .mount(&iam)
        .await;
    let client = Client::builder()
        .region("eu-de")
        .endpoint("as", "http://127.0.0.1:9")
        .auth(Auth::AkSk(
            AkSkAuth::new("AKIDEXAMPLE", Secret::new("sk-example"))
                .with_project_name("eu-de_missing")
                .with_iam_url(iam.uri()),
        ))
        .build()
        .expect("client");
    let autoscaling = otc_as::Client::new(client);
    for _ in 0..2 {
        let err = autoscaling
            .list_as_groups()
            .send()
            .await
            .expect_err("no such project");
        let shown = err.to_string();
        assert!(shown.contains("eu-de_missing"), "{shown}");
        assert!(!shown.contains("sk-example"), "{shown}");
    }
}
