//! Hand-written equivalents of the generated list types: what one would write with plain
//! serde derives for the same wire format. Same fields (every documented one), `Option` for
//! fields that may be absent, serde-derived enums whose unknown values fall into a unit
//! `Unknown` (`#[serde(other)]`; the generated enums keep the unknown string instead).

use serde::Deserialize;

/// `GET /autoscaling-api/v1/{project_id}/scaling_group`.
#[derive(Debug, Deserialize)]
pub struct ListAsGroups {
    pub total_number: Option<i64>,
    pub start_number: Option<i64>,
    pub limit: Option<i64>,
    pub scaling_groups: Option<Vec<ScalingGroup>>,
}

#[derive(Debug, Deserialize)]
pub struct ScalingGroup {
    pub scaling_group_name: Option<String>,
    pub scaling_group_id: Option<String>,
    pub scaling_group_status: Option<String>,
    pub scaling_configuration_id: Option<String>,
    pub scaling_configuration_name: Option<String>,
    pub current_instance_number: Option<i64>,
    pub desire_instance_number: Option<i64>,
    pub min_instance_number: Option<i64>,
    pub max_instance_number: Option<i64>,
    pub cool_down_time: Option<i64>,
    pub lb_listener_id: Option<String>,
    pub lbaas_listeners: Option<Vec<LbaasListener>>,
    pub available_zones: Option<Vec<String>>,
    pub networks: Option<Vec<Network>>,
    pub security_groups: Option<Vec<SecurityGroup>>,
    pub create_time: Option<String>,
    pub vpc_id: Option<String>,
    pub detail: Option<String>,
    pub is_scaling: Option<bool>,
    pub health_periodic_audit_method: Option<String>,
    pub health_periodic_audit_time: Option<i64>,
    pub health_periodic_audit_grace_period: Option<i64>,
    pub instance_terminate_policy: Option<String>,
    pub notifications: Option<Vec<String>>,
    pub delete_publicip: Option<bool>,
    pub delete_volume: Option<bool>,
    pub cloud_location_id: Option<String>,
    pub enterprise_project_id: Option<String>,
    pub activity_type: Option<String>,
    pub multi_az_priority_policy: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LbaasListener {
    pub listener_id: Option<String>,
    pub pool_id: Option<String>,
    pub protocol_port: Option<i64>,
    pub weight: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct Network {
    pub id: Option<String>,
    pub ipv6_enable: Option<bool>,
    pub ipv6_bandwidth: Option<Ipv6Bandwidth>,
}

#[derive(Debug, Deserialize)]
pub struct Ipv6Bandwidth {
    pub id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SecurityGroup {
    pub id: Option<String>,
}

/// `GET /v2/cloudimages`.
#[derive(Debug, Deserialize)]
pub struct ListImages {
    pub images: Option<Vec<Image>>,
}

#[derive(Debug, Deserialize)]
pub struct Image {
    pub file: Option<String>,
    pub owner: Option<String>,
    pub id: Option<String>,
    pub size: Option<i64>,
    #[serde(rename = "self")]
    pub self_: Option<String>,
    pub schema: Option<String>,
    pub status: Option<ImageStatus>,
    pub tags: Option<Vec<String>>,
    pub visibility: Option<Visibility>,
    pub name: Option<String>,
    pub checksum: Option<String>,
    pub protected: Option<bool>,
    pub container_format: Option<String>,
    pub min_ram: Option<i64>,
    pub max_ram: Option<String>,
    pub updated_at: Option<String>,
    #[serde(rename = "__os_bit")]
    pub os_bit: Option<String>,
    #[serde(rename = "__os_version")]
    pub os_version: Option<String>,
    #[serde(rename = "__description")]
    pub description: Option<String>,
    pub disk_format: Option<DiskFormat>,
    #[serde(rename = "__isregistered")]
    pub isregistered: Option<TrueFalse>,
    #[serde(rename = "__platform")]
    pub platform: Option<String>,
    #[serde(rename = "__os_type")]
    pub os_type: Option<OsType>,
    pub min_disk: Option<i64>,
    pub virtual_env_type: Option<VirtualEnvType>,
    #[serde(rename = "__image_source_type")]
    pub image_source_type: Option<String>,
    #[serde(rename = "__imagetype")]
    pub imagetype: Option<String>,
    pub created_at: Option<String>,
    pub virtual_size: Option<i64>,
    #[serde(rename = "__originalimagename")]
    pub originalimagename: Option<String>,
    #[serde(rename = "__backup_id")]
    pub backup_id: Option<String>,
    #[serde(rename = "__image_size")]
    pub image_size: Option<String>,
    #[serde(rename = "__data_origin")]
    pub data_origin: Option<String>,
    #[serde(rename = "__lazyloading")]
    pub lazyloading: Option<Lazyloading>,
    pub active_at: Option<String>,
    #[serde(rename = "__os_feature_list")]
    pub os_feature_list: Option<String>,
    #[serde(rename = "__support_kvm")]
    pub support_kvm: Option<String>,
    #[serde(rename = "__support_xen")]
    pub support_xen: Option<String>,
    #[serde(rename = "__support_largememory")]
    pub support_largememory: Option<String>,
    #[serde(rename = "__support_diskintensive")]
    pub support_diskintensive: Option<String>,
    #[serde(rename = "__support_highperformance")]
    pub support_highperformance: Option<String>,
    #[serde(rename = "__support_xen_gpu_type")]
    pub support_xen_gpu_type: Option<String>,
    #[serde(rename = "__support_kvm_gpu_type")]
    pub support_kvm_gpu_type: Option<String>,
    #[serde(rename = "__support_xen_hana")]
    pub support_xen_hana: Option<String>,
    #[serde(rename = "__support_kvm_infiniband")]
    pub support_kvm_infiniband: Option<String>,
    pub enterprise_project_id: Option<String>,
    #[serde(rename = "__root_origin")]
    pub root_origin: Option<String>,
    #[serde(rename = "__sequence_num")]
    pub sequence_num: Option<String>,
    #[serde(rename = "__support_fc_inject")]
    pub support_fc_inject: Option<String>,
    pub hw_firmware_type: Option<String>,
    pub hw_vif_multiqueue_enabled: Option<TrueFalse>,
    #[serde(rename = "__system__cmkid")]
    pub system_cmkid: Option<String>,
    #[serde(rename = "__support_amd")]
    pub support_amd: Option<TrueFalse>,
    #[serde(rename = "__support_kvm_hi1822_hisriov")]
    pub support_kvm_hi1822_hisriov: Option<String>,
    #[serde(rename = "__support_kvm_hi1822_hivirtionet")]
    pub support_kvm_hi1822_hivirtionet: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageStatus {
    Queued,
    Saving,
    Deleted,
    Killed,
    Active,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Private,
    Public,
    Shared,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiskFormat {
    Zvhd2,
    Vhd,
    Zvhd,
    Raw,
    Qcow2,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrueFalse {
    True,
    False,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
pub enum OsType {
    Linux,
    Windows,
    Other,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
pub enum VirtualEnvType {
    FusionCompute,
    Ironic,
    DataImage,
    IsoImage,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
pub enum Lazyloading {
    #[serde(rename = "true")]
    True,
    #[serde(rename = "false")]
    False,
    #[serde(rename = "True")]
    TrueCapitalized,
    #[serde(rename = "False")]
    FalseCapitalized,
    #[serde(other)]
    Unknown,
}

/// A record with four integers, for the cost of lenient decoding.
#[derive(Debug, Deserialize)]
pub struct Plain {
    pub a: Option<i64>,
    pub b: Option<i64>,
    pub c: Option<i64>,
    pub d: Option<i64>,
}

/// The same four integers decoded leniently (they arrive as strings), the way generated
/// code decodes a `lenient: true` field.
#[derive(Debug, Deserialize)]
pub struct Lenient {
    #[serde(default, deserialize_with = "otc_runtime::lenient::deserialize")]
    pub a: Option<i64>,
    #[serde(default, deserialize_with = "otc_runtime::lenient::deserialize")]
    pub b: Option<i64>,
    #[serde(default, deserialize_with = "otc_runtime::lenient::deserialize")]
    pub c: Option<i64>,
    #[serde(default, deserialize_with = "otc_runtime::lenient::deserialize")]
    pub d: Option<i64>,
}

/// The four values as a hand-writer reading the wire would type them: strings.
#[derive(Debug, Deserialize)]
pub struct Strings {
    pub a: Option<String>,
    pub b: Option<String>,
    pub c: Option<String>,
    pub d: Option<String>,
}
