//! Text revisions on SQLite: one write transaction carries the article's claims over.

use super::SqliteStorage;
use super::articles::{bump_revision, insert_claims, insert_segments};
use super::common::*;
use super::enqueue::enqueue;
use crate::storage::outbox::article_revised_payload;

/// Claims at a superseded revision: their words and place then, and the latest verdict made
/// on that revision or an earlier one.
const PAST_CLAIMS: &str = "
    SELECT c.id, c.article_id, rc.position, rc.text, c.kind, rc.start_offset, rc.end_offset,
           coalesce(an.status, 'unreviewed') AS status, coalesce(an.version, 1) AS version,
           coalesce(an.created_at, r.created_at) AS updated_at, an.sources, an.note,
           u.name AS updated_by, c.checkworthiness, c.reading, c.speaker, c.speaker_start,
           c.speaker_end, c.summary,
           (SELECT COUNT(*) FROM annotations x
            WHERE x.claim_id = c.id AND coalesce(x.revision, 1) <= rc.revision) AS verdicts,
           NULL AS changed_in, NULL AS removed_in, c.derived_from
    FROM revision_claims rc
    JOIN article_revisions r ON r.article_id = rc.article_id AND r.revision = rc.revision
    JOIN claims c ON c.id = rc.claim_id
    LEFT JOIN annotations an ON an.id = (
        SELECT x.id FROM annotations x
        WHERE x.claim_id = c.id AND coalesce(x.revision, 1) <= rc.revision
        ORDER BY x.version DESC LIMIT 1)
    LEFT JOIN users u ON u.id = an.reviewer_id
    WHERE rc.article_id = ? AND rc.revision = ?
    ORDER BY rc.position";

const REVISION_SELECT: &str = "
    SELECT r.revision, r.created_at, u.name AS created_by, r.note, r.carried, r.changed,
           r.added, r.removed
    FROM article_revisions r LEFT JOIN users u ON u.id = r.created_by";

#[async_trait]
impl Revisions for SqliteStorage {
    async fn revise_article(&self, new: &NewRevision<'_>) -> StorageResult<RevisionRecord> {
        let mut tx = self.write_tx().await?;
        let article = new.article_id;
        let current: Option<i64> =
            sqlx::query_scalar("SELECT text_revision FROM articles WHERE id = ?")
                .bind(article)
                .fetch_optional(&mut *tx)
                .await?;
        let current = current.ok_or_else(|| no_article(article))?;
        if current != new.base {
            return Err(StorageError::ArticleRevised { current });
        }
        let twin: Option<i64> =
            sqlx::query_scalar("SELECT id FROM articles WHERE body_sha256 = ? AND id <> ?")
                .bind(new.body_sha256)
                .bind(article)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(twin) = twin {
            return Err(same_text_elsewhere(twin));
        }
        let revision = current + 1;
        let created_at = now();

        // Keep the text being replaced, its structure and where its claims stood.
        sqlx::query(
            "UPDATE article_revisions SET body = (SELECT body FROM articles WHERE id = ?)
             WHERE article_id = ? AND revision = ?",
        )
        .bind(article)
        .bind(article)
        .bind(current)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO revision_segments (article_id, revision, position, kind, start_offset, end_offset)
             SELECT article_id, ?, position, kind, start_offset, end_offset
             FROM segments WHERE article_id = ?",
        )
        .bind(current)
        .bind(article)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO revision_claims (article_id, revision, position, claim_id, text, start_offset, end_offset)
             SELECT article_id, ?, position, id, text, start_offset, end_offset
             FROM claims WHERE article_id = ? AND removed_in IS NULL",
        )
        .bind(current)
        .bind(article)
        .execute(&mut *tx)
        .await?;

        sqlx::query(
            "UPDATE articles SET body = ?, body_sha256 = ?, text_revision = ?, revision = revision + 1
             WHERE id = ?",
        )
        .bind(new.body)
        .bind(new.body_sha256)
        .bind(revision)
        .bind(article)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM segments WHERE article_id = ?")
            .bind(article)
            .execute(&mut *tx)
            .await?;
        insert_segments(&mut tx, article, new.segments).await?;

        // Current claims step aside (negative positions) so that each can take its new place
        // without meeting another on the way.
        sqlx::query(
            "UPDATE claims SET position = -position WHERE article_id = ? AND removed_in IS NULL",
        )
        .bind(article)
        .execute(&mut *tx)
        .await?;
        let plan = RevisionPlan::new(new)?;
        // A removed claim keeps the place it last had.
        for id in &plan.removed {
            sqlx::query("UPDATE claims SET position = -position, removed_in = ? WHERE id = ?")
                .bind(revision)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        for kept in &plan.kept {
            let segment = kept.segment;
            let reading = segment.reading.as_ref();
            let speaker = reading.and_then(|r| r.attribution.as_ref());
            // A speaker a reviewer named stays; its place is no longer known.
            sqlx::query(
                "UPDATE claims SET position = ?, text = ?, start_offset = ?, end_offset = ?,
                     version = version + ?, changed_in = CASE WHEN ? THEN ? ELSE changed_in END,
                     review_state = CASE WHEN ? THEN 'open' ELSE review_state END,
                     reviews_submitted = CASE WHEN ? THEN 0 ELSE reviews_submitted END,
                     review_round = review_round + ?,
                     checkworthiness = ?, reading = ?,
                     speaker_start = CASE WHEN EXISTS (SELECT 1 FROM claim_edits e WHERE e.claim_id = claims.id AND e.field = 'speaker') THEN NULL ELSE ? END,
                     speaker_end = CASE WHEN EXISTS (SELECT 1 FROM claim_edits e WHERE e.claim_id = claims.id AND e.field = 'speaker') THEN NULL ELSE ? END,
                     speaker = CASE WHEN EXISTS (SELECT 1 FROM claim_edits e WHERE e.claim_id = claims.id AND e.field = 'speaker') THEN speaker ELSE ? END
                 WHERE id = ?",
            )
            .bind(kept.position)
            .bind(segment.text.as_str())
            .bind(to_i64(segment.start))
            .bind(to_i64(segment.end))
            .bind(i64::from(kept.changed))
            .bind(kept.changed)
            .bind(revision)
            // Changed words need a review again: a new round, as a reopening starts.
            .bind(kept.changed)
            .bind(kept.changed)
            .bind(i64::from(kept.changed))
            .bind(reading.map(|r| r.checkworthiness))
            .bind(reading.map(reading_json))
            .bind(speaker.map(|a| to_i64(a.start)))
            .bind(speaker.map(|a| to_i64(a.end)))
            .bind(speaker.map(|a| a.speaker.clone()))
            .bind(kept.id)
            .execute(&mut *tx)
            .await?;
        }
        insert_claims(&mut tx, article, &created_at, &plan.added).await?;

        let counts = new.matching.counts();
        sqlx::query(
            "INSERT INTO article_revisions (article_id, revision, created_at, created_by, note,
                                            carried, changed, added, removed)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(article)
        .bind(revision)
        .bind(&created_at)
        .bind(new.created_by)
        .bind(new.note)
        .bind(counts.carried)
        .bind(counts.changed)
        .bind(counts.added)
        .bind(counts.removed)
        .execute(&mut *tx)
        .await?;
        let created_by: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = ?")
            .bind(new.created_by)
            .fetch_optional(&mut *tx)
            .await?;
        let record = RevisionRecord {
            revision,
            created_at: created_at.clone(),
            created_by,
            note: new.note.map(str::to_owned),
            counts,
        };
        let payload = article_revised_payload(article, &record);
        enqueue(&mut tx, Event::ArticleRevised, &[(payload, created_at)]).await?;
        bump_revision(&mut tx, article).await?;
        tx.commit().await?;
        self.generation.moved();
        Ok(record)
    }

    async fn article_revisions(&self, id: ArticleId) -> StorageResult<Vec<RevisionRecord>> {
        let sql = format!("{REVISION_SELECT} WHERE r.article_id = ? ORDER BY r.revision");
        Ok(sqlx::query_as::<_, RevisionRow>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(RevisionRow::into_record)
            .collect())
    }

    async fn past_text(&self, id: ArticleId, revision: i64) -> StorageResult<Option<PastText>> {
        let body: Option<String> = sqlx::query_scalar(
            "SELECT body FROM article_revisions
             WHERE article_id = ? AND revision = ? AND body IS NOT NULL",
        )
        .bind(id)
        .bind(revision)
        .fetch_optional(&self.reader)
        .await?;
        let Some(body) = body else {
            return Ok(None);
        };
        let segments = sqlx::query_as::<_, SegmentRow>(
            "SELECT kind, start_offset, end_offset FROM revision_segments
             WHERE article_id = ? AND revision = ? ORDER BY position",
        )
        .bind(id)
        .bind(revision)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(SegmentRow::into_segment)
        .collect::<StorageResult<_>>()?;
        let claims = sqlx::query_as::<_, ClaimRow>(PAST_CLAIMS)
            .bind(id)
            .bind(revision)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(ClaimRow::into_claim)
            .collect::<StorageResult<_>>()?;
        Ok(Some(PastText {
            revision,
            body,
            segments,
            claims,
        }))
    }
}
