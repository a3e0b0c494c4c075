//! Users, API tokens and browser sessions on SQLite.

use super::SqliteStorage;
use super::common::*;

/// The columns a [`UserRow`] reads.
const USER_COLUMNS: &str = "id, name, role, created_at, password_hash";

/// Tokens with their owner's name, as a [`TokenRow`] reads them.
const TOKEN_SELECT: &str =
    "SELECT t.id, u.name AS user, t.label, t.prefix, t.created_at, t.revoked_at
     FROM api_tokens t JOIN users u ON u.id = t.user_id";

impl SqliteStorage {
    /// The user matching `condition` (one `?`, bound to `value`).
    async fn user_where<'q, T>(&self, condition: &str, value: T) -> StorageResult<Option<User>>
    where
        T: 'q + Send + sqlx::Encode<'q, Sqlite> + sqlx::Type<Sqlite>,
    {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE {condition}");
        sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .fetch_optional(&self.reader)
            .await?
            .map(UserRow::into_user)
            .transpose()
    }
}

#[async_trait]
impl Accounts for SqliteStorage {
    async fn create_user(
        &self,
        name: &str,
        role: Role,
        password_hash: Option<&str>,
    ) -> StorageResult<User> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query_as::<_, UserRow>(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)
             RETURNING id, name, role, created_at, password_hash",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| {
            if is_unique_violation(&err) {
                StorageError::Conflict(format!("a user named '{name}' already exists"))
            } else {
                err.into()
            }
        })?;
        tx.commit().await?;
        row.into_user()
    }

    async fn user_by_name(&self, name: &str) -> StorageResult<Option<User>> {
        self.user_where("name = ?", name).await
    }

    async fn user_by_id(&self, id: UserId) -> StorageResult<Option<User>> {
        self.user_where("id = ?", id).await
    }

    async fn users_named(&self, names: &[String]) -> StorageResult<Vec<User>> {
        let names = serde_json::to_string(names)
            .map_err(|e| corrupt(format!("cannot encode names: {e}")))?;
        sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE name IN (SELECT value FROM json_each(?))"
        )))
        .bind(names)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(UserRow::into_user)
        .collect()
    }

    async fn set_user_role(&self, id: UserId, role: Role) -> StorageResult<bool> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE users SET role = ? WHERE id = ?")
            .bind(role.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        tx.commit().await?;
        self.accounts_generation.moved();
        Ok(done)
    }

    async fn list_users(&self) -> StorageResult<Vec<User>> {
        sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY name"
        )))
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(UserRow::into_user)
        .collect()
    }

    async fn create_token(
        &self,
        user_id: UserId,
        label: &str,
        token_hash: &str,
        prefix: &str,
    ) -> StorageResult<TokenInfo> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, label, token_hash, prefix, created_at)
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(user_id)
        .bind(label)
        .bind(token_hash)
        .bind(prefix)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let info = sqlx::query_as::<_, TokenRow>(sqlx::AssertSqlSafe(format!(
            "{TOKEN_SELECT} WHERE t.id = ?"
        )))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(info.into_info())
    }

    async fn user_by_token_hash(&self, token_hash: &str) -> StorageResult<Option<User>> {
        sqlx::query_as::<_, UserRow>(
            "SELECT u.id, u.name, u.role, u.created_at, u.password_hash
             FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = ? AND t.revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.reader)
        .await?
        .map(UserRow::into_user)
        .transpose()
    }

    async fn list_tokens(&self) -> StorageResult<Vec<TokenInfo>> {
        Ok(sqlx::query_as::<_, TokenRow>(sqlx::AssertSqlSafe(format!(
            "{TOKEN_SELECT} ORDER BY t.id"
        )))
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(TokenRow::into_info)
        .collect())
    }

    async fn revoke_token(&self, token_id: i64) -> StorageResult<bool> {
        let mut tx = self.write_tx().await?;
        let done =
            sqlx::query("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .bind(now())
                .bind(token_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
        tx.commit().await?;
        self.accounts_generation.moved();
        Ok(done)
    }

    async fn session_insert(&self, id: &str, record: &SessionRecord) -> StorageResult<bool> {
        let mut tx = self.write_tx().await?;
        let inserted = sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(&record.data)
        .bind(record.expires_at)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        tx.commit().await?;
        Ok(inserted)
    }

    async fn session_save(&self, id: &str, record: &SessionRecord) -> StorageResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(&record.data)
        .bind(record.expires_at)
        .execute(&mut *tx)
        .await?;
        // Expired sessions go with the writes that replace them.
        sqlx::query("DELETE FROM sessions WHERE expires_at < unixepoch()")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session_load(&self, id: &str, now: i64) -> StorageResult<Option<SessionRecord>> {
        Ok(sqlx::query_as::<_, (String, i64)>(
            "SELECT data, expires_at FROM sessions WHERE id = ? AND expires_at > ?",
        )
        .bind(id)
        .bind(now)
        .fetch_optional(&self.reader)
        .await?
        .map(|(data, expires_at)| SessionRecord { data, expires_at }))
    }

    async fn session_delete(&self, id: &str) -> StorageResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM sessions WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn take_attempt(
        &self,
        key: &str,
        now_ms: i64,
        rate: AttemptRate,
    ) -> StorageResult<Option<i64>> {
        let mut tx = self.write_tx().await?;
        // Keys whose time has passed allow a full burst again: they need no row.
        sqlx::query("DELETE FROM attempt_limits WHERE tat < ?")
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        let taken: Option<i64> = sqlx::query_scalar(
            "INSERT INTO attempt_limits (key, tat) VALUES (?1, ?2 + ?3)
             ON CONFLICT (key) DO UPDATE SET tat = max(tat, ?2) + ?3
             WHERE max(tat, ?2) - ?2 <= ?4
             RETURNING tat",
        )
        .bind(key)
        .bind(now_ms)
        .bind(rate.interval_ms)
        .bind(rate.tolerance_ms())
        .fetch_optional(&mut *tx)
        .await?;
        let wait = match taken {
            Some(_) => None,
            None => {
                let tat: i64 = sqlx::query_scalar("SELECT tat FROM attempt_limits WHERE key = ?")
                    .bind(key)
                    .fetch_one(&mut *tx)
                    .await?;
                Some((tat - rate.tolerance_ms() - now_ms).max(1))
            }
        };
        tx.commit().await?;
        Ok(wait)
    }
}
