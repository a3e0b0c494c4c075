//! Double review on SQLite.

use super::SqliteStorage;
use super::claims::{CLAIM_SELECT, claim_in};
use super::common::*;
use super::enqueue::enqueue;
use crate::domain::review::{Outcome, outcome};

const REVIEW_SELECT: &str = "
    SELECT r.claim_id, r.round, u.name AS reviewer, r.reviewer_id, r.status, r.sources, r.note,
           r.created_at, r.revision
    FROM reviews r JOIN users u ON u.id = r.reviewer_id";

#[async_trait]
impl Reviews for SqliteStorage {
    async fn set_reviews_required(
        &self,
        article_id: ArticleId,
        required: i64,
    ) -> StorageResult<Option<Article>> {
        let mut tx = self.write_tx().await?;
        let changed = sqlx::query(
            "UPDATE articles SET reviews_required = ?, revision = revision + 1 WHERE id = ?",
        )
        .bind(required)
        .bind(article_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        if changed == 0 {
            return Ok(None);
        }
        self.generation.moved();
        self.article(article_id).await
    }

    async fn submit_review(
        &self,
        claim_id: ClaimId,
        annotation: &NewAnnotation,
        reviewer: &User,
    ) -> StorageResult<SubmittedReview> {
        let status = annotation.status;
        let mut tx = self.write_tx().await?;
        let standing = sqlx::query_as::<_, ReviewStanding>(
            "SELECT c.article_id, c.review_state, c.review_round, c.reviews_submitted,
                    c.removed_in, c.version, a.reviews_required, a.text_revision
             FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = ?",
        )
        .bind(claim_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(standing) = standing else {
            return Err(not_annotated(claim_id, None));
        };
        let earlier: Vec<(i64, String)> = sqlx::query_as(
            "SELECT reviewer_id, status FROM reviews WHERE claim_id = ? AND round = ? ORDER BY id",
        )
        .bind(claim_id)
        .bind(standing.review_round)
        .fetch_all(&mut *tx)
        .await?;
        let first = standing.admit(claim_id, reviewer, &earlier)?;
        let sources = serde_json::to_string(&annotation.sources)
            .map_err(|e| corrupt(format!("cannot encode sources: {e}")))?;
        let created_at = now();
        sqlx::query(
            "INSERT INTO reviews (claim_id, round, reviewer_id, status, sources, note, created_at, revision)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(claim_id)
        .bind(standing.review_round)
        .bind(reviewer.id)
        .bind(status.as_str())
        .bind(&sources)
        .bind(&annotation.note)
        .bind(&created_at)
        .bind(standing.text_revision)
        .execute(&mut *tx)
        .await?;
        let result = match first {
            None => {
                sqlx::query(
                    "UPDATE claims SET review_state = 'awaiting_second', reviews_submitted = 1
                     WHERE id = ?",
                )
                .bind(claim_id)
                .execute(&mut *tx)
                .await?;
                ReviewOutcome::AwaitingSecond
            }
            Some(first) => match outcome(first, status) {
                Outcome::Agreed(agreed) => {
                    // Both reviews join the verdict history, in the order they came.
                    sqlx::query(
                        "INSERT INTO annotations (claim_id, version, status, sources, note,
                                                  reviewer_id, created_at, revision)
                         SELECT claim_id, ? + row_number() OVER (ORDER BY id), status, sources,
                                note, reviewer_id, created_at, revision
                         FROM reviews WHERE claim_id = ? AND round = ? ORDER BY id",
                    )
                    .bind(standing.version)
                    .bind(claim_id)
                    .bind(standing.review_round)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(
                        "UPDATE claims SET status = ?, version = version + 2, updated_at = ?,
                                           verdicts = verdicts + 2, changed_in = NULL,
                                           review_state = 'settled', reviews_submitted = 2
                         WHERE id = ?",
                    )
                    .bind(agreed.as_str())
                    .bind(&created_at)
                    .bind(claim_id)
                    .execute(&mut *tx)
                    .await?;
                    ReviewOutcome::Settled
                }
                Outcome::Disputed => {
                    sqlx::query(
                        "UPDATE claims SET review_state = 'disputed', reviews_submitted = 2
                         WHERE id = ?",
                    )
                    .bind(claim_id)
                    .execute(&mut *tx)
                    .await?;
                    ReviewOutcome::Disputed
                }
            },
        };
        let claim = claim_in(&mut *tx, claim_id)
            .await?
            .ok_or_else(|| corrupt("a reviewed claim vanished"))?;
        let deliveries_queued = match result {
            ReviewOutcome::AwaitingSecond => false,
            ReviewOutcome::Settled => {
                let payload = crate::storage::outbox::claim_annotated_payload(&claim);
                enqueue(&mut tx, Event::ClaimAnnotated, &[(payload, created_at)]).await?;
                true
            }
            ReviewOutcome::Disputed => {
                let reviews = current_reviews(&mut *tx, claim_id).await?;
                let payload = claim_disputed_payload(&claim, &reviews);
                enqueue(&mut tx, Event::ClaimDisputed, &[(payload, created_at)]).await?;
                true
            }
        };
        tx.commit().await?;
        self.generation.moved();
        Ok(SubmittedReview {
            claim,
            outcome: result,
            deliveries_queued,
        })
    }

    async fn reviews(&self, claim_id: ClaimId) -> StorageResult<Vec<Review>> {
        current_reviews(&self.reader, claim_id).await
    }

    async fn reviewed_blind(
        &self,
        reviewer: UserId,
        article_id: ArticleId,
    ) -> StorageResult<Vec<ClaimId>> {
        Ok(sqlx::query_scalar(
            "SELECT c.id FROM reviews r JOIN claims c ON c.id = r.claim_id
             WHERE r.reviewer_id = ? AND c.article_id = ? AND r.round = c.review_round
               AND c.review_state IN ('open', 'awaiting_second')
             ORDER BY c.id",
        )
        .bind(reviewer)
        .bind(article_id)
        .fetch_all(&self.reader)
        .await?)
    }

    async fn disputes(&self, after: Option<ClaimId>, limit: u32) -> StorageResult<Vec<Dispute>> {
        let sql = format!(
            "{CLAIM_SELECT} WHERE c.review_state = 'disputed' AND c.removed_in IS NULL AND c.id > ?
             ORDER BY c.id LIMIT ?"
        );
        let claims: Vec<Claim> = sqlx::query_as::<_, ClaimRow>(sqlx::AssertSqlSafe(sql))
            .bind(after.unwrap_or(0))
            .bind(limit)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(ClaimRow::into_claim)
            .collect::<StorageResult<_>>()?;
        // Both reviews of every listed dispute in one query.
        let ids: Vec<ClaimId> = claims.iter().map(|c| c.id).collect();
        let sql = format!(
            "{REVIEW_SELECT} JOIN claims c ON c.id = r.claim_id AND r.round = c.review_round
             WHERE r.claim_id IN (SELECT value FROM json_each(?)) ORDER BY r.id"
        );
        let reviews: Vec<Review> = sqlx::query_as::<_, ReviewRecordRow>(sqlx::AssertSqlSafe(sql))
            .bind(serde_json::to_string(&ids).map_err(|e| corrupt(format!("claim ids: {e}")))?)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(ReviewRecordRow::into_review)
            .collect::<StorageResult<_>>()?;
        Ok(Dispute::gather(claims, reviews))
    }

    async fn double_reviews(&self, filter: &AgreementFilter) -> StorageResult<Vec<DoubleReview>> {
        sqlx::query_as::<_, DoubleReviewRow>(
            "SELECT u1.name AS first_reviewer, r1.status AS first_status,
                    u2.name AS second_reviewer, r2.status AS second_status
             FROM reviews r1
             JOIN reviews r2 ON r2.claim_id = r1.claim_id AND r2.round = r1.round AND r2.id > r1.id
             JOIN users u1 ON u1.id = r1.reviewer_id
             JOIN users u2 ON u2.id = r2.reviewer_id
             JOIN claims c ON c.id = r1.claim_id
             WHERE (?1 IS NULL OR c.article_id = ?1)
               AND (?2 IS NULL OR r1.reviewer_id = ?2 OR r2.reviewer_id = ?2)
               AND (?3 IS NULL OR r2.created_at >= ?3)
               AND (?4 IS NULL OR r2.created_at <= ?4)
             ORDER BY r1.claim_id, r1.round",
        )
        .bind(filter.article_id)
        .bind(filter.reviewer_id)
        .bind(&filter.since)
        .bind(&filter.until)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(DoubleReviewRow::into_double_review)
        .collect()
    }
}

async fn current_reviews<'c, E>(executor: E, claim_id: ClaimId) -> StorageResult<Vec<Review>>
where
    E: sqlx::Executor<'c, Database = Sqlite>,
{
    let sql = format!(
        "{REVIEW_SELECT}
         WHERE r.claim_id = ?1 AND r.round = (SELECT review_round FROM claims WHERE id = ?1)
         ORDER BY r.id"
    );
    sqlx::query_as::<_, ReviewRecordRow>(sqlx::AssertSqlSafe(sql))
        .bind(claim_id)
        .fetch_all(executor)
        .await?
        .into_iter()
        .map(ReviewRecordRow::into_review)
        .collect()
}
