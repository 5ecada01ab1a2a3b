//! The client that build.rs generated from `greenhouse.yaml`, against a wiremock server: the
//! request on the wire, the typed answer, paging and a typed service error.

use otc_build_rs_demo::types::{CreatePlant, PlantKind};
use otc_build_rs_demo::{Client, ErrorCode};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "p-1";

async fn client(server: &MockServer) -> Client {
    let runtime = otc_runtime::Client::builder()
        .region("eu-de")
        .project_id(PROJECT)
        .endpoint("greenhouse", server.uri())
        .auth(otc_runtime::Auth::Token(otc_runtime::Secret::new("t-1")))
        .build()
        .expect("configuration is complete");
    Client::new(runtime)
}

#[tokio::test]
async fn create_sends_the_typed_body_and_decodes_the_plant() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/{PROJECT}/plants")))
        .and(header("X-Auth-Token", "t-1"))
        .and(body_json(json!({"name": "basil", "kind": "herb"})))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "b-1", "name": "basil", "kind": "herb"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut body = CreatePlant::new("basil");
    body.kind = Some(PlantKind::Herb);
    let created = client(&server)
        .await
        .create_plant(body)
        .send()
        .await
        .expect("created");
    assert_eq!(created.status, 201);
    assert_eq!(created.body.id, "b-1");
    assert_eq!(created.body.kind, Some(PlantKind::Herb));
    assert_eq!(created.body.water_ml, None);
}

#[tokio::test]
async fn items_walk_every_page_by_offset() {
    let server = MockServer::start().await;
    // The first request leaves the offset out; the next one continues after the first page.
    for (offset, names) in [(None, vec!["a", "b"]), (Some("2"), vec!["c"])] {
        let plants: Vec<_> = names
            .iter()
            .map(|n| json!({"id": n, "name": n, "kind": "tomato"}))
            .collect();
        let page = Mock::given(method("GET")).and(path(format!("/v1/{PROJECT}/plants")));
        let page = match offset {
            Some(offset) => page.and(query_param("offset", offset)),
            None => page.and(query_param_is_missing("offset")),
        };
        page.and(query_param("limit", "2"))
            .and(query_param("kind", "tomato"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"total": 3, "plants": plants})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let mut items = client(&server)
        .await
        .list_plants()
        .limit(2)
        .kind(PlantKind::Tomato)
        .items();
    let mut ids = Vec::new();
    while let Some(plant) = items.next().await {
        ids.push(plant.expect("page decodes").id);
    }
    assert_eq!(ids, ["a", "b", "c"]);
}

#[tokio::test]
async fn a_refused_call_carries_the_documented_code() {
    let server = MockServer::start().await;
    let body = json!({"error_code": "GH.0001", "error_msg": "The plant does not exist."});
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/plants/nope")))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("X-Request-Id", "r-9")
                .set_body_json(&body),
        )
        .mount(&server)
        .await;
    let error = match client(&server).await.get_plant("nope").send().await {
        Err(otc_runtime::Error::Service(e)) => e,
        other => panic!("expected a service error, got {other:?}"),
    };
    assert_eq!(error.status(), 404);
    assert_eq!(error.code(), Some(&ErrorCode::Gh0001));
    assert_eq!(error.request_id(), Some("r-9"));
    let code = error.code().expect("code");
    assert_eq!(code.http_statuses(), &[404]);
    assert_eq!(
        code.documentation()[0].solution,
        Some("Check the plant id.")
    );
}
