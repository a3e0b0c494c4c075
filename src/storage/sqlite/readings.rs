//! Claim readings and reviewers' corrections on SQLite.

use super::SqliteStorage;
use super::articles::bump_revision;
use super::claims::claim_in;
use super::common::*;
use crate::storage::readings::EditedField;

#[async_trait]
impl Readings for SqliteStorage {
    async fn edit_claim(
        &self,
        id: ClaimId,
        edit: &ClaimEdit,
        editor: &User,
    ) -> StorageResult<Option<Claim>> {
        let mut tx = self.write_tx().await?;
        let current: Option<(i64, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT article_id, speaker, summary FROM claims WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((article_id, speaker, summary)) = current else {
            return Ok(None);
        };
        let created_at = now();
        let mut edits: Vec<(EditedField, Option<String>, Option<String>)> = Vec::new();
        if let Some(new) = &edit.speaker {
            let name = new.as_ref().map(|s| s.name.clone());
            if name != speaker {
                sqlx::query(
                    "UPDATE claims SET speaker = ?, speaker_start = ?, speaker_end = ? WHERE id = ?",
                )
                .bind(&name)
                .bind(new.as_ref().and_then(|s| s.start))
                .bind(new.as_ref().and_then(|s| s.end))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                edits.push((EditedField::Speaker, name, speaker));
            }
        }
        if let Some(new) = &edit.summary
            && *new != summary
        {
            sqlx::query("UPDATE claims SET summary = ? WHERE id = ?")
                .bind(new)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            edits.push((EditedField::Summary, new.clone(), summary));
        }
        for (field, value, previous) in &edits {
            sqlx::query(
                "INSERT INTO claim_edits (claim_id, field, value, previous, editor_id, created_at)
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(field.as_str())
            .bind(value)
            .bind(previous)
            .bind(editor.id)
            .bind(&created_at)
            .execute(&mut *tx)
            .await?;
        }
        if !edits.is_empty() {
            // Cached renderings of the article show the speaker and summary.
            bump_revision(&mut tx, article_id).await?;
        }
        tx.commit().await?;
        if !edits.is_empty() {
            self.generation.moved();
        }
        claim_in(&self.reader, id).await
    }

    async fn claim_edits(&self, id: ClaimId) -> StorageResult<Vec<EditEntry>> {
        sqlx::query_as::<_, EditRow>(
            "SELECT e.field, e.value, e.previous, u.name AS editor, e.created_at
             FROM claim_edits e JOIN users u ON u.id = e.editor_id
             WHERE e.claim_id = ? ORDER BY e.id DESC",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(EditRow::into_entry)
        .collect()
    }

    async fn articles_to_read(&self, limit: u32) -> StorageResult<Vec<ArticleId>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT article_id FROM claims WHERE checkworthiness IS NULL LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.reader)
        .await?)
    }

    async fn store_readings(
        &self,
        article: ArticleId,
        readings: &[(ClaimId, ClaimAnalysis)],
    ) -> StorageResult<()> {
        let mut tx = self.write_tx().await?;
        for (id, reading) in readings {
            let speaker = reading.attribution.as_ref();
            sqlx::query(STORE_READING)
                .bind(reading.checkworthiness)
                .bind(reading_json(reading))
                .bind(speaker.map(|a| a.speaker.as_str()))
                .bind(speaker.map(|a| to_i64(a.start)))
                .bind(speaker.map(|a| to_i64(a.end)))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        bump_revision(&mut tx, article).await?;
        tx.commit().await?;
        self.generation.moved();
        Ok(())
    }
}

/// A claim's first reading; a speaker a reviewer has already corrected stays.
const STORE_READING: &str = "
    UPDATE claims SET checkworthiness = ?1, reading = ?2,
        speaker = CASE WHEN corrected THEN speaker ELSE ?3 END,
        speaker_start = CASE WHEN corrected THEN speaker_start ELSE ?4 END,
        speaker_end = CASE WHEN corrected THEN speaker_end ELSE ?5 END
    FROM (SELECT EXISTS (SELECT 1 FROM claim_edits
                         WHERE claim_id = ?6 AND field = 'speaker') AS corrected)
    WHERE id = ?6 AND checkworthiness IS NULL";
