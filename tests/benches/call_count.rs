//! N calls one way, for counting instructions with callgrind (wall time is noisy on a shared
//! machine; instruction counts are not).
//!
//! ```sh
//! cargo bench -p otc-tests --bench call_count --no-run      # prints the binary's path
//! valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file=cg.%p \
//!     <binary> generated list20 1000
//! ```
//!
//! Arguments: `generated|hand`, `list1|list20|create`, the number of calls. Each run makes
//! one untimed warm-up call first (connection set up), so run it with N and with 0 and take
//! the difference over N: instructions per call, setup excluded. `bash bench/callgrind.sh`
//! does all of that. Without arguments (as `cargo bench` runs it) it makes 10 calls each way
//! as a smoke test.

mod support;

use std::hint::black_box;

use support::calls::{
    generated_client, generated_create, hand_client, hand_create, hand_list, start_server,
};

fn run(mode: &str, case: &str, n: usize) {
    let groups = if case == "list20" { 20 } else { 1 };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let srv = start_server(groups);
    match mode {
        "generated" => {
            let client = generated_client(&srv.url);
            rt.block_on(async {
                for i in 0..=n {
                    if case == "create" {
                        black_box(generated_create(&client).await);
                    } else {
                        let r = client.list_as_groups().send().await.expect("answer");
                        if i == 0 {
                            assert_eq!(r.body.scaling_groups.len(), groups);
                        }
                        black_box(r);
                    }
                }
            });
        }
        "hand" => {
            let client = hand_client();
            rt.block_on(async {
                for i in 0..=n {
                    if case == "create" {
                        black_box(hand_create(&client, &srv.url).await);
                    } else {
                        let r = hand_list(&client, &srv.url).await;
                        if i == 0 {
                            assert_eq!(r.scaling_groups.as_ref().map_or(0, Vec::len), groups);
                        }
                        black_box(r);
                    }
                }
            });
        }
        other => panic!("unknown mode {other:?}: use generated or hand"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [mode, case, n] if !mode.starts_with('-') => {
            let n: usize = n.parse().expect("the number of calls");
            run(mode, case, n);
        }
        _ => {
            for mode in ["generated", "hand"] {
                for case in ["list1", "list20", "create"] {
                    run(mode, case, 10);
                }
            }
            println!("call_count: smoke run ok (use it under callgrind, see its docs)");
        }
    }
}
