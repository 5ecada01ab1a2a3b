//! The VPC and SFS clients against the local fake OTC: a VPC list paged by marker, the SFS
//! quota path that holds the project id twice, and the VPC error codes documented with more
//! than one status.

use otc_tests::{FakeOtc, PROJECT_ID, TOKEN};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn vpcs_are_listed_page_by_page_with_marker_and_limit() {
    let fake = FakeOtc::start().await;
    let vpcs = format!("/v1/{PROJECT_ID}/vpcs");
    Mock::given(method("GET"))
        .and(path(vpcs.clone()))
        .and(query_param("limit", "2"))
        .and(query_param_is_missing("marker"))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"vpcs": [
            {"id": "v1", "name": "a", "cidr": "10.0.0.0/16", "status": "OK"},
            {"id": "v2", "name": "b", "cidr": "10.1.0.0/16", "status": "OK"}
        ]})))
        .expect(1)
        .mount(fake.server())
        .await;
    Mock::given(method("GET"))
        .and(path(vpcs))
        .and(query_param("limit", "2"))
        .and(query_param("marker", "v2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"vpcs": [
            {"id": "v3", "name": "c", "cidr": "10.2.0.0/16", "status": "CREATING"}
        ]})))
        .expect(1)
        .mount(fake.server())
        .await;
    let client = otc_vpc::Client::new(fake.client());
    let all = client
        .list_vpcs_v1()
        .limit(2)
        .items()
        .collect()
        .await
        .expect("fetched");
    let names: Vec<_> = all.iter().filter_map(|v| v.name.as_deref()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(all[2].cidr.as_deref(), Some("10.2.0.0/16"));
}

#[tokio::test]
async fn the_sfs_quota_path_carries_the_project_id_twice() {
    let fake = FakeOtc::start().await;
    fake.answer(
        "GET",
        &format!("/v2/{PROJECT_ID}/os-quota-sets/{PROJECT_ID}"),
        200,
        json!({"quota_set": {"id": PROJECT_ID, "shares": {"limit": 50, "in_use": 4, "reserved": 0}, "gigabytes": {"limit": 1000, "in_use": 645, "reserved": 0}}}),
        "req-sfs-quota-1",
    )
    .await;
    let client = otc_sfs::Client::new(fake.client());
    let answer = client.quota_management().send().await.expect("answered");
    assert_eq!(answer.request_id.as_deref(), Some("req-sfs-quota-1"));
    let quota = answer.body.quota_set.expect("a quota set");
    assert_eq!(quota.gigabytes.and_then(|g| g.in_use), Some(645));
}

#[test]
fn vpc_codes_keep_every_documented_status() {
    let code = otc_vpc::ErrorCode::from("VPC.0101");
    assert!(!code.is_unknown());
    assert_eq!(code.http_statuses(), &[400, 404]);
    assert!(otc_vpc::ErrorCode::for_status(404).any(|c| c == &code));
    assert!(code.documentation().len() > 1, "several documented rows");
}
