//! Paging: the three cursor styles ending correctly, the no-progress stop, errors, items,
//! `Send`, and the inherent `next()` used without any trait import.

mod common;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use otc_runtime as rt;
use rt::paging::{Cursor, Pages, next_marker, next_offset, next_page};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn next_offset_ends_on_empty_short_and_total() {
    assert_eq!(next_offset(0, 0, Some(10), None), None); // empty first page
    assert_eq!(next_offset(0, 10, Some(10), None), Some(10));
    assert_eq!(next_offset(10, 3, Some(10), None), None); // short last page
    assert_eq!(next_offset(0, 10, Some(10), Some(20)), Some(10));
    assert_eq!(next_offset(10, 10, Some(10), Some(20)), None); // total reached
    assert_eq!(next_offset(0, 5, None, None), Some(5)); // no limit: go on until empty
    assert_eq!(next_offset(0, 5, None, Some(5)), None);
    assert_eq!(next_offset(0, 5, Some(0), None), Some(5)); // a zero limit means none
    assert_eq!(next_offset(i64::MAX, 1, None, None), None); // no overflow
}

#[test]
fn next_page_counts_from_one() {
    assert_eq!(next_page(1, 0, Some(10), None), None); // empty first page
    assert_eq!(next_page(1, 10, Some(10), None), Some(2));
    assert_eq!(next_page(2, 4, Some(10), None), None); // short last page
    assert_eq!(next_page(2, 10, Some(10), Some(20)), None); // 2 pages of 10 hold all 20
    assert_eq!(next_page(2, 10, Some(10), Some(21)), Some(3));
    assert_eq!(next_page(1, 7, None, Some(14)), Some(2)); // page size from the page
    assert_eq!(next_page(2, 7, None, Some(14)), None);
    assert_eq!(next_page(0, 5, Some(5), None), Some(2)); // a 0 is read as page 1
}

#[test]
fn next_marker_prefers_the_next_link() {
    assert_eq!(next_marker(0, Some("x"), Some(2), None), None); // empty first page
    assert_eq!(
        next_marker(2, Some("b"), Some(2), None).as_deref(),
        Some("b")
    );
    assert_eq!(next_marker(1, Some("c"), Some(2), None), None); // short last page
    assert_eq!(next_marker(2, None, Some(2), None), None); // nothing to go on
    assert_eq!(
        next_marker(
            2,
            Some("b"),
            Some(2),
            Some("/v2/images?marker=from-link&limit=2")
        )
        .as_deref(),
        Some("from-link")
    );
    // Glance may cap the page below `limit`; its link still says there is more.
    assert_eq!(
        next_marker(1, Some("c"), Some(25), Some("/v2/images?limit=25&marker=c")).as_deref(),
        Some("c")
    );
    // A link without a marker falls back to the last id.
    assert_eq!(
        next_marker(2, Some("b"), Some(2), Some("/v2/images?limit=2")).as_deref(),
        Some("b")
    );
    assert_eq!(next_marker(2, Some(""), None, None), None);
}

/// The cursors a scripted fetch was called with.
type CursorLog = Arc<Mutex<Vec<Cursor>>>;
/// What a scripted fetch returns.
type Page = std::future::Ready<Result<Vec<u32>, rt::Error>>;

/// Pages served from a list; each fetch records the cursor it was given.
fn scripted(
    pages: Vec<Result<Vec<u32>, u16>>,
) -> (impl FnMut(Cursor) -> Page + Send + 'static, CursorLog) {
    let pages = Arc::new(Mutex::new(VecDeque::from(pages)));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let fetch = move |cursor: Cursor| {
        log.lock().unwrap().push(cursor);
        let page = pages.lock().unwrap().pop_front().unwrap_or(Ok(vec![]));
        std::future::ready(page.map_err(|status| {
            rt::Error::Service(Box::new(rt::ServiceError::from_response(
                "as",
                "list",
                status,
                http::HeaderMap::new(),
                bytes::Bytes::new(),
            )))
        }))
    };
    (fetch, seen)
}

fn offset_advance(limit: i64) -> impl Fn(&Vec<u32>, &Cursor) -> Option<Cursor> + Send + Sync {
    move |page, cursor| {
        let current = match cursor {
            Cursor::Offset(n) => *n,
            _ => 0,
        };
        next_offset(current, page.len(), Some(limit), None).map(Cursor::Offset)
    }
}

#[tokio::test]
async fn offset_pages_end_on_a_short_page() {
    let (fetch, seen) = scripted(vec![Ok(vec![1, 2]), Ok(vec![3, 4]), Ok(vec![5])]);
    let mut pages = Pages::new(fetch, offset_advance(2));
    let mut got = Vec::new();
    // No trait import needed: `next` is inherent.
    while let Some(page) = pages.next().await {
        got.push(page.unwrap());
    }
    assert_eq!(got, [vec![1, 2], vec![3, 4], vec![5]]);
    assert_eq!(
        *seen.lock().unwrap(),
        [Cursor::Start, Cursor::Offset(2), Cursor::Offset(4)]
    );
    assert!(pages.next().await.is_none(), "stays finished");
}

#[tokio::test]
async fn an_empty_first_page_is_the_only_page() {
    let (fetch, seen) = scripted(vec![Ok(vec![])]);
    let pages = Pages::new(fetch, offset_advance(2));
    assert_eq!(pages.collect().await.unwrap(), [Vec::<u32>::new()]);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn page_numbers_end_at_the_total() {
    let (fetch, seen) = scripted(vec![Ok(vec![1, 2]), Ok(vec![3, 4]), Ok(vec![5, 6])]);
    let pages = Pages::new(fetch, |page: &Vec<u32>, cursor: &Cursor| {
        let current = match cursor {
            Cursor::Page(n) => *n,
            _ => 1,
        };
        next_page(current, page.len(), Some(2), Some(4)).map(Cursor::Page)
    });
    assert_eq!(pages.collect().await.unwrap().len(), 2);
    assert_eq!(*seen.lock().unwrap(), [Cursor::Start, Cursor::Page(2)]);
}

#[tokio::test]
async fn markers_follow_the_last_id_and_stop_on_a_short_page() {
    let (fetch, seen) = scripted(vec![Ok(vec![1, 2]), Ok(vec![3])]);
    let pages = Pages::new(fetch, |page: &Vec<u32>, _: &Cursor| {
        let last = page.last().map(u32::to_string);
        next_marker(page.len(), last.as_deref(), Some(2), None).map(Cursor::Marker)
    });
    let items = pages.items(|page| page).collect().await.unwrap();
    assert_eq!(items, [1, 2, 3]);
    assert_eq!(
        *seen.lock().unwrap(),
        [Cursor::Start, Cursor::Marker("2".into())]
    );
}

#[tokio::test]
async fn a_service_that_repeats_itself_does_not_loop() {
    // The same cursor again.
    let (fetch, seen) = scripted(vec![Ok(vec![1]), Ok(vec![1]), Ok(vec![1])]);
    let pages = Pages::new(fetch, |_: &Vec<u32>, _: &Cursor| {
        Some(Cursor::Marker("same".into()))
    });
    assert_eq!(pages.collect().await.unwrap().len(), 2);
    assert_eq!(
        *seen.lock().unwrap(),
        [Cursor::Start, Cursor::Marker("same".into())]
    );
    // A cycle of two.
    let (fetch, seen) = scripted(vec![Ok(vec![1]); 10]);
    let pages = Pages::new(fetch, |_: &Vec<u32>, cursor: &Cursor| {
        Some(match cursor {
            Cursor::Marker(m) if m == "a" => Cursor::Marker("b".into()),
            _ => Cursor::Marker("a".into()),
        })
    });
    assert_eq!(pages.collect().await.unwrap().len(), 3);
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn the_first_error_ends_paging() {
    let (fetch, seen) = scripted(vec![Ok(vec![1, 2]), Err(503), Ok(vec![3, 4])]);
    let mut pages = Pages::new(fetch, offset_advance(2));
    assert!(pages.next().await.unwrap().is_ok());
    let err = pages.next().await.unwrap().unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(pages.next().await.is_none());
    assert_eq!(seen.lock().unwrap().len(), 2);

    let (fetch, _) = scripted(vec![Ok(vec![1, 2]), Err(500)]);
    let err = Pages::new(fetch, offset_advance(2))
        .collect()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));

    let (fetch, _) = scripted(vec![Ok(vec![1, 2]), Err(500)]);
    let mut items = Pages::new(fetch, offset_advance(2)).items(|p| p);
    assert_eq!(items.next().await.unwrap().unwrap(), 1);
    assert_eq!(items.next().await.unwrap().unwrap(), 2);
    assert!(items.next().await.unwrap().is_err());
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn items_skip_empty_pages_and_fetch_lazily() {
    let (fetch, seen) = scripted(vec![Ok(vec![1]), Ok(vec![]), Ok(vec![2, 3])]);
    let pages = Pages::new(fetch, |page: &Vec<u32>, cursor: &Cursor| {
        let n = match cursor {
            Cursor::Page(n) => *n,
            _ => 1,
        };
        // Go on while pages come, even empty ones, up to page 3.
        (n < 3)
            .then(|| Cursor::Page(n + 1))
            .filter(|_| page.len() < 10)
    });
    let mut items = pages.items(|page| page);
    assert_eq!(items.next().await.unwrap().unwrap(), 1);
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "the second page is not fetched yet"
    );
    assert_eq!(items.next().await.unwrap().unwrap(), 2);
    assert_eq!(items.next().await.unwrap().unwrap(), 3);
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn pages_and_items_are_streams() {
    use futures::StreamExt;
    let (fetch, _) = scripted(vec![Ok(vec![1, 2]), Ok(vec![3])]);
    // The inherent `collect` shadows `StreamExt::collect`; name the trait to use the latter.
    let pages: Vec<_> = StreamExt::collect::<Vec<_>>(Pages::new(fetch, offset_advance(2))).await;
    assert_eq!(pages.len(), 2);
    let (fetch, _) = scripted(vec![Ok(vec![1, 2]), Ok(vec![3])]);
    let items: Vec<u32> = Pages::new(fetch, offset_advance(2))
        .items(|p| p)
        .map(Result::unwrap)
        .collect()
        .await; // `map` made it a plain stream: `collect` is StreamExt's here
    assert_eq!(items, [1, 2, 3]);
}

fn assert_send<T: Send>(_: &T) {}

/// AS-style paging (`start_number`/`limit`, `total_number`) through a real client, in a
/// spawned task.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_through_the_client_in_a_spawned_task() {
    let server = MockServer::start().await;
    let groups = |ids: &[u32]| -> Value {
        json!({"total_number": 5, "scaling_groups": ids.iter().map(|i| json!({"scaling_group_id": i.to_string()})).collect::<Vec<_>>()})
    };
    for (start, ids) in [("0", &[1, 2][..]), ("2", &[3, 4][..]), ("4", &[5][..])] {
        Mock::given(method("GET"))
            .and(path(list_groups_path()))
            .and(query_param("start_number", start))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(groups(ids)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = rt::Client::builder()
        .endpoint("as", server.uri())
        .build()
        .unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let pages: Pages<Value, String> = Pages::new(
        move |cursor| {
            counter.fetch_add(1, Ordering::SeqCst);
            let client = client.clone();
            async move {
                let start = match cursor {
                    Cursor::Offset(n) => n,
                    _ => 0,
                };
                let mut req = list_groups();
                req.query("start_number", &start.to_string());
                req.query("limit", "2");
                Ok(client
                    .execute::<String>(req)
                    .await?
                    .json::<Value, String>()?
                    .body)
            }
        },
        |page: &Value, cursor: &Cursor| {
            let current = match cursor {
                Cursor::Offset(n) => *n,
                _ => 0,
            };
            let items = page["scaling_groups"].as_array().map_or(0, Vec::len);
            next_offset(current, items, Some(2), page["total_number"].as_i64()).map(Cursor::Offset)
        },
    );
    assert_send(&pages);
    let items = pages.items(|page: Value| match page {
        Value::Object(mut m) => match m.remove("scaling_groups") {
            Some(Value::Array(a)) => a,
            _ => vec![],
        },
        _ => vec![],
    });
    assert_send(&items);
    let ids = tokio::spawn(async move { items.collect().await })
        .await
        .unwrap()
        .unwrap();
    let ids: Vec<&str> = ids
        .iter()
        .map(|g| g["scaling_group_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}
