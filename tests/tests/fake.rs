//! The fake for users' tests (`otc_<svc>::fake`, feature `fake`): typed answers, typed service
//! errors in each service's own envelope, the typed requests received, answers in turn, an
//! operation without an answer, and two services on one fake cloud.
// Test values are built with `Default` and field assignment, which keeps working when the
// generated types become `#[non_exhaustive]` (a struct literal would not).
#![allow(clippy::field_reassign_with_default)]

use otc_as::ErrorCode as AsCode;
use otc_as::types::{
    CreateAsGroupRequest, CreateAsGroupRequestRequired, CreateAsGroupResponse, Network,
};

/// A create request with the required fields and `networks`.
fn create_request(networks: Vec<Network>) -> CreateAsGroupRequest {
    CreateAsGroupRequest::new(CreateAsGroupRequestRequired {
        scaling_group_name: "web".into(),
        scaling_configuration_id: "config-1".into(),
        networks,
        vpc_id: "vpc-1".into(),
    })
}

#[tokio::test]
async fn typed_answers_and_typed_requests() {
    let fake = otc_as::fake::Fake::start().await;
    let mut created = CreateAsGroupResponse::default();
    created.scaling_group_id = Some("group-1".into());
    let create = fake.create_as_group();
    create.respond(created.clone());
    let client = fake.client();

    let body = create_request(vec![Network::new("subnet-1")]);
    let answer = client
        .create_as_group(body.clone())
        .send()
        .await
        .expect("the fake answers");

    assert_eq!(answer.status, 200, "the first documented status");
    assert_eq!(answer.body, created);
    let received = create.requests();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method, "POST");
    assert_eq!(
        received[0].body.as_ref(),
        Some(&body),
        "the typed body as sent"
    );
    assert_eq!(
        received[0].path_param("project_id"),
        Some(otc_runtime::fake::PROJECT_ID)
    );
    assert_eq!(
        received[0]
            .headers
            .get("x-auth-token")
            .map(|v| v.to_str().unwrap()),
        Some(otc_runtime::fake::TOKEN),
        "the client logged in to the fake IAM"
    );
}

#[tokio::test]
async fn query_parameters_and_answers_without_a_body() {
    let fake = otc_as::fake::Fake::start().await;
    let delete = fake.delete_as_group();
    delete.respond(());
    let client = fake.client();

    let answer = client
        .delete_as_group("group 1/ä")
        .force_delete(otc_as::types::ForceDelete::Yes)
        .send()
        .await
        .expect("deleted");

    assert_eq!(answer.status, 204);
    let received = delete.requests();
    assert_eq!(
        received[0].path_param("scaling_group_id"),
        Some("group 1/ä"),
        "decoded"
    );
    assert_eq!(received[0].query_param("force_delete"), Some("yes"));
    assert!(received[0].raw_body.is_empty());
}

#[tokio::test]
async fn typed_service_errors_come_in_the_service_envelope() {
    let fake = otc_as::fake::Fake::start().await;
    fake.get_as_group()
        .fail(AsCode::As2007, "The AS group does not exist.");
    let error = fake
        .client()
        .get_as_group("missing")
        .send()
        .await
        .expect_err("refused");

    let service = error.as_service().expect("a service error");
    assert_eq!(
        service.status(),
        400,
        "the status the reference gives AS.2007"
    );
    assert_eq!(service.code(), Some(&AsCode::As2007));
    assert_eq!(service.message(), Some("The AS group does not exist."));
    assert_eq!(service.request_id(), Some("fake-get_as_group"));
    let body: serde_json::Value = serde_json::from_slice(service.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"error": {"code": "AS.2007", "message": "The AS group does not exist."}}),
        "AS answers errors nested under `error`"
    );

    // MRS answers `{"error_code", "error_msg"}`.
    let mrs = otc_mrs::fake::Fake::start().await;
    mrs.get_cluster().fail_with_status(
        404,
        otc_mrs::ErrorCode::E12000003,
        "The cluster does not exist.",
    );
    let error = mrs
        .client()
        .get_cluster("c-1")
        .send()
        .await
        .expect_err("refused");
    let service = error.as_service().expect("a service error");
    assert_eq!(service.status(), 404);
    assert_eq!(service.code(), Some(&otc_mrs::ErrorCode::E12000003));
    let body: serde_json::Value = serde_json::from_slice(service.body()).unwrap();
    assert_eq!(body["error_code"], "12000003");
}

#[tokio::test]
async fn answers_in_turn_then_the_last_one_repeats() {
    let fake = otc_as::fake::Fake::start().await;
    let mut first = CreateAsGroupResponse::default();
    first.scaling_group_id = Some("group-1".into());
    fake.create_as_group()
        .fail(AsCode::As2007, "not yet")
        .then_respond(first.clone());
    let client = fake.client();
    let body = || create_request(vec![]);

    let refused = client.create_as_group(body()).send().await;
    assert_eq!(refused.expect_err("first answer").status(), Some(400));
    for _ in 0..2 {
        let answer = client
            .create_as_group(body())
            .send()
            .await
            .expect("then success");
        assert_eq!(answer.body, first);
    }
    assert_eq!(
        fake.create_as_group().request_count(),
        3,
        "one stub per operation"
    );
}

#[tokio::test]
async fn an_operation_without_an_answer_says_so() {
    let fake = otc_as::fake::Fake::start().await;
    let groups = fake.list_as_groups();
    let error = fake
        .client()
        .list_as_groups()
        .send()
        .await
        .expect_err("no answer set");
    assert_eq!(error.status(), Some(501));
    let message = error
        .as_service()
        .and_then(|e| e.message())
        .unwrap_or_default();
    assert!(message.contains("as.list_as_groups"), "{message}");
    assert_eq!(groups.request_count(), 1, "still recorded");
}

#[tokio::test]
async fn two_services_share_one_fake_cloud_and_one_login() {
    let autoscaling = otc_as::fake::Fake::start().await;
    let images = otc_ims::fake::Fake::on(autoscaling.cloud());
    autoscaling.get_as_group().respond(Default::default());
    let mut quota = otc_ims::types::GetImageQuotaResponse::default();
    quota.quotas = Some(Default::default());
    images.get_image_quota().respond(quota.clone());

    let runtime = autoscaling.cloud().client();
    let as_client = otc_as::Client::new(runtime.clone());
    let ims_client = otc_ims::Client::new(runtime);
    as_client
        .get_as_group("g")
        .send()
        .await
        .expect("AS answers");
    let answer = ims_client
        .get_image_quota()
        .send()
        .await
        .expect("IMS answers");
    assert_eq!(answer.body, quota);

    let logins = autoscaling
        .cloud()
        .server()
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == "/v3/auth/tokens")
        .count();
    assert_eq!(logins, 1, "one token serves both services");
}
