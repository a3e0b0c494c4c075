//! Credentials: password hashing, API tokens, browser sessions' accounts, and the extractor
//! that authenticates and authorizes an API request before its body is even read.

use std::marker::PhantomData;
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;
use time::OffsetDateTime;
use tower_sessions::Session;
use tower_sessions::session::{Id, Record};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::storage::{User, UserId};

/// NIST SP 800-63B's minimum for a password a person chose.
pub const RECOMMENDED_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Refuses a password that cannot work (empty, or absurdly long), and returns a warning for one
/// shorter than recommended. The operator at the command line may still choose it: refusing
/// would only push them to pad it.
pub fn check_password(password: &str) -> Result<Option<String>, String> {
    let len = password.chars().count();
    if len == 0 {
        Err("the password is empty".to_owned())
    } else if len > MAX_PASSWORD_CHARS {
        Err(format!(
            "the password is {len} characters long; use at most {MAX_PASSWORD_CHARS}"
        ))
    } else if len < RECOMMENDED_PASSWORD_CHARS {
        Ok(Some(format!(
            "the password is only {len} characters long; {RECOMMENDED_PASSWORD_CHARS} or more are recommended"
        )))
    } else {
        Ok(None)
    }
}

/// Argon2id with a random salt. Runs on the blocking pool: hashing is deliberately slow and
/// would otherwise stall every request sharing the worker thread.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))
    })
    .await?
}

pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// A freshly minted API token. `token` is shown once and never stored.
pub struct NewToken {
    pub token: String,
    pub hash: String,
    pub prefix: String,
}

const TOKEN_PREFIX: &str = "cdk_";

pub fn generate_token() -> anyhow::Result<NewToken> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    let token = format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(secret));
    Ok(NewToken {
        hash: hash_token(&token),
        prefix: token.chars().take(TOKEN_PREFIX.len() + 6).collect(),
        token,
    })
}

/// Compares secrets without leaking, through timing, how much of them matched.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

/// A real Argon2 hash of nothing anyone knows, verified against when a sign-in names no
/// account, so that a wrong name takes as long to refuse as a wrong password.
pub async fn decoy_hash() -> String {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_init(|| async {
            let mut secret = [0u8; 32];
            let _ = getrandom::fill(&mut secret);
            hash_password(hex::encode(secret)).await.unwrap_or_default()
        })
        .await
        .clone()
}

/// Sign-in attempts allowed per client address and per account name: a burst of 10, then
/// one every 6 seconds.
pub struct LoginLimiter {
    limiter: governor::DefaultKeyedRateLimiter<String>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        let quota = governor::Quota::per_minute(std::num::NonZeroU32::new(10).expect("10 > 0"));
        LoginLimiter {
            limiter: governor::RateLimiter::keyed(quota),
        }
    }
}

impl LoginLimiter {
    /// Counts one attempt; `Err` holds how long to wait before the next.
    pub fn check(&self, ip: std::net::IpAddr, name: &str) -> Result<(), std::time::Duration> {
        use governor::clock::{Clock, DefaultClock};
        for key in [format!("ip:{ip}"), format!("user:{}", name.to_lowercase())] {
            if let Err(not_until) = self.limiter.check_key(&key) {
                return Err(not_until.wait_time_from(DefaultClock::default().now()));
            }
        }
        // Forget idle keys now and then, so the map stays small.
        if self.limiter.len() > 10_000 {
            self.limiter.retain_recent();
        }
        Ok(())
    }
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// How long a session or an account read from the database is used without reading it again.
pub const TRUSTED_FOR: Duration = Duration::from_secs(5);
/// Entries kept of each kind (the least recently used go first).
const TRUSTED_ENTRIES: usize = 10_000;

/// Browser sessions and accounts recently read, each with when it was read.
///
/// Every page view needs its session and its account, and they rarely change: with this, a
/// page view while nothing changes costs no database read for them. Whatever this server
/// changes (sign-in, sign-out, a role) updates or drops its copy at once; [`TRUSTED_FOR`]
/// bounds how long a change made by anything else (a restore, another instance) takes to
/// show. API tokens are not kept: `claimdesk token revoke` works on the database directly,
/// and a revoked token must stop working at once.
pub struct AuthCache {
    sessions: Cache<Id, (Record, Instant)>,
    users: Cache<UserId, (User, Instant)>,
}

impl Default for AuthCache {
    fn default() -> Self {
        AuthCache {
            sessions: Cache::new(TRUSTED_ENTRIES),
            users: Cache::new(TRUSTED_ENTRIES),
        }
    }
}

fn fresh<T>(entry: Option<(T, Instant)>) -> Option<T> {
    entry
        .filter(|(_, read)| read.elapsed() < TRUSTED_FOR)
        .map(|(value, _)| value)
}

impl AuthCache {
    /// A session read recently that has not expired.
    pub fn session(&self, id: &Id) -> Option<Record> {
        fresh(self.sessions.get(id)).filter(|r| r.expiry_date > OffsetDateTime::now_utc())
    }

    pub fn keep_session(&self, record: &Record) {
        self.sessions
            .insert(record.id, (record.clone(), Instant::now()));
    }

    pub fn forget_session(&self, id: &Id) {
        self.sessions.remove(id);
    }

    pub fn user(&self, id: UserId) -> Option<User> {
        fresh(self.users.get(&id))
    }

    pub fn keep_user(&self, user: &User) {
        self.users.insert(user.id, (user.clone(), Instant::now()));
    }

    /// After a change to an account.
    pub fn forget_user(&self, id: UserId) {
        self.users.remove(&id);
    }
}

/// The minimum role an [`Authenticated`] extractor demands.
pub trait RequiredRole {
    const ROLE: Role;
}

/// Role markers for [`Authenticated`].
pub mod require {
    use super::{RequiredRole, Role};

    pub struct Viewer;
    pub struct Reviewer;
    pub struct Editor;
    pub struct Admin;

    impl RequiredRole for Viewer {
        const ROLE: Role = Role::Viewer;
    }
    impl RequiredRole for Reviewer {
        const ROLE: Role = Role::Reviewer;
    }
    impl RequiredRole for Editor {
        const ROLE: Role = Role::Editor;
    }
    impl RequiredRole for Admin {
        const ROLE: Role = Role::Admin;
    }
}

/// A caller with a valid bearer token and at least the role `R`. As an extractor it runs
/// before the body is read, so an unauthorized caller learns nothing about body validation.
pub struct Authenticated<R> {
    pub user: User,
    role: PhantomData<R>,
}

impl<R: RequiredRole + Send + Sync> FromRequestParts<AppState> for Authenticated<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let user = match bearer_token(parts) {
            Ok(token) => state
                .storage
                .user_by_token_hash(&hash_token(token))
                .await?
                .ok_or_else(|| {
                    AppError::Unauthorized(
                        "the bearer token is unknown or revoked; create one with `claimdesk token create USER`"
                            .to_owned(),
                    )
                })?,
            Err(no_token) => browser_user(parts, state).await?.ok_or(no_token)?,
        };
        if !user.role.grants(R::ROLE) {
            return Err(AppError::Forbidden(format!(
                "this needs the {} role or higher; '{}' is a {}",
                R::ROLE,
                user.name,
                user.role
            )));
        }
        Ok(Authenticated {
            user,
            role: PhantomData,
        })
    }
}

/// A signed-in browser may read (GET and HEAD only) what its pages link to: exports and
/// standards documents. Changes always need a token, so a page's session can never be turned
/// into an API write by another site.
async fn browser_user(parts: &Parts, state: &AppState) -> AppResult<Option<User>> {
    if parts.headers.contains_key(AUTHORIZATION)
        || !matches!(parts.method, Method::GET | Method::HEAD)
    {
        return Ok(None);
    }
    match parts.extensions.get::<Session>() {
        Some(session) => session_user(session, state).await,
        None => Ok(None),
    }
}

/// Where a session keeps who signed in.
pub const SESSION_USER_KEY: &str = "user_id";

/// The account signed in on a browser session, if any (read through [`AuthCache`]).
pub async fn session_user(session: &Session, state: &AppState) -> AppResult<Option<User>> {
    let user_id = session
        .get::<i64>(SESSION_USER_KEY)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("session store: {e}")))?;
    let Some(user_id) = user_id else {
        return Ok(None);
    };
    if let Some(user) = state.auth_cache.user(user_id) {
        return Ok(Some(user));
    }
    let user = state.storage.user_by_id(user_id).await?;
    if let Some(user) = &user {
        state.auth_cache.keep_user(user);
    }
    Ok(user)
}

fn bearer_token(parts: &Parts) -> AppResult<&str> {
    let header = parts.headers.get(AUTHORIZATION).ok_or_else(|| {
        AppError::Unauthorized("send an API token as `Authorization: Bearer TOKEN`".to_owned())
    })?;
    let value = header.to_str().unwrap_or_default();
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim())
        }
        _ => Err(AppError::Unauthorized(
            "the Authorization header must read `Bearer TOKEN`".to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_only_their_hash_matches() {
        let a = generate_token().unwrap();
        let b = generate_token().unwrap();
        assert_ne!(a.token, b.token);
        assert!(a.token.starts_with(TOKEN_PREFIX) && a.token.len() > 40);
        assert_eq!(hash_token(&a.token), a.hash);
        assert_ne!(a.hash, b.hash);
        assert!(a.token.starts_with(&a.prefix));
    }

    #[tokio::test]
    async fn password_round_trip() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse".into(), hash.clone()).await);
        assert!(!verify_password("wrong horse".into(), hash).await);
        assert!(!verify_password("x".into(), "not a hash".into()).await);
    }

    #[test]
    fn password_policy_counts_characters() {
        assert!(check_password("").is_err());
        assert!(check_password("short").unwrap().is_some());
        assert_eq!(check_password("long enough").unwrap(), None);
        assert_eq!(check_password("éééééééé").unwrap(), None);
    }
}
