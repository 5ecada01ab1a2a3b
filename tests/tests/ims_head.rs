//! IMS `get_image_metadata_native_v1` (`HEAD /v1/images/{image_id}`): the answer has no body;
//! the metadata comes in `X-Image-Meta-*` headers, read through the generated header struct.

use otc_ims::types::GetImageMetadataNativeV1Headers;
use otc_tests::{FakeOtc, TOKEN};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

const IMAGE: &str = "3c3d1d01-b48a-4639-8a88-08be3b9b5d78";

/// The reference's example answer: `Content-Type: text/html`, no body, the data in headers.
fn reference_answer() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("Content-Type", "text/html; charset=UTF-8")
        .insert_header("X-Image-Meta-Id", IMAGE)
        .insert_header("X-Image-Meta-Deleted", "False")
        .insert_header("X-Image-Meta-Container_format", "bare")
        .insert_header("X-Image-Meta-Checksum", "64d7c1cd2b6f60c92c14662941cb7913")
        .insert_header("X-Image-Meta-Protected", "False")
        .insert_header("X-Image-Meta-Min_disk", "0")
        .insert_header("X-Image-Meta-Created_at", "2016-05-22T06:04:20.425843")
        .insert_header("X-Image-Meta-Size", "13167616")
        .insert_header("X-Image-Meta-Status", "active")
        .insert_header("X-Image-Meta-Is_public", "True")
        .insert_header("X-Image-Meta-Min_ram", "0")
        .insert_header("X-Image-Meta-Owner", "23f4cb75768d4febb39542ef6fe169f3")
        .insert_header("X-Image-Meta-Disk_format", "qcow2")
        .insert_header("X-Image-Meta-Name", "cirros")
        .insert_header("X-Image-Meta-Property-os_distro", "cirros")
        .insert_header("X-Openstack-Request-Id", "req-7123ca83")
}

#[tokio::test]
#[allow(deprecated)]
async fn head_image_metadata_reads_the_headers_and_no_body() {
    let fake = FakeOtc::start().await;
    Mock::given(method("HEAD"))
        .and(path(format!("/v1/images/{IMAGE}")))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(reference_answer())
        .expect(1)
        .mount(fake.server())
        .await;
    let ims = otc_ims::Client::new(fake.client());
    let answer = ims
        .get_image_metadata_native_v1(IMAGE)
        .send_with_headers()
        .await
        .expect("a HEAD answer without a body is a success");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.request_id.as_deref(), Some("req-7123ca83"));
    let ((), meta): &((), GetImageMetadataNativeV1Headers) = &answer.body;
    assert_eq!(meta.x_image_meta_id.as_deref(), Some(IMAGE));
    assert_eq!(meta.x_image_meta_name.as_deref(), Some("cirros"));
    assert_eq!(meta.x_image_meta_status.as_deref(), Some("active"));
    assert_eq!(meta.x_image_meta_is_public.as_deref(), Some("True"));
    assert_eq!(meta.x_image_meta_size, Some(13_167_616));
    assert_eq!(meta.x_image_meta_min_disk, Some(0));
    assert_eq!(meta.x_image_meta_disk_format.as_deref(), Some("qcow2"));
    assert_eq!(meta.x_image_meta_virtual_size, None);
    assert_eq!(
        answer.headers["x-image-meta-property-os_distro"], "cirros",
        "properties stay readable from the header map"
    );
}
