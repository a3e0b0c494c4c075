//! The search page: claims across every article that share words with the query.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::error::PageError;
use super::layout::Layout;
use super::session::SignedIn;
use crate::search::{self, SearchHit};
use crate::state::AppState;

const RESULTS: u32 = 50;

pub struct Row {
    pub hit: SearchHit,
    pub article_title: String,
    pub percent: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub struct SearchPage {
    layout: Layout,
    hits: Vec<Row>,
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(params): Query<SearchParams>,
) -> Result<SearchPage, PageError> {
    let query = params.q.trim().to_owned();
    let hits = if query.is_empty() {
        Vec::new()
    } else {
        search::find(state.storage.as_ref(), &query, None, None, 0, RESULTS).await?
    };
    let mut titles: HashMap<i64, String> = HashMap::new();
    let mut rows = Vec::with_capacity(hits.len());
    for hit in hits {
        let id = hit.claim.article_id;
        if let std::collections::hash_map::Entry::Vacant(slot) = titles.entry(id) {
            let title = state
                .storage
                .article(id)
                .await?
                .map_or_else(|| format!("article {id}"), |a| a.title);
            slot.insert(title);
        }
        #[allow(clippy::cast_possible_truncation)]
        let percent = (hit.similarity * 100.0).round() as i64;
        rows.push(Row {
            article_title: titles[&id].clone(),
            percent,
            hit,
        });
    }
    let mut layout = Layout::new(format!("Search: {query}"), "search", Some(&user));
    layout.query = query;
    Ok(SearchPage { layout, hits: rows })
}
