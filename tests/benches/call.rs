//! Runtime cost per call: a generated client call against a loopback server versus a
//! hand-written reqwest + serde_json call of the same endpoint, same server, same body.
//!
//! ```sh
//! cargo bench -p otc-tests --bench call -- --warm-up-time 1 --measurement-time 5
//! ```
//!
//! The server (`support::server`) is a tiny keep-alive HTTP/1.1 responder with canned
//! answers on its own thread; the client runs on a single-threaded tokio runtime. Cases:
//! `list_as_groups` answering 1 group and 20 groups (AS's default page), and
//! `create_as_group` (a JSON request body, a small answer).

mod support;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use support::calls::{
    generated_client, generated_create, hand_client, hand_create, hand_list, start_server,
};

fn calls(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for groups in [1_usize, 20] {
        let srv = start_server(groups);
        let generated = generated_client(&srv.url);
        let hand = hand_client();
        // Both answer the same thing.
        let a = rt
            .block_on(generated.list_as_groups().send())
            .expect("generated call");
        let b = rt.block_on(hand_list(&hand, &srv.url));
        assert_eq!(
            Some(a.body.scaling_groups.len()),
            b.scaling_groups.map(|g| g.len())
        );

        let mut group = c.benchmark_group(format!("call/list_as_groups_{groups}"));
        group.bench_function("generated", |bch| {
            bch.to_async(&rt).iter(|| async {
                black_box(generated.list_as_groups().send().await.expect("answer"))
            })
        });
        group.bench_function("hand_reqwest", |bch| {
            bch.to_async(&rt)
                .iter(|| async { black_box(hand_list(&hand, &srv.url).await) })
        });
        group.finish();

        if groups == 1 {
            let mut group = c.benchmark_group("call/create_as_group");
            group.bench_function("generated", |bch| {
                bch.to_async(&rt)
                    .iter(|| async { black_box(generated_create(&generated).await) })
            });
            group.bench_function("hand_reqwest", |bch| {
                bch.to_async(&rt)
                    .iter(|| async { black_box(hand_create(&hand, &srv.url).await) })
            });
            group.finish();
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = calls
}
criterion_main!(benches);
