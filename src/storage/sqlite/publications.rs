//! Publications on SQLite.

use super::SqliteStorage;
use super::articles::bump_revision;
use super::common::*;

const PUBLICATION_SELECT: &str = "
    SELECT p.article_id, p.published_at, u.name AS published_by, p.public_url, p.show_reviewers,
           (SELECT COUNT(*) FROM published_reviews r WHERE r.article_id = p.article_id) AS reviews
    FROM publications p JOIN users u ON u.id = p.published_by
    WHERE p.article_id = ?";

#[async_trait]
impl Publications for SqliteStorage {
    async fn publish(
        &self,
        article: ArticleId,
        settings: &PublicationSettings,
        editor: &User,
    ) -> StorageResult<Option<Publication>> {
        let mut tx = self.write_tx().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE id = ?")
            .bind(article)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Ok(None);
        }
        sqlx::query("DELETE FROM published_reviews WHERE article_id = ?")
            .bind(article)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO publications (article_id, published_at, published_by, public_url, show_reviewers)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (article_id) DO UPDATE SET published_at = excluded.published_at,
                 published_by = excluded.published_by, public_url = excluded.public_url,
                 show_reviewers = excluded.show_reviewers",
        )
        .bind(article)
        .bind(now())
        .bind(editor.id)
        .bind(&settings.public_url)
        .bind(settings.show_reviewers)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO published_reviews
                 (article_id, claim_id, version, speaker, speaker_start, speaker_end, summary)
             SELECT article_id, id,
                    (SELECT max(an.version) FROM annotations an WHERE an.claim_id = claims.id),
                    speaker, speaker_start, speaker_end, summary
             FROM claims
             WHERE article_id = ? AND status NOT IN ('unreviewed', 'dismissed') AND removed_in IS NULL
               AND changed_in IS NULL",
        )
        .bind(article)
        .execute(&mut *tx)
        .await?;
        bump_revision(&mut tx, article).await?;
        tx.commit().await?;
        self.generation.moved();
        self.publication(article).await
    }

    async fn withdraw(&self, article: ArticleId) -> StorageResult<bool> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM published_reviews WHERE article_id = ?")
            .bind(article)
            .execute(&mut *tx)
            .await?;
        let removed = sqlx::query("DELETE FROM publications WHERE article_id = ?")
            .bind(article)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        self.generation.moved();
        Ok(removed > 0)
    }

    async fn publication(&self, article: ArticleId) -> StorageResult<Option<Publication>> {
        Ok(sqlx::query_as::<_, PublicationRow>(PUBLICATION_SELECT)
            .bind(article)
            .fetch_optional(&self.reader)
            .await?
            .map(PublicationRow::into_publication))
    }

    async fn published_reviews(&self, article: ArticleId) -> StorageResult<Vec<Claim>> {
        sqlx::query_as::<_, ClaimRow>(
            "SELECT c.id, c.article_id, c.position, c.text, c.kind, c.start_offset, c.end_offset,
                    an.status, an.version, an.created_at AS updated_at, an.sources, an.note,
                    u.name AS updated_by, c.checkworthiness, c.reading, r.speaker,
                    r.speaker_start, r.speaker_end, r.summary, c.verdicts, c.changed_in,
                    c.removed_in, c.derived_from
             FROM published_reviews r
             JOIN claims c ON c.id = r.claim_id
             JOIN annotations an ON an.claim_id = r.claim_id AND an.version = r.version
             JOIN users u ON u.id = an.reviewer_id
             WHERE r.article_id = ? AND c.removed_in IS NULL AND c.changed_in IS NULL
             ORDER BY c.position",
        )
        .bind(article)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(ClaimRow::into_claim)
        .collect()
    }
}
