//! Article import (one transaction; rows sent as arrays) and reads on PostgreSQL.

use super::PostgresStorage;
use super::common::*;
use crate::storage::outbox::article_imported_payload;

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
impl Articles for PostgresStorage {
    async fn import_article(
        &self,
        article: &NewArticle,
        body_sha256: &str,
        segments: &[NewSegment],
        created_by: Option<UserId>,
    ) -> StorageResult<Imported> {
        let mut tx = self.pool.begin().await?;
        let created_at = now();
        // Two instances importing the same body at once: the second waits for the first's
        // row, inserts nothing, and finds the first's article.
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO articles (title, body, body_sha256, source_url, published_at, created_at, created_by, language, author, site_name, reviews_required)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (body_sha256) DO NOTHING RETURNING id",
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
        .fetch_optional(&mut *tx)
        .await?;
        let Some(article_id) = inserted else {
            tx.rollback().await?;
            let existing: i64 =
                sqlx::query_scalar("SELECT id FROM articles WHERE body_sha256 = $1")
                    .bind(body_sha256)
                    .fetch_one(&self.pool)
                    .await?;
            return Ok(Imported::Existing(existing));
        };

        // Each table's rows travel as a handful of arrays: one statement, however long the
        // article.
        insert_segments(&mut tx, article_id, segments).await?;
        let rows = NewClaimRow::in_order(segments);
        insert_claims(&mut tx, article_id, &created_at, &rows).await?;
        sqlx::query(
            "INSERT INTO article_revisions (article_id, revision, created_at, created_by,
                                            carried, changed, added, removed)
             VALUES ($1, 1, $2, $3, 0, 0, $4, 0)",
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
        let sql = format!("{ARTICLE_SELECT} WHERE a.id = $1");
        Ok(sqlx::query_as::<_, ArticleRow>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(ArticleRow::into_article))
    }

    async fn article_stamp(&self, id: ArticleId) -> StorageResult<Option<ArticleStamp>> {
        // Each part is one index probe: max() of a primary key reads one end of its index.
        Ok(sqlx::query_as::<_, StampRow>(
            "SELECT (SELECT value FROM lineage) AS lineage, a.revision,
                    coalesce((SELECT max(id) FROM claims), 0) AS newest_claim,
                    coalesce((SELECT max(id) FROM annotations), 0) AS newest_verdict
             FROM articles a WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(StampRow::into_stamp))
    }

    async fn list_articles(
        &self,
        before: Option<ArticleId>,
        limit: u32,
    ) -> StorageResult<Vec<Article>> {
        let sql = format!("{ARTICLE_SELECT} WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2");
        Ok(sqlx::query_as::<_, ArticleRow>(sqlx::AssertSqlSafe(sql))
            .bind(before.unwrap_or(i64::MAX))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ArticleRow::into_article)
            .collect())
    }

    async fn article_segments(&self, id: ArticleId) -> StorageResult<Vec<StoredSegment>> {
        sqlx::query_as::<_, SegmentRow>(
            "SELECT kind, start_offset, end_offset FROM segments WHERE article_id = $1
             ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(SegmentRow::into_segment)
        .collect()
    }
}

/// Writes an article's structure (positions from 1) in one statement.
pub(super) async fn insert_segments(
    tx: &mut Transaction<'static, Postgres>,
    article_id: ArticleId,
    segments: &[NewSegment],
) -> StorageResult<()> {
    let positions: Vec<i64> = (1..=to_i64(segments.len())).collect();
    sqlx::query(
        "INSERT INTO segments (article_id, position, kind, start_offset, end_offset)
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[])",
    )
    .bind(article_id)
    .bind(&positions)
    .bind(segments.iter().map(|s| s.kind.as_str()).collect::<Vec<_>>())
    .bind(segments.iter().map(|s| to_i64(s.start)).collect::<Vec<_>>())
    .bind(segments.iter().map(|s| to_i64(s.end)).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes new claims with what was read in them, in one statement.
pub(super) async fn insert_claims(
    tx: &mut Transaction<'static, Postgres>,
    article_id: ArticleId,
    created_at: &str,
    claims: &[NewClaimRow<'_>],
) -> StorageResult<()> {
    let segments: Vec<&NewSegment> = claims.iter().map(|c| c.segment).collect();
    let readings: Vec<Option<&ClaimAnalysis>> =
        segments.iter().map(|s| s.reading.as_ref()).collect();
    let speakers: Vec<_> = readings
        .iter()
        .map(|r| r.and_then(|r| r.attribution.as_ref()))
        .collect();
    sqlx::query(
        "INSERT INTO claims (article_id, updated_at, position, kind, text, start_offset, end_offset,
                             checkworthiness, reading, speaker, speaker_start, speaker_end,
                             derived_from)
         SELECT $1, $2, * FROM unnest($3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
                                      $8::float8[], $9::text[], $10::text[], $11::bigint[], $12::bigint[],
                                      $13::text[])",
    )
    .bind(article_id)
    .bind(created_at)
    .bind(claims.iter().map(|c| c.position).collect::<Vec<_>>())
    .bind(segments.iter().map(|s| s.kind.as_str()).collect::<Vec<_>>())
    .bind(segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>())
    .bind(segments.iter().map(|s| to_i64(s.start)).collect::<Vec<_>>())
    .bind(segments.iter().map(|s| to_i64(s.end)).collect::<Vec<_>>())
    .bind(readings.iter().map(|r| r.map(|r| r.checkworthiness)).collect::<Vec<_>>())
    .bind(readings.iter().map(|r| r.map(reading_json)).collect::<Vec<_>>())
    .bind(speakers.iter().map(|a| a.map(|a| a.speaker.as_str())).collect::<Vec<_>>())
    .bind(speakers.iter().map(|a| a.map(|a| to_i64(a.start))).collect::<Vec<_>>())
    .bind(speakers.iter().map(|a| a.map(|a| to_i64(a.end))).collect::<Vec<_>>())
    .bind(claims.iter().map(|c| c.derived_from.clone()).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves the article's revision inside a change's own transaction, so that every cached
/// rendering of it (pages, JSON) is made again.
pub(super) async fn bump_revision(
    tx: &mut Transaction<'_, Postgres>,
    article: ArticleId,
) -> StorageResult<()> {
    sqlx::query("UPDATE articles SET revision = revision + 1 WHERE id = $1")
        .bind(article)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
