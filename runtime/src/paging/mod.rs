//! Paging: [`Pages`] fetches the pages of a list operation lazily, [`Items`] flattens them,
//! and [`next_offset`], [`next_page`] and [`next_marker`] compute where the next page
//! starts for the paging styles of the OTC APIs.
//!
//! Generated list methods return a `Pages`; a caller writes
//!
//! ```no_run
//! # async fn run(mut pages: otc_runtime::paging::Pages<Vec<u32>, String>) -> Result<(), otc_runtime::Error> {
//! while let Some(page) = pages.next().await {
//!     let page = page?;
//!     println!("{} items", page.len());
//! }
//! # Ok(()) }
//! ```
//!
//! without importing a trait; `Pages` and `Items` also implement
//! [`futures_core::Stream`] for use with stream combinators.

mod cursor;
mod items;
mod pages;
mod styles;

pub use cursor::{Cursor, next_marker, next_offset, next_page};
pub use items::Items;
pub use pages::Pages;
