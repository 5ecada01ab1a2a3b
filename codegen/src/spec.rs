//! The spec format: what a YAML file in `specs/` may say, as serde types.
//!
//! This module only describes the format. Reading a file is [`crate::load`], checking it is
//! [`crate::validate`]. `specs/README.md` is the reference for spec authors; keep the two in step.
//!
//! Every struct denies unknown keys, so a misspelt key is an error with a position, never ignored.
//! Maps keep the order of the file ([`IndexMap`]), so generated code follows the spec's order.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// One service: the whole content of one spec file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Who the service is and where it lives.
    pub service: Service,
    /// The documented operations keyed by their snake_case name, in the order the generated
    /// client lists them. One method and path may serve several operations.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub operations: IndexMap<String, Operation>,
    /// Named types: objects, string enums and aliases, keyed by their Rust name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub types: IndexMap<String, TypeDef>,
    /// The documented error codes, keyed by the exact code string (`AS.0001`, `0171`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub errors: IndexMap<String, ErrorCodeDef>,
    /// Waiters keyed by their snake_case name: each becomes a `wait_<name>` client method that
    /// polls an operation until a state in its answer is final.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub waiters: IndexMap<String, Waiter>,
}

/// The `service:` block.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Short name, lower case (`as`, `ims`): the crate is `otc-<name>`.
    pub name: String,
    /// Human title (`Auto Scaling`).
    pub title: String,
    /// Longer description for the crate docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Endpoint template, `{region}` is filled in (`https://as.{region}.otc.t-systems.com`).
    pub endpoint: String,
    /// The service type as the IAM token catalog names it (`as`, `image`, `mrs`, `identity`).
    pub catalog_type: String,
    /// Error body shapes the service answers with (see [`ErrorEnvelope`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_envelopes: Vec<ErrorEnvelope>,
    /// Link to the published API reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// The JSON error bodies OTC services are documented to send. The runtime understands all of
/// them whatever the spec says; the list documents the service and orders nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorEnvelope {
    /// `{"error_code": "...", "error_msg": "..."}`, optionally with `request_id`.
    ErrorCodeMsg,
    /// `{"error": {"code": "AS.0001", "message": "..."}}`.
    NestedError,
    /// `{"error": {"code": 401, "message": "...", "title": "..."}}` (Keystone).
    Keystone,
    /// `{"code": "...", "message": "..."}`.
    CodeMessage,
    /// `{"errCode": "...", "errMsg": "..."}`.
    ErrCodeMsg,
    /// `{"errorCode": "...", "errorMsg": "..."}`.
    ErrorCodeMsgCamel,
    /// OpenStack `{"itemNotFound": {"message": "...", "code": 404}}` and similar wrappers.
    OpenStackFault,
}

/// HTTP methods a spec may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum Method {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "PUT")]
    Put,
    #[serde(rename = "PATCH")]
    Patch,
    #[serde(rename = "DELETE")]
    Delete,
    #[serde(rename = "HEAD")]
    Head,
}

impl Method {
    /// The method as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }

    /// GET, PUT, DELETE and HEAD may be retried without changing the result.
    pub fn is_idempotent(self) -> bool {
        matches!(
            self,
            Method::Get | Method::Put | Method::Delete | Method::Head
        )
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// HTTP method.
    pub method: Method,
    /// Path template exactly as the reference prints it, `{params}` included.
    pub path: String,
    /// Doc text (first line is the summary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The reference marks the operation deprecated or not recommended.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// The page in the reference this operation comes from (relative to the service docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Base address overriding the service endpoint, for operations served elsewhere (MRS
    /// Manager answers on the cluster's own address). Its `{params}` are path parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Which authentication the operation uses: the cloud's (IAM token or AK/SK signature,
    /// the default), the cloud's scoped to the domain (global services such as IAM: an
    /// AK/SK signature carries `X-Domain-Id` instead of `X-Project-Id`) or none. An operation with `base` must say `none`: its host is named
    /// by the caller, and the cloud's credentials never go there.
    #[serde(default, skip_serializing_if = "OperationAuth::is_cloud")]
    pub auth: OperationAuth,
    /// Safe to retry even though the method is not idempotent.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retry_safe: bool,
    /// Path, query and header parameters, keyed by wire name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub params: IndexMap<String, Param>,
    /// The request body, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestBody>,
    /// Success responses, one per documented status.
    pub responses: Vec<Response>,
    /// How the operation pages through a list, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    /// Why a human changed what the importer wrote; kept so a re-import does not undo it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
}

/// The authentication an operation uses (`auth:`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationAuth {
    /// The cloud's credentials: the IAM token or the AK/SK signature.
    #[default]
    Cloud,
    /// The cloud's credentials for a global service: as `cloud`, and an AK/SK signature
    /// names the domain (`X-Domain-Id`) instead of the project.
    Domain,
    /// None from the cloud: nothing is added to the request (MRS Manager, whose own login
    /// session is separate).
    None,
}

impl OperationAuth {
    /// `auth: cloud`, the default.
    pub fn is_cloud(&self) -> bool {
        *self == OperationAuth::Cloud
    }

    /// Whether the cloud's credentials are sent (`cloud` or `domain`).
    pub fn sends_credentials(&self) -> bool {
        *self != OperationAuth::None
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// Where it goes.
    #[serde(rename = "in")]
    pub location: ParamLocation,
    /// Its type: a scalar, an enum name, or `array<scalar>` for a repeated query key.
    #[serde(rename = "type", default = "default_param_type")]
    pub ty: String,
    /// Must be given. Path parameters are always required.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Filled in by the client from its configuration instead of by the caller
    /// (`project_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ConfigValue>,
    /// The value is a credential (a password in the query): the builder keeps it in an
    /// `otc_runtime::Secret`, and the runtime shows it as `***` wherever the URL or the
    /// request is shown. Only on `string` parameters.
    #[serde(default, skip_serializing_if = "is_false")]
    pub secret: bool,
    /// Doc text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Overrides the Rust name derived from the wire name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Why a human changed what the importer wrote; kept so a re-import does not undo it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
}

fn default_param_type() -> String {
    "string".to_owned()
}

/// Values the client fills in from its configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigValue {
    /// The configured (or token-scoped) project id.
    ProjectId,
    /// The configured region.
    Region,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// The body's type: a named type, `array<Name>` for a JSON array body, or `bytes` for a
    /// raw body (file upload, with a `content_type` such as `application/octet-stream`).
    #[serde(rename = "type")]
    pub ty: String,
    /// Content type; `application/json` when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The caller may leave the body out.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// Doc text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Why a human changed what the importer wrote; kept so a re-import does not undo it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
}

/// One documented success status.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// HTTP status (2xx, or 300 for version lists).
    pub status: u16,
    /// Body type (`bytes` for a raw body); none means the response has no body (204, or a
    /// body nobody documents).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// Typed response headers, keyed by wire name (`X-Subject-Token`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, Header>,
    /// Doc text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Why a human changed what the importer wrote; kept so a re-import does not undo it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
}

/// A typed response header.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// `string` or `integer`.
    #[serde(rename = "type", default = "default_param_type")]
    pub ty: String,
    /// The header is always sent with this status.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The value is a credential: kept out of Debug output.
    #[serde(default, skip_serializing_if = "is_false")]
    pub secret: bool,
    /// Doc text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Overrides the Rust name derived from the wire name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
}

/// Paging styles found in the OTC reference.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum Paging {
    /// `start_number`/`limit` (AS) or `offset`/`limit` (MRS v2): the offset grows by the page length.
    Offset {
        /// Query parameter holding the offset.
        offset: String,
        /// Query parameter holding the page size.
        limit: String,
        /// Response field holding the items.
        items: String,
        /// Response field holding the total count, if any (a dotted path reaches into nested
        /// objects).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total: Option<String>,
    },
    /// `marker`/`limit` (IMS, Glance): the next marker is the last item's id, or a `next` link.
    Marker {
        /// Query parameter holding the marker.
        marker: String,
        /// Query parameter holding the page size.
        limit: String,
        /// Response field holding the items.
        items: String,
        /// Item field whose value is the next marker.
        item_id: String,
        /// Response field holding a `next` link, if any; a dotted path (`links.next`) reaches
        /// into nested objects. When declared, a page without a link is the last.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next: Option<String>,
        /// Response field holding the total count, if any (`metadata.total_count`: a dotted
        /// path reaches into nested objects). Reported by the pages, not used to stop.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total: Option<String>,
    },
    /// `currentPage`/`pageSize` (MRS v1): pages count from 1.
    Page {
        /// Query parameter holding the page number.
        page: String,
        /// Query parameter holding the page size.
        size: String,
        /// Response field holding the items.
        items: String,
        /// Response field holding the total count, if any (a dotted path reaches into nested
        /// objects).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        total: Option<String>,
    },
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// Doc text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// An object: its fields, keyed by wire name exactly as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<IndexMap<String, Field>>,
    /// A string enum: its documented values. Unknown values are kept, not rejected.
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<Vec<EnumValue>>,
    /// An alias for another type expression (`array<Image>`, `map<string>`, `json`).
    #[serde(rename = "alias", default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// For an object whose reference allows keys it does not list (Glance images carry
    /// user-defined properties as top-level keys): the type of their values, usually
    /// `json`. The generated struct keeps them in a map beside its fields, so they survive
    /// a read and a write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<String>,
    /// Why a human changed what the importer wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
}

/// A field of an object type.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Type expression: `string`, `integer` (64-bit), `number`, `boolean`, `json`, a type
    /// name, `array<T>` or `map<T>`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Always present. Absent fields are `Option`s.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// May be `null` on the wire.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Accept the documented type's cousins on the wire: numbers and booleans sent as
    /// strings, strings sent as numbers, `""` for an absent object.
    #[serde(default, skip_serializing_if = "is_false")]
    pub lenient: bool,
    /// The value is a credential: kept out of Debug output.
    #[serde(default, skip_serializing_if = "is_false")]
    pub secret: bool,
    /// Doc text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Overrides the Rust name derived from the wire name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Why a human changed what the importer wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The exact wire value.
    pub value: String,
    /// Doc text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Overrides the Rust variant name derived from the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
}

/// The status cell of an error row: a number, several numbers, or unknown.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Statuses {
    /// One status.
    One(u16),
    /// Several statuses (`400/404` in the reference).
    Many(Vec<u16>),
}

impl Statuses {
    /// The statuses as a list.
    pub fn to_vec(&self) -> Vec<u16> {
        match self {
            Statuses::One(s) => vec![*s],
            Statuses::Many(v) => v.clone(),
        }
    }
}

/// One documented error code.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCodeDef {
    /// HTTP status(es); absent where the reference leaves the cell empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Statuses>,
    /// The documented message.
    pub message: String,
    /// What it means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution: Option<String>,
    /// Overrides the Rust variant name derived from the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Further documented rows for the same code with another message or status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<ErrorOccurrence>,
    /// Why a human changed what the importer wrote; kept so a re-import does not undo it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
}

/// A further documented row of a code listed more than once.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorOccurrence {
    /// HTTP status(es).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Statuses>,
    /// The message of this row.
    pub message: String,
    /// What it means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution: Option<String>,
    /// Where in the reference this row is (page or operation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// A waiter: poll `operation` until the state at `state` in its answer is final.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// The operation to poll (a GET); its required parameters become the arguments of
    /// `wait_<name>`.
    pub operation: String,
    /// Where the state is in the answer: wire field names joined by `.`; `name[0]` takes an
    /// item of an array (`scaling_activity_log[0].status`). Ends at a string or string enum.
    pub state: String,
    /// States that end the wait successfully.
    pub success: Vec<String>,
    /// States that end the wait with an error (none when the work cannot fail).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<String>,
    /// States that mean the work is still going on.
    pub pending: Vec<String>,
    /// Where the service gives the reason of a failure (a path like `state`), if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Optional query parameters of the operation that become arguments of `wait_<name>`
    /// (the id of the activity to watch, say).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// Seconds to wait after the first poll; the wait doubles after each poll. Default 5.
    #[serde(default = "default_wait_interval")]
    pub interval: u32,
    /// The wait between polls stops growing at this many seconds. Default 60.
    #[serde(default = "default_wait_max_interval")]
    pub max_interval: u32,
    /// The whole wait ends after this many seconds. Default 1800.
    #[serde(default = "default_wait_timeout")]
    pub timeout: u32,
    /// Doc text for the `wait_<name>` method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

fn default_wait_interval() -> u32 {
    5
}

fn default_wait_max_interval() -> u32 {
    60
}

fn default_wait_timeout() -> u32 {
    1800
}

fn is_false(b: &bool) -> bool {
    !*b
}
