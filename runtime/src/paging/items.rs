//! [`Items`]: the items of every page, one at a time.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::pages::Pages;
use crate::error::{Error, ServiceErrorCode};

type Extract<T, I> = Box<dyn FnMut(T) -> Vec<I> + Send>;

/// The items of every page of a [`Pages`], flattened, fetched lazily (a page is fetched
/// when the items of the one before are used up).
///
/// [`Items::next`] is an inherent async method; `Items` also implements
/// [`futures_core::Stream`] with `Item = Result<I, Error<C>>`. After an error it ends.
pub struct Items<I, T, C: ServiceErrorCode> {
    pages: Pages<T, C>,
    extract: Extract<T, I>,
    buffer: std::vec::IntoIter<I>,
}

// Nothing is pinned structurally: `Pages` boxes its future.
impl<I, T, C: ServiceErrorCode> Unpin for Items<I, T, C> {}

impl<I, T, C: ServiceErrorCode> fmt::Debug for Items<I, T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish_non_exhaustive()
    }
}

impl<I: Send + 'static, T: Send + 'static, C: ServiceErrorCode> Items<I, T, C> {
    pub(super) fn new(pages: Pages<T, C>, extract: Extract<T, I>) -> Self {
        Self {
            pages,
            extract,
            buffer: Vec::new().into_iter(),
        }
    }

    /// The next item, `None` when there are no more.
    pub async fn next(&mut self) -> Option<Result<I, Error<C>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every remaining item, or the first error.
    pub async fn collect(mut self) -> Result<Vec<I>, Error<C>> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<I, Error<C>>>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => self.buffer = (self.extract)(page).into_iter(),
            }
        }
    }
}

impl<I: Send + 'static, T: Send + 'static, C: ServiceErrorCode> futures_core::Stream
    for Items<I, T, C>
{
    type Item = Result<I, Error<C>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}
