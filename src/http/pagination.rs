//! Keyset pagination: `?limit=&cursor=` in, `{items, next_cursor}` out.
//!
//! A cursor is the key of the last item served, wrapped so clients treat it as opaque and so a
//! cursor from one listing is refused by another.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// The pagination parameters of a listing's query string.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A validated page request: `after` is the key to continue from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    pub after: Option<i64>,
}

impl PageParams {
    /// `listing` names the listing the cursor must come from.
    pub fn parse(&self, listing: &str) -> Result<PageRequest, AppError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(AppError::BadRequest(format!(
                "limit must be between 1 and {MAX_LIMIT}, not {limit}"
            )));
        }
        let after = match self.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => None,
            Some(cursor) => Some(decode_cursor(listing, cursor).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "cursor '{cursor}' is not one this listing gave out; pass the next_cursor of \
                     the previous page unchanged, or leave it out to start from the beginning"
                ))
            })?),
        };
        Ok(PageRequest { limit, after })
    }
}

impl PageRequest {
    /// For a listing paged by position (no stable key to continue from): how many items come
    /// before this page.
    pub fn offset(&self) -> u32 {
        u32::try_from(self.after.unwrap_or(0)).unwrap_or(u32::MAX)
    }

    /// How many rows to fetch: one more than the page, to learn whether another page follows.
    pub fn fetch_limit(&self) -> u32 {
        self.limit + 1
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds the page from up to `fetch_limit()` rows; `key` gives an item's keyset key.
    pub fn from_rows(
        mut rows: Vec<T>,
        request: PageRequest,
        listing: &str,
        key: impl Fn(&T) -> i64,
    ) -> Self {
        let limit = request.limit as usize;
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|last| encode_cursor(listing, key(last)))
        } else {
            None
        };
        Page {
            items: rows,
            next_cursor,
        }
    }

    /// Builds the page of a listing paged by position from up to `fetch_limit()` rows read from
    /// `request.offset()` on: the cursor is the position of the page's last item.
    pub fn by_position(rows: Vec<T>, request: PageRequest, listing: &str) -> Self {
        let first = i64::from(request.offset()) + 1;
        let numbered: Vec<(i64, T)> = (first..).zip(rows).collect();
        Page::from_rows(numbered, request, listing, |(n, _)| *n).map(|(_, row)| row)
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

fn encode_cursor(listing: &str, key: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{listing}:{key}"))
}

fn decode_cursor(listing: &str, cursor: &str) -> Option<i64> {
    let raw = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = std::str::from_utf8(&raw).ok()?;
    let (from, key) = text.split_once(':')?;
    (from == listing).then_some(())?;
    key.parse().ok().filter(|k| *k > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(limit: Option<u32>, cursor: Option<&str>) -> PageParams {
        PageParams {
            limit,
            cursor: cursor.map(str::to_owned),
        }
    }

    #[test]
    fn pages_by_position_continue_after_their_last_item() {
        let first = params(Some(2), None).parse("queue").unwrap();
        assert_eq!(first.offset(), 0);
        let page = Page::by_position(vec!['a', 'b', 'c'], first, "queue");
        assert_eq!(page.items, ['a', 'b']);
        let next = params(Some(2), page.next_cursor.as_deref())
            .parse("queue")
            .unwrap();
        assert_eq!(next.offset(), 2);
        let last = Page::by_position(vec!['c'], next, "queue");
        assert_eq!((last.items, last.next_cursor), (vec!['c'], None));
    }

    #[test]
    fn cursors_round_trip_and_stay_in_their_listing() {
        let cursor = encode_cursor("claims", 41);
        let page = params(Some(10), Some(&cursor)).parse("claims").unwrap();
        assert_eq!(
            page,
            PageRequest {
                limit: 10,
                after: Some(41)
            }
        );
        assert!(params(None, Some(&cursor)).parse("articles").is_err());
        for bad in ["garbage!", "Y2xhaW1zOng", "%%%", "YXJ0aWNsZXM6LTE"] {
            assert_eq!(
                params(None, Some(bad))
                    .parse("claims")
                    .unwrap_err()
                    .status()
                    .as_u16(),
                400,
                "{bad}"
            );
        }
    }

    #[test]
    fn limit_is_bounded() {
        assert_eq!(params(None, None).parse("x").unwrap().limit, DEFAULT_LIMIT);
        assert!(params(Some(0), None).parse("x").is_err());
        assert!(params(Some(201), None).parse("x").is_err());
        assert!(params(Some(200), None).parse("x").is_ok());
    }

    #[test]
    fn a_full_fetch_yields_a_cursor_and_a_short_one_does_not() {
        let request = PageRequest {
            limit: 2,
            after: None,
        };
        let page = Page::from_rows(vec![1, 2, 3], request, "n", |n| *n);
        assert_eq!(page.items, [1, 2]);
        let next = params(Some(2), page.next_cursor.as_deref())
            .parse("n")
            .unwrap();
        assert_eq!(next.after, Some(2));
        let last = Page::from_rows(vec![3], request, "n", |n| *n);
        assert_eq!(last.next_cursor, None);
    }
}
