//! Decoding large list answers: the generated types versus hand-written serde structs of the
//! same fields, on the same bytes. Time with criterion; allocations (count, bytes, peak live
//! bytes) with a counting global allocator, printed before the timings.
//!
//! ```sh
//! cargo bench -p otc-tests --bench decode -- --warm-up-time 1 --measurement-time 5
//! ```
//!
//! Cases: 10,000 IMS images (`GET /v2/cloudimages`, 56 fields each, 8 of them enums) and
//! 10,000 AS groups (`GET …/scaling_group`, 31 fields with nested lists). Decoders:
//! `generated` (`serde_json::from_slice` into `otc_ims::types::ListImagesResponse`),
//! `generated_runtime` (the path `send` takes: `RawResponse::json`, with the failure-path
//! lookup and the request-id lookup), `hand` (hand-written structs) and `value`
//! (`serde_json::Value`, for scale). `lenient`: 10,000 records of four integers sent as
//! strings decoded leniently, versus the same integers sent as numbers into plain `i64`s, and
//! versus the strings kept as `String`s.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use criterion::{Criterion, criterion_group};
use serde::de::DeserializeOwned;
use support::hand;

/// Counts allocations, allocated bytes and the peak of live bytes.
struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_alloc(layout.size());
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Relaxed);
        count_alloc(new_size);
        // SAFETY: forwarded with the caller's pointer, layout and size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn count_alloc(size: usize) {
    ALLOCS.fetch_add(1, Relaxed);
    BYTES.fetch_add(size, Relaxed);
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocation figures of one call of `f`, the result kept alive until measured.
fn measure<T>(f: impl FnOnce() -> T) -> (usize, usize, usize, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    let out = f();
    let retained = LIVE.load(Relaxed) - base;
    let result = (
        ALLOCS.load(Relaxed) - a0,
        BYTES.load(Relaxed) - b0,
        PEAK.load(Relaxed) - base,
        retained,
    );
    drop(black_box(out));
    result
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> T {
    serde_json::from_slice(body).expect("decodes")
}

fn runtime_decode<T: DeserializeOwned, C: otc_runtime::ServiceErrorCode>(
    body: &otc_runtime::bytes::Bytes,
) -> T {
    let mut headers = otc_runtime::http::HeaderMap::new();
    headers.insert(
        "x-request-id",
        otc_runtime::http::HeaderValue::from_static("req-1"),
    );
    otc_runtime::RawResponse::new("bench", "list", 200, headers, body.clone())
        .json::<T, C>()
        .expect("decodes")
        .body
}

fn lenient_body(as_strings: bool, n: usize) -> Vec<u8> {
    let rows: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let v = [i, i * 3, i * 7, 100_000 + i];
            if as_strings {
                serde_json::json!({"a": v[0].to_string(), "b": v[1].to_string(), "c": v[2].to_string(), "d": v[3].to_string()})
            } else {
                serde_json::json!({"a": v[0], "b": v[1], "c": v[2], "d": v[3]})
            }
        })
        .collect();
    serde_json::to_vec(&rows).expect("serializes")
}

const N: usize = 10_000;

struct Bodies {
    ims: otc_runtime::bytes::Bytes,
    as_groups: otc_runtime::bytes::Bytes,
    numbers: Vec<u8>,
    strings: Vec<u8>,
}

fn bodies() -> Bodies {
    Bodies {
        ims: support::ims_images_body(N).into(),
        as_groups: support::as_groups_body(N).into(),
        numbers: lenient_body(false, N),
        strings: lenient_body(true, N),
    }
}

fn memory_report(b: &Bodies) {
    println!(
        "bodies: ims {} bytes, as {} bytes, lenient numbers {} bytes, strings {} bytes",
        b.ims.len(),
        b.as_groups.len(),
        b.numbers.len(),
        b.strings.len()
    );
    println!(
        "sizes: generated Image {} B, hand Image {} B, generated ScalingGroup {} B, hand ScalingGroup {} B",
        size_of::<otc_ims::types::Image>(),
        size_of::<hand::Image>(),
        size_of::<otc_as::types::ScalingGroup>(),
        size_of::<hand::ScalingGroup>()
    );
    println!("memory\tcase\tallocations\tallocated_bytes\tpeak_live_bytes\tretained_bytes");
    let row = |name: &str, m: (usize, usize, usize, usize)| {
        println!("memory\t{name}\t{}\t{}\t{}\t{}", m.0, m.1, m.2, m.3);
    };
    row(
        "ims/generated",
        measure(|| decode::<otc_ims::types::ListImagesResponse>(&b.ims)),
    );
    row(
        "ims/generated_runtime",
        measure(|| {
            runtime_decode::<otc_ims::types::ListImagesResponse, otc_ims::ErrorCode>(&b.ims)
        }),
    );
    row("ims/hand", measure(|| decode::<hand::ListImages>(&b.ims)));
    row("ims/value", measure(|| decode::<serde_json::Value>(&b.ims)));
    row(
        "as/generated",
        measure(|| decode::<otc_as::types::ListAsGroupsResponse>(&b.as_groups)),
    );
    row(
        "as/generated_runtime",
        measure(|| {
            runtime_decode::<otc_as::types::ListAsGroupsResponse, otc_as::ErrorCode>(&b.as_groups)
        }),
    );
    row(
        "as/hand",
        measure(|| decode::<hand::ListAsGroups>(&b.as_groups)),
    );
    row(
        "as/value",
        measure(|| decode::<serde_json::Value>(&b.as_groups)),
    );
    row(
        "lenient/lenient_from_strings",
        measure(|| decode::<Vec<hand::Lenient>>(&b.strings)),
    );
    row(
        "lenient/plain_from_numbers",
        measure(|| decode::<Vec<hand::Plain>>(&b.numbers)),
    );
    row(
        "lenient/strings_as_strings",
        measure(|| decode::<Vec<hand::Strings>>(&b.strings)),
    );
    row(
        "lenient/lenient_from_numbers",
        measure(|| decode::<Vec<hand::Lenient>>(&b.numbers)),
    );
}

fn decoding(c: &mut Criterion) {
    let b = bodies();
    memory_report(&b);

    let mut group = c.benchmark_group("decode/ims_10000");
    group.bench_function("generated", |x| {
        x.iter(|| decode::<otc_ims::types::ListImagesResponse>(black_box(&b.ims)))
    });
    group.bench_function("generated_runtime", |x| {
        x.iter(|| {
            runtime_decode::<otc_ims::types::ListImagesResponse, otc_ims::ErrorCode>(black_box(
                &b.ims,
            ))
        })
    });
    group.bench_function("hand", |x| {
        x.iter(|| decode::<hand::ListImages>(black_box(&b.ims)))
    });
    group.bench_function("value", |x| {
        x.iter(|| decode::<serde_json::Value>(black_box(&b.ims)))
    });
    group.finish();

    let mut group = c.benchmark_group("decode/as_10000");
    group.bench_function("generated", |x| {
        x.iter(|| decode::<otc_as::types::ListAsGroupsResponse>(black_box(&b.as_groups)))
    });
    group.bench_function("generated_runtime", |x| {
        x.iter(|| {
            runtime_decode::<otc_as::types::ListAsGroupsResponse, otc_as::ErrorCode>(black_box(
                &b.as_groups,
            ))
        })
    });
    group.bench_function("hand", |x| {
        x.iter(|| decode::<hand::ListAsGroups>(black_box(&b.as_groups)))
    });
    group.bench_function("value", |x| {
        x.iter(|| decode::<serde_json::Value>(black_box(&b.as_groups)))
    });
    group.finish();

    let mut group = c.benchmark_group("decode/lenient_10000x4");
    group.bench_function("lenient_from_strings", |x| {
        x.iter(|| decode::<Vec<hand::Lenient>>(black_box(&b.strings)))
    });
    group.bench_function("plain_from_numbers", |x| {
        x.iter(|| decode::<Vec<hand::Plain>>(black_box(&b.numbers)))
    });
    group.bench_function("strings_as_strings", |x| {
        x.iter(|| decode::<Vec<hand::Strings>>(black_box(&b.strings)))
    });
    group.bench_function("lenient_from_numbers", |x| {
        x.iter(|| decode::<Vec<hand::Lenient>>(black_box(&b.numbers)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = decoding
}

/// Decodes once, for instruction counts: `DECODE_ONCE=ims/generated` (or `none`, the setup
/// alone) under callgrind; the difference of the two totals is the decode.
fn decode_once(case: &str, b: &Bodies) {
    match case {
        "none" => {}
        "ims/generated" => drop(black_box(decode::<otc_ims::types::ListImagesResponse>(
            &b.ims,
        ))),
        "ims/generated_runtime" => drop(black_box(runtime_decode::<
            otc_ims::types::ListImagesResponse,
            otc_ims::ErrorCode,
        >(&b.ims))),
        "ims/hand" => drop(black_box(decode::<hand::ListImages>(&b.ims))),
        "as/generated" => drop(black_box(decode::<otc_as::types::ListAsGroupsResponse>(
            &b.as_groups,
        ))),
        "as/generated_runtime" => drop(black_box(runtime_decode::<
            otc_as::types::ListAsGroupsResponse,
            otc_as::ErrorCode,
        >(&b.as_groups))),
        "as/hand" => drop(black_box(decode::<hand::ListAsGroups>(&b.as_groups))),
        "lenient/lenient_from_strings" => drop(black_box(decode::<Vec<hand::Lenient>>(&b.strings))),
        "lenient/plain_from_numbers" => drop(black_box(decode::<Vec<hand::Plain>>(&b.numbers))),
        "lenient/strings_as_strings" => drop(black_box(decode::<Vec<hand::Strings>>(&b.strings))),
        "lenient/lenient_from_numbers" => drop(black_box(decode::<Vec<hand::Lenient>>(&b.numbers))),
        other => panic!("unknown DECODE_ONCE case {other:?}"),
    }
}

fn main() {
    if let Ok(case) = std::env::var("DECODE_ONCE") {
        decode_once(&case, &bodies());
        return;
    }
    // A check that the hand-written and generated types agree on the data before timing.
    let b = bodies();
    let generated = decode::<otc_ims::types::ListImagesResponse>(&b.ims);
    let written = decode::<hand::ListImages>(&b.ims);
    assert_eq!(
        Some(generated.images.len()),
        written.images.as_ref().map(Vec::len)
    );
    assert!(
        generated
            .images
            .iter()
            .all(|i| !matches!(i.status, Some(otc_ims::types::ListImagesStatus::Unknown(_)))),
        "every status is a known one"
    );
    drop((generated, written, b));
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
