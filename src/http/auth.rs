//! Who is calling: the extractor that authenticates and authorizes an API request before its
//! body is even read (a bearer token, or for reads a signed-in browser), and the account of a
//! browser session, for the pages.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use tower_sessions::Session;

use crate::auth::hash_token;
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::storage::User;

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
            Ok(token) => token_user(token, state).await?.ok_or_else(|| {
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

/// The account an API token belongs to, if it is known and not revoked (read through
/// [`AuthCache`](crate::auth::AuthCache)).
async fn token_user(token: &str, state: &AppState) -> AppResult<Option<User>> {
    let hash = hash_token(token);
    // Read before the database is, so that a change committed in between retires the copy.
    let generation = state.storage.accounts_generation();
    if let Some(user) = state.auth_cache.token_user(&hash, generation) {
        return Ok(Some(user));
    }
    let user = state.storage.user_by_token_hash(&hash).await?;
    if let Some(user) = &user {
        state.auth_cache.keep_token_user(hash, user, generation);
    }
    Ok(user)
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

/// The account signed in on a browser session, if any (read through [`AuthCache`](crate::auth::AuthCache)).
pub async fn session_user(session: &Session, state: &AppState) -> AppResult<Option<User>> {
    let user_id = session
        .get::<i64>(SESSION_USER_KEY)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("session store: {e}")))?;
    let Some(user_id) = user_id else {
        return Ok(None);
    };
    let generation = state.storage.accounts_generation();
    if let Some(user) = state.auth_cache.user(user_id, generation) {
        return Ok(Some(user));
    }
    let user = state.storage.user_by_id(user_id).await?;
    if let Some(user) = &user {
        state.auth_cache.keep_user(user, generation);
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
