//! Article import (one transaction, multi-row inserts) and reads on SQLite.

use super::SqliteStorage;
use super::common::*;
use super::enqueue::enqueue;
use crate::storage::outbox::article_imported_payload;

/// Rows per multi-row insert (13 variables a claim row: 6,500 variables a statement).
pub(super) const INSERT_BATCH: usize = 500;

/// Articles with their claim counts; each count is a probe of `claims_article_status`.
pub(super) const ARTICLE_SELECT: &str = "
    SELECT a.id, a.title, a.body, a.source_url, a.published_at, a.language, a.author, a.site_name, a.created_at,
        a.text_revision, a.reviews_required,
        (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.removed_in IS NULL AND c.status = 'unreviewed') AS unreviewed,
        (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.removed_in IS NULL AND c.status = 'sourced') AS sourced,
        (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.removed_in IS NULL AND c.status = 'unsourced') AS unsourced,
        (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.removed_in IS NULL AND c.status = 'contradicted') AS contradicted,
        (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.removed_in IS NULL AND c.status = 'dismissed') AS dismissed
    FROM articles a";

#[async_trait]
impl Articles for SqliteStorage {
    async fn import_article(
        &self,
        article: &NewArticle,
        body_sha256: &str,
        segments: &[NewSegment],
        created_by: Option<UserId>,
    ) -> StorageResult<Imported> {
        let mut tx = self.write_tx().await?;
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM articles WHERE body_sha256 = ?")
                .bind(body_sha256)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = existing {
            return Ok(Imported::Existing(id));
        }
        let created_at = now();
        let article_id: i64 = sqlx::query_scalar(
            "INSERT INTO articles (title, body, body_sha256, source_url, published_at, created_at, created_by, language, author, site_name, reviews_required)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&article.title)
        .bind(&article.body)
        .bind(body_sha256)
        .bind(&article.source_url)
        .bind(&article.published_at)
        .bind(&created_at)
        .bind(created_by)
        .bind(article.language.as_str())
        .bind(&article.author)
        .bind(&article.site_name)
        .bind(article.reviews_required)
        .fetch_one(&mut *tx)
        .await?;

        insert_segments(&mut tx, article_id, segments).await?;
        let rows = NewClaimRow::in_order(segments);
        insert_claims(&mut tx, article_id, &created_at, &rows).await?;
        sqlx::query(
            "INSERT INTO article_revisions (article_id, revision, created_at, created_by,
                                            carried, changed, added, removed)
             VALUES (?, 1, ?, ?, 0, 0, ?, 0)",
        )
        .bind(article_id)
        .bind(&created_at)
        .bind(created_by)
        .bind(to_i64(rows.len()))
        .execute(&mut *tx)
        .await?;
        let payload = article_imported_payload(article_id, article, &created_at, rows.len());
        enqueue(&mut tx, Event::ArticleImported, &[(payload, created_at)]).await?;
        tx.commit().await?;
        self.generation.moved();
        Ok(Imported::Created(article_id))
    }

    async fn article(&self, id: ArticleId) -> StorageResult<Option<Article>> {
        let sql = format!("{ARTICLE_SELECT} WHERE a.id = ?");
        Ok(sqlx::query_as::<_, ArticleRow>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .map(ArticleRow::into_article))
    }

    async fn article_stamp(&self, id: ArticleId) -> StorageResult<Option<ArticleStamp>> {
        // Each part is one index probe; max() of a rowid reads the last page of its table.
        Ok(sqlx::query_as::<_, StampRow>(
            "SELECT (SELECT value FROM lineage) AS lineage, a.revision,
                    coalesce((SELECT max(id) FROM claims), 0) AS newest_claim,
                    coalesce((SELECT max(id) FROM annotations), 0) AS newest_verdict
             FROM articles a WHERE a.id = ?",
        )
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        .map(StampRow::into_stamp))
    }

    async fn list_articles(
        &self,
        before: Option<ArticleId>,
        limit: u32,
    ) -> StorageResult<Vec<Article>> {
        let sql = format!("{ARTICLE_SELECT} WHERE a.id < ? ORDER BY a.id DESC LIMIT ?");
        Ok(sqlx::query_as::<_, ArticleRow>(sqlx::AssertSqlSafe(sql))
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(ArticleRow::into_article)
            .collect())
    }

    async fn article_segments(&self, id: ArticleId) -> StorageResult<Vec<StoredSegment>> {
        sqlx::query_as::<_, SegmentRow>(
            "SELECT kind, start_offset, end_offset FROM segments WHERE article_id = ? ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(SegmentRow::into_segment)
        .collect()
    }
}

/// Writes an article's structure (positions from 1). Multi-row inserts: one statement per
/// batch instead of one per row, which is what makes a 1,000-sentence import fast. Batches
/// stay under SQLite's 32,766 variables.
pub(super) async fn insert_segments(
    tx: &mut Transaction<'static, Sqlite>,
    article_id: ArticleId,
    segments: &[NewSegment],
) -> StorageResult<()> {
    for (batch_no, batch) in segments.chunks(INSERT_BATCH).enumerate() {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO segments (article_id, position, kind, start_offset, end_offset) ",
        );
        insert.push_values(batch.iter().enumerate(), |mut row, (i, segment)| {
            row.push_bind(article_id)
                .push_bind(to_i64(batch_no * INSERT_BATCH + i + 1))
                .push_bind(segment.kind.as_str())
                .push_bind(to_i64(segment.start))
                .push_bind(to_i64(segment.end));
        });
        insert.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes new claims with what was read in them, in multi-row batches.
pub(super) async fn insert_claims(
    tx: &mut Transaction<'static, Sqlite>,
    article_id: ArticleId,
    created_at: &str,
    claims: &[NewClaimRow<'_>],
) -> StorageResult<()> {
    for batch in claims.chunks(INSERT_BATCH) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO claims (article_id, position, kind, text, start_offset, end_offset, updated_at,
                                 checkworthiness, reading, speaker, speaker_start, speaker_end,
                                 derived_from) ",
        );
        insert.push_values(batch, |mut row, claim| {
            let segment = claim.segment;
            row.push_bind(article_id)
                .push_bind(claim.position)
                .push_bind(segment.kind.as_str())
                .push_bind(segment.text.as_str())
                .push_bind(to_i64(segment.start))
                .push_bind(to_i64(segment.end))
                .push_bind(created_at);
            let reading = segment.reading.as_ref();
            let speaker = reading.and_then(|r| r.attribution.as_ref());
            row.push_bind(reading.map(|r| r.checkworthiness))
                .push_bind(reading.map(reading_json))
                .push_bind(speaker.map(|a| a.speaker.clone()))
                .push_bind(speaker.map(|a| to_i64(a.start)))
                .push_bind(speaker.map(|a| to_i64(a.end)))
                .push_bind(claim.derived_from.clone());
        });
        insert.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Moves the article's revision inside a change's own transaction, so that every cached
/// rendering of it (pages, JSON) is made again.
pub(super) async fn bump_revision(
    tx: &mut Transaction<'_, Sqlite>,
    article: ArticleId,
) -> StorageResult<()> {
    sqlx::query("UPDATE articles SET revision = revision + 1 WHERE id = ?")
        .bind(article)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
