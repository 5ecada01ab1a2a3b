//! Made-up answers for the quickstart: a few AS groups, images and MRS clusters, and one refusal,
//! shaped like what the services send.

use serde_json::json;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::{FakeOtc, PROJECT_ID, TOKEN};

impl FakeOtc {
    /// Mounts the answers the quickstart asks for.
    pub async fn mount_quickstart_data(&self) {
        self.answer(
            "GET",
            &format!("/v1/{PROJECT_ID}/vpcs"),
            200,
            json!({"vpcs": [
                {"id": "13551d6b-755d-4757-b956-536f674975c0", "name": "default", "description": "",
                 "cidr": "172.16.0.0/16", "status": "OK", "routes": [], "enterprise_project_id": "0",
                 "tenant_id": PROJECT_ID, "created_at": "2026-02-17T09:31:12Z", "updated_at": "2026-02-17T09:31:14Z"},
                {"id": "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85", "name": "batch", "description": "batch workers",
                 "cidr": "10.8.0.0/16", "status": "CREATING", "routes": [], "enterprise_project_id": "0",
                 "tenant_id": PROJECT_ID, "created_at": "2026-06-01T12:00:00Z", "updated_at": "2026-06-01T12:00:00Z"}
            ]}),
            "req-vpc-list-0001",
        )
        .await;
        let groups = format!("/autoscaling-api/v1/{PROJECT_ID}/scaling_group");
        self.answer(
            "GET",
            &groups,
            200,
            json!({
                "total_number": 2, "start_number": 0, "limit": 20,
                "scaling_groups": [
                    {"scaling_group_name": "web-frontend", "scaling_group_id": "77a5d3fa-0c1c-4bd2-8d5f-21c2d1a6a4c1",
                     "scaling_group_status": "INSERVICE", "current_instance_number": 3, "desire_instance_number": 3,
                     "min_instance_number": 2, "max_instance_number": 10, "create_time": "2026-03-02T08:15:27Z",
                     "networks": [{"id": "9f1e2f4c-8f2b-4e0a-9d6c-1b6f3c2d1e0a"}], "is_scaling": false},
                    {"scaling_group_name": "batch-workers", "scaling_group_id": "0b6f3c2d-1e0a-4bd2-8d5f-77a5d3fa0c1c",
                     "scaling_group_status": "PAUSED", "current_instance_number": 0, "desire_instance_number": 0,
                     "min_instance_number": 0, "max_instance_number": 50, "create_time": "2026-05-11T17:02:44Z",
                     "networks": [{"id": "9f1e2f4c-8f2b-4e0a-9d6c-1b6f3c2d1e0a"}], "is_scaling": false}
                ]
            }),
            "req-as-list-0001",
        )
        .await;
        self.answer(
            "GET",
            &format!("{groups}/77a5d3fa-0c1c-4bd2-8d5f-21c2d1a6a4c1"),
            200,
            json!({"scaling_group": {
                "scaling_group_name": "web-frontend", "scaling_group_id": "77a5d3fa-0c1c-4bd2-8d5f-21c2d1a6a4c1",
                "scaling_group_status": "INSERVICE", "current_instance_number": 3, "cool_down_time": 300,
                "health_periodic_audit_method": "NOVA_AUDIT", "instance_terminate_policy": "OLD_CONFIG_OLD_INSTANCE",
                "vpc_id": "a8327883-6b07-4497-9c61-68d03ee193a", "delete_publicip": true
            }}),
            "req-as-get-0002",
        )
        .await;
        // Any other group id: refused the way AS refuses.
        Mock::given(method("GET"))
            .and(path_regex(format!("^{groups}/[^/]+$")))
            .and(wiremock::matchers::header("X-Auth-Token", TOKEN))
            .respond_with(
                ResponseTemplate::new(404)
                    .insert_header("X-Request-Id", "req-as-get-0003")
                    .set_body_json(json!({"error": {"code": "AS.2007", "message": "The AS group does not exist."}})),
            )
            .with_priority(10)
            .mount(self.server())
            .await;
        self.answer(
            "GET",
            "/v2/cloudimages",
            200,
            json!({"images": [
                {"id": "3f7185de-b59a-4bb8-aa2d-e2b2b5ab7c3f", "name": "Standard_Ubuntu_24.04_latest", "status": "active",
                 "visibility": "public", "min_disk": 12, "size": 2147483648_i64, "disk_format": "qcow2",
                 "__os_version": "Ubuntu 24.04 server 64bit", "__os_bit": "64", "__isregistered": "true",
                 "created_at": "2026-01-05T09:21:13Z"},
                {"id": "a0d2e7c5-6f11-4e0c-9b43-3c4f7f2a8e21", "name": "my-golden-image", "status": "queued",
                 "visibility": "private", "min_disk": 40, "disk_format": "zvhd2",
                 "__os_version": "Debian GNU/Linux 12 64bit", "__os_bit": "64", "__isregistered": "true",
                 "created_at": "2026-11-20T14:02:55Z"}
            ]}),
            "req-ims-list-0004",
        )
        .await;
        Mock::given(method("GET"))
            .and(path(format!("/v1.1/{PROJECT_ID}/cluster_infos")))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("X-Request-Id", "req-mrs-list-0005")
                    .set_body_json(json!({"clusterTotal": "1", "clusters": [{
                        "clusterId": "bc134369-294c-42b7-a707-b2036ba38524", "clusterName": "analytics",
                        "clusterState": "running", "masterNodeNum": "2", "coreNodeNum": "3", "totalNodeNum": "5",
                        "clusterVersion": "MRS 3.1.2-LTS.3", "createAt": "1763820000", "billingType": "Metered"
                    }]})),
            )
            .mount(self.server())
            .await;
    }
}
