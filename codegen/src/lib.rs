//! otc-codegen: typed Rust clients for Open Telekom Cloud from YAML endpoint specs.
//!
//! What a build script calls: [`Builder`] (see its docs for the `include!` line), or
//! [`generate_file`] / [`generate_str`] for the generated code as a string, and the
//! diagnostics ([`Report`], [`Diagnostic`], [`Severity`]) when a spec is wrong.
//!
//! Inside, the pipeline has one private module per stage: load (YAML → spec, with positions)
//! → validate (every finding, with file, line, column and a hint) → model (names and types
//! resolved) → emit (tokens) → format (prettyplease, `@generated` header). The stages are not
//! part of the API, so they can change; the CLI, the tests and the benches reach them through
//! the doc-hidden `internal` feature. The `tools` feature adds what only the `otc-codegen`
//! command line needs (the importer, the OpenAPI export, `sync`, `list`).

/// Declares a pipeline stage: private, public only with the `internal` feature.
///
/// Without that feature, items that only the tools, the tests or the benches use are unused;
/// they are not dead (the stages were all public before, so no check is lost by this allow).
macro_rules! stage {
    ($($name:ident),* $(,)?) => {
        $(
            #[cfg(feature = "internal")]
            #[doc(hidden)]
            pub mod $name;
            #[cfg(not(feature = "internal"))]
            #[allow(dead_code)]
            mod $name;
        )*
    };
}

stage!(
    emit, format, load, model, names, source_map, spec, type_expr, validate
);

pub mod builder;
pub mod diagnostic;

/// The importer of the published reference (`otc-codegen import`).
#[cfg(feature = "tools")]
#[doc(hidden)]
pub mod import;
/// `otc-codegen list`.
#[cfg(feature = "tools")]
#[doc(hidden)]
pub mod list;
/// `otc-codegen openapi`.
#[cfg(feature = "tools")]
#[doc(hidden)]
pub mod openapi;
mod state_path;
/// `otc-codegen sync`.
#[cfg(feature = "tools")]
#[doc(hidden)]
pub mod sync;

use std::path::Path;

pub use builder::{BuildError, Builder, Written};
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
#[cfg(feature = "internal")]
#[doc(hidden)]
pub fn model_file(path: &Path) -> Result<(model::Model, Report), Report> {
    let (_, model, report) = load_and_model(path)?;
    Ok((model, report))
}

/// [`model_file`], keeping the loaded spec too (the OpenAPI export reads both).
pub(crate) fn load_and_model(path: &Path) -> Result<(load::Loaded, model::Model, Report), Report> {
    model_loaded(path, load::load_file(path)?)
}

/// Validates and models a loaded spec; `path` names it in diagnostics and in the header.
fn model_loaded(
    path: &Path,
    loaded: load::Loaded,
) -> Result<(load::Loaded, model::Model, Report), Report> {
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
    let (_, model, warnings) = load_and_model(path)?;
    finish(path, &model, warnings)
}

/// Runs the whole pipeline on spec text; `path` is the name diagnostics and the generated
/// header give it (the file is not read).
///
/// # Errors
///
/// The report of every error found; nothing is generated then.
pub fn generate_str(path: &Path, text: &str) -> Result<Generated, Report> {
    let loaded = load::load_str(path, text.to_owned())?;
    let (_, model, warnings) = model_loaded(path, loaded)?;
    finish(path, &model, warnings)
}

/// Emits and formats a model.
pub(crate) fn finish(
    path: &Path,
    model: &model::Model,
    warnings: Report,
) -> Result<Generated, Report> {
    let tokens = emit::emit(model);
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
