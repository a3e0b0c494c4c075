//! Full-text search over claims on SQLite (FTS5).

use super::SqliteStorage;
use super::claims::CLAIM_SELECT;
use sqlx::SqlitePool;

use super::common::*;
use crate::domain::search::distinctive_words;
use crate::storage::search::{any_of, similar};

/// An FTS5 search: which terms, how many of them a claim must hold, in which order.
#[derive(Debug, Clone, Default)]
struct FtsSearch {
    terms: Vec<String>,
    /// How many of the terms a claim must hold (0 or 1: any of them).
    min_shared: usize,
    /// Most relevant first (BM25, which scores every match); otherwise newest first, which
    /// stops after `limit` matches however many there are.
    by_relevance: bool,
    article_id: Option<ArticleId>,
    status: Option<ClaimStatus>,
    offset: u32,
    limit: u32,
}

#[async_trait]
impl Search for SqliteStorage {
    async fn search_claims(&self, query: &ClaimQuery) -> StorageResult<Vec<Claim>> {
        fts(
            &self.reader,
            &FtsSearch {
                terms: crate::domain::search::terms(&query.text),
                min_shared: 1,
                by_relevance: true,
                article_id: query.article_id,
                status: query.status,
                offset: query.offset,
                limit: query.limit,
            },
        )
        .await
    }

    /// See [`similar`] for how candidates are found.
    async fn similar_claims(&self, claim: &Claim, limit: u32) -> StorageResult<Vec<Claim>> {
        let considered = distinctive_words(&claim.text, similar::CONSIDERED_WORDS);
        let counts = term_counts(&self.reader, &considered, similar::COMMON).await?;
        let words = similar::rare_words(considered, counts);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        fts(
            &self.reader,
            &FtsSearch {
                min_shared: similar::SHARED_WORDS.min(words.len()),
                terms: words,
                limit,
                ..Default::default()
            },
        )
        .await
    }
}

async fn fts(reader: &SqlitePool, search: &FtsSearch) -> StorageResult<Vec<Claim>> {
    if search.terms.is_empty() {
        return Ok(Vec::new());
    }
    // Each term is quoted, so nothing a user types is read as FTS5 query syntax.
    let quoted: Vec<String> = search
        .terms
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    let expression = any_of(&quoted, search.min_shared, " AND ", " OR ");
    let filtered = search.article_id.is_some() || search.status.is_some();
    let order = if search.by_relevance {
        "rank, rowid"
    } else {
        "rowid DESC"
    };
    let sql = if filtered {
        // Filters apply before the page is cut, so they join the index directly.
        let mut sql = format!(
            "{CLAIM_SELECT} JOIN claims_fts ON claims_fts.rowid = c.id
             WHERE claims_fts MATCH ? AND c.removed_in IS NULL"
        );
        if search.article_id.is_some() {
            sql.push_str(" AND c.article_id = ?");
        }
        if search.status.is_some() {
            sql.push_str(" AND c.status = ?");
        }
        sql.push_str(if search.by_relevance {
            " ORDER BY claims_fts.rank, c.id LIMIT ? OFFSET ?"
        } else {
            " ORDER BY c.id DESC LIMIT ? OFFSET ?"
        });
        sql
    } else {
        // The page is cut inside FTS5, which walks its index in rowid order and stops at
        // the limit; ordered by the claims table instead, every match would be read first.
        format!(
            "WITH hits AS (SELECT rowid AS id, rank FROM claims_fts WHERE claims_fts MATCH ?
                               ORDER BY {order} LIMIT ? OFFSET ?)
                 {CLAIM_SELECT} JOIN hits ON hits.id = c.id WHERE c.removed_in IS NULL
                 ORDER BY {}",
            if search.by_relevance {
                "hits.rank, c.id"
            } else {
                "c.id DESC"
            }
        )
    };
    // The filters' values exist exactly when the statement has their placeholders.
    let mut query = sqlx::query_as::<_, ClaimRow>(sqlx::AssertSqlSafe(sql)).bind(expression);
    if let Some(article_id) = search.article_id {
        query = query.bind(article_id);
    }
    if let Some(status) = search.status {
        query = query.bind(status.as_str());
    }
    query
        .bind(search.limit)
        .bind(search.offset)
        .fetch_all(reader)
        .await?
        .into_iter()
        .map(ClaimRow::into_claim)
        .collect()
}

/// How many claims hold each term, counting no further than `cap` (so a common word costs
/// no more than a rare one).
async fn term_counts(reader: &SqlitePool, terms: &[String], cap: u32) -> StorageResult<Vec<u32>> {
    let mut counts = Vec::with_capacity(terms.len());
    for term in terms {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?)",
        )
        .bind(format!("\"{}\"", term.replace('"', "\"\"")))
        .bind(cap)
        .fetch_one(reader)
        .await?;
        counts.push(u32::try_from(count).unwrap_or(cap));
    }
    Ok(counts)
}
