//! Comments on PostgreSQL.

use super::PostgresStorage;
use super::articles::bump_revision;
use super::common::*;

const COMMENT_SELECT: &str = "
    SELECT cm.id, cm.claim_id, cm.parent_id, u.name AS author, cm.author_id, cm.body,
           cm.created_at, cm.removed_at, r.name AS removed_by,
           (SELECT json_agg(mu.name)::text FROM mentions m JOIN users mu ON mu.id = m.user_id
            WHERE m.comment_id = cm.id) AS mentions
    FROM comments cm
    JOIN users u ON u.id = cm.author_id
    LEFT JOIN users r ON r.id = cm.removed_by";

async fn comment_in<'c, E>(executor: E, id: i64) -> StorageResult<Option<Comment>>
where
    E: sqlx::Executor<'c, Database = Postgres>,
{
    sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(format!(
        "{COMMENT_SELECT} WHERE cm.id = $1"
    )))
    .bind(id)
    .fetch_optional(executor)
    .await?
    .map(CommentRow::into_comment)
    .transpose()
}

/// The article a claim belongs to, if there is such a claim.
async fn article_of(
    tx: &mut Transaction<'static, Postgres>,
    claim_id: ClaimId,
) -> StorageResult<Option<ArticleId>> {
    Ok(
        sqlx::query_scalar("SELECT article_id FROM claims WHERE id = $1")
            .bind(claim_id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

#[async_trait]
impl Comments for PostgresStorage {
    async fn add_comment(
        &self,
        comment: &NewCommentRecord<'_>,
        author: &User,
    ) -> StorageResult<Comment> {
        let mut tx = self.pool.begin().await?;
        let Some(article_id) = article_of(&mut tx, comment.claim_id).await? else {
            return Err(not_annotated(comment.claim_id, None));
        };
        if let Some(parent) = comment.parent_id {
            let on: Option<i64> = sqlx::query_scalar("SELECT claim_id FROM comments WHERE id = $1")
                .bind(parent)
                .fetch_optional(&mut *tx)
                .await?;
            if on != Some(comment.claim_id) {
                return Err(no_parent(parent, comment.claim_id));
            }
        }
        let created_at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (claim_id, parent_id, author_id, body, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(comment.claim_id)
        .bind(comment.parent_id)
        .bind(author.id)
        .bind(comment.body)
        .bind(&created_at)
        .fetch_one(&mut *tx)
        .await?;
        for user in comment.mentions {
            sqlx::query(
                "INSERT INTO mentions (user_id, comment_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(user)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        // Pages show a claim's thread: its article's pages are made again.
        bump_revision(&mut tx, article_id).await?;
        let stored = comment_in(&mut *tx, id)
            .await?
            .ok_or_else(|| corrupt("a new comment vanished"))?;
        enqueue(
            &mut tx,
            Event::CommentCreated,
            &[(comment_created_payload(&stored), created_at)],
        )
        .await?;
        tx.commit().await?;
        self.generation.moved();
        Ok(stored)
    }

    async fn comments(&self, claim_id: ClaimId) -> StorageResult<Vec<Comment>> {
        sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(format!(
            "{COMMENT_SELECT} WHERE cm.claim_id = $1 ORDER BY cm.id"
        )))
        .bind(claim_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(CommentRow::into_comment)
        .collect()
    }

    async fn article_comments(&self, article_id: ArticleId) -> StorageResult<Vec<Comment>> {
        sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(format!(
            "{COMMENT_SELECT}
             WHERE cm.claim_id IN (SELECT id FROM claims WHERE article_id = $1) ORDER BY cm.id"
        )))
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(CommentRow::into_comment)
        .collect()
    }

    async fn comment(&self, id: i64) -> StorageResult<Option<Comment>> {
        comment_in(&self.pool, id).await
    }

    async fn remove_comment(&self, id: i64, by: &User) -> StorageResult<Option<Comment>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE comments SET body = NULL, removed_at = $1, removed_by = $2
             WHERE id = $3 AND removed_at IS NULL",
        )
        .bind(now())
        .bind(by.id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let comment = comment_in(&mut *tx, id).await?;
        if let Some(c) = &comment
            && let Some(article_id) = article_of(&mut tx, c.claim_id).await?
        {
            bump_revision(&mut tx, article_id).await?;
        }
        tx.commit().await?;
        self.generation.moved();
        Ok(comment)
    }
}
