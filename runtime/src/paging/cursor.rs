//! [`Cursor`] and the functions that compute the next one for each paging style.

use percent_encoding::percent_decode_str;

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Cursor {
    /// The first page: send no paging parameter (or the service's first value).
    Start,
    /// Offset paging: the index of the first item (AS `start_number`, MRS v2 `offset`).
    Offset(i64),
    /// Marker paging: the id after which the page starts (IMS/Glance `marker`).
    Marker(String),
    /// Page paging: the page number, from 1 (MRS v1 `currentPage`).
    Page(i64),
}

/// A positive limit, or none.
fn positive(limit: Option<i64>) -> Option<i64> {
    limit.filter(|l| *l > 0)
}

/// Whether a page of `items` items is shorter than a positive `limit`.
fn is_short(items: usize, limit: Option<i64>) -> bool {
    positive(limit).is_some_and(|l| i64::try_from(items).is_ok_and(|n| n < l))
}

/// Next offset for offset paging (AS `start_number`/`limit`, MRS v2 `offset`/`limit`):
/// `current + items`, or `None` when the page was empty, shorter than `limit`, or the
/// next offset reaches `total` (the number of items in all pages).
pub fn next_offset(
    current: i64,
    items: usize,
    limit: Option<i64>,
    total: Option<i64>,
) -> Option<i64> {
    if items == 0 || is_short(items, limit) {
        return None;
    }
    let next = current.checked_add(i64::try_from(items).ok()?)?;
    if total.is_some_and(|t| next >= t) {
        return None;
    }
    Some(next)
}

/// Next page number for page paging (MRS v1 `currentPage`/`pageSize`, pages count from
/// 1): `current + 1`, or `None` when the page was empty, shorter than `size`, or the pages
/// so far hold `total` items (judged with `size`, else with this page's length).
pub fn next_page(current: i64, items: usize, size: Option<i64>, total: Option<i64>) -> Option<i64> {
    if items == 0 || is_short(items, size) {
        return None;
    }
    let per_page = positive(size).or_else(|| i64::try_from(items).ok())?;
    let seen = current.max(1).checked_mul(per_page)?;
    if total.is_some_and(|t| seen >= t) {
        return None;
    }
    current.max(1).checked_add(1)
}

/// Next marker for marker paging (IMS/Glance `marker`/`limit`).
///
/// `None` when the page was empty. Else the `marker` query value of `next_link` when it
/// has one (a Glance `next` link like `/v2/images?marker=abc&limit=2`; Glance may return
/// fewer items than `limit` and still have more, so the link is trusted over the page
/// length). Else `None` when the page was shorter than `limit`, and otherwise the last
/// item's id (`None` when there is none).
pub fn next_marker(
    items: usize,
    last_id: Option<&str>,
    limit: Option<i64>,
    next_link: Option<&str>,
) -> Option<String> {
    if items == 0 {
        return None;
    }
    if let Some(marker) = next_link.and_then(marker_of_link) {
        return Some(marker);
    }
    if is_short(items, limit) {
        return None;
    }
    last_id.filter(|id| !id.is_empty()).map(str::to_owned)
}

/// The decoded `marker` query value of a link, if it has a non-empty one.
fn marker_of_link(link: &str) -> Option<String> {
    let query = link.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "marker")
        .map(|(_, value)| {
            percent_decode_str(&value.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
        .filter(|m| !m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_links() {
        assert_eq!(
            marker_of_link("/v2/images?marker=abc&limit=2").as_deref(),
            Some("abc")
        );
        assert_eq!(
            marker_of_link("https://ims.example/v2/images?limit=2&marker=a%2Fb+c").as_deref(),
            Some("a/b c")
        );
        assert_eq!(marker_of_link("/v2/images?limit=2"), None);
        assert_eq!(marker_of_link("/v2/images?marker=&limit=2"), None);
        assert_eq!(marker_of_link("/v2/images"), None);
    }
}
