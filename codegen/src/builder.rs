//! The build-script entry point, in the style of prost-build.
//!
//! ```no_run
//! // build.rs, inside `fn main()`:
//! otc_codegen::Builder::new().spec("specs/my_service.yaml").compile_or_exit();
//! ```
//!
//! and in the crate, in any module:
//!
//! ```ignore
//! pub mod my_service {
//!     otc_runtime::include_service!("my_service");
//! }
//! ```
//!
//! The generated code needs only `otc-runtime` as a dependency (and `otc-codegen` as a build
//! dependency).
//!
//! - **Output file.** One file per spec, named after the spec's `service.name` (not the spec
//!   file): `otc_<name>.rs` with `-` written `_` (`service.name: my_service` →
//!   `otc_my_service.rs`). `otc_runtime::include_service!("my_service")` includes it. Two specs
//!   with the same service name would write the same file; give each service its own name.
//! - **[`Builder::spec`] / [`Builder::specs`]** add spec files (paths relative to the crate's
//!   manifest directory, where cargo runs build scripts).
//! - **[`Builder::out_dir`]** chooses the directory; by default the `OUT_DIR` cargo gives
//!   build scripts. Outside a build script (a test, a tool) set it.
//! - **[`Builder::emit_rerun_if_changed`]** (on by default) prints
//!   `cargo::rerun-if-changed=<spec>` for every spec read, so cargo re-runs the script when, and
//!   only when, a spec changes; it also prints warnings as `cargo::warning=` lines. Turn it off
//!   outside build scripts.
//! - A file is written only when its content changed, so an unchanged spec never triggers a
//!   rebuild.
//! - **[`Builder::compile_or_exit`]** is the one-line form: on a spec error it prints one
//!   `cargo::error=` line per finding first (cargo shows them as errors, above its own
//!   output), then the full diagnostics with the quoted spec lines on stderr, and exits with
//!   status 1. [`Builder::compile`] returns the error instead.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostic::Report;

/// Generates code for one or more specs into a directory.
#[derive(Debug, Default, Clone)]
pub struct Builder {
    specs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    emit_rerun: bool,
}

/// Why a build failed: the diagnostics of every spec that had errors, or an I/O failure.
#[derive(Clone)]
pub struct BuildError {
    reports: Vec<Report>,
    io: Option<String>,
}

impl BuildError {
    /// The reports of the specs that failed.
    pub fn reports(&self) -> &[Report] {
        &self.reports
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.reports {
            write!(f, "{r}")?;
        }
        if let Some(io) = &self.io {
            writeln!(f, "{io}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for BuildError {
    /// Same as Display: build scripts print errors with `{:?}`, and a rendered diagnostic
    /// is what the author needs to see.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildError {}

/// What [`Builder::compile`] did for one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The output file.
    pub path: PathBuf,
    /// False when the file already had this content and was left alone.
    pub changed: bool,
}

impl BuildError {
    /// One line per finding, each a `cargo::error=` directive (errors) in file order, then
    /// the I/O failure if any: what a build script prints so cargo shows the errors first.
    pub fn cargo_error_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .reports
            .iter()
            .flat_map(|r| r.diagnostics.iter())
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .map(|d| format!("cargo::error={}", d.to_string().replace(['\n', '\r'], " ")))
            .collect();
        if let Some(io) = &self.io {
            lines.push(format!("cargo::error={}", io.replace(['\n', '\r'], " ")));
        }
        lines
    }
}

impl Builder {
    /// A builder that prints `cargo::` lines (as a build script should).
    pub fn new() -> Self {
        Builder {
            emit_rerun: true,
            ..Builder::default()
        }
    }

    /// Adds a spec file.
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        self.specs.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds several spec files.
    pub fn specs<P: AsRef<Path>>(mut self, paths: impl IntoIterator<Item = P>) -> Self {
        self.specs
            .extend(paths.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// Where to write; defaults to the `OUT_DIR` cargo gives build scripts.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (on by default).
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Self {
        self.emit_rerun = yes;
        self
    }

    /// [`Builder::compile`], or, on failure, `cargo::error=` lines on stdout (cargo shows them
    /// as errors), the rendered diagnostics on stderr, and exit status 1. For build scripts:
    /// `otc_codegen::Builder::new().spec("specs/x.yaml").compile_or_exit();`
    pub fn compile_or_exit(self) -> Vec<Written> {
        match self.compile() {
            Ok(written) => written,
            Err(error) => {
                for line in error.cargo_error_lines() {
                    println!("{line}");
                }
                eprintln!("{error}");
                std::process::exit(1);
            }
        }
    }

    /// Generates every spec, writing each output file only if its content changed. Warnings
    /// are printed as `cargo::warning=` lines.
    ///
    /// # Errors
    ///
    /// Every failing spec's diagnostics, or the I/O failure; nothing is written for a spec
    /// with errors.
    pub fn compile(self) -> Result<Vec<Written>, BuildError> {
        let out_dir = match self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
        {
            Some(dir) => dir,
            None => {
                return Err(BuildError {
                    reports: Vec::new(),
                    io: Some(
                        "no output directory: call `out_dir` or run from a build script (OUT_DIR)"
                            .to_owned(),
                    ),
                });
            }
        };
        let mut failed = Vec::new();
        let mut written = Vec::new();
        for spec in &self.specs {
            if self.emit_rerun {
                println!("cargo::rerun-if-changed={}", spec.display());
            }
            match crate::generate_file(spec) {
                Ok(generated) => {
                    if self.emit_rerun {
                        for w in &generated.warnings.diagnostics {
                            println!(
                                "cargo::warning={}",
                                w.to_string().replace(['\n', '\r'], " ")
                            );
                        }
                    }
                    let path =
                        out_dir.join(format!("otc_{}.rs", generated.service.replace('-', "_")));
                    let changed =
                        write_if_changed(&path, &generated.code).map_err(|e| BuildError {
                            reports: Vec::new(),
                            io: Some(format!("cannot write {}: {e}", path.display())),
                        })?;
                    written.push(Written { path, changed });
                }
                Err(report) => failed.push(report),
            }
        }
        if failed.is_empty() {
            Ok(written)
        } else {
            Err(BuildError {
                reports: failed,
                io: None,
            })
        }
    }
}

/// Writes `content` to `path` unless the file already holds exactly that. Returns whether it
/// wrote.
pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, content)?;
    Ok(true)
}
