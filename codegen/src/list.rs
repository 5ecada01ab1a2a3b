//! `otc-codegen list`: the operations and error codes of specs as TSV (a contract other
//! tools read; see the README).

use crate::emit::ty_path;
use crate::model::{Model, Output};

/// Header of `list`.
pub const OPERATIONS_HEADER: &str = "service\toperation\tmethod\tpath\trequest_type\tresponse_type";
/// Header of `list --errors`.
pub const ERRORS_HEADER: &str = "service\tcode\thttp_status\tvariant";

/// One TSV cell: tabs and line breaks would break the table.
fn cell(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// The operation rows of one model.
pub fn operation_rows(model: &Model) -> Vec<String> {
    let krate = &model.service.crate_ident;
    model
        .operations
        .iter()
        .map(|op| {
            let request = op
                .body
                .as_ref()
                .map_or_else(|| "-".to_owned(), |b| ty_path(&b.ty, krate));
            let response = match &op.output {
                Output::Empty => "-".to_owned(),
                Output::Body(ty) => ty_path(ty, krate),
                Output::PerStatus { name, .. } => format!("{krate}::types::{name}"),
            };
            [
                model.service.name.as_str(),
                crate::names::bare(&op.name),
                op.method.as_str(),
                &op.path,
                &request,
                &response,
            ]
            .map(cell)
            .join("\t")
        })
        .collect()
}

/// The error-code rows of one model; `http_status` is `400`, `400/404` (the statuses of
/// every documented row of the code), or `-`.
pub fn error_rows(model: &Model) -> Vec<String> {
    let krate = &model.service.crate_ident;
    model
        .errors
        .iter()
        .map(|e| {
            let status = if e.statuses.is_empty() {
                "-".to_owned()
            } else {
                e.statuses
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join("/")
            };
            [
                model.service.name.clone(),
                e.code.clone(),
                status,
                format!("{krate}::ErrorCode::{}", e.variant),
            ]
            .map(|c| cell(&c))
            .join("\t")
        })
        .collect()
}
