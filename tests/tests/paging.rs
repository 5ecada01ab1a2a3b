//! Paging through the generated clients: `pages()` and `items()` fetch lazily and stop at the
//! right page for each style (AS offset, IMS marker, MRS v1 page numbers), with no trait import.

use otc_tests::{FakeOtc, PROJECT_ID};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

fn group(id: &str) -> serde_json::Value {
    json!({"scaling_group_id": id, "scaling_group_name": format!("group-{id}")})
}

#[tokio::test]
async fn as_offset_paging_walks_every_page_and_stops_at_the_total() {
    let fake = FakeOtc::start().await;
    let groups = format!("/autoscaling-api/v1/{PROJECT_ID}/scaling_group");
    for (start, ids) in [
        ("0", vec!["a", "b"]),
        ("2", vec!["c", "d"]),
        ("4", vec!["e"]),
    ] {
        let items: Vec<_> = ids.iter().map(|id| group(id)).collect();
        Mock::given(method("GET"))
            .and(path(groups.clone()))
            .and(query_param("start_number", start))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "total_number": 5, "start_number": start.parse::<i64>().unwrap_or(0), "limit": 2, "scaling_groups": items
            })))
            .expect(1)
            .mount(fake.server())
            .await;
    }
    let client = otc_as::Client::new(fake.client());
    let mut items = client.list_as_groups().start_number(0).limit(2).items();
    let mut ids = Vec::new();
    while let Some(group) = items.next().await {
        ids.push(
            group
                .expect("page fetched")
                .scaling_group_id
                .unwrap_or_default(),
        );
    }
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn an_empty_first_page_ends_at_once() {
    let fake = FakeOtc::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/autoscaling-api/v1/{PROJECT_ID}/scaling_group"
        )))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"total_number": 0, "scaling_groups": []})),
        )
        .expect(1)
        .mount(fake.server())
        .await;
    let client = otc_as::Client::new(fake.client());
    let pages = client
        .list_as_groups()
        .limit(10)
        .pages()
        .collect()
        .await
        .expect("fetched");
    assert_eq!(pages.len(), 1);
    assert!(pages[0].body.scaling_groups.is_empty());
}

#[tokio::test]
async fn ims_marker_paging_follows_the_last_id_until_a_short_page() {
    let fake = FakeOtc::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/cloudimages"))
        .and(query_param_is_missing("marker"))
        .and(query_param("limit", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"images": [{"id": "i1"}, {"id": "i2"}]})),
        )
        .expect(1)
        .mount(fake.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/cloudimages"))
        .and(query_param("marker", "i2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"images": [{"id": "i3"}]})))
        .expect(1)
        .mount(fake.server())
        .await;
    let client = otc_ims::Client::new(fake.client());
    let images = client
        .list_images()
        .limit(2)
        .items()
        .collect()
        .await
        .expect("fetched");
    let ids: Vec<_> = images.into_iter().filter_map(|i| i.id).collect();
    assert_eq!(ids, ["i1", "i2", "i3"]);
}

#[tokio::test]
async fn glance_marker_paging_without_a_limit_stops_when_the_next_link_is_gone() {
    let fake = FakeOtc::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/images"))
        .and(query_param_is_missing("marker"))
        .and(query_param_is_missing("limit"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "images": [{"id": "i1"}, {"id": "i2"}],
            "next": "/v2/images?marker=i2"
        })))
        .expect(1)
        .mount(fake.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/images"))
        .and(query_param("marker", "i2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"images": [{"id": "i3"}]})))
        .expect(1)
        .mount(fake.server())
        .await;
    let client = otc_ims::Client::new(fake.client());
    let images = client
        .list_images_native()
        .items()
        .collect()
        .await
        .expect("fetched");
    let ids: Vec<_> = images.into_iter().filter_map(|i| i.id).collect();
    assert_eq!(ids, ["i1", "i2", "i3"]);
    let requests = fake.server().received_requests().await.unwrap_or_default();
    let listed = requests
        .iter()
        .filter(|r| r.url.path() == "/v2/images")
        .count();
    assert_eq!(
        listed, 2,
        "no request for an empty page after the last link"
    );
}

#[tokio::test]
async fn mrs_page_numbers_count_from_one_and_stop_at_the_total() {
    let fake = FakeOtc::start().await;
    let clusters = format!("/v1.1/{PROJECT_ID}/cluster_infos");
    for (page, ids) in [("1", vec!["c1", "c2"]), ("2", vec!["c3"])] {
        let items: Vec<_> = ids.iter().map(|id| json!({"clusterId": id})).collect();
        Mock::given(method("GET"))
            .and(path(clusters.clone()))
            .and(query_param("currentPage", page))
            .and(query_param("pageSize", "2"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"clusterTotal": "3", "clusters": items})),
            )
            .expect(1)
            .mount(fake.server())
            .await;
    }
    let client = otc_mrs::Client::new(fake.client());
    let mut pages = client.list_clusters().page_size(2).current_page(1).pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("fetched");
        seen.extend(page.body.clusters.into_iter().filter_map(|c| c.cluster_id));
    }
    assert_eq!(seen, ["c1", "c2", "c3"]);
}

#[tokio::test]
async fn a_failing_page_ends_the_walk_with_the_typed_error() {
    let fake = FakeOtc::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/autoscaling-api/v1/{PROJECT_ID}/scaling_group"
        )))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"error": {"code": "AS.0001", "message": "boom"}})),
        )
        .mount(fake.server())
        .await;
    let client = otc_as::Client::new(fake.client());
    let mut pages = client.list_as_groups().pages();
    let first = pages.next().await.expect("one result");
    let err = first.expect_err("refused");
    assert_eq!(err.service_code(), Some(&otc_as::ErrorCode::As0001));
    assert!(pages.next().await.is_none());
}
