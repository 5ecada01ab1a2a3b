//! Glance images carry user-defined properties as top-level keys. The IMS image types keep
//! the keys they do not list in `additional_properties` (spec `additional_properties: json`),
//! so a property a user added survives a read and a write, through the generated IMS client.

use otc_tests::{FakeOtc, TOKEN};
use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, ResponseTemplate};

const IMAGE: &str = "4ef4a7a8-36d4-4b4d-a1b9-8d1a0c4c1e11";

#[tokio::test]
async fn a_user_property_survives_read_and_write() {
    let fake = FakeOtc::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/images/{IMAGE}")))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": IMAGE,
            "name": "web-base",
            "status": "active",
            "visibility": "private",
            "__os_version": "Ubuntu 22.04 server 64bit",
            "properties": {},
            "build_pipeline": "nightly-42",
            "cost_center": {"id": 7, "owner": "platform"}
        })))
        .expect(1)
        .mount(fake.server())
        .await;
    // Creating a copy with the same user properties: they go on the wire as top-level keys.
    Mock::given(method("POST"))
        .and(path("/v2/images"))
        .and(body_partial_json(json!({
            "name": "web-base-copy",
            "build_pipeline": "nightly-42",
            "cost_center": {"id": 7, "owner": "platform"}
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "new-image", "name": "web-base-copy", "status": "queued",
            "build_pipeline": "nightly-42", "cost_center": {"id": 7, "owner": "platform"}
        })))
        .expect(1)
        .mount(fake.server())
        .await;

    let ims = otc_ims::Client::new(fake.client());
    let read = ims.get_image_native(IMAGE).send().await.expect("read").body;
    assert_eq!(read.name.as_deref(), Some("web-base"));
    assert_eq!(
        read.properties,
        Some(json!({})),
        "the listed key is a field"
    );
    assert_eq!(
        read.additional_properties.keys().collect::<Vec<_>>(),
        ["build_pipeline", "cost_center"],
        "only the keys the type does not list"
    );
    // Written back as read: the same keys, top-level.
    let written = serde_json::to_value(&read).expect("serialises");
    assert_eq!(written["build_pipeline"], "nightly-42");
    assert_eq!(written["cost_center"]["owner"], "platform");
    assert_eq!(written["__os_version"], "Ubuntu 22.04 server 64bit");

    let mut copy =
        otc_ims::types::CreateImageMetadataNativeRequest::default().with_name("web-base-copy");
    copy.additional_properties = read.additional_properties.clone();
    let created = ims
        .create_image_metadata_native(copy)
        .send()
        .await
        .expect("created")
        .body;
    assert_eq!(created.additional_properties, read.additional_properties);
}
