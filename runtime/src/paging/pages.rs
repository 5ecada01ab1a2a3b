//! [`Pages`]: the pages of a list operation, fetched one at a time when asked for.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::cursor::Cursor;
use super::items::Items;
use crate::error::{Error, ServiceErrorCode};

type PageFuture<T, C> = Pin<Box<dyn Future<Output = Result<T, Error<C>>> + Send>>;
type Fetch<T, C> = Box<dyn FnMut(Cursor) -> PageFuture<T, C> + Send>;
type Advance<T> = Box<dyn Fn(&T, &Cursor) -> Option<Cursor> + Send + Sync>;

/// Lazily fetched pages.
///
/// [`Pages::next`] is an inherent async method, so `while let Some(page) =
/// pages.next().await` needs no trait import; `Pages` also implements
/// [`futures_core::Stream`] with `Item = Result<T, Error<C>>`. It is `Send`, so it can be
/// driven from a spawned task.
///
/// Fetching stops after the page for which `advance` gives `None`, after the first
/// error, and when `advance` gives a cursor that was already fetched (a service that
/// repeats itself must not make the caller loop forever).
pub struct Pages<T, C: ServiceErrorCode> {
    fetch: Fetch<T, C>,
    advance: Advance<T>,
    cursor: Cursor,
    seen: HashSet<Cursor>,
    in_flight: Option<PageFuture<T, C>>,
    done: bool,
    _page: PhantomData<fn() -> T>,
}

// Nothing is pinned structurally: the future in flight is boxed.
impl<T, C: ServiceErrorCode> Unpin for Pages<T, C> {}

impl<T, C: ServiceErrorCode> fmt::Debug for Pages<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("cursor", &self.cursor)
            .field("pages_requested", &self.seen.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static, C: ServiceErrorCode> Pages<T, C> {
    /// Pages fetched by `fetch(cursor)`, the first with [`Cursor::Start`];
    /// `advance(&page, &cursor)` gives the cursor of the next page, or `None` when `page`
    /// was the last.
    pub fn new<F, Fut, A>(mut fetch: F, advance: A) -> Self
    where
        F: FnMut(Cursor) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, Error<C>>> + Send + 'static,
        A: Fn(&T, &Cursor) -> Option<Cursor> + Send + Sync + 'static,
    {
        Self {
            fetch: Box::new(move |cursor| Box::pin(fetch(cursor))),
            advance: Box::new(advance),
            cursor: Cursor::Start,
            seen: HashSet::new(),
            in_flight: None,
            done: false,
            _page: PhantomData,
        }
    }

    /// The next page, `None` when there are no more.
    pub async fn next(&mut self) -> Option<Result<T, Error<C>>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    /// Every remaining page, or the first error.
    pub async fn collect(mut self) -> Result<Vec<T>, Error<C>> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    /// The items of every page, flattened, fetched lazily: `extract` takes a page's items
    /// out of it.
    pub fn items<I: Send + 'static, X>(self, extract: X) -> Items<I, T, C>
    where
        X: FnMut(T) -> Vec<I> + Send + 'static,
    {
        Items::new(self, Box::new(extract))
    }

    pub(super) fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error<C>>>> {
        if self.done {
            return Poll::Ready(None);
        }
        let cursor = self.cursor.clone();
        let future = match &mut self.in_flight {
            Some(future) => future,
            None => {
                self.seen.insert(cursor.clone());
                self.in_flight.insert((self.fetch)(cursor.clone()))
            }
        };
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        self.in_flight = None;
        match &result {
            Ok(page) => match (self.advance)(page, &cursor) {
                Some(next) if self.seen.contains(&next) => {
                    tracing::warn!(
                        cursor = ?next,
                        "the service pointed back at a page already fetched: stopping"
                    );
                    self.done = true;
                }
                Some(next) => self.cursor = next,
                None => self.done = true,
            },
            Err(_) => self.done = true,
        }
        Poll::Ready(Some(result))
    }
}

impl<T: Send + 'static, C: ServiceErrorCode> futures_core::Stream for Pages<T, C> {
    type Item = Result<T, Error<C>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

impl<T: Send + 'static, C: ServiceErrorCode> futures_core::FusedStream for Pages<T, C> {
    fn is_terminated(&self) -> bool {
        self.done
    }
}
