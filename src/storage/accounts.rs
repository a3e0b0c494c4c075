//! Accounts: users and their roles, API tokens (stored as hashes), browser sessions.

use async_trait::async_trait;
use serde::Serialize;

use super::base::{StorageResult, UserId};
use crate::domain::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub created_at: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub user: String,
    pub label: String,
    pub prefix: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// A stored browser session: opaque data and its expiry (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub data: String,
    pub expires_at: i64,
}

/// How often something may be tried: a burst of `burst` attempts, then one every
/// `interval_ms` (the generic cell rate algorithm, kept as one time per key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptRate {
    pub burst: u32,
    pub interval_ms: i64,
}

impl AttemptRate {
    /// How far ahead of now a key's next-allowed time may run before attempts are refused.
    pub fn tolerance_ms(self) -> i64 {
        i64::from(self.burst.saturating_sub(1)) * self.interval_ms
    }
}

#[async_trait]
pub trait Accounts: Send + Sync + 'static {
    async fn create_user(
        &self,
        name: &str,
        role: Role,
        password_hash: Option<&str>,
    ) -> StorageResult<User>;
    async fn user_by_name(&self, name: &str) -> StorageResult<Option<User>>;
    async fn user_by_id(&self, id: UserId) -> StorageResult<Option<User>>;
    /// The users with these names, in no particular order (unknown names are left out).
    async fn users_named(&self, names: &[String]) -> StorageResult<Vec<User>>;
    /// Returns whether the user exists.
    async fn set_user_role(&self, id: UserId, role: Role) -> StorageResult<bool>;
    async fn list_users(&self) -> StorageResult<Vec<User>>;
    async fn create_token(
        &self,
        user_id: UserId,
        label: &str,
        token_hash: &str,
        prefix: &str,
    ) -> StorageResult<TokenInfo>;
    /// The user a live (not revoked) token belongs to.
    async fn user_by_token_hash(&self, token_hash: &str) -> StorageResult<Option<User>>;
    async fn list_tokens(&self) -> StorageResult<Vec<TokenInfo>>;
    /// Returns whether a live token was revoked.
    async fn revoke_token(&self, token_id: i64) -> StorageResult<bool>;

    /// Stores a new session; `false` when the id is already taken.
    async fn session_insert(&self, id: &str, record: &SessionRecord) -> StorageResult<bool>;
    async fn session_save(&self, id: &str, record: &SessionRecord) -> StorageResult<()>;
    /// A session that has not expired by `now` (Unix seconds).
    async fn session_load(&self, id: &str, now: i64) -> StorageResult<Option<SessionRecord>>;
    async fn session_delete(&self, id: &str) -> StorageResult<()>;

    /// Counts an attempt under `key` at `now_ms` for every instance sharing the database;
    /// `Some(wait_ms)` when `rate` refuses it (nothing is counted then).
    async fn take_attempt(
        &self,
        key: &str,
        now_ms: i64,
        rate: AttemptRate,
    ) -> StorageResult<Option<i64>>;
}
