//! Credentials: password hashing, API tokens, the sign-in rate limit, and the cache of
//! sessions and accounts. Who is calling a given request is worked out in `http::auth`.

use std::time::{Duration, Instant};

use quick_cache::sync::Cache;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::storage::{AttemptRate, Storage, StorageResult, User, UserId};

/// Argon2id with a random salt. Runs off the async workers, one hash per core at a time
/// ([`crate::cpu_work`]): hashing is deliberately slow (it would stall every request sharing
/// the worker thread) and takes 19 MiB each, which a burst of sign-ins would otherwise hold
/// all at once.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    crate::cpu_work::run(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))
    })
    .await?
}

pub async fn verify_password(password: String, hash: String) -> bool {
    crate::cpu_work::run(move || {
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

/// Creates an API token for `user` and returns it: the one time it is ever seen.
pub async fn issue_token(
    storage: &dyn Storage,
    user: &User,
    label: &str,
) -> anyhow::Result<String> {
    let token = generate_token()?;
    storage
        .create_token(user.id, label, &token.hash, &token.prefix)
        .await?;
    Ok(token.token)
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
/// one every 6 seconds. Counted in the database, so every instance shares the limit.
pub const SIGN_IN_RATE: AttemptRate = AttemptRate {
    burst: 10,
    interval_ms: 6_000,
};

/// Counts a sign-in attempt from `ip` for the account `name`; `Err` holds how long to wait
/// before the next one.
pub async fn count_sign_in(
    storage: &dyn Storage,
    ip: std::net::IpAddr,
    name: &str,
) -> StorageResult<Result<(), Duration>> {
    let now = crate::clock::now_ms();
    for key in [
        format!("sign-in ip:{ip}"),
        format!("sign-in user:{}", name.to_lowercase()),
    ] {
        if let Some(wait_ms) = storage.take_attempt(&key, now, SIGN_IN_RATE).await? {
            return Ok(Err(Duration::from_millis(
                u64::try_from(wait_ms).unwrap_or(1),
            )));
        }
    }
    Ok(Ok(()))
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// How long a session or an account read from the database is used without reading it again.
pub const TRUSTED_FOR: Duration = Duration::from_secs(5);
/// Entries kept of each kind (the least recently used go first).
const TRUSTED_ENTRIES: usize = 10_000;

/// Browser sessions, accounts and API tokens recently read, each with when it was read and
/// the storage's [`accounts_generation`](crate::storage::Maintenance::accounts_generation) at
/// the time.
///
/// Every page view needs its session and its account, every API call its token's account, and
/// they rarely change: with this, a request while nothing changes costs no database read for
/// them. Whatever this server changes (sign-in, sign-out) updates or drops its copy at once;
/// a role change or a token revocation, made here or anywhere else (another instance, the
/// command line), moves the generation, which retires every copy read before it: at once when
/// made here, within the storage's change notice (20 ms) otherwise. [`TRUSTED_FOR`] bounds the
/// rest.
pub struct AuthCache {
    sessions: Cache<Id, (Record, Instant, u64)>,
    users: Cache<UserId, (User, Instant, u64)>,
    /// By the token's hash: the secret itself is never kept.
    tokens: Cache<String, (User, Instant, u64)>,
}

impl Default for AuthCache {
    fn default() -> Self {
        AuthCache {
            sessions: Cache::new(TRUSTED_ENTRIES),
            users: Cache::new(TRUSTED_ENTRIES),
            tokens: Cache::new(TRUSTED_ENTRIES),
        }
    }
}

fn fresh<T>(entry: Option<(T, Instant, u64)>, generation: u64) -> Option<T> {
    entry
        .filter(|(_, read, seen)| *seen == generation && read.elapsed() < TRUSTED_FOR)
        .map(|(value, _, _)| value)
}

impl AuthCache {
    /// A session read recently, at `generation`, that has not expired.
    pub fn session(&self, id: &Id, generation: u64) -> Option<Record> {
        fresh(self.sessions.get(id), generation)
            .filter(|r| r.expiry_date > OffsetDateTime::now_utc())
    }

    /// Keeps a session as read or written at `generation` (read before the database was).
    pub fn keep_session(&self, record: &Record, generation: u64) {
        self.sessions
            .insert(record.id, (record.clone(), Instant::now(), generation));
    }

    pub fn forget_session(&self, id: &Id) {
        self.sessions.remove(id);
    }

    pub fn user(&self, id: UserId, generation: u64) -> Option<User> {
        fresh(self.users.get(&id), generation)
    }

    pub fn keep_user(&self, user: &User, generation: u64) {
        self.users
            .insert(user.id, (user.clone(), Instant::now(), generation));
    }

    /// After a change to an account.
    pub fn forget_user(&self, id: UserId) {
        self.users.remove(&id);
    }

    /// The account of the API token with this hash, read at `generation`.
    pub fn token_user(&self, token_hash: &str, generation: u64) -> Option<User> {
        fresh(self.tokens.get(token_hash), generation)
    }

    /// Keeps the account a token belongs to; unknown and revoked tokens are not kept, so a
    /// token created later works at once.
    pub fn keep_token_user(&self, token_hash: String, user: &User, generation: u64) {
        self.tokens
            .insert(token_hash, (user.clone(), Instant::now(), generation));
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
}
