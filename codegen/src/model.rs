//! Stage 3, model: a validated [`Spec`] resolved into what gets generated.
//!
//! Every Rust name is decided here (and only here), every type expression is resolved, and
//! recursion is broken with `Box`. The emitter reads only this model, never the spec, so it
//! does not care how a spec spells things.

mod direction;
mod fold;
mod waiters;

use std::collections::{BTreeSet, HashMap};

use heck::ToUpperCamelCase;

use crate::names::{self, Deduper};
use crate::spec::{self, ConfigValue, Method, ParamLocation, Spec};
use crate::type_expr::TypeExpr;

pub use direction::{Direction, directions};
pub use waiters::{StatePath, WaiterModel};

/// What one spec generates.
#[derive(Debug, Clone)]
pub struct Model {
    /// File name of the spec (no directories, so output does not depend on where it was run).
    pub spec_file: String,
    /// Service facts.
    pub service: ServiceModel,
    /// Named types, in spec order.
    pub types: Vec<TypeModel>,
    /// Operations, in spec order.
    pub operations: Vec<OperationModel>,
    /// Error codes, in spec order.
    pub errors: Vec<ErrorModel>,
    /// Waiters, in spec order.
    pub waiters: Vec<WaiterModel>,
}

/// Service facts.
#[derive(Debug, Clone)]
pub struct ServiceModel {
    /// Short name (`as`).
    pub name: String,
    /// Crate name with underscores (`otc_as`).
    pub crate_ident: String,
    /// Title.
    pub title: String,
    /// Longer description.
    pub doc: Option<String>,
    /// Endpoint template.
    pub endpoint: String,
    /// Catalog type.
    pub catalog_type: String,
    /// Documented error envelopes (snake_case names).
    pub envelopes: Vec<String>,
    /// Link to the reference.
    pub docs: Option<String>,
}

/// A resolved type reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `String`.
    String,
    /// `otc_runtime::Secret`.
    Secret,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// `serde_json::Value`.
    Json,
    /// `otc_runtime::bytes::Bytes`: a raw body.
    Bytes,
    /// A generated type, by Rust name.
    Named(String),
    /// `Vec<T>`.
    Array(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
}

impl Ty {
    /// True for the scalar types (strings, numbers, booleans).
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Ty::String | Ty::Secret | Ty::Integer | Ty::Number | Ty::Boolean
        )
    }
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeModel {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// A request body reaches it (so it gets chainable setters for its optional fields).
    pub in_request: bool,
    /// The struct of the required fields that `new` takes, for an object with two or more
    /// (so that two of one type cannot be swapped silently).
    pub required_name: Option<String>,
    /// For an object that carries free-form keys (spec `additional_properties`): the map
    /// that keeps the keys its fields do not list.
    pub extra: Option<ExtraKeys>,
}

/// The map of an object's unlisted keys (`#[serde(flatten)]`).
#[derive(Debug, Clone)]
pub struct ExtraKeys {
    /// Rust field name (`additional_properties` unless a field took it).
    pub rust: String,
    /// Type of the values.
    pub ty: Ty,
}

/// Object, enum or alias.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A struct.
    Object(Vec<FieldModel>),
    /// A string enum with a catch-all.
    Enum(Vec<VariantModel>),
    /// A type alias.
    Alias(Ty),
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct FieldModel {
    /// Key on the wire.
    pub wire: String,
    /// Rust field name (may be `r#type`).
    pub rust: String,
    /// Type (without `Option`/`Box`).
    pub ty: Ty,
    /// Always present: not an `Option`.
    pub required: bool,
    /// May be null: serialised as `null` when required.
    pub nullable: bool,
    /// Decoded leniently.
    pub lenient: bool,
    /// A list or map of a type only answers use: never an `Option`; absent (or `null`) is
    /// empty, and an empty one is not sent.
    pub empty_default: bool,
    /// Boxed to break a recursion.
    pub boxed: bool,
    /// Doc text.
    pub doc: Option<String>,
}

impl FieldModel {
    /// The field is an `Option` in Rust.
    pub fn optional(&self) -> bool {
        !self.empty_default && (!self.required || self.nullable)
    }

    /// The constructor must be given it (not an `Option`, not defaulted to empty).
    pub fn needed(&self) -> bool {
        !self.optional() && !self.empty_default
    }
}

/// An enum variant.
#[derive(Debug, Clone)]
pub struct VariantModel {
    /// Wire value.
    pub wire: String,
    /// Rust variant name.
    pub rust: String,
    /// Doc text.
    pub doc: Option<String>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as is.
    Lit(String),
    /// A parameter, by index into [`OperationModel::params`].
    Param(usize),
}

/// An operation.
#[derive(Debug, Clone)]
pub struct OperationModel {
    /// snake_case name (client method).
    pub name: String,
    /// UpperCamelCase name (request builder type).
    pub type_name: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as in the reference.
    pub path: String,
    /// The path split into literals and parameters.
    pub path_parts: Vec<PathPart>,
    /// The base address split likewise, when the operation has its own.
    pub base_parts: Option<Vec<PathPart>>,
    /// Doc text.
    pub doc: Option<String>,
    /// Deprecated in the reference.
    pub deprecated: bool,
    /// May be retried although the method is not idempotent.
    pub retry_safe: bool,
    /// The operation uses the cloud's credentials (spec `auth: cloud`, the default, or
    /// `domain`).
    pub cloud_auth: bool,
    /// Those credentials are scoped to the domain (spec `auth: domain`).
    pub domain_scoped: bool,
    /// Parameters.
    pub params: Vec<ParamModel>,
    /// Request body.
    pub body: Option<BodyModel>,
    /// Success responses.
    pub responses: Vec<ResponseModel>,
    /// What `send` returns.
    pub output: Output,
    /// Typed response headers, if any response has them.
    pub headers: Option<HeadersModel>,
    /// How to walk the pages, when the spec declares a paging style that fits the operation.
    pub paging: Option<PagingModel>,
    /// The published reference page of the operation: the service's `docs` base and the
    /// spec's `source` page, `.rst` read as `.html`.
    pub reference_url: Option<String>,
}

/// The published page for `source` (`apis/x/y.rst`) under the reference base `docs`.
pub fn reference_url(docs: Option<&str>, source: Option<&str>) -> Option<String> {
    let (docs, source) = (docs?.trim(), source?.trim());
    if docs.is_empty() || source.is_empty() || !docs.starts_with("http") {
        return None;
    }
    let page = source.trim_start_matches("./").trim_start_matches('/');
    let page = page.strip_suffix(".rst").unwrap_or(page);
    let page = if page.ends_with(".html") {
        page.to_owned()
    } else {
        format!("{page}.html")
    };
    Some(format!("{}/{page}", docs.trim_end_matches('/')))
}

/// Paging styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingStyle {
    /// Offset grows by the page length.
    Offset,
    /// The next page starts after a marker.
    Marker,
    /// Pages are numbered from 1.
    Page,
}

/// A builder field the pager reads or sets.
#[derive(Debug, Clone)]
pub struct ParamRef {
    /// Rust name of the builder field.
    pub rust: String,
    /// Stored without `Option` (a required parameter).
    pub positional: bool,
}

/// A response field the pager reads.
#[derive(Debug, Clone)]
pub struct FieldRef {
    /// Rust name of the field.
    pub rust: String,
    /// The field is an `Option`.
    pub optional: bool,
    /// Its type (for the items field: the element type).
    pub ty: Ty,
}

/// A resolved paging declaration.
#[derive(Debug, Clone)]
pub struct PagingModel {
    /// Style.
    pub style: PagingStyle,
    /// The offset, marker or page parameter.
    pub cursor: ParamRef,
    /// The page-size parameter.
    pub limit: ParamRef,
    /// The response field holding the items (`ty` is the element type).
    pub items: FieldRef,
    /// The response field holding the total count: the fields from the body down to it (one
    /// for a top-level field, more for a dotted path such as `metadata.total_count`).
    pub total: Option<Vec<FieldRef>>,
    /// The item field holding its id (marker style).
    pub item_id: Option<FieldRef>,
    /// The response field holding a `next` link (marker style), as a path like `total`.
    pub next: Option<Vec<FieldRef>>,
}

/// A parameter.
#[derive(Debug, Clone)]
pub struct ParamModel {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Type.
    pub ty: Ty,
    /// The caller must give it.
    pub required: bool,
    /// Filled in from the client configuration.
    pub from: Option<ConfigValue>,
    /// The value is a credential, masked wherever the runtime shows the URL.
    pub secret: bool,
    /// Doc text.
    pub doc: Option<String>,
}

impl ParamModel {
    /// The caller passes it to the client method (required and not from configuration).
    pub fn positional(&self) -> bool {
        self.required && self.from.is_none()
    }
}

/// A request body.
#[derive(Debug, Clone)]
pub struct BodyModel {
    /// Type.
    pub ty: Ty,
    /// Content type.
    pub content_type: String,
    /// The caller may leave it out.
    pub optional: bool,
    /// Doc text.
    pub doc: Option<String>,
}

/// A documented success response.
#[derive(Debug, Clone)]
pub struct ResponseModel {
    /// Status.
    pub status: u16,
    /// Body type.
    pub ty: Option<Ty>,
    /// Doc text.
    pub doc: Option<String>,
}

/// What `send` returns in `Response<_>`.
#[derive(Debug, Clone)]
pub enum Output {
    /// `()`: no response has a body.
    Empty,
    /// One body type for every status.
    Body(Ty),
    /// Bodies differ per status: a generated enum, one variant per status.
    PerStatus {
        /// The enum's Rust name.
        name: String,
        /// (status, variant name, body type).
        variants: Vec<(u16, String, Option<Ty>)>,
    },
}

/// Typed response headers.
#[derive(Debug, Clone)]
pub struct HeadersModel {
    /// Rust name of the generated struct.
    pub name: String,
    /// The headers.
    pub fields: Vec<HeaderModel>,
}

/// One typed response header.
#[derive(Debug, Clone)]
pub struct HeaderModel {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// `String`, `Secret` or `Integer`.
    pub ty: Ty,
    /// Doc text.
    pub doc: Option<String>,
}

/// One error code.
#[derive(Debug, Clone)]
pub struct ErrorModel {
    /// Exact code.
    pub code: String,
    /// Rust variant name.
    pub variant: String,
    /// Every documented row (the first is the main one).
    pub rows: Vec<ErrorRow>,
    /// Every status of every row, each once, in the order the rows give them.
    pub statuses: Vec<u16>,
}

/// A documented row of an error code.
#[derive(Debug, Clone)]
pub struct ErrorRow {
    /// HTTP statuses.
    pub statuses: Vec<u16>,
    /// Message.
    pub message: String,
    /// Description.
    pub description: Option<String>,
    /// Solution.
    pub solution: Option<String>,
    /// Where in the reference (for rows after the first).
    pub context: Option<String>,
}

/// Names the generated crate defines at its root or in `types` besides spec types.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Debug",
    "Serialize",
    "Deserialize",
    "Unpin",
];

/// Client method names the generated client defines itself.
pub const RESERVED_OPERATION_NAMES: &[&str] = &["new", "runtime", "clone", "fmt"];

/// Builder field and method names taken by every request builder itself (`pages` and `items`
/// by the paging helpers): a parameter that would get one is renamed (`items_2`), and
/// validation says so. The one list; validation reads it through [`param_names`].
pub const RESERVED_PARAM_NAMES: &[&str] = &[
    "client",
    "body",
    "send",
    "send_with_headers",
    "new",
    "pages",
    "items",
];

/// One parameter's Rust name, as the builder gets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamName {
    /// The name wanted: `rust_name`, else the wire name in snake case.
    pub wanted: String,
    /// The name given (`wanted`, or with a number when taken).
    pub rust: String,
    /// `rust` differs from `wanted`.
    pub renamed: bool,
}

/// The Rust names of an operation's parameters, in spec order: the naming the model uses and
/// validation reports on.
pub fn param_names(op: &spec::Operation) -> Vec<ParamName> {
    let mut scope = Deduper::with_reserved(RESERVED_PARAM_NAMES.iter().copied());
    op.params
        .iter()
        .map(|(wire, p)| {
            let wanted = p
                .rust_name
                .clone()
                .unwrap_or_else(|| names::snake(wire, "param"));
            let (rust, renamed) = scope.claim(&wanted);
            ParamName {
                wanted,
                rust,
                renamed,
            }
        })
        .collect()
}

/// Rust name of a spec type name.
pub fn type_name(spec_name: &str) -> String {
    names::camel(spec_name, "T", "Type")
}

/// Rust name of an operation's builder type.
pub fn op_type_name(op_name: &str) -> String {
    names::camel(op_name, "Op", "Operation")
}

/// Rust method name of an operation.
pub fn op_method_name(op_name: &str) -> String {
    names::snake(op_name, "op")
}

/// Builds the model. Assumes [`crate::validate`] found no errors; where it did not run, bad
/// input still gives a model (unknown types become `json`), never a panic.
pub fn build(spec: &Spec, spec_file: &str) -> Model {
    let type_names: HashMap<&str, String> = spec
        .types
        .keys()
        .map(|k| (k.as_str(), type_name(k)))
        .collect();
    let resolve = |expr: &str, secret: bool| resolve_type(expr, &type_names, secret);

    let mut types: Vec<TypeModel> = spec
        .types
        .iter()
        .map(|(name, def)| build_type(name, def, &type_names, &resolve))
        .collect();
    box_recursive_fields(&mut types);
    let requests: Vec<Ty> = spec
        .operations
        .values()
        .filter_map(|op| op.request.as_ref())
        .map(|r| resolve(&r.ty, false))
        .collect();
    default_answer_collections(&mut types, &requests);

    let mut type_scope = Deduper::with_reserved(type_names.values().map(String::as_str));
    for t in types.iter_mut() {
        if let TypeKind::Object(fields) = &t.kind
            && fields.iter().filter(|f| f.needed()).count() >= 2
        {
            t.required_name = Some(type_scope.claim(&format!("{}Required", t.name)).0);
        }
    }
    let operations: Vec<OperationModel> = spec
        .operations
        .iter()
        .map(|(name, op)| {
            let mut model = build_operation(name, op, &resolve, &mut type_scope);
            model.paging = op
                .paging
                .as_ref()
                .and_then(|p| resolve_paging(p, &model, &types));
            model.reference_url = reference_url(spec.service.docs.as_deref(), op.source.as_deref());
            model
        })
        .collect();

    let mut variant_scope = Deduper::with_reserved(["Unknown"]);
    let errors = spec
        .errors
        .iter()
        .map(|(code, def)| {
            let wanted = def
                .rust_name
                .clone()
                .unwrap_or_else(|| names::error_variant(code));
            let (variant, _) = variant_scope.claim(&wanted);
            let mut rows = vec![ErrorRow {
                statuses: def
                    .status
                    .as_ref()
                    .map(spec::Statuses::to_vec)
                    .unwrap_or_default(),
                message: def.message.clone(),
                description: def.description.clone(),
                solution: def.solution.clone(),
                context: None,
            }];
            rows.extend(def.also.iter().map(|o| {
                ErrorRow {
                    statuses: o
                        .status
                        .as_ref()
                        .map(spec::Statuses::to_vec)
                        .unwrap_or_default(),
                    message: o.message.clone(),
                    description: o.description.clone(),
                    solution: o.solution.clone(),
                    context: o.context.clone(),
                }
            }));
            let mut statuses: Vec<u16> = Vec::new();
            for status in rows.iter().flat_map(|r| &r.statuses) {
                if !statuses.contains(status) {
                    statuses.push(*status);
                }
            }
            ErrorModel {
                code: code.clone(),
                variant,
                rows,
                statuses,
            }
        })
        .collect();

    // Paging and waiters have read the fields; copies of a type can now become aliases.
    let waiters = waiters::build(spec, &operations, &types);
    fold::fold_duplicates(&mut types);
    Model {
        spec_file: spec_file.to_owned(),
        service: ServiceModel {
            name: spec.service.name.clone(),
            crate_ident: format!(
                "otc_{}",
                names::bare(&names::snake(&spec.service.name, "svc"))
            ),
            title: spec.service.title.clone(),
            doc: spec.service.doc.clone(),
            endpoint: spec.service.endpoint.clone(),
            catalog_type: spec.service.catalog_type.clone(),
            envelopes: spec
                .service
                .error_envelopes
                .iter()
                .map(|e| {
                    serde_yaml::to_string(e)
                        .map(|s| s.trim().to_owned())
                        .unwrap_or_default()
                })
                .collect(),
            docs: spec.service.docs.clone(),
        },
        waiters,
        types,
        operations,
        errors,
    }
}

fn resolve_type(expr: &str, names: &HashMap<&str, String>, secret: bool) -> Ty {
    match TypeExpr::parse(expr) {
        Ok(parsed) => from_expr(&parsed, names, secret),
        Err(_) => Ty::Json,
    }
}

fn from_expr(expr: &TypeExpr, names: &HashMap<&str, String>, secret: bool) -> Ty {
    match expr {
        TypeExpr::String if secret => Ty::Secret,
        TypeExpr::String => Ty::String,
        TypeExpr::Integer => Ty::Integer,
        TypeExpr::Number => Ty::Number,
        TypeExpr::Boolean => Ty::Boolean,
        TypeExpr::Json => Ty::Json,
        TypeExpr::Bytes => Ty::Bytes,
        TypeExpr::Named(n) => match names.get(n.as_str()) {
            Some(rust) => Ty::Named(rust.clone()),
            None => Ty::Json,
        },
        TypeExpr::Array(inner) => Ty::Array(Box::new(from_expr(inner, names, secret))),
        TypeExpr::Map(inner) => Ty::Map(Box::new(from_expr(inner, names, secret))),
    }
}

fn build_type(
    name: &str,
    def: &spec::TypeDef,
    type_names: &HashMap<&str, String>,
    resolve: &dyn Fn(&str, bool) -> Ty,
) -> TypeModel {
    let rust = type_names
        .get(name)
        .cloned()
        .unwrap_or_else(|| type_name(name));
    let mut extra = None;
    let kind = if let Some(values) = &def.variants {
        let mut scope = Deduper::with_reserved(["Unknown"]);
        TypeKind::Enum(
            values
                .iter()
                .map(|v| {
                    let wanted = v
                        .rust_name
                        .clone()
                        .unwrap_or_else(|| names::camel(&v.value, "V", "Empty"));
                    VariantModel {
                        wire: v.value.clone(),
                        rust: scope.claim(&wanted).0,
                        doc: v.doc.clone(),
                    }
                })
                .collect(),
        )
    } else if let Some(alias) = &def.alias {
        TypeKind::Alias(resolve(alias, false))
    } else {
        let mut scope = Deduper::default();
        let kind = TypeKind::Object(
            def.fields
                .iter()
                .flatten()
                .map(|(wire, f)| {
                    let wanted = f
                        .rust_name
                        .clone()
                        .unwrap_or_else(|| names::snake(wire, "field"));
                    FieldModel {
                        wire: wire.clone(),
                        rust: scope.claim(&wanted).0,
                        ty: resolve(&f.ty, f.secret),
                        required: f.required,
                        nullable: f.nullable,
                        lenient: f.lenient,
                        empty_default: false,
                        boxed: false,
                        doc: f.doc.clone(),
                    }
                })
                .collect(),
        );
        extra = def.additional_properties.as_deref().map(|t| ExtraKeys {
            rust: scope.claim("additional_properties").0,
            ty: resolve(t, false),
        });
        kind
    };
    TypeModel {
        name: rust,
        doc: def.doc.clone(),
        kind,
        in_request: false,
        required_name: None,
        extra,
    }
}

/// The named type a field refers to without indirection (not through `Vec` or a map).
fn direct_ref(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Named(n) => Some(n),
        _ => None,
    }
}

/// Boxes every field whose direct target can reach the field's own type again.
/// Lists and maps in types that no request body reaches become plain collections, empty when
/// absent (aws-sdk-rust #536). Types a request reaches keep their `Option`s, so what a caller
/// leaves unset is still not sent.
fn default_answer_collections(types: &mut [TypeModel], requests: &[Ty]) {
    let reached = direction::reached(types, requests);
    for t in types.iter_mut() {
        t.in_request = reached.contains_key(&t.name);
    }
    for t in types.iter_mut().filter(|t| !t.in_request) {
        if let TypeKind::Object(fields) = &mut t.kind {
            for f in fields.iter_mut() {
                if matches!(f.ty, Ty::Array(_) | Ty::Map(_)) && !f.lenient && !f.boxed {
                    f.empty_default = true;
                }
            }
        }
    }
}

fn box_recursive_fields(types: &mut [TypeModel]) {
    let edges: HashMap<String, Vec<String>> = types
        .iter()
        .map(|t| {
            let targets = match &t.kind {
                TypeKind::Object(fields) => fields
                    .iter()
                    .filter_map(|f| direct_ref(&f.ty).map(str::to_owned))
                    .collect(),
                TypeKind::Alias(ty) => direct_ref(ty).map(str::to_owned).into_iter().collect(),
                TypeKind::Enum(_) => Vec::new(),
            };
            (t.name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                stack.extend(edges.get(&node).into_iter().flatten().cloned());
            }
        }
        false
    };
    for t in types.iter_mut() {
        let own = t.name.clone();
        if let TypeKind::Object(fields) = &mut t.kind {
            for f in fields.iter_mut() {
                if let Some(target) = direct_ref(&f.ty) {
                    f.boxed = reaches(target, &own);
                }
            }
        }
    }
}

fn build_operation(
    name: &str,
    op: &spec::Operation,
    resolve: &dyn Fn(&str, bool) -> Ty,
    type_scope: &mut Deduper,
) -> OperationModel {
    let type_name = op_type_name(name);
    let params: Vec<ParamModel> = op
        .params
        .iter()
        .zip(param_names(op))
        .map(|((wire, p), name)| ParamModel {
            wire: wire.clone(),
            rust: name.rust,
            location: p.location,
            ty: resolve(&p.ty, p.secret),
            required: p.required || p.location == ParamLocation::Path,
            from: p.from,
            secret: p.secret,
            doc: p.doc.clone(),
        })
        .collect();
    let index_of = |wire: &str| {
        params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire == wire)
    };
    let path_parts = split_template(&op.path, &index_of);
    let base_parts = op.base.as_deref().map(|b| split_template(b, &index_of));
    let body = op.request.as_ref().map(|r| BodyModel {
        ty: resolve(&r.ty, false),
        content_type: r
            .content_type
            .clone()
            .unwrap_or_else(|| "application/json".to_owned()),
        optional: r.optional,
        doc: r.doc.clone(),
    });
    let responses: Vec<ResponseModel> = op
        .responses
        .iter()
        .map(|r| ResponseModel {
            status: r.status,
            ty: r.ty.as_deref().map(|t| resolve(t, false)),
            doc: r.doc.clone(),
        })
        .collect();
    let output = build_output(&type_name, &responses, type_scope);
    let headers = build_headers(&type_name, op, type_scope);
    OperationModel {
        name: op_method_name(name),
        type_name,
        method: op.method,
        path: op.path.clone(),
        path_parts,
        base_parts,
        doc: op.doc.clone(),
        deprecated: op.deprecated,
        retry_safe: op.retry_safe,
        cloud_auth: op.auth.sends_credentials(),
        domain_scoped: op.auth == crate::spec::OperationAuth::Domain,
        params,
        body,
        responses,
        output,
        headers,
        paging: None,
        reference_url: None,
    }
}

/// Splits `/a/{x}/b` into literals and parameter indexes. An unknown `{name}` stays literal.
pub fn split_template(template: &str, index_of: &dyn Fn(&str) -> Option<usize>) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close_rel) = rest[open..].find('}') else {
            break;
        };
        let close = open + close_rel;
        let name = &rest[open + 1..close];
        match index_of(name) {
            Some(i) => {
                if open > 0 {
                    parts.push(PathPart::Lit(rest[..open].to_owned()));
                }
                parts.push(PathPart::Param(i));
            }
            None => parts.push(PathPart::Lit(rest[..=close].to_owned())),
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Lit(rest.to_owned()));
    }
    // Merge neighbouring literals.
    let mut merged: Vec<PathPart> = Vec::with_capacity(parts.len());
    for part in parts {
        match (merged.last_mut(), part) {
            (Some(PathPart::Lit(prev)), PathPart::Lit(next)) => prev.push_str(&next),
            (_, part) => merged.push(part),
        }
    }
    merged
}

fn status_variant(status: u16) -> String {
    match status {
        200 => "Ok".to_owned(),
        201 => "Created".to_owned(),
        202 => "Accepted".to_owned(),
        203 => "NonAuthoritative".to_owned(),
        204 => "NoContent".to_owned(),
        206 => "PartialContent".to_owned(),
        300 => "MultipleChoices".to_owned(),
        other => format!("Status{other}"),
    }
}

fn build_output(type_name: &str, responses: &[ResponseModel], scope: &mut Deduper) -> Output {
    let mut bodies: Vec<&Option<Ty>> = responses.iter().map(|r| &r.ty).collect();
    bodies.dedup();
    match bodies.as_slice() {
        [] | [None] => Output::Empty,
        [Some(ty)] => Output::Body(ty.clone()),
        _ if responses.iter().all(|r| r.ty == responses[0].ty) => match &responses[0].ty {
            Some(ty) => Output::Body(ty.clone()),
            None => Output::Empty,
        },
        _ => Output::PerStatus {
            name: scope.claim(&format!("{type_name}Output")).0,
            variants: responses
                .iter()
                .map(|r| (r.status, status_variant(r.status), r.ty.clone()))
                .collect(),
        },
    }
}

fn build_headers(
    type_name: &str,
    op: &spec::Operation,
    scope: &mut Deduper,
) -> Option<HeadersModel> {
    let mut seen = BTreeSet::new();
    let mut names_scope = Deduper::default();
    let fields: Vec<HeaderModel> = op
        .responses
        .iter()
        .flat_map(|r| r.headers.iter())
        .filter(|(wire, _)| seen.insert(wire.to_ascii_lowercase()))
        .map(|(wire, h)| {
            let wanted = h
                .rust_name
                .clone()
                .unwrap_or_else(|| names::snake(wire, "header"));
            let ty = match (h.ty.as_str(), h.secret) {
                (_, true) => Ty::Secret,
                ("integer", _) => Ty::Integer,
                _ => Ty::String,
            };
            HeaderModel {
                wire: wire.clone(),
                rust: names_scope.claim(&wanted).0,
                ty,
                doc: h.doc.clone(),
            }
        })
        .collect();
    if fields.is_empty() {
        return None;
    }
    Some(HeadersModel {
        name: scope.claim(&format!("{type_name}Headers")).0,
        fields,
    })
}

/// UpperCamelCase of a service name, for docs.
pub fn service_camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Resolves a paging declaration against the operation's parameters and response type. `None`
/// when it does not fit (validation reports why).
pub fn resolve_paging(
    paging: &spec::Paging,
    op: &OperationModel,
    types: &[TypeModel],
) -> Option<PagingModel> {
    use spec::Paging;
    let (style, cursor, limit, items, total, item_id, next) = match paging {
        Paging::Offset {
            offset,
            limit,
            items,
            total,
        } => (
            PagingStyle::Offset,
            offset,
            limit,
            items,
            total.as_deref(),
            None,
            None,
        ),
        Paging::Marker {
            marker,
            limit,
            items,
            item_id,
            next,
            total,
        } => (
            PagingStyle::Marker,
            marker,
            limit,
            items,
            total.as_deref(),
            Some(item_id.as_str()),
            next.as_deref(),
        ),
        Paging::Page {
            page,
            size,
            items,
            total,
        } => (
            PagingStyle::Page,
            page,
            size,
            items,
            total.as_deref(),
            None,
            None,
        ),
    };
    let param = |wire: &str| -> Option<ParamRef> {
        let p = op
            .params
            .iter()
            .find(|p| p.wire == wire && p.location == ParamLocation::Query && p.from.is_none())?;
        Some(ParamRef {
            rust: p.rust.clone(),
            positional: p.positional(),
        })
    };
    let object = |name: &str| -> Option<&Vec<FieldModel>> {
        match &types.iter().find(|t| t.name == name)?.kind {
            TypeKind::Object(fields) => Some(fields),
            _ => None,
        }
    };
    let field = |fields: &[FieldModel], wire: &str| -> Option<FieldRef> {
        let f = fields.iter().find(|f| f.wire == wire)?;
        Some(FieldRef {
            rust: f.rust.clone(),
            optional: f.optional(),
            ty: f.ty.clone(),
        })
    };
    let Output::Body(Ty::Named(body)) = &op.output else {
        return None;
    };
    let body_fields = object(body)?;
    let mut items_ref = field(body_fields, items)?;
    let Ty::Array(element) = items_ref.ty.clone() else {
        return None;
    };
    items_ref.ty = *element;
    let cursor = param(cursor)?;
    let cursor_ty_ok = match style {
        PagingStyle::Marker => op
            .params
            .iter()
            .any(|p| p.rust == cursor.rust && p.ty == Ty::String),
        _ => op
            .params
            .iter()
            .any(|p| p.rust == cursor.rust && p.ty == Ty::Integer),
    };
    let limit = param(limit)?;
    let limit_ok = op
        .params
        .iter()
        .any(|p| p.rust == limit.rust && p.ty == Ty::Integer);
    if !cursor_ty_ok || !limit_ok {
        return None;
    }
    // A field of the body, or a dotted path through nested objects.
    let field_path = |wire: &str| -> Option<Vec<FieldRef>> {
        if let Some(f) = field(body_fields, wire) {
            return Some(vec![f]);
        }
        let mut fields: &[FieldModel] = body_fields;
        let mut path = Vec::new();
        let mut segments = wire.split('.').peekable();
        while let Some(segment) = segments.next() {
            let f = field(fields, segment)?;
            if segments.peek().is_some() {
                let Ty::Named(inner) = &f.ty else {
                    return None;
                };
                fields = object(inner)?;
            }
            path.push(f);
        }
        Some(path)
    };
    let total = match total {
        Some(t) => Some(field_path(t).filter(|p| {
            p.last()
                .is_some_and(|f| matches!(f.ty, Ty::Integer | Ty::String))
        })?),
        None => None,
    };
    let item_id = match item_id {
        Some(id) => {
            let Ty::Named(item) = &items_ref.ty else {
                return None;
            };
            Some(field(object(item)?, id).filter(|f| f.ty == Ty::String)?)
        }
        None => None,
    };
    let next = match next {
        Some(n) => Some(field_path(n).filter(|p| p.last().is_some_and(|f| f.ty == Ty::String))?),
        None => None,
    };
    Some(PagingModel {
        style,
        cursor,
        limit,
        items: items_ref,
        total,
        item_id,
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::reference_url;

    #[test]
    fn the_source_page_becomes_a_link_to_the_published_page() {
        assert_eq!(
            reference_url(
                Some("https://docs.otc.t-systems.com/auto-scaling/api-ref/"),
                Some("apis/groups/querying_groups.rst")
            )
            .as_deref(),
            Some(
                "https://docs.otc.t-systems.com/auto-scaling/api-ref/apis/groups/querying_groups.html"
            )
        );
        assert_eq!(
            reference_url(Some("https://x.example/ref"), Some("/a/b.html")).as_deref(),
            Some("https://x.example/ref/a/b.html")
        );
        assert_eq!(reference_url(None, Some("a.rst")), None);
        assert_eq!(reference_url(Some("https://x.example/"), None), None);
        assert_eq!(reference_url(Some("not a url"), Some("a.rst")), None);
    }
}
