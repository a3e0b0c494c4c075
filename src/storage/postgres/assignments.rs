//! Assignments and queues on PostgreSQL.

use std::collections::HashMap;

use super::PostgresStorage;
use super::claims::claims_by_ids;
use super::common::*;

const ASSIGNMENT_SELECT: &str = "
    SELECT a.id, a.claim_id, u.name AS reviewer, b.name AS assigned_by, a.created_at
    FROM assignments a
    JOIN users u ON u.id = a.reviewer_id
    JOIN users b ON b.id = a.assigned_by";

/// What waits for user `$1` (`$2`: whether they are an editor), as `reason, claim_id, since`:
/// - an assignment, until they have reviewed the claim in its current round, or it is
///   settled (or disputed: then it waits for an editor, not for them);
/// - a mention (the earliest unanswered one per claim), until they comment on the claim or
///   give it a verdict or review after it;
/// - for editors, every disputed claim, since its second review.
const QUEUE: &str = "
    SELECT 'assigned'::text AS reason, a.claim_id, a.created_at AS since, a.id AS ref
    FROM assignments a JOIN claims c ON c.id = a.claim_id
    WHERE a.reviewer_id = $1 AND c.removed_in IS NULL
      AND c.review_state IN ('open', 'awaiting_second')
      AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.claim_id = c.id
                      AND r.round = c.review_round AND r.reviewer_id = $1)
    UNION ALL
    SELECT 'mention', cm.claim_id, min(cm.created_at), min(cm.id)
    FROM mentions m
    JOIN comments cm ON cm.id = m.comment_id
    JOIN claims c ON c.id = cm.claim_id
    WHERE m.user_id = $1 AND cm.removed_at IS NULL AND c.removed_in IS NULL
      AND NOT EXISTS (SELECT 1 FROM comments later WHERE later.claim_id = cm.claim_id
                      AND later.author_id = $1 AND later.id > cm.id)
      AND NOT EXISTS (SELECT 1 FROM annotations an WHERE an.claim_id = cm.claim_id
                      AND an.reviewer_id = $1 AND an.created_at >= cm.created_at)
      AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.claim_id = cm.claim_id
                      AND r.reviewer_id = $1 AND r.created_at >= cm.created_at)
    GROUP BY cm.claim_id
    UNION ALL
    SELECT 'disputed', c.id,
           (SELECT max(r.created_at) FROM reviews r WHERE r.claim_id = c.id
            AND r.round = c.review_round),
           c.id
    FROM claims c
    WHERE $2::boolean AND c.review_state = 'disputed' AND c.removed_in IS NULL";

#[async_trait]
impl Assignments for PostgresStorage {
    async fn assign(
        &self,
        pairs: &[(ClaimId, UserId)],
        assigned_by: &User,
    ) -> StorageResult<Vec<Assignment>> {
        let mut tx = self.pool.begin().await?;
        let created_at = now();
        let (claim_ids, reviewer_ids): (Vec<ClaimId>, Vec<UserId>) = pairs.iter().copied().unzip();
        // Every pair in one statement; those assigned before stay as they were.
        let new: Vec<i64> = sqlx::query_scalar(
            "INSERT INTO assignments (claim_id, reviewer_id, assigned_by, created_at)
             SELECT p.claim_id, p.reviewer_id, $3, $4
             FROM unnest($1::bigint[], $2::bigint[]) AS p (claim_id, reviewer_id)
             ON CONFLICT (claim_id, reviewer_id) DO NOTHING RETURNING id",
        )
        .bind(&claim_ids)
        .bind(&reviewer_ids)
        .bind(assigned_by.id)
        .bind(&created_at)
        .fetch_all(&mut *tx)
        .await?;
        let assignments: Vec<Assignment> = sqlx::query_as::<_, AssignmentRow>(
            sqlx::AssertSqlSafe(format!(
                "{ASSIGNMENT_SELECT}
                 JOIN unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS p (claim_id, reviewer_id, n)
                     ON a.claim_id = p.claim_id AND a.reviewer_id = p.reviewer_id
                 ORDER BY p.n"
            )),
        )
        .bind(&claim_ids)
        .bind(&reviewer_ids)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(AssignmentRow::into_assignment)
        .collect();
        let made = newly_made(&assignments, &new);
        let assigned: Vec<ClaimId> = made.iter().map(|a| a.claim_id).collect();
        let claims = claims_by_ids(&mut *tx, &assigned).await?;
        let payloads = assigned_payloads(&made, &claims, &created_at);
        if !payloads.is_empty() {
            enqueue(&mut tx, Event::ClaimAssigned, &payloads).await?;
        }
        tx.commit().await?;
        self.generation.moved();
        Ok(assignments)
    }

    async fn assignments(&self, filter: &AssignmentFilter) -> StorageResult<Vec<Assignment>> {
        sqlx::query_as::<_, AssignmentRow>(sqlx::AssertSqlSafe(format!(
            "{ASSIGNMENT_SELECT}
             WHERE a.id > $1
               AND ($2::bigint IS NULL OR a.claim_id IN (SELECT id FROM claims WHERE article_id = $2))
               AND ($3::bigint IS NULL OR a.reviewer_id = $3)
             ORDER BY a.id LIMIT $4"
        )))
        .bind(filter.after.unwrap_or(0))
        .bind(filter.article_id)
        .bind(filter.reviewer_id)
        .bind(i64::from(filter.limit))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|row| Ok(row.into_assignment()))
        .collect()
    }

    async fn assignment(&self, id: i64) -> StorageResult<Option<Assignment>> {
        Ok(
            sqlx::query_as::<_, AssignmentRow>(sqlx::AssertSqlSafe(format!(
                "{ASSIGNMENT_SELECT} WHERE a.id = $1"
            )))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(AssignmentRow::into_assignment),
        )
    }

    async fn unassign(&self, id: i64) -> StorageResult<bool> {
        let mut tx = self.pool.begin().await?;
        let removed = sqlx::query("DELETE FROM assignments WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        self.generation.moved();
        Ok(removed > 0)
    }

    async fn queue(&self, user: &User, offset: u32, limit: u32) -> StorageResult<Vec<QueueItem>> {
        let rows = sqlx::query_as::<_, QueueRow>(sqlx::AssertSqlSafe(format!(
            "SELECT reason, claim_id, since FROM ({QUEUE}) q
             ORDER BY since, reason, ref LIMIT $3 OFFSET $4"
        )))
        .bind(user.id)
        .bind(user.role.grants(Role::Editor))
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        let ids: Vec<ClaimId> = rows.iter().map(|r| r.claim_id).collect();
        let claims: HashMap<ClaimId, Claim> = claims_by_ids(&self.pool, &ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            // A claim waiting twice (assigned and mentioned) is listed twice.
            let Some(claim) = claims.get(&row.claim_id).cloned() else {
                continue;
            };
            items.push(QueueItem {
                claim,
                reason: QueueReason::parse(&row.reason)
                    .ok_or_else(|| corrupt(format!("unknown queue reason '{}'", row.reason)))?,
                since: row.since,
            });
        }
        Ok(items)
    }

    async fn queue_count(&self, user: &User) -> StorageResult<i64> {
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM ({QUEUE}) q"
        )))
        .bind(user.id)
        .bind(user.role.grants(Role::Editor))
        .fetch_one(&self.pool)
        .await?)
    }
}
