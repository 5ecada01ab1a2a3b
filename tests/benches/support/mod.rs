//! Shared by the benches of `otc-tests`: a tiny loopback HTTP/1.1 server, hand-written
//! structs equivalent to the generated AS and IMS list types, and realistic list bodies.
#![allow(dead_code)]

pub mod calls;
pub mod hand;
pub mod server;

use serde_json::{Value, json};

/// Project id and token the benches use (any values work: the tiny server checks nothing).
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// Token sent as `X-Auth-Token`.
pub const TOKEN: &str = "bench-token-MIIDkgYJKoZIhvcNAQcCoIIDgzCCA38CAQExDTALBglghkgBZQMEAgEw";

fn uuid(i: usize, salt: u32) -> String {
    let a = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ u64::from(salt);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a >> 4) as u16 & 0xfff,
        a as u16 & 0xfff,
        a & 0xffff_ffff_ffff
    )
}

/// One AS group as `GET /autoscaling-api/v1/{project_id}/scaling_group` lists it: the
/// documented fields, with values shaped like the reference's example.
pub fn as_group(i: usize) -> Value {
    let status = ["INSERVICE", "PAUSED", "ERROR", "DELETING"][i % 4];
    json!({
        "scaling_group_name": format!("as-group-{i:05}"),
        "scaling_group_id": uuid(i, 1),
        "scaling_group_status": status,
        "scaling_configuration_id": uuid(i, 2),
        "scaling_configuration_name": format!("as-config-{i:05}"),
        "current_instance_number": i % 7,
        "desire_instance_number": i % 7,
        "min_instance_number": 0,
        "max_instance_number": 50,
        "cool_down_time": 300,
        "lb_listener_id": null,
        "lbaas_listeners": [{"listener_id": uuid(i, 3), "pool_id": uuid(i, 4), "protocol_port": 80, "weight": 1}],
        "available_zones": ["eu-de-01", "eu-de-02"],
        "networks": [{"id": uuid(i, 5), "ipv6_enable": false, "ipv6_bandwidth": null}],
        "security_groups": [{"id": uuid(i, 6)}],
        "create_time": "2026-03-02T08:15:27Z",
        "vpc_id": uuid(i, 7),
        "detail": null,
        "is_scaling": false,
        "health_periodic_audit_method": "NOVA_AUDIT",
        "health_periodic_audit_time": 5,
        "health_periodic_audit_grace_period": 600,
        "instance_terminate_policy": "OLD_CONFIG_OLD_INSTANCE",
        "notifications": ["EMAIL"],
        "delete_publicip": true,
        "delete_volume": false,
        "cloud_location_id": null,
        "enterprise_project_id": "0",
        "activity_type": "RESUME",
        "multi_az_priority_policy": "EQUILIBRIUM_DISTRIBUTE",
        "description": "web tier"
    })
}

/// A list-groups answer with `n` groups.
pub fn as_groups_body(n: usize) -> Vec<u8> {
    let groups: Vec<Value> = (0..n).map(as_group).collect();
    serde_json::to_vec(&json!({
        "total_number": n, "start_number": 0, "limit": n,
        "scaling_groups": groups,
    }))
    .expect("serializes")
}

/// One IMS image as `GET /v2/cloudimages` lists it (a public image with the usual fields).
pub fn ims_image(i: usize) -> Value {
    let status = ["active", "queued", "saving", "active"][i % 4];
    let visibility = ["public", "private", "shared"][i % 3];
    let format = ["zvhd2", "qcow2", "vhd", "raw"][i % 4];
    let mut image = json!({
        "file": format!("/v2/images/{}/file", uuid(i, 11)),
        "owner": "1bed856811654c1cb661a6ca845ebc77",
        "id": uuid(i, 11),
        "size": 2_147_483_648_i64 + i as i64,
        "self": format!("/v2/images/{}", uuid(i, 11)),
        "schema": "/v2/schemas/image",
        "status": status,
        "tags": ["os:ubuntu", "tier:base"],
        "visibility": visibility,
        "name": format!("Standard_Ubuntu_24.04_{i:05}"),
        "checksum": "d41d8cd98f00b204e9800998ecf8427e",
        "protected": i % 2 == 0,
        "container_format": "bare",
        "min_ram": 1024,
        "max_ram": "65536",
        "updated_at": "2026-01-05T09:24:51Z",
        "__os_bit": "64",
        "__os_version": "Ubuntu 24.04 server 64bit",
        "__description": "Ubuntu 24.04 base image",
        "disk_format": format,
        "__isregistered": "true",
        "__platform": "Ubuntu",
        "__os_type": "Linux",
        "min_disk": 12,
        "virtual_env_type": "FusionCompute",
        "__image_source_type": "uds",
    });
    let rest = json!({
        "__imagetype": "gold",
        "created_at": "2026-01-05T09:21:13Z",
        "virtual_size": 0,
        "__originalimagename": uuid(i, 12),
        "__backup_id": "",
        "__image_size": "2147483648",
        "__data_origin": format!("image,{}", uuid(i, 13)),
        "__lazyloading": "true",
        "active_at": "2026-01-05T09:24:51Z",
        "__os_feature_list": "{\"onekey_resetpasswd\": \"true\"}",
        "__support_kvm": "true",
        "__support_xen": "false",
        "__support_largememory": "false",
        "__support_diskintensive": "false",
        "__support_highperformance": "false",
        "__support_xen_gpu_type": "",
        "__support_kvm_gpu_type": "",
        "__support_xen_hana": "false",
        "__support_kvm_infiniband": "false",
        "enterprise_project_id": "0",
        "__root_origin": "file",
        "__sequence_num": "0",
        "__support_fc_inject": "true",
        "hw_firmware_type": "bios",
        "hw_vif_multiqueue_enabled": "true",
        "__system__cmkid": "",
        "__support_amd": "false"
    });
    // Two objects: one `json!` this size exceeds the default macro recursion limit.
    if let (Some(image), Value::Object(rest)) = (image.as_object_mut(), rest) {
        image.extend(rest);
    }
    image
}

/// A list-images answer with `n` images.
pub fn ims_images_body(n: usize) -> Vec<u8> {
    let images: Vec<Value> = (0..n).map(ims_image).collect();
    serde_json::to_vec(&json!({ "images": images })).expect("serializes")
}
