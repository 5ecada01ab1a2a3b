//! otc-codegen: typed Rust clients for Open Telekom Cloud from YAML endpoint specs.
//!
//! The pipeline has one module per stage, each readable alone:
//! [`load`] (YAML → [`spec::Spec`], with positions) → [`validate`] (every finding, with file,
//! line, column and a hint) → [`model`] (names and types resolved) → [`emit`] (tokens) →
//! [`format`] (prettyplease, `@generated` header).
//!
//! From a build script, use [`Builder`] (see its docs for the `include!` line).

pub mod builder;
pub mod diagnostic;
pub mod emit;
pub mod format;
pub mod import;
pub mod list;
pub mod load;
pub mod model;
pub mod names;
pub mod openapi;
pub mod source_map;
pub mod spec;
mod state_path;
pub mod sync;
pub mod type_expr;
pub mod validate;

use std::path::Path;

pub use builder::Builder;
pub use diagnostic::{Diagnostic, Report, Severity};

/// Generated code for one spec, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Service short name (`as`).
    pub service: String,
    /// The formatted Rust file.
    pub code: String,
    /// Warnings (no errors: those stop generation).
    pub warnings: Report,
}

/// Loads, validates and models one spec file.
///
/// # Errors
///
/// The report of every error (and warning) found.
pub fn model_file(path: &Path) -> Result<(model::Model, Report), Report> {
    let (_, model, report) = load_and_model(path)?;
    Ok((model, report))
}

/// [`model_file`], keeping the loaded spec too (the OpenAPI export reads both).
pub(crate) fn load_and_model(path: &Path) -> Result<(load::Loaded, model::Model, Report), Report> {
    let loaded = load::load_file(path)?;
    let report = validate::validate(&loaded);
    if report.has_errors() {
        return Err(report);
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec.yaml".to_owned());
    let model = model::build(&loaded.spec, &file_name);
    Ok((loaded, model, report))
}

/// Runs the whole pipeline on one spec file.
///
/// # Errors
///
/// The report of every error found; nothing is generated then.
pub fn generate_file(path: &Path) -> Result<Generated, Report> {
    let (model, warnings) = model_file(path)?;
    let tokens = emit::emit(&model);
    match format::format_file(tokens, &model.spec_file) {
        Ok(code) => Ok(Generated {
            service: model.service.name.clone(),
            code,
            warnings,
        }),
        Err(message) => Err(Report {
            source: warnings.source.clone(),
            diagnostics: vec![Diagnostic::error(path, Default::default(), message)],
        }),
    }
}
