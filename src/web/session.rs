//! Browser sessions: the tower-sessions store backed by the storage layer, and the extractors
//! that turn a session into the signed-in user.
//! Sessions and accounts are read through [`AuthCache`], so that a page view while nothing
//! changes costs no database read for them.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{Method, header};
use time::OffsetDateTime;
use tower_sessions::Session;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use super::error::PageError;
use crate::auth::AuthCache;
use crate::domain::Role;
use crate::state::AppState;
use crate::storage::{DynStorage, SessionRecord, User};

/// tower-sessions' store over [`crate::storage::Storage`], so sessions live in the same
/// database (and backend) as everything else.
#[derive(Clone)]
pub struct SessionBackend {
    pub storage: DynStorage,
    pub cache: Arc<AuthCache>,
}

impl fmt::Debug for SessionBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionBackend")
    }
}

fn backend_error(err: impl fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn to_stored(record: &Record) -> session_store::Result<SessionRecord> {
    Ok(SessionRecord {
        data: serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?,
        expires_at: record.expiry_date.unix_timestamp(),
    })
}

#[async_trait]
impl SessionStore for SessionBackend {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let generation = self.storage.accounts_generation();
        let stored = to_stored(record)?;
        // Ids are 128 random bits; a collision is astronomically unlikely, but never reuse one.
        while !self
            .storage
            .session_insert(&record.id.to_string(), &stored)
            .await
            .map_err(backend_error)?
        {
            record.id = Id::default();
        }
        self.cache.keep_session(record, generation);
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let generation = self.storage.accounts_generation();
        self.storage
            .session_save(&record.id.to_string(), &to_stored(record)?)
            .await
            .map_err(backend_error)?;
        self.cache.keep_session(record, generation);
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let generation = self.storage.accounts_generation();
        if let Some(record) = self.cache.session(id, generation) {
            return Ok(Some(record));
        }
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let Some(stored) = self
            .storage
            .session_load(&id.to_string(), now)
            .await
            .map_err(backend_error)?
        else {
            self.cache.forget_session(id);
            return Ok(None);
        };
        let record = Record {
            id: *id,
            data: serde_json::from_str(&stored.data)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?,
            expiry_date: OffsetDateTime::from_unix_timestamp(stored.expires_at)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?,
        };
        self.cache.keep_session(&record, generation);
        Ok(Some(record))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        // Forgotten first: a sign-out must not outlive a failed delete in this server.
        self.cache.forget_session(id);
        self.storage
            .session_delete(&id.to_string())
            .await
            .map_err(backend_error)
    }
}

/// Starts a fresh session for `user` (a new id, so a session fixed before sign-in is useless).
pub async fn sign_in(session: &Session, user: &User) -> Result<(), PageError> {
    session.cycle_id().await.map_err(PageError::session)?;
    session
        .insert(crate::http::auth::SESSION_USER_KEY, user.id)
        .await
        .map_err(PageError::session)
}

pub async fn sign_out(session: &Session) -> Result<(), PageError> {
    session.flush().await.map_err(PageError::session)
}

/// The signed-in user of a page request; without one, pages redirect to the sign-in form.
pub struct SignedIn(pub User);

/// The cookie that carries the session id (see `app::router`).
pub const SESSION_COOKIE: &str = "claimdesk_session";

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        if let Some(user) =
            <SignedIn as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
                .await?
        {
            return Ok(user);
        }
        // After signing in, come back here; a form post cannot be repeated by a redirect, so
        // it comes back to the page it was sent from.
        let next = if matches!(parts.method, Method::GET | Method::HEAD) {
            parts.uri.path_and_query().map(|p| p.as_str().to_owned())
        } else {
            same_site_referer(parts)
        };
        Err(PageError::SignInRequired {
            next: next.unwrap_or_else(|| "/articles".to_owned()),
            expired: had_session(parts),
        })
    }
}

/// The browser sent a session cookie, yet no one is signed in on it: the session ended.
fn had_session(parts: &Parts) -> bool {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim().starts_with(&format!("{SESSION_COOKIE}=")))
}

fn same_site_referer(parts: &Parts) -> Option<String> {
    let referer = parts.headers.get(header::REFERER)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    let host = parts.headers.get(header::HOST)?.to_str().ok()?;
    let authority = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str()?),
        None => url.host_str()?.to_owned(),
    };
    (authority == host).then(|| match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    })
}

impl OptionalFromRequestParts<AppState> for SignedIn {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, PageError> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, msg)| PageError::session(msg))?;
        let user = crate::http::auth::session_user(&session, state).await?;
        if let Some(user) = &user {
            super::queue_count::remember(state, user, &parts.headers).await;
        }
        Ok(user.map(SignedIn))
    }
}

impl SignedIn {
    /// Refuses with a readable 403 page unless the user has at least `role`.
    pub fn require(&self, role: Role) -> Result<(), PageError> {
        if self.0.role.grants(role) {
            Ok(())
        } else {
            Err(PageError::forbidden(format!(
                "This page needs the {role} role; you are signed in as {} ({}).",
                self.0.name, self.0.role
            )))
        }
    }
}
