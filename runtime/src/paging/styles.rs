//! The three paging styles as constructors of [`Pages`]: what each generated list operation
//! would otherwise spell out (clone the request, set its cursor parameter, send it, compute
//! the next cursor from the page) is written once here.

use std::future::Future;

use super::cursor::{Cursor, next_marker, next_offset, next_page};
use super::pages::Pages;
use crate::error::{Error, ServiceErrorCode};
use crate::response::Response;

impl<B: Send + 'static, C: ServiceErrorCode> Pages<Response<B>, C> {
    /// Offset paging (AS `start_number`, MRS v2 `offset`): the first page is `request` as
    /// given, whose offset is `start`; each next one is `request` with `set(offset)`, where
    /// the offset advances by the number of items until [`next_offset`] says stop.
    /// `page(body)` gives the page's item count and the total, if the body has one.
    pub fn by_offset<R, S, Fut, P>(
        request: R,
        start: i64,
        limit: Option<i64>,
        set: fn(&mut R, i64),
        send: S,
        page: P,
    ) -> Self
    where
        R: Clone + Send + 'static,
        S: Fn(R) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Response<B>, Error<C>>> + Send + 'static,
        P: Fn(&B) -> (usize, Option<i64>) + Send + Sync + 'static,
    {
        let numbers = Numbered {
            start,
            limit,
            set,
            wrap: Cursor::Offset,
            next: next_offset,
        };
        numbers.pages(request, send, page)
    }

    /// Page-number paging (MRS v1 `currentPage`/`pageSize`, from 1): as
    /// [`Pages::by_offset`] with [`next_page`]; `size` is the page size asked for.
    pub fn by_page<R, S, Fut, P>(
        request: R,
        start: i64,
        size: Option<i64>,
        set: fn(&mut R, i64),
        send: S,
        page: P,
    ) -> Self
    where
        R: Clone + Send + 'static,
        S: Fn(R) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Response<B>, Error<C>>> + Send + 'static,
        P: Fn(&B) -> (usize, Option<i64>) + Send + Sync + 'static,
    {
        let numbers = Numbered {
            start,
            limit: size,
            set,
            wrap: Cursor::Page,
            next: next_page,
        };
        numbers.pages(request, send, page)
    }

    /// Marker paging (IMS/Glance and Neutron `marker`): each next page is `request` with
    /// `set(marker)`. `page(body)` gives the item count, the last item's id and the body's
    /// next link; with `link_declared`, a page without a next link is the last (no request
    /// for an empty page), otherwise [`next_marker`] decides from the count and `limit`.
    pub fn by_marker<R, S, Fut, P>(
        request: R,
        limit: Option<i64>,
        link_declared: bool,
        set: fn(&mut R, String),
        send: S,
        page: P,
    ) -> Self
    where
        R: Clone + Send + 'static,
        S: Fn(R) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Response<B>, Error<C>>> + Send + 'static,
        P: for<'a> Fn(&'a B) -> (usize, Option<&'a str>, Option<&'a str>) + Send + Sync + 'static,
    {
        Pages::new(
            fetch(request, send, move |r, cursor| {
                if let Cursor::Marker(value) = cursor {
                    set(r, value);
                }
            }),
            move |response: &Response<B>, _cursor: &Cursor| {
                let (items, last_id, link) = page(&response.body);
                if link_declared && link.is_none() {
                    return None;
                }
                next_marker(items, last_id, limit, link).map(Cursor::Marker)
            },
        )
    }
}

/// Offset and page-number paging: a number that starts at `start` and advances by `next`.
struct Numbered<R> {
    start: i64,
    limit: Option<i64>,
    set: fn(&mut R, i64),
    wrap: fn(i64) -> Cursor,
    next: fn(i64, usize, Option<i64>, Option<i64>) -> Option<i64>,
}

impl<R: Clone + Send + 'static> Numbered<R> {
    fn pages<B, C, S, Fut, P>(self, request: R, send: S, page: P) -> Pages<Response<B>, C>
    where
        B: Send + 'static,
        C: ServiceErrorCode,
        S: Fn(R) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Response<B>, Error<C>>> + Send + 'static,
        P: Fn(&B) -> (usize, Option<i64>) + Send + Sync + 'static,
    {
        let Numbered {
            start,
            limit,
            set,
            wrap,
            next,
        } = self;
        let number = move |cursor: &Cursor| match cursor {
            Cursor::Offset(value) | Cursor::Page(value) => Some(*value),
            Cursor::Start | Cursor::Marker(_) => None,
        };
        Pages::new(
            fetch(request, send, move |r, cursor| {
                if let Some(value) = number(&cursor) {
                    set(r, value);
                }
            }),
            move |response: &Response<B>, cursor: &Cursor| {
                let current = number(cursor).unwrap_or(start);
                let (items, total) = page(&response.body);
                next(current, items, limit, total).map(wrap)
            },
        )
    }
}

/// The fetch half of every style: a clone of `request` with the cursor applied, sent.
fn fetch<R, S, Fut>(
    request: R,
    send: S,
    apply: impl Fn(&mut R, Cursor) + Send + 'static,
) -> impl FnMut(Cursor) -> Fut + Send + 'static
where
    R: Clone + Send + 'static,
    S: Fn(R) -> Fut + Send + 'static,
{
    move |cursor| {
        let mut next = request.clone();
        apply(&mut next, cursor);
        send(next)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A fake list: 5 items, pages of what `limit` says; records the cursors it was sent.
    #[derive(Clone, Default)]
    struct List {
        offset: Option<i64>,
        page: Option<i64>,
        marker: Option<String>,
        limit: i64,
        seen: Arc<Mutex<Vec<String>>>,
    }

    #[derive(Debug)]
    struct Body {
        ids: Vec<String>,
        total: Option<i64>,
        next: Option<String>,
    }

    const ALL: [&str; 5] = ["a", "b", "c", "d", "e"];

    async fn send(list: List) -> Result<Response<Body>, Error<String>> {
        let limit = usize::try_from(list.limit).unwrap_or(0);
        let start = match (&list.offset, &list.page, &list.marker) {
            (Some(o), _, _) => usize::try_from(*o).unwrap_or(0),
            (_, Some(p), _) => (usize::try_from(*p).unwrap_or(1) - 1) * limit,
            (_, _, Some(m)) => ALL.iter().position(|id| id == m).map_or(0, |i| i + 1),
            _ => 0,
        };
        list.seen.lock().unwrap().push(format!(
            "{:?}/{:?}/{:?}",
            list.offset, list.page, list.marker
        ));
        let ids: Vec<String> = ALL
            .iter()
            .skip(start)
            .take(limit)
            .map(|s| s.to_string())
            .collect();
        let next =
            (start + ids.len() < ALL.len()).then(|| format!("/v2/x?marker={}", ids[ids.len() - 1]));
        let raw = crate::RawResponse::new("t", "list", 200, Default::default(), Default::default());
        Ok(raw.empty().map(|()| Body {
            ids,
            total: Some(5),
            next,
        }))
    }

    fn ids(pages: Vec<Response<Body>>) -> Vec<String> {
        pages.into_iter().flat_map(|p| p.body.ids).collect()
    }

    #[tokio::test]
    async fn offset_pages_until_the_total() {
        let list = List {
            limit: 2,
            ..List::default()
        };
        let seen = list.seen.clone();
        let pages = Pages::by_offset(
            list,
            0,
            Some(2),
            |r, v| r.offset = Some(v),
            send,
            |b: &Body| (b.ids.len(), b.total),
        );
        assert_eq!(ids(pages.collect().await.unwrap()), ALL);
        assert_eq!(
            *seen.lock().unwrap(),
            ["None/None/None", "Some(2)/None/None", "Some(4)/None/None"]
        );
    }

    #[tokio::test]
    async fn page_numbers_from_the_start_given() {
        let list = List {
            limit: 2,
            page: Some(2),
            ..List::default()
        };
        let pages = Pages::by_page(
            list,
            2,
            Some(2),
            |r, v| r.page = Some(v),
            send,
            |b: &Body| (b.ids.len(), b.total),
        );
        assert_eq!(ids(pages.collect().await.unwrap()), ["c", "d", "e"]);
    }

    #[tokio::test]
    async fn markers_follow_the_link_or_the_last_id() {
        for declared in [true, false] {
            let list = List {
                limit: 2,
                ..List::default()
            };
            let seen = list.seen.clone();
            let pages = Pages::by_marker(
                list,
                Some(2),
                declared,
                |r, v| r.marker = Some(v),
                send,
                |b: &Body| {
                    (
                        b.ids.len(),
                        b.ids.last().map(String::as_str),
                        b.next.as_deref(),
                    )
                },
            );
            assert_eq!(ids(pages.collect().await.unwrap()), ALL);
            // With a declared link the last page (no link) ends it; without, the short
            // last page does. Either way no request for an empty page.
            assert_eq!(seen.lock().unwrap().len(), 3, "declared: {declared}");
        }
    }
}
