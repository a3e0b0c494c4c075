//! Claims, their history and verdicts on PostgreSQL.

use super::PostgresStorage;
use super::common::*;
use crate::storage::verdict_queue;

/// Claims with the sources, note and reviewer of their latest annotation. The annotation is
/// a lateral lookup (the `LIMIT` keeps the planner from flattening it into a join): one index
/// probe per claim listed (the latest by version: a revision that edits a claim moves its
/// version past its latest annotation's), where a merge join would read the history of every claim before
/// the page — thousands of rows for a page of 50 once claims have long histories.
pub(super) const CLAIM_SELECT: &str = "
    SELECT c.id, c.article_id, c.position, c.text, c.kind, c.start_offset, c.end_offset,
           c.status, c.version, c.updated_at, an.sources::text AS sources, an.note,
           u.name AS updated_by, c.checkworthiness, c.reading, c.speaker, c.speaker_start,
           c.speaker_end, c.summary, c.verdicts, c.changed_in, c.removed_in, c.derived_from,
           c.reviews_submitted, c.review_state,
           (SELECT ar.reviews_required FROM articles ar WHERE ar.id = c.article_id) AS review_required
    FROM claims c
    LEFT JOIN LATERAL (
        SELECT a.sources, a.note, a.reviewer_id FROM annotations a
        WHERE a.claim_id = c.id ORDER BY a.version DESC LIMIT 1) an ON TRUE
    LEFT JOIN users u ON u.id = an.reviewer_id";

pub(super) async fn claim_in<'c, E>(executor: E, id: ClaimId) -> StorageResult<Option<Claim>>
where
    E: sqlx::Executor<'c, Database = Postgres>,
{
    let sql = format!("{CLAIM_SELECT} WHERE c.id = $1");
    sqlx::query_as::<_, ClaimRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .map(ClaimRow::into_claim)
        .transpose()
}

/// The claims with these ids, in no particular order (missing ones are left out): one query
/// for a list that names its claims by id.
pub(super) async fn claims_by_ids<'c, E>(executor: E, ids: &[ClaimId]) -> StorageResult<Vec<Claim>>
where
    E: sqlx::Executor<'c, Database = Postgres>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("{CLAIM_SELECT} WHERE c.id = ANY($1)");
    sqlx::query_as::<_, ClaimRow>(sqlx::AssertSqlSafe(sql))
        .bind(ids)
        .fetch_all(executor)
        .await?
        .into_iter()
        .map(ClaimRow::into_claim)
        .collect()
}

#[async_trait]
impl Claims for PostgresStorage {
    async fn claims(&self, filter: &ClaimFilter) -> StorageResult<Vec<Claim>> {
        let mut query = QueryBuilder::<Postgres>::new(CLAIM_SELECT);
        // An article's current claims come in article order: revisions insert claims
        // between older ones.
        let by_position = filter.article_id.is_some()
            && !filter.include_removed
            && filter.order == ClaimOrder::Position;
        if by_position {
            query
                .push(" WHERE c.position > coalesce((SELECT position FROM claims WHERE id = ")
                .push_bind(filter.after.unwrap_or(0))
                .push("), 0)");
        } else {
            query
                .push(" WHERE c.id > ")
                .push_bind(filter.after.unwrap_or(0));
        }
        if let Some(article_id) = filter.article_id {
            query.push(" AND c.article_id = ").push_bind(article_id);
        }
        if !filter.include_removed {
            query.push(" AND c.removed_in IS NULL");
        }
        match filter.changed {
            Some(true) => {
                query.push(" AND c.changed_in IS NOT NULL");
            }
            Some(false) => {
                query.push(" AND c.changed_in IS NULL");
            }
            None => {}
        }
        if let Some(status) = filter.status {
            query.push(" AND c.status = ").push_bind(status.as_str());
        }
        if let Some(from) = &filter.updated_from {
            query.push(" AND c.updated_at >= ").push_bind(from);
        }
        if let Some(to) = &filter.updated_to {
            query.push(" AND c.updated_at <= ").push_bind(to);
        }
        if let Some(min) = filter.min_checkworthiness {
            query.push(" AND c.checkworthiness >= ").push_bind(min);
        }
        query.push(match filter.order {
            ClaimOrder::Position if by_position => " ORDER BY c.position LIMIT ",
            ClaimOrder::Position => " ORDER BY c.id LIMIT ",
            ClaimOrder::Checkworthiness => {
                " ORDER BY c.checkworthiness DESC NULLS LAST, c.id LIMIT "
            }
        });
        query
            .push_bind(i64::from(filter.limit))
            .push(" OFFSET ")
            .push_bind(i64::from(filter.offset));
        query
            .build_query_as::<ClaimRow>()
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ClaimRow::into_claim)
            .collect()
    }

    async fn claim(&self, id: ClaimId) -> StorageResult<Option<Claim>> {
        claim_in(&self.pool, id).await
    }

    async fn claim_history_page(
        &self,
        id: ClaimId,
        before: Option<i64>,
        limit: u32,
    ) -> StorageResult<Vec<HistoryEntry>> {
        sqlx::query_as::<_, HistoryRow>(
            "SELECT an.version, an.status, an.sources::text AS sources, an.note,
                    u.name AS reviewer, an.created_at, an.revision
             FROM annotations an JOIN users u ON u.id = an.reviewer_id
             WHERE an.claim_id = $1 AND an.version < $2 ORDER BY an.version DESC LIMIT $3",
        )
        .bind(id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(HistoryRow::into_entry)
        .collect()
    }

    async fn article_history(&self, id: ArticleId) -> StorageResult<Vec<(ClaimId, HistoryEntry)>> {
        sqlx::query_as::<_, ClaimHistoryRow>(
            "SELECT an.claim_id, an.version, an.status, an.sources::text AS sources, an.note,
                    u.name AS reviewer, an.created_at, an.revision
             FROM annotations an
             JOIN claims c ON c.id = an.claim_id
             JOIN users u ON u.id = an.reviewer_id
             WHERE c.article_id = $1 ORDER BY an.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(ClaimHistoryRow::into_pair)
        .collect()
    }

    async fn recent_activity(&self, limit: u32) -> StorageResult<Vec<Activity>> {
        sqlx::query_as::<_, ActivityRow>(
            "SELECT c.id AS claim_id, c.article_id, a.title AS article_title, c.text AS claim_text,
                    an.status, u.name AS reviewer, an.created_at
             FROM annotations an
             JOIN claims c ON c.id = an.claim_id
             JOIN articles a ON a.id = c.article_id
             JOIN users u ON u.id = an.reviewer_id
             ORDER BY an.id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(ActivityRow::into_activity)
        .collect()
    }

    async fn annotate(
        &self,
        claim_id: ClaimId,
        annotation: &NewAnnotation,
        reviewer: &User,
        if_version: Option<i64>,
    ) -> StorageResult<Recorded> {
        verdict_queue::submit(&self.verdicts, claim_id, annotation, reviewer, if_version).await
    }
}
