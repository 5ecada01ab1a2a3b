//! Codegen speed: the whole pipeline per spec and for all specs, and each stage alone.
//!
//! ```sh
//! cargo bench -p otc-codegen --bench pipeline -- --warm-up-time 1 --measurement-time 5
//! ```
//!
//! Stages (each measured on the output of the previous one, prepared outside the timing):
//! `yaml` (text → YAML tree with positions), `load` (text → typed spec: `yaml` plus serde),
//! `validate`, `model`, `emit` (model → tokens), `syn_parse` (tokens → `syn::File`),
//! `prettyplease` (`syn::File` → text), `format` (`syn_parse` + `prettyplease` + header, what the
//! pipeline calls), `to_string` (tokens → unformatted text: what skipping `format` would cost
//! instead), and `openapi` (model → OpenAPI JSON text). `pipeline` is
//! `otc_codegen::generate_file` (file read included); `pipeline_all` runs it on every spec.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use otc_codegen::{emit, format, load, model, openapi, source_map, validate};

const SPECS: &[&str] = &["as", "ims", "mrs", "iam"];

fn spec_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(format!("{name}.yaml"))
}

fn stages(c: &mut Criterion) {
    for name in SPECS {
        let path = spec_path(name);
        let file_name = format!("{name}.yaml");
        let text = std::fs::read_to_string(&path).expect("spec is readable");
        let loaded = load::load_str(&path, text.clone()).expect("spec loads");
        let built = model::build(&loaded.spec, &file_name);
        let tokens = emit::emit(&built);
        let file: syn::File = syn::parse2(tokens.clone()).expect("tokens parse");

        let mut group = c.benchmark_group(format!("stage/{name}"));
        group.bench_function("yaml", |b| {
            b.iter(|| source_map::parse(black_box(&text)).map(|p| p.value))
        });
        group.bench_function("load", |b| {
            b.iter_batched(
                || text.clone(),
                |t| load::load_str(&path, t).map(|l| l.spec),
                BatchSize::SmallInput,
            )
        });
        group.bench_function("validate", |b| {
            b.iter(|| validate::validate(black_box(&loaded)))
        });
        group.bench_function("model", |b| {
            b.iter(|| model::build(black_box(&loaded.spec), &file_name))
        });
        group.bench_function("emit", |b| b.iter(|| emit::emit(black_box(&built))));
        group.bench_function("syn_parse", |b| {
            b.iter_batched(
                || tokens.clone(),
                |t| syn::parse2::<syn::File>(t).map(|f| f.items.len()),
                BatchSize::SmallInput,
            )
        });
        group.bench_function("prettyplease", |b| {
            b.iter(|| prettyplease::unparse(black_box(&file)))
        });
        group.bench_function("format", |b| {
            b.iter_batched(
                || tokens.clone(),
                |t| format::format_file(t, &file_name),
                BatchSize::SmallInput,
            )
        });
        group.bench_function("to_string", |b| b.iter(|| black_box(&tokens).to_string()));
        group.bench_function("openapi", |b| {
            b.iter(|| openapi::to_json(&openapi::document(black_box(&loaded.spec), &built)))
        });
        group.finish();
    }
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    for name in SPECS {
        let path = spec_path(name);
        group.bench_function(*name, |b| {
            b.iter(|| otc_codegen::generate_file(black_box(&path)).map(|g| g.code.len()))
        });
    }
    let all: Vec<PathBuf> = SPECS.iter().map(|n| spec_path(n)).collect();
    group.bench_function("all", |b| {
        b.iter(|| {
            all.iter()
                .map(|p| otc_codegen::generate_file(p).map_or(0, |g| g.code.len()))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = pipeline, stages
}
criterion_main!(benches);
