//! Where the reference and the service disagree about a shape, the generated clients accept
//! what the service sends: MRS `clusterTotal` as a number or a string, IAM's token
//! verification answer for an unscoped token (no `roles`).

use otc_tests::{FakeOtc, PROJECT_ID, TOKEN};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn mrs_cluster_total_is_accepted_as_a_number_or_a_string_and_ends_paging() {
    let fake = FakeOtc::start().await;
    let clusters = format!("/v1.1/{PROJECT_ID}/cluster_infos");
    // The service's own form (a number) on page 1, the documented one (a string) on page 2.
    for (page, total, ids) in [
        ("1", json!(3), vec!["c1", "c2"]),
        ("2", json!("3"), vec!["c3"]),
    ] {
        let items: Vec<_> = ids.iter().map(|id| json!({"clusterId": id})).collect();
        Mock::given(method("GET"))
            .and(path(clusters.clone()))
            .and(query_param("currentPage", page))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"clusterTotal": total, "clusters": items})),
            )
            .expect(1)
            .mount(fake.server())
            .await;
    }
    let mrs = otc_mrs::Client::new(fake.client());
    let first = mrs
        .list_clusters()
        .page_size(2)
        .current_page(1)
        .send()
        .await
        .expect("a numeric clusterTotal decodes");
    assert_eq!(first.body.cluster_total, Some(3));
    let mut pages = mrs.list_clusters().page_size(2).current_page(2).pages();
    let second = pages
        .next()
        .await
        .expect("a page")
        .expect("a string clusterTotal decodes");
    assert_eq!(second.body.cluster_total, Some(3));
    assert!(pages.next().await.is_none(), "3 of 3 seen: no page 3");
}

#[tokio::test]
async fn iam_verifies_an_unscoped_token_without_roles() {
    let fake = FakeOtc::start().await;
    const CHECKED: &str = "unscoped-token-to-verify";
    // Keystone's answer for an unscoped (federated) token: no roles, no project, no catalog.
    Mock::given(method("GET"))
        .and(path("/v3/auth/tokens"))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("X-Subject-Token", CHECKED))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Subject-Token", CHECKED)
                .set_body_json(json!({"token": {
                    "methods": ["mapped"],
                    "expires_at": "2099-12-31T23:59:59.000000Z",
                    "issued_at": "2026-01-01T00:00:00.000000Z",
                    "user": {"id": "u-fed", "name": "federated-user",
                             "domain": {"id": "d-1", "name": "OTC-EU-DE-00000000001000000001"},
                             "OS-FEDERATION": {"identity_provider": {"id": "idp"}, "protocol": {"id": "saml"}, "groups": []}}
                }})),
        )
        .expect(1)
        .mount(fake.server())
        .await;
    let iam = otc_iam::Client::new(fake.client());
    let verified = iam
        .verify_token_and_return_valid_token(CHECKED)
        .send()
        .await
        .expect("an unscoped token's answer decodes");
    let token = verified.body.token;
    assert_eq!(token.methods, ["mapped"]);
    assert!(token.roles.is_empty(), "no roles: {:?}", token.roles);
    assert_eq!(token.user.name.as_deref(), Some("federated-user"));
    // The token being verified is a secret parameter: not in the builder's Debug.
    let builder = iam.verify_token_and_return_valid_token(CHECKED);
    assert!(!format!("{builder:?}").contains(CHECKED));
}
