//! Claims, their history and verdicts on SQLite (verdicts go through group commit).

use super::SqliteStorage;
use super::common::*;

/// Claims with the sources, note and reviewer of their latest annotation (one probe of the
/// `(claim_id, version)` index: a revision that edits a claim moves its version past its
/// latest annotation's).
pub(super) const CLAIM_SELECT: &str = "
    SELECT c.id, c.article_id, c.position, c.text, c.kind, c.start_offset, c.end_offset,
           c.status, c.version, c.updated_at, an.sources, an.note, u.name AS updated_by,
           c.checkworthiness, c.reading, c.speaker, c.speaker_start, c.speaker_end, c.summary,
           c.verdicts, c.changed_in, c.removed_in, c.derived_from,
           c.reviews_submitted, c.review_state,
           (SELECT ar.reviews_required FROM articles ar WHERE ar.id = c.article_id) AS review_required
    FROM claims c
    LEFT JOIN annotations an ON an.id = (
        SELECT x.id FROM annotations x WHERE x.claim_id = c.id ORDER BY x.version DESC LIMIT 1)
    LEFT JOIN users u ON u.id = an.reviewer_id";

pub(super) async fn claim_in<'c, E>(executor: E, id: ClaimId) -> StorageResult<Option<Claim>>
where
    E: sqlx::Executor<'c, Database = Sqlite>,
{
    let sql = format!("{CLAIM_SELECT} WHERE c.id = ?");
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
    E: sqlx::Executor<'c, Database = Sqlite>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(ids).map_err(|e| corrupt(format!("claim ids: {e}")))?;
    let sql = format!("{CLAIM_SELECT} WHERE c.id IN (SELECT value FROM json_each(?))");
    sqlx::query_as::<_, ClaimRow>(sqlx::AssertSqlSafe(sql))
        .bind(ids)
        .fetch_all(executor)
        .await?
        .into_iter()
        .map(ClaimRow::into_claim)
        .collect()
}

#[async_trait]
impl Claims for SqliteStorage {
    async fn claims(&self, filter: &ClaimFilter) -> StorageResult<Vec<Claim>> {
        // One statement per filter shape, so SQLite can use the index that fits each; the
        // indexes end in the rowid, which makes `ORDER BY c.id` free. An article's current
        // claims come in article order: revisions insert claims between older ones.
        let by_position = filter.article_id.is_some()
            && !filter.include_removed
            && filter.order == ClaimOrder::Position;
        let mut sql = if by_position {
            format!(
                "{CLAIM_SELECT} WHERE c.position > coalesce((SELECT position FROM claims WHERE id = ?), 0)"
            )
        } else {
            format!("{CLAIM_SELECT} WHERE c.id > ?")
        };
        if filter.article_id.is_some() {
            sql.push_str(" AND c.article_id = ?");
        }
        if !filter.include_removed {
            sql.push_str(" AND c.removed_in IS NULL");
        }
        match filter.changed {
            Some(true) => sql.push_str(" AND c.changed_in IS NOT NULL"),
            Some(false) => sql.push_str(" AND c.changed_in IS NULL"),
            None => {}
        }
        if filter.status.is_some() {
            sql.push_str(" AND c.status = ?");
        }
        if filter.updated_from.is_some() {
            sql.push_str(" AND c.updated_at >= ?");
        }
        if filter.updated_to.is_some() {
            sql.push_str(" AND c.updated_at <= ?");
        }
        if filter.min_checkworthiness.is_some() {
            sql.push_str(" AND c.checkworthiness >= ?");
        }
        sql.push_str(match filter.order {
            ClaimOrder::Position if by_position => " ORDER BY c.position LIMIT ? OFFSET ?",
            ClaimOrder::Position => " ORDER BY c.id LIMIT ? OFFSET ?",
            ClaimOrder::Checkworthiness => {
                " ORDER BY c.checkworthiness DESC NULLS LAST, c.id LIMIT ? OFFSET ?"
            }
        });
        let mut query =
            sqlx::query_as::<_, ClaimRow>(sqlx::AssertSqlSafe(sql)).bind(filter.after.unwrap_or(0));
        if let Some(article_id) = filter.article_id {
            query = query.bind(article_id);
        }
        if let Some(status) = filter.status {
            query = query.bind(status.as_str());
        }
        if let Some(from) = &filter.updated_from {
            query = query.bind(from);
        }
        if let Some(to) = &filter.updated_to {
            query = query.bind(to);
        }
        if let Some(min) = filter.min_checkworthiness {
            query = query.bind(min);
        }
        query
            .bind(filter.limit)
            .bind(filter.offset)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(ClaimRow::into_claim)
            .collect()
    }

    async fn claim(&self, id: ClaimId) -> StorageResult<Option<Claim>> {
        claim_in(&self.reader, id).await
    }

    async fn claim_history_page(
        &self,
        id: ClaimId,
        before: Option<i64>,
        limit: u32,
    ) -> StorageResult<Vec<HistoryEntry>> {
        sqlx::query_as::<_, HistoryRow>(
            "SELECT an.version, an.status, an.sources, an.note, u.name AS reviewer, an.created_at,
                    an.revision
             FROM annotations an JOIN users u ON u.id = an.reviewer_id
             WHERE an.claim_id = ? AND an.version < ? ORDER BY an.version DESC LIMIT ?",
        )
        .bind(id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(HistoryRow::into_entry)
        .collect()
    }

    async fn article_history(&self, id: ArticleId) -> StorageResult<Vec<(ClaimId, HistoryEntry)>> {
        sqlx::query_as::<_, ClaimHistoryRow>(
            "SELECT an.claim_id, an.version, an.status, an.sources, an.note, u.name AS reviewer,
                    an.created_at, an.revision
             FROM annotations an
             JOIN claims c ON c.id = an.claim_id
             JOIN users u ON u.id = an.reviewer_id
             WHERE c.article_id = ? ORDER BY an.id",
        )
        .bind(id)
        .fetch_all(&self.reader)
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
             ORDER BY an.id DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.reader)
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
        self.verdicts
            .submit(claim_id, annotation, reviewer, if_version)
            .await
    }
}
