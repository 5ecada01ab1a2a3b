//! The `otc-codegen` command line: check, generate, sync, list, import, openapi.
//!
//! A thin layer of argument parsing (clap) over the library `otc-codegen` with its `tools` and
//! `internal` features; build scripts depend on the library alone and never compile this crate.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use otc_codegen::{Report, list, sync};

#[derive(Parser)]
#[command(
    name = "otc-codegen",
    version,
    about = "Typed Rust clients for Open Telekom Cloud from YAML specs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate specs (files or directories); exit 1 on errors, 0 on warnings only.
    Check {
        /// Spec files or directories of specs.
        #[arg(default_value = "specs")]
        paths: Vec<PathBuf>,
    },
    /// Print (or write) the Rust code generated from specs; several specs are generated in
    /// parallel, one thread per core, and need `--out`.
    Generate {
        /// The spec files.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Write `otc_<service>.rs` into this directory instead of printing.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Create or update `generated/<service>/` (Cargo.toml, src/lib.rs, src/generated.rs) for
    /// every spec in `specs/`, removing files of the earlier build-script layout.
    Sync {
        /// Directory of specs.
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// Directory that holds the generated crates.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Write nothing; list every file that differs or should not be there, exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Draft a spec from a service's published reference pages (reStructuredText).
    ///
    /// When `--out` exists it is read first: its `service` block and every entry that carries a
    /// `correction` are kept, so re-importing a newer reference does not undo hand fixes.
    Import {
        /// The service's reference directory (e.g. `otc-api-docs/as`).
        docs_dir: PathBuf,
        /// Short service name (`as`).
        #[arg(long)]
        service: String,
        /// Title (`Auto Scaling`); defaults to the service name.
        #[arg(long)]
        title: Option<String>,
        /// Endpoint template; defaults to `https://<service>.{region}.otc.t-systems.com`.
        #[arg(long)]
        endpoint: Option<String>,
        /// Service type in the IAM token catalog; defaults to the service name.
        #[arg(long)]
        catalog_type: Option<String>,
        /// Link to the published reference.
        #[arg(long)]
        docs: Option<String>,
        /// Import only the pages under this folder or file of DOCS_DIR (repeatable; all pages
        /// when absent), for a reference folder that documents several APIs.
        #[arg(long = "pages")]
        pages: Vec<String>,
        /// Where to write the spec (printed to stdout when absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write the OpenAPI 3.0 document (JSON) of one spec.
    ///
    /// Operations that share a method and path are merged into one OpenAPI operation
    /// (`x-otc-operations` lists them).
    Openapi {
        /// The spec file.
        spec: PathBuf,
        /// Write to this file instead of printing.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List operations (or error codes) as TSV.
    List {
        /// Spec files or directories of specs.
        #[arg(default_value = "specs")]
        paths: Vec<PathBuf>,
        /// List error codes instead of operations.
        #[arg(long)]
        errors: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { paths } => check(&paths),
        Command::Generate { specs, out } => generate(&specs, out.as_deref()),
        Command::Sync { specs, out, check } => sync_all(&specs, &out, check),
        Command::List { paths, errors } => list_all(&paths, errors),
        Command::Openapi { spec, out } => openapi(&spec, out.as_deref()),
        Command::Import {
            docs_dir,
            service,
            title,
            endpoint,
            catalog_type,
            docs,
            pages,
            out,
        } => {
            let service = otc_codegen::spec::Service {
                title: title.unwrap_or_else(|| service.clone()),
                endpoint: endpoint
                    .unwrap_or_else(|| format!("https://{service}.{{region}}.otc.t-systems.com")),
                catalog_type: catalog_type.unwrap_or_else(|| service.clone()),
                doc: None,
                error_envelopes: Vec::new(),
                docs,
                name: service,
            };
            import(docs_dir, service, pages, out.as_deref())
        }
    }
}

/// Spec files named directly or found in named directories.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let found =
                sync::spec_files(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn print_report(report: &Report) {
    if !report.diagnostics.is_empty() {
        eprint!("{report}");
        eprintln!();
    }
}

fn check(paths: &[PathBuf]) -> ExitCode {
    let specs = match expand(paths) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut errors, mut warnings) = (0, 0);
    for spec in &specs {
        let report = match otc_codegen::model_file(spec) {
            Ok((_, report)) | Err(report) => report,
        };
        print_report(&report);
        errors += report.error_count();
        warnings += report.diagnostics.len() - report.error_count();
    }
    eprintln!(
        "checked {} spec(s): {errors} error(s), {warnings} warning(s)",
        specs.len()
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn generate(specs: &[PathBuf], out: Option<&Path>) -> ExitCode {
    if specs.len() > 1 && out.is_none() {
        eprintln!("error: several specs need --out <dir> (one file per service)");
        return ExitCode::FAILURE;
    }
    let mut status = ExitCode::SUCCESS;
    for result in in_parallel(specs, |spec| otc_codegen::generate_file(spec)) {
        match result {
            Ok(generated) => {
                print_report(&generated.warnings);
                let path = out
                    .map(|dir| dir.join(format!("otc_{}.rs", generated.service.replace('-', "_"))));
                if write_output(&generated.code, path.as_deref(), "") != ExitCode::SUCCESS {
                    status = ExitCode::FAILURE;
                }
            }
            Err(report) => {
                print_report(&report);
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}

/// `work` applied to every spec, spread over one thread per core, the largest files first (a
/// large spec started last would finish alone); results in input order, so output and
/// diagnostics do not depend on scheduling.
fn in_parallel<T: AsRef<Path> + Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len())
        .max(1);
    let mut order: Vec<usize> = (0..items.len()).collect();
    let size = |i: &usize| std::fs::metadata(items[*i].as_ref()).map_or(0, |m| m.len());
    order.sort_by_key(|i| std::cmp::Reverse(size(i)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&i) = order.get(k) else { break };
                        mine.push((i, work(&items[i])));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

fn openapi(spec: &Path, out: Option<&Path>) -> ExitCode {
    let (text, warnings) = match otc_codegen::openapi::export_file(spec) {
        Ok(exported) => exported,
        Err(report) => {
            print_report(&report);
            return ExitCode::FAILURE;
        }
    };
    print_report(&warnings);
    write_output(&text, out, "")
}

fn sync_all(specs_dir: &Path, out: &Path, check_only: bool) -> ExitCode {
    let specs = match sync::spec_files(specs_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", specs_dir.display());
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    let mut stale = Vec::new();
    let all_files = in_parallel(&specs, |spec| sync::crate_files(spec, out));
    for files in all_files {
        let files = match files {
            Ok(f) => f,
            Err(report) => {
                print_report(&report);
                failed = true;
                continue;
            }
        };
        if check_only {
            stale.extend(sync::stale(&files));
            continue;
        }
        match sync::write(&files) {
            Ok(written) => {
                for w in written {
                    let what = if w.exists() { "wrote" } else { "removed" };
                    eprintln!("{what} {}", w.display());
                }
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", files.dir.display());
                failed = true;
            }
        }
    }
    for s in &stale {
        eprintln!("out of date: {}", s.display());
    }
    if failed || !stale.is_empty() {
        ExitCode::FAILURE
    } else {
        eprintln!("{} crate(s) in sync under {}", specs.len(), out.display());
        ExitCode::SUCCESS
    }
}

fn list_all(paths: &[PathBuf], errors: bool) -> ExitCode {
    let specs = match expand(paths) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = String::new();
    out.push_str(if errors {
        list::ERRORS_HEADER
    } else {
        list::OPERATIONS_HEADER
    });
    out.push('\n');
    let mut failed = false;
    for spec in &specs {
        match otc_codegen::model_file(spec) {
            Ok((model, _)) => {
                let rows = if errors {
                    list::error_rows(&model)
                } else {
                    list::operation_rows(&model)
                };
                for row in rows {
                    out.push_str(&row);
                    out.push('\n');
                }
            }
            Err(report) => {
                print_report(&report);
                failed = true;
            }
        }
    }
    if std::io::stdout().lock().write_all(out.as_bytes()).is_err() {
        return ExitCode::FAILURE;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn import(
    docs_dir: PathBuf,
    service: otc_codegen::spec::Service,
    pages: Vec<String>,
    out: Option<&Path>,
) -> ExitCode {
    use otc_codegen::import;
    let existing = match out.filter(|p| p.exists()) {
        Some(path) => match otc_codegen::load::load_file(path) {
            Ok(loaded) => Some(loaded.spec),
            Err(report) => {
                print_report(&report);
                eprintln!("error: the existing spec must load before it can be merged");
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let opts = import::ImportOptions {
        docs_dir,
        service,
        existing,
        pages,
    };
    let report = match import::import(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for w in &report.warnings {
        eprintln!("{w}");
    }
    for (category, count) in report.warning_counts() {
        eprintln!("{count:5} {}", category.as_str());
    }
    let yaml = import::to_yaml(&report.spec);
    let counts = format!(
        " ({} operations, {} types, {} error codes)",
        report.spec.operations.len(),
        report.spec.types.len(),
        report.spec.errors.len()
    );
    write_output(&yaml, out, &counts)
}

/// Writes `text` to `path` when it changed, saying `wrote <path><detail>` or `unchanged
/// <path><detail>` on stderr, or to standard output when there is no path.
fn write_output(text: &str, path: Option<&Path>, detail: &str) -> ExitCode {
    let Some(path) = path else {
        return if std::io::stdout().lock().write_all(text.as_bytes()).is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    };
    match otc_codegen::builder::write_if_changed(path, text) {
        Ok(changed) => {
            let what = if changed { "wrote" } else { "unchanged" };
            eprintln!("{what} {}{detail}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}
