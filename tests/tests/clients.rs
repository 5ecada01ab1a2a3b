//! The generated AS, IMS and MRS clients against the local fake OTC: what goes on the wire
//! (method, path, query, headers, body) and what comes back (typed bodies, statuses), with the
//! IAM token flow underneath.

use otc_tests::{FakeOtc, PROJECT_ID, TOKEN};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

fn as_path(rest: &str) -> String {
    format!("/autoscaling-api/v1/{PROJECT_ID}{rest}")
}

/// Number of IAM token requests the fake received.
async fn iam_requests(fake: &FakeOtc) -> usize {
    fake.server()
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == "/v3/auth/tokens")
        .count()
}

#[tokio::test]
async fn as_list_get_create_update_delete_and_action() {
    let fake = FakeOtc::start().await;
    let client = otc_as::Client::new(fake.client());

    // List with paging parameters: they must arrive as query parameters.
    Mock::given(method("GET"))
        .and(path(as_path("/scaling_group")))
        .and(query_param("start_number", "20"))
        .and(query_param("limit", "10"))
        .and(query_param("scaling_group_status", "INSERVICE"))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total_number": 21, "start_number": 20, "limit": 10,
            "scaling_groups": [{
                "scaling_group_name": "web", "scaling_group_id": "g-1",
                "scaling_group_status": "INSERVICE", "current_instance_number": 2,
                "networks": [{"id": "subnet-1"}], "is_scaling": false
            }]
        })))
        .expect(1)
        .mount(fake.server())
        .await;
    let list = client
        .list_as_groups()
        .start_number(20)
        .limit(10)
        .scaling_group_status(otc_as::types::ScalingGroupStatus::Inservice)
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(list.status, 200);
    assert_eq!(list.body.total_number, Some(21));
    let groups = list.body.scaling_groups;
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].scaling_group_id.as_deref(), Some("g-1"));
    assert_eq!(groups[0].current_instance_number, Some(2));
    assert_eq!(
        groups[0].scaling_group_status,
        Some(otc_as::types::ScalingGroupStatus::Inservice)
    );

    // Get.
    fake.answer(
        "GET",
        &as_path("/scaling_group/g-1"),
        200,
        json!({"scaling_group": {"scaling_group_id": "g-1", "scaling_group_name": "web"}}),
        "req-get",
    )
    .await;
    let got = client
        .get_as_group("g-1")
        .send()
        .await
        .expect("get succeeds");
    assert_eq!(got.request_id.as_deref(), Some("req-get"));
    let group = got.body.scaling_group.expect("group");
    assert_eq!(group.scaling_group_name.as_deref(), Some("web"));

    // Create: the typed body is what goes on the wire.
    // Required fields by name (two strings cannot be swapped silently), optional ones chained.
    let body =
        otc_as::types::CreateAsGroupRequest::new(otc_as::types::CreateAsGroupRequestRequired {
            scaling_group_name: "web".into(),
            scaling_configuration_id: "config-1".into(),
            networks: vec![otc_as::types::Network::new("subnet-1")],
            vpc_id: "vpc-1".into(),
        })
        .with_max_instance_number(5);
    Mock::given(method("POST"))
        .and(path(as_path("/scaling_group")))
        .and(body_json(json!({
            "scaling_group_name": "web", "scaling_configuration_id": "config-1",
            "networks": [{"id": "subnet-1"}], "vpc_id": "vpc-1", "max_instance_number": 5
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"scaling_group_id": "g-2"})))
        .expect(1)
        .mount(fake.server())
        .await;
    let created = client
        .create_as_group(body)
        .send()
        .await
        .expect("create succeeds");
    assert_eq!(created.body.scaling_group_id.as_deref(), Some("g-2"));

    // Update.
    let update = otc_as::types::UpdateAsGroupRequest::default().with_desire_instance_number(3);
    Mock::given(method("PUT"))
        .and(path(as_path("/scaling_group/g-2")))
        .and(body_json(json!({"desire_instance_number": 3})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"scaling_group_id": "g-2"})))
        .expect(1)
        .mount(fake.server())
        .await;
    client
        .update_as_group("g-2", update)
        .send()
        .await
        .expect("update succeeds");

    // Action: pause the group.
    Mock::given(method("POST"))
        .and(path(as_path("/scaling_group/g-2/action")))
        .and(body_json(json!({"action": "pause"})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(fake.server())
        .await;
    let paused = client
        .enable_or_disable_as_group(
            "g-2",
            otc_as::types::EnableOrDisableAsGroupRequest::new(
                otc_as::types::EnableOrDisableAsGroupRequestAction::Pause,
            ),
        )
        .send()
        .await
        .expect("action succeeds");
    assert_eq!(paused.status, 204);

    // Delete with a typed enum query parameter.
    Mock::given(method("DELETE"))
        .and(path(as_path("/scaling_group/g-2")))
        .and(query_param("force_delete", "yes"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(fake.server())
        .await;
    client
        .delete_as_group("g-2")
        .force_delete(otc_as::types::ForceDelete::Yes)
        .send()
        .await
        .expect("delete succeeds");

    // One token for all of it.
    assert_eq!(iam_requests(&fake).await, 1);
}

#[tokio::test]
async fn ims_list_with_marker_and_json_patch_update() {
    let fake = FakeOtc::start().await;
    let client = otc_ims::Client::new(fake.client());
    Mock::given(method("GET"))
        .and(path("/v2/cloudimages"))
        .and(query_param("marker", "img-9"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "images": [{"id": "img-10", "name": "ubuntu", "status": "active", "min_disk": 40}]
        })))
        .expect(1)
        .mount(fake.server())
        .await;
    let page = client
        .list_images()
        .marker("img-9")
        .limit(2)
        .send()
        .await
        .expect("list succeeds");
    let images = page.body.images;
    assert_eq!(images[0].id.as_deref(), Some("img-10"));

    // The IMS update takes a JSON array body as application/json.
    let changes = vec![otc_ims::types::UpdateImageRequestItem::new(
        otc_ims::types::UpdateImageRequestItemRequired {
            op: otc_ims::types::UpdateImageRequestItemOp::Replace,
            path: "/name".into(),
            value: "renamed".into(),
        },
    )];
    Mock::given(method("PATCH"))
        .and(path("/v2/cloudimages/img-10"))
        .and(header("Content-Type", "application/json"))
        .and(body_json(
            json!([{"op": "replace", "path": "/name", "value": "renamed"}]),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "img-10", "name": "renamed"})),
        )
        .expect(1)
        .mount(fake.server())
        .await;
    let updated = client
        .update_image("img-10", changes)
        .send()
        .await
        .expect("update succeeds");
    assert_eq!(updated.status, 200);

    // Glance's JSON Patch goes with its own content type.
    let patch = otc_ims::types::UpdateImageNativeRequestItem::new(
        otc_ims::types::UpdateImageNativeRequestItemRequired {
            op: otc_ims::types::UpdateImageNativeRequestItemOp::Remove,
            path: "/tags/old".into(),
        },
    );
    assert_eq!(patch.value, None);
    Mock::given(method("PATCH"))
        .and(path("/v2/images/img-10"))
        .and(header(
            "Content-Type",
            "application/openstack-images-v2.1-json-patch",
        ))
        .and(body_json(json!([{"op": "remove", "path": "/tags/old"}])))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "img-10"})))
        .expect(1)
        .mount(fake.server())
        .await;
    client
        .update_image_native("img-10", vec![patch])
        .send()
        .await
        .expect("patch succeeds");
}

#[tokio::test]
async fn mrs_get_and_delete_cluster() {
    let fake = FakeOtc::start().await;
    let client = otc_mrs::Client::new(fake.client());
    let cluster_path = format!("/v1.1/{PROJECT_ID}/cluster_infos/c-1");
    fake.answer("GET", &cluster_path, 200, json!({"cluster": {"clusterId": "c-1", "clusterName": "analytics", "clusterState": "running"}}), "req-mrs")
        .await;
    let got = client
        .get_cluster("c-1")
        .send()
        .await
        .expect("get succeeds");
    assert_eq!(got.request_id.as_deref(), Some("req-mrs"));
    assert_eq!(got.status, 200);

    fake.answer_empty(
        "DELETE",
        &format!("/v1.1/{PROJECT_ID}/clusters/c-1"),
        204,
        "req-del",
    )
    .await;
    let deleted = client
        .delete_cluster("c-1")
        .send()
        .await
        .expect("delete succeeds");
    assert_eq!(deleted.status, 204);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_per_segment() {
    let fake = FakeOtc::start().await;
    let client = otc_as::Client::new(fake.client());
    // Accept any path; check what arrived afterwards.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"scaling_group": {}})))
        .mount(fake.server())
        .await;
    for (id, encoded) in [
        ("a/b", "a%2Fb"),
        ("with space", "with%20space"),
        ("grüße", "gr%C3%BC%C3%9Fe"),
        ("q?x=1#f", "q%3Fx%3D1%23f"),
    ] {
        client
            .get_as_group(id)
            .send()
            .await
            .expect("request succeeds");
        let requests = fake.server().received_requests().await.unwrap_or_default();
        let last = requests.last().expect("a request arrived");
        assert_eq!(
            last.url.path(),
            as_path(&format!("/scaling_group/{encoded}")),
            "{id:?} must stay one path segment"
        );
    }
}

#[tokio::test]
async fn the_token_is_fetched_once_for_concurrent_calls_across_services() {
    let fake = FakeOtc::start().await;
    let runtime = fake.client();
    let as_client = otc_as::Client::new(runtime.clone());
    let ims_client = otc_ims::Client::new(runtime.clone());
    fake.answer(
        "GET",
        &as_path("/scaling_group"),
        200,
        json!({"scaling_groups": []}),
        "r1",
    )
    .await;
    fake.answer("GET", "/v2/cloudimages", 200, json!({"images": []}), "r2")
        .await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (a, m) = (as_client.clone(), ims_client.clone());
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                a.list_as_groups()
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            } else {
                m.list_images()
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        }));
    }
    for t in tasks {
        t.await.expect("task ran").expect("call succeeds");
    }
    assert_eq!(iam_requests(&fake).await, 1);
}

#[tokio::test]
async fn a_wrong_password_is_an_auth_error_without_the_password() {
    let fake = FakeOtc::start().await;
    let runtime = otc_runtime::Client::builder()
        .region(otc_tests::REGION)
        .auth(otc_runtime::Auth::Password(otc_runtime::PasswordAuth::new(
            fake.auth_url(),
            otc_tests::USER,
            otc_runtime::Secret::new("not-the-password-xyz"),
            otc_tests::DOMAIN,
            otc_runtime::ProjectScope::Id(PROJECT_ID.to_owned()),
        )))
        .build()
        .expect("valid configuration");
    let client = otc_as::Client::new(runtime);
    // The project id is configured by scope, so the first IAM call happens on send.
    let err = client
        .get_as_group("g")
        .send()
        .await
        .expect_err("login fails");
    assert!(matches!(err, otc_runtime::Error::Auth(_)), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("not-the-password-xyz"), "{text}");
    assert!(
        text.contains("401") || text.to_lowercase().contains("password is wrong"),
        "{text}"
    );
}
